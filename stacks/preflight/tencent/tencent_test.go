package tencent

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/modelfort/modelfort/stacks/preflight"
	tc "github.com/modelfort/modelfort/stacks/tencentcloud"
)

const gpu = "GN7.2XLARGE32"

// prodConfig is Pulumi.tencent-prod.yaml's configuration.
func prodConfig() tc.Config {
	return tc.Config{
		Environment: "prod", PrimaryRegion: "ap-guangzhou", ReplicaRegion: "ap-shanghai",
		ZoneCount: 3, NodeInstanceType: gpu, CloudAudit: true,
		CertificateId: "EXAMPLE2", ServiceDomain: "modelfort.internal",
		NoticeIds: []string{"notice-prod0001"},
	}
}

func offers(region string, statuses ...string) []Offer {
	var o []Offer
	for i, s := range statuses {
		o = append(o, Offer{Zone: region + "-" + string(rune('3'+i)), InstanceType: gpu, Status: s})
	}
	// Another type, and another billing mode, the filters leave out.
	o = append(o, Offer{Zone: region + "-1", InstanceType: "S5.MEDIUM4", Status: OnSale},
		Offer{Zone: region + "-2", InstanceType: gpu, ChargeType: "SPOTPAID", Status: OnSale})
	return o
}

// readyWorld is an account that can take the prod stack.
func readyWorld() *World {
	return &World{
		AppID: "1250000001", Uin: "200000000002", OwnerUin: "100000000001",
		Roles: map[string]bool{"TKE_QCSRole": true, "CloudAudit_QCSRole": true, "CLS_QcsRole": true},
		KMS:   map[string]bool{"ap-guangzhou": true, "ap-shanghai": true},
		Certificates: map[string]Certificate{
			"EXAMPLE2": {Domain: "model.modelfort.internal", Status: 1, StatusName: "Issued"},
		},
		Notices: map[string]string{"notice-prod0001": "modelfort prod on-call"},
		Offers: map[string][]Offer{
			"ap-guangzhou": offers("ap-guangzhou", OnSale, OnSale, OnSale),
			"ap-shanghai":  offers("ap-shanghai", OnSale, OnSale, OnSale, "SOLD_OUT"),
		},
		Denied: map[string]bool{},
	}
}

// recorded is what reached the fake: service, action, region, and the
// Authorization header's algorithm and key.
type recorded struct {
	mu    sync.Mutex
	calls []string
	auth  []string
}

