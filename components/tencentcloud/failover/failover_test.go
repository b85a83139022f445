package failover

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	ccnType    = "tencentcloud:Ccn/instance:Instance"
	attachType = "tencentcloud:Ccn/attachment:Attachment"
	limitType  = "tencentcloud:Ccn/bandwidthLimit:BandwidthLimit"
	zoneType   = "tencentcloud:PrivateDns/zone:Zone"
	recordType = "tencentcloud:PrivateDns/record:Record"
)

// required are the required arguments, completed by change.
func required(change func(a *Args)) *Args {
	a := &Args{
		Domain: "modelfort.internal",
		Sites: []Site{
			{Region: "ap-guangzhou", VpcId: pulumi.String("vpc-gz"), Address: pulumi.String("10.0.0.10")},
			{Region: "ap-shanghai", VpcId: pulumi.String("vpc-sh"), Address: pulumi.String("10.1.0.10")},
		},
		Active: "ap-guangzhou",
	}
	if change != nil {
		change(a)
	}
	return a
}

func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewFailover(ctx, "serving", args, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
}

// TestNameFollowsTheActiveSite follows the chain name -> record -> the
// active site's load balancer address, and the path to every site: the
// zone is bound to both VPCs and the CCN joins them.
func TestNameFollowsTheActiveSite(t *testing.T) {
	for _, active := range []string{"ap-guangzhou", "ap-shanghai"} {
		rec, err := run(t, required(func(a *Args) { a.Active = active }))
		if err != nil {
			t.Fatal(err)
		}
		comp, zone, record := rec.Find(Type, "serving"), rec.Find(zoneType, "serving"), rec.Find(recordType, "serving")
		if comp == nil || zone == nil || record == nil || zone.Parent != comp.URN {
			t.Fatalf("want a %s with a zone and a record:\n%s", Type, rec)
		}
		want := map[string]string{"ap-guangzhou": "10.0.0.10", "ap-shanghai": "10.1.0.10"}[active]
		if record.Str("zoneId") != zone.ID || record.Str("subDomain") != "model" || record.Str("recordType") != "A" ||
			record.Str("recordValue") != want || record.Num("ttl") != DefaultTTL {
			t.Errorf("active %s: record %v", active, record.Inputs)
		}
		if zone.Str("domain") != "modelfort.internal" || zone.Str("dnsForwardStatus") != "DISABLED" {
			t.Errorf("zone %v", zone.Inputs)
		}
		vpcs := fmt.Sprint(zone.Get("vpcSets"))
		for _, v := range []string{"vpc-gz", "ap-guangzhou", "vpc-sh", "ap-shanghai"} {
			if !strings.Contains(vpcs, v) {
				t.Errorf("the zone is not bound to %s: %s", v, vpcs)
			}
		}
		network := rec.Find(ccnType, "serving")
		if network == nil || network.Str("chargeType") != "POSTPAID" || network.Str("bandwidthLimitType") != "INTER_REGION_LIMIT" || network.Str("name") != "modelfort-serving" {
			t.Fatalf("ccn %v", network)
		}
		for _, s := range []struct{ region, vpc string }{{"ap-guangzhou", "vpc-gz"}, {"ap-shanghai", "vpc-sh"}} {
			att := rec.Find(attachType, "serving-"+s.region)
			if att == nil || att.Str("ccnId") != network.ID || att.Str("instanceId") != s.vpc || att.Str("instanceRegion") != s.region || att.Str("instanceType") != "VPC" {
				t.Errorf("attachment of %s: %v", s.region, att)
			}
		}
		limit := rec.Find(limitType, "serving-ap-guangzhou-ap-shanghai")
		if limit == nil || limit.Str("ccnId") != network.ID || limit.Num("bandwidthLimit") != DefaultBandwidthMbps ||
			limit.Str("region") != "ap-guangzhou" || limit.Str("dstRegion") != "ap-shanghai" {
			t.Errorf("limit %v", limit)
		}
		if n := len(rec.OfType(limitType)); n != 1 {
			t.Errorf("%d limits; want one per pair of regions", n)
		}
	}
}

