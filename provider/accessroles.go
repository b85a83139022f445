package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/accessroles"
)

// AccessRolesArgs are accessroles.Args on the wire. Each role's fields
// hold those of accessroles.Trust, which the Go API embeds.
type AccessRolesArgs struct {
	CI                    *CIProvider          `pulumi:"ci,optional"`
	Deploy                *DeployRole          `pulumi:"deploy,optional"`
	Publish               *PublishRole         `pulumi:"publish,optional"`
	Invoke                *InvokeRole          `pulumi:"invoke,optional"`
	Audit                 *AuditRole           `pulumi:"audit,optional"`
	RuntimeVpcEndpointIds []pulumi.StringInput `pulumi:"runtimeVpcEndpointIds,optional"`
	Tags                  map[string]string    `pulumi:"tags,optional"`
}

// CIProvider is accessroles.CIProvider on the wire.
type CIProvider struct {
	URL         string             `pulumi:"url,optional"`
	Audiences   []string           `pulumi:"audiences,optional"`
	Thumbprints []string           `pulumi:"thumbprints,optional"`
	ProviderArn pulumi.StringInput `pulumi:"providerArn,optional"`
}

// DeployRole is accessroles.DeployRole on the wire.
type DeployRole struct {
	Principals             []pulumi.StringInput `pulumi:"principals,optional"`
	CISubjects             []string             `pulumi:"ciSubjects,optional"`
	RequireMFA             bool                 `pulumi:"requireMfa,optional"`
	MaxSessionHours        int                  `pulumi:"maxSessionHours,optional"`
	PermissionsBoundaryArn pulumi.StringInput   `pulumi:"permissionsBoundaryArn,optional"`
	ManagedPolicyArns      []pulumi.StringInput `pulumi:"managedPolicyArns,optional"`
}

// PublishRole is accessroles.PublishRole on the wire.
type PublishRole struct {
	Principals             []pulumi.StringInput `pulumi:"principals,optional"`
	CISubjects             []string             `pulumi:"ciSubjects,optional"`
	RequireMFA             bool                 `pulumi:"requireMfa,optional"`
	MaxSessionHours        int                  `pulumi:"maxSessionHours,optional"`
	PermissionsBoundaryArn pulumi.StringInput   `pulumi:"permissionsBoundaryArn,optional"`
	BucketArn              pulumi.StringInput   `pulumi:"bucketArn,optional"`
	Prefix                 string               `pulumi:"prefix,optional"`
	KMSKeyArn              pulumi.StringInput   `pulumi:"kmsKeyArn,optional"`
	ReplicaBucketArn       pulumi.StringInput   `pulumi:"replicaBucketArn,optional"`
	ReplicaKMSKeyArn       pulumi.StringInput   `pulumi:"replicaKmsKeyArn,optional"`
}

// InvokeRole is accessroles.InvokeRole on the wire.
type InvokeRole struct {
	Principals             []pulumi.StringInput `pulumi:"principals,optional"`
	CISubjects             []string             `pulumi:"ciSubjects,optional"`
	RequireMFA             bool                 `pulumi:"requireMfa,optional"`
	MaxSessionHours        int                  `pulumi:"maxSessionHours,optional"`
	PermissionsBoundaryArn pulumi.StringInput   `pulumi:"permissionsBoundaryArn,optional"`
	InvocationsArns        []pulumi.StringInput `pulumi:"invocationsArns,optional"`
}

// AuditRole is accessroles.AuditRole on the wire.
type AuditRole struct {
	Principals             []pulumi.StringInput `pulumi:"principals,optional"`
	CISubjects             []string             `pulumi:"ciSubjects,optional"`
	RequireMFA             bool                 `pulumi:"requireMfa,optional"`
	MaxSessionHours        int                  `pulumi:"maxSessionHours,optional"`
	PermissionsBoundaryArn pulumi.StringInput   `pulumi:"permissionsBoundaryArn,optional"`
	LogGroupArns           []pulumi.StringInput `pulumi:"logGroupArns,optional"`
	LogBucketArns          []pulumi.StringInput `pulumi:"logBucketArns,optional"`
	KMSKeyArns             []pulumi.StringInput `pulumi:"kmsKeyArns,optional"`
}

func newAccessRoles(ctx *pulumi.Context, name string, a AccessRolesArgs, opts ...pulumi.ResourceOption) (*accessroles.Roles, error) {
	args := &accessroles.Args{RuntimeVpcEndpointIds: a.RuntimeVpcEndpointIds, Tags: a.Tags}
	if c := a.CI; c != nil {
		args.CI = &accessroles.CIProvider{URL: c.URL, Audiences: c.Audiences, Thumbprints: c.Thumbprints, ProviderArn: c.ProviderArn}
	}
	if d := a.Deploy; d != nil {
		args.Deploy = &accessroles.DeployRole{
			Trust:             trust(d.Principals, d.CISubjects, d.RequireMFA, d.MaxSessionHours, d.PermissionsBoundaryArn),
			ManagedPolicyArns: d.ManagedPolicyArns,
		}
	}
	if p := a.Publish; p != nil {
		args.Publish = &accessroles.PublishRole{
			Trust:            trust(p.Principals, p.CISubjects, p.RequireMFA, p.MaxSessionHours, p.PermissionsBoundaryArn),
			BucketArn:        p.BucketArn,
			Prefix:           p.Prefix,
			KMSKeyArn:        p.KMSKeyArn,
			ReplicaBucketArn: p.ReplicaBucketArn,
			ReplicaKMSKeyArn: p.ReplicaKMSKeyArn,
		}
	}
	if i := a.Invoke; i != nil {
		args.Invoke = &accessroles.InvokeRole{
			Trust:           trust(i.Principals, i.CISubjects, i.RequireMFA, i.MaxSessionHours, i.PermissionsBoundaryArn),
			InvocationsArns: i.InvocationsArns,
		}
	}
	if au := a.Audit; au != nil {
		args.Audit = &accessroles.AuditRole{
			Trust:         trust(au.Principals, au.CISubjects, au.RequireMFA, au.MaxSessionHours, au.PermissionsBoundaryArn),
			LogGroupArns:  au.LogGroupArns,
			LogBucketArns: au.LogBucketArns,
			KMSKeyArns:    au.KMSKeyArns,
		}
	}
	return accessroles.NewRoles(ctx, name, args, opts...)
}

// trust is a role's accessroles.Trust from its wire fields.
func trust(principals []pulumi.StringInput, ciSubjects []string, requireMFA bool, maxSessionHours int, boundary pulumi.StringInput) accessroles.Trust {
	return accessroles.Trust{
		Principals:             principals,
		CISubjects:             ciSubjects,
		RequireMFA:             requireMFA,
		MaxSessionHours:        maxSessionHours,
		PermissionsBoundaryArn: boundary,
	}
}
