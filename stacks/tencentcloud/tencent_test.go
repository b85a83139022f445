package tencentcloud

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/modelfort/modelfort/internal/campolicy"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	bucketType   = "tencentcloud:Cos/bucket:Bucket"
	policyType   = "tencentcloud:Cos/bucketPolicy:BucketPolicy"
	keyType      = "tencentcloud:Kms/key:Key"
	clusterType  = "tencentcloud:Kubernetes/cluster:Cluster"
	clbType      = "tencentcloud:Clb/instance:Instance"
	auditType    = "tencentcloud:Audit/instance:Instance"
	subnetType   = "tencentcloud:Subnet/instance:Instance"
	poolType     = "tencentcloud:Kubernetes/nodePool:NodePool"
	providerType = "pulumi:providers:tencentcloud"
	appID        = "1250000000"
)

// environments maps each environment to its checked-in stack file.
var environments = map[string]string{"dev": "tencent-dev", "prod": "tencent-prod"}

// stackConfig reads the config values of a checked-in Pulumi.<stack>.yaml.
func stackConfig(t *testing.T, stack string) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../../Pulumi." + stack + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	// Structured values reach the program as JSON, as Pulumi passes them.
	out := map[string]string{}
	for k, v := range f.Config {
		if s, ok := v.(string); ok {
			out[k] = s
			continue
		}
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[k] = string(j)
	}
	return out
}

// run runs Program with a checked-in stack's config, changed by overrides
// ("" removes a key).
func run(t *testing.T, stack string, overrides map[string]string, more ...mocktest.Option) (*mocktest.Recording, error) {
	t.Helper()
	cfg := stackConfig(t, stack)
	maps.Copy(cfg, overrides)
	opts := append([]mocktest.Option{mocktest.Stack(stack)}, more...)
	for k, v := range cfg {
		if v != "" {
			opts = append(opts, mocktest.Config(k, v))
		}
	}
	return mocktest.Run(Program, opts...)
}

