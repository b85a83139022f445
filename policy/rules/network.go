package rules

import (
	"fmt"
	"strings"
)

var networkRules = []Rule{
	{
		ID:          "vpc-flow-logs",
		Description: "Every VPC logs ALL traffic with flow logs.",
		Anchors:     []string{"CKV2_AWS_11", "AwsSolutions-VPC7"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, v := range s.OfType(vpcType) {
				ok := false
				for _, f := range s.Referring(v, flowLogType, "vpcId") {
					if t, known := f.Str("trafficType"); !known || t == "ALL" {
						ok = true
					}
				}
				if !ok {
					out = append(out, Violation{URN: v.URN, Message: "the VPC has no flow log of ALL traffic"})
				}
			}
			return out
		},
	},
	{
		ID:          "vpc-default-security-group-closed",
		Description: "Every VPC's default security group is managed and has no rules.",
		Anchors:     []string{"CKV2_AWS_12"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, v := range s.OfType(vpcType) {
				groups := s.Referring(v, defaultSGType, "vpcId")
				if len(groups) == 0 {
					out = append(out, Violation{URN: v.URN, Message: "the VPC's default security group is not managed"})
				}
				for _, g := range groups {
					for _, dir := range []string{"ingress", "egress"} {
						if n, known := g.Len(dir); known && n > 0 {
							out = append(out, Violation{URN: g.URN, Message: "the default security group has " + dir + " rules"})
						}
					}
				}
			}
			return out
		},
	},
	{
		ID:          "vpc-no-public-ip-mapping",
		Description: "Subnets do not give instances public IP addresses.",
		Anchors:     []string{"CKV_AWS_130", "tfsec:aws-ec2-no-public-ip-subnet"},
		Level:       Mandatory,
		Types:       []string{subnetType},
		CheckResource: func(r *Resource) []string {
			return requireNotTrue(r, "mapPublicIpOnLaunch", "the subnet maps public IPs on launch")
		},
	},
	{
		ID:          "sg-no-open-ingress",
		Description: "No security group admits traffic from 0.0.0.0/0 or ::/0.",
		Anchors:     []string{"CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "tfsec:aws-ec2-no-public-ingress-sgr"},
		Level:       Mandatory,
		Types:       []string{ingressRuleType, sgRuleType, securityGroupType},
		CheckResource: func(r *Resource) []string {
			return openCIDRs(r, "ingress", "admits traffic from")
		},
	},
	{
		ID:          "sg-no-unrestricted-egress",
		Description: "No security group sends traffic to 0.0.0.0/0 or ::/0.",
		Anchors:     []string{"tfsec:aws-ec2-no-public-egress-sgr", "CKV_AWS_382"},
		Level:       Advisory,
		Types:       []string{egressRuleType, sgRuleType, securityGroupType},
		CheckResource: func(r *Resource) []string {
			return openCIDRs(r, "egress", "sends traffic to")
		},
	},
	{
		ID:          "sg-descriptions",
		Description: "Every security group and security group rule has a description.",
		Anchors:     []string{"CKV_AWS_23", "tfsec:aws-ec2-add-description-to-security-group"},
		Level:       Advisory,
		Types:       []string{securityGroupType, ingressRuleType, egressRuleType, sgRuleType},
		CheckResource: func(r *Resource) []string {
			if d, known := r.Str("description"); known && strings.TrimSpace(d) == "" {
				return []string{"no description"}
			}
			return nil
		},
	},
}

// openCIDRs reports the rules of a direction ("ingress" or "egress") of a
// security group, an ec2 SecurityGroupRule or a vpc rule resource that
// open it to the whole internet.
func openCIDRs(r *Resource, direction, verb string) []string {
	var cidrs []string
	collect := func(prefix string) {
		for _, f := range []string{"cidrIpv4", "cidrIpv6"} {
			if v, known := r.Str(prefix + f); known && v != "" {
				cidrs = append(cidrs, v)
			}
		}
		for _, f := range []string{"cidrBlocks", "ipv6CidrBlocks"} {
			if v, known := r.Get(prefix + f); known && v.IsArray() {
				for _, e := range v.ArrayValue() {
					if e.IsString() {
						cidrs = append(cidrs, e.StringValue())
					}
				}
			}
		}
	}
	switch r.Type {
	case ingressRuleType, egressRuleType:
		if (r.Type == ingressRuleType) != (direction == "ingress") {
			return nil
		}
		collect("")
	case sgRuleType:
		if t, _ := r.Str("type"); t != direction {
			return nil
		}
		collect("")
	case securityGroupType:
		n, _ := r.Len(direction)
		for i := 0; i < n; i++ {
			collect(fmt.Sprintf("%s[%d].", direction, i))
		}
	}
	var out []string
	for _, c := range cidrs {
		if contains(anywhere, c) {
			out = append(out, "the rule "+verb+" "+c)
		}
	}
	return out
}
