package failover

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/shieldprotection"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	recordT       = "aws:route53/record:Record"
	healthCheckT  = "aws:route53/healthCheck:HealthCheck"
	distributionT = "aws:cloudfront/distribution:Distribution"
	aclT          = "aws:wafv2/webAcl:WebAcl"
	protectionT   = "aws:shield/protection:Protection"
	associationT  = "aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation"
	alarmT        = "aws:cloudwatch/metricAlarm:MetricAlarm"
	domainT       = "aws:apigateway/domainName:DomainName"
	apiT          = "aws:apigateway/restApi:RestApi"

	zone   = "Z0123456789ABCDEFGHIJ"
	record = "api.example.com"
	cdnCrt = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
)

// sites returns a minimal Args with two literal sites.
func sites() *Args {
	return &Args{
		ZoneId:     pulumi.String(zone),
		RecordName: record,
		Primary:    Site{Target: pulumi.String("use1.example.net")},
		Secondary:  Site{Target: pulumi.String("usw2.example.net")},
	}
}

func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*Regional, *mocktest.Recording, error) {
	t.Helper()
	var f *Regional
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		f, err = NewRegional(ctx, "dns", args, opts...)
		return err
	}, logsRole)
	return f, rec, err
}

// outputs awaits a component's outputs, inside the program.
func outputs(t *testing.T, ctx *pulumi.Context, f *Regional) (map[string]string, int) {
	t.Helper()
	got := map[string]string{}
	for k, o := range map[string]pulumi.StringOutput{
		"recordName": f.RecordName, "primaryHealthCheckId": f.PrimaryHealthCheckId, "primaryHealthCheckArn": f.PrimaryHealthCheckArn,
		"secondaryHealthCheckId": f.SecondaryHealthCheckId, "secondaryHealthCheckArn": f.SecondaryHealthCheckArn,
		"distributionId": f.DistributionId, "distributionArn": f.DistributionArn, "distributionDomainName": f.DistributionDomainName,
		"distributionWebAclArn": f.DistributionWebAclArn,
	} {
		r, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
		if err != nil {
			t.Fatal(err)
		}
		got[k], _ = r.Value.(string)
	}
	r, err := internals.UnsafeAwaitOutput(ctx.Context(), f.WorstCaseFailoverSeconds)
	if err != nil {
		t.Fatal(err)
	}
	seconds, _ := r.Value.(int)
	return got, seconds
}

func TestWorstCaseFailover(t *testing.T) {
	for _, tt := range []struct {
		interval, threshold, ttl int
		want                     time.Duration
	}{
		{30, 3, 60, 150 * time.Second},
		{10, 1, 30, 40 * time.Second},
		{10, 3, 60, 90 * time.Second},
		{30, 10, 300, 10 * time.Minute},
	} {
		if got := WorstCaseFailover(tt.interval, tt.threshold, tt.ttl); got != tt.want {
			t.Errorf("WorstCaseFailover(%d, %d, %d) = %s; want %s", tt.interval, tt.threshold, tt.ttl, got, tt.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	var f *Regional
	var got map[string]string
	var seconds int
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		if f, err = NewRegional(ctx, "dns", sites()); err == nil {
			got, seconds = outputs(t, ctx, f)
		}
		return err
	}, logsRole)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "dns")
	for _, role := range []struct{ name, target, policy string }{{"primary", "use1.example.net", "PRIMARY"}, {"secondary", "usw2.example.net", "SECONDARY"}} {
		hc, r := rec.Find(healthCheckT, "dns-"+role.name), rec.Find(recordT, "dns-"+role.name)
		if hc == nil || r == nil || hc.Parent != comp.URN || r.Parent != comp.URN {
			t.Fatalf("%s: health check %v, record %v", role.name, hc, r)
		}
		if hc.Str("type") != "HTTPS" || hc.Str("fqdn") != role.target || hc.Num("port") != 443 || hc.Str("resourcePath") != "/health" ||
			hc.Num("requestInterval") != 30 || hc.Num("failureThreshold") != 3 || !hc.Bool("measureLatency") || !hc.Bool("enableSni") || hc.Has("regions") {
			t.Errorf("%s health check: %v", role.name, hc.Inputs)
		}
		if r.Str("zoneId") != zone || r.Str("name") != record || r.Str("type") != "CNAME" || r.Num("ttl") != 60 ||
			!slices.Equal(r.Strs("records"), []string{role.target}) || r.Str("setIdentifier") != role.name ||
			r.Str("failoverRoutingPolicies[0].type") != role.policy || r.Str("healthCheckId") != hc.ID {
			t.Errorf("%s record: %v", role.name, r.Inputs)
		}
	}
	if f.WorstCaseFailover != 150*time.Second || seconds != 150 || f.TTL != 60 || f.HealthCheck.RequestInterval != 30 || f.HealthCheck.FailureThreshold != 3 {
		t.Errorf("worst case %s (%d s), settings %+v, TTL %d", f.WorstCaseFailover, seconds, f.HealthCheck, f.TTL)
	}
	if got["recordName"] != record || got["primaryHealthCheckId"] != rec.Find(healthCheckT, "dns-primary").ID ||
		got["secondaryHealthCheckArn"] != rec.Find(healthCheckT, "dns-secondary").Out("arn") || got["distributionId"] != "" || got["distributionWebAclArn"] != "" {
		t.Errorf("outputs %v", got)
	}
	for _, typ := range []string{distributionT, aclT, protectionT} {
		if len(rec.OfType(typ)) != 0 {
			t.Errorf("%s without CloudFront", typ)
		}
	}
}

