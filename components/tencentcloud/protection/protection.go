package protection

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/audit"

	"github.com/modelfort/modelfort/components/tencentcloud/kmskey"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:Protection"

// pkg prefixes the component's errors.
const pkg = "protection"

// Protection is the deployment's audit tracker and Anti-DDoS policies.
type Protection struct {
	pulumi.ResourceState

	// AuditName is the tracker's name, or empty without audit.
	AuditName pulumi.StringOutput `pulumi:"auditName"`
	// AuditKeyId is the key that encrypts the audit log, or empty.
	AuditKeyId pulumi.StringOutput `pulumi:"auditKeyId"`
	// AntiDDoSPolicies are the IDs of the Anti-DDoS policies.
	AntiDDoSPolicies pulumi.StringArrayOutput `pulumi:"antiDdosPolicies"`

	// Region is where the component acts.
	Region string
	// AuditRegion is where the tracker is created (AuditRegion), or empty
	// without audit.
	AuditRegion string

	// Audit is the CloudAudit tracker, or nil without audit.
	Audit *audit.Instance
	// Key is the dedicated audit key, or nil.
	Key *kmskey.Key
}

// NewProtection creates the tracker and policies that args ask for. Args
// are checked before anything is registered. Resource options (provider,
// protect, aliases, ...) apply to the component and through it to every
// resource it creates.
func NewProtection(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Protection, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	p := &Protection{Region: env.Region}
	if !a.DisableAudit {
		if p.AuditRegion, err = a.checkAudit(ctx, env); err != nil {
			return nil, component.Errorf(pkg, name, err)
		}
	}

	in, err := component.Register(ctx, Type, name, p, opts...)
	if err != nil {
		return nil, err
	}
	p.AuditName = pulumi.String("").ToStringOutput()
	p.AuditKeyId = pulumi.String("").ToStringOutput()
	if !a.DisableAudit {
		if err := p.newAudit(ctx, name, a, in); err != nil {
			return nil, err
		}
	}
	if err := p.newAntiDDoS(ctx, name, a.AntiDDoS, in); err != nil {
		return nil, err
	}
	return p, ctx.RegisterResourceOutputs(p, pulumi.Map{
		"auditName": p.AuditName, "auditKeyId": p.AuditKeyId, "antiDdosPolicies": p.AntiDDoSPolicies,
	})
}

// checkAudit checks where the tracker's parts act: the bucket in the
// component's region (the key is created there, and CloudAudit takes the
// key in the bucket's region), the tracker through a provider of
// AuditRegion for the same account. It returns the tracker's region.
func (a *Args) checkAudit(ctx *pulumi.Context, env tcenv.Env) (string, error) {
	if a.AuditBucket.Region != env.Region {
		return "", fmt.Errorf("AuditBucket is in %s, the component in %s; the audit log's key must be in the bucket's region, so create Protection with the bucket's provider", a.AuditBucket.Region, env.Region)
	}
	if a.AuditProvider == nil {
		if env.Region != AuditRegion {
			return "", fmt.Errorf("AuditProvider is not set and the component acts in %s; CloudAudit's API serves %s only: give AuditProvider, a tencentcloud provider of %s, or set DisableAudit", env.Region, AuditRegion, AuditRegion)
		}
		return env.Region, nil
	}
	aenv, err := tcenv.Lookup(ctx, pulumi.Provider(a.AuditProvider))
	if err != nil {
		return "", fmt.Errorf("AuditProvider: %w", err)
	}
	if aenv.Region != AuditRegion {
		return "", fmt.Errorf("AuditProvider acts in %s; CloudAudit's API serves %s only: give a tencentcloud provider of %s", aenv.Region, AuditRegion, AuditRegion)
	}
	if aenv.AppId != env.AppId {
		return "", fmt.Errorf("AuditProvider acts for APPID %s, the component for %s; both must be one account", aenv.AppId, env.AppId)
	}
	return aenv.Region, nil
}
