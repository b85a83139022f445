package privatenetwork

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	vpcType    = "tencentcloud:Vpc/instance:Instance"
	subnetType = "tencentcloud:Subnet/instance:Instance"
	groupType  = "tencentcloud:Security/group:Group"
	ruleType   = "tencentcloud:Security/groupRule:GroupRule"
)

func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewNetwork(ctx, "serving", args, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
}

// groupOf returns the tier whose group has the ID id.
func groupOf(rec *mocktest.Recording, id string) string {
	for _, g := range rec.OfType(groupType) {
		if g.ID == id {
			return strings.TrimPrefix(g.Name, "serving-")
		}
	}
	return ""
}

// rule describes a recorded rule as "TIER DIRECTION PEER PROTOCOL PORTS".
func describe(rec *mocktest.Recording, r *mocktest.Resource) string {
	peer := groupOf(rec, r.Str("sourceSgid"))
	if peer == "" {
		peer = r.Str("cidrIp")
	}
	proto, ports := r.Str("ipProtocol"), r.Str("portRange")
	if proto == "" {
		proto = "ALL"
	}
	if ports == "" {
		ports = "ALL"
	}
	return strings.Join([]string{groupOf(rec, r.Str("securityGroupId")), r.Str("type"), peer, proto, ports}, " ")
}

