package internalclb

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/clb"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:InternalLoadBalancer"

// pkg prefixes the component's errors.
const pkg = "internalclb"

// LoadBalancer is an internal CLB.
type LoadBalancer struct {
	pulumi.ResourceState

	// LoadBalancerId is the CLB's ID, "lb-...".
	LoadBalancerId pulumi.StringOutput `pulumi:"loadBalancerId"`
	// Vips are its private addresses.
	Vips pulumi.StringArrayOutput `pulumi:"vips"`
	// LogSetId is the CLS log set it logs into.
	LogSetId pulumi.StringOutput `pulumi:"logSetId"`
	// LogTopicId is its CLS log topic.
	LogTopicId pulumi.StringOutput `pulumi:"logTopicId"`

	// Region is where it lives.
	Region string

	// Instance is the CLB.
	Instance *clb.Instance
}

// NewLoadBalancer creates an internal CLB. Args are checked before
// anything is registered. Resource options (provider, protect, aliases,
// ...) apply to the component and through it to every resource it creates.
func NewLoadBalancer(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	lb := &LoadBalancer{Region: env.Region}
	in, err := component.Register(ctx, Type, name, lb, opts...)
	if err != nil {
		return nil, err
	}
	logSet, topic, err := a.newLogs(ctx, name, in)
	if err != nil {
		return nil, err
	}
	lbOpts := []pulumi.ResourceOption{in}
	if !a.AllowDeletion {
		// The provider has no deleteProtect: protect the CLB in Pulumi.
		lbOpts = append(lbOpts, pulumi.Protect(true))
	}
	if lb.Instance, err = clb.NewInstance(ctx, name, &clb.InstanceArgs{
		ClbName:     pulumi.String(a.ClbName),
		NetworkType: pulumi.String(NetworkType),
		VpcId:       a.VpcId,
		SubnetId:    a.SubnetId,
		// An INTERNAL CLB takes no master or slave zone: the provider
		// refuses them ("only applicable to open CLB").
		SecurityGroups: pulumi.StringArray(a.SecurityGroupIds),
		// The CLB's groups are the only check on traffic it forwards:
		// with this off the backends' groups would have to admit every
		// client address as well.
		LoadBalancerPassToTarget: pulumi.Bool(true),
		LogSetId:                 logSet,
		LogTopicId:               topic.ID().ToStringOutput(),
		Tags:                     tcenv.Tags(a.Tags),
	}, lbOpts...); err != nil {
		return nil, err
	}
	lb.LoadBalancerId = lb.Instance.ID().ToStringOutput()
	lb.Vips = lb.Instance.ClbVips
	lb.LogSetId = logSet.ToStringOutput()
	lb.LogTopicId = topic.ID().ToStringOutput()
	return lb, ctx.RegisterResourceOutputs(lb, pulumi.Map{
		"loadBalancerId": lb.LoadBalancerId, "vips": lb.Vips, "logSetId": lb.LogSetId, "logTopicId": lb.LogTopicId,
	})
}
