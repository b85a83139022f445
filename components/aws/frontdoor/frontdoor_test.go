package frontdoor

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	apiT          = "aws:apigateway/restApi:RestApi"
	resourceT     = "aws:apigateway/resource:Resource"
	methodT       = "aws:apigateway/method:Method"
	integrationT  = "aws:apigateway/integration:Integration"
	intRespT      = "aws:apigateway/integrationResponse:IntegrationResponse"
	methodRespT   = "aws:apigateway/methodResponse:MethodResponse"
	deploymentT   = "aws:apigateway/deployment:Deployment"
	stageT        = "aws:apigateway/stage:Stage"
	settingsT     = "aws:apigateway/methodSettings:MethodSettings"
	apiKeyT       = "aws:apigateway/apiKey:ApiKey"
	usagePlanT    = "aws:apigateway/usagePlan:UsagePlan"
	usagePlanKeyT = "aws:apigateway/usagePlanKey:UsagePlanKey"
	domainT       = "aws:apigateway/domainName:DomainName"
	mappingT      = "aws:apigateway/basePathMapping:BasePathMapping"
	accountT      = "aws:apigateway/account:Account"
	roleT         = "aws:iam/role:Role"
	rolePolicyT   = "aws:iam/rolePolicy:RolePolicy"
	logGroupT     = "aws:cloudwatch/logGroup:LogGroup"
	keyT          = "aws:kms/key:Key"
	aclT          = "aws:wafv2/webAcl:WebAcl"
	assocT        = "aws:wafv2/webAclAssociation:WebAclAssociation"
	permissionT   = "aws:lambda/permission:Permission"

	handlerInvokeArn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:guard/invocations"

	cert = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
)

// handler is the guarded handler every test front door sends to.
var handler = &Handler{FunctionName: pulumi.String("guard"), InvokeArn: pulumi.String(handlerInvokeArn)}

func newFrontDoor(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewAPI(ctx, "api", args, opts...)
		return err
	}, logsRole)
}

// await collects the values of string outputs, awaited inside the program.
type await struct {
	got map[string]string
}

func (w *await) add(t *testing.T, ctx *pulumi.Context, key string, o pulumi.StringOutput) {
	t.Helper()
	r, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	if w.got == nil {
		w.got = map[string]string{}
	}
	w.got[key], _ = r.Value.(string)
}

