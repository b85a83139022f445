package protection

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/audit"

	"github.com/modelfort/modelfort/components/tencentcloud/kmskey"
)

// keyName is the logical name of the dedicated audit key.
func keyName(name string) string { return name + "-audit" }

// keyArgs are the arguments of the dedicated audit key.
func (a *Args) keyArgs() *kmskey.Args {
	return &kmskey.Args{
		Alias:       strings.ReplaceAll(a.AuditName, "_", "-") + "-audit-log",
		Description: "modelfort CloudAudit log key " + a.AuditName,
		Tags:        a.Tags,
	}
}

// newAudit creates the CloudAudit tracker, encrypted with AuditKeyId or
// with a dedicated key, once the audit bucket exists.
func (p *Protection) newAudit(ctx *pulumi.Context, name string, a Args, in pulumi.ResourceOrInvokeOption) error {
	var err error
	keyID := a.AuditKeyId
	if keyID == nil {
		if p.Key, err = kmskey.NewKey(ctx, keyName(name), a.keyArgs(), in); err != nil {
			return err
		}
		keyID = p.Key.KeyId
	}
	if p.Audit, err = audit.NewInstance(ctx, name, &audit.InstanceArgs{
		Name:               pulumi.String(a.AuditName),
		AuditSwitch:        pulumi.Bool(true),
		ReadWriteAttribute: pulumi.Int(ReadWriteAll),
		// CloudAudit takes the bucket's own name, without the APPID.
		CosBucket:      pulumi.String(a.AuditBucket.Name),
		CosRegion:      pulumi.String(a.AuditBucket.Region),
		LogFilePrefix:  pulumi.String(a.LogFilePrefix),
		EnableKmsEncry: pulumi.Bool(true),
		KeyId:          keyID,
	}, in, pulumi.DependsOn([]pulumi.Resource{a.AuditBucket.Primary})); err != nil {
		return err
	}
	p.AuditName = p.Audit.Name
	p.AuditKeyId = keyID.ToStringOutput()
	return nil
}
