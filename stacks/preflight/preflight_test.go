package preflight

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	stacks "github.com/modelfort/modelfort/stacks/aws"
)

// The tests drive the real SDK clients against Handler, which answers at
// the HTTP level in each API's protocol (awsJson1.1 for Shield, Service
// Quotas and ACM; restJson1 for API Gateway and GuardDuty; restXml for
// Route 53; awsQuery for STS), and against canned answers copied from the
// services' documentation (raw_test.go).

const (
	typ         = "ml.g5.2xlarge"
	primaryCert = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000051"
	drCert      = "arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000052"
	cdnCert     = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000053"
	zoneID      = "Z0PROD000000000000000"
)

// prodConfig is a prod stack's configuration, as Pulumi.prod.yaml gives it.
func prodConfig() stacks.Config {
	return stacks.Config{
		Environment: "prod", PrimaryRegion: "us-east-1", DRRegion: "us-west-2",
		InstanceType: typ, PrimaryInstances: 2, StandbyInstances: 2,
		DomainName: "llm.prod.example.com", HostedZoneId: zoneID,
		PrimaryCertificateArn: primaryCert, DRCertificateArn: drCert,
		Shield: true, CDNDomainName: "llm-edge.prod.example.com", CDNCertificateArn: cdnCert,
		APIGatewayAccountLogging: true,
		ThreatDetection:          &stacks.ThreatDetection{GuardDuty: stacks.Own, SecurityHub: stacks.Own, Config: stacks.Own},
		ModelDigest:              strings.Repeat("a", 64),
	}
}

// readyWorld is an account that can take prodConfig: the quota is applied
// in us-east-1 and AWS's default in us-west-2.
func readyWorld() *World {
	return &World{
		ShieldSubscribed:      true,
		EndpointQuotas:        map[string]float64{"us-east-1/" + typ: 4, "us-east-1/ml.m5.large": 8, "us-east-1/ml.c5.xlarge": 8},
		DefaultEndpointQuotas: map[string]float64{"us-west-2/" + typ: 4, "us-west-2/ml.m5.large": 8},
		Certificates: map[string]Certificate{
			primaryCert: {DomainName: "llm.prod.example.com", Status: "ISSUED"},
			drCert:      {DomainName: "*.prod.example.com", SubjectAlternativeNames: []string{"*.prod.example.com", "prod.example.com"}, Status: "ISSUED"},
			cdnCert:     {DomainName: "llm-edge.prod.example.com", Status: "ISSUED"},
		},
		HostedZones:     map[string]HostedZone{zoneID: {Name: "example.com."}},
		APIGatewayRoles: map[string]string{},
		Detectors:       map[string][]Detector{},
		Denied:          map[string]bool{},
	}
}

// call is one request a fake answered.
type call struct{ Service, Region string }

type fake struct {
	srv   *httptest.Server
	mu    sync.Mutex
	calls []call
}

