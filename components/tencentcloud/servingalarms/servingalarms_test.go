package servingalarms

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/audit"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/monitor"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	policyType  = "tencentcloud:Monitor/alarmPolicy:AlarmPolicy"
	bindingType = "tencentcloud:Monitor/policyBindingObject:PolicyBindingObject"
	logsetType  = "tencentcloud:Cls/logset:Logset"
	topicType   = "tencentcloud:Cls/topic:Topic"
)

// required are the required arguments, completed by change.
func required(change func(a *Args)) *Args {
	a := &Args{
		LoadBalancerId: pulumi.String("lb-1a2b3c4d"),
		Vip:            pulumi.String("10.0.0.10"),
		VpcId:          pulumi.String("vpc-1a2b3c4d"),
		ClusterId:      pulumi.String("cls-1a2b3c4d"),
		NoticeIds:      []pulumi.StringInput{pulumi.String("notice-oncall01")},
	}
	if change != nil {
		change(a)
	}
	return a
}

// run creates Alarms "serving" in ap-guangzhou and returns what was
// recorded and the component.
func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, *Alarms, error) {
	t.Helper()
	var al *Alarms
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		al, err = NewAlarms(ctx, "serving", args, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	return rec, al, err
}

// policies returns the recorded alarm policies by concern, taken from
// their logical names ("serving-clb").
func policies(t *testing.T, rec *mocktest.Recording) map[string]*mocktest.Resource {
	t.Helper()
	out := map[string]*mocktest.Resource{}
	for _, p := range rec.OfType(policyType) {
		concern := strings.TrimPrefix(p.Name, "serving-")
		if _, dup := out[concern]; dup {
			t.Fatalf("two policies for %s", concern)
		}
		out[concern] = p
	}
	return out
}

// rules returns a policy's condition rules.
func rules(p *mocktest.Resource) []map[string]any {
	var out []map[string]any
	for _, r := range p.Get("conditions.rules").ArrayValue() {
		out = append(out, r.Mappable().(map[string]any))
	}
	return out
}

// dims decodes a dimensions JSON object.
func dims(t *testing.T, s string) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("dimensions %q: %v", s, err)
	}
	return m
}

func TestDefaults(t *testing.T) {
	rec, _, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "serving")
	if comp == nil {
		t.Fatalf("no %s:\n%s", Type, rec)
	}
	ps := policies(t, rec)
	if len(ps) != 3 || ps[ConcernCLB] == nil || ps[ConcernNodes] == nil || ps[ConcernGPU] == nil {
		t.Fatalf("policies %v; want clb, tke and gpu (no bucket without BucketName)", rec.Types())
	}
	for concern, ns := range map[string]string{ConcernCLB: "clb_l7listener_internal", ConcernNodes: "k8s_node", ConcernGPU: "k8s_node"} {
		p := ps[concern]
		if p.Parent != comp.URN || p.Str("namespace") != ns || p.Str("monitorType") != "MT_QCE" || p.Num("enable") != 1 ||
			p.Num("projectId") != 0 || !p.Has("projectId") || p.Str("policyName") != "serving-"+concern || p.Num("conditions.isUnionRule") != 0 {
			t.Errorf("%s policy %v", concern, p.Inputs)
		}
		if p.Has("policyTags") || p.Has("eventConditions") || p.Has("triggerTasks") {
			t.Errorf("%s policy binds by tag, has events or triggers: %v", concern, p.Inputs)
		}
		for _, r := range rules(p) {
			if r["noticeFrequency"] != float64(3600) || r["isPowerNotice"] != float64(0) || r["ruleType"] != "STATIC" {
				t.Errorf("%s rule %v", concern, r)
			}
		}
	}
	if r := ps[ConcernCLB].Str("remark"); r != "modelfort-clb-lb-1a2b3c4d" {
		t.Errorf("clb remark %q", r)
	}
	want := map[string][4]any{
		ConcernCLB + "/UnhealthRsCount":      {"gt", "0", float64(60), float64(2)},
		ConcernCLB + "/Http5xx":              {"gt", "10", float64(60), float64(3)},
		ConcernCLB + "/RspAvg":               {"gt", "30000", float64(60), float64(3)},
		ConcernNodes + "/K8sNodeStatusReady": {"lt", "1", float64(60), float64(2)},
		ConcernGPU + "/K8sNodeGpuUsed":       {"gt", "95", float64(60), float64(5)},
	}
	got := map[string][4]any{}
	for concern, p := range ps {
		for _, r := range rules(p) {
			got[concern+"/"+r["metricName"].(string)] = [4]any{r["operator"], r["value"], r["period"], r["continuePeriod"]}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules\n got %v\nwant %v", got, want)
	}
	set, topic := rec.Find(logsetType, "serving-workload"), rec.Find(topicType, "serving-workload")
	if set == nil || topic == nil || set.Str("logsetName") != "modelfort-serving" || topic.Str("topicName") != "modelfort-serving-workload" ||
		topic.Num("period") != 30 || topic.Str("logsetId") != set.ID || set.Has("tags") {
		t.Fatalf("log set %v, topic %v", set, topic)
	}
}

