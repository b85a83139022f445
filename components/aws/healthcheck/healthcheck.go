package healthcheck

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tags"
)

// New creates the Route 53 health check that args describes, named name:
// HTTPS with SNI, measuring latency, tagged with the caller's tags and a
// Name tag of name. It checks args (Validate) and fills in their
// defaults; a component validates them before it registers anything, so
// that this check only repeats it. opts are the health check's options,
// usually pulumi.Parent of the component.
func New(ctx *pulumi.Context, name string, args Args, t map[string]string, opts ...pulumi.ResourceOption) (*route53.HealthCheck, error) {
	if err := args.Validate("Args"); err != nil {
		return nil, fmt.Errorf("health check %s: %w", name, err)
	}
	in := &route53.HealthCheckArgs{
		Type:             pulumi.String("HTTPS"),
		Fqdn:             args.FQDN,
		Port:             pulumi.Int(args.Port),
		ResourcePath:     pulumi.String(args.Path),
		RequestInterval:  pulumi.Int(args.RequestInterval),
		FailureThreshold: pulumi.Int(args.FailureThreshold),
		MeasureLatency:   pulumi.Bool(true),
		EnableSni:        pulumi.Bool(true),
		Tags:             tags.Named(t, name),
	}
	if len(args.Regions) > 0 {
		in.Regions = pulumi.ToStringArray(args.Regions)
	}
	return route53.NewHealthCheck(ctx, name, in, opts...)
}
