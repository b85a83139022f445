package protection

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/dayu"
)

// newAntiDDoS creates a protection policy, with AI protection on, for
// each Anti-DDoS instance.
func (p *Protection) newAntiDDoS(ctx *pulumi.Context, name string, targets []AntiDDoS, in pulumi.ResourceOrInvokeOption) error {
	var policies pulumi.StringArray
	for _, d := range targets {
		pol, err := dayu.NewDdosPolicyV2(ctx, name+"-"+d.ResourceId, &dayu.DdosPolicyV2Args{
			ResourceId: pulumi.String(d.ResourceId),
			Business:   pulumi.String(d.Business),
			DdosLevel:  pulumi.String(d.Level),
			DdosAi:     pulumi.String("on"),
		}, in)
		if err != nil {
			return err
		}
		policies = append(policies, pol.ID().ToStringOutput())
	}
	p.AntiDDoSPolicies = policies.ToStringArrayOutput()
	return nil
}
