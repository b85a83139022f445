package securitygroups

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	sgT      = "aws:ec2/securityGroup:SecurityGroup"
	ingressT = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressT  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
)

// run creates Groups "net" and returns the recording, the
// component and the resolved value of its Ids output.
func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, *Groups, map[string]string, error) {
	t.Helper()
	var s *Groups
	var ids map[string]string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		if s, err = NewGroups(ctx, "net", args, opts...); err != nil {
			return err
		}
		s.Ids.ApplyT(func(m map[string]string) error { ids = m; return nil })
		return nil
	})
	return rec, s, ids, err
}

// twoTiers is an application tier that reaches a database tier.
func twoTiers() *Args {
	return &Args{
		VpcId: pulumi.String("vpc-0123456789abcdef0"),
		Tiers: map[string]Tier{
			"app": {Description: "application servers"},
			"db":  {Description: "PostgreSQL"},
		},
		Flows: []Flow{{Client: "app", Server: "db", FromPort: 5432, Description: "PostgreSQL from the application"}},
	}
}

func TestDefaults(t *testing.T) {
	rec, s, ids, err := run(t, twoTiers())
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "net")
	app, db := rec.Find(sgT, "net-app"), rec.Find(sgT, "net-db")
	if comp == nil || app == nil || db == nil || app.Parent != comp.URN || db.Parent != comp.URN {
		t.Fatalf("want a %s with a group per tier:\n%s", Type, rec)
	}
	for _, g := range []*mocktest.Resource{app, db} {
		if g.Str("vpcId") != "vpc-0123456789abcdef0" || g.Str("tags.modelfort:tier") == "" || g.Str("tags.Name") != g.Name {
			t.Errorf("group %s: %v", g.Name, g.Inputs)
		}
		// Inline rules would fight with the rule resources over ownership.
		if g.Has("ingress") || g.Has("egress") {
			t.Errorf("group %s has inline rules: %v", g.Name, g.Inputs)
		}
	}
	if app.Str("description") != "application servers" || db.Str("description") != "PostgreSQL" {
		t.Errorf("descriptions: %q, %q", app.Str("description"), db.Str("description"))
	}
	ins, outs := rec.OfType(ingressT), rec.OfType(egressT)
	if len(ins) != 1 || len(outs) != 1 {
		t.Fatalf("want exactly the flow's two rules, got %d ingress, %d egress:\n%s", len(ins), len(outs), rec)
	}
	in, out := ins[0], outs[0]
	if in.Name != "net-db-in-tier-app-tcp5432" || in.Str("securityGroupId") != db.ID || in.Str("referencedSecurityGroupId") != app.ID ||
		in.Str("ipProtocol") != "tcp" || in.Num("fromPort") != 5432 || in.Num("toPort") != 5432 ||
		in.Str("description") != "PostgreSQL from the application" || in.Has("cidrIpv4") || in.Has("cidrIpv6") || in.Has("prefixListId") {
		t.Errorf("ingress rule %s: %v", in.Name, in.Inputs)
	}
	if out.Name != "net-app-out-tier-db-tcp5432" || out.Str("securityGroupId") != app.ID || out.Str("referencedSecurityGroupId") != db.ID ||
		out.Num("fromPort") != 5432 || out.Str("description") != "PostgreSQL from the application" || in.Parent != comp.URN {
		t.Errorf("egress rule %s: %v", out.Name, out.Inputs)
	}
	if len(s.Groups) != 2 || strings.Join(s.Tiers, ",") != "app,db" {
		t.Errorf("groups %v, tiers %v", s.Groups, s.Tiers)
	}
	if len(ids) != 2 || ids["app"] != app.ID || ids["db"] != db.ID {
		t.Errorf("Ids: %v", ids)
	}
}