func TestDefaults(t *testing.T) {
	var f *API
	var out await
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		f, err = NewAPI(ctx, "api", &Args{Handler: handler})
		if err == nil {
			for k, o := range map[string]pulumi.StringOutput{
				"invocationsArn": f.InvocationsArn, "executeApiDomain": f.ExecuteApiDomain, "healthCheckPath": f.HealthCheckPath,
				"regionalDomainName": f.RegionalDomainName, "regionalZoneId": f.RegionalZoneId, "webAclArn": f.WebAclArn, "stageArn": f.StageArn,
				"apiKeyId": f.ApiKeyId, "usagePlanId": f.UsagePlanId, "kmsKeyArn": f.KMSKeyArn,
			} {
				out.add(t, ctx, k, o)
			}
		}
		return err
	}, logsRole)
	if err != nil {
		t.Fatal(err)
	}
	comp, api := rec.Find(Type, "api"), rec.Find(apiT, "api")
	if comp == nil || api == nil || api.Parent != comp.URN {
		t.Fatalf("want a %s with a REST API:\n%s", Type, rec)
	}
	if api.Str("endpointConfiguration.types") != "REGIONAL" || api.Bool("disableExecuteApiEndpoint") || !api.Has("disableExecuteApiEndpoint") || api.Str("apiKeySource") != "HEADER" {
		t.Errorf("REST API: %v", api.Inputs)
	}

	// POST /invocations (IAM auth) and GET /health (no auth) both go to
	// the handler through Lambda proxy integrations, each with a
	// permission for this API, stage, method and path only: nothing
	// reaches the model but through the handler.
	for _, r := range []struct{ path, method, auth string }{{"invocations", "POST", "AWS_IAM"}, {"health", "GET", "NONE"}} {
		res := rec.Find(resourceT, "api-"+r.path)
		if res.Str("pathPart") != r.path || res.Str("parentId") != api.Out("rootResourceId") {
			t.Errorf("%s resource: %v", r.path, res.Inputs)
		}
		m := rec.Find(methodT, "api-"+r.path)
		if m.Str("httpMethod") != r.method || m.Str("authorization") != r.auth || m.Bool("apiKeyRequired") || m.Str("resourceId") != res.ID {
			t.Errorf("%s method: %v", r.path, m.Inputs)
		}
		in := rec.Find(integrationT, "api-"+r.path)
		if in.Str("type") != "AWS_PROXY" || in.Str("integrationHttpMethod") != "POST" || in.Str("uri") != handlerInvokeArn ||
			in.Has("credentials") || in.Num("timeoutMilliseconds") != 29000 || in.Str("resourceId") != res.ID {
			t.Errorf("%s integration: %v", r.path, in.Inputs)
		}
		p := rec.Find(permissionT, "api-"+r.path)
		if p.Str("function") != "guard" || p.Str("principal") != "apigateway.amazonaws.com" || p.Str("action") != "lambda:InvokeFunction" ||
			p.Str("sourceArn") != api.Out("executionArn")+"/v1/"+r.method+"/"+r.path {
			t.Errorf("%s permission: %v", r.path, p.Inputs)
		}
		if !slices.Contains(in.Dependencies, p.URN) {
			t.Errorf("the %s integration must wait for its permission", r.path)
		}
	}
	for _, typ := range []string{roleT, rolePolicyT, methodRespT, intRespT} {
		if n := len(rec.OfType(typ)); n != 0 {
			t.Errorf("%d %s: the front door needs no role or response mapping of its own", n, typ)
		}
	}

	// Stage: access logs into the encrypted group, no cache, throttled.
	lg, key := rec.Find(logGroupT, "api"), rec.Find(keyT, "api")
	if lg.Str("kmsKeyId") != key.Out("arn") || lg.Num("retentionInDays") != 365 {
		t.Errorf("access log group: %v", lg.Inputs)
	}
	if kp, _ := key.Policy("policy"); kp.Find("CloudWatchLogsUsesKeyForThisAccount") == nil {
		t.Error("the key must let CloudWatch Logs use it")
	}
	stage, dep := rec.Find(stageT, "api"), rec.Find(deploymentT, "api")
	format := stage.Str("accessLogSettings.format")
	if stage.Str("stageName") != "v1" || stage.Str("deployment") != dep.ID || stage.Str("accessLogSettings.destinationArn") != lg.Out("arn") ||
		stage.Bool("cacheClusterEnabled") || !stage.Has("cacheClusterEnabled") || !strings.Contains(format, "$context.requestId") ||
		strings.Contains(format, "$input") || strings.Contains(format, "requestBody") || strings.Contains(format, "responseBody") {
		t.Errorf("stage: %v", stage.Inputs)
	}
	var deps []string
	for _, d := range dep.Dependencies {
		deps = append(deps, d.Name())
	}
	for _, want := range []string{"api-invocations", "api-health"} {
		if !slices.Contains(deps, want) {
			t.Errorf("the deployment does not wait for %s: %v", want, deps)
		}
	}
	ms := rec.Find(settingsT, "api")
	if ms.Str("methodPath") != "*/*" || ms.Str("stageName") != "v1" || ms.Num("settings.throttlingRateLimit") != 20 || ms.Num("settings.throttlingBurstLimit") != 40 ||
		!ms.Bool("settings.metricsEnabled") || ms.Str("settings.loggingLevel") != "OFF" || ms.Bool("settings.dataTraceEnabled") || !ms.Has("settings.dataTraceEnabled") ||
		ms.Bool("settings.cachingEnabled") {
		t.Errorf("method settings: %v", ms.Get("settings"))
	}

	// The web ACL guards the stage, logs with the same key, and lets the
	// health checkers through the anonymous IP list.
	acl := rec.Find(aclT, "api")
	assoc := rec.Find(assocT, "api-0")
	if rec.Find(webacl.Type, "api") == nil || acl == nil || acl.Str("scope") != "REGIONAL" || assoc.Str("resourceArn") != stage.Out("arn") || assoc.Str("webAclArn") != acl.Out("arn") {
		t.Errorf("web ACL %v associated %v", acl, assoc)
	}
	if rec.Find(logGroupT, "aws-waf-logs-api").Str("kmsKeyId") != key.Out("arn") || len(rec.OfType(keyT)) != 1 {
		t.Errorf("the web ACL's logs must use the front door's key, and only one key be made: %v", rec.Types())
	}
	if !strings.Contains(acl.Get("rules").String(), "/v1/health") {
		t.Error("the health resource must skip the anonymous IP list")
	}

	for _, typ := range []string{apiKeyT, usagePlanT, usagePlanKeyT, domainT, mappingT, accountT} {
		if len(rec.OfType(typ)) != 0 {
			t.Errorf("%s created without being asked", typ)
		}
	}
	execHost := api.ID + ".execute-api.us-east-1.amazonaws.com"
	want := map[string]string{
		"invocationsArn":     "arn:aws:execute-api:us-east-1:123456789012:" + api.ID + "/v1/POST/invocations",
		"executeApiDomain":   execHost,
		"healthCheckPath":    "/v1/health",
		"regionalDomainName": execHost,
		"regionalZoneId":     "",
		"webAclArn":          acl.Out("arn"),
		"stageArn":           stage.Out("arn"),
		"apiKeyId":           "",
		"usagePlanId":        "",
		"kmsKeyArn":          key.Out("arn"),
	}
	for k, v := range want {
		if got, ok := out.got[k]; !ok || got != v {
			t.Errorf("output %s = %q; want %q", k, got, v)
		}
	}
	if f.Auth != AuthIAM || f.StageName != "v1" || f.HealthPath != "/v1/health" || f.Region != "us-east-1" || f.DomainName != "" {
		t.Errorf("fields: %+v", f)
	}
}