func mustRun(t *testing.T, stack string, overrides map[string]string) *mocktest.Recording {
	t.Helper()
	rec, err := run(t, stack, overrides)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestStacksPassEveryRule runs the policy pack's rules over each
// environment's resources (staging with dev's file): none may be
// violated, advisory or mandatory.
func TestStacksPassEveryRule(t *testing.T) {
	for env, stack := range map[string]string{"dev": "tencent-dev", "staging": "tencent-dev", "prod": "tencent-prod"} {
		rec := mustRun(t, stack, map[string]string{"modelfort:environment": env})
		if vs := rules.Evaluate(rulestest.Stack(rec, env), rules.All()); len(vs) > 0 {
			t.Errorf("%s violates the policy pack:\n%s", env, rules.Table(vs))
		}
	}
}

// TestWeakenedProdYieldsExactlyTheExpectedViolations deploys with dev's
// profile and judges the result as prod: the pack must name exactly dev's
// loosenings, on each resource that has them.
func TestWeakenedProdYieldsExactlyTheExpectedViolations(t *testing.T) {
	rec := mustRun(t, "tencent-dev", nil)
	stack := rulestest.Stack(rec, "prod")
	protected := 0
	for _, r := range stack.Resources {
		if slices.Contains(rules.TencentProtectedTypes, r.Type) {
			protected++
		}
	}
	want := map[string]int{
		"tc-prod-protected":          protected,
		"tc-cos-version-protection":  4, // models, its replica, audit logs, their replica
		"tc-tke-deletion-protection": 2, // the primary's and the replica's clusters
	}
	got := map[string]int{}
	vs := rules.Evaluate(stack, rules.All())
	for _, v := range vs {
		got[v.RuleID]++
	}
	if !maps.Equal(got, want) {
		t.Errorf("violations by rule: got %v, want %v\n%s", got, want, rules.Table(vs))
	}
	if protected < 10 {
		t.Errorf("only %d resources of protected types", protected)
	}
}

func TestDeploymentSpansTwoRegions(t *testing.T) {
	rec := mustRun(t, "tencent-dev", nil)
	for role, region := range map[string]string{"primary": "ap-guangzhou", "replica": "ap-shanghai"} {
		if p := rec.Find(providerType, role); p == nil || p.Str("region") != region {
			t.Fatalf("provider %s: %+v", role, p)
		}
	}
	if n := len(rec.OfType(providerType)); n != 2 {
		t.Errorf("%d providers", n)
	}
	regions := map[string]string{
		"data": "ap-guangzhou", "data-replica": "ap-shanghai",
	}
	for name, region := range regions {
		if k := rec.Find(keyType, name); k == nil || k.Region != region || !k.Bool("keyRotationEnabled") {
			t.Errorf("key %s: %+v", name, k)
		}
	}
	for _, b := range []string{"models", "audit"} {
		primary, replica := rec.Find(bucketType, b), rec.Find(bucketType, b+"-replica")
		name := "modelfort-dev-" + b
		if primary.Str("bucket") != name+"-"+appID || primary.Region != "ap-guangzhou" ||
			replica.Str("bucket") != name+"-replica-"+appID || replica.Region != "ap-shanghai" {
			t.Errorf("%s buckets: %s in %s, %s in %s", b, primary.Str("bucket"), primary.Region, replica.Str("bucket"), replica.Region)
		}
		if d := primary.Str("replicaRules[0].destinationBucket"); d != "qcs::cos:ap-shanghai::"+name+"-replica-"+appID {
			t.Errorf("%s replicates to %q", b, d)
		}
		if primary.Str("tags[\"modelfort:environment\"]") != "dev" {
			t.Errorf("%s tags %v", b, primary.Get("tags"))
		}
	}
	// Each site serves: its own network, load balancer and node pool, in
	// its own region.
	for _, site := range []struct{ suffix, region string }{{"", "ap-guangzhou"}, {"-replica", "ap-shanghai"}} {
		name := "serving" + site.suffix
		subnets := []*mocktest.Resource{rec.Find(subnetType, name+"-"+site.region+"-1"), rec.Find(subnetType, name+"-"+site.region+"-2")}
		if subnets[0] == nil || subnets[1] == nil || subnets[0].Region != site.region {
			t.Fatalf("%s subnets %v", name, rec.Types())
		}
		lb := rec.Find(clbType, name)
		if lb.Region != site.region || lb.Has("masterZoneId") || lb.Str("subnetId") != subnets[0].ID ||
			!slices.Equal(lb.Strs("securityGroups"), []string{rec.Find("tencentcloud:Security/group:Group", name+"-clb").ID}) {
			t.Errorf("%s clb %v", name, lb.Inputs)
		}
		pool := rec.Find(poolType, name)
		if pool.Region != site.region || !slices.Equal(pool.Strs("subnetIds"), []string{subnets[0].ID, subnets[1].ID}) ||
			!slices.Equal(pool.Strs("autoScalingConfig.securityGroupIds"), []string{rec.Find("tencentcloud:Security/group:Group", name+"-nodes").ID}) {
			t.Errorf("%s node pool %v", name, pool.Inputs)
		}
	}
	if n := len(rec.OfType(subnetType)); n != 4 {
		t.Errorf("%d subnets; want 2 per site", n)
	}
	a := rec.Find(auditType, "protection")
	if a == nil || a.Str("cosBucket") != "modelfort-dev-audit" || a.Str("cosRegion") != "ap-guangzhou" || a.Str("name") != "modelfort_dev" {
		t.Errorf("audit %v", a)
	}
	for _, r := range rec.Resources {
		if r.Custom && !strings.HasPrefix(r.Type, "pulumi:providers:") && r.Provider == "" {
			t.Errorf("%s uses the default provider", r.URN)
		}
	}
}

// TestProfiles: prod protects everything, turns on the cloud's deletion
// guards and version protection, and spans three zones; dev does none of
// it, so that it can be torn down.
func TestProfiles(t *testing.T) {
	for env, stack := range environments {
		rec := mustRun(t, stack, nil)
		prod := env == "prod"
		n := 0
		for _, r := range rec.Resources {
			if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
				continue
			}
			n++
			if r.Protect != prod {
				t.Errorf("%s: %s protect = %v", env, r.URN, r.Protect)
			}
		}
		if c := rec.Find(clusterType, "serving"); c.Bool("deletionProtection") != prod {
			t.Errorf("%s: cluster deletion protection %v", env, c.Bool("deletionProtection"))
		}
		for _, name := range []string{"models", "models-replica", "audit", "audit-replica"} {
			doc, err := campolicy.Parse(rec.Find(policyType, name).Str("policy"))
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(doc.Actions("deny"), "name/cos:DeleteMultipleObjects"); got != prod {
				t.Errorf("%s: %s denies version deletion: %v", env, name, got)
			}
		}
		zones := 2
		if prod {
			zones = 3
		}
		if got := len(rec.OfType(subnetType)); got != 2*zones {
			t.Errorf("%s: %d subnets; want %d in each site", env, got, zones)
		}
		for _, name := range []string{"serving", "serving-replica"} {
			if pool := rec.Find(poolType, name); pool.Num("minSize") != float64(zones) {
				t.Errorf("%s: %s min nodes %v", env, name, pool.Num("minSize"))
			}
			if c := rec.Find(clusterType, name); c.Bool("deletionProtection") != prod {
				t.Errorf("%s: %s deletion protection %v", env, name, c.Bool("deletionProtection"))
			}
		}
		t.Logf("%s: %d resources, %d custom", env, len(rec.Resources), n)
	}
}