// TestAlarmsJoinTheProbe follows each site's record to what it watches:
// with Alarms, a calculated check that is healthy only while the HTTPS
// probe and every alarm's check are; the alarms' detection counts towards
// the worst case, and Shield's either-region check watches the probes.
func TestAlarmsJoinTheProbe(t *testing.T) {
	args := sites()
	args.Primary.Alarms = []Alarm{
		{Name: pulumi.String("errors-primary"), Region: "us-east-1", Detection: 3 * time.Minute},
		{Name: pulumi.String("latency-primary"), Region: "us-east-1", Detection: 4 * time.Minute},
	}
	args.Secondary.Alarms = []Alarm{{Name: pulumi.String("errors-dr"), Region: "us-west-2", Detection: time.Minute}}
	f, rec, err := run(t, args)
	if err != nil {
		t.Fatal(err)
	}
	for _, site := range []struct {
		role   string
		alarms map[string]string
	}{{"primary", map[string]string{"errors-primary": "us-east-1", "latency-primary": "us-east-1"}}, {"secondary", map[string]string{"errors-dr": "us-west-2"}}} {
		r, probe := rec.Find(recordT, "dns-"+site.role), rec.Find(healthCheckT, "dns-"+site.role)
		calc := rec.ByID(r.Str("healthCheckId"))
		if calc == nil || calc.Str("type") != "CALCULATED" || calc.Num("childHealthThreshold") != float64(len(site.alarms)+1) {
			t.Fatalf("%s record follows %v", site.role, calc)
		}
		children := calc.Strs("childHealthchecks")
		if !slices.Contains(children, probe.ID) || len(children) != len(site.alarms)+1 {
			t.Errorf("%s: the calculated check's children %v lack the probe %s", site.role, children, probe.ID)
		}
		seen := map[string]string{}
		for _, id := range children {
			if c := rec.ByID(id); c.Str("type") == "CLOUDWATCH_METRIC" {
				seen[c.Str("cloudwatchAlarmName")] = c.Str("cloudwatchAlarmRegion")
				if c.Str("insufficientDataHealthStatus") != "LastKnownStatus" {
					t.Errorf("%s alarm check: %v", site.role, c.Inputs)
				}
			}
		}
		if !maps.Equal(seen, site.alarms) {
			t.Errorf("%s alarm checks watch %v; want %v", site.role, seen, site.alarms)
		}
	}
	if f.WorstCaseFailover != 4*time.Minute+time.Minute {
		t.Errorf("worst case %s: the slowest alarm (4m) + TTL (1m)", f.WorstCaseFailover)
	}
	args.RecoveryTimeObjective = 3 * time.Minute
	if _, _, err := run(t, args); err == nil || !strings.Contains(err.Error(), "the worst-case failover time is 5m0s (detection 4m0s") {
		t.Errorf("a slow alarm against a 3-minute objective: %v", err)
	}
	for _, bad := range []struct {
		alarm Alarm
		want  string
	}{
		{Alarm{Region: "us-east-1", Detection: time.Minute}, "Primary.Alarms[0].Name is nil"},
		{Alarm{Name: pulumi.String("a"), Region: "mars", Detection: time.Minute}, `Primary.Alarms[0].Region is "mars"`},
		{Alarm{Name: pulumi.String("a"), Region: "us-east-1"}, "Primary.Alarms[0].Detection is 0s"},
	} {
		a := sites()
		a.Primary.Alarms = []Alarm{bad.alarm}
		if _, rec, err := run(t, a); err == nil || !strings.Contains(err.Error(), bad.want) || len(rec.Resources) != 0 {
			t.Errorf("%+v: %v", bad.alarm, err)
		}
	}
}

func TestValidate(t *testing.T) {
	if d, err := Validate("dns", sites()); err != nil || d != 150*time.Second {
		t.Errorf("Validate = %s, %v; want 150s", d, err)
	}
	args := sites()
	args.HealthCheck, args.TTL = &HealthCheck{RequestInterval: 10, FailureThreshold: 2}, 20
	if d, err := Validate("dns", args); err != nil || d != 40*time.Second {
		t.Errorf("Validate = %s, %v; want 40s", d, err)
	}
	if args.HealthCheck.Port != 0 || args.Primary.HealthCheckFQDN != nil {
		t.Error("Validate filled in the caller's args")
	}
	if _, err := Validate("dns", nil); err == nil || !strings.Contains(err.Error(), "ZoneId is nil") {
		t.Errorf("Validate(nil) = %v", err)
	}
}