func TestOptions(t *testing.T) {
	rec, _, _, err := run(t, &Args{
		VpcId: pulumi.String("vpc-1"),
		Tiers: map[string]Tier{
			"endpoint": {
				Description:    "model endpoints",
				AllowCidrRules: true,
				Ingress: []Rule{
					{Description: "HTTPS from the office VPN", FromPort: 443, CidrBlock: "10.20.0.0/16"},
					{Description: "HTTPS from the IPv6 VPN", FromPort: 443, CidrBlock: "fd00:10::/32"},
					{Description: "ping from peers", Protocol: "icmp", FromPort: 8, ToPort: 0, Tier: "endpoint"},
				},
				Egress: []Rule{
					{Description: "HTTPS to S3", FromPort: 443, PrefixList: "s3"},
					{Description: "HTTPS to the internet through NAT", FromPort: 443, CidrBlock: "0.0.0.0/0"},
					{Description: "anything to itself", Protocol: "all", Tier: "endpoint"},
					{Description: "ephemeral UDP", Protocol: "udp", FromPort: 1024, ToPort: 65535, Tier: "endpoint"},
				},
			},
		},
		PrefixLists: map[string]pulumi.StringInput{"s3": pulumi.String("pl-63a5400a")},
		Tags:        map[string]string{"team": "ml"},
	})
	if err != nil {
		t.Fatal(err)
	}
	g := rec.Find(sgT, "net-endpoint")
	if g.Str("tags.team") != "ml" {
		t.Errorf("group tags: %v", g.Get("tags"))
	}
	check := func(typ, name string, want map[string]any) {
		t.Helper()
		r := rec.Find(typ, name)
		if r == nil {
			t.Errorf("no rule %s:\n%s", name, rec)
			return
		}
		if r.Str("securityGroupId") != g.ID || r.Str("tags.team") != "ml" {
			t.Errorf("%s: group %q, tags %v", name, r.Str("securityGroupId"), r.Get("tags"))
		}
		for k, v := range want {
			switch v := v.(type) {
			case string:
				if r.Str(k) != v {
					t.Errorf("%s: %s is %q; want %q", name, k, r.Str(k), v)
				}
			case int:
				if r.Num(k) != float64(v) {
					t.Errorf("%s: %s is %v; want %d", name, k, r.Num(k), v)
				}
			case nil:
				if r.Has(k) {
					t.Errorf("%s: %s is set: %v", name, k, r.Get(k))
				}
			}
		}
	}
	check(ingressT, "net-endpoint-in-cidr-10.20.0.0-16-tcp443", map[string]any{"cidrIpv4": "10.20.0.0/16", "fromPort": 443, "cidrIpv6": nil})
	check(ingressT, "net-endpoint-in-cidr-fd00.10..-32-tcp443", map[string]any{"cidrIpv6": "fd00:10::/32", "cidrIpv4": nil})
	check(ingressT, "net-endpoint-in-tier-endpoint-icmp8.0", map[string]any{"ipProtocol": "icmp", "fromPort": 8, "toPort": 0, "referencedSecurityGroupId": g.ID})
	check(egressT, "net-endpoint-out-prefix-s3-tcp443", map[string]any{"prefixListId": "pl-63a5400a", "referencedSecurityGroupId": nil})
	check(egressT, "net-endpoint-out-cidr-0.0.0.0-0-tcp443", map[string]any{"cidrIpv4": "0.0.0.0/0"})
	check(egressT, "net-endpoint-out-tier-endpoint-all", map[string]any{"ipProtocol": "-1", "fromPort": nil, "toPort": nil})
	check(egressT, "net-endpoint-out-tier-endpoint-udp1024-65535", map[string]any{"ipProtocol": "udp", "fromPort": 1024, "toPort": 65535})
}

