package privatevpc

import (
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tags"
)

// internetEgress creates the internet gateway, the NAT subnets (one route
// table for them all, to the internet gateway) and a NAT gateway per zone,
// and routes each private subnet's default route to its zone's gateway. It
// returns the NAT gateways' and NAT subnets' IDs.
func (a *Args) internetEgress(ctx *pulumi.Context, name string, vpcID pulumi.StringOutput, zones []string, cidrs []netip.Prefix, private []*ec2.RouteTable, in pulumi.ResourceOrInvokeOption) (natIDs, subnetIDs pulumi.StringArray, err error) {
	igw, err := ec2.NewInternetGateway(ctx, name, &ec2.InternetGatewayArgs{VpcId: vpcID, Tags: tags.Named(a.Tags, name)}, in)
	if err != nil {
		return nil, nil, err
	}
	rt, err := ec2.NewRouteTable(ctx, name+"-nat", &ec2.RouteTableArgs{VpcId: vpcID, Tags: tags.Named(a.Tags, name+"-nat", "modelfort:subnet", "nat")}, in)
	if err != nil {
		return nil, nil, err
	}
	if _, err := ec2.NewRoute(ctx, name+"-nat-internet", &ec2.RouteArgs{
		RouteTableId:         rt.ID().ToStringOutput(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
		GatewayId:            igw.ID().ToStringOutput(),
	}, in); err != nil {
		return nil, nil, err
	}
	for i, zone := range zones {
		sn, err := a.newSubnet(ctx, name+"-nat-"+zone, "nat", vpcID, zone, cidrs[i], in)
		if err != nil {
			return nil, nil, err
		}
		if err := associate(ctx, name+"-nat-"+zone, sn, rt, in); err != nil {
			return nil, nil, err
		}
		eip, err := ec2.NewEip(ctx, name+"-nat-"+zone, &ec2.EipArgs{Domain: pulumi.String("vpc"), Tags: tags.Named(a.Tags, name+"-nat-"+zone)},
			in, pulumi.DependsOn([]pulumi.Resource{igw}))
		if err != nil {
			return nil, nil, err
		}
		gw, err := ec2.NewNatGateway(ctx, name+"-"+zone, &ec2.NatGatewayArgs{
			SubnetId:         sn.ID().ToStringOutput(),
			AllocationId:     eip.AllocationId,
			ConnectivityType: pulumi.String("public"),
			Tags:             tags.Named(a.Tags, name+"-"+zone),
		}, in)
		if err != nil {
			return nil, nil, err
		}
		if _, err := ec2.NewRoute(ctx, name+"-private-"+zone+"-internet", &ec2.RouteArgs{
			RouteTableId:         private[i].ID().ToStringOutput(),
			DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
			NatGatewayId:         gw.ID().ToStringOutput(),
		}, in); err != nil {
			return nil, nil, err
		}
		natIDs = append(natIDs, gw.ID().ToStringOutput())
		subnetIDs = append(subnetIDs, sn.ID().ToStringOutput())
	}
	return natIDs, subnetIDs, nil
}