func TestRecoveryTimeObjective(t *testing.T) {
	args := sites()
	args.RecoveryTimeObjective = 2 * time.Minute
	_, rec, err := run(t, args)
	if err == nil || !strings.Contains(err.Error(), "failover dns: the worst-case failover time is 2m30s (detection 1m30s, the slowest of HealthCheck.RequestInterval 30s × HealthCheck.FailureThreshold 3 and the sites' Alarms, + TTL 60s), more than RecoveryTimeObjective 2m0s") || len(rec.Resources) != 0 {
		t.Errorf("defaults against a 2-minute objective: %v\n%s", err, rec)
	}
	args.HealthCheck, args.TTL = &HealthCheck{RequestInterval: 10, FailureThreshold: 3}, 30
	f, _, err := run(t, args)
	if err != nil || f.WorstCaseFailover != time.Minute {
		t.Errorf("10s × 3 + 30s within 2 minutes: %v", err)
	}
	args.RecoveryTimeObjective = time.Minute
	if _, _, err := run(t, args); err != nil {
		t.Errorf("an objective met exactly: %v", err)
	}
}

func TestOptions(t *testing.T) {
	args := sites()
	args.TTL = 30
	args.HealthCheck = &HealthCheck{Port: 8443, RequestInterval: 10, FailureThreshold: 2, Regions: []string{"us-east-1", "us-west-2", "eu-west-1"}}
	args.Primary.HealthCheckFQDN, args.Primary.HealthCheckPath = pulumi.String("probe-use1.example.net"), "/v1/health"
	args.Secondary.ServedName = record
	args.Tags = map[string]string{"team": "ml"}
	f, rec, err := run(t, args)
	if err != nil {
		t.Fatal(err)
	}
	p, s := rec.Find(healthCheckT, "dns-primary"), rec.Find(healthCheckT, "dns-secondary")
	if p.Str("fqdn") != "probe-use1.example.net" || p.Str("resourcePath") != "/v1/health" || p.Num("port") != 8443 || p.Num("requestInterval") != 10 ||
		p.Num("failureThreshold") != 2 || !slices.Equal(p.Strs("regions"), []string{"us-east-1", "us-west-2", "eu-west-1"}) || p.Str("tags.team") != "ml" {
		t.Errorf("primary health check: %v", p.Inputs)
	}
	if s.Str("fqdn") != "usw2.example.net" || s.Str("resourcePath") != "/health" || s.Num("port") != 8443 {
		t.Errorf("secondary health check: %v", s.Inputs)
	}
	if rec.Find(recordT, "dns-primary").Num("ttl") != 30 || f.WorstCaseFailover != 50*time.Second || f.HealthCheck.Port != 8443 {
		t.Errorf("TTL, worst case %s, settings %+v", f.WorstCaseFailover, f.HealthCheck)
	}
}

// frontDoors creates a front door in each region, with a custom domain of
// the failover name, and returns a program that adds a Regional
// over them.
func frontDoors(t *testing.T, args func(p, s Site) *Args, opts ...mocktest.Option) (*Regional, *mocktest.Recording, error) {
	t.Helper()
	var f *Regional
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		primary, err := frontdoor.NewAPI(ctx, "api", &frontdoor.Args{
			Handler: handlerIn("us-east-1"), Auth: frontdoor.AuthAPIKey, DomainName: record,
			CertificateArn: pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"),
		})
		if err != nil {
			return err
		}
		secondary, err := frontdoor.NewAPI(ctx, "api-dr", &frontdoor.Args{
			Handler: handlerIn("us-west-2"), Auth: frontdoor.AuthAPIKey, DomainName: record,
			CertificateArn: pulumi.String("arn:aws:acm:us-west-2:123456789012:certificate/66666666-7777-8888-9999-000000000000"),
		}, pulumi.Provider(dr))
		if err != nil {
			return err
		}
		f, err = NewRegional(ctx, "dns", args(FromFrontDoor(primary), FromFrontDoor(secondary)))
		return err
	}, append([]mocktest.Option{logsRole}, opts...)...)
	return f, rec, err
}