func TestAPIKeyAuth(t *testing.T) {
	rec, err := newFrontDoor(t, &Args{Handler: handler, Auth: AuthAPIKey, RateLimit: 5, BurstLimit: 10, DailyQuota: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if m := rec.Find(methodT, "api-invocations"); m.Str("authorization") != "NONE" || !m.Bool("apiKeyRequired") {
		t.Errorf("invocations method: %v", m.Inputs)
	}
	if h := rec.Find(methodT, "api-health"); h.Str("authorization") != "NONE" || h.Bool("apiKeyRequired") {
		t.Errorf("the health check needs no key: %v", h.Inputs)
	}
	key, plan, pk := rec.Find(apiKeyT, "api"), rec.Find(usagePlanT, "api"), rec.Find(usagePlanKeyT, "api")
	api := rec.Find(apiT, "api")
	if key == nil || !key.Bool("enabled") || key.Has("value") {
		t.Errorf("API key (its value generated by API Gateway): %v", key)
	}
	if plan.Str("apiStages[0].apiId") != api.ID || plan.Str("apiStages[0].stage") != "v1" || plan.Num("throttleSettings.rateLimit") != 5 ||
		plan.Num("throttleSettings.burstLimit") != 10 || plan.Num("quotaSettings.limit") != 1000 || plan.Str("quotaSettings.period") != "DAY" {
		t.Errorf("usage plan: %v", plan.Inputs)
	}
	if pk.Str("keyId") != key.ID || pk.Str("usagePlanId") != plan.ID || pk.Str("keyType") != "API_KEY" {
		t.Errorf("usage plan key: %v", pk.Inputs)
	}
	if ms := rec.Find(settingsT, "api"); ms.Num("settings.throttlingRateLimit") != 5 || ms.Num("settings.throttlingBurstLimit") != 10 {
		t.Errorf("stage throttling: %v", ms.Get("settings"))
	}

	noQuota, err := newFrontDoor(t, &Args{Handler: handler, Auth: AuthAPIKey})
	if err != nil {
		t.Fatal(err)
	}
	if p := noQuota.Find(usagePlanT, "api"); p.Has("quotaSettings") || p.Num("throttleSettings.rateLimit") != DefaultRateLimit {
		t.Errorf("usage plan without a quota: %v", p.Inputs)
	}
}

func TestCustomDomain(t *testing.T) {
	var f *API
	var out await
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		f, err = NewAPI(ctx, "api", &Args{Handler: handler, DomainName: "api.example.com", CertificateArn: pulumi.String(cert)})
		if err == nil {
			out.add(t, ctx, "regionalDomainName", f.RegionalDomainName)
			out.add(t, ctx, "regionalZoneId", f.RegionalZoneId)
		}
		return err
	}, logsRole)
	if err != nil {
		t.Fatal(err)
	}
	d, bpm := rec.Find(domainT, "api"), rec.Find(mappingT, "api")
	if d.Str("domainName") != "api.example.com" || d.Str("regionalCertificateArn") != cert || d.Str("securityPolicy") != "TLS_1_2" ||
		d.Str("endpointConfiguration.types") != "REGIONAL" || d.Has("certificateArn") {
		t.Errorf("domain name: %v", d.Inputs)
	}
	if bpm.Str("domainName") != "api.example.com" || bpm.Str("restApi") != rec.Find(apiT, "api").ID || bpm.Str("stageName") != "v1" || bpm.Has("basePath") {
		t.Errorf("base path mapping: %v", bpm.Inputs)
	}
	if out.got["regionalDomainName"] != d.Out("regionalDomainName") || out.got["regionalZoneId"] != d.Out("regionalZoneId") || out.got["regionalZoneId"] == "" || f.DomainName != "api.example.com" {
		t.Errorf("outputs %v; domain %v", out.got, d.Outputs)
	}
}

