// Package internalclb provides LoadBalancer, a Tencent Cloud CLB reachable
// only inside a VPC: network type INTERNAL, placed in a subnet, with a
// master and a slave availability zone, bound to security groups (its
// tier's), logging every request to CLS, and protected from deletion.
//
// It carries no listeners: the serving cluster attaches them (a TKE
// Service of type LoadBalancer that names the CLB with the annotation
// service.kubernetes.io/tke-existed-lbid), so that the load balancer
// outlives deployments of the model. Backends are checked against both
// the CLB's security groups and their own (loadBalancerPassToTarget off).
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how LoadBalancer gets as
// close as it can:
//
//   - The CLB has no delete protection (newer providers have
//     deleteProtect). Unless AllowDeletion is set, LoadBalancer protects
//     the CLB in Pulumi's state instead (the protect resource option):
//     "pulumi destroy" refuses to delete it, but the console and API do
//     not.
//   - The provider documents masterZoneId and slaveZoneId as applicable to
//     OPEN CLBs and does not read them back, so a change made outside
//     Pulumi goes unseen. LoadBalancer sends them for its INTERNAL CLB (the
//     CLB API takes them where the region offers cross-zone disaster
//     recovery for private CLBs); the subnet decides the CLB's zone where
//     it does not, so give a subnet in MasterZone.
//   - A CLB log set is one per region and account (it has no name in this
//     provider): for a second LoadBalancer in a region, pass the first's
//     LogSetId.
package internalclb

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/clb"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:InternalLoadBalancer"

// NetworkType is the CLB's network type: reachable only inside its VPC.
const NetworkType = "INTERNAL"

// Log retention of a dedicated log set, in days.
const (
	DefaultLogRetentionDays = 30
	MaxLogRetentionDays     = 90
)

// Args configures a LoadBalancer. VpcId, SubnetId and SecurityGroupIds
// are required; every other field's zero value is the secure default.
type Args struct {
	// VpcId is the VPC the CLB serves. Required.
	VpcId pulumi.StringInput
	// SubnetId is the subnet the CLB's address comes from, in MasterZone.
	// Required.
	SubnetId pulumi.StringInput
	// SecurityGroupIds are the groups bound to the CLB (its tier's).
	// Required: at least one.
	SecurityGroupIds []pulumi.StringInput
	// MasterZone and SlaveZone are the zones that serve and take over.
	// Default: the region's first and second zones. They must differ.
	MasterZone, SlaveZone string
	// ClbName is the CLB's name: 1 to 60 letters, digits, '_', '-' and
	// '.'. Default: "modelfort-NAME".
	ClbName string
	// LogSetId is an existing CLB log set to log into. Default: a
	// dedicated log set.
	LogSetId pulumi.StringInput
	// LogRetentionDays is how long a dedicated log set keeps logs: 1 to
	// 90. Default: 30.
	LogRetentionDays int
	// AllowDeletion leaves the CLB unprotected (explicit loosening, for
	// environments that must be torn down).
	AllowDeletion bool
	// Tags are added to the CLB.
	Tags map[string]string
}

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

	// Region, MasterZone and SlaveZone are where it lives.
	Region, MasterZone, SlaveZone string

	// Instance is the CLB.
	Instance *clb.Instance
}

var clbName = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,60}$`)

// validate checks args that need no lookup and fills in defaults; its
// errors name the field.
func (a *Args) validate(name string) error {
	if a.VpcId == nil {
		return fmt.Errorf("internalclb %s: VpcId is nil; give the VPC the load balancer serves", name)
	}
	if a.SubnetId == nil {
		return fmt.Errorf("internalclb %s: SubnetId is nil; give a subnet of the VPC in MasterZone", name)
	}
	if len(a.SecurityGroupIds) == 0 {
		return fmt.Errorf("internalclb %s: SecurityGroupIds is empty; give at least one security group (the load balancer's tier)", name)
	}
	for i, g := range a.SecurityGroupIds {
		if g == nil {
			return fmt.Errorf("internalclb %s: SecurityGroupIds[%d] is nil", name, i)
		}
	}
	if a.ClbName == "" {
		a.ClbName = "modelfort-" + name
	}
	if !clbName.MatchString(a.ClbName) {
		return fmt.Errorf("internalclb %s: ClbName is %q; allowed values are 1 to 60 letters, digits, '_', '-' and '.'", name, a.ClbName)
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if a.LogRetentionDays < 1 || a.LogRetentionDays > MaxLogRetentionDays {
		return fmt.Errorf("internalclb %s: LogRetentionDays is %d; allowed values are 1 to %d (0 means %d)", name, a.LogRetentionDays, MaxLogRetentionDays, DefaultLogRetentionDays)
	}
	if a.MasterZone != "" && a.MasterZone == a.SlaveZone {
		return fmt.Errorf("internalclb %s: SlaveZone is %q, the same as MasterZone; the slave zone must be another zone", name, a.SlaveZone)
	}
	return nil
}

// NewLoadBalancer creates an internal CLB. Args are checked before
// anything is registered. Resource options (provider, protect, aliases,
// ...) apply to the component and through it to every resource it creates.
func NewLoadBalancer(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("internalclb %s: %w", name, err)
	}
	if a.MasterZone == "" || a.SlaveZone == "" {
		var rest []string
		for _, z := range env.Zones {
			if z != a.MasterZone && z != a.SlaveZone {
				rest = append(rest, z)
			}
		}
		if a.MasterZone == "" && len(rest) > 0 {
			a.MasterZone, rest = rest[0], rest[1:]
		}
		if a.SlaveZone == "" && len(rest) > 0 {
			a.SlaveZone = rest[0]
		}
	}
	for _, f := range [][2]string{{"MasterZone", a.MasterZone}, {"SlaveZone", a.SlaveZone}} {
		if !slices.Contains(env.Zones, f[1]) {
			return nil, fmt.Errorf("internalclb %s: %s is %q; allowed values are two different zones of %s: %s", name, f[0], f[1], env.Region, strings.Join(env.Zones, ", "))
		}
	}

	lb := &LoadBalancer{Region: env.Region, MasterZone: a.MasterZone, SlaveZone: a.SlaveZone}
	if err := ctx.RegisterComponentResource(Type, name, lb, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(lb)
	logSet := a.LogSetId
	if logSet == nil {
		set, err := clb.NewLogSet(ctx, name, &clb.LogSetArgs{Period: pulumi.Int(a.LogRetentionDays)}, in)
		if err != nil {
			return nil, err
		}
		logSet = set.ID().ToStringOutput()
	}
	topic, err := clb.NewLogTopic(ctx, name, &clb.LogTopicArgs{
		LogSetId:  logSet,
		TopicName: pulumi.String(a.ClbName + "-access"),
	}, in)
	if err != nil {
		return nil, err
	}
	lbOpts := []pulumi.ResourceOption{in}
	if !a.AllowDeletion {
		// The provider has no deleteProtect: protect the CLB in Pulumi.
		lbOpts = append(lbOpts, pulumi.Protect(true))
	}
	if lb.Instance, err = clb.NewInstance(ctx, name, &clb.InstanceArgs{
		ClbName:                  pulumi.String(a.ClbName),
		NetworkType:              pulumi.String(NetworkType),
		VpcId:                    a.VpcId,
		SubnetId:                 a.SubnetId,
		MasterZoneId:             pulumi.String(a.MasterZone),
		SlaveZoneId:              pulumi.String(a.SlaveZone),
		SecurityGroups:           pulumi.StringArray(a.SecurityGroupIds),
		LoadBalancerPassToTarget: pulumi.Bool(false),
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