func TestFrontDoors(t *testing.T) {
	_, rec, err := frontDoors(t, func(p, s Site) *Args {
		return &Args{ZoneId: pulumi.String(zone), RecordName: record, Primary: p, Secondary: s}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, site := range []struct{ role, fd, region string }{{"primary", "api", "us-east-1"}, {"secondary", "api-dr", "us-west-2"}} {
		domain, api := rec.Find(domainT, site.fd), rec.Find(apiT, site.fd)
		r, hc := rec.Find(recordT, "dns-"+site.role), rec.Find(healthCheckT, "dns-"+site.role)
		if !slices.Equal(r.Strs("records"), []string{domain.Out("regionalDomainName")}) || !strings.Contains(domain.Out("regionalDomainName"), site.region) {
			t.Errorf("%s record %v; want the custom domain's regional name %s", site.role, r.Strs("records"), domain.Out("regionalDomainName"))
		}
		if hc.Str("fqdn") != api.ID+".execute-api."+site.region+".amazonaws.com" || hc.Str("resourcePath") != "/v1/health" {
			t.Errorf("%s health check probes %s%s; want its region's execute-api host", site.role, hc.Str("fqdn"), hc.Str("resourcePath"))
		}
	}
}

func cloudFront() *CloudFront {
	return &CloudFront{Aliases: []string{"models.example.com"}, CertificateArn: pulumi.String(cdnCrt)}
}

func TestCloudFront(t *testing.T) {
	var f *Regional
	var got map[string]string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		primary, err := frontdoor.NewAPI(ctx, "api", &frontdoor.Args{Handler: handlerIn("us-east-1"), Auth: frontdoor.AuthAPIKey, DomainName: record,
			CertificateArn: pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555")})
		if err != nil {
			return err
		}
		secondary, err := frontdoor.NewAPI(ctx, "api-dr", &frontdoor.Args{Handler: handlerIn("us-west-2"), Auth: frontdoor.AuthAPIKey, DomainName: record,
			CertificateArn: pulumi.String("arn:aws:acm:us-west-2:123456789012:certificate/66666666-7777-8888-9999-000000000000")}, pulumi.Provider(dr))
		if err != nil {
			return err
		}
		args := &Args{ZoneId: pulumi.String(zone), RecordName: record, Primary: FromFrontDoor(primary), Secondary: FromFrontDoor(secondary), CloudFront: cloudFront()}
		if f, err = NewRegional(ctx, "dns", args); err == nil {
			got, _ = outputs(t, ctx, f)
		}
		return err
	}, logsRole)
	if err != nil {
		t.Fatal(err)
	}
	d, acl := rec.Find(distributionT, "dns"), rec.Find(aclT, "dns-cdn")
	if d == nil || acl == nil || rec.Find(webacl.Type, "dns-cdn") == nil {
		t.Fatalf("distribution %v, web ACL %v", d, acl)
	}
	if acl.Str("scope") != "CLOUDFRONT" || acl.Region != "us-east-1" || d.Str("webAclId") != acl.Out("arn") {
		t.Errorf("the distribution's own CLOUDFRONT web ACL: scope %s in %s; webAclId %s", acl.Str("scope"), acl.Region, d.Str("webAclId"))
	}
	if !d.Bool("enabled") || !slices.Equal(d.Strs("aliases"), []string{"models.example.com"}) || d.Str("priceClass") != "PriceClass_All" || !d.Bool("isIpv6Enabled") {
		t.Errorf("distribution: %v", d.Inputs)
	}
	if d.Str("viewerCertificate.acmCertificateArn") != cdnCrt || d.Str("viewerCertificate.minimumProtocolVersion") != "TLSv1.2_2021" ||
		d.Str("viewerCertificate.sslSupportMethod") != "sni-only" || d.Bool("viewerCertificate.cloudfrontDefaultCertificate") {
		t.Errorf("viewer certificate: %v", d.Get("viewerCertificate"))
	}
	origins := map[string]int{}
	for i, o := range d.Get("origins").ArrayValue() {
		origins[o.ObjectValue()["originId"].StringValue()] = i
	}
	api, apiDR := rec.Find(apiT, "api"), rec.Find(apiT, "api-dr")
	for id, want := range map[string][2]string{
		OriginPrimary:   {api.ID + ".execute-api.us-east-1.amazonaws.com", "/v1"},
		OriginSecondary: {apiDR.ID + ".execute-api.us-west-2.amazonaws.com", "/v1"},
		OriginFailover:  {record, ""},
	} {
		i, ok := origins[id]
		if !ok {
			t.Errorf("no origin %s", id)
			continue
		}
		p := "origins[" + string(rune('0'+i)) + "]."
		if d.Str(p+"domainName") != want[0] || d.Str(p+"originPath") != want[1] || d.Str(p+"customOriginConfig.originProtocolPolicy") != "https-only" ||
			!slices.Equal(d.Strs(p+"customOriginConfig.originSslProtocols"), []string{"TLSv1.2"}) {
			t.Errorf("origin %s: %v", id, d.Get(p[:len(p)-1]))
		}
	}
	var codes []float64
	for _, c := range d.Get("originGroups[0].failoverCriteria.statusCodes").ArrayValue() {
		codes = append(codes, c.NumberValue())
	}
	if d.Str("originGroups[0].originId") != OriginRegions || !slices.Equal(codes, []float64{500, 502, 503, 504}) ||
		d.Str("originGroups[0].members[0].originId") != OriginPrimary || d.Str("originGroups[0].members[1].originId") != OriginSecondary {
		t.Errorf("origin group: %v", d.Get("originGroups"))
	}
	if d.Str("defaultCacheBehavior.targetOriginId") != OriginRegions || !slices.Equal(d.Strs("defaultCacheBehavior.allowedMethods"), []string{"GET", "HEAD", "OPTIONS"}) ||
		d.Str("defaultCacheBehavior.viewerProtocolPolicy") != "https-only" || d.Str("defaultCacheBehavior.cachePolicyId") != CachingDisabledPolicyId ||
		d.Str("defaultCacheBehavior.originRequestPolicyId") != AllViewerExceptHostHeaderPolicyId || d.Str("defaultCacheBehavior.responseHeadersPolicyId") != SecurityHeadersPolicyId {
		t.Errorf("default cache behavior: %v", d.Get("defaultCacheBehavior"))
	}
	w := "orderedCacheBehaviors[0]."
	if d.Str(w+"pathPattern") != "/invocations" || d.Str(w+"targetOriginId") != OriginFailover || !slices.Contains(d.Strs(w+"allowedMethods"), "POST") ||
		d.Str(w+"viewerProtocolPolicy") != "https-only" || d.Str(w+"cachePolicyId") != CachingDisabledPolicyId || d.Has("orderedCacheBehaviors[1]") {
		t.Errorf("write behavior: %v", d.Get("orderedCacheBehaviors"))
	}
	if got["distributionId"] != d.ID || got["distributionArn"] != d.Out("arn") || got["distributionDomainName"] != d.Out("domainName") || got["distributionWebAclArn"] != acl.Out("arn") {
		t.Errorf("outputs %v", got)
	}
	if len(rec.OfType(protectionT)) != 0 || len(rec.OfType(shieldprotection.Type)) != 0 || f.Shield != nil {
		t.Error("Shield Advanced without being asked")
	}
}

func TestCloudFrontShieldAdvanced(t *testing.T) {
	args := sites()
	args.CloudFront = cloudFront()
	args.CloudFront.ShieldAdvanced = true
	args.CloudFront.AlarmActions = []pulumi.StringInput{pulumi.String("arn:aws:sns:us-east-1:123456789012:oncall")}
	args.CloudFront.PriceClass = "PriceClass_100"
	args.CloudFront.WritePaths = []string{"/invocations", "/v2/*"}
	args.CloudFront.WebAcl = &webacl.Args{RateLimit: 300}
	_, rec, err := run(t, args)
	if err != nil {
		t.Fatal(err)
	}
	d := rec.Find(distributionT, "dns")
	if d.Out("arn") != "arn:aws:cloudfront::123456789012:distribution/"+d.ID {
		t.Errorf("distribution ARN %s does not end in its ID %s", d.Out("arn"), d.ID)
	}
	calc := rec.Find(healthCheckT, "dns-either-region")
	if calc == nil || calc.Str("type") != "CALCULATED" || calc.Num("childHealthThreshold") != 1 ||
		!slices.Equal(calc.Strs("childHealthchecks"), []string{rec.Find(healthCheckT, "dns-primary").ID, rec.Find(healthCheckT, "dns-secondary").ID}) {
		t.Fatalf("calculated health check: %v", calc)
	}
	p, assoc := rec.Find(protectionT, "dns-cdn-distribution"), rec.Find(associationT, "dns-cdn-distribution")
	if p == nil || p.Str("resourceArn") != d.Out("arn") || assoc.Str("healthCheckArn") != calc.Out("arn") || assoc.Str("shieldProtectionId") != p.ID {
		t.Errorf("Shield Advanced protection %v, association %v", p, assoc)
	}
	alarm := rec.Find(alarmT, "dns-cdn-distribution-ddos-detected")
	if alarm.Region != "us-east-1" || !slices.Equal(alarm.Strs("alarmActions"), []string{"arn:aws:sns:us-east-1:123456789012:oncall"}) {
		t.Errorf("DDoS alarm in %s: %v", alarm.Region, alarm.Get("alarmActions"))
	}
	// L7 automatic mitigation, COUNT by default, in the web ACL the
	// distribution names: entry point -> protection -> response -> ACL.
	resp := rec.Find("aws:shield/applicationLayerAutomaticResponse:ApplicationLayerAutomaticResponse", "dns-cdn-distribution")
	if resp == nil || resp.Str("resourceArn") != d.Out("arn") || resp.Str("action") != "COUNT" ||
		d.Str("webAclId") != rec.Find(aclT, "dns-cdn").Out("arn") || !slices.Contains(resp.Dependencies, p.URN) {
		t.Errorf("automatic response %v", resp)
	}
	if len(rec.OfType("aws:shield/subscription:Subscription")) != 0 {
		t.Error("subscribed to Shield Advanced")
	}
	if d.Str("priceClass") != "PriceClass_100" || d.Str("orderedCacheBehaviors[1].pathPattern") != "/v2/*" {
		t.Errorf("price class %s, behaviors %v", d.Str("priceClass"), d.Get("orderedCacheBehaviors"))
	}
	limit := 0.0
	for _, r := range rec.Find(aclT, "dns-cdn").Get("rules").ArrayValue() {
		if r.ObjectValue()["name"].StringValue() == webacl.RuleRateLimit {
			limit = r.ObjectValue()["statement"].ObjectValue()["rateBasedStatement"].ObjectValue()["limit"].NumberValue()
		}
	}
	if limit != 300 {
		t.Errorf("the CloudFront web ACL's rate limit is %v; want the 300 asked for", limit)
	}
}

// TestWildcardAlias: a distribution may answer to a wildcard name.
func TestWildcardAlias(t *testing.T) {
	args := sites()
	args.CloudFront = cloudFront()
	args.CloudFront.Aliases = []string{"*.models.example.com"}
	_, rec, err := run(t, args)
	if err != nil {
		t.Fatal(err)
	}
	if d := rec.Find(distributionT, "dns"); !slices.Equal(d.Strs("aliases"), []string{"*.models.example.com"}) {
		t.Errorf("aliases %v", d.Strs("aliases"))
	}
}

func TestCloudFrontProvider(t *testing.T) {
	args := sites()
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		use1, err := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		args.CloudFront = cloudFront()
		args.CloudFront.Provider = use1
		args.CloudFront.ShieldAdvanced = true
		_, err = NewRegional(ctx, "dns", args)
		return err
	}, logsRole, mocktest.Config("aws:region", "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*mocktest.Resource{rec.Find(distributionT, "dns"), rec.Find(aclT, "dns-cdn"), rec.Find(protectionT, "dns-cdn-distribution"),
		rec.Find(alarmT, "dns-cdn-distribution-ddos-detected"), rec.Find("aws:cloudwatch/logGroup:LogGroup", "aws-waf-logs-dns-cdn")} {
		if r.Region != "us-east-1" || !strings.Contains(r.Provider, "::use1::") {
			t.Errorf("%s in %s through %q; want CloudFront.Provider", r.Name, r.Region, r.Provider)
		}
	}
	if r := rec.Find(recordT, "dns-primary"); r.Region != "eu-west-1" || r.Provider != "" {
		t.Errorf("records use the component's provider: %s %q", r.Region, r.Provider)
	}
}

func TestRejections(t *testing.T) {
	with := func(f func(a *Args)) *Args {
		a := sites()
		f(a)
		return a
	}
	cf := func(f func(c *CloudFront)) *Args {
		return with(func(a *Args) {
			a.CloudFront = cloudFront()
			f(a.CloudFront)
		})
	}
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"nil args", nil, "ZoneId is nil; give the Route 53 hosted zone of RecordName"},
		{"no record name", with(func(a *Args) { a.RecordName = "" }), `RecordName "" is not a lower-case DNS name`},
		{"upper-case record name", with(func(a *Args) { a.RecordName = "API.example.com" }), `RecordName "API.example.com" is not a lower-case DNS name`},
		{"record name with a trailing dot", with(func(a *Args) { a.RecordName = "api.example.com." }), `RecordName "api.example.com." is not a lower-case DNS name`},
		{"negative TTL", with(func(a *Args) { a.TTL = -1 }), "TTL is -1; allowed values are 1 to 86400 seconds"},
		{"TTL too long", with(func(a *Args) { a.TTL = 100000 }), "TTL is 100000"},
		{"no primary", with(func(a *Args) { a.Primary = Site{} }), "Primary.Target is nil; give the host the primary record points at"},
		{"no secondary", with(func(a *Args) { a.Secondary = Site{} }), "Secondary.Target is nil"},
		{"health path", with(func(a *Args) { a.Secondary.HealthCheckPath = "health" }), `Secondary.HealthCheckPath "health" is not allowed`},
		{"served name", with(func(a *Args) { a.Primary.ServedName = "other.example.com" }), "Primary.ServedName is other.example.com but RecordName is api.example.com"},
		{"origin path", with(func(a *Args) { a.Primary.OriginPath = "v1" }), `Primary.OriginPath "v1" is not allowed`},
		{"same target", with(func(a *Args) { a.Secondary.Target = pulumi.String("use1.example.net") }), `Primary and Secondary have the same Target "use1.example.net"`},
		{"interval 20", with(func(a *Args) { a.HealthCheck = &HealthCheck{RequestInterval: 20, FailureThreshold: 3} }), "HealthCheck.RequestInterval is 20; allowed values are 10 and 30"},
		{"threshold 0", with(func(a *Args) { a.HealthCheck = &HealthCheck{RequestInterval: 10} }), "HealthCheck.FailureThreshold is 0; allowed values are 1 to 10"},
		{"threshold 11", with(func(a *Args) { a.HealthCheck = &HealthCheck{RequestInterval: 10, FailureThreshold: 11} }), "HealthCheck.FailureThreshold is 11"},
		{"port", with(func(a *Args) { a.HealthCheck = &HealthCheck{Port: -1, RequestInterval: 10, FailureThreshold: 1} }), "HealthCheck.Port is -1"},
		{"checker regions", with(func(a *Args) {
			a.HealthCheck = &HealthCheck{RequestInterval: 10, FailureThreshold: 1, Regions: []string{"us-east-1"}}
		}), "HealthCheck.Regions has 1 regions; Route 53 needs at least 3"},
		{"negative objective", with(func(a *Args) { a.RecoveryTimeObjective = -time.Second }), "RecoveryTimeObjective is -1s"},
		{"objective missed", with(func(a *Args) { a.RecoveryTimeObjective = time.Minute }), "the worst-case failover time is 2m30s"},
		{"no aliases", cf(func(c *CloudFront) { c.Aliases = nil }), "CloudFront.Aliases is empty; the distribution needs a name and certificate of its own for TLS 1.2"},
		{"alias is the record", cf(func(c *CloudFront) { c.Aliases = []string{record} }), "CloudFront.Aliases[0] is RecordName api.example.com"},
		{"bad alias", cf(func(c *CloudFront) { c.Aliases = []string{"Models.example.com"} }), `CloudFront.Aliases[0] "Models.example.com" is not a lower-case DNS name`},
		{"alias with a trailing dot", cf(func(c *CloudFront) { c.Aliases = []string{"models.example.com."} }), `CloudFront.Aliases[0] "models.example.com." is not a lower-case DNS name`},
		{"alias twice", cf(func(c *CloudFront) { c.Aliases = []string{"a.example.com", "a.example.com"} }), `CloudFront.Aliases has "a.example.com" twice`},
		{"no certificate", cf(func(c *CloudFront) { c.CertificateArn = nil }), "CloudFront.CertificateArn is nil"},
		{"not a certificate", cf(func(c *CloudFront) {
			c.CertificateArn = pulumi.String("arn:aws:iam::123456789012:server-certificate/x")
		}), "CloudFront.CertificateArn \"arn:aws:iam::123456789012:server-certificate/x\" is not an ACM certificate ARN"},
		{"certificate outside us-east-1", cf(func(c *CloudFront) {
			c.CertificateArn = pulumi.String(strings.Replace(cdnCrt, "us-east-1", "eu-west-1", 1))
		}), "CloudFront.CertificateArn is in eu-west-1; CloudFront uses certificates in us-east-1 only"},
		{"price class", cf(func(c *CloudFront) { c.PriceClass = "PriceClass_50" }), `CloudFront.PriceClass is "PriceClass_50"; allowed values are PriceClass_All, PriceClass_200, PriceClass_100`},
		{"write path", cf(func(c *CloudFront) { c.WritePaths = []string{"invocations"} }), `CloudFront.WritePaths[0] "invocations" is not a CloudFront path pattern`},
		{"regional web ACL", cf(func(c *CloudFront) { c.WebAcl = &webacl.Args{Scope: webacl.Regional} }), "CloudFront.WebAcl.Scope is REGIONAL; the distribution's web ACL is CLOUDFRONT"},
		{"web ACL associations", cf(func(c *CloudFront) { c.WebAcl = &webacl.Args{Associations: []pulumi.StringInput{pulumi.String("x")}} }), "CloudFront.WebAcl.Associations is not empty"},
		{"web ACL args", cf(func(c *CloudFront) { c.WebAcl = &webacl.Args{MaxBodyBytes: 100000} }), "CloudFront.WebAcl: webacl dns-cdn: MaxBodyBytes is 100000"},
		{"alarm without Shield Advanced", cf(func(c *CloudFront) {
			c.AlarmActions = []pulumi.StringInput{pulumi.String("arn:aws:sns:us-east-1:123456789012:t")}
		}), "CloudFront.AlarmActions are for the Shield Advanced alarm, and ShieldAdvanced is false"},
		{"mitigation without Shield", cf(func(c *CloudFront) { c.ShieldMitigation = "BLOCK" }), "CloudFront.ShieldMitigation is BLOCK, and ShieldAdvanced is false"},
		{"unknown mitigation", cf(func(c *CloudFront) { c.ShieldAdvanced, c.ShieldMitigation = true, "DROP" }), `CloudFront.ShieldMitigation is "DROP"; allowed values are`},
		{"nil alarm action", cf(func(c *CloudFront) { c.ShieldAdvanced, c.AlarmActions = true, []pulumi.StringInput{nil} }), "CloudFront.AlarmActions[0] is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rec, err := run(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "failover dns: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}

	// The distribution's web ACL through a provider outside us-east-1.
	args := sites()
	args.CloudFront = cloudFront()
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewRegional(ctx, "dns", args)
		return err
	}, logsRole, mocktest.Config("aws:region", "eu-west-1"))
	if err == nil || !strings.Contains(err.Error(), "failover dns: the CloudFront web ACL would be created in eu-west-1; CLOUDFRONT web ACLs exist only in us-east-1: give CloudFront.Provider") {
		t.Errorf("CloudFront on an eu-west-1 default provider: %v", err)
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		a := sites()
		a.CloudFront = cloudFront()
		a.CloudFront.Provider = eu
		_, err = NewRegional(ctx, "dns", a)
		return err
	}, logsRole)
	if err == nil || !strings.Contains(err.Error(), "would be created in eu-west-1") || len(rec.OfType(Type)) != 0 || len(rec.OfType(recordT)) != 0 {
		t.Errorf("CloudFront.Provider in eu-west-1: %v", err)
	}

	// Front doors: without a custom domain, or both in one region.
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		fd, err := frontdoor.NewAPI(ctx, "api", &frontdoor.Args{Handler: handlerIn("us-east-1")})
		if err != nil {
			return err
		}
		a := sites()
		a.Primary = FromFrontDoor(fd)
		_, err = NewRegional(ctx, "dns", a)
		return err
	}, logsRole)
	if err == nil || !strings.Contains(err.Error(), `failover dns: Primary is a front door without a DomainName; API Gateway answers the failover name api.example.com only through a custom domain of that name`) ||
		len(rec.OfType(Type)) != 0 || len(rec.OfType(healthCheckT)) != 0 {
		t.Errorf("a front door without a custom domain: %v", err)
	}
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		var sites []Site
		for _, n := range []string{"a", "b"} {
			fd, err := frontdoor.NewAPI(ctx, n, &frontdoor.Args{Handler: handlerIn("us-east-1"), DomainName: record,
				CertificateArn: pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555")})
			if err != nil {
				return err
			}
			sites = append(sites, FromFrontDoor(fd))
		}
		_, err := NewRegional(ctx, "dns", &Args{ZoneId: pulumi.String(zone), RecordName: record, Primary: sites[0], Secondary: sites[1]})
		return err
		// A preview: an up would also meet the second custom domain of the
		// same name, which API Gateway refuses (APIGW-DOMAIN-TAKEN).
	}, logsRole, mocktest.Preview())
	if err == nil || !strings.Contains(err.Error(), "failover dns: Primary and Secondary are front doors in the same region, us-east-1") || len(rec.OfType(Type)) != 0 {
		t.Errorf("front doors in one region: %v", err)
	}
	if _, _, err := run(t, &Args{ZoneId: pulumi.String(zone), RecordName: record, Primary: FromFrontDoor(nil), Secondary: sites().Secondary}); err == nil ||
		!strings.Contains(err.Error(), "Primary.Target is nil") {
		t.Errorf("FromFrontDoor(nil): %v", err)
	}
}

