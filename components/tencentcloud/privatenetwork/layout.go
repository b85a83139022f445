package privatenetwork

import (
	"net/netip"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/subnet"
)

// newSubnets creates a subnet in each zone, the i-th zone's the i-th
// block of the VPC's, SubnetBits longer.
func (n *Network) newSubnets(ctx *pulumi.Context, name string, a Args, tags pulumi.MapInput, opts ...pulumi.ResourceOption) error {
	block := netip.MustParsePrefix(a.CidrBlock)
	var ids pulumi.StringArray
	for i, zone := range a.Zones {
		s, err := subnet.NewInstance(ctx, name+"-"+zone, &subnet.InstanceArgs{
			Name:             pulumi.String(name + "-" + zone),
			VpcId:            n.Vpc.ID().ToStringOutput(),
			AvailabilityZone: pulumi.String(zone),
			CidrBlock:        pulumi.String(nthSubnet(block, i).String()),
			IsMulticast:      pulumi.Bool(false),
			Tags:             tags,
		}, opts...)
		if err != nil {
			return err
		}
		n.Subnets = append(n.Subnets, s)
		ids = append(ids, s.ID().ToStringOutput())
	}
	n.SubnetIds = ids.ToStringArrayOutput()
	return nil
}

// nthSubnet returns the i-th subnet of block, SubnetBits longer.
func nthSubnet(block netip.Prefix, i int) netip.Prefix {
	a := block.Addr().As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	bits := block.Bits() + SubnetBits
	v += uint32(i) << (32 - bits)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits)
}