// TestChainAlarmToReceiver follows every policy to the people it
// notifies (its notification templates) and to the objects it watches:
// the CLB and bucket policies through a binding with the objects'
// dimensions, the node and GPU policies through their rules' filters on
// the cluster.
func TestChainAlarmToReceiver(t *testing.T) {
	notices := []string{"notice-oncall01", "notice-mlteam-02"}
	rec, al, err := run(t, required(func(a *Args) {
		a.NoticeIds = []pulumi.StringInput{pulumi.String(notices[0]), pulumi.String(notices[1])}
		a.Listeners = []Listener{{Port: 443, Protocol: "HTTPS"}, {Port: 8080, Protocol: "HTTP"}}
		a.BucketName = pulumi.String("models-1250000000")
	}))
	if err != nil {
		t.Fatal(err)
	}
	ps := policies(t, rec)
	if len(ps) != 4 {
		t.Fatalf("policies %v; want clb, tke, gpu and cos", rec.Types())
	}
	bound := map[string]*mocktest.Resource{}
	for _, b := range rec.OfType(bindingType) {
		p := rec.ByID(b.Str("policyId"))
		if p == nil || p.Type != policyType {
			t.Fatalf("binding %s names policy %q, which was not created", b.Name, b.Str("policyId"))
		}
		bound[strings.TrimPrefix(p.Name, "serving-")] = b
	}
	for concern, p := range ps {
		if !slices.Equal(p.Strs("noticeIds"), notices) {
			t.Errorf("%s notifies %v; want %v", concern, p.Strs("noticeIds"), notices)
		}
		var objects []map[string]string
		if b := bound[concern]; b != nil {
			for _, d := range b.Get("dimensions").ArrayValue() {
				objects = append(objects, dims(t, d.ObjectValue()["dimensionsJson"].StringValue()))
			}
		}
		switch concern {
		case ConcernCLB:
			want := []map[string]string{
				{"appid": offlinecloud.TencentAppID, "protocol": "https", "rule_vpcid": "vpc-1a2b3c4d", "vip": "10.0.0.10", "vport": "443"},
				{"appid": offlinecloud.TencentAppID, "protocol": "http", "rule_vpcid": "vpc-1a2b3c4d", "vip": "10.0.0.10", "vport": "8080"},
			}
			if !reflect.DeepEqual(objects, want) {
				t.Errorf("clb objects %v; want %v", objects, want)
			}
		case ConcernBucket:
			want := []map[string]string{{"appid": offlinecloud.TencentAppID, "bucket": "models-1250000000"}}
			if !reflect.DeepEqual(objects, want) || p.Str("namespace") != "COS" || p.Str("remark") != "modelfort-cos-models-1250000000" {
				t.Errorf("bucket policy %v, objects %v", p.Inputs, objects)
			}
		case ConcernNodes, ConcernGPU:
			if objects != nil {
				t.Errorf("%s is bound to %v; TKE policies filter on the cluster", concern, objects)
			}
			for _, r := range rules(p) {
				f, _ := r["filter"].(map[string]any)
				var filter [][]map[string]any
				if f == nil || f["type"] != "DIMENSION" || json.Unmarshal([]byte(f["dimensions"].(string)), &filter) != nil {
					t.Fatalf("%s rule %v has no dimension filter", concern, r)
				}
				want := [][]map[string]any{{
					{"Key": "region", "Operator": "eq", "Value": []any{"ap-guangzhou"}},
					{"Key": "tke_cluster_instance_id", "Operator": "in", "Value": []any{"cls-1a2b3c4d"}},
				}}
				if !reflect.DeepEqual(filter, want) {
					t.Errorf("%s filter %v; want %v", concern, filter, want)
				}
			}
		default:
			t.Errorf("unexpected policy %s", concern)
		}
	}
	// The component's PolicyIds name every policy by its concern.
	var mu sync.Mutex
	var ids map[string]string
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		al, err := NewAlarms(ctx, "serving", required(func(a *Args) { a.BucketName = pulumi.String("models-1250000000") }))
		if err != nil {
			return err
		}
		al.PolicyIds.ApplyT(func(m map[string]string) error {
			mu.Lock()
			defer mu.Unlock()
			ids = m
			return nil
		})
		return nil
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	ps = policies(t, rec)
	for _, c := range []string{ConcernCLB, ConcernNodes, ConcernGPU, ConcernBucket} {
		if p := ps[c]; p == nil || ids[c] != p.ID {
			t.Errorf("PolicyIds[%s] = %q; want the %s policy's ID", c, ids[c], c)
		}
	}
	if al.Region != "ap-guangzhou" || len(al.Policies) != 4 || len(al.Bindings) != 2 {
		t.Errorf("fields %+v", al)
	}
}

