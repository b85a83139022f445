package protection

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/audit"

	"github.com/modelfort/modelfort/components/tencentcloud/replicatedbucket"
	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	auditType = "tencentcloud:Audit/instance:Instance"
	keyType   = "tencentcloud:Kms/key:Key"
	ddosType  = "tencentcloud:Dayu/ddosPolicyV2:DdosPolicyV2"
)

// run creates an audit bucket in ap-guangzhou (replicated to
// ap-shanghai), lets change complete the args with it, and creates
// Protection with opts, or with the provider of bucketRegion when opts are
// empty.
func run(t *testing.T, change func(a *Args, b *replicatedbucket.Bucket), opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		b, err := replicatedbucket.NewBucket(ctx, "audit-logs", &replicatedbucket.Args{ReplicaProvider: dr})
		if err != nil {
			return err
		}
		a := &Args{AuditBucket: b}
		if change != nil {
			change(a, b)
		}
		_, err = NewProtection(ctx, "protection", a, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
}

func TestDefaults(t *testing.T) {
	rec, err := run(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp, a := rec.Find(Type, "protection"), rec.Find(auditType, "protection")
	if comp == nil || a == nil || a.Parent != comp.URN {
		t.Fatalf("want a %s with an audit tracker:\n%s", Type, rec)
	}
	key := rec.Find(keyType, "protection-audit")
	if key == nil || !key.Bool("keyRotationEnabled") || key.Region != "ap-guangzhou" || key.Str("alias") != "modelfort-protection-audit-log" {
		t.Fatalf("audit key %v", key)
	}
	if a.Str("name") != "modelfort_protection" || !a.Bool("auditSwitch") || a.Num("readWriteAttribute") != ReadWriteAll ||
		a.Str("cosBucket") != "audit-logs" || a.Str("cosRegion") != "ap-guangzhou" || a.Str("logFilePrefix") != "cloudaudit" {
		t.Errorf("audit %v", a.Inputs)
	}
	if !a.Bool("enableKmsEncry") || a.Str("keyId") != key.ID {
		t.Errorf("the audit log is encrypted %v with %q; want the dedicated key %s", a.Bool("enableKmsEncry"), a.Str("keyId"), key.ID)
	}
	bucket := rec.Find("tencentcloud:Cos/bucket:Bucket", "audit-logs")
	if !slices.Contains(a.Dependencies, bucket.URN) {
		t.Error("the tracker does not wait for its bucket")
	}
	if n := len(rec.OfType(ddosType)); n != 0 {
		t.Errorf("%d Anti-DDoS policies without AntiDDoS", n)
	}
}

func TestOptions(t *testing.T) {
	rec, err := run(t, func(a *Args, _ *replicatedbucket.Bucket) {
		a.AuditName, a.LogFilePrefix = "llm_audit", "trail"
		a.AuditKeyId = pulumi.String("key-1")
		a.AntiDDoS = []AntiDDoS{{ResourceId: "bgpip-1"}, {ResourceId: "net-2", Business: "net", Level: "high"}}
	})
	if err != nil {
		t.Fatal(err)
	}
	a := rec.Find(auditType, "protection")
	if a.Str("name") != "llm_audit" || a.Str("logFilePrefix") != "trail" || a.Str("keyId") != "key-1" || rec.Find(keyType, "protection-audit") != nil {
		t.Errorf("audit %v", a.Inputs)
	}
	for id, want := range map[string][2]string{"bgpip-1": {"bgpip", "middle"}, "net-2": {"net", "high"}} {
		p := rec.Find(ddosType, "protection-"+id)
		if p == nil || p.Str("resourceId") != id || p.Str("business") != want[0] || p.Str("ddosLevel") != want[1] || p.Str("ddosAi") != "on" {
			t.Errorf("policy for %s: %v", id, p)
		}
	}
	rec, err = run(t, func(a *Args, _ *replicatedbucket.Bucket) { a.AuditBucket, a.DisableAudit = nil, true })
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(auditType)) != 0 || rec.Find(keyType, "protection-audit") != nil || rec.Find(Type, "protection") == nil {
		t.Errorf("DisableAudit: %v", rec.Types())
	}
}

// TestCallerArgsUnchanged: the defaults are filled into a copy; the
// caller's Anti-DDoS list keeps its empty fields.
func TestCallerArgsUnchanged(t *testing.T) {
	targets := []AntiDDoS{{ResourceId: "bgpip-1"}}
	if _, err := run(t, func(a *Args, _ *replicatedbucket.Bucket) { a.AntiDDoS = targets }); err != nil {
		t.Fatal(err)
	}
	if targets[0] != (AntiDDoS{ResourceId: "bgpip-1"}) {
		t.Errorf("the caller's list was changed: %+v", targets[0])
	}
}

func TestRejections(t *testing.T) {
	for _, tt := range []struct {
		change func(a *Args, b *replicatedbucket.Bucket)
		want   string
	}{
		{func(a *Args, _ *replicatedbucket.Bucket) { a.AuditBucket = nil }, "AuditBucket is nil"},
		{func(a *Args, _ *replicatedbucket.Bucket) { a.AuditName = "a-b" }, `AuditName is "a-b"; allowed values are 3 to 128 letters, digits and '_'`},
		{func(a *Args, _ *replicatedbucket.Bucket) { a.LogFilePrefix = "ab" }, `LogFilePrefix is "ab"`},
		{func(a *Args, _ *replicatedbucket.Bucket) { a.AuditName = strings.Repeat("a", 51) }, `AuditName is "` + strings.Repeat("a", 51) + `", which names the dedicated audit key; kmskey protection-audit: Alias is`},
		{func(a *Args, _ *replicatedbucket.Bucket) { a.AntiDDoS = []AntiDDoS{{}} }, "AntiDDoS[0].ResourceId is empty"},
		{func(a *Args, _ *replicatedbucket.Bucket) { a.AntiDDoS = []AntiDDoS{{ResourceId: "x", Business: "waf"}} }, `AntiDDoS[0].Business is "waf"; allowed values are bgpip, bgp, bgp-multip, net`},
		{func(a *Args, _ *replicatedbucket.Bucket) { a.AntiDDoS = []AntiDDoS{{ResourceId: "x", Level: "max"}} }, `AntiDDoS[0].Level is "max"; allowed values are low, middle, high`},
		{func(a *Args, _ *replicatedbucket.Bucket) {
			a.AntiDDoS = []AntiDDoS{{ResourceId: "x"}, {ResourceId: "x"}}
		}, `AntiDDoS[1].ResourceId "x" is named twice`},
	} {
		rec, err := run(t, tt.change)
		if err == nil || !strings.Contains(err.Error(), "protection protection: "+tt.want) {
			t.Errorf("err = %v; want %q", err, tt.want)
		}
		if len(rec.OfType(Type)) != 0 || len(rec.OfType(auditType)) != 0 || rec.Find(keyType, "protection-audit") != nil {
			t.Errorf("%q: registered before failing: %v", tt.want, rec.Types())
		}
	}
	// The bucket is in ap-guangzhou; Protection in ap-shanghai cannot use
	// a key of its own region for it.
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		sh, err := tencentcloud.NewProvider(ctx, "sh", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		b, err := replicatedbucket.NewBucket(ctx, "audit-logs", &replicatedbucket.Args{ReplicaProvider: sh})
		if err != nil {
			return err
		}
		_, err = NewProtection(ctx, "protection", &Args{AuditBucket: b}, pulumi.Provider(sh))
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	if err == nil || !strings.Contains(err.Error(), "AuditBucket is in ap-guangzhou, the component in ap-shanghai") || len(rec.OfType(Type)) != 0 {
		t.Errorf("a bucket in another region: %v", err)
	}
}

// TestAuditOnlyThroughGuangzhou: CloudAudit's API serves ap-guangzhou
// only. A tracker through a provider of another region is refused before
// anything is registered, naming AuditProvider; AuditProvider of
// ap-guangzhou lets the bucket and key live elsewhere; without audit any
// region will do.
func TestAuditOnlyThroughGuangzhou(t *testing.T) {
	// inShanghai creates the audit bucket and Protection in ap-shanghai,
	// with audit given by the provider auditRegion names ("" for none).
	inShanghai := func(auditRegion string, disable bool) (*mocktest.Recording, error) {
		return mocktest.Run(func(ctx *pulumi.Context) error {
			sh, err := tencentcloud.NewProvider(ctx, "sh", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
			if err != nil {
				return err
			}
			bj, err := tencentcloud.NewProvider(ctx, "bj", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-beijing")})
			if err != nil {
				return err
			}
			b, err := replicatedbucket.NewBucket(ctx, "audit-logs", &replicatedbucket.Args{ReplicaProvider: bj}, pulumi.Provider(sh))
			if err != nil {
				return err
			}
			a := &Args{AuditBucket: b, DisableAudit: disable}
			if disable {
				a.AuditBucket = nil
			}
			if auditRegion != "" {
				if a.AuditProvider, err = tencentcloud.NewProvider(ctx, "audit", &tencentcloud.ProviderArgs{Region: pulumi.String(auditRegion)}); err != nil {
					return err
				}
			}
			_, err = NewProtection(ctx, "protection", a, pulumi.Provider(sh))
			return err
		})
	}
	for region, want := range map[string]string{
		"":             "AuditProvider is not set and the component acts in ap-shanghai; CloudAudit's API serves ap-guangzhou only: give AuditProvider, a tencentcloud provider of ap-guangzhou, or set DisableAudit",
		"ap-hongkong":  "AuditProvider acts in ap-hongkong; CloudAudit's API serves ap-guangzhou only",
		"ap-guangzhou": "",
	} {
		rec, err := inShanghai(region, false)
		if want == "" {
			if err != nil {
				t.Fatalf("AuditProvider of ap-guangzhou: %v", err)
			}
			a, key := rec.Find(auditType, "protection"), rec.Find(keyType, "protection-audit")
			if a == nil || a.Region != "ap-guangzhou" || !strings.Contains(a.Provider, "::audit::") || a.Str("cosRegion") != "ap-shanghai" ||
				key == nil || key.Region != "ap-shanghai" || a.Str("keyId") != key.ID {
				t.Errorf("tracker %v in %s through %s; key %v", a.Inputs, a.Region, a.Provider, key)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "protection protection: "+want) {
			t.Errorf("audit through %q: %v; want %q", region, err, want)
		}
		if len(rec.OfType(Type)) != 0 || len(rec.OfType(auditType)) != 0 || rec.Find(keyType, "protection-audit") != nil {
			t.Errorf("audit through %q: registered before failing: %v", region, rec.Types())
		}
	}
	if _, err := inShanghai("", true); err != nil {
		t.Errorf("DisableAudit in ap-shanghai: %v", err)
	}
	// The offline cloud refuses a tracker outside ap-guangzhou as
	// CloudAudit does, should a program create one directly.
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := audit.NewInstance(ctx, "direct", &audit.InstanceArgs{
			Name: pulumi.String("direct"), AuditSwitch: pulumi.Bool(true), ReadWriteAttribute: pulumi.Int(ReadWriteAll),
			CosBucket: pulumi.String("b"), CosRegion: pulumi.String("ap-shanghai"), LogFilePrefix: pulumi.String("cloudaudit"),
		})
		return err
	}, mocktest.Config("tencentcloud:region", "ap-shanghai"))
	if err == nil || !strings.Contains(err.Error(), "AUDIT-REGION") {
		t.Errorf("a tracker in ap-shanghai: %v", err)
	}
}

// TestResourceOptionsReachChildren passes protect and a provider: they
// reach every resource below the component, the dedicated key's too; the
// tracker acts through AuditProvider, protected all the same.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		gz, err := tencentcloud.NewProvider(ctx, "gz", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-beijing")})
		if err != nil {
			return err
		}
		ca, err := tencentcloud.NewProvider(ctx, "ca", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-guangzhou")})
		if err != nil {
			return err
		}
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		b, err := replicatedbucket.NewBucket(ctx, "audit-logs", &replicatedbucket.Args{ReplicaProvider: dr}, pulumi.Provider(gz))
		if err != nil {
			return err
		}
		p, err := NewProtection(ctx, "protection", &Args{AuditBucket: b, AuditProvider: ca, AntiDDoS: []AntiDDoS{{ResourceId: "bgpip-1"}}}, pulumi.Provider(gz), pulumi.Protect(true))
		if err == nil && (p.Region != "ap-beijing" || p.AuditRegion != "ap-guangzhou") {
			t.Errorf("regions %s, %s", p.Region, p.AuditRegion)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	isTracker := func(r *mocktest.Resource) bool { return r.Type == auditType }
	for _, p := range rec.OptionsReach(rec.Find(Type, "protection"), mocktest.Reach{Region: "ap-beijing", Protect: true, Skip: isTracker}) {
		t.Error(p)
	}
	if a := rec.Find(auditType, "protection"); a == nil || a.Region != "ap-guangzhou" || !a.Protect || !strings.Contains(a.Provider, "::ca::") {
		t.Errorf("tracker %+v", a)
	}
	for _, r := range []*mocktest.Resource{rec.Find(auditType, "protection"), rec.Find(keyType, "protection-audit"), rec.Find(ddosType, "protection-bgpip-1")} {
		if r == nil {
			t.Error("want a tracker, its dedicated key and an Anti-DDoS policy")
		}
	}
	if a := rec.Find(auditType, "protection"); a.Str("cosRegion") != "ap-beijing" {
		t.Errorf("cosRegion %s", a.Str("cosRegion"))
	}
}
