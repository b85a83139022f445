package shieldprotection

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/shield"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:ShieldProtection"

// Protection is a set of Shield Advanced protections, their health
// checks, groups, alarms and automatic mitigations, and the account's
// Shield Response Team access and proactive engagement when asked. Output
// maps are keyed by Resource.Name (ProtectionGroupIds and
// ProtectionGroupArns by Group.ID).
type Protection struct {
	pulumi.ResourceState

	ProtectionIds  pulumi.StringMapOutput `pulumi:"protectionIds"`
	ProtectionArns pulumi.StringMapOutput `pulumi:"protectionArns"`
	// HealthCheckIds and HealthCheckArns are the health checks the
	// component created.
	HealthCheckIds  pulumi.StringMapOutput `pulumi:"healthCheckIds"`
	HealthCheckArns pulumi.StringMapOutput `pulumi:"healthCheckArns"`
	// AssociationIds are the protection-to-health-check associations.
	AssociationIds      pulumi.StringMapOutput `pulumi:"associationIds"`
	ProtectionGroupIds  pulumi.StringMapOutput `pulumi:"protectionGroupIds"`
	ProtectionGroupArns pulumi.StringMapOutput `pulumi:"protectionGroupArns"`
	AlarmArns           pulumi.StringMapOutput `pulumi:"alarmArns"`
	// AutomaticMitigations are the actions (COUNT or BLOCK) of the
	// resources with application layer automatic mitigation.
	AutomaticMitigations pulumi.StringMapOutput `pulumi:"automaticMitigations"`
	// ResponseTeamRoleArn is the SRT's role ("" without ResponseTeam).
	ResponseTeamRoleArn pulumi.StringOutput `pulumi:"responseTeamRoleArn"`
	// ProactiveEngagementEnabled is whether proactive engagement is on.
	ProactiveEngagementEnabled pulumi.BoolOutput `pulumi:"proactiveEngagementEnabled"`

	// AlarmRegions says where each resource's alarm is.
	AlarmRegions map[string]string

	Protections        map[string]*shield.Protection
	HealthChecks       map[string]*route53.HealthCheck
	Alarms             map[string]*cloudwatch.MetricAlarm
	AutomaticResponses map[string]*shield.ApplicationLayerAutomaticResponse
	// ResponseTeamRole, ResponseTeamAssociation and LogBucketAssociations
	// are the SRT's access (nil without ResponseTeam), and
	// ProactiveEngagement the account's setting (nil without it).
	ResponseTeamRole        *iam.Role
	ResponseTeamAssociation *shield.DrtAccessRoleArnAssociation
	LogBucketAssociations   []*shield.DrtAccessLogBucketAssociation
	ProactiveEngagement     *shield.ProactiveEngagement
}

// outputMaps are the output maps while the component fills them in.
type outputMaps struct {
	ids, arns, hcIDs, hcArns, assocIDs, alarmArns, groupIDs, groupArns, mitigations pulumi.StringMap
}