// run runs the checks with the SDK's common client against h.
func run(t *testing.T, c tc.Config, h http.Handler) (preflight.Report, *recorded) {
	t.Helper()
	rec := &recorded{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.calls = append(rec.calls, r.Header.Get("X-TC-Action")+"@"+r.Header.Get("X-TC-Region"))
		rec.auth = append(rec.auth, r.Header.Get("Authorization"))
		rec.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	cl := NewClients(common.NewCredential("AKIDTEST", "secret"), strings.TrimPrefix(srv.URL, "http://"))
	return Run(context.Background(), Options{Stack: "tencent-prod", Config: c, Clients: cl, Target: "a fake"}), rec
}

// result finds the result of a check in a region.
func result(t *testing.T, r preflight.Report, check, region string) preflight.Result {
	t.Helper()
	for _, x := range r.Results {
		if x.Check == check && x.Region == region {
			return x
		}
	}
	t.Fatalf("no result of %s in %s: %+v", check, region, r.Results)
	return preflight.Result{}
}

func TestReadyAccountPasses(t *testing.T) {
	r, rec := run(t, prodConfig(), Handler(readyWorld()))
	if r.Failed() || len(r.Results) != 10 {
		t.Fatalf("failed %v, %d results: %+v", r.Failed(), len(r.Results), r.Results)
	}
	for _, x := range r.Results {
		if x.Status != preflight.OK {
			t.Errorf("%s %s: %s %s", x.Check, x.Region, x.Status, x.Found)
		}
	}
	if r.DRRegion != "ap-shanghai" || r.Up != "make up STACK=tencent-prod" {
		t.Errorf("report %+v", r)
	}
	for _, want := range []struct{ check, region, found string }{
		{CheckCredentials, preflight.Global, "APPID 1250000001 as sub-account UIN 200000000002 of owner UIN 100000000001"},
		{CheckServiceRole + " (TKE_QCSRole)", preflight.Global, "TKE_QCSRole authorized (role ID 46116860"},
		{CheckKMS, "ap-shanghai", "ServiceEnabled (InvalidType 1: normal)"},
		{CheckCertificate + " (certificateId)", preflight.Global, "EXAMPLE2 Issued (Status 1), issued for model.modelfort.internal"},
		{CheckNotice + " (notice-prod0001)", "ap-guangzhou", `notice-prod0001 exists ("modelfort prod on-call")`},
		{CheckGPU, "ap-shanghai", "GN7.2XLARGE32 (POSTPAID_BY_HOUR) on sale in 3 zone(s): ap-shanghai-3, ap-shanghai-4, ap-shanghai-5; SOLD_OUT in ap-shanghai-6; the node pool spans 3"},
	} {
		if x := result(t, r, want.check, want.region); !strings.Contains(x.Found, want.found) {
			t.Errorf("%s %s found %q; want %q", want.check, want.region, x.Found, want.found)
		}
	}
	// The real client signed every call with TC3, scoped to its service,
	// and sent the region of the regional ones.
	want := []string{"GetUserAppId@", "GetRole@", "GetRole@", "GetRole@", "GetServiceStatus@ap-guangzhou", "GetServiceStatus@ap-shanghai",
		"DescribeCertificate@", "DescribeAlarmNotice@ap-guangzhou", "DescribeZoneInstanceConfigInfos@ap-guangzhou", "DescribeZoneInstanceConfigInfos@ap-shanghai"}
	if strings.Join(rec.calls, " ") != strings.Join(want, " ") {
		t.Errorf("calls %v; want %v", rec.calls, want)
	}
	for i, a := range rec.auth {
		if !strings.HasPrefix(a, "TC3-HMAC-SHA256 Credential=AKIDTEST/") || !strings.Contains(a, "SignedHeaders=content-type;host, Signature=") {
			t.Errorf("call %d: Authorization %q", i, a)
		}
	}
}

// check is one case of one check: the world's change, and the result
// wanted of the check in the region.
type check struct {
	name          string
	config        func(*tc.Config)
	world         func(*World)
	check, region string
	want          preflight.Status
	found, do     string
}

func runCases(t *testing.T, cases []check) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, w := prodConfig(), readyWorld()
			if tc.config != nil {
				tc.config(&c)
			}
			if tc.world != nil {
				tc.world(w)
			}
			r, _ := run(t, c, Handler(w))
			x := result(t, r, tc.check, tc.region)
			if x.Status != tc.want || !strings.Contains(x.Found, tc.found) || !strings.Contains(x.Do, tc.do) {
				t.Errorf("%s %s: %s, found %q, do %q; want %s, %q, %q", tc.check, tc.region, x.Status, x.Found, x.Do, tc.want, tc.found, tc.do)
			}
			if r.Failed() != tc.want.Fails() {
				t.Errorf("report failed %v with %s", r.Failed(), tc.want)
			}
		})
	}
}

func deny(action string) func(*World) { return func(w *World) { w.Denied[action] = true } }

func TestCredentials(t *testing.T) {
	runCases(t, []check{
		{name: "denied", world: deny("cam:GetUserAppId"), check: CheckCredentials, region: preflight.Global, want: preflight.Unchecked,
			found: "could not check (AuthFailure.UnauthorizedOperation): you are not authorized to perform operation (cam:GetUserAppId) resource", do: "grant the caller cam:GetUserAppId"},
		{name: "root account", world: func(w *World) { w.OwnerUin = "" }, check: CheckCredentials, region: preflight.Global, want: preflight.OK,
			found: "APPID 1250000001 as UIN 200000000002"},
	})
	// A key Tencent Cloud does not know: nothing else runs.
	bad := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"Response": map[string]any{"RequestId": "x",
			"Error": map[string]any{"Code": "AuthFailure.SecretIdNotFound", "Message": "The SecretId is not found"}}})
	})
	r, rec := run(t, prodConfig(), bad)
	x := r.Results[0]
	if len(r.Results) != 1 || len(rec.calls) != 1 || x.Status != preflight.Unchecked || !strings.Contains(x.Found, "AuthFailure.SecretIdNotFound") || !strings.Contains(x.Do, "TENCENTCLOUD_SECRET_ID") {
		t.Errorf("unknown key: %+v (calls %v)", r.Results, rec.calls)
	}
}

