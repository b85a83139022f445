package shieldprotection

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	protectionT   = "aws:shield/protection:Protection"
	groupT        = "aws:shield/protectionGroup:ProtectionGroup"
	associationT  = "aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation"
	subscriptionT = "aws:shield/subscription:Subscription"
	healthCheckT  = "aws:route53/healthCheck:HealthCheck"
	alarmT        = "aws:cloudwatch/metricAlarm:MetricAlarm"

	distribution = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
	zone         = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"
	alb          = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/models/50dc6c495c0c9188"
	clb          = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/models"
	eip          = "arn:aws:ec2:us-east-1:123456789012:eip-allocation/eipalloc-0123456789abcdef0"
	accelerator  = "arn:aws:globalaccelerator::123456789012:accelerator/1234abcd-abcd-1234-abcd-1234abcdef01"
)

func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewProtection(ctx, "edge", args, opts...)
		return err
	})
}

// outputs awaits a component's output maps, inside the program.
func outputs(t *testing.T, ctx *pulumi.Context, s *Protection) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for key, m := range map[string]pulumi.StringMapOutput{
		"protectionIds": s.ProtectionIds, "protectionArns": s.ProtectionArns, "healthCheckIds": s.HealthCheckIds,
		"healthCheckArns": s.HealthCheckArns, "associationIds": s.AssociationIds, "protectionGroupArns": s.ProtectionGroupArns, "alarmArns": s.AlarmArns,
	} {
		r, err := internals.UnsafeAwaitOutput(ctx.Context(), m)
		if err != nil {
			t.Fatal(err)
		}
		out[key], _ = r.Value.(map[string]string)
	}
	return out
}

func TestDefaults(t *testing.T) {
	rec, err := run(t, &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution)}}})
	if err != nil {
		t.Fatal(err)
	}
	comp, p := rec.Find(Type, "edge"), rec.Find(protectionT, "edge-cdn")
	if comp == nil || p == nil || p.Parent != comp.URN {
		t.Fatalf("want a %s with a protection:\n%s", Type, rec)
	}
	if p.Str("name") != "edge-cdn" || p.Str("resourceArn") != distribution {
		t.Errorf("protection: %v", p.Inputs)
	}
	alarm := rec.Find(alarmT, "edge-cdn-ddos-detected")
	if alarm == nil || alarm.Str("namespace") != "AWS/DDoSProtection" || alarm.Str("metricName") != "DDoSDetected" ||
		alarm.Str("dimensions.ResourceArn") != distribution || alarm.Str("statistic") != "Maximum" || alarm.Num("period") != 60 ||
		alarm.Num("evaluationPeriods") != 1 || alarm.Num("threshold") != 1 || alarm.Str("comparisonOperator") != "GreaterThanOrEqualToThreshold" ||
		alarm.Str("treatMissingData") != "notBreaching" {
		t.Errorf("DDoSDetected alarm: %v", alarm)
	}
	if alarm.Region != "us-east-1" {
		t.Errorf("a CloudFront distribution's alarm is in %s; Shield reports it in us-east-1", alarm.Region)
	}
	if len(rec.OfType(healthCheckT)) != 0 || len(rec.OfType(associationT)) != 0 || len(rec.OfType(groupT)) != 0 {
		t.Errorf("health checks, associations or groups without being asked:\n%s", rec)
	}
}

