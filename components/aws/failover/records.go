package failover

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/internal/tags"
)

// record creates a site's health checks and failover record; role is
// "primary" or "secondary". It returns the HTTPS probe and the check the
// record follows: the probe itself, or, when the site has Alarms, a
// calculated check that is healthy only while the probe and every alarm's
// check are; and the alarms' checks.
func (a *Args) record(ctx *pulumi.Context, name, role string, site Site, in pulumi.ResourceOrInvokeOption) (probe, followed *route53.HealthCheck, alarms []*route53.HealthCheck, rec *route53.Record, err error) {
	if probe, err = healthcheck.New(ctx, name+"-"+role, site.healthCheck(*a.HealthCheck), a.Tags, in); err != nil {
		return nil, nil, nil, nil, err
	}
	followed = probe
	if len(site.Alarms) > 0 {
		children := pulumi.StringArray{probe.ID().ToStringOutput()}
		for i, al := range site.Alarms {
			n := fmt.Sprintf("%s-%s-alarm-%d", name, role, i)
			hc, err := route53.NewHealthCheck(ctx, n, &route53.HealthCheckArgs{
				Type:                  pulumi.String("CLOUDWATCH_METRIC"),
				CloudwatchAlarmName:   al.Name,
				CloudwatchAlarmRegion: pulumi.String(al.Region),
				// Without data (no traffic), the last known status holds.
				InsufficientDataHealthStatus: pulumi.String("LastKnownStatus"),
				Tags:                         tags.Named(a.Tags, n),
			}, in)
			if err != nil {
				return nil, nil, nil, nil, err
			}
			alarms = append(alarms, hc)
			children = append(children, hc.ID().ToStringOutput())
		}
		n := name + "-" + role + "-serving"
		if followed, err = route53.NewHealthCheck(ctx, n, &route53.HealthCheckArgs{
			Type:                 pulumi.String("CALCULATED"),
			ChildHealthchecks:    children,
			ChildHealthThreshold: pulumi.Int(len(children)),
			Tags:                 tags.Named(a.Tags, n),
		}, in); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	rec, err = route53.NewRecord(ctx, name+"-"+role, &route53.RecordArgs{
		ZoneId:                  a.ZoneId,
		Name:                    pulumi.String(a.RecordName),
		Type:                    pulumi.String("CNAME"),
		Ttl:                     pulumi.Int(a.TTL),
		Records:                 pulumi.StringArray{site.Target},
		SetIdentifier:           pulumi.String(role),
		FailoverRoutingPolicies: route53.RecordFailoverRoutingPolicyArray{&route53.RecordFailoverRoutingPolicyArgs{Type: pulumi.String(strings.ToUpper(role))}},
		HealthCheckId:           followed.ID().ToStringOutput(),
	}, in)
	return probe, followed, alarms, rec, err
}