func TestServiceRoles(t *testing.T) {
	tke, audit, cls := CheckServiceRole+" (TKE_QCSRole)", CheckServiceRole+" (CloudAudit_QCSRole)", CheckServiceRole+" (CLS_QcsRole)"
	runCases(t, []check{
		{name: "TKE missing", world: func(w *World) { delete(w.Roles, "TKE_QCSRole") }, check: tke, region: preflight.Global, want: preflight.Missing,
			found: "no role TKE_QCSRole (InvalidParameter.RoleNotExist): TKE acts in the account through it", do: "opening Tencent Kubernetes Engine in the console asks for the service authorization (TKE_QCSRole)"},
		{name: "CloudAudit missing in prod", world: func(w *World) { delete(w.Roles, "CloudAudit_QCSRole") }, check: audit, region: preflight.Global, want: preflight.Missing,
			found: "no role CloudAudit_QCSRole", do: "CloudAudit's tracking sets in the console asks for the service authorization (CloudAudit_QCSRole); agree to it before `make up STACK=tencent-prod`, then run preflight again"},
		{name: "CloudAudit missing in dev", config: func(c *tc.Config) { c.Environment = "dev" }, world: func(w *World) { delete(w.Roles, "CloudAudit_QCSRole") },
			check: audit, region: preflight.Global, want: preflight.Missing, do: "; or set modelfort:cloudAudit false"},
		{name: "CloudAudit off", config: func(c *tc.Config) { c.Environment, c.CloudAudit = "dev", false }, world: func(w *World) { delete(w.Roles, "CloudAudit_QCSRole") },
			check: audit, region: preflight.Global, want: preflight.NA, found: "modelfort:cloudAudit is false"},
		{name: "CLS missing", world: func(w *World) { delete(w.Roles, "CLS_QcsRole") }, check: cls, region: preflight.Global, want: preflight.Missing,
			found: "COS delivers the buckets' access logs through it", do: "CLS_QcsRole (with QcloudCOSAccessForCLSRole)"},
		{name: "denied", world: deny("cam:GetRole"), check: tke, region: preflight.Global, want: preflight.Unchecked,
			found: "could not check (AuthFailure.UnauthorizedOperation)", do: "grant the caller cam:GetRole (docs/preflight.md, \"Tencent Cloud stacks\""},
	})
}

func TestKMS(t *testing.T) {
	runCases(t, []check{
		{name: "inactive in the replica region", world: func(w *World) { w.KMS["ap-shanghai"] = false }, check: CheckKMS, region: "ap-shanghai", want: preflight.Missing,
			found: "not activated (InvalidType 0: not purchased)", do: "activate KMS in the Key Management Service console"},
		{name: "denied", world: deny("kms:GetServiceStatus"), check: CheckKMS, region: "ap-guangzhou", want: preflight.Unchecked,
			found: "(kms:GetServiceStatus)", do: "grant the caller kms:GetServiceStatus"},
	})
	// Only the replica region's row fails.
	w := readyWorld()
	w.KMS["ap-shanghai"] = false
	r, _ := run(t, prodConfig(), Handler(w))
	if x := result(t, r, CheckKMS, "ap-guangzhou"); x.Status != preflight.OK || r.Failures() != 1 {
		t.Errorf("primary %+v, %d failures", x, r.Failures())
	}
}

func TestCertificate(t *testing.T) {
	cert := CheckCertificate + " (certificateId)"
	set := func(c Certificate) func(*World) { return func(w *World) { w.Certificates["EXAMPLE2"] = c } }
	runCases(t, []check{
		{name: "wildcard of the parent", world: set(Certificate{Domain: "internal.example", SubjectAltName: []string{"*.modelfort.internal"}, Status: 1}),
			check: cert, region: preflight.Global, want: preflight.OK, found: "EXAMPLE2 Status 1, issued for internal.example, *.modelfort.internal"},
		{name: "missing", world: func(w *World) { delete(w.Certificates, "EXAMPLE2") }, check: cert, region: preflight.Global, want: preflight.Missing,
			found: "no certificate EXAMPLE2 (FailedOperation.CertificateNotFound)", do: "upload the certificate of model.modelfort.internal and its key to SSL Certificates"},
		{name: "another name", world: set(Certificate{Domain: "*.example.com", Status: 1}), check: cert, region: preflight.Global, want: preflight.Missing,
			found: "issued for *.example.com, which does not cover model.modelfort.internal", do: "(or *.modelfort.internal)"},
		{name: "wildcard two labels up", world: set(Certificate{Domain: "*.internal", Status: 1}), check: cert, region: preflight.Global, want: preflight.Missing,
			found: "does not cover"},
		{name: "reviewing", world: set(Certificate{Domain: "model.modelfort.internal", Status: 0, StatusName: "Reviewing"}), check: cert, region: preflight.Global, want: preflight.Missing,
			found: "EXAMPLE2 is Reviewing (Status 0), not issued (Status 1)", do: "complete the certificate's validation"},
		{name: "expired", world: set(Certificate{Domain: "model.modelfort.internal", Status: 3}), check: cert, region: preflight.Global, want: preflight.Missing,
			found: "EXAMPLE2 is Status 3, not issued"},
		{name: "denied", world: deny("ssl:DescribeCertificate"), check: cert, region: preflight.Global, want: preflight.Unchecked,
			found: "could not check (AuthFailure.UnauthorizedOperation)", do: "grant the caller ssl:DescribeCertificate"},
	})
}

