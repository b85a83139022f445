package accessroles

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:AccessRoles"

// pkg prefixes the component's errors.
const pkg = "accessroles"

// Role kinds, the keys of Roles.RoleArns and suffixes of the roles'
// logical names.
const (
	KindDeploy  = "deploy"
	KindPublish = "publish"
	KindInvoke  = "invoke"
	KindAudit   = "audit"
)

// Roles are the roles of a model deployment.
type Roles struct {
	pulumi.ResourceState

	// RoleArns are the roles' ARNs by kind ("deploy", "publish", "invoke",
	// "audit"), for the kinds declared.
	RoleArns pulumi.StringMapOutput `pulumi:"roleArns"`
	// DeployRoleArn, PublishRoleArn, InvokeRoleArn and AuditRoleArn are
	// the same, or empty for a kind not declared.
	DeployRoleArn  pulumi.StringOutput `pulumi:"deployRoleArn"`
	PublishRoleArn pulumi.StringOutput `pulumi:"publishRoleArn"`
	InvokeRoleArn  pulumi.StringOutput `pulumi:"invokeRoleArn"`
	AuditRoleArn   pulumi.StringOutput `pulumi:"auditRoleArn"`
	// OIDCProviderArn is the CI system's OIDC provider, or empty.
	OIDCProviderArn pulumi.StringOutput `pulumi:"oidcProviderArn"`

	// Roles are the roles by kind.
	Roles map[string]*iam.Role
}

// NewRoles creates the roles declared. Args are checked before
// anything is registered. Resource options (provider, protect, aliases,
// ...) apply to the component and through it to every role, policy and
// the OIDC provider.
func NewRoles(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Roles, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	r := &Roles{Roles: map[string]*iam.Role{}}
	in, err := component.Register(ctx, Type, name, r, opts...)
	if err != nil {
		return nil, err
	}
	roleTags := tags.Of(a.Tags)

	empty := pulumi.String("").ToStringOutput()
	r.OIDCProviderArn, r.DeployRoleArn, r.PublishRoleArn, r.InvokeRoleArn, r.AuditRoleArn = empty, empty, empty, empty, empty
	var providerArn pulumi.StringInput
	if a.CI != nil {
		providerArn = a.CI.ProviderArn
		if providerArn == nil {
			p, err := iam.NewOpenIdConnectProvider(ctx, name+"-ci", &iam.OpenIdConnectProviderArgs{
				Url:             pulumi.String(a.CI.URL),
				ClientIdLists:   pulumi.ToStringArray(a.CI.Audiences),
				ThumbprintLists: pulumi.ToStringArray(a.CI.Thumbprints),
				Tags:            roleTags,
			}, in)
			if err != nil {
				return nil, err
			}
			providerArn = p.Arn
		}
		r.OIDCProviderArn = providerArn.ToStringOutput()
	}

	arns := pulumi.StringMap{}
	newRole := func(kind string, t Trust, description string, policy iam.GetPolicyDocumentStatementArray) (*iam.Role, error) {
		roleArgs := &iam.RoleArgs{
			Description:        pulumi.String(description),
			AssumeRolePolicy:   a.trustPolicy(ctx, env, t, providerArn, in),
			MaxSessionDuration: pulumi.Int(t.MaxSessionHours * 3600),
			Tags:               roleTags,
		}
		if t.PermissionsBoundaryArn != nil {
			roleArgs.PermissionsBoundary = t.PermissionsBoundaryArn.ToStringOutput()
		}
		role, err := iam.NewRole(ctx, name+"-"+kind, roleArgs, in)
		if err != nil {
			return nil, err
		}
		// Every role, the deploy role too, is denied the SageMaker
		// runtime: its inline policy always holds the deny.
		if _, err := iam.NewRolePolicy(ctx, name+"-"+kind, &iam.RolePolicyArgs{
			Role:   role.Name,
			Policy: iampolicy.Document(ctx, append(policy, a.denyRuntime()), in),
		}, in); err != nil {
			return nil, err
		}
		r.Roles[kind] = role
		arns[kind] = role.Arn
		return role, nil
	}

	if d := a.Deploy; d != nil {
		role, err := newRole(KindDeploy, d.Trust, "modelfort "+name+": deploys the stacks with the managed policies attached to it, nothing else", nil)
		if err != nil {
			return nil, err
		}
		for i, p := range d.ManagedPolicyArns {
			if _, err := iam.NewRolePolicyAttachment(ctx, fmt.Sprintf("%s-%s-%d", name, KindDeploy, i), &iam.RolePolicyAttachmentArgs{
				Role: role.Name, PolicyArn: p,
			}, in); err != nil {
				return nil, err
			}
		}
		r.DeployRoleArn = role.Arn
	}
	if p := a.Publish; p != nil {
		role, err := newRole(KindPublish, p.Trust, "modelfort "+name+": publishes model artifacts under "+p.Prefix, publishPolicy(p, env))
		if err != nil {
			return nil, err
		}
		r.PublishRoleArn = role.Arn
	}
	if iv := a.Invoke; iv != nil {
		role, err := newRole(KindInvoke, iv.Trust, "modelfort "+name+": calls the named front doors (execute-api), never the SageMaker runtime", invokePolicy(iv))
		if err != nil {
			return nil, err
		}
		r.InvokeRoleArn = role.Arn
	}
	if au := a.Audit; au != nil {
		role, err := newRole(KindAudit, au.Trust, "modelfort "+name+": reads logs and trails", auditPolicy(au, env))
		if err != nil {
			return nil, err
		}
		r.AuditRoleArn = role.Arn
	}

	r.RoleArns = arns.ToStringMapOutput()
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"roleArns": r.RoleArns, "deployRoleArn": r.DeployRoleArn, "publishRoleArn": r.PublishRoleArn,
		"invokeRoleArn": r.InvokeRoleArn, "auditRoleArn": r.AuditRoleArn, "oidcProviderArn": r.OIDCProviderArn,
	})
}
