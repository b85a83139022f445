package webacl

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	aclT      = "aws:wafv2/webAcl:WebAcl"
	loggingT  = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	assocT    = "aws:wafv2/webAclAssociation:WebAclAssociation"
	logGroupT = "aws:cloudwatch/logGroup:LogGroup"
	keyT      = "aws:kms/key:Key"
	stage     = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/v1"
)

func newACL(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewACL(ctx, "edge", args, opts...)
		return err
	})
}

// rule returns the index of the rule named name in the web ACL's rules.
func rule(t *testing.T, acl *mocktest.Resource, name string) string {
	t.Helper()
	for i := range 10 {
		p := "rules[" + string(rune('0'+i)) + "]"
		if acl.Str(p+".name") == name {
			return p
		}
	}
	t.Fatalf("no rule %s in %v", name, acl.Get("rules"))
	return ""
}

func TestDefaults(t *testing.T) {
	rec, err := newACL(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp, acl := rec.Find(Type, "edge"), rec.Find(aclT, "edge")
	if comp == nil || acl == nil || acl.Parent != comp.URN {
		t.Fatalf("want a %s with a web ACL:\n%s", Type, rec)
	}
	if acl.Str("scope") != Regional || !acl.Has("defaultAction.allow") || acl.Has("defaultAction.block") || acl.Has("associationConfig") {
		t.Errorf("web ACL: scope %q, default action %v, association config %v", acl.Str("scope"), acl.Get("defaultAction"), acl.Get("associationConfig"))
	}
	if !acl.Bool("visibilityConfig.cloudwatchMetricsEnabled") || !acl.Bool("visibilityConfig.sampledRequestsEnabled") {
		t.Error("web ACL metrics and sampled requests must be on")
	}
	if n := len(acl.Get("rules").ArrayValue()); n != 6 {
		t.Fatalf("%d rules; want 4 managed rule groups, the rate limit and the body size limit", n)
	}
	prio := map[string]float64{}
	for _, g := range ManagedRuleGroups {
		r := rule(t, acl, g.Name)
		prio[g.Name] = acl.Num(r + ".priority")
		if acl.Str(r+".statement.managedRuleGroupStatement.vendorName") != "AWS" || acl.Str(r+".statement.managedRuleGroupStatement.name") != g.Name ||
			!acl.Has(r+".overrideAction.none") || acl.Has(r+".overrideAction.count") || !acl.Bool(r+".visibilityConfig.cloudwatchMetricsEnabled") {
			t.Errorf("managed rule group %s: %v", g.Name, acl.Get(r))
		}
		if g.Name == "AWSManagedRulesAnonymousIpList" && acl.Has(r+".statement.managedRuleGroupStatement.scopeDownStatement") {
			t.Error("no health check path, no scope-down")
		}
	}
	common := rule(t, acl, "AWSManagedRulesCommonRuleSet")
	if acl.Str(common+".statement.managedRuleGroupStatement.ruleActionOverrides[0].name") != "SizeRestrictions_BODY" ||
		!acl.Has(common+".statement.managedRuleGroupStatement.ruleActionOverrides[0].actionToUse.count") ||
		acl.Has(common+".statement.managedRuleGroupStatement.ruleActionOverrides[1]") {
		t.Errorf("the common rule set must count SizeRestrictions_BODY (8 KB) and nothing else: %v", acl.Get(common+".statement.managedRuleGroupStatement.ruleActionOverrides"))
	}
	for _, g := range []string{"AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesAnonymousIpList", "AWSManagedRulesKnownBadInputsRuleSet"} {
		if acl.Has(rule(t, acl, g) + ".statement.managedRuleGroupStatement.ruleActionOverrides") {
			t.Errorf("%s counts rules without being asked", g)
		}
	}
	rate := rule(t, acl, RuleRateLimit)
	if acl.Num(rate+".statement.rateBasedStatement.limit") != 1000 || acl.Num(rate+".statement.rateBasedStatement.evaluationWindowSec") != 300 ||
		acl.Str(rate+".statement.rateBasedStatement.aggregateKeyType") != "IP" || !acl.Has(rate+".action.block") {
		t.Errorf("rate rule: %v", acl.Get(rate))
	}
	size := rule(t, acl, RuleBodySize)
	if acl.Num(size+".statement.sizeConstraintStatement.size") != 16384 || acl.Str(size+".statement.sizeConstraintStatement.comparisonOperator") != "GT" ||
		acl.Str(size+".statement.sizeConstraintStatement.fieldToMatch.body.oversizeHandling") != "MATCH" || !acl.Has(size+".action.block") {
		t.Errorf("body size rule: %v", acl.Get(size))
	}
	if !(prio["AWSManagedRulesAmazonIpReputationList"] < acl.Num(rate+".priority") && acl.Num(rate+".priority") < acl.Num(size+".priority") &&
		acl.Num(size+".priority") < prio["AWSManagedRulesCommonRuleSet"]) {
		t.Errorf("priorities: IP lists, then rate, then size, then the rule sets: %v, rate %v, size %v", prio, acl.Num(rate+".priority"), acl.Num(size+".priority"))
	}

	lg, key := rec.Find(logGroupT, "aws-waf-logs-edge"), rec.Find(keyT, "edge")
	if lg == nil || key == nil {
		t.Fatalf("log group %v, key %v", lg, key)
	}
	if !strings.HasPrefix(lg.Str("name"), LogGroupPrefix) || lg.Str("kmsKeyId") != key.Out("arn") || lg.Num("retentionInDays") != 365 {
		t.Errorf("log group: %v", lg.Inputs)
	}
	if kp, _ := key.Policy("policy"); kp.Find("CloudWatchLogsUsesKeyForThisAccount") == nil {
		t.Error("the log key must let CloudWatch Logs use it")
	}
	logging := rec.Find(loggingT, "edge")
	if logging.Str("resourceArn") != acl.Out("arn") || !slices.Equal(logging.Strs("logDestinationConfigs"), []string{lg.Out("arn")}) {
		t.Errorf("logging: %v", logging.Inputs)
	}
	var redacted []string
	for i := range 2 {
		redacted = append(redacted, logging.Str("redactedFields["+string(rune('0'+i))+"].singleHeader.name"))
	}
	if !slices.Equal(redacted, []string{"authorization", "x-api-key"}) {
		t.Errorf("redacted headers %v", redacted)
	}
	if len(rec.OfType(assocT)) != 0 {
		t.Error("associations without Associations")
	}
}

func TestOptions(t *testing.T) {
	var w *ACL
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		w, err = NewACL(ctx, "edge", &Args{
			RateLimit:         200,
			RateWindowSeconds: 60,
			MaxBodyBytes:      40000,
			CountRules:        []string{"HostingProviderIPList", "GenericLFI_BODY"},
			HealthCheckPath:   "/v1/health",
			Associations: []pulumi.StringInput{
				pulumi.String(stage),
				pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/models/0123456789abcdef"),
			},
			KMSKeyArn:        pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
			LogRetentionDays: 30,
			LogGroupName:     "aws-waf-logs-models",
			Tags:             map[string]string{"team": "ml"},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	acl := rec.Find(aclT, "edge")
	rate := rule(t, acl, RuleRateLimit)
	if acl.Num(rate+".statement.rateBasedStatement.limit") != 200 || acl.Num(rate+".statement.rateBasedStatement.evaluationWindowSec") != 60 {
		t.Errorf("rate rule: %v", acl.Get(rate))
	}
	if acl.Num(rule(t, acl, RuleBodySize)+".statement.sizeConstraintStatement.size") != 40000 ||
		acl.Str("associationConfig.requestBodies[0].apiGateways[0].defaultSizeInspectionLimit") != "KB_48" || acl.Has("associationConfig.requestBodies[0].cloudfronts") {
		t.Errorf("a 40000-byte limit needs API Gateway to send 48 KB: %v", acl.Get("associationConfig"))
	}
	anon := rule(t, acl, "AWSManagedRulesAnonymousIpList") + ".statement.managedRuleGroupStatement."
	if acl.Str(anon+"ruleActionOverrides[0].name") != "HostingProviderIPList" || !acl.Has(anon+"ruleActionOverrides[0].actionToUse.count") {
		t.Errorf("anonymous IP overrides: %v", acl.Get(anon+"ruleActionOverrides"))
	}
	bm := anon + "scopeDownStatement.notStatement.statements[0].byteMatchStatement."
	if acl.Str(bm+"searchString") != "/v1/health" || acl.Str(bm+"positionalConstraint") != "EXACTLY" || !acl.Has(bm+"fieldToMatch.uriPath") {
		t.Errorf("the health check path must skip the anonymous IP list: %v", acl.Get(anon+"scopeDownStatement"))
	}
	common := rule(t, acl, "AWSManagedRulesCommonRuleSet") + ".statement.managedRuleGroupStatement.ruleActionOverrides"
	var counted []string
	for _, o := range acl.Get(common).ArrayValue() {
		counted = append(counted, o.ObjectValue()["name"].StringValue())
	}
	if !slices.Contains(counted, "GenericLFI_BODY") || !slices.Contains(counted, "SizeRestrictions_BODY") || len(counted) != 2 {
		t.Errorf("common rule set counts %v", counted)
	}
	a0, a1 := rec.Find(assocT, "edge-0"), rec.Find(assocT, "edge-1")
	if len(rec.OfType(assocT)) != 2 || a0.Str("resourceArn") != stage || a0.Str("webAclArn") != acl.Out("arn") ||
		!strings.Contains(a1.Str("resourceArn"), ":loadbalancer/app/") || a1.Str("webAclArn") != acl.Out("arn") {
		t.Errorf("associations: %v, %v", a0.Inputs, a1.Inputs)
	}
	if rec.Find(keyT, "edge") != nil {
		t.Error("a key was created although KMSKeyArn was given")
	}
	lg := rec.Find(logGroupT, "aws-waf-logs-edge")
	if lg.Str("name") != "aws-waf-logs-models" || lg.Str("kmsKeyId") != "arn:aws:kms:us-east-1:123456789012:key/given" || lg.Num("retentionInDays") != 30 || lg.Str("tags.team") != "ml" {
		t.Errorf("log group: %v", lg.Inputs)
	}
	if acl.Str("tags.team") != "ml" || w.Scope != Regional || w.Region != "us-east-1" || w.MaxBodyBytes != 40000 {
		t.Errorf("tags %v, scope %s, region %s, body %d", acl.Get("tags"), w.Scope, w.Region, w.MaxBodyBytes)
	}
}

func TestCloudFrontScopeInUSEast1(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		use1, err := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		_, err = NewACL(ctx, "cdn", &Args{Scope: CloudFront, MaxBodyBytes: MaxBodyBytesLimit}, pulumi.Provider(use1))
		return err
	}, mocktest.Config("aws:region", "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	acl := rec.Find(aclT, "cdn")
	if acl.Str("scope") != CloudFront || acl.Region != "us-east-1" || !strings.Contains(acl.Out("arn"), ":global/webacl/") ||
		acl.Str("associationConfig.requestBodies[0].cloudfronts[0].defaultSizeInspectionLimit") != "KB_64" || acl.Has("associationConfig.requestBodies[0].apiGateways") {
		t.Errorf("CloudFront web ACL: %v", acl.Inputs)
	}
	if lg := rec.Find(logGroupT, "aws-waf-logs-cdn"); lg.Region != "us-east-1" {
		t.Errorf("the log group is in %s", lg.Region)
	}
}

func TestInspectionLimit(t *testing.T) {
	for size, want := range map[int]string{1: "KB_16", 16384: "KB_16", 16385: "KB_32", 32768: "KB_32", 40000: "KB_48", 49153: "KB_64", 65536: "KB_64"} {
		if got := InspectionLimit(size); got != want {
			t.Errorf("InspectionLimit(%d) = %s; want %s", size, got, want)
		}
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"scope", &Args{Scope: "GLOBAL"}, `Scope is "GLOBAL"; allowed values are REGIONAL and CLOUDFRONT`},
		{"rate limit", &Args{RateLimit: 5}, "RateLimit is 5; allowed values are 10 to 2000000000"},
		{"rate window", &Args{RateWindowSeconds: 30}, "RateWindowSeconds is 30; allowed values are [60 120 300 600]"},
		{"body too large", &Args{MaxBodyBytes: 70000}, "MaxBodyBytes is 70000; allowed values are 1 to 65536"},
		{"negative body", &Args{MaxBodyBytes: -1}, "MaxBodyBytes is -1"},
		{"unknown rule", &Args{CountRules: []string{"NoSuchRule"}}, `CountRules has "NoSuchRule"; allowed values are the rules`},
		{"rule twice", &Args{CountRules: []string{"AnonymousIPList", "AnonymousIPList"}}, `CountRules has "AnonymousIPList" twice`},
		{"health path", &Args{HealthCheckPath: "health"}, `HealthCheckPath "health" is not a URI path`},
		{"nil association", &Args{Associations: []pulumi.StringInput{nil}}, "Associations[0] is nil"},
		{"bad association", &Args{Associations: []pulumi.StringInput{pulumi.String("arn:aws:s3:::bucket")}}, `Associations[0] is "arn:aws:s3:::bucket"; allowed values are API Gateway stage ARNs`},
		{"CloudFront with associations", &Args{Scope: CloudFront, Associations: []pulumi.StringInput{pulumi.String(stage)}}, "Associations are for REGIONAL web ACLs"},
		{"association in another region", &Args{Associations: []pulumi.StringInput{pulumi.String(strings.Replace(stage, "us-east-1", "eu-west-1", 1))}}, "Associations[0] is in eu-west-1 but the web ACL is in us-east-1"},
		{"log retention", &Args{LogRetentionDays: 10}, "LogRetentionDays is 10; allowed values are [1 3 5"},
		{"log group prefix", &Args{LogGroupName: "waf-logs"}, `LogGroupName "waf-logs" is not allowed; WAF logs only to log groups whose name starts with aws-waf-logs-`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newACL(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "webacl edge: ") {
				t.Errorf("error %q does not name the component", err)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}

	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewACL(ctx, "bad name!", nil)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "give LogGroupName") || len(rec.Resources) != 0 {
		t.Errorf("a name unfit for a log group: %v", err)
	}

	// CLOUDFRONT on a provider outside us-east-1, default or explicit.
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewACL(ctx, "cdn", &Args{Scope: CloudFront})
		return err
	}, mocktest.Config("aws:region", "eu-west-1"))
	if err == nil || !strings.Contains(err.Error(), "Scope is CLOUDFRONT but the provider acts in eu-west-1; CLOUDFRONT web ACLs exist only in us-east-1") || len(rec.Resources) != 0 {
		t.Errorf("CLOUDFRONT on the default provider in eu-west-1: %v\n%s", err, rec)
	}
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewACL(ctx, "cdn", &Args{Scope: CloudFront}, pulumi.Provider(eu))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "the provider acts in eu-west-1") || len(rec.OfType(Type)) != 0 || len(rec.OfType(aclT)) != 0 {
		t.Errorf("CLOUDFRONT on an eu-west-1 provider: %v", err)
	}
}