func TestOptions(t *testing.T) {
	rec, err := run(t, required(func(a *Args) {
		a.SubDomain, a.TTL, a.BandwidthMbps, a.Name = "llm", 60, 500, "llm-link"
		a.Sites = append(a.Sites, Site{Region: "ap-beijing", VpcId: pulumi.String("vpc-bj"), Address: pulumi.String("10.2.0.10")})
		a.Active = "ap-beijing"
		a.Tags = map[string]string{"team": "ml"}
	}))
	if err != nil {
		t.Fatal(err)
	}
	r := rec.Find(recordType, "serving")
	if r.Str("subDomain") != "llm" || r.Num("ttl") != 60 || r.Str("recordValue") != "10.2.0.10" {
		t.Errorf("record %v", r.Inputs)
	}
	if n := len(rec.OfType(limitType)); n != 3 {
		t.Errorf("%d limits; want 3 for three regions", n)
	}
	if c := rec.Find(ccnType, "serving"); c.Str("name") != "llm-link" || c.Str("tags.team") != "ml" {
		t.Errorf("ccn %v", c.Inputs)
	}
	if z := rec.Find(zoneType, "serving"); z.Str("tags.team") != "ml" {
		t.Errorf("zone %v", z.Inputs)
	}
}

func TestRejections(t *testing.T) {
	for _, tt := range []struct {
		args *Args
		want string
	}{
		{nil, `Domain is ""`},
		{required(func(a *Args) { a.Domain = "internal" }), `Domain is "internal"; allowed values are private zone names of two or more labels`},
		{required(func(a *Args) { a.SubDomain = "a.b" }), `SubDomain is "a.b"`},
		{required(func(a *Args) { a.Sites = a.Sites[:1] }), "Sites has 1 site(s); allowed values are at least 2 regions"},
		{required(func(a *Args) { a.Sites[1].Region = "ap-guangzhou" }), `Sites[1].Region is "ap-guangzhou", which another site has`},
		{required(func(a *Args) { a.Sites[1].Region = "Shanghai" }), `Sites[1].Region is "Shanghai"`},
		{required(func(a *Args) { a.Sites[0].Address = nil }), "Sites[0] has no VpcId or Address"},
		{required(func(a *Args) { a.Active = "ap-beijing" }), `Active is "ap-beijing"; allowed values are the sites' regions: ap-guangzhou, ap-shanghai`},
		{required(func(a *Args) { a.TTL = 86401 }), "TTL is 86401; allowed values are 1 to 86400"},
		{required(func(a *Args) { a.BandwidthMbps = -1 }), "BandwidthMbps is -1; allowed values are 1 to 100000"},
		{required(func(a *Args) { a.Name = strings.Repeat("n", 61) }), `Name is "` + strings.Repeat("n", 61) + `" (61 characters); allowed values are 1 to 60 characters`},
	} {
		rec, err := run(t, tt.args)
		if err == nil || !strings.Contains(err.Error(), "failover serving: "+tt.want) {
			t.Errorf("err = %v; want %q", err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%q: registered before failing:\n%s", tt.want, rec)
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
		_, err = NewFailover(ctx, "serving", required(nil), pulumi.Provider(sh), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "serving"), mocktest.Reach{Region: "ap-shanghai", Protect: true}) {
		t.Error(p)
	}
	types := rec.Types()
	for _, typ := range []string{ccnType, attachType, limitType, zoneType, recordType} {
		if types[typ] == 0 {
			t.Errorf("no %s", typ)
		}
	}
	if !slices.Contains(rec.Find(limitType, "serving-ap-guangzhou-ap-shanghai").Dependencies, rec.Find(attachType, "serving-ap-guangzhou").URN) {
		t.Error("the bandwidth limit does not wait for the attachment")
	}
}