// TestResourceOptionsReachEveryDescendant passes a provider and protect:
// every resource below the component (records, health checks,
// distribution, the web ACL and its key and log group, the Shield
// protection and its alarm) carries them.
func TestResourceOptionsReachEveryDescendant(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		use1, err := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		a := sites()
		a.CloudFront = cloudFront()
		a.CloudFront.ShieldAdvanced = true
		_, err = NewRegional(ctx, "dns", a, pulumi.Provider(use1), pulumi.Protect(true), pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("edge")}}))
		return err
	}, logsRole, mocktest.Config("aws:region", "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Find(Type, "dns")
	if len(c.Aliases) != 1 || c.Aliases[0] != "name=edge" {
		t.Errorf("aliases %v", c.Aliases)
	}
	for _, problem := range rec.OptionsReach(c, mocktest.Reach{Region: "us-east-1", Protect: true}) {
		t.Error(problem)
	}
	for _, r := range []*mocktest.Resource{
		rec.Find(recordT, "dns-primary"), rec.Find(recordT, "dns-secondary"), rec.Find(healthCheckT, "dns-primary"), rec.Find(healthCheckT, "dns-either-region"),
		rec.Find(distributionT, "dns"), rec.Find(aclT, "dns-cdn"), rec.Find("aws:kms/key:Key", "dns-cdn"), rec.Find("aws:cloudwatch/logGroup:LogGroup", "aws-waf-logs-dns-cdn"),
		rec.Find(protectionT, "dns-cdn-distribution"), rec.Find(alarmT, "dns-cdn-distribution-ddos-detected"),
	} {
		if r == nil {
			t.Errorf("a child is missing:\n%s", rec)
		}
	}
}

