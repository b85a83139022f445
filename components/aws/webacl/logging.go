package webacl

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/tags"
)

// RedactedHeaders are the request headers whose values never reach the
// logs: SigV4 signatures and API keys.
var RedactedHeaders = []string{"authorization", "x-api-key"}

// logs creates the log group WAF writes to, encrypted with the given key
// or a key of the ACL's own, and sets w.Key, w.KMSKeyArn and w.LogGroup.
func (w *ACL) logs(ctx *pulumi.Context, name string, a *Args, in pulumi.ResourceOrInvokeOption) error {
	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, kmskey.Args{
		Description:       "modelfort WAF logs " + name,
		ServicePrincipals: []string{"logs"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return err
	}
	w.Key, w.KMSKeyArn = key, keyArn.ToStringOutput()
	// Without a name, the log group is autonamed after its logical name,
	// which carries the prefix WAF demands.
	w.LogGroup, err = loggroup.New(ctx, LogGroupPrefix+name, loggroup.Args{
		KMSKeyArn:     keyArn,
		RetentionDays: a.LogRetentionDays,
		Name:          a.LogGroupName,
		Tags:          tags.Of(a.Tags),
	}, in)
	return err
}

// logging sends the web ACL's requests to its log group, with
// RedactedHeaders left out.
func (w *ACL) logging(ctx *pulumi.Context, name string, in pulumi.ResourceOrInvokeOption) error {
	var redacted wafv2.WebAclLoggingConfigurationRedactedFieldArray
	for _, h := range RedactedHeaders {
		redacted = append(redacted, &wafv2.WebAclLoggingConfigurationRedactedFieldArgs{
			SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String(h)},
		})
	}
	_, err := wafv2.NewWebAclLoggingConfiguration(ctx, name, &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           w.Acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{w.LogGroup.Arn},
		RedactedFields:        redacted,
	}, in)
	return err
}
