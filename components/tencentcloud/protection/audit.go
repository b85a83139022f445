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
// with a dedicated key (in the component's region, the bucket's), once the
// audit bucket exists. The tracker acts through AuditProvider when given.
func (p *Protection) newAudit(ctx *pulumi.Context, name string, a Args, in pulumi.ResourceOrInvokeOption) error {
	var err error
	keyID := a.AuditKeyId
	if keyID == nil {
		if p.Key, err = kmskey.NewKey(ctx, keyName(name), a.keyArgs(), in); err != nil {
			return err
		}
		keyID = p.Key.KeyId
	}
	opts := []pulumi.ResourceOption{in, pulumi.DependsOn([]pulumi.Resource{a.AuditBucket.Primary})}
	if a.AuditProvider != nil {
		opts = append(opts, pulumi.Provider(a.AuditProvider))
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
	}, opts...); err != nil {
		return err
	}
	p.AuditName = p.Audit.Name
	p.AuditKeyId = keyID.ToStringOutput()
	return nil
}