func TestRejections(t *testing.T) {
	tier := func(in, out []Rule) *Args {
		a := twoTiers()
		a.Tiers["app"] = Tier{Description: "application servers", Ingress: in, Egress: out}
		return a
	}
	https := func(r Rule) []Rule {
		if r.Description == "" {
			r.Description = "HTTPS"
		}
		if r.FromPort == 0 && r.Protocol == "" {
			r.FromPort = 443
		}
		return []Rule{r}
	}
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"nil args", nil, "securitygroups net: VpcId is nil"},
		{"no tiers", &Args{VpcId: pulumi.String("vpc-1")}, "Tiers is empty; declare at least one tier"},
		{"bad tier name", &Args{VpcId: pulumi.String("vpc-1"), Tiers: map[string]Tier{"App": {Description: "x"}}}, `Tiers has "App"; tier names are 1 to 32 lower-case`},
		{"group without a description", &Args{VpcId: pulumi.String("vpc-1"), Tiers: map[string]Tier{"app": {}}}, `Tiers["app"].Description is ""; give 1 to 255`},
		{"group description with a bad character", &Args{VpcId: pulumi.String("vpc-1"), Tiers: map[string]Tier{"app": {Description: "café"}}}, `Tiers["app"].Description is "café"`},
		{"rule without a description", tier(nil, []Rule{{FromPort: 443, Tier: "db"}}), `Tiers["app"].Egress[0].Description is ""; every rule needs one`},
		{"ingress from 0.0.0.0/0", tier(https(Rule{CidrBlock: "0.0.0.0/0"}), nil), `Tiers["app"].Ingress[0].CidrBlock is 0.0.0.0/0; ingress from anywhere is never allowed`},
		{"ingress from ::/0", tier(https(Rule{CidrBlock: "::/0"}), nil), `Tiers["app"].Ingress[0].CidrBlock is ::/0; ingress from anywhere is never allowed`},
		{"ingress from public space", tier(https(Rule{CidrBlock: "0.0.0.0/1"}), nil), "ingress CIDR blocks must be private address space"},
		{"ingress CIDR without AllowCidrRules", tier(https(Rule{CidrBlock: "10.1.0.0/16"}), nil), `rules of tier "app" go to tiers and prefix lists only: set Tiers["app"].AllowCidrRules`},
		{"egress CIDR without AllowCidrRules", tier(nil, https(Rule{CidrBlock: "0.0.0.0/0"})), `Tiers["app"].Egress[0].CidrBlock is 0.0.0.0/0; rules of tier "app" go to tiers and prefix lists only`},
		{"CIDR with host bits", tier(https(Rule{CidrBlock: "10.1.2.3/16"}), nil), `CidrBlock "10.1.2.3/16" is not a CIDR block`},
		{"rule to an undeclared tier", tier(nil, https(Rule{Tier: "cache"})), `Tiers["app"].Egress[0].Tier is "cache"; allowed values are the declared tiers: app, db`},
		{"rule to an undeclared prefix list", tier(nil, https(Rule{PrefixList: "s3"})), `Tiers["app"].Egress[0].PrefixList is "s3"; allowed values are the declared prefix lists: none`},
		{"rule without a peer", tier(https(Rule{}), nil), "names 0 peers; give exactly one of Tier, PrefixList and CidrBlock"},
		{"rule with two peers", tier(https(Rule{Tier: "db", CidrBlock: "10.0.0.0/8"}), nil), "names 2 peers"},
		{"port 0", tier(nil, []Rule{{Description: "x", Tier: "db"}}), "has ports 0 to 0; allowed values are 1 to 65535"},
		{"inverted range", tier(nil, []Rule{{Description: "x", Tier: "db", FromPort: 9000, ToPort: 8000}}), "has ports 9000 to 8000"},
		{"ports with all protocols", tier(nil, []Rule{{Description: "x", Tier: "db", Protocol: "-1", FromPort: 443}}), "all protocols means all ports"},
		{"bad protocol", tier(nil, []Rule{{Description: "x", Tier: "db", Protocol: "sctp", FromPort: 1}}), `Protocol is "sctp"; allowed values are tcp, udp, icmp, -1`},
		{"bad ICMP type", tier(nil, []Rule{{Description: "x", Tier: "db", Protocol: "icmp", FromPort: 300}}), "ICMP type 300"},
		{"flow to an undeclared tier", func() *Args {
			a := twoTiers()
			a.Flows = append(a.Flows, Flow{Client: "app", Server: "cache", FromPort: 6379, Description: "Redis"})
			return a
		}(), `Flows[1].Server is "cache"; allowed values are the declared tiers: app, db`},
		{"flow without a description", func() *Args {
			a := twoTiers()
			a.Flows[0].Description = ""
			return a
		}(), `Flows[0].Description is ""`},
		{"duplicate rule", tier(nil, []Rule{{Description: "PostgreSQL", FromPort: 5432, Tier: "db"}}), `Flows[0] repeats Tiers["app"].Egress[0] (rule app-out-tier-db-tcp5432)`},
		{"nil prefix list", func() *Args {
			a := twoTiers()
			a.PrefixLists = map[string]pulumi.StringInput{"s3": nil}
			return a
		}(), `PrefixLists["s3"] is nil`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _, _, err := run(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
			if Validate("net", tt.args) == nil {
				t.Error("Validate accepts what NewGroups rejects")
			}
		})
	}
}

func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewGroups(ctx, "net", twoTiers(), pulumi.Provider(dr), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "net")
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	if n := len(rec.Descendants(comp)); n != 4 {
		t.Errorf("%d children: %v", n, rec.Types())
	}
}

// TestValidate calls Validate as component.Prepare does: it plans the
// rules in place, and its errors carry no prefix.
func TestValidate(t *testing.T) {
	a := twoTiers()
	if err := a.Validate("net"); err != nil || len(a.rules) != 2 || a.rules[0].Protocol != TCP || a.rules[0].ToPort != 5432 {
		t.Errorf("rules: %+v, %v", a.rules, err)
	}
	bad := &Args{VpcId: pulumi.String("vpc-1"), Tiers: map[string]Tier{"2db": {Description: "x"}}}
	if err := bad.Validate("net"); err == nil || !strings.HasPrefix(err.Error(), `Tiers has "2db"; tier names are`) {
		t.Errorf("error: %v", err)
	}
	if err := Validate("net", bad); err == nil || !strings.HasPrefix(err.Error(), "securitygroups net: ") {
		t.Errorf("the package's Validate names the component: %v", err)
	}
}
