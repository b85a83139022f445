package privatevpc

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/securitygroups"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:PrivateVpc"

// pkg prefixes the component's errors.
const pkg = "privatevpc"

// Vpc is a private, multi-AZ VPC with endpoints, tiers and flow
// logs.
type Vpc struct {
	pulumi.ResourceState

	// VpcId and CidrBlock identify the VPC.
	VpcId     pulumi.StringOutput `pulumi:"vpcId"`
	CidrBlock pulumi.StringOutput `pulumi:"cidrBlock"`
	// PrivateSubnetIds are the private subnets, one per zone, in the order
	// of AvailabilityZones and AvailabilityZoneIds (their zones).
	PrivateSubnetIds    pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	AvailabilityZones   pulumi.StringArrayOutput `pulumi:"availabilityZones"`
	AvailabilityZoneIds pulumi.StringArrayOutput `pulumi:"availabilityZoneIds"`
	// PrivateRouteTableIds are the private subnets' route tables.
	PrivateRouteTableIds pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	// S3EndpointId and S3PrefixListId are the S3 gateway endpoint and its
	// prefix list (for aws:SourceVpce conditions and egress rules).
	S3EndpointId   pulumi.StringOutput `pulumi:"s3EndpointId"`
	S3PrefixListId pulumi.StringOutput `pulumi:"s3PrefixListId"`
	// VpcEndpointIds are every VPC endpoint's ID by service ("s3",
	// "sagemaker.runtime", ...).
	VpcEndpointIds pulumi.StringMapOutput `pulumi:"vpcEndpointIds"`
	// VpcEndpointSecurityGroupId is the interface endpoints' group (tier
	// "vpc-endpoints").
	VpcEndpointSecurityGroupId pulumi.StringOutput `pulumi:"vpcEndpointSecurityGroupId"`
	// EndpointTierSecurityGroupId is the group of the model endpoints'
	// tier (EndpointTier).
	EndpointTierSecurityGroupId pulumi.StringOutput `pulumi:"endpointTierSecurityGroupId"`
	// TierSecurityGroupIds are the security group IDs by tier name.
	TierSecurityGroupIds pulumi.StringMapOutput `pulumi:"tierSecurityGroupIds"`
	// NatGatewayIds are the NAT gateways, one per zone, or empty.
	NatGatewayIds pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	// FlowLogId, FlowLogGroupName and FlowLogKMSKeyArn are the flow log,
	// its log group and the group's key.
	FlowLogId        pulumi.StringOutput `pulumi:"flowLogId"`
	FlowLogGroupName pulumi.StringOutput `pulumi:"flowLogGroupName"`
	FlowLogKMSKeyArn pulumi.StringOutput `pulumi:"flowLogKmsKeyArn"`

	// Region is where the VPC lives; Zones its availability zones, in
	// subnet order; PrivateSubnetCidrs and NatSubnetCidrs the subnets'
	// blocks (NatSubnetCidrs empty without InternetEgress).
	Region             string
	Zones              []string
	PrivateSubnetCidrs []string
	NatSubnetCidrs     []string

	// Vpc, PrivateSubnets and Endpoints (by service) are the resources;
	// SecurityGroups the tiers; Key the flow-log key the component created
	// (nil when FlowLogKMSKeyArn was given).
	Vpc            *ec2.Vpc
	PrivateSubnets []*ec2.Subnet
	Endpoints      map[string]*ec2.VpcEndpoint
	SecurityGroups *securitygroups.Groups
	Key            *kmskey.Key
}

