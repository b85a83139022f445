package privatevpc

import (
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// checkVpcCidr checks the VPC's block: a canonical IPv4 block of private
// address space, /16 to /24.
func checkVpcCidr(cidr string) error {
	vpc, err := netip.ParsePrefix(cidr)
	if err != nil || !vpc.Addr().Is4() || vpc != vpc.Masked() {
		return fmt.Errorf("CidrBlock %q is not an IPv4 CIDR block (an address with no bits set past the prefix, such as %s)", cidr, DefaultCidrBlock)
	}
	if vpc.Bits() < MinVpcPrefix || vpc.Bits() > MaxVpcPrefix {
		return fmt.Errorf("CidrBlock is %s; allowed prefix lengths are /%d to /%d (AWS allows /%d at most; a smaller block leaves no room for a subnet of at least /%d in each zone)", cidr, MinVpcPrefix, MaxVpcPrefix, MinVpcPrefix, MaxPrivateSubnetPrefix)
	}
	if !verify.IsPrivateIPv4Block(vpc) {
		return fmt.Errorf("CidrBlock is %s; allowed values are blocks of private address space: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16", cidr)
	}
	return nil
}

// place chooses the zones from those the region offers and lays out the
// subnets; its errors name the field.
func (a *Args) place(region string, available []string) (zones []string, private, nat []netip.Prefix, err error) {
	if len(a.Zones) > 0 {
		for i, z := range a.Zones {
			if !slices.Contains(available, z) {
				return nil, nil, nil, fmt.Errorf("Zones[%d] is %q; allowed values are the zones of %s: %s", i, z, region, strings.Join(available, ", "))
			}
		}
		zones = a.Zones
	} else {
		if a.ZoneCount > len(available) {
			return nil, nil, nil, fmt.Errorf("ZoneCount is %d; %s offers %d zones (%s)", a.ZoneCount, region, len(available), strings.Join(available, ", "))
		}
		zones = available[:a.ZoneCount]
	}
	vpc := netip.MustParsePrefix(a.CidrBlock)
	n := len(zones)
	k := bits.Len(uint(n)) // the smallest k with 2^k > n
	blockBits := vpc.Bits() + k
	if len(a.PrivateSubnetCidrs) == 0 && blockBits > MaxPrivateSubnetPrefix {
		return nil, nil, nil, fmt.Errorf("CidrBlock %s is too small for %d zones: each private subnet would be a /%d, and the smallest allowed is a /%d; give a larger CidrBlock or PrivateSubnetCidrs", a.CidrBlock, n, blockBits, MaxPrivateSubnetPrefix)
	}
	if private, err = parseSubnets("PrivateSubnetCidrs", a.PrivateSubnetCidrs, vpc, MaxPrivateSubnetPrefix); err != nil {
		return nil, nil, nil, err
	}
	if private == nil {
		for i := range n {
			private = append(private, subnet(vpc, blockBits, i))
		}
	}
	if a.InternetEgress {
		if nat, err = parseSubnets("NatSubnetCidrs", a.NatSubnetCidrs, vpc, MaxSubnetPrefix); err != nil {
			return nil, nil, nil, err
		}
		if nat == nil {
			if blockBits > MaxSubnetPrefix || 1<<(NatSubnetPrefix-blockBits) < n {
				return nil, nil, nil, fmt.Errorf("CidrBlock %s leaves no room for %d NAT subnets of /%d after the private subnets; give NatSubnetCidrs", a.CidrBlock, n, NatSubnetPrefix)
			}
			spare := subnet(vpc, blockBits, n)
			for i := range n {
				nat = append(nat, subnet(spare, NatSubnetPrefix, i))
			}
		}
	}
	all := append(slices.Clone(private), nat...)
	label := func(i int) string {
		if i < len(private) {
			return fmt.Sprintf("PrivateSubnetCidrs[%d] %s", i, all[i])
		}
		return fmt.Sprintf("NatSubnetCidrs[%d] %s", i-len(private), all[i])
	}
	for i := range all {
		for j := range i {
			if all[i].Overlaps(all[j]) {
				return nil, nil, nil, fmt.Errorf("%s overlaps %s; subnets may not overlap", label(i), label(j))
			}
		}
	}
	return zones, private, nat, nil
}

// parseSubnets checks explicit subnet blocks: canonical IPv4 blocks inside
// the VPC's, no smaller than /maxBits.
func parseSubnets(field string, cidrs []string, vpc netip.Prefix, maxBits int) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for i, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil || !p.Addr().Is4() || p != p.Masked() {
			return nil, fmt.Errorf("%s[%d] %q is not an IPv4 CIDR block (an address with no bits set past the prefix)", field, i, c)
		}
		if p.Bits() < vpc.Bits() || !vpc.Contains(p.Addr()) {
			return nil, fmt.Errorf("%s[%d] %s is not inside CidrBlock %s", field, i, c, vpc)
		}
		if p.Bits() > maxBits {
			return nil, fmt.Errorf("%s[%d] is %s; allowed prefix lengths are /%d to /%d", field, i, c, MinVpcPrefix, maxBits)
		}
		out = append(out, p)
	}
	return out, nil
}

// subnet returns the i-th block of length bits inside p.
func subnet(p netip.Prefix, length, i int) netip.Prefix {
	a := p.Addr().As4()
	base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	base += uint32(i) << (32 - length)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(base >> 24), byte(base >> 16), byte(base >> 8), byte(base)}), length)
}

func strs(ps []netip.Prefix) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// availableZones asks the provider that opts select for the region's
// available zones that need no opt-in (no Local or Wavelength Zones).
func availableZones(ctx *pulumi.Context, opts ...pulumi.ResourceOption) ([]string, error) {
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return nil, err
	}
	var inv []pulumi.InvokeOption
	if ro.Parent != nil {
		inv = append(inv, pulumi.Parent(ro.Parent))
	}
	if ro.Provider != nil {
		inv = append(inv, pulumi.Provider(ro.Provider))
	}
	state := "available"
	res, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		State:   &state,
		Filters: []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
	}, inv...)
	if err != nil {
		return nil, fmt.Errorf("looking up the availability zones: %w", err)
	}
	return res.Names, nil
}
