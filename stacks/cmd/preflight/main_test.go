package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/modelfort/modelfort/stacks/preflight"
	"github.com/modelfort/modelfort/stacks/preflight/tencent"
)

// prodYAML is a prod stack's file, as Pulumi.prod.yaml has it.
const prodYAML = `config:
  aws:region: us-east-1
  modelfort:environment: prod
  modelfort:drRegion: us-west-2
  modelfort:retentionMode: COMPLIANCE
  modelfort:retentionDays: "30"
  modelfort:backupRpoHours: "4"
  modelfort:threatDetection:
    guardDuty: own
    securityHub: own
    config: own
    standard: fsbp
  modelfort:shield: "true"
  modelfort:shieldResponse:
    contacts:
      - email: soc@example.com
        phone: "+15555550100"
        notes: Security operations, 24x7
  modelfort:primaryInstances: "2"
  modelfort:standbyInstances: "2"
  modelfort:healthCheckIntervalSeconds: "10"
  modelfort:healthCheckFailureThreshold: "3"
  modelfort:dnsTtlSeconds: "60"
  modelfort:rpoTargetMinutes: "240"
  modelfort:rtoTargetMinutes: "30"
  modelfort:incidents:
    emails:
      - oncall-prod@example.com
  modelfort:domainName: llm.prod.example.com
  modelfort:hostedZoneId: Z0PROD000000000000000
  modelfort:primaryCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000051
  modelfort:drCertificateArn: arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000052
  modelfort:cdnDomainName: llm-edge.prod.example.com
  modelfort:cdnCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000053
`