func TestDefaults(t *testing.T) {
	rec, err := run(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp, v := rec.Find(Type, "serving"), rec.Find(vpcType, "serving")
	if comp == nil || v == nil || v.Parent != comp.URN {
		t.Fatalf("want a %s with a VPC:\n%s", Type, rec)
	}
	if v.Str("cidrBlock") != "10.0.0.0/16" || v.Bool("isMulticast") || !v.Has("isMulticast") {
		t.Errorf("vpc %v", v.Inputs)
	}
	if n := len(rec.OfType(subnetType)); n != 2 {
		t.Fatalf("%d subnets; want 2", n)
	}
	for i, want := range []struct{ zone, cidr string }{{"ap-guangzhou-1", "10.0.0.0/20"}, {"ap-guangzhou-2", "10.0.16.0/20"}} {
		s := rec.Find(subnetType, "serving-"+want.zone)
		if s == nil || s.Str("availabilityZone") != want.zone || s.Str("cidrBlock") != want.cidr || s.Str("vpcId") != v.ID || s.Bool("isMulticast") {
			t.Errorf("subnet %d: %v; want %v", i, s.Inputs, want)
		}
	}
	groups := rec.OfType(groupType)
	if len(groups) != 3 {
		t.Errorf("%d groups; want clients, clb, nodes", len(groups))
	}
	for _, g := range groups {
		if strings.TrimSpace(g.Str("description")) == "" || g.Str("name") != g.Name {
			t.Errorf("group %s: %v", g.Name, g.Inputs)
		}
	}
	var got []string
	for _, r := range rec.OfType(ruleType) {
		got = append(got, describe(rec, r))
		if r.Str("policy") != "ACCEPT" || strings.TrimSpace(r.Str("description")) == "" {
			t.Errorf("rule %s: %v", r.Name, r.Inputs)
		}
		// Ingress comes from a tier, or (the nodes') from the pod network.
		if r.Str("type") == "ingress" && !r.Has("sourceSgid") && r.Str("cidrIp") != DefaultPodCidr {
			t.Errorf("ingress rule %s comes neither from a group nor from the pods: %v", r.Name, r.Inputs)
		}
		if c := r.Str("cidrIp"); c == "0.0.0.0/0" || c == "::/0" {
			t.Errorf("rule %s is open to %s", r.Name, c)
		}
	}
	slices.Sort(got)
	want := []string{
		"clb egress nodes TCP 30000-32767",
		"clb ingress clients TCP 443",
		"clients egress clb TCP 443",
		"nodes egress 10.0.0.0/16 TCP 443",
		"nodes egress 169.254.0.0/16 TCP 80,443",
		"nodes egress 169.254.0.0/16 UDP 123",
		"nodes egress 172.16.0.0/16 ALL ALL",
		"nodes egress 183.60.82.98/32 UDP 53",
		"nodes egress 183.60.83.19/32 UDP 53",
		"nodes egress nodes ALL ALL",
		"nodes ingress 172.16.0.0/16 ALL ALL",
		"nodes ingress clb TCP 30000-32767",
		"nodes ingress nodes ALL ALL",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rules:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOptions(t *testing.T) {
	var n *Network
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		n, err = NewNetwork(ctx, "serving", &Args{
			CidrBlock: "172.20.0.0/18",
			ZoneCount: 3,
			Tiers: map[string]Tier{
				"web": {Description: "web tier"},
				"db":  {Description: "database tier", Egress: []CidrRule{{CidrBlock: "fd00::/8", Protocol: "udp", Ports: "123", Description: "time"}}},
			},
			Flows: []Flow{{Client: "web", Server: "db", Ports: "5432", Description: "web reads the database"}},
			Tags:  map[string]string{"team": "ml"},
		})
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	if err != nil {
		t.Fatal(err)
	}
	third := rec.Find(subnetType, "serving-ap-guangzhou-3")
	if n := len(rec.OfType(subnetType)); n != 3 || third == nil || third.Str("cidrBlock") != "172.20.8.0/22" {
		t.Errorf("%d subnets; the third %v", n, third)
	}
	var got []string
	for _, r := range rec.OfType(ruleType) {
		got = append(got, describe(rec, r))
	}
	slices.Sort(got)
	want := []string{"db egress fd00::/8 UDP 123", "db ingress web TCP 5432", "web egress db TCP 5432"}
	if !slices.Equal(got, want) {
		t.Errorf("rules %v; want %v", got, want)
	}
	for _, r := range append(rec.OfType(groupType), rec.Find(vpcType, "serving"), third) {
		if r.Str("tags.team") != "ml" {
			t.Errorf("%s has no tags", r.URN)
		}
	}
	if !slices.Equal(n.Tiers, []string{"db", "web"}) || !slices.Equal(n.ZoneNames, []string{"ap-guangzhou-1", "ap-guangzhou-2", "ap-guangzhou-3"}) || n.Region != "ap-guangzhou" {
		t.Errorf("network fields %+v", n)
	}
	rec, err = run(t, &Args{Zones: []string{"ap-guangzhou-3", "ap-guangzhou-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if s := rec.Find(subnetType, "serving-ap-guangzhou-3"); s == nil || s.Str("cidrBlock") != "10.0.0.0/20" {
		t.Errorf("the first zone given has subnet %v; want the first block", s)
	}
}

func TestRejections(t *testing.T) {
	tiers := func(egress ...CidrRule) map[string]Tier {
		return map[string]Tier{"a": {Description: "a", Egress: egress}, "b": {Description: "b"}}
	}
	for _, tt := range []struct {
		args Args
		want string
	}{
		{Args{CidrBlock: "8.8.0.0/16"}, `CidrBlock is "8.8.0.0/16"; allowed values are blocks inside 10.0.0.0/8`},
		{Args{CidrBlock: "10.0.0.1/16"}, `CidrBlock is "10.0.0.1/16"`},
		{Args{CidrBlock: "10.0.0.0/25"}, `CidrBlock is "10.0.0.0/25"`},
		{Args{CidrBlock: "172.0.0.0/8"}, `CidrBlock is "172.0.0.0/8"`},
		{Args{ZoneCount: 1}, "ZoneCount is 1; allowed values are at least 2"},
		{Args{CidrBlock: "172.16.0.0/16"}, `PodCidr is "172.16.0.0/16"; allowed values are blocks inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address, outside CidrBlock (172.16.0.0/16)`},
		{Args{PodCidr: "8.8.0.0/16"}, `PodCidr is "8.8.0.0/16"`},
		{Args{RemoteClientCidrs: []string{"10.0.128.0/17"}}, `RemoteClientCidrs[0] is "10.0.128.0/17"; allowed values are private blocks written with their network address, outside CidrBlock (10.0.0.0/16)`},
		{Args{Tiers: map[string]Tier{"a": {Description: "a", Ingress: []CidrRule{{CidrBlock: "0.0.0.0/0", Description: "all"}}}}}, `Tiers["a"].Ingress[0].CidrBlock is "0.0.0.0/0", the whole internet`},
		{Args{ZoneCount: 4}, "ZoneCount is 4; allowed values are at most 3, the zones of ap-guangzhou"},
		{Args{Zones: []string{"ap-guangzhou-1"}}, "ZoneCount is 1; allowed values are at least 2"},
		{Args{Zones: []string{"ap-guangzhou-1", "ap-guangzhou-1"}}, `Zones has "ap-guangzhou-1" twice`},
		{Args{Zones: []string{"ap-guangzhou-1", "ap-shanghai-2"}}, `Zones has "ap-shanghai-2"; allowed values are the zones of ap-guangzhou`},
		{Args{Zones: []string{"ap-guangzhou-1", "ap-guangzhou-2"}, ZoneCount: 3}, "ZoneCount is 3 but Zones has 2 zones"},
		{Args{Tiers: map[string]Tier{}}, "Tiers is empty"},
		{Args{Tiers: map[string]Tier{"Web": {Description: "w"}}}, `Tiers has "Web"; allowed names are`},
		{Args{Tiers: map[string]Tier{"web": {}}}, `Tiers["web"].Description is ""; give 1 to 100 characters`},
		{Args{Tiers: tiers(), Flows: []Flow{{Client: "a", Server: "c", Description: "d"}}}, `Flows[0] names tier "c"; allowed values are a, b`},
		{Args{Tiers: tiers(), Flows: []Flow{{Client: "a", Server: "b", Protocol: "GRE", Description: "d"}}}, `Flows[0].Protocol is "GRE"; allowed values are TCP, UDP, ICMP and ALL`},
		{Args{Tiers: tiers(), Flows: []Flow{{Client: "a", Server: "b", Ports: "0-70000", Description: "d"}}}, `Flows[0].Ports is "0-70000"`},
		{Args{Tiers: tiers(), Flows: []Flow{{Client: "a", Server: "b", Protocol: "ICMP", Ports: "8", Description: "d"}}}, `Flows[0].Ports is "8"; protocol ICMP takes ALL only`},
		{Args{Tiers: tiers(), Flows: []Flow{{Client: "a", Server: "b"}}}, `Flows[0].Description is ""`},
		{Args{Tiers: tiers(), Flows: []Flow{{Client: "a", Server: "b", Description: "d"}, {Client: "a", Server: "b", Protocol: "tcp", Description: "e"}}}, "Flows[1] repeats Flows[0]"},
		{Args{Tiers: tiers(CidrRule{CidrBlock: "0.0.0.0/0", Description: "d"})}, `Tiers["a"].Egress[0].CidrBlock is "0.0.0.0/0", the whole internet`},
		{Args{Tiers: tiers(CidrRule{CidrBlock: "::/0", Description: "d"})}, `Tiers["a"].Egress[0].CidrBlock is "::/0", the whole internet`},
		{Args{Tiers: tiers(CidrRule{CidrBlock: "10.0.0.0", Description: "d"})}, `Tiers["a"].Egress[0].CidrBlock is "10.0.0.0"`},
		{Args{Tiers: tiers(CidrRule{CidrBlock: "10.0.0.0/8"})}, `Tiers["a"].Egress[0].Description is ""`},
	} {
		rec, err := run(t, &tt.args)
		if err == nil || !strings.Contains(err.Error(), "privatenetwork serving: "+tt.want) {
			t.Errorf("%+v: err = %v; want %q", tt.args, err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%+v: registered before failing:\n%s", tt.args, rec)
		}
	}
}

// TestResourceOptionsReachChildren passes protect and a provider: they
// reach every resource below the component.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		sh, err := tencentcloud.NewProvider(ctx, "sh", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		_, err = NewNetwork(ctx, "serving", nil, pulumi.Provider(sh), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "serving")
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "ap-shanghai", Protect: true}) {
		t.Error(p)
	}
	n := 0
	for _, r := range rec.Descendants(comp) {
		if r.Custom {
			n++
		}
	}
	if n != 19 {
		t.Errorf("%d resources; want 19 (vpc, 2 subnets, 3 groups, 13 rules)", n)
	}
	if rec.Find(subnetType, "serving-ap-shanghai-2") == nil {
		t.Errorf("no subnet in ap-shanghai-2, a zone of the provider's region: %v", rec.Types())
	}
}

// TestGapNoFlowLogs shows that the provider has no VPC flow-log resource,
// so a Network has none. When a provider upgrade adds one, this test
// fails: add flow logs to Network.
func TestGapNoFlowLogs(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/tencentcloudstack/pulumi-tencentcloud/sdk").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "go", "tencentcloud")
	entries, err := os.ReadDir(filepath.Join(dir, "vpc"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("the SDK has no vpc package")
	}
	for _, e := range entries {
		if strings.Contains(strings.ToLower(e.Name()), "flowlog") {
			t.Errorf("the SDK now has %s: add flow logs to Network", e.Name())
		}
	}
	rec, err := run(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	for typ := range rec.Types() {
		if strings.Contains(strings.ToLower(typ), "flowlog") {
			t.Errorf("unexpected %s", typ)
		}
	}
}

// TestRemoteClientsReachTheLoadBalancer: with RemoteClientCidrs (the other
// region's VPC), the clb tier admits that block on 443 and the clients
// tier may call it there; nothing else opens to it.
func TestRemoteClientsReachTheLoadBalancer(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewNetwork(ctx, "serving", &Args{RemoteClientCidrs: []string{"10.1.0.0/16"}})
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rec.OfType(ruleType) {
		if r.Str("cidrIp") == "10.1.0.0/16" {
			got = append(got, describe(rec, r))
		}
	}
	want := []string{"clb ingress 10.1.0.0/16 TCP 443", "clients egress 10.1.0.0/16 TCP 443"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("rules of the remote block: %v; want %v", got, want)
	}
}