// TestProfileDefaults: without zoneCount and minNodes in the stack file,
// each environment's profile decides them.
func TestProfileDefaults(t *testing.T) {
	for env, zones := range map[string]int{"dev": 2, "prod": 3} {
		rec := mustRun(t, environments[env], map[string]string{"modelfort:zoneCount": "", "modelfort:minNodes": "", "modelfort:maxNodes": ""})
		if got := len(rec.OfType(subnetType)); got != 2*zones {
			t.Errorf("%s: %d subnets; want %d zones in each site", env, got, zones)
		}
		pool := rec.Find(poolType, "serving")
		if pool.Num("minSize") != float64(zones) || pool.Num("maxSize") != DefaultMaxNodes {
			t.Errorf("%s: node pool %v..%v", env, pool.Num("minSize"), pool.Num("maxSize"))
		}
	}
}

// TestResourceCounts pins how many resources each environment registers
// (components, custom resources and the two providers; the stack itself
// not counted), as the README states them.
func TestResourceCounts(t *testing.T) {
	for env, want := range map[string]int{"dev": 137, "prod": 139} {
		rec := mustRun(t, environments[env], nil)
		if got := len(rec.Resources); got != want {
			t.Errorf("%s: %d resources; want %d\n%v", env, got, want, rec.Types())
		}
	}
}

func TestSwitches(t *testing.T) {
	rec := mustRun(t, "tencent-dev", map[string]string{"modelfort:cloudAudit": "false", "modelfort:antiDdosInstance": "bgpip-00000001"})
	if len(rec.OfType(auditType)) != 0 {
		t.Error("cloudAudit false still audits")
	}
	p := rec.Find("tencentcloud:Dayu/ddosPolicyV2:DdosPolicyV2", "protection-bgpip-00000001")
	if p == nil || p.Str("business") != "bgpip" || p.Region != "ap-guangzhou" {
		t.Errorf("Anti-DDoS policy %+v", p)
	}
	rec = mustRun(t, "tencent-dev", map[string]string{"modelfort:clbLogSetId": "4eb9e3a8-9c42-4b32-9ddf-e215e9c92764"})
	if rec.Find("tencentcloud:Clb/logSet:LogSet", "serving") != nil || rec.Find(clbType, "serving").Str("logSetId") != "4eb9e3a8-9c42-4b32-9ddf-e215e9c92764" {
		t.Error("modelfort:clbLogSetId did not replace the dedicated log set")
	}
	rec = mustRun(t, "tencent-dev", map[string]string{"modelfort:vpcCidr": "192.168.0.0/20", "modelfort:nodeInstanceType": "GN7.2XLARGE32", "modelfort:zoneCount": "3", "modelfort:minNodes": "3", "modelfort:maxNodes": "12"})
	if v := rec.Find("tencentcloud:Vpc/instance:Instance", "serving"); v.Str("cidrBlock") != "192.168.0.0/20" {
		t.Errorf("vpc %v", v.Inputs)
	}
	if pool := rec.Find(poolType, "serving"); pool.Str("autoScalingConfig.instanceType") != "GN7.2XLARGE32" || pool.Num("minSize") != 3 || pool.Num("maxSize") != 12 {
		t.Errorf("pool %v", pool.Inputs)
	}
}