// TestThresholdsFlowIntoConditions sets every threshold and the repeat
// interval: they reach the rules.
func TestThresholdsFlowIntoConditions(t *testing.T) {
	zero := 0
	rec, _, err := run(t, required(func(a *Args) {
		a.UnhealthyBackends = 1
		a.Http5xxPerMinute = 50
		a.LatencyMillis = 120000
		a.GpuUtilizationPercent = 90
		a.BucketErrorRatePercent = 5
		a.BucketName = pulumi.String("models-1250000000")
		a.RepeatIntervalSeconds = &zero
		a.NamePrefix = "mf-prod-gz"
		a.ProjectId = 1244035
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"UnhealthRsCount": "1", "Http5xx": "50", "RspAvg": "120000", "K8sNodeGpuUsed": "90", "5xxResponseRate": "5", "K8sNodeStatusReady": "1"}
	for concern, p := range policies(t, rec) {
		if p.Str("policyName") != "mf-prod-gz-"+concern || p.Num("projectId") != 1244035 {
			t.Errorf("%s policy %v", concern, p.Inputs)
		}
		for _, r := range rules(p) {
			m := r["metricName"].(string)
			if r["value"] != want[m] || r["noticeFrequency"] != float64(0) {
				t.Errorf("%s rule %s: value %v, repeat %v; want %s, 0", concern, m, r["value"], r["noticeFrequency"], want[m])
			}
			delete(want, m)
		}
	}
	if len(want) != 0 {
		t.Errorf("no rule for %v", want)
	}
}

func TestLogOptions(t *testing.T) {
	set := "0f7b2e3c-1d2a-4b5c-8d9e-0a1b2c3d4e5f"
	rec, _, err := run(t, required(func(a *Args) {
		a.LogSetId = pulumi.String(set)
		a.LogRetentionDays = 180
		a.Tags = map[string]string{"team": "ml"}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(logsetType, "serving-workload") != nil {
		t.Error("a dedicated log set besides LogSetId")
	}
	topic := rec.Find(topicType, "serving-workload")
	if topic.Str("logsetId") != set || topic.Num("period") != 180 || topic.Str("tags.team") != "ml" {
		t.Errorf("topic %v", topic.Inputs)
	}
	rec, _, err = run(t, required(func(a *Args) { a.Tags = map[string]string{"team": "ml"} }))
	if err != nil {
		t.Fatal(err)
	}
	if s := rec.Find(logsetType, "serving-workload"); s.Str("tags.team") != "ml" {
		t.Errorf("log set %v", s.Inputs)
	}
}

func TestRejections(t *testing.T) {
	tags := map[string]string{}
	for _, k := range "abcdefghijk" {
		tags[string(k)] = "v"
	}
	for _, tt := range []struct {
		args *Args
		want string
	}{
		{nil, "LoadBalancerId is nil"},
		{required(func(a *Args) { a.LoadBalancerId = pulumi.String("clb-1") }), `LoadBalancerId is "clb-1"; allowed values are the internal CLB's ID (lb-...)`},
		{required(func(a *Args) { a.VpcId = nil }), "VpcId is nil"},
		{required(func(a *Args) { a.VpcId = pulumi.String("subnet-1") }), `VpcId is "subnet-1"`},
		{required(func(a *Args) { a.ClusterId = nil }), "ClusterId is nil; give the TKE cluster's ID (cls-...)"},
		{required(func(a *Args) { a.ClusterId = pulumi.String("lb-1") }), `ClusterId is "lb-1"`},
		{required(func(a *Args) { a.Vip = nil }), "Vip is nil"},
		{required(func(a *Args) { a.Vip = pulumi.String("8.8.8.8") }), `Vip is "8.8.8.8"; allowed values are private IPv4 addresses`},
		{required(func(a *Args) { a.NoticeIds = nil }), "NoticeIds is empty; give at least one Cloud Monitor notification template"},
		{required(func(a *Args) { a.NoticeIds = []pulumi.StringInput{nil} }), "NoticeIds[0] is nil"},
		{required(func(a *Args) { a.NoticeIds = []pulumi.StringInput{pulumi.String("oncall")} }), `NoticeIds[0] is "oncall"; allowed values are notification template IDs (notice-...)`},
		{required(func(a *Args) { a.NoticeIds = append(a.NoticeIds, pulumi.String("notice-oncall01")) }), `NoticeIds[1] is "notice-oncall01", given twice`},
		{required(func(a *Args) { a.BucketName = pulumi.String("models") }), `BucketName is "models"; allowed values are a COS bucket's full name (NAME-APPID)`},
		{required(func(a *Args) { a.Listeners = []Listener{{Port: 0, Protocol: "HTTP"}} }), "Listeners[0].Port is 0; allowed values are 1 to 65535"},
		{required(func(a *Args) { a.Listeners = []Listener{{Port: 443, Protocol: "TCP"}} }), `Listeners[0].Protocol is "TCP"; allowed values are HTTP, HTTPS`},
		{required(func(a *Args) { a.Listeners = []Listener{{443, "HTTPS"}, {443, "HTTP"}} }), "Listeners[1].Port is 443, given twice"},
		{required(func(a *Args) { a.NamePrefix = "modelfort-prod-gz1" }), `NamePrefix is "modelfort-prod-gz1" (the default is the component's name); allowed values are 1 to 16 letters, digits, '_' and '-'`},
		{required(func(a *Args) { a.NamePrefix = "mf prod" }), `NamePrefix is "mf prod"`},
		{required(func(a *Args) { a.ProjectId = -1 }), "ProjectId is -1; allowed values are 0 (the default project) or a project's ID"},
		{required(func(a *Args) { a.UnhealthyBackends = 1001 }), "UnhealthyBackends is 1001; allowed values are 0 to 1000"},
		{required(func(a *Args) { a.Http5xxPerMinute = -1 }), "Http5xxPerMinute is -1; allowed values are 1 to 100000 (0 means 10)"},
		{required(func(a *Args) { a.LatencyMillis = 50 }), "LatencyMillis is 50; allowed values are 100 to 600000 (0 means 30000)"},
		{required(func(a *Args) { a.GpuUtilizationPercent = 100 }), "GpuUtilizationPercent is 100; allowed values are 50 to 99 (0 means 95)"},
		{required(func(a *Args) { a.BucketErrorRatePercent = 120 }), "BucketErrorRatePercent is 120; allowed values are 1 to 99 (0 means 1)"},
		{required(func(a *Args) { s := 120; a.RepeatIntervalSeconds = &s }), "RepeatIntervalSeconds is 120; allowed values are 0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400"},
		{required(func(a *Args) { a.LogSetId = pulumi.String("logs") }), `LogSetId is "logs"; allowed values are a CLS log set's ID (a UUID)`},
		{required(func(a *Args) { a.LogRetentionDays = 367 }), "LogRetentionDays is 367; allowed values are 1 to 366 (0 means 30)"},
		{required(func(a *Args) { a.Tags = tags }), "Tags has 11 tags; allowed values are at most 10"},
	} {
		rec, _, err := run(t, tt.args)
		if err == nil || !strings.Contains(err.Error(), "servingalarms serving: "+tt.want) {
			t.Errorf("err = %v; want %q", err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%q: registered before failing:\n%s", tt.want, rec)
		}
	}
	// A name whose log set name CLS would refuse.
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewAlarms(ctx, "serving|gz", required(func(a *Args) { a.NamePrefix = "serving" }))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `the component's name "serving|gz" gives the CLS name "modelfort-serving|gz"`) || len(rec.Resources) != 0 {
		t.Errorf("err = %v, %d resources", err, len(rec.Resources))
	}
}

// TestRegionWithoutObjectBinding: the provider binds alarm objects only in
// the regions of its MonitorRegionMap; elsewhere NewAlarms refuses before
// registering anything.
func TestRegionWithoutObjectBinding(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewAlarms(ctx, "serving", required(nil))
		return err
	}, mocktest.Config("tencentcloud:region", "ap-jakarta"))
	if err == nil || !strings.Contains(err.Error(), "servingalarms serving: the provider's region ap-jakarta is not one where pulumi-tencentcloud v0.1.2 binds alarm objects") {
		t.Errorf("err = %v", err)
	}
	if len(rec.Resources) != 0 {
		t.Errorf("registered:\n%s", rec)
	}
	for _, r := range []string{"ap-guangzhou", "ap-shanghai", "ap-singapore", "na-siliconvalley", "eu-frankfurt"} {
		if MonitorRegions[r] == "" {
			t.Errorf("%s is missing", r)
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
		_, err = NewAlarms(ctx, "serving", required(func(a *Args) { a.BucketName = pulumi.String("models-1250000000") }), pulumi.Provider(sh), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "serving"), mocktest.Reach{Region: "ap-shanghai", Protect: true}) {
		t.Error(p)
	}
	for _, r := range rules(rec.Find(policyType, "serving-tke")) {
		if !strings.Contains(r["filter"].(map[string]any)["dimensions"].(string), `"ap-shanghai"`) {
			t.Errorf("the node filter is not in the provider's region: %v", r["filter"])
		}
	}
	for _, typ := range []string{policyType, bindingType, logsetType, topicType} {
		if len(rec.OfType(typ)) == 0 {
			t.Errorf("no %s", typ)
		}
	}
}

// sdkDir is the directory of a module of the pulumi-tencentcloud SDK.
func sdkDir(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/tencentcloudstack/pulumi-tencentcloud/sdk").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "go", "tencentcloud", module)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the SDK has no %s module: %v", module, err)
	}
	return dir
}

// TestGapNoNoticeTemplateResource: the provider (v1.76.4) has no
// resource that creates a Cloud Monitor notification template (it came
// with monitor_alarm_notice in v1.77.4), so NoticeIds are required. When
// an upgrade adds one, this test fails: create the template from receiver
// users or groups instead.
func TestGapNoNoticeTemplateResource(t *testing.T) {
	dir := sdkDir(t, "monitor")
	if _, err := os.Stat(filepath.Join(dir, "alarmPolicy.go")); err != nil {
		t.Fatalf("the SDK has no alarm policy: %v", err)
	}
	for _, f := range []string{"alarmNotice.go", "alarmNotices.go", "noticeTemplate.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("the SDK now has monitor/%s: create the notification template in Alarms", f)
		}
	}
	// BindingReceiver binds receivers to a legacy policy group (an int
	// groupId), not to an alarm policy.
	if f, ok := reflect.TypeOf(monitor.BindingReceiverArgs{}).FieldByName("GroupId"); !ok || f.Type != reflect.TypeOf((*pulumi.IntInput)(nil)).Elem() {
		t.Error("BindingReceiver changed: see whether it binds receivers to an alarm policy now")
	}
	rec, _, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OfType(policyType) {
		if len(p.Strs("noticeIds")) == 0 {
			t.Errorf("%s reaches nobody", p.Name)
		}
	}
}

// TestGapNoReplicationSignal: Cloud Monitor documents no metric or event
// for COS cross-region replication (QCE/COS has request, status code,
// traffic and storage metrics), so no policy watches replication; the
// bucket policy watches the bucket's 5xx rate instead, and the stack has
// to check the replica itself. When Cloud Monitor documents one, alarm on
// it and change this test.
func TestGapNoReplicationSignal(t *testing.T) {
	rec, _, err := run(t, required(func(a *Args) { a.BucketName = pulumi.String("models-1250000000") }))
	if err != nil {
		t.Fatal(err)
	}
	var metrics []string
	for _, p := range rec.OfType(policyType) {
		for _, r := range rules(p) {
			metrics = append(metrics, r["metricName"].(string))
		}
		if p.Has("eventConditions") {
			t.Errorf("%s has event conditions", p.Name)
		}
	}
	for _, m := range metrics {
		if strings.Contains(strings.ToLower(m), "replic") {
			t.Errorf("a policy watches %s: update the README and this gap", m)
		}
	}
	if b := policies(t, rec)[ConcernBucket]; b == nil || rules(b)[0]["metricName"] != MetricBucket5xxRate {
		t.Errorf("the bucket policy does not watch %s", MetricBucket5xxRate)
	}
}

// TestGapNoAPICallAlarms: nothing in the provider alarms on API calls.
// Cloud Monitor's event conditions are product events; CloudAudit
// (audit.Instance) delivers to COS only; CLS has no alarm resource
// (cls_alarm came in v1.81.2) and there is no EventBridge module. When an
// upgrade adds CLS delivery to audit.Instance or a CLS alarm, alarm on
// high-risk CAM, KMS and COS calls.
func TestGapNoAPICallAlarms(t *testing.T) {
	for _, f := range []string{"LogsetId", "TopicId", "ClsRegion", "CloudLogService"} {
		if _, ok := reflect.TypeOf(audit.InstanceArgs{}).FieldByName(f); ok {
			t.Errorf("audit.InstanceArgs now has %s: deliver CloudAudit to CLS and alarm on high-risk calls", f)
		}
	}
	dir := sdkDir(t, "cls")
	for _, f := range []string{"alarm.go", "alarmNotice.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("the SDK now has cls/%s: alarm on the audit log", f)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "eb")); err == nil {
		t.Error("the SDK now has an EventBridge module: route CloudAudit events to the notification templates")
	}
}

// TestGapNoGpuHealthEvent: Cloud Monitor documents no event for GPU
// hardware faults of a CVM (ECC or Xid errors, a GPU off the bus) that
// the provider can name, so the GPU policy watches utilization only.
func TestGapNoGpuHealthEvent(t *testing.T) {
	rec, _, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	gpu := rec.Find(policyType, "serving-gpu")
	if gpu == nil || gpu.Has("eventConditions") || len(rules(gpu)) != 1 || rules(gpu)[0]["metricName"] != MetricGpuUtilization {
		t.Errorf("gpu policy %v", gpu)
	}
}