// project writes a project directory with Pulumi.prod.yaml and an offline
// account whose settings.json is settings ("" for none).
func project(t *testing.T, settings string) (dir, account string) {
	t.Helper()
	dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.prod.yaml"), []byte(prodYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	account = filepath.Join(dir, "account")
	if err := os.MkdirAll(account, 0o755); err != nil {
		t.Fatal(err)
	}
	if settings != "" {
		if err := os.WriteFile(filepath.Join(account, "settings.json"), []byte(settings), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, account
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func noAWS(context.Context) (aws.Config, error) {
	panic("offline runs load no AWS configuration")
}

func runCmd(t *testing.T, getenv func(string) string, d deps, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, getenv, &out, &errOut, d)
	return code, out.String(), errOut.String()
}

const freshSettings = `{"aws": {"noShieldAdvanced": true, "sageMakerEndpointInstances": {"us-east-1/ml.p3.2xlarge": 0, "us-west-2/ml.p3.2xlarge": 0}}}`

func TestUsage(t *testing.T) {
	dir, account := project(t, "")
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no stack", nil, nil, "-stack is required"},
		{"extra arguments", nil, []string{"-stack", "prod", "up"}, "unexpected arguments"},
		{"bad flag", nil, []string{"-stak", "prod"}, "flag provided but not defined"},
		{"unknown stack", map[string]string{"MODELFORT_OFFLINE_ACCOUNT": account}, []string{"-stack", "qa", "-dir", dir}, "there is no " + filepath.Join(dir, "Pulumi.qa.yaml")},
		{"bad CLOUD", map[string]string{"CLOUD": "azure"}, []string{"-stack", "prod", "-dir", dir}, `CLOUD is "azure"`},
		{"offline without an account", nil, []string{"-stack", "prod", "-dir", dir}, "make preflight"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, env(tc.env), deps{awsConfig: noAWS}, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}

func TestOfflineFreshAccountFails(t *testing.T) {
	dir, account := project(t, freshSettings)
	code, out, stderr := runCmd(t, env(map[string]string{"MODELFORT_OFFLINE_ACCOUNT": account}), deps{awsConfig: noAWS}, "-stack", "prod", "-dir", dir)
	if code != 1 {
		t.Fatalf("exit %d; want 1\n%s%s", code, out, stderr)
	}
	for _, want := range []string{
		"against the offline account (" + account + ")",
		"MISSING  Shield Advanced subscription",
		`MISSING  SageMaker endpoint quota                 us-west-2  "ml.p3.2xlarge for endpoint usage"`,
		"n/a      Route 53 hosted zone",
		"3 of 12 checks fail: `make up STACK=prod` would fail",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
}

func TestOfflineReadyAccountPasses(t *testing.T) {
	for name, settings := range map[string]string{
		"default settings": "",
		"quotas raised":    `{"aws": {"sageMakerEndpointInstances": {"us-east-1/ml.p3.2xlarge": 4, "us-west-2/ml.p3.2xlarge": 4}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir, account := project(t, settings)
			// CLOUD=offline and -account instead of the environment.
			code, out, stderr := runCmd(t, env(map[string]string{"CLOUD": "offline"}), deps{awsConfig: noAWS}, "-stack", "prod", "-dir", dir, "-account", account)
			if code != 0 || !strings.Contains(out, "Every check passes: the account can take stack prod (`make up STACK=prod`).") {
				t.Errorf("exit %d; want 0\n%s%s", code, out, stderr)
			}
		})
	}
}

func TestInvalidConfiguration(t *testing.T) {
	dir, account := project(t, "")
	bad := strings.Replace(prodYAML, `modelfort:shield: "true"`, `modelfort:shield: "false"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.prod.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, env(map[string]string{"MODELFORT_OFFLINE_ACCOUNT": account}), deps{awsConfig: noAWS}, "-stack", "prod", "-dir", dir)
	if code != 1 || !strings.Contains(stderr, "the configuration of stack prod") {
		t.Errorf("exit %d, stderr %q; want 1", code, stderr)
	}
}

// realAWS is CLOUD=real's configuration, pointed at a fake of AWS.
func realAWS(t *testing.T, w *preflight.World) deps {
	srv := httptest.NewServer(preflight.Handler(w))
	t.Cleanup(srv.Close)
	return deps{awsConfig: func(context.Context) (aws.Config, error) {
		return aws.Config{
			Credentials:  credentials.NewStaticCredentialsProvider("AKIDREAL", "secret", ""),
			BaseEndpoint: aws.String(srv.URL),
			HTTPClient:   srv.Client(),
			Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		}, nil
	}}
}

func readyWorld() *preflight.World {
	return &preflight.World{
		Account:          "210987654321",
		ShieldSubscribed: true,
		EndpointQuotas:   map[string]float64{"us-east-1/ml.p3.2xlarge": 4, "us-west-2/ml.p3.2xlarge": 4},
		Certificates: map[string]preflight.Certificate{
			"arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000051": {DomainName: "llm.prod.example.com", Status: "ISSUED"},
			"arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000052": {DomainName: "llm.prod.example.com", Status: "ISSUED"},
			"arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000053": {DomainName: "*.prod.example.com", Status: "ISSUED"},
		},
		HostedZones: map[string]preflight.HostedZone{"Z0PROD000000000000000": {Name: "prod.example.com."}},
		Denied:      map[string]bool{},
	}
}

func TestRealCloud(t *testing.T) {
	dir, _ := project(t, "")
	real := env(map[string]string{"CLOUD": "real", "MODELFORT_OFFLINE_ACCOUNT": "/nonexistent"})
	code, out, stderr := runCmd(t, real, realAWS(t, readyWorld()), "-stack", "prod", "-dir", dir)
	if code != 0 || !strings.Contains(out, "account 210987654321") || !strings.Contains(out, "(`CLOUD=real make up STACK=prod`)") {
		t.Errorf("ready: exit %d\n%s%s", code, out, stderr)
	}

	w := readyWorld()
	w.Denied["guardduty:ListDetectors"] = true
	code, out, _ = runCmd(t, real, realAWS(t, w), "-stack", "prod", "-dir", dir)
	if code != 1 || !strings.Contains(out, "grant the caller guardduty:ListDetectors") || !strings.Contains(out, "2 of 12 checks fail: `CLOUD=real make up STACK=prod`") {
		t.Errorf("denied: exit %d\n%s", code, out)
	}
}

func TestJSON(t *testing.T) {
	dir, account := project(t, freshSettings)
	code, out, _ := runCmd(t, env(map[string]string{"MODELFORT_OFFLINE_ACCOUNT": account}), deps{awsConfig: noAWS}, "-stack", "prod", "-dir", dir, "-json")
	var r struct {
		Stack   string
		Results []struct{ Check, Region, Status, Found, Do string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if code != 1 || r.Stack != "prod" || len(r.Results) != 12 || r.Results[1].Check != preflight.CheckShield || r.Results[1].Status != "MISSING" || r.Results[1].Do == "" {
		t.Errorf("exit %d, report %+v", code, r)
	}
}

// tencentProdYAML is a Tencent Cloud prod stack's file, as
// Pulumi.tencent-prod.yaml has it.
const tencentProdYAML = `config:
  modelfort:cloud: tencentcloud
  modelfort:environment: prod
  tencentcloud:region: ap-guangzhou
  modelfort:replicaRegion: ap-shanghai
  modelfort:zoneCount: "3"
  modelfort:minNodes: "3"
  modelfort:maxNodes: "9"
  modelfort:cloudAudit: "true"
  modelfort:antiDdosInstance: ""
  modelfort:nodeInstanceType: GN7.2XLARGE32
  modelfort:replicaVpcCidr: 10.1.0.0/16
  modelfort:replicaMinNodes: "3"
  modelfort:activeRegion: ap-guangzhou
  modelfort:certificateId: EXAMPLE2
  modelfort:alarmReceivers:
    noticeIds:
      - notice-prod0001
`

// tencentProject writes a project directory with Pulumi.tencent-prod.yaml
// and an offline account whose settings.json is settings ("" for none).
func tencentProject(t *testing.T, settings string) (dir, account string) {
	t.Helper()
	dir, account = project(t, settings)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.tencent-prod.yaml"), []byte(tencentProdYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, account
}

// noTencent are deps for runs that must not reach Tencent Cloud.
func noTencent() (*tencent.Clients, error) {
	panic("offline runs make no Tencent Cloud clients")
}

func TestTencentOffline(t *testing.T) {
	d := deps{awsConfig: noAWS, tencentClients: noTencent}
	for _, tc := range []struct {
		name, settings string
		code           int
		want           []string
	}{
		{"default account", "", 0, []string{
			"preflight of stack tencent-prod (prod: ap-guangzhou, DR ap-shanghai) against the offline account (",
			"ok      Tencent Cloud credentials",
			"APPID 1250000000 as UIN 100000000001",
			"ok      CAM service role (TKE_QCSRole)",
			"n/a     SSL certificate (certificateId)",
			"Every check passes: the account can take stack tencent-prod (`make up STACK=tencent-prod`).",
		}},
		{"TKE role missing", `{"tencent": {"missingServiceRoles": ["TKE_QCSRole"]}}`, 1, []string{
			"MISSING  CAM service role (TKE_QCSRole)",
			"no role TKE_QCSRole (InvalidParameter.RoleNotExist)",
			"What to do:\n  - CAM service role (TKE_QCSRole), global (MISSING): authorize TKE's service role once",
			"1 of 10 checks fail: `make up STACK=tencent-prod` would fail",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, account := tencentProject(t, tc.settings)
			code, out, stderr := runCmd(t, env(map[string]string{"MODELFORT_OFFLINE_ACCOUNT": account}), d, "-stack", "tencent-prod", "-dir", dir)
			if code != tc.code {
				t.Errorf("exit %d; want %d\n%s%s", code, tc.code, out, stderr)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("the report lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestTencentUsageAndConfiguration(t *testing.T) {
	dir, account := tencentProject(t, "")
	d := deps{awsConfig: noAWS, tencentClients: noTencent}
	code, _, stderr := runCmd(t, env(nil), d, "-stack", "tencent-prod", "-dir", dir)
	if code != 2 || !strings.Contains(stderr, "CLOUD=real for your Tencent Cloud account") {
		t.Errorf("no account: exit %d, %q", code, stderr)
	}
	bad := strings.Replace(tencentProdYAML, `modelfort:cloudAudit: "true"`, `modelfort:cloudAudit: "false"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.tencent-prod.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, env(map[string]string{"MODELFORT_OFFLINE_ACCOUNT": account}), d, "-stack", "tencent-prod", "-dir", dir)
	if code != 1 || !strings.Contains(stderr, "the configuration of stack tencent-prod") || !strings.Contains(stderr, "cloudAudit") {
		t.Errorf("invalid configuration: exit %d, %q", code, stderr)
	}
}

// realTencent is CLOUD=real's clients, pointed at a fake of Tencent Cloud.
func realTencent(t *testing.T, w *tencent.World) deps {
	srv := httptest.NewServer(tencent.Handler(w))
	t.Cleanup(srv.Close)
	return deps{awsConfig: noAWS, tencentClients: func() (*tencent.Clients, error) {
		return tencent.NewClients(common.NewCredential("AKIDREAL", "secret"), strings.TrimPrefix(srv.URL, "http://")), nil
	}}
}

func readyTencent() *tencent.World {
	return &tencent.World{
		Roles:        map[string]bool{"TKE_QCSRole": true, "CloudAudit_QCSRole": true, "CLS_QcsRole": true},
		KMS:          map[string]bool{"ap-guangzhou": true, "ap-shanghai": true},
		Certificates: map[string]tencent.Certificate{"EXAMPLE2": {Domain: "*.modelfort.internal", Status: 1}},
		Notices:      map[string]string{"notice-prod0001": "on-call"},
		Offers: map[string][]tencent.Offer{
			"ap-guangzhou": {{Zone: "ap-guangzhou-3", InstanceType: "GN7.2XLARGE32", Status: "SELL"}, {Zone: "ap-guangzhou-4", InstanceType: "GN7.2XLARGE32", Status: "SELL"}, {Zone: "ap-guangzhou-6", InstanceType: "GN7.2XLARGE32", Status: "SELL"}},
			"ap-shanghai":  {{Zone: "ap-shanghai-2", InstanceType: "GN7.2XLARGE32", Status: "SELL"}, {Zone: "ap-shanghai-4", InstanceType: "GN7.2XLARGE32", Status: "SELL"}, {Zone: "ap-shanghai-5", InstanceType: "GN7.2XLARGE32", Status: "SELL"}},
		},
		Denied: map[string]bool{},
	}
}

func TestTencentRealCloud(t *testing.T) {
	dir, _ := tencentProject(t, "")
	real := env(map[string]string{"CLOUD": "real", "MODELFORT_OFFLINE_ACCOUNT": "/nonexistent"})
	code, out, stderr := runCmd(t, real, realTencent(t, readyTencent()), "-stack", "tencent-prod", "-dir", dir)
	if code != 0 || !strings.Contains(out, "against Tencent Cloud (the SDK's credential chain)") || !strings.Contains(out, "(`CLOUD=real make up STACK=tencent-prod`)") {
		t.Errorf("ready: exit %d\n%s%s", code, out, stderr)
	}

	w := readyTencent()
	w.Denied["cvm:DescribeZoneInstanceConfigInfos"] = true
	code, out, _ = runCmd(t, real, realTencent(t, w), "-stack", "tencent-prod", "-dir", dir, "-json")
	var r struct {
		Results []struct{ Check, Region, Status, Found, Do string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	last := r.Results[len(r.Results)-1]
	if code != 1 || len(r.Results) != 10 || last.Status != "UNCHECKED" || !strings.Contains(last.Do, "grant the caller cvm:DescribeZoneInstanceConfigInfos") {
		t.Errorf("denied: exit %d, %+v", code, r.Results)
	}

	// No credentials in the chain.
	d := deps{awsConfig: noAWS, tencentClients: func() (*tencent.Clients, error) { return nil, errors.New("no credential found in every providers") }}
	code, _, stderr = runCmd(t, real, d, "-stack", "tencent-prod", "-dir", dir)
	if code != 1 || !strings.Contains(stderr, "TENCENTCLOUD_SECRET_ID") {
		t.Errorf("no credentials: exit %d, %q", code, stderr)
	}
}
