package verify

import (
	"net/netip"
	"slices"
)

// PrivateIPv4 are the private IPv4 address blocks of RFC 1918, where a
// VPC's and a cluster's addresses come from.
var PrivateIPv4 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// IsPrivateIPv4Block reports whether p is an IPv4 block inside one of
// PrivateIPv4 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): 172.20.0.0/16
// is, 172.0.0.0/8 (wider than 172.16.0.0/12) and 8.8.0.0/16 are not. It
// does not look at how p is written: check p == p.Masked() for a block
// written with its network address.
func IsPrivateIPv4Block(p netip.Prefix) bool {
	return p.IsValid() && p.Addr().Is4() && slices.ContainsFunc(PrivateIPv4, func(n netip.Prefix) bool {
		return n.Bits() <= p.Bits() && n.Contains(p.Addr())
	})
}
