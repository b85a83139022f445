package tencent

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/modelfort/modelfort/internal/offlinecloud"
	"github.com/modelfort/modelfort/stacks/preflight"
)

// runOffline runs the checks against an offline account through Serve, as
// the command does.
func runOffline(t *testing.T, a *offlinecloud.Account) preflight.Report {
	t.Helper()
	w, err := OfflineWorld(a, prodConfig())
	if err != nil {
		t.Fatal(err)
	}
	endpoint, stop, err := Serve(w)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	cl := NewClients(common.NewCredential("AKIDOFFLINE", "offline"), endpoint)
	return Run(context.Background(), Options{Stack: "tencent-prod", Config: prodConfig(), Clients: cl, Target: "the offline account"})
}

func TestOfflineDefaultAccount(t *testing.T) {
	r := runOffline(t, offlinecloud.NewMemoryAccount(offlinecloud.Settings{}))
	if r.Failed() {
		t.Fatalf("the default account fails: %+v", r.Results)
	}
	for _, want := range []struct {
		check, region string
		status        preflight.Status
		found         string
	}{
		{CheckCredentials, preflight.Global, preflight.OK, "APPID 1250000000 as UIN 100000000001"},
		{CheckServiceRole + " (TKE_QCSRole)", preflight.Global, preflight.OK, "authorized"},
		{CheckServiceRole + " (CloudAudit_QCSRole)", preflight.Global, preflight.OK, "authorized"},
		{CheckServiceRole + " (CLS_QcsRole)", preflight.Global, preflight.OK, "authorized"},
		{CheckKMS, "ap-guangzhou", preflight.OK, "ServiceEnabled"},
		{CheckKMS, "ap-shanghai", preflight.OK, "ServiceEnabled"},
		{CheckCertificate + " (certificateId)", preflight.Global, preflight.NA, "not checked offline: the offline account holds no SSL certificates"},
		{CheckNotice + " (notice-prod0001)", "ap-guangzhou", preflight.NA, "not checked offline: the offline account holds no Cloud Monitor notification templates"},
		{CheckGPU, "ap-guangzhou", preflight.NA, "not checked offline: the offline account models no CVM capacity"},
		{CheckGPU, "ap-shanghai", preflight.NA, "not checked offline"},
	} {
		x := result(t, r, want.check, want.region)
		if x.Status != want.status || !strings.Contains(x.Found, want.found) {
			t.Errorf("%s %s: %s %q; want %s %q", want.check, want.region, x.Status, x.Found, want.status, want.found)
		}
	}
	if len(r.Results) != 10 {
		t.Errorf("%d results", len(r.Results))
	}
}

func TestOfflineFreshAccount(t *testing.T) {
	a := offlinecloud.NewMemoryAccount(offlinecloud.Settings{Tencent: offlinecloud.TencentSettings{
		MissingServiceRoles: []string{offlinecloud.RoleTKE, offlinecloud.RoleCloudAudit},
		InactiveServices:    []string{offlinecloud.ServiceKMS},
	}})
	r := runOffline(t, a)
	if r.Failures() != 4 {
		t.Errorf("%d failures; want 4 (two roles, KMS in two regions): %+v", r.Failures(), r.Results)
	}
	for _, check := range []string{CheckServiceRole + " (TKE_QCSRole)", CheckServiceRole + " (CloudAudit_QCSRole)"} {
		if x := result(t, r, check, preflight.Global); x.Status != preflight.Missing {
			t.Errorf("%s: %+v", check, x)
		}
	}
	if x := result(t, r, CheckKMS, "ap-shanghai"); x.Status != preflight.Missing {
		t.Errorf("KMS: %+v", x)
	}

	// A stack that creates the role (tencentcloud:Cam/role:Role) provides it.
	err := a.Put(offlinecloud.Record{Type: "tencentcloud:Cam/role:Role", Region: "ap-guangzhou", ID: "4611686018400000001",
		URN: "urn:pulumi:tencent-prod::modelfort::tencentcloud:Cam/role:Role::tke", Outputs: resource.NewPropertyMapFromMap(map[string]any{"name": offlinecloud.RoleTKE})})
	if err != nil {
		t.Fatal(err)
	}
	if x := result(t, runOffline(t, a), CheckServiceRole+" (TKE_QCSRole)", preflight.Global); x.Status != preflight.OK {
		t.Errorf("created role: %+v", x)
	}
}

// TestDocs keeps docs/preflight.md's Tencent section true to the code.
func TestDocs(t *testing.T) {
	b, err := os.ReadFile("../../../docs/preflight.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	_, section, ok := strings.Cut(doc, "## Tencent Cloud stacks")
	if !ok {
		t.Fatal(`docs/preflight.md has no "## Tencent Cloud stacks"`)
	}
	for _, a := range Permissions {
		if !strings.Contains(section, `"`+a+`"`) {
			t.Errorf("the Tencent section's policy lacks %s", a)
		}
	}
	for _, c := range []string{CheckCredentials, CheckServiceRole, CheckKMS, CheckCertificate, CheckNotice, CheckGPU} {
		if !strings.Contains(section, "| "+c) {
			t.Errorf("the Tencent section has no row of %s", c)
		}
	}
	for _, a := range []api{apiGetUserAppID, apiGetRole, apiKMSStatus, apiDescribeCert, apiDescribeNotice, apiZoneInstanceConf} {
		if !strings.Contains(section, a.version) {
			t.Errorf("the Tencent section does not name %s's version %s", a.action, a.version)
		}
	}
}