func newFake(t *testing.T, h http.Handler) *fake {
	f := &fake{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := scope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			f.mu.Lock()
			f.calls = append(f.calls, call{Service: m[2], Region: m[1]})
			f.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) clients() *Clients {
	return NewClients(aws.Config{
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDPREFLIGHT", "secret", ""),
		BaseEndpoint: aws.String(f.srv.URL),
		HTTPClient:   f.srv.Client(),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	})
}

func (f *fake) called(service, region string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.calls {
		if c.Service == service && c.Region == region {
			return true
		}
	}
	return false
}

func run(t *testing.T, w *World, c stacks.Config) (Report, *fake) {
	t.Helper()
	f := newFake(t, Handler(w))
	return Run(context.Background(), Options{Stack: "prod", Config: c, Clients: f.clients(), Target: "the fakes"}), f
}

// result finds the result of a check in a region.
func result(t *testing.T, r Report, check, region string) Result {
	t.Helper()
	for _, x := range r.Results {
		if x.Check == check && x.Region == region {
			return x
		}
	}
	t.Fatalf("no result of %q in %s among %+v", check, region, r.Results)
	return Result{}
}

func TestReadyAccountPasses(t *testing.T) {
	r, f := run(t, readyWorld(), prodConfig())
	for _, x := range r.Results {
		if x.Status != OK {
			t.Errorf("%s %s: %s %s (do: %s); want ok", x.Check, x.Region, x.Status, x.Found, x.Do)
		}
	}
	if r.Failed() || len(r.Results) != 12 {
		t.Errorf("Failed = %v with %d results; want a pass of 12", r.Failed(), len(r.Results))
	}
	// Each regional check asked each region, with the region's client.
	for _, c := range []call{
		{"sts", "us-east-1"}, {"shield", "us-east-1"}, {"route53", "us-east-1"},
		{"servicequotas", "us-east-1"}, {"servicequotas", "us-west-2"},
		{"acm", "us-east-1"}, {"acm", "us-west-2"},
		{"apigateway", "us-east-1"}, {"apigateway", "us-west-2"},
		{"guardduty", "us-east-1"}, {"guardduty", "us-west-2"},
	} {
		if !f.called(c.Service, c.Region) {
			t.Errorf("no %s call in %s", c.Service, c.Region)
		}
	}
	q := result(t, r, CheckEndpointQuota, "us-west-2")
	if !strings.Contains(q.Found, `"ml.g5.2xlarge for endpoint usage" (`+EndpointQuotaCode(typ)+`) is 4; the stack runs 2 here (warm standby), up to 4`) {
		t.Errorf("DR quota found %q", q.Found)
	}
}

func TestChecksFail(t *testing.T) {
	for _, tc := range []struct {
		name          string
		world         func(w *World)
		config        func(c *stacks.Config)
		check, region string
		want          Status
		found, do     string
	}{
		{name: "shield not subscribed", world: func(w *World) { w.ShieldSubscribed = false },
			check: CheckShield, region: Global, want: Missing, found: "subscription INACTIVE", do: "aws shield create-subscription"},
		{name: "shield off", world: func(w *World) { w.ShieldSubscribed = false }, config: func(c *stacks.Config) { c.Shield = false },
			check: CheckShield, region: Global, want: NA, found: "modelfort:shield is false"},
		{name: "quota zero in the DR region", world: func(w *World) { w.DefaultEndpointQuotas["us-west-2/"+typ] = 0 },
			check: CheckEndpointQuota, region: "us-west-2", want: Missing, found: "is 0; the stack runs 2 here",
			do: "--region us-west-2 --service-code sagemaker --quota-code " + EndpointQuotaCode(typ) + " --desired-value 4"},
		{name: "quota short of auto scaling", world: func(w *World) { w.EndpointQuotas["us-east-1/"+typ] = 3 },
			check: CheckEndpointQuota, region: "us-east-1", want: Warn, found: "is 3", do: "auto scaling stops at 3"},
		{name: "applied quota wins over the default", world: func(w *World) {
			w.EndpointQuotas["us-west-2/"+typ] = 1
		}, check: CheckEndpointQuota, region: "us-west-2", want: Missing, found: "is 1"},
		{name: "instance type not offered", world: func(w *World) { delete(w.DefaultEndpointQuotas, "us-west-2/"+typ) },
			check: CheckEndpointQuota, region: "us-west-2", want: Missing, found: "has no quota", do: "modelfort:instanceType"},
		{name: "not serving yet", world: func(w *World) { w.EndpointQuotas["us-east-1/"+typ] = 0 }, config: func(c *stacks.Config) { c.ModelDigest = "" },
			check: CheckEndpointQuota, region: "us-east-1", want: Missing, found: "first `make publish`"},
		{name: "certificate missing", world: func(w *World) { delete(w.Certificates, primaryCert) },
			check: CheckCertificate + " (primaryCertificateArn)", region: "us-east-1", want: Missing, found: "no certificate",
			do: "aws acm request-certificate --region us-east-1 --domain-name llm.prod.example.com"},
		{name: "certificate unknown in its region", config: func(c *stacks.Config) { c.DRCertificateArn = strings.Replace(primaryCert, "us-east-1", "us-west-2", 1) },
			check: CheckCertificate + " (drCertificateArn)", region: "us-west-2", want: Missing, found: "no certificate"},
		{name: "certificate pending", world: func(w *World) {
			w.Certificates[drCert] = Certificate{DomainName: "llm.prod.example.com", Status: "PENDING_VALIDATION"}
		}, check: CheckCertificate + " (drCertificateArn)", region: "us-west-2", want: Missing, found: "PENDING_VALIDATION", do: "validation record"},
		{name: "certificate expired", world: func(w *World) {
			w.Certificates[primaryCert] = Certificate{DomainName: "llm.prod.example.com", Status: "EXPIRED"}
		}, check: CheckCertificate + " (primaryCertificateArn)", region: "us-east-1", want: Missing, found: "EXPIRED", do: "request a public certificate"},
		{name: "certificate of another name", world: func(w *World) {
			w.Certificates[cdnCert] = Certificate{DomainName: "*.example.com", Status: "ISSUED"}
		}, check: CheckCertificate + " (cdnCertificateArn)", region: "us-east-1", want: Missing, found: "does not cover llm-edge.prod.example.com"},
		{name: "no cdn certificate check without shield", config: func(c *stacks.Config) { c.Shield = false },
			world: func(w *World) { delete(w.Certificates, cdnCert) },
			check: CheckCertificate + " (primaryCertificateArn)", region: "us-east-1", want: OK},
		{name: "no hosted zone", world: func(w *World) { delete(w.HostedZones, zoneID) },
			check: CheckHostedZone, region: Global, want: Missing, found: "NoSuchHostedZone", do: "create-hosted-zone --name prod.example.com"},
		{name: "zone of another domain", world: func(w *World) { w.HostedZones[zoneID] = HostedZone{Name: "example.org."} },
			check: CheckHostedZone, region: Global, want: Missing, found: "does not hold llm.prod.example.com"},
		{name: "zone named like a parent but not one", world: func(w *World) { w.HostedZones[zoneID] = HostedZone{Name: "od.example.com."} },
			check: CheckHostedZone, region: Global, want: Missing, found: "does not hold"},
		{name: "private zone", world: func(w *World) { w.HostedZones[zoneID] = HostedZone{Name: "prod.example.com.", Private: true} },
			check: CheckHostedZone, region: Global, want: Missing, found: "private zone"},
		{name: "logging role missing", config: func(c *stacks.Config) { c.APIGatewayAccountLogging = false },
			world: func(w *World) { w.APIGatewayRoles["us-east-1"] = "arn:aws:iam::123456789012:role/apigw-logs" },
			check: CheckAPIGatewayLog, region: "us-west-2", want: Missing, found: "none set", do: "aws apigateway update-account --region us-west-2"},
		{name: "logging role set", config: func(c *stacks.Config) { c.APIGatewayAccountLogging = false },
			world: func(w *World) {
				w.APIGatewayRoles["us-east-1"] = "arn:aws:iam::123456789012:role/apigw-logs"
				w.APIGatewayRoles["us-west-2"] = "arn:aws:iam::123456789012:role/apigw-logs"
			},
			check: CheckAPIGatewayLog, region: "us-east-1", want: OK, found: "set to arn:aws:iam::123456789012:role/apigw-logs"},
		{name: "logging role the stack would replace", world: func(w *World) { w.APIGatewayRoles["us-west-2"] = "arn:aws:iam::123456789012:role/other" },
			check: CheckAPIGatewayLog, region: "us-west-2", want: Warn, found: "the stack will replace it", do: "modelfort:apiGatewayAccountLogging false"},
		{name: "guardduty owned elsewhere", world: func(w *World) {
			w.Detectors["us-west-2"] = []Detector{{ID: "12abc34d567e8fa901bc2d34eexample", Status: "ENABLED", Tags: map[string]string{"owner": "security"}}}
		}, check: CheckGuardDuty, region: "us-west-2", want: Missing, found: "already exists", do: "guardDuty: organization"},
		{name: "guardduty detector of an earlier up", world: func(w *World) {
			w.Detectors["us-east-1"] = []Detector{{ID: "d1", Status: "ENABLED", Tags: map[string]string{EnvironmentTag: "prod"}}}
		}, check: CheckGuardDuty, region: "us-east-1", want: OK, found: "the stack's own"},
		{name: "guardduty organization without detector", config: func(c *stacks.Config) { c.ThreatDetection.GuardDuty = stacks.Organization },
			check: CheckGuardDuty, region: "us-east-1", want: Missing, found: "no detector", do: "organization's GuardDuty administrator"},
		{name: "guardduty organization disabled", config: func(c *stacks.Config) { c.ThreatDetection.GuardDuty = stacks.Organization },
			world: func(w *World) {
				w.Detectors["us-west-2"] = []Detector{{ID: "org", Status: "DISABLED", Features: map[string]string{S3DataEvents: "ENABLED"}}}
			}, check: CheckGuardDuty, region: "us-west-2", want: Missing, found: "it is DISABLED"},
		{name: "guardduty organization without S3 protection", config: func(c *stacks.Config) { c.ThreatDetection.GuardDuty = stacks.Organization },
			world: func(w *World) {
				w.Detectors["us-west-2"] = []Detector{{ID: "org", Status: "ENABLED", Features: map[string]string{S3DataEvents: "DISABLED", "EBS_MALWARE_PROTECTION": "ENABLED"}}}
			}, check: CheckGuardDuty, region: "us-west-2", want: Missing, found: "S3 protection (S3_DATA_EVENTS) is not ENABLED"},
		{name: "guardduty organization ready", config: func(c *stacks.Config) { c.ThreatDetection.GuardDuty = stacks.Organization },
			world: func(w *World) {
				w.Detectors["us-east-1"] = []Detector{{ID: "org-east", Status: "ENABLED", Features: map[string]string{S3DataEvents: "ENABLED"}}}
				w.Detectors["us-west-2"] = []Detector{{ID: "org", Status: "ENABLED", Features: map[string]string{S3DataEvents: "ENABLED"}}}
			}, check: CheckGuardDuty, region: "us-west-2", want: OK, found: "the organization's"},
		{name: "no threat detection", config: func(c *stacks.Config) { c.ThreatDetection = nil },
			world: func(w *World) { w.Detectors["us-east-1"] = []Detector{{ID: "x", Status: "ENABLED"}} },
			check: CheckGuardDuty, region: "us-east-1", want: NA},
		{name: "legacy guardDuty owns the primary's detector", config: func(c *stacks.Config) { c.ThreatDetection, c.GuardDuty = nil, true },
			world: func(w *World) { w.Detectors["us-east-1"] = []Detector{{ID: "x", Status: "ENABLED"}} },
			check: CheckGuardDuty, region: "us-east-1", want: Missing, found: "already exists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, c := readyWorld(), prodConfig()
			if tc.world != nil {
				tc.world(w)
			}
			if tc.config != nil {
				tc.config(&c)
			}
			r, _ := run(t, w, c)
			got := result(t, r, tc.check, tc.region)
			if got.Status != tc.want || !strings.Contains(got.Found, tc.found) || !strings.Contains(got.Do, tc.do) {
				t.Errorf("got %s, found %q, do %q; want %s, found ~%q, do ~%q", got.Status, got.Found, got.Do, tc.want, tc.found, tc.do)
			}
			if tc.want.Fails() != r.Failed() {
				t.Errorf("Failed = %v; want %v (%+v)", r.Failed(), tc.want.Fails(), r.Results)
			}
			if tc.want.Fails() && got.Do == "" {
				t.Errorf("a failing check says nothing to do: %+v", got)
			}
		})
	}
}

