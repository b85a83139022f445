package privatevpc

import (
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tags"
)

// subnets are the private subnets, in zone order, and what the component
// wires to them.
type subnets struct {
	ids, zones, zoneIDs, routeTableIDs pulumi.StringArray
	routeTables                        []*ec2.RouteTable
}

// privateSubnets creates a private subnet in each zone, with a route table
// of its own, and adds the subnets to v.PrivateSubnets.
func (a *Args) privateSubnets(ctx *pulumi.Context, name string, v *Vpc, vpcID pulumi.StringOutput, zones []string, cidrs []netip.Prefix, in pulumi.ResourceOrInvokeOption) (*subnets, error) {
	out := &subnets{routeTables: make([]*ec2.RouteTable, len(zones))}
	for i, zone := range zones {
		sn, err := a.newSubnet(ctx, name+"-private-"+zone, "private", vpcID, zone, cidrs[i], in)
		if err != nil {
			return nil, err
		}
		v.PrivateSubnets = append(v.PrivateSubnets, sn)
		// A route table per subnet: each zone's default route, with
		// InternetEgress, goes to its own zone's NAT gateway.
		rt, err := ec2.NewRouteTable(ctx, name+"-private-"+zone, &ec2.RouteTableArgs{
			VpcId: vpcID,
			Tags:  tags.Named(a.Tags, name+"-private-"+zone, "modelfort:subnet", "private"),
		}, in)
		if err != nil {
			return nil, err
		}
		out.routeTables[i] = rt
		if err := associate(ctx, name+"-private-"+zone, sn, rt, in); err != nil {
			return nil, err
		}
		out.ids = append(out.ids, sn.ID().ToStringOutput())
		out.zones = append(out.zones, sn.AvailabilityZone)
		out.zoneIDs = append(out.zoneIDs, sn.AvailabilityZoneId)
		out.routeTableIDs = append(out.routeTableIDs, rt.ID().ToStringOutput())
	}
	return out, nil
}

// newSubnet creates a subnet of a kind ("private" or "nat", its
// modelfort:subnet tag) that gives no instance a public IP address.
func (a *Args) newSubnet(ctx *pulumi.Context, logical, kind string, vpcID pulumi.StringOutput, zone string, cidr netip.Prefix, in pulumi.ResourceOrInvokeOption) (*ec2.Subnet, error) {
	return ec2.NewSubnet(ctx, logical, &ec2.SubnetArgs{
		VpcId:               vpcID,
		CidrBlock:           pulumi.String(cidr.String()),
		AvailabilityZone:    pulumi.String(zone),
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                tags.Named(a.Tags, logical, "modelfort:subnet", kind),
	}, in)
}

// associate gives subnet sn the route table rt.
func associate(ctx *pulumi.Context, logical string, sn *ec2.Subnet, rt *ec2.RouteTable, in pulumi.ResourceOrInvokeOption) error {
	_, err := ec2.NewRouteTableAssociation(ctx, logical, &ec2.RouteTableAssociationArgs{
		SubnetId:     sn.ID().ToStringOutput(),
		RouteTableId: rt.ID().ToStringOutput(),
	}, in)
	return err
}
