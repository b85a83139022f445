package healthcheck

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const healthCheckT = "aws:route53/healthCheck:HealthCheck"

func valid() Args {
	return Args{FQDN: pulumi.String("models.example.com"), RequestInterval: 30, FailureThreshold: 3}
}

// TestNewHTTPSWithSNIAndLatency pins what every health check is: HTTPS
// with SNI, measuring latency, on 443 and /health by default, from every
// checker region, with a Name tag.
func TestNewHTTPSWithSNIAndLatency(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "edge-cdn", valid(), map[string]string{"team": "ml"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hc := rec.Find(healthCheckT, "edge-cdn")
	if hc == nil {
		t.Fatalf("no health check:\n%s", rec)
	}
	if hc.Str("type") != "HTTPS" || hc.Str("fqdn") != "models.example.com" || hc.Num("port") != 443 || hc.Str("resourcePath") != "/health" ||
		hc.Num("requestInterval") != 30 || hc.Num("failureThreshold") != 3 || !hc.Bool("measureLatency") || !hc.Bool("enableSni") ||
		hc.Has("regions") || hc.Str("tags.Name") != "edge-cdn" || hc.Str("tags.team") != "ml" {
		t.Errorf("health check: %v", hc.Inputs)
	}
}

func TestNewSettings(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		a := Args{FQDN: pulumi.String("api.example.com"), Port: 8443, Path: "/v1/health", RequestInterval: 10, FailureThreshold: 5,
			Regions: []string{"us-east-1", "eu-west-1", "ap-southeast-1"}}
		_, err := New(ctx, "alb", a, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hc := rec.Find(healthCheckT, "alb")
	if hc.Num("port") != 8443 || hc.Str("resourcePath") != "/v1/health" || hc.Num("requestInterval") != 10 || hc.Num("failureThreshold") != 5 ||
		!slices.Equal(hc.Strs("regions"), []string{"us-east-1", "eu-west-1", "ap-southeast-1"}) {
		t.Errorf("health check: %v", hc.Inputs)
	}
}

// TestNameTagWins pins the tag rule of internal/tags: the health check's
// own Name tag wins over a Name among the caller's tags.
func TestNameTagWins(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "dns-primary", valid(), map[string]string{"Name": "caller's", "team": "ml"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if hc := rec.Find(healthCheckT, "dns-primary"); hc.Str("tags.Name") != "dns-primary" || hc.Str("tags.team") != "ml" {
		t.Errorf("tags %v", hc.Get("tags"))
	}
}

// TestNewTakesTheCallersOptions: New is no component; it registers the
// health check alone, with the options the caller gives.
func TestNewTakesTheCallersOptions(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = New(ctx, "hc", valid(), nil, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hc := rec.Find(healthCheckT, "hc")
	if hc.Region != "eu-west-1" || !hc.Protect {
		t.Errorf("health check: region %s, protect %v", hc.Region, hc.Protect)
	}
	if len(rec.Resources) != 2 {
		t.Errorf("New registered more than the health check:\n%s", rec)
	}
}

func TestValidateFillsDefaults(t *testing.T) {
	a := valid()
	if err := a.Validate("HealthCheck"); err != nil {
		t.Fatal(err)
	}
	if a.Port != DefaultPort || a.Path != DefaultPath || a.Regions != nil {
		t.Errorf("defaults: %+v", a)
	}
}

// TestFQDN pins the host names a health check takes: any case, an
// optional trailing dot (Route 53 takes both), and nothing that is not a
// DNS name. The value is sent as given.
func TestFQDN(t *testing.T) {
	for _, ok := range []string{"models.example.com", "Models.Example.COM", "models.example.com.", "_probe.example.com", "a.b.c.example.org"} {
		a := valid()
		a.FQDN = pulumi.String(ok)
		if err := a.Validate("HealthCheck"); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
		if a.FQDN != pulumi.String(ok) {
			t.Errorf("%q changed to %v", ok, a.FQDN)
		}
	}
	for _, bad := range []string{"", "localhost", "not a host", "models.example.com..", "-a.example.com", "a.example.c0m", "10.0.0.1", strings.Repeat("a.", 127) + "com"} {
		a := valid()
		a.FQDN = pulumi.String(bad)
		if err := a.Validate("HealthCheck"); err == nil || !strings.Contains(err.Error(), "is not a host name") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	a := valid()
	a.FQDN = pulumi.String("x").ToStringOutput()
	if err := a.Validate("HealthCheck"); err != nil {
		t.Errorf("an output is taken as it is: %v", err)
	}
}

func TestRejections(t *testing.T) {
	with := func(f func(*Args)) Args {
		a := valid()
		f(&a)
		return a
	}
	for _, tt := range []struct {
		name string
		args Args
		want string
	}{
		{"no FQDN", with(func(a *Args) { a.FQDN = nil }), "Resources[0].HealthCheck.FQDN is nil; give the host name Route 53 probes"},
		{"bad FQDN", with(func(a *Args) { a.FQDN = pulumi.String("not a host") }), `Resources[0].HealthCheck.FQDN "not a host" is not a host name`},
		{"port", with(func(a *Args) { a.Port = 70000 }), "Resources[0].HealthCheck.Port is 70000; allowed values are 1 to 65535 (0 means 443)"},
		{"negative port", with(func(a *Args) { a.Port = -1 }), "Resources[0].HealthCheck.Port is -1"},
		{"path", with(func(a *Args) { a.Path = "health" }), `Resources[0].HealthCheck.Path "health" is not allowed; give a path starting with '/', at most 255 characters`},
		{"long path", with(func(a *Args) { a.Path = "/" + strings.Repeat("a", 255) }), "is not allowed"},
		{"interval 20", with(func(a *Args) { a.RequestInterval = 20 }), "Resources[0].HealthCheck.RequestInterval is 20; allowed values are 10 and 30 (seconds)"},
		{"interval 0", with(func(a *Args) { a.RequestInterval = 0 }), "Resources[0].HealthCheck.RequestInterval is 0; allowed values are 10 and 30"},
		{"threshold 0", with(func(a *Args) { a.FailureThreshold = 0 }), "Resources[0].HealthCheck.FailureThreshold is 0; allowed values are 1 to 10"},
		{"threshold 11", with(func(a *Args) { a.FailureThreshold = 11 }), "Resources[0].HealthCheck.FailureThreshold is 11; allowed values are 1 to 10"},
		{"two regions", with(func(a *Args) { a.Regions = []string{"us-east-1", "eu-west-1"} }), "Resources[0].HealthCheck.Regions has 2 regions; Route 53 needs at least 3 of us-east-1, us-west-1"},
		{"empty regions", with(func(a *Args) { a.Regions = []string{} }), "Resources[0].HealthCheck.Regions has 0 regions"},
		{"unknown region", with(func(a *Args) { a.Regions = []string{"us-east-1", "eu-west-1", "eu-central-1"} }), `Resources[0].HealthCheck.Regions[2] is "eu-central-1"; allowed values are us-east-1, us-west-1`},
		{"region twice", with(func(a *Args) { a.Regions = []string{"us-east-1", "eu-west-1", "us-east-1"} }), `Resources[0].HealthCheck.Regions has "us-east-1" twice`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.args
			if err := a.Validate("Resources[0].HealthCheck"); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want %q", err, tt.want)
			}
		})
	}
}

// TestNewChecksItsArgs: New refuses what Validate refuses, before it
// registers anything.
func TestNewChecksItsArgs(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "hc", Args{FQDN: pulumi.String("models.example.com")}, nil)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "health check hc: Args.RequestInterval is 0") || len(rec.Resources) != 0 {
		t.Errorf("New with no interval: %v\n%s", err, rec)
	}
}