func TestAccessDenied(t *testing.T) {
	for _, tc := range []struct {
		action, check, region, grant string
		want                         Status
	}{
		{"shield:GetSubscriptionState", CheckShield, Global, "shield:GetSubscriptionState", Unchecked},
		{"servicequotas:ListServiceQuotas", CheckEndpointQuota, "us-west-2", "servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas", Unchecked},
		{"servicequotas:ListAWSDefaultServiceQuotas", CheckEndpointQuota, "us-west-2", "servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas", Unchecked},
		{"acm:DescribeCertificate", CheckCertificate + " (drCertificateArn)", "us-west-2", "acm:DescribeCertificate", Unchecked},
		{"route53:GetHostedZone", CheckHostedZone, Global, "route53:GetHostedZone", Unchecked},
		{"guardduty:ListDetectors", CheckGuardDuty, "us-east-1", "guardduty:ListDetectors", Unchecked},
		// The stack owns the logging role: a denied look is a warning.
		{"apigateway:GET", CheckAPIGatewayLog, "us-east-1", "apigateway:GET on arn:aws:apigateway:us-east-1::/account", Warn},
	} {
		t.Run(tc.action, func(t *testing.T) {
			w := readyWorld()
			w.Denied[tc.action] = true
			r, _ := run(t, w, prodConfig())
			got := result(t, r, tc.check, tc.region)
			if got.Status != tc.want || !strings.Contains(got.Found, "could not check (AccessDenied") || !strings.Contains(got.Do, "grant the caller "+tc.grant) {
				t.Errorf("got %+v; want %s naming %s", got, tc.want, tc.grant)
			}
			if r.Failed() != tc.want.Fails() {
				t.Errorf("Failed = %v; want %v", r.Failed(), tc.want.Fails())
			}
		})
	}
	t.Run("guardduty:GetDetector", func(t *testing.T) {
		w := readyWorld()
		w.Denied["guardduty:GetDetector"] = true
		w.Detectors["us-west-2"] = []Detector{{ID: "x", Status: "ENABLED"}}
		r, _ := run(t, w, prodConfig())
		if got := result(t, r, CheckGuardDuty, "us-west-2"); got.Status != Unchecked || !strings.Contains(got.Do, "guardduty:GetDetector") {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("apigateway:GET, role not the stack's", func(t *testing.T) {
		w, c := readyWorld(), prodConfig()
		w.Denied["apigateway:GET"] = true
		c.APIGatewayAccountLogging = false
		r, _ := run(t, w, c)
		if got := result(t, r, CheckAPIGatewayLog, "us-west-2"); got.Status != Unchecked || !r.Failed() {
			t.Errorf("got %+v", got)
		}
	})
}

func TestNoCredentialsStops(t *testing.T) {
	f := newFake(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>x</RequestId></ErrorResponse>`))
	}))
	r := Run(context.Background(), Options{Stack: "prod", Config: prodConfig(), Clients: f.clients()})
	if len(r.Results) != 1 || r.Results[0].Check != CheckCredentials || r.Results[0].Status != Unchecked ||
		!strings.Contains(r.Results[0].Found, "InvalidClientTokenId") || !strings.Contains(r.Results[0].Do, "credentials") {
		t.Errorf("results %+v; want one failed credentials check", r.Results)
	}
}

func TestNotImplementedIsNA(t *testing.T) {
	w := readyWorld()
	w.NotModeled = map[string]string{"acm": "no certificates here", "route53": "no zones here"}
	r, _ := run(t, w, prodConfig())
	if r.Failed() {
		t.Errorf("failed: %+v", r.Results)
	}
	for _, x := range []Result{result(t, r, CheckHostedZone, Global), result(t, r, CheckCertificate+" (drCertificateArn)", "us-west-2")} {
		if x.Status != NA || !strings.HasPrefix(x.Found, "not checked offline: no ") {
			t.Errorf("%+v; want n/a", x)
		}
	}
}

func TestCoversAndInZone(t *testing.T) {
	for _, tc := range []struct {
		cert, name string
		want       bool
	}{
		{"llm.example.com", "llm.example.com", true},
		{"LLM.example.com.", "llm.example.com", true},
		{"*.example.com", "llm.example.com", true},
		{"*.example.com", "a.llm.example.com", false},
		{"*.example.com", "example.com", false},
		{"example.com", "llm.example.com", false},
	} {
		if got := Covers(tc.cert, tc.name); got != tc.want {
			t.Errorf("Covers(%q, %q) = %v", tc.cert, tc.name, got)
		}
	}
	for _, tc := range []struct {
		zone, name string
		want       bool
	}{
		{"example.com.", "llm.prod.example.com", true},
		{"llm.prod.example.com.", "llm.prod.example.com", true},
		{"od.example.com.", "llm.prod.example.com", false},
		{"prod.example.com.", "example.com", false},
	} {
		if got := InZone(tc.zone, tc.name); got != tc.want {
			t.Errorf("InZone(%q, %q) = %v", tc.zone, tc.name, got)
		}
	}
}

func TestReportWrite(t *testing.T) {
	w := readyWorld()
	w.ShieldSubscribed = false
	w.EndpointQuotas["us-east-1/"+typ] = 3
	r, _ := run(t, w, prodConfig())
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"preflight of stack prod (prod: us-east-1, DR us-west-2) against the fakes",
		"STATUS   CHECK", "MISSING  Shield Advanced subscription",
		"warn     SageMaker endpoint quota",
		"What to do:\n  - Shield Advanced subscription, global (MISSING): subscribe",
		"  - SageMaker endpoint quota, us-east-1 (warn): auto scaling stops at 3",
		"1 of 12 checks fail: `make up STACK=prod` would fail",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	r, _ = run(t, readyWorld(), prodConfig())
	_ = r.Write(&b)
	if !strings.Contains(b.String(), "Every check passes: the account can take stack prod (`make up STACK=prod`).") || strings.Contains(b.String(), "What to do") {
		t.Errorf("a passing report:\n%s", b.String())
	}
}