func TestOptions(t *testing.T) {
	given := "arn:aws:kms:us-east-1:123456789012:key/given"
	rec, err := newFrontDoor(t, &Args{
		Handler:              handler,
		StageName:            "prod",
		TimeoutMilliseconds:  60000,
		KMSKeyArn:            pulumi.String(given),
		LogRetentionDays:     90,
		WebAcl:               &webacl.Args{RateLimit: 100, CountRules: []string{"HostingProviderIPList"}},
		ManageAccountLogging: true,
		Tags:                 map[string]string{"team": "ml"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(keyT)) != 0 || rec.Find(logGroupT, "api").Str("kmsKeyId") != given || rec.Find(logGroupT, "api").Num("retentionInDays") != 90 ||
		rec.Find(logGroupT, "aws-waf-logs-api").Str("kmsKeyId") != given {
		t.Errorf("the given key must encrypt both log groups, and no key be made: %v", rec.Types())
	}
	if in := rec.Find(integrationT, "api-invocations"); in.Num("timeoutMilliseconds") != 60000 {
		t.Errorf("timeout %v", in.Get("timeoutMilliseconds"))
	}
	acl := rec.Find(aclT, "api")
	rules := acl.Get("rules").String()
	limit := 0.0
	for _, r := range acl.Get("rules").ArrayValue() {
		if r.ObjectValue()["name"].StringValue() == webacl.RuleRateLimit {
			limit = r.ObjectValue()["statement"].ObjectValue()["rateBasedStatement"].ObjectValue()["limit"].NumberValue()
		}
	}
	if !strings.Contains(rules, "/prod/health") || !strings.Contains(rules, "HostingProviderIPList") || limit != 100 {
		t.Errorf("web ACL rate limit %v, rules %s", limit, rules)
	}
	if acl.Str("tags.team") != "ml" || rec.Find(apiT, "api").Str("tags.team") != "ml" || rec.Find(stageT, "api").Str("stageName") != "prod" {
		t.Error("tags or stage name")
	}
	account, logsRole := rec.Find(accountT, "api"), rec.Find(roleT, "api-apigateway-logs")
	if account == nil || logsRole == nil || account.Str("cloudwatchRoleArn") != logsRole.Out("arn") {
		t.Fatalf("account logging: %v, %v", account, logsRole)
	}
	if att := rec.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "api-apigateway-logs"); att.Str("policyArn") != "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs" {
		t.Errorf("logs role policy %v", att.Inputs)
	}
	if !slices.Contains(rec.Find(stageT, "api").Dependencies, account.URN) {
		t.Error("the stage must wait for the account's logging role")
	}

	existing := "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/0a1b2c3d"
	rec, err = newFrontDoor(t, &Args{Handler: handler, WebAclArn: pulumi.String(existing)})
	if err != nil {
		t.Fatal(err)
	}
	a := rec.Find(assocT, "api")
	if a == nil || a.Str("webAclArn") != existing || a.Str("resourceArn") != rec.Find(stageT, "api").Out("arn") || len(rec.OfType(aclT)) != 0 || len(rec.OfType(webacl.Type)) != 0 {
		t.Errorf("an existing web ACL: association %v, %v", a, rec.Types())
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"nil args", nil, "Handler is nil or incomplete; give the Lambda function that guards the endpoint"},
		{"handler without invoke ARN", &Args{Handler: &Handler{FunctionName: pulumi.String("guard")}}, "Handler is nil or incomplete"},
		{"key alias instead of ARN", &Args{Handler: handler, KMSKeyArn: pulumi.String("alias/logs")}, `KMSKeyArn "alias/logs" is not a KMS key ARN`},
		{"invoke ARN", &Args{Handler: &Handler{FunctionName: pulumi.String("guard"), InvokeArn: pulumi.String("arn:aws:lambda:us-east-1:123456789012:function:guard")}}, `Handler.InvokeArn "arn:aws:lambda:us-east-1:123456789012:function:guard" is not a Lambda function's API Gateway invocation ARN`},
		{"auth", &Args{Handler: handler, Auth: "COGNITO"}, `Auth is "COGNITO"; allowed values are IAM and API_KEY`},
		{"stage name", &Args{Handler: handler, StageName: "v 1"}, `StageName "v 1" is not allowed`},
		{"negative rate", &Args{Handler: handler, RateLimit: -1}, "RateLimit is -1; allowed values are above 0 up to 10000"},
		{"rate too high", &Args{Handler: handler, RateLimit: 20000}, "RateLimit is 20000"},
		{"burst", &Args{Handler: handler, BurstLimit: 6000}, "BurstLimit is 6000; allowed values are 1 to 5000"},
		{"quota with IAM", &Args{Handler: handler, DailyQuota: 100}, "DailyQuota limits API keys, and Auth is IAM"},
		{"negative quota", &Args{Handler: handler, Auth: AuthAPIKey, DailyQuota: -1}, "DailyQuota is -1"},
		{"timeout too short", &Args{Handler: handler, TimeoutMilliseconds: 10}, "TimeoutMilliseconds is 10; allowed values are 50 to 300000"},
		{"timeout too long", &Args{Handler: handler, TimeoutMilliseconds: 400000}, "TimeoutMilliseconds is 400000"},
		{"domain name", &Args{Handler: handler, DomainName: "API.example.com", CertificateArn: pulumi.String(cert)}, `DomainName "API.example.com" is not a lower-case host name`},
		{"domain name with a trailing dot", &Args{Handler: handler, DomainName: "api.example.com.", CertificateArn: pulumi.String(cert)}, `DomainName "api.example.com." is not a lower-case host name`},
		{"domain without certificate", &Args{Handler: handler, DomainName: "api.example.com"}, "DomainName api.example.com has no CertificateArn"},
		{"certificate without domain", &Args{Handler: handler, CertificateArn: pulumi.String(cert)}, "CertificateArn is given without a DomainName"},
		{"certificate ARN", &Args{Handler: handler, DomainName: "api.example.com", CertificateArn: pulumi.String("arn:aws:iam::123456789012:server-certificate/x")}, `CertificateArn "arn:aws:iam::123456789012:server-certificate/x" is not an ACM certificate ARN`},
		{"certificate in another region", &Args{Handler: handler, DomainName: "api.example.com", CertificateArn: pulumi.String(strings.Replace(cert, "us-east-1", "us-west-2", 1))}, "CertificateArn is in us-west-2 but the API is in us-east-1"},
		{"log retention", &Args{Handler: handler, LogRetentionDays: 10}, "LogRetentionDays is 10"},
		{"two web ACLs", &Args{Handler: handler, WebAcl: &webacl.Args{}, WebAclArn: pulumi.String("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/y")}, "WebAcl and WebAclArn are both given"},
		{"CloudFront web ACL", &Args{Handler: handler, WebAcl: &webacl.Args{Scope: webacl.CloudFront}}, "WebAcl.Scope is CLOUDFRONT; a front door's web ACL is REGIONAL"},
		{"web ACL associations", &Args{Handler: handler, WebAcl: &webacl.Args{Associations: []pulumi.StringInput{pulumi.String("x")}}}, "WebAcl.Associations is not empty"},
		{"web ACL args", &Args{Handler: handler, WebAcl: &webacl.Args{RateLimit: 1}}, "WebAcl: webacl api: RateLimit is 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newFrontDoor(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "frontdoor api: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

func TestArgsAreNotChanged(t *testing.T) {
	acl := &webacl.Args{}
	args := &Args{Handler: handler, WebAcl: acl}
	if _, err := newFrontDoor(t, args); err != nil {
		t.Fatal(err)
	}
	if args.Auth != "" || args.StageName != "" || args.WebAcl != acl || acl.HealthCheckPath != "" || acl.Associations != nil {
		t.Errorf("the caller's args were filled in: %+v, %+v", args, acl)
	}
}

// TestResourceOptionsReachEveryDescendant passes a provider and protect:
// every resource below the front door (the API and its methods, the
// stage, log groups, key, roles, usage plan, custom domain, account
// setting, and the web ACL's) carries them.
func TestResourceOptionsReachEveryDescendant(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewAPI(ctx, "api", &Args{
			Handler: &Handler{FunctionName: pulumi.String("guard"), InvokeArn: pulumi.String(strings.ReplaceAll(handlerInvokeArn, "us-east-1", "eu-west-1"))},
			Auth:    AuthAPIKey, ManageAccountLogging: true,
			DomainName: "api.example.com", CertificateArn: pulumi.String(strings.Replace(cert, "us-east-1", "eu-west-1", 1)),
		}, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	}, logsRole)
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range rec.OptionsReach(rec.Find(Type, "api"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	for _, r := range []*mocktest.Resource{
		rec.Find(apiT, "api"), rec.Find(stageT, "api"), rec.Find(logGroupT, "api"), rec.Find(logGroupT, "aws-waf-logs-api"),
		rec.Find(keyT, "api"), rec.Find(permissionT, "api-invocations"), rec.Find(permissionT, "api-health"), rec.Find(aclT, "api"), rec.Find(apiKeyT, "api"), rec.Find(usagePlanT, "api"),
		rec.Find(domainT, "api"), rec.Find(accountT, "api"),
	} {
		if r == nil {
			t.Errorf("a child is missing:\n%s", rec)
		}
	}
	if p := rec.Find(permissionT, "api-invocations").Str("sourceArn"); !strings.HasPrefix(p, "arn:aws:execute-api:eu-west-1:") {
		t.Errorf("permission source %s is not in the provider's region", p)
	}

	// A handler of another region is refused before anything is made.
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewAPI(ctx, "api", &Args{Handler: handler}, pulumi.Provider(eu))
		return err
	}, logsRole)
	if err == nil || !strings.Contains(err.Error(), "Handler.InvokeArn is in us-east-1 but the API is in eu-west-1") || rec.Find(Type, "api") != nil {
		t.Errorf("a handler of another region: %v", err)
	}
}

// logsRole runs a program in an account whose API Gateway settings hold a
// CloudWatch Logs role, as the stage's access logs need.
var logsRole = mocktest.AccountSettings(offlinecloud.Settings{AWS: offlinecloud.AWSSettings{APIGatewayCloudWatchRoles: map[string]string{
	"us-east-1": "arn:aws:iam::123456789012:role/apigateway-logs",
}}})

// TestAFreshAccountNeedsTheLoggingRole follows the chain stage -> the
// region's API Gateway account settings: in a fresh account (no role) the
// stage is refused with API Gateway's message, unless the component sets
// the role itself (ManageAccountLogging), and then the stage waits for it.
func TestAFreshAccountNeedsTheLoggingRole(t *testing.T) {
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewAPI(ctx, "api", &Args{Handler: handler})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "BadRequestException: CloudWatch Logs role ARN must be set in account settings to enable logging") {
		t.Errorf("a stage that logs, in a fresh account: %v", err)
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewAPI(ctx, "api", &Args{Handler: handler, ManageAccountLogging: true})
		return err
	})
	if err != nil {
		t.Fatalf("ManageAccountLogging in a fresh account: %v", err)
	}
	account, stage := rec.Find("aws:apigateway/account:Account", "api"), rec.Find("aws:apigateway/stage:Stage", "api")
	if account == nil || stage == nil || !slices.Contains(stage.Dependencies, account.URN) {
		t.Errorf("the stage does not wait for the account settings: %v", stage)
	}
}
