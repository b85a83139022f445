package provider

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/components/aws/shieldprotection"
)

// ShieldProtectionArgs are shieldprotection.Args on the wire.
type ShieldProtectionArgs struct {
	Resources           []ProtectedResource  `pulumi:"resources,optional"`
	Groups              []ProtectionGroup    `pulumi:"groups,optional"`
	AlarmActions        []pulumi.StringInput `pulumi:"alarmActions,optional"`
	ResponseTeam        *ResponseTeam        `pulumi:"responseTeam,optional"`
	ProactiveEngagement *ProactiveEngagement `pulumi:"proactiveEngagement,optional"`
	Tags                map[string]string    `pulumi:"tags,optional"`
}

// ProtectedResource is shieldprotection.Resource on the wire.
type ProtectedResource struct {
	Name           string             `pulumi:"name,optional"`
	Arn            pulumi.StringInput `pulumi:"arn,optional"`
	Type           string             `pulumi:"type,optional"`
	HealthCheck    *HealthCheck       `pulumi:"healthCheck,optional"`
	HealthCheckArn pulumi.StringInput `pulumi:"healthCheckArn,optional"`
	// AlarmRegion is the region of the DDoSDetected alarm, where Shield
	// reports the resource's metrics: us-east-1 for CloudFront
	// distributions and Route 53 hosted zones, us-west-2 for Global
	// Accelerator, the resource's region for others (the Go API's
	// AlarmProvider). Default: the component's region.
	AlarmRegion         string             `pulumi:"alarmRegion,optional"`
	AutomaticMitigation string             `pulumi:"automaticMitigation,optional"`
	WebAclArn           pulumi.StringInput `pulumi:"webAclArn,optional"`
}

// HealthCheck is healthcheck.Args on the wire.
type HealthCheck struct {
	FQDN             pulumi.StringInput `pulumi:"fqdn,optional"`
	Port             int                `pulumi:"port,optional"`
	Path             string             `pulumi:"path,optional"`
	RequestInterval  int                `pulumi:"requestInterval,optional"`
	FailureThreshold int                `pulumi:"failureThreshold,optional"`
	Regions          []string           `pulumi:"regions,optional"`
}

// ProtectionGroup is shieldprotection.Group on the wire.
type ProtectionGroup struct {
	ID           string               `pulumi:"id,optional"`
	Pattern      string               `pulumi:"pattern,optional"`
	ResourceType string               `pulumi:"resourceType,optional"`
	Members      []string             `pulumi:"members,optional"`
	MemberArns   []pulumi.StringInput `pulumi:"memberArns,optional"`
	Aggregation  string               `pulumi:"aggregation,optional"`
}

// ResponseTeam is shieldprotection.ResponseTeam on the wire.
type ResponseTeam struct {
	LogBucketNames []pulumi.StringInput `pulumi:"logBucketNames,optional"`
	Tags           map[string]string    `pulumi:"tags,optional"`
}

// ProactiveEngagement is shieldprotection.ProactiveEngagement on the wire.
type ProactiveEngagement struct {
	Contacts []EmergencyContact `pulumi:"contacts,optional"`
}

// EmergencyContact is shieldprotection.Contact on the wire.
type EmergencyContact struct {
	Email string `pulumi:"email,optional"`
	Phone string `pulumi:"phone,optional"`
	Notes string `pulumi:"notes,optional"`
}

func newShieldProtection(ctx *pulumi.Context, name string, a ShieldProtectionArgs, opts ...pulumi.ResourceOption) (*shieldprotection.Protection, error) {
	args := &shieldprotection.Args{AlarmActions: a.AlarmActions, Tags: a.Tags}
	// One provider per alarm region, shared by the resources alarmed there.
	providers := map[string]*aws.Provider{}
	for _, r := range a.Resources {
		res := shieldprotection.Resource{
			Name:                r.Name,
			Arn:                 r.Arn,
			Type:                r.Type,
			HealthCheckArn:      r.HealthCheckArn,
			AutomaticMitigation: r.AutomaticMitigation,
			WebAclArn:           r.WebAclArn,
		}
		if h := r.HealthCheck; h != nil {
			res.HealthCheck = &healthcheck.Args{
				FQDN: h.FQDN, Port: h.Port, Path: h.Path,
				RequestInterval: h.RequestInterval, FailureThreshold: h.FailureThreshold, Regions: h.Regions,
			}
		}
		args.Resources = append(args.Resources, res)
	}
	for _, g := range a.Groups {
		args.Groups = append(args.Groups, shieldprotection.Group{
			ID: g.ID, Pattern: g.Pattern, ResourceType: g.ResourceType,
			Members: g.Members, MemberArns: g.MemberArns, Aggregation: g.Aggregation,
		})
	}
	if t := a.ResponseTeam; t != nil {
		args.ResponseTeam = &shieldprotection.ResponseTeam{LogBucketNames: t.LogBucketNames, Tags: t.Tags}
	}
	if e := a.ProactiveEngagement; e != nil {
		pe := &shieldprotection.ProactiveEngagement{}
		for _, c := range e.Contacts {
			pe.Contacts = append(pe.Contacts, shieldprotection.Contact{Email: c.Email, Phone: c.Phone, Notes: c.Notes})
		}
		args.ProactiveEngagement = pe
	}
	// The alarm regions' providers are made once the arguments pass.
	err := checkFirst("shieldprotection", name, *args, func(c *shieldprotection.Args) {
		c.Resources = append([]shieldprotection.Resource(nil), c.Resources...)
		for i, r := range a.Resources {
			if r.AlarmRegion != "" {
				c.Resources[i].AlarmProvider = pending
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for i, r := range a.Resources {
		if r.AlarmRegion == "" {
			continue
		}
		p, ok := providers[r.AlarmRegion]
		if !ok {
			if p, err = regionProvider(ctx, name, r.AlarmRegion); err != nil {
				return nil, err
			}
			providers[r.AlarmRegion] = p
		}
		args.Resources[i].AlarmProvider = p
	}
	return shieldprotection.NewProtection(ctx, name, args, opts...)
}
