package privatenetwork

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// rule is one planned security group rule.
type rule struct {
	key         string // the suffix of its logical name
	tier        string // the group it belongs to
	direction   string // "ingress" or "egress"
	peerTier    string
	cidr        string
	protocol    string
	ports       string
	description string
}

// rules returns the rules that the tiers and flows ask for, in a stable
// order; its errors name the field.
func (a *Args) rules() ([]rule, error) {
	var out []rule
	seen := map[string]string{}
	add := func(field string, r rule) error {
		if prev, dup := seen[r.key]; dup {
			return fmt.Errorf("%s repeats %s; remove one", field, prev)
		}
		seen[r.key] = field
		out = append(out, r)
		return nil
	}
	for i, f := range a.Flows {
		field := fmt.Sprintf("Flows[%d]", i)
		for _, t := range []string{f.Client, f.Server} {
			if _, ok := a.Tiers[t]; !ok {
				return nil, fmt.Errorf("%s names tier %q; allowed values are %s", field, t, strings.Join(slices.Sorted(maps.Keys(a.Tiers)), ", "))
			}
		}
		proto, ports, err := protocolPorts(f.Protocol, f.Ports)
		if err != nil {
			return nil, fmt.Errorf("%s.%w", field, err)
		}
		if err := description(f.Description); err != nil {
			return nil, fmt.Errorf("%s.Description %w", field, err)
		}
		slug := slugOf(proto, ports)
		if err := add(field, rule{key: f.Server + "-from-" + f.Client + "-" + slug, tier: f.Server, direction: "ingress",
			peerTier: f.Client, protocol: proto, ports: ports, description: f.Description}); err != nil {
			return nil, err
		}
		if err := add(field, rule{key: f.Client + "-to-" + f.Server + "-" + slug, tier: f.Client, direction: "egress",
			peerTier: f.Server, protocol: proto, ports: ports, description: f.Description}); err != nil {
			return nil, err
		}
	}
	for _, t := range slices.Sorted(maps.Keys(a.Tiers)) {
		for _, dir := range []struct {
			field, direction, verb string
			rules                  []CidrRule
		}{{"Egress", "egress", "-to-", a.Tiers[t].Egress}, {"Ingress", "ingress", "-from-", a.Tiers[t].Ingress}} {
			for i, c := range dir.rules {
				field := fmt.Sprintf("Tiers[%q].%s[%d]", t, dir.field, i)
				r, err := cidrRule(field, c)
				if err != nil {
					return nil, err
				}
				r.key = t + dir.verb + r.key
				r.tier, r.direction = t, dir.direction
				if err := add(field, r); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// cidrRule checks a rule to or from an address block and returns it with
// the block, protocol, ports and description filled in, and the block's
// part of its key.
func cidrRule(field string, c CidrRule) (rule, error) {
	p, err := netip.ParsePrefix(c.CidrBlock)
	if err != nil || p != p.Masked() {
		return rule{}, fmt.Errorf("%s.CidrBlock is %q; give an IPv4 or IPv6 block written with its network address", field, c.CidrBlock)
	}
	if p.Bits() == 0 {
		return rule{}, fmt.Errorf("%s.CidrBlock is %q, the whole internet; allowed values are narrower blocks", field, c.CidrBlock)
	}
	proto, ports, err := protocolPorts(c.Protocol, c.Ports)
	if err != nil {
		return rule{}, fmt.Errorf("%s.%w", field, err)
	}
	if err := description(c.Description); err != nil {
		return rule{}, fmt.Errorf("%s.Description %w", field, err)
	}
	key := strings.NewReplacer(".", "-", "/", "-", ":", "-").Replace(c.CidrBlock) + "-" + slugOf(proto, ports)
	return rule{key: key, cidr: c.CidrBlock, protocol: proto, ports: ports, description: c.Description}, nil
}

var portPattern = regexp.MustCompile(`^[0-9]+(-[0-9]+)?$`)

// protocolPorts normalizes a protocol and its ports.
func protocolPorts(protocol, ports string) (string, string, error) {
	proto := strings.ToUpper(protocol)
	if proto == "" {
		proto = TCP
	}
	if !slices.Contains(Protocols, proto) {
		return "", "", fmt.Errorf("Protocol is %q; allowed values are TCP, UDP, ICMP and ALL", protocol)
	}
	p := strings.ToUpper(ports)
	if p == "" {
		p = All
	}
	if proto == ICMP || proto == All {
		if p != All {
			return "", "", fmt.Errorf("Ports is %q; protocol %s takes ALL only", ports, proto)
		}
		return proto, p, nil
	}
	if p == All {
		return proto, p, nil
	}
	for _, part := range strings.Split(p, ",") {
		if !portPattern.MatchString(part) {
			return "", "", fmt.Errorf("Ports is %q; allowed values are ALL, a port (443), ports (80,443) or a range (30000-32767) within 1 to 65535", ports)
		}
		lo, hi, _ := strings.Cut(part, "-")
		if hi == "" {
			hi = lo
		}
		l, _ := strconv.Atoi(lo)
		h, _ := strconv.Atoi(hi)
		if l < 1 || h > 65535 || l > h {
			return "", "", fmt.Errorf("Ports is %q; allowed values are ALL, a port (443), ports (80,443) or a range (30000-32767) within 1 to 65535", ports)
		}
	}
	return proto, p, nil
}

func slugOf(proto, ports string) string {
	return strings.ToLower(proto) + "-" + strings.NewReplacer(",", "-", " ", "").Replace(strings.ToLower(ports))
}

// description checks the description of a group or rule.
func description(d string) error {
	if strings.TrimSpace(d) == "" || len([]rune(d)) > 100 {
		return fmt.Errorf("is %q; give 1 to 100 characters", d)
	}
	return nil
}
