package failover

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
)

// record creates a site's health check and failover record; role is
// "primary" or "secondary".
func (a *Args) record(ctx *pulumi.Context, name, role string, site Site, in pulumi.ResourceOrInvokeOption) (*route53.HealthCheck, *route53.Record, error) {
	hc, err := healthcheck.New(ctx, name+"-"+role, site.healthCheck(*a.HealthCheck), a.Tags, in)
	if err != nil {
		return nil, nil, err
	}
	rec, err := route53.NewRecord(ctx, name+"-"+role, &route53.RecordArgs{
		ZoneId:                  a.ZoneId,
		Name:                    pulumi.String(a.RecordName),
		Type:                    pulumi.String("CNAME"),
		Ttl:                     pulumi.Int(a.TTL),
		Records:                 pulumi.StringArray{site.Target},
		SetIdentifier:           pulumi.String(role),
		FailoverRoutingPolicies: route53.RecordFailoverRoutingPolicyArray{&route53.RecordFailoverRoutingPolicyArgs{Type: pulumi.String(strings.ToUpper(role))}},
		HealthCheckId:           hc.ID().ToStringOutput(),
	}, in)
	return hc, rec, err
}