func TestNotices(t *testing.T) {
	notice := CheckNotice + " (notice-prod0002)"
	two := func(c *tc.Config) { c.NoticeIds = append(c.NoticeIds, "notice-prod0002") }
	runCases(t, []check{
		{name: "both exist", config: two, world: func(w *World) { w.Notices["notice-prod0002"] = "security" }, check: notice, region: "ap-guangzhou", want: preflight.OK,
			found: `notice-prod0002 exists ("security")`},
		{name: "missing", config: two, check: notice, region: "ap-guangzhou", want: preflight.Missing,
			found: "no notification template notice-prod0002 (ResourceNotFound)", do: "put its ID in modelfort:alarmReceivers noticeIds instead of notice-prod0002"},
		{name: "denied", config: two, world: deny("monitor:DescribeAlarmNotice"), check: notice, region: "ap-guangzhou", want: preflight.Unchecked,
			do: "grant the caller monitor:DescribeAlarmNotice"},
	})
}

func TestGPUCapacity(t *testing.T) {
	runCases(t, []check{
		{name: "two zones of three", world: func(w *World) { w.Offers["ap-guangzhou"] = offers("ap-guangzhou", OnSale, "SOLD_OUT", OnSale) },
			check: CheckGPU, region: "ap-guangzhou", want: preflight.Missing,
			found: "on sale in 2 zone(s): ap-guangzhou-3, ap-guangzhou-5; SOLD_OUT in ap-guangzhou-4; the node pool spans 3",
			do:    "set modelfort:nodeInstanceType to a GPU type on sale in at least 3 zones of both ap-guangzhou and ap-shanghai"},
		{name: "two zones are enough for two", config: func(c *tc.Config) { c.ZoneCount = 2 }, world: func(w *World) { w.Offers["ap-guangzhou"] = offers("ap-guangzhou", OnSale, "SOLD_OUT", OnSale) },
			check: CheckGPU, region: "ap-guangzhou", want: preflight.OK},
		{name: "not offered", world: func(w *World) { w.Offers["ap-shanghai"] = nil }, check: CheckGPU, region: "ap-shanghai", want: preflight.Missing,
			found: "on sale in 0 zone(s); the node pool spans 3", do: "ask Tencent Cloud for GN7.2XLARGE32 capacity in ap-shanghai"},
		{name: "lower zoneCount", world: func(w *World) { w.Offers["ap-shanghai"] = offers("ap-shanghai", OnSale, OnSale) }, check: CheckGPU, region: "ap-shanghai", want: preflight.Missing,
			do: "; or lower modelfort:zoneCount to 2"},
		{name: "denied", world: deny("cvm:DescribeZoneInstanceConfigInfos"), check: CheckGPU, region: "ap-shanghai", want: preflight.Unchecked,
			do: "grant the caller cvm:DescribeZoneInstanceConfigInfos"},
	})
}

func TestUnknownError(t *testing.T) {
	// An error that is neither a denial nor a not-found is UNCHECKED.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-TC-Action") == "GetServiceStatus" {
			_ = json.NewEncoder(w).Encode(map[string]any{"Response": map[string]any{"RequestId": "x",
				"Error": map[string]any{"Code": "InternalError", "Message": "try again"}}})
			return
		}
		Handler(readyWorld()).ServeHTTP(w, r)
	})
	r, _ := run(t, prodConfig(), h)
	x := result(t, r, CheckKMS, "ap-guangzhou")
	if x.Status != preflight.Unchecked || !strings.Contains(x.Found, "could not check: [TencentCloudSDKError] Code=InternalError, Message=try again") || x.Do != "fix the error and run preflight again" {
		t.Errorf("%+v", x)
	}
}