// NewProtection protects resources with Shield Advanced (which the
// account must subscribe to beforehand). Args are checked before anything
// is registered, alarm regions too. Resource options (provider, protect,
// aliases, ...) apply to the component and through it to every
// protection, health check, association, group and alarm.
func NewProtection(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Protection, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	regions, err := a.alarmRegions(ctx, opts)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}

	s := &Protection{
		AlarmRegions:       regions,
		Protections:        map[string]*shield.Protection{},
		HealthChecks:       map[string]*route53.HealthCheck{},
		Alarms:             map[string]*cloudwatch.MetricAlarm{},
		AutomaticResponses: map[string]*shield.ApplicationLayerAutomaticResponse{},
	}
	in, err := component.Register(ctx, Type, name, s, opts...)
	if err != nil {
		return nil, err
	}
	out := outputMaps{pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{},
		pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}}
	var protections, engagementDeps []pulumi.Resource
	for _, r := range a.Resources {
		p, assoc, err := s.protect(ctx, name, &a, r, out, in)
		if err != nil {
			return nil, err
		}
		protections = append(protections, p)
		if assoc != nil {
			engagementDeps = append(engagementDeps, assoc)
		}
	}
	if err := a.groups(ctx, name, protections, out, in); err != nil {
		return nil, err
	}
	s.ResponseTeamRoleArn = pulumi.String("").ToStringOutput()
	if a.ResponseTeam != nil {
		assoc, err := s.responseTeam(ctx, name, &a, env, in)
		if err != nil {
			return nil, err
		}
		engagementDeps = append(engagementDeps, assoc)
		s.ResponseTeamRoleArn = s.ResponseTeamRole.Arn
	}
	s.ProactiveEngagementEnabled = pulumi.Bool(false).ToBoolOutput()
	if a.ProactiveEngagement != nil {
		if err := s.proactiveEngagement(ctx, name, &a, engagementDeps, in); err != nil {
			return nil, err
		}
		s.ProactiveEngagementEnabled = s.ProactiveEngagement.Enabled
	}

	s.ProtectionIds, s.ProtectionArns = out.ids.ToStringMapOutput(), out.arns.ToStringMapOutput()
	s.HealthCheckIds, s.HealthCheckArns = out.hcIDs.ToStringMapOutput(), out.hcArns.ToStringMapOutput()
	s.AssociationIds, s.AlarmArns = out.assocIDs.ToStringMapOutput(), out.alarmArns.ToStringMapOutput()
	s.ProtectionGroupIds, s.ProtectionGroupArns = out.groupIDs.ToStringMapOutput(), out.groupArns.ToStringMapOutput()
	s.AutomaticMitigations = out.mitigations.ToStringMapOutput()
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"protectionIds": s.ProtectionIds, "protectionArns": s.ProtectionArns,
		"healthCheckIds": s.HealthCheckIds, "healthCheckArns": s.HealthCheckArns,
		"associationIds": s.AssociationIds, "protectionGroupIds": s.ProtectionGroupIds, "protectionGroupArns": s.ProtectionGroupArns,
		"alarmArns": s.AlarmArns, "automaticMitigations": s.AutomaticMitigations,
		"responseTeamRoleArn": s.ResponseTeamRoleArn, "proactiveEngagementEnabled": s.ProactiveEngagementEnabled,
	})
}

// protect creates a resource's protection, its health check (when asked)
// and association, its alarm and its automatic mitigation; it returns the
// protection and the association (nil without a health check).
func (s *Protection) protect(ctx *pulumi.Context, name string, a *Args, r Resource, out outputMaps, in pulumi.ResourceOrInvokeOption) (*shield.Protection, pulumi.Resource, error) {
	child := name + "-" + r.Name
	p, err := shield.NewProtection(ctx, child, &shield.ProtectionArgs{
		Name:        pulumi.String(child),
		ResourceArn: r.Arn,
		Tags:        tags.Of(a.Tags),
	}, in)
	if err != nil {
		return nil, nil, err
	}
	s.Protections[r.Name] = p
	out.ids[r.Name], out.arns[r.Name] = p.ID().ToStringOutput(), p.Arn

	healthCheckArn := r.HealthCheckArn
	if r.HealthCheck != nil {
		hc, err := healthcheck.New(ctx, child, *r.HealthCheck, a.Tags, in)
		if err != nil {
			return nil, nil, err
		}
		s.HealthChecks[r.Name] = hc
		out.hcIDs[r.Name], out.hcArns[r.Name] = hc.ID().ToStringOutput(), hc.Arn
		healthCheckArn = hc.Arn
	}
	var association pulumi.Resource
	if healthCheckArn != nil {
		assoc, err := shield.NewProtectionHealthCheckAssociation(ctx, child, &shield.ProtectionHealthCheckAssociationArgs{
			ShieldProtectionId: p.ID().ToStringOutput(),
			HealthCheckArn:     healthCheckArn,
		}, in)
		if err != nil {
			return nil, nil, err
		}
		out.assocIDs[r.Name] = assoc.ID().ToStringOutput()
		association = assoc
	}

	alarm, err := a.alarm(ctx, child, r, p, in)
	if err != nil {
		return nil, nil, err
	}
	s.Alarms[r.Name] = alarm
	out.alarmArns[r.Name] = alarm.Arn
	if r.AutomaticMitigation != "" {
		if err := s.automaticResponse(ctx, child, r, p, out, in); err != nil {
			return nil, nil, err
		}
	}
	return p, association, nil
}
