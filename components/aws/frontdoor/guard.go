package frontdoor

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/webacl"
)

// guard puts a web ACL in front of the stage: the existing WebAclArn, or
// a webacl.ACL of the front door's own (its logs encrypted with keyArn
// unless WebAcl names a key); it sets f.WebAclArn and f.WebAcl.
func (f *API) guard(ctx *pulumi.Context, name string, a *Args, keyArn pulumi.StringInput, in pulumi.ResourceOrInvokeOption) error {
	if a.WebAclArn != nil {
		if _, err := wafv2.NewWebAclAssociation(ctx, name, &wafv2.WebAclAssociationArgs{
			WebAclArn:   a.WebAclArn,
			ResourceArn: f.Stage.Arn,
		}, in); err != nil {
			return err
		}
		f.WebAclArn = a.WebAclArn.ToStringOutput()
		return nil
	}
	acl := *a.WebAcl
	acl.Associations = []pulumi.StringInput{f.Stage.Arn}
	if acl.KMSKeyArn == nil {
		acl.KMSKeyArn = keyArn
	}
	if acl.Tags == nil {
		acl.Tags = a.Tags
	}
	var err error
	if f.WebAcl, err = webacl.NewACL(ctx, name, &acl, in); err != nil {
		return err
	}
	f.WebAclArn = f.WebAcl.Arn
	return nil
}