// TestNeverSubscribes pins that no component subscribes to Shield
// Advanced, whatever it protects.
func TestNeverSubscribes(t *testing.T) {
	rec, err := run(t, &Args{
		Resources: []Resource{
			{Name: "cdn", Arn: pulumi.String(distribution), HealthCheck: &healthcheck.Args{FQDN: pulumi.String("models.example.com"), RequestInterval: 30, FailureThreshold: 3}},
			{Name: "zone", Arn: pulumi.String(zone)},
		},
		Groups: []Group{{ID: "all", Pattern: PatternAll}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(subscriptionT)) != 0 || len(rec.OfType("aws:shield/proactiveEngagement:ProactiveEngagement")) != 0 {
		t.Error("a Shield Advanced subscription was created")
	}
	for _, r := range rec.Resources {
		if strings.HasPrefix(r.Type, "aws:shield/") && !slices.Contains([]string{protectionT, groupT, associationT}, r.Type) {
			t.Errorf("unexpected Shield resource %s", r.URN)
		}
	}
}

func TestHealthCheckAndAssociation(t *testing.T) {
	var s *Protection
	var out map[string]map[string]string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		s, err = NewProtection(ctx, "edge", &Args{Resources: []Resource{{
			Name:        "cdn",
			Arn:         pulumi.String(distribution),
			HealthCheck: &healthcheck.Args{FQDN: pulumi.String("models.example.com"), RequestInterval: 10, FailureThreshold: 2},
		}}})
		if err == nil {
			out = outputs(t, ctx, s)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hc, p, assoc := rec.Find(healthCheckT, "edge-cdn"), rec.Find(protectionT, "edge-cdn"), rec.Find(associationT, "edge-cdn")
	if hc == nil || assoc == nil {
		t.Fatalf("health check %v, association %v", hc, assoc)
	}
	if hc.Str("type") != "HTTPS" || hc.Str("fqdn") != "models.example.com" || hc.Num("port") != 443 || hc.Str("resourcePath") != "/health" ||
		hc.Num("requestInterval") != 10 || hc.Num("failureThreshold") != 2 || !hc.Bool("measureLatency") || !hc.Bool("enableSni") ||
		hc.Has("regions") || hc.Str("tags.Name") != "edge-cdn" {
		t.Errorf("health check: %v", hc.Inputs)
	}
	if assoc.Str("shieldProtectionId") != p.ID || assoc.Str("healthCheckArn") != hc.Out("arn") {
		t.Errorf("association %v; protection %s, health check %s", assoc.Inputs, p.ID, hc.Out("arn"))
	}
	want := map[string]map[string]string{
		"protectionIds":   {"cdn": p.ID},
		"protectionArns":  {"cdn": p.Out("arn")},
		"healthCheckIds":  {"cdn": hc.ID},
		"healthCheckArns": {"cdn": hc.Out("arn")},
		"associationIds":  {"cdn": assoc.ID},
		"alarmArns":       {"cdn": rec.Find(alarmT, "edge-cdn-ddos-detected").Out("arn")},
	}
	for key, w := range want {
		if got := out[key]; len(got) != 1 || got["cdn"] != w["cdn"] || w["cdn"] == "" {
			t.Errorf("output %s = %v; want %v", key, got, w)
		}
	}
	if len(out["protectionGroupArns"]) != 0 || s.AlarmRegions["cdn"] != "us-east-1" || s.HealthChecks["cdn"] == nil || s.Protections["cdn"] == nil {
		t.Errorf("groups %v, alarm regions %v", out["protectionGroupArns"], s.AlarmRegions)
	}
}

func TestOptions(t *testing.T) {
	var s *Protection
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "usw2", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		eipArn := pulumi.String("eipalloc-0123456789abcdef0").ToStringOutput().ApplyT(func(id string) string {
			return "arn:aws:ec2:us-east-1:123456789012:eip-allocation/" + id
		}).(pulumi.StringOutput)
		s, err = NewProtection(ctx, "edge", &Args{
			Resources: []Resource{
				{Name: "alb", Arn: pulumi.String(alb), HealthCheck: &healthcheck.Args{
					FQDN: pulumi.String("api.example.com"), Port: 8443, Path: "/v1/health", RequestInterval: 30, FailureThreshold: 5,
					Regions: []string{"us-east-1", "eu-west-1", "ap-southeast-1"},
				}},
				{Name: "zone", Arn: pulumi.String(zone)},
				{Name: "eip", Arn: eipArn, Type: ElasticIPAllocation},
				{Name: "clb", Arn: pulumi.String(clb), HealthCheckArn: pulumi.String("arn:aws:route53:::healthcheck/existing")},
				{Name: "ga", Arn: pulumi.String(accelerator), AlarmProvider: west},
			},
			Groups: []Group{
				{ID: "everything", Pattern: PatternAll, Aggregation: Max},
				{ID: "ips", Pattern: PatternByResourceType, ResourceType: ElasticIPAllocation, Aggregation: Mean},
				{ID: "front", Pattern: PatternArbitrary, Members: []string{"alb", "zone"}},
				{ID: "app", Pattern: PatternArbitrary, Members: []string{"zone"}, MemberArns: []pulumi.StringInput{pulumi.String(distribution)}, Aggregation: Max},
			},
			AlarmActions: []pulumi.StringInput{pulumi.String("arn:aws:sns:us-east-1:123456789012:oncall")},
			Tags:         map[string]string{"team": "ml"},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hc := rec.Find(healthCheckT, "edge-alb")
	if hc.Num("port") != 8443 || hc.Str("resourcePath") != "/v1/health" || hc.Num("failureThreshold") != 5 || hc.Num("requestInterval") != 30 ||
		!slices.Equal(hc.Strs("regions"), []string{"us-east-1", "eu-west-1", "ap-southeast-1"}) || hc.Str("tags.team") != "ml" {
		t.Errorf("health check: %v", hc.Inputs)
	}
	if a := rec.Find(associationT, "edge-clb"); a == nil || a.Str("healthCheckArn") != "arn:aws:route53:::healthcheck/existing" || rec.Find(healthCheckT, "edge-clb") != nil {
		t.Errorf("the load balancer must be associated with the given health check, and no other created: %v", a)
	}
	if rec.Find(associationT, "edge-eip") != nil || rec.Find(associationT, "edge-ga") != nil || rec.Find(associationT, "edge-zone") != nil {
		t.Error("associations without health checks")
	}
	if p := rec.Find(protectionT, "edge-eip"); p.Str("resourceArn") != eip || p.Str("tags.team") != "ml" {
		t.Errorf("EIP protection: %v", p.Inputs)
	}
	if ga := rec.Find(alarmT, "edge-ga-ddos-detected"); ga.Region != "us-west-2" || s.AlarmRegions["ga"] != "us-west-2" || s.AlarmRegions["zone"] != "us-east-1" {
		t.Errorf("Global Accelerator alarm in %s; alarm regions %v", ga.Region, s.AlarmRegions)
	}
	for _, r := range rec.OfType(alarmT) {
		if !slices.Equal(r.Strs("alarmActions"), []string{"arn:aws:sns:us-east-1:123456789012:oncall"}) || !slices.Equal(r.Strs("okActions"), r.Strs("alarmActions")) {
			t.Errorf("%s actions: %v", r.Name, r.Get("alarmActions"))
		}
	}
	all, ips, front := rec.Find(groupT, "edge-everything"), rec.Find(groupT, "edge-ips"), rec.Find(groupT, "edge-front")
	if all.Str("pattern") != PatternAll || all.Str("aggregation") != Max || all.Has("resourceType") || all.Has("members") || all.Str("protectionGroupId") != "everything" {
		t.Errorf("ALL group: %v", all.Inputs)
	}
	if ips.Str("pattern") != PatternByResourceType || ips.Str("resourceType") != ElasticIPAllocation || ips.Str("aggregation") != Mean || ips.Has("members") {
		t.Errorf("BY_RESOURCE_TYPE group: %v", ips.Inputs)
	}
	if front.Str("pattern") != PatternArbitrary || front.Str("aggregation") != Sum || !slices.Equal(front.Strs("members"), []string{alb, zone}) {
		t.Errorf("ARBITRARY group: %v", front.Inputs)
	}
	// A group may hold resources protected elsewhere, by ARN.
	if app := rec.Find(groupT, "edge-app"); app == nil || !slices.Equal(app.Strs("members"), []string{zone, distribution}) || app.Str("aggregation") != Max {
		t.Errorf("ARBITRARY group with member ARNs: %v", app)
	}
	var deps []string
	for _, d := range front.Dependencies {
		deps = append(deps, d.Name())
	}
	for _, p := range []string{"edge-alb", "edge-zone", "edge-eip", "edge-clb", "edge-ga"} {
		if !slices.Contains(deps, p) {
			t.Errorf("the group does not wait for protection %s: %v", p, deps)
		}
	}
}

func TestRejections(t *testing.T) {
	cdn := func(h *healthcheck.Args) *Args {
		return &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution), HealthCheck: h}}}
	}
	hc := func(f func(*healthcheck.Args)) *Args {
		h := &healthcheck.Args{FQDN: pulumi.String("models.example.com"), RequestInterval: 30, FailureThreshold: 3}
		f(h)
		return cdn(h)
	}
	groups := func(g ...Group) *Args {
		return &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution)}, {Name: "zone", Arn: pulumi.String(zone)}}, Groups: g}
	}
	output := pulumi.String(distribution).ToStringOutput()
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"nil args", nil, "Resources is empty; give at least one resource to protect"},
		{"FQDN with two trailing dots", hc(func(h *healthcheck.Args) { h.FQDN = pulumi.String("models.example.com..") }), `Resources[0].HealthCheck.FQDN "models.example.com.." is not a host name`},
		{"bad name", &Args{Resources: []Resource{{Name: "my cdn", Arn: pulumi.String(distribution)}}}, `Resources[0].Name "my cdn" is not allowed`},
		{"health check on a hosted zone", &Args{Resources: []Resource{{Name: "zone", Arn: pulumi.String(zone), HealthCheckArn: pulumi.String("arn:aws:route53:::healthcheck/x")}}},
			`Resources[0] is a ROUTE_53_HOSTED_ZONE, and Shield's health-based detection supports every resource type except hosted zones`},
		{"name twice", &Args{Resources: []Resource{{Name: "a", Arn: pulumi.String(distribution)}, {Name: "a", Arn: pulumi.String(zone)}}}, `Resources[1].Name "a" is used twice`},
		{"nil ARN", &Args{Resources: []Resource{{Name: "cdn"}}}, "Resources[0].Arn is nil"},
		{"type unknown", &Args{Resources: []Resource{{Name: "cdn", Arn: output}}}, `Resources[0].Type is ""; allowed values are CLOUDFRONT_DISTRIBUTION, ROUTE_53_HOSTED_ZONE`},
		{"unprotectable ARN", &Args{Resources: []Resource{{Name: "b", Arn: pulumi.String("arn:aws:s3:::bucket")}}}, `Resources[0].Type is ""`},
		{"bad type", &Args{Resources: []Resource{{Name: "cdn", Arn: output, Type: "S3_BUCKET"}}}, `Resources[0].Type is "S3_BUCKET"`},
		{"type and ARN disagree", &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution), Type: ElasticIPAllocation}}}, "Resources[0].Arn \"" + distribution + "\" is not the ARN of a ELASTIC_IP_ALLOCATION"},
		{"both health checks", &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution), HealthCheck: &healthcheck.Args{}, HealthCheckArn: pulumi.String("arn:aws:route53:::healthcheck/x")}}}, "Resources[0] has HealthCheck and HealthCheckArn; give one of them"},
		{"no FQDN", hc(func(h *healthcheck.Args) { h.FQDN = nil }), "Resources[0].HealthCheck.FQDN is nil"},
		{"bad FQDN", hc(func(h *healthcheck.Args) { h.FQDN = pulumi.String("not a host") }), `Resources[0].HealthCheck.FQDN "not a host" is not a host name`},
		{"port", hc(func(h *healthcheck.Args) { h.Port = 70000 }), "Resources[0].HealthCheck.Port is 70000; allowed values are 1 to 65535"},
		{"path", hc(func(h *healthcheck.Args) { h.Path = "health" }), `Resources[0].HealthCheck.Path "health" is not allowed`},
		{"interval 20", hc(func(h *healthcheck.Args) { h.RequestInterval = 20 }), "Resources[0].HealthCheck.RequestInterval is 20; allowed values are 10 and 30"},
		{"interval 0", hc(func(h *healthcheck.Args) { h.RequestInterval = 0 }), "Resources[0].HealthCheck.RequestInterval is 0; allowed values are 10 and 30"},
		{"threshold 0", hc(func(h *healthcheck.Args) { h.FailureThreshold = 0 }), "Resources[0].HealthCheck.FailureThreshold is 0; allowed values are 1 to 10"},
		{"threshold 11", hc(func(h *healthcheck.Args) { h.FailureThreshold = 11 }), "Resources[0].HealthCheck.FailureThreshold is 11; allowed values are 1 to 10"},
		{"two regions", hc(func(h *healthcheck.Args) { h.Regions = []string{"us-east-1", "eu-west-1"} }), "Resources[0].HealthCheck.Regions has 2 regions; Route 53 needs at least 3"},
		{"unknown region", hc(func(h *healthcheck.Args) { h.Regions = []string{"us-east-1", "eu-west-1", "eu-central-1"} }), `Resources[0].HealthCheck.Regions[2] is "eu-central-1"; allowed values are us-east-1, us-west-1`},
		{"region twice", hc(func(h *healthcheck.Args) { h.Regions = []string{"us-east-1", "eu-west-1", "us-east-1"} }), `Resources[0].HealthCheck.Regions has "us-east-1" twice`},
		{"group ID", groups(Group{ID: "all groups", Pattern: PatternAll}), `Groups[0].ID "all groups" is not allowed`},
		{"group ID twice", groups(Group{ID: "g", Pattern: PatternAll}, Group{ID: "g", Pattern: PatternAll}), `Groups[1].ID "g" is used twice`},
		{"aggregation", groups(Group{ID: "g", Pattern: PatternAll, Aggregation: "AVG"}), `Groups[0].Aggregation is "AVG"; allowed values are SUM, MEAN and MAX`},
		{"pattern", groups(Group{ID: "g", Pattern: "SOME"}), `Groups[0].Pattern is "SOME"; allowed values are ALL, BY_RESOURCE_TYPE and ARBITRARY`},
		{"no pattern", groups(Group{ID: "g"}), `Groups[0].Pattern is ""`},
		{"ALL with a type", groups(Group{ID: "g", Pattern: PatternAll, ResourceType: ElasticIPAllocation}), "Groups[0] has pattern ALL with a ResourceType or Members"},
		{"ALL with members", groups(Group{ID: "g", Pattern: PatternAll, Members: []string{"cdn"}}), "Groups[0] has pattern ALL with a ResourceType or Members"},
		{"BY_RESOURCE_TYPE without a type", groups(Group{ID: "g", Pattern: PatternByResourceType}), `Groups[0] has pattern BY_RESOURCE_TYPE and ResourceType ""; allowed values are`},
		{"BY_RESOURCE_TYPE with a bad type", groups(Group{ID: "g", Pattern: PatternByResourceType, ResourceType: "LAMBDA"}), `Groups[0] has pattern BY_RESOURCE_TYPE and ResourceType "LAMBDA"`},
		{"BY_RESOURCE_TYPE with members", groups(Group{ID: "g", Pattern: PatternByResourceType, ResourceType: ElasticIPAllocation, Members: []string{"cdn"}}), "Groups[0] has pattern BY_RESOURCE_TYPE with Members"},
		{"ARBITRARY without members", groups(Group{ID: "g", Pattern: PatternArbitrary}), "Groups[0] has pattern ARBITRARY and no Members"},
		{"ARBITRARY with a type", groups(Group{ID: "g", Pattern: PatternArbitrary, ResourceType: ElasticIPAllocation, Members: []string{"cdn"}}), "Groups[0] has pattern ARBITRARY with a ResourceType"},
		{"ARBITRARY with a stranger", groups(Group{ID: "g", Pattern: PatternArbitrary, Members: []string{"cdn", "alb"}}), `Groups[0].Members[1] is "alb", which is not the Name of one of Resources`},
		{"ARBITRARY with a nil ARN", groups(Group{ID: "g", Pattern: PatternArbitrary, MemberArns: []pulumi.StringInput{nil}}), "Groups[0].MemberArns[0] is nil"},
		{"ALL with member ARNs", groups(Group{ID: "g", Pattern: PatternAll, MemberArns: []pulumi.StringInput{pulumi.String("arn:aws:cloudfront::123456789012:distribution/E1")}}), "Groups[0] has pattern ALL with a ResourceType or Members"},
		{"ARBITRARY member twice", groups(Group{ID: "g", Pattern: PatternArbitrary, Members: []string{"cdn", "cdn"}}), `Groups[0].Members has "cdn" twice`},
		{"nil alarm action", &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution)}}, AlarmActions: []pulumi.StringInput{nil}}, "AlarmActions[0] is nil"},
		{"ALB in another region", &Args{Resources: []Resource{{Name: "alb", Arn: pulumi.String(strings.Replace(alb, "us-east-1", "eu-west-1", 1))}}}, "Resources[0] (APPLICATION_LOAD_BALANCER) has its Shield metrics in eu-west-1 but its alarm would be in us-east-1; give Resources[0].AlarmProvider"},
		{"accelerator without a us-west-2 provider", &Args{Resources: []Resource{{Name: "ga", Arn: pulumi.String(accelerator)}}}, "Resources[0] (GLOBAL_ACCELERATOR) has its Shield metrics in us-west-2 but its alarm would be in us-east-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := run(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "shieldprotection edge: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}

	// A distribution's alarm through a provider outside us-east-1, the
	// component's or the alarm's own.
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewProtection(ctx, "edge", cdn(nil))
		return err
	}, mocktest.Config("aws:region", "eu-west-1"))
	if err == nil || !strings.Contains(err.Error(), "has its Shield metrics in us-east-1 but its alarm would be in eu-west-1") || len(rec.Resources) != 0 {
		t.Errorf("CloudFront alarm in eu-west-1: %v", err)
	}
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewProtection(ctx, "edge", &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution), AlarmProvider: eu}}})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "but its alarm would be in eu-west-1") || len(rec.OfType(Type)) != 0 || len(rec.OfType(protectionT)) != 0 {
		t.Errorf("CloudFront alarm through an eu-west-1 AlarmProvider: %v", err)
	}
}