func TestConfigRejections(t *testing.T) {
	for _, tt := range []struct {
		stack     string
		overrides map[string]string
		want      string
	}{
		{"tencent-dev", map[string]string{"modelfort:cloud": ""}, `modelfort:cloud is ""; this program deploys to Tencent Cloud and needs tencentcloud`},
		{"tencent-dev", map[string]string{"modelfort:environment": "qa"}, `modelfort:environment is "qa"; allowed values are dev, prod, staging`},
		{"tencent-dev", map[string]string{"tencentcloud:region": ""}, `tencentcloud:region is ""; it must be a Tencent Cloud region`},
		{"tencent-dev", map[string]string{"modelfort:replicaRegion": "Shanghai"}, `modelfort:replicaRegion is "Shanghai"`},
		{"tencent-dev", map[string]string{"modelfort:replicaRegion": "ap-guangzhou"}, `modelfort:replicaRegion is "ap-guangzhou", the same as tencentcloud:region`},
		{"tencent-dev", map[string]string{"modelfort:zoneCount": "1"}, "modelfort:zoneCount is 1; allowed values are 2 to 3"},
		{"tencent-dev", map[string]string{"modelfort:zoneCount": "two"}, `modelfort:zoneCount is "two"; it must be a whole number`},
		{"tencent-dev", map[string]string{"modelfort:vpcCidr": "8.8.0.0/16"}, `modelfort:vpcCidr is "8.8.0.0/16"; allowed values are blocks inside 10.0.0.0/8`},
		{"tencent-dev", map[string]string{"modelfort:vpcCidr": "172.16.0.0/16"}, `modelfort:vpcCidr is "172.16.0.0/16"; it overlaps the cluster's pod and service block`},
		{"tencent-dev", map[string]string{"modelfort:minNodes": "1"}, "modelfort:minNodes is 1; allowed values are at least modelfort:zoneCount (2)"},
		{"tencent-dev", map[string]string{"modelfort:maxNodes": "1"}, "modelfort:maxNodes is 1; allowed values are at least modelfort:minNodes (2)"},
		{"tencent-dev", map[string]string{"modelfort:cloudAudit": "maybe"}, `modelfort:cloudAudit is "maybe"; allowed values are true and false`},
		{"tencent-prod", map[string]string{"modelfort:cloudAudit": "false"}, "modelfort:cloudAudit is false; the prod environment demands true"},
		{"tencent-dev", map[string]string{"modelfort:clbLogSetId": "set id"}, `modelfort:clbLogSetId is "set id"`},
		{"tencent-dev", map[string]string{"modelfort:antiDdosInstance": "bgp ip"}, `modelfort:antiDdosInstance is "bgp ip"`},
		{"tencent-dev", map[string]string{"modelfort:antiDdosBusiness": "waf"}, `modelfort:antiDdosBusiness is "waf"; allowed values are bgpip, bgp, bgp-multip, net`},
	} {
		rec, err := run(t, tt.stack, tt.overrides)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v; want %q", tt.overrides, err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%v: registered before failing:\n%s", tt.overrides, rec)
		}
	}
}

// TestCheckedInStacks keeps the checked-in stack files what the README
// and the end-to-end tests say they are.
func TestCheckedInStacks(t *testing.T) {
	for env, stack := range environments {
		cfg := stackConfig(t, stack)
		if cfg[CloudKey] != Cloud || cfg["modelfort:environment"] != env {
			t.Errorf("%s: %v", stack, cfg)
		}
		c, err := ParseConfig(func(k string) string { return cfg[k] })
		if err != nil {
			t.Errorf("%s: %v", stack, err)
		}
		if c.PrimaryRegion != "ap-guangzhou" || c.ReplicaRegion != "ap-shanghai" {
			t.Errorf("%s: regions %s, %s", stack, c.PrimaryRegion, c.ReplicaRegion)
		}
	}
}

// TestStacksShareOneAccount deploys tencent-dev and tencent-prod into one
// offline account: no COS bucket, CAM role, KMS alias or audit name is
// claimed twice.
func TestStacksShareOneAccount(t *testing.T) {
	account := offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	for _, stack := range []string{"tencent-dev", "tencent-prod"} {
		if _, err := run(t, stack, nil, mocktest.Account(account)); err != nil {
			t.Fatalf("%s in the account of the other: %v", stack, err)
		}
	}
	// A copy of tencent-dev's program under another stack name keeps the
	// explicit names, and Tencent Cloud refuses them.
	if _, err := run(t, "tencent-dev", nil, mocktest.Account(account), mocktest.Stack("tencent-dev-copy")); err == nil || !strings.Contains(err.Error(), "Code=") {
		t.Errorf("a copy of tencent-dev in the same account: %v", err)
	}
}