// NewVpc creates a VPC. Args are checked before anything is
// registered (the tiers' too). Resource options (provider, protect,
// aliases, ...) apply to the component and through it to every resource it
// creates, and the zones are those of the provider's region.
func NewVpc(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Vpc, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	available, err := availableZones(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	zones, private, nat, err := a.place(env.Region, available)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}

	v := &Vpc{Region: env.Region, Zones: zones, PrivateSubnetCidrs: strs(private), NatSubnetCidrs: strs(nat), Endpoints: map[string]*ec2.VpcEndpoint{}}
	in, err := component.Register(ctx, Type, name, v, opts...)
	if err != nil {
		return nil, err
	}

	if v.Vpc, err = ec2.NewVpc(ctx, name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(a.CidrBlock),
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               tags.Named(a.Tags, name),
	}, in); err != nil {
		return nil, err
	}
	vpcID := v.Vpc.ID().ToStringOutput()
	// Adopted with no rules: AWS's default group lets its members talk to
	// each other and out anywhere; managed, it admits and sends nothing.
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpcID,
		Tags:  tags.Named(a.Tags, name+"-default-unused"),
	}, in); err != nil {
		return nil, err
	}

	sn, err := a.privateSubnets(ctx, name, v, vpcID, zones, private, in)
	if err != nil {
		return nil, err
	}
	allSubnets := append(pulumi.StringArray{}, sn.ids...)
	var natIDs pulumi.StringArray
	if a.InternetEgress {
		ids, natSubnets, err := a.internetEgress(ctx, name, vpcID, zones, nat, sn.routeTables, in)
		if err != nil {
			return nil, err
		}
		natIDs = ids
		allSubnets = append(allSubnets, natSubnets...)
	}
	if err := a.networkACL(ctx, name, v.Vpc, allSubnets, in); err != nil {
		return nil, err
	}

	flowLog, logGroup, keyArn, err := a.flowLogs(ctx, name, v, env, vpcID, in)
	if err != nil {
		return nil, err
	}

	endpointIDs := pulumi.StringMap{}
	s3, err := a.gatewayEndpoint(ctx, name, v, env, vpcID, sn.routeTableIDs, in)
	if err != nil {
		return nil, err
	}
	endpointIDs[S3PrefixList] = s3.ID().ToStringOutput()
	if v.SecurityGroups, err = securitygroups.NewGroups(ctx, name, a.groups(vpcID, s3.PrefixListId), in); err != nil {
		return nil, err
	}
	endpointSG := v.SecurityGroups.Groups[VpcEndpointsTier].ID().ToStringOutput()
	if err := a.interfaceEndpoints(ctx, name, v, env, vpcID, sn.ids, endpointSG, endpointIDs, in); err != nil {
		return nil, err
	}

	v.VpcId, v.CidrBlock = vpcID, v.Vpc.CidrBlock
	v.PrivateSubnetIds, v.AvailabilityZones, v.AvailabilityZoneIds = sn.ids.ToStringArrayOutput(), sn.zones.ToStringArrayOutput(), sn.zoneIDs.ToStringArrayOutput()
	v.PrivateRouteTableIds = sn.routeTableIDs.ToStringArrayOutput()
	v.S3EndpointId, v.S3PrefixListId = s3.ID().ToStringOutput(), s3.PrefixListId
	v.VpcEndpointIds = endpointIDs.ToStringMapOutput()
	v.VpcEndpointSecurityGroupId = endpointSG
	v.EndpointTierSecurityGroupId = v.SecurityGroups.Groups[a.EndpointTier].ID().ToStringOutput()
	v.TierSecurityGroupIds = v.SecurityGroups.Ids
	v.NatGatewayIds = append(pulumi.StringArray{}, natIDs...).ToStringArrayOutput()
	v.FlowLogId, v.FlowLogGroupName, v.FlowLogKMSKeyArn = flowLog.ID().ToStringOutput(), logGroup.Name, keyArn
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{
		"vpcId": v.VpcId, "cidrBlock": v.CidrBlock,
		"privateSubnetIds": v.PrivateSubnetIds, "availabilityZones": v.AvailabilityZones, "availabilityZoneIds": v.AvailabilityZoneIds,
		"privateRouteTableIds": v.PrivateRouteTableIds, "s3EndpointId": v.S3EndpointId, "s3PrefixListId": v.S3PrefixListId,
		"vpcEndpointIds": v.VpcEndpointIds, "vpcEndpointSecurityGroupId": v.VpcEndpointSecurityGroupId,
		"endpointTierSecurityGroupId": v.EndpointTierSecurityGroupId, "tierSecurityGroupIds": v.TierSecurityGroupIds,
		"natGatewayIds": v.NatGatewayIds, "flowLogId": v.FlowLogId, "flowLogGroupName": v.FlowLogGroupName, "flowLogKmsKeyArn": v.FlowLogKMSKeyArn,
	})
}