func TestArgsAreNotChanged(t *testing.T) {
	h := &healthcheck.Args{FQDN: pulumi.String("models.example.com"), RequestInterval: 30, FailureThreshold: 3}
	args := &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution), HealthCheck: h}}, Groups: []Group{{ID: "all", Pattern: PatternAll}}}
	if _, err := run(t, args); err != nil {
		t.Fatal(err)
	}
	if args.Resources[0].Type != "" || h.Port != 0 || h.Path != "" || args.Groups[0].Aggregation != "" {
		t.Errorf("the caller's args were filled in: %+v %+v %+v", args.Resources[0], h, args.Groups[0])
	}
}

// TestResourceOptionsReachEveryDescendant passes a provider and protect:
// every resource below the component carries them, except that an alarm
// uses its AlarmProvider (and is protected all the same).
func TestResourceOptionsReachEveryDescendant(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		use1, err := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		west, err := aws.NewProvider(ctx, "usw2", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		_, err = NewProtection(ctx, "edge", &Args{
			Resources: []Resource{
				{Name: "cdn", Arn: pulumi.String(distribution), HealthCheck: &healthcheck.Args{FQDN: pulumi.String("models.example.com"), RequestInterval: 30, FailureThreshold: 3}},
				{Name: "ga", Arn: pulumi.String(accelerator), AlarmProvider: west},
			},
			Groups: []Group{{ID: "all", Pattern: PatternAll}},
		}, pulumi.Provider(use1), pulumi.Protect(true), pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("shield")}}))
		return err
	}, mocktest.Config("aws:region", "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "edge")
	if len(comp.Aliases) != 1 || comp.Aliases[0] != "name=shield" {
		t.Errorf("aliases %v", comp.Aliases)
	}
	gaAlarm := rec.Find(alarmT, "edge-ga-ddos-detected")
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "us-east-1", Protect: true, Skip: func(r *mocktest.Resource) bool { return r == gaAlarm }}) {
		t.Error(problem)
	}
	for _, r := range []*mocktest.Resource{
		rec.Find(protectionT, "edge-cdn"), rec.Find(protectionT, "edge-ga"), rec.Find(healthCheckT, "edge-cdn"),
		rec.Find(associationT, "edge-cdn"), rec.Find(groupT, "edge-all"), rec.Find(alarmT, "edge-cdn-ddos-detected"),
	} {
		if r == nil || !strings.Contains(r.Provider, "::use1::") {
			t.Errorf("%v: provider %s", r, r.Provider)
		}
	}
	if gaAlarm == nil || !gaAlarm.Protect || gaAlarm.Region != "us-west-2" {
		t.Errorf("GA alarm: %v", gaAlarm)
	}
}

// TestHealthCheckFQDNCaseAndTrailingDot: the FQDN of a health check may
// be in any case and end in a dot, as Route 53 takes it; it is sent as
// given.
func TestHealthCheckFQDNCaseAndTrailingDot(t *testing.T) {
	for _, fqdn := range []string{"Models.Example.com", "models.example.com."} {
		rec, err := run(t, &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution),
			HealthCheck: &healthcheck.Args{FQDN: pulumi.String(fqdn), RequestInterval: 30, FailureThreshold: 3}}}})
		if err != nil {
			t.Fatalf("%s: %v", fqdn, err)
		}
		if hc := rec.Find(healthCheckT, "edge-cdn"); hc.Str("fqdn") != fqdn {
			t.Errorf("fqdn %s; want %s", hc.Str("fqdn"), fqdn)
		}
	}
}
