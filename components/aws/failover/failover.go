package failover

import (
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/shieldprotection"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/component"
)

// Type is the component's type token.
const Type = "modelfort:aws:RegionalFailover"

// WorstCaseFailover is the longest a failover driven by the HTTPS probe
// alone can take: the probe sees the failure after interval × threshold
// seconds, and resolvers may hold the old answer for a TTL more. (A site's
// Alarms can take longer; Regional.WorstCaseFailover counts them.)
func WorstCaseFailover(requestInterval, failureThreshold, ttl int) time.Duration {
	return time.Duration(requestInterval*failureThreshold+ttl) * time.Second
}

// Regional is a failover name over two regions.
type Regional struct {
	pulumi.ResourceState

	RecordName              pulumi.StringOutput `pulumi:"recordName"`
	PrimaryHealthCheckId    pulumi.StringOutput `pulumi:"primaryHealthCheckId"`
	PrimaryHealthCheckArn   pulumi.StringOutput `pulumi:"primaryHealthCheckArn"`
	SecondaryHealthCheckId  pulumi.StringOutput `pulumi:"secondaryHealthCheckId"`
	SecondaryHealthCheckArn pulumi.StringOutput `pulumi:"secondaryHealthCheckArn"`
	// PrimaryAlarmHealthCheckIds and SecondaryAlarmHealthCheckIds are the
	// CLOUDWATCH_METRIC checks of each site's Alarms, children of its
	// calculated check (empty without Alarms). Inverting one is how a
	// drill fails a site's endpoint without touching it.
	PrimaryAlarmHealthCheckIds   pulumi.StringArrayOutput `pulumi:"primaryAlarmHealthCheckIds"`
	SecondaryAlarmHealthCheckIds pulumi.StringArrayOutput `pulumi:"secondaryAlarmHealthCheckIds"`
	// WorstCaseFailoverSeconds is WorstCaseFailover in seconds.
	WorstCaseFailoverSeconds pulumi.IntOutput `pulumi:"worstCaseFailoverSeconds"`
	// The distribution's ID, ARN, domain name and web ACL, or empty.
	DistributionId         pulumi.StringOutput `pulumi:"distributionId"`
	DistributionArn        pulumi.StringOutput `pulumi:"distributionArn"`
	DistributionDomainName pulumi.StringOutput `pulumi:"distributionDomainName"`
	DistributionWebAclArn  pulumi.StringOutput `pulumi:"distributionWebAclArn"`

	// WorstCaseFailover is the longest a failover can take: the slowest
	// of the probe (interval × threshold) and the sites' alarms, + TTL.
	WorstCaseFailover time.Duration
	// HealthCheck and TTL are the settings in force.
	HealthCheck HealthCheck
	TTL         int

	PrimaryRecord, SecondaryRecord *route53.Record
	// PrimaryHealthCheck and SecondaryHealthCheck are what the records
	// follow: the probe, or the calculated check of probe and alarms.
	// PrimaryProbe and SecondaryProbe are the HTTPS probes.
	PrimaryHealthCheck, SecondaryHealthCheck *route53.HealthCheck
	PrimaryProbe, SecondaryProbe             *route53.HealthCheck
	// PrimaryAlarmChecks and SecondaryAlarmChecks are the alarms' checks.
	PrimaryAlarmChecks, SecondaryAlarmChecks []*route53.HealthCheck
	Distribution                             *cloudfront.Distribution
	WebAcl                                   *webacl.ACL
	Shield                                   *shieldprotection.Protection
}

// NewRegional creates the failover records, their health checks
// and optionally the distribution. Args are checked before anything is
// registered, the CloudFront provider's region too. Resource options
// (provider, protect, aliases, ...) apply to the component and through it
// to every resource it creates; CloudFront.Provider overrides the
// provider of the distribution, its web ACL and Shield protection.
func NewRegional(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Regional, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	if a.CloudFront != nil {
		if err := a.CloudFront.checkRegion(ctx, opts); err != nil {
			return nil, component.Errorf(pkg, name, err)
		}
	}

	f := &Regional{WorstCaseFailover: a.worstCase(), HealthCheck: *a.HealthCheck, TTL: a.TTL}
	in, err := component.Register(ctx, Type, name, f, opts...)
	if err != nil {
		return nil, err
	}
	if f.PrimaryProbe, f.PrimaryHealthCheck, f.PrimaryAlarmChecks, f.PrimaryRecord, err = a.record(ctx, name, "primary", a.Primary, in); err != nil {
		return nil, err
	}
	if f.SecondaryProbe, f.SecondaryHealthCheck, f.SecondaryAlarmChecks, f.SecondaryRecord, err = a.record(ctx, name, "secondary", a.Secondary, in); err != nil {
		return nil, err
	}

	empty := pulumi.String("").ToStringOutput()
	f.DistributionId, f.DistributionArn, f.DistributionDomainName, f.DistributionWebAclArn = empty, empty, empty, empty
	if a.CloudFront != nil {
		if err := f.distribution(ctx, name, &a, in); err != nil {
			return nil, err
		}
	}

	f.RecordName = pulumi.String(a.RecordName).ToStringOutput()
	f.PrimaryHealthCheckId, f.PrimaryHealthCheckArn = f.PrimaryHealthCheck.ID().ToStringOutput(), f.PrimaryHealthCheck.Arn
	f.SecondaryHealthCheckId, f.SecondaryHealthCheckArn = f.SecondaryHealthCheck.ID().ToStringOutput(), f.SecondaryHealthCheck.Arn
	f.PrimaryAlarmHealthCheckIds, f.SecondaryAlarmHealthCheckIds = checkIds(f.PrimaryAlarmChecks), checkIds(f.SecondaryAlarmChecks)
	f.WorstCaseFailoverSeconds = pulumi.Int(int(f.WorstCaseFailover / time.Second)).ToIntOutput()
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{
		"primaryAlarmHealthCheckIds": f.PrimaryAlarmHealthCheckIds, "secondaryAlarmHealthCheckIds": f.SecondaryAlarmHealthCheckIds,
		"recordName":           f.RecordName,
		"primaryHealthCheckId": f.PrimaryHealthCheckId, "primaryHealthCheckArn": f.PrimaryHealthCheckArn,
		"secondaryHealthCheckId": f.SecondaryHealthCheckId, "secondaryHealthCheckArn": f.SecondaryHealthCheckArn,
		"worstCaseFailoverSeconds": f.WorstCaseFailoverSeconds,
		"distributionId":           f.DistributionId, "distributionArn": f.DistributionArn,
		"distributionDomainName": f.DistributionDomainName, "distributionWebAclArn": f.DistributionWebAclArn,
	})
}

// checkIds are the IDs of health checks.
func checkIds(checks []*route53.HealthCheck) pulumi.StringArrayOutput {
	ids := pulumi.StringArray{}
	for _, c := range checks {
		ids = append(ids, c.ID().ToStringOutput())
	}
	return ids.ToStringArrayOutput()
}