func TestValidate(t *testing.T) {
	if err := Validate("edge", nil); err != nil {
		t.Errorf("nil args: %v", err)
	}
	if err := Validate("edge", &Args{RateLimit: 1}); err == nil || err.Error() != "webacl edge: RateLimit is 1; allowed values are 10 to 2000000000 (0 means 1000)" {
		t.Errorf("Validate: %v", err)
	}
	a := Args{}
	if err := a.Validate("edge"); err != nil || a.Scope != Regional || a.RateLimit != DefaultRateLimit || a.RateWindowSeconds != DefaultRateWindow ||
		a.MaxBodyBytes != DefaultMaxBodyBytes || a.LogRetentionDays != DefaultLogRetentionDays {
		t.Errorf("Args.Validate fills in the defaults: %+v, %v", a, err)
	}
	if err := (&Args{KMSKeyArn: pulumi.String("alias/logs")}).Validate("edge"); err == nil || !strings.HasPrefix(err.Error(), `KMSKeyArn "alias/logs" is not a KMS key ARN`) {
		t.Errorf("an alias for a key: %v", err)
	}
}

// TestResourceOptionsReachEveryDescendant passes a provider, protect and
// an alias: every resource below the web ACL (the web ACL, its key and
// alias, log group, logging configuration and association) follows them.
func TestResourceOptionsReachEveryDescendant(t *testing.T) {
	euStage := strings.Replace(stage, "us-east-1", "eu-west-1", 1)
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewACL(ctx, "edge", &Args{Associations: []pulumi.StringInput{pulumi.String(euStage)}},
			pulumi.Provider(eu), pulumi.Protect(true), pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("waf")}}))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "edge")
	if len(comp.Aliases) != 1 || comp.Aliases[0] != "name=waf" {
		t.Errorf("aliases %v", comp.Aliases)
	}
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	for _, r := range []*mocktest.Resource{rec.Find(aclT, "edge"), rec.Find(logGroupT, "aws-waf-logs-edge"), rec.Find(keyT, "edge"), rec.Find(assocT, "edge-0"), rec.Find(loggingT, "edge")} {
		if r == nil {
			t.Errorf("missing a child:\n%s", rec)
		}
	}
	if !strings.Contains(rec.Find(aclT, "edge").Out("arn"), ":wafv2:eu-west-1:") {
		t.Error("the web ACL is not in the provider's region")
	}
}