// TestNameTags pins the Name tags of the health checks: the rule of
// internal/tags, the health check's own name over a Name among Tags.
func TestNameTags(t *testing.T) {
	args := sites()
	args.CloudFront = cloudFront()
	args.CloudFront.ShieldAdvanced = true
	args.Tags = map[string]string{"Name": "caller's", "team": "ml"}
	_, rec, err := run(t, args)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"dns-primary", "dns-secondary", "dns-either-region"} {
		if hc := rec.Find(healthCheckT, n); hc.Str("tags.Name") != n || hc.Str("tags.team") != "ml" {
			t.Errorf("%s tags %v", n, hc.Get("tags"))
		}
	}
}

// TestPreview runs front doors, the failover and the distribution as
// "pulumi preview" does, when the IDs and ARNs are not known yet.
func TestPreview(t *testing.T) {
	f, rec, err := frontDoors(t, func(p, s Site) *Args {
		return &Args{ZoneId: pulumi.String(zone), RecordName: record, Primary: p, Secondary: s,
			CloudFront: &CloudFront{Aliases: []string{"models.example.com"}, CertificateArn: pulumi.String(cdnCrt), ShieldAdvanced: true}}
	}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if f.WorstCaseFailover != 150*time.Second || rec.Find(distributionT, "dns") == nil || rec.Find(protectionT, "dns-cdn-distribution") == nil {
		t.Errorf("preview: worst case %s, %v", f.WorstCaseFailover, rec.Types())
	}
}

// logsRole runs a program in an account whose API Gateway settings hold a
// CloudWatch Logs role in both regions, which the front doors' stages need
// (frontdoor's tests show a fresh account refusing them).
var logsRole = mocktest.AccountSettings(offlinecloud.Settings{AWS: offlinecloud.AWSSettings{APIGatewayCloudWatchRoles: map[string]string{
	"us-east-1": "arn:aws:iam::123456789012:role/apigateway-logs",
	"us-west-2": "arn:aws:iam::123456789012:role/apigateway-logs",
}}})

// handlerIn is a guarded handler in region, for the front doors.
func handlerIn(region string) *frontdoor.Handler {
	return &frontdoor.Handler{
		FunctionName: pulumi.String("guard"),
		InvokeArn:    pulumi.String("arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/arn:aws:lambda:" + region + ":123456789012:function:guard/invocations"),
	}
}
