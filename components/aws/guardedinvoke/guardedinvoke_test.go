package guardedinvoke

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/modelfort/modelfort/components/aws/guardrail"
	handler "github.com/modelfort/modelfort/handlers/guardedinvoke"
	"github.com/modelfort/modelfort/internal/lambdabuild"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	functionT   = "aws:lambda/function:Function"
	roleT       = "aws:iam/role:Role"
	rolePolicyT = "aws:iam/rolePolicy:RolePolicy"
	logGroupT   = "aws:cloudwatch/logGroup:LogGroup"
	keyT        = "aws:kms/key:Key"
	permissionT = "aws:lambda/permission:Permission"

	guardArn    = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123def456"
	runtimeVpce = "vpce-0123456789abcdef0"
	bedrockVpce = "vpce-0fedcba9876543210"
	givenKey    = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"
)

// zipCode writes a deployment package with a bootstrap file to a temporary
// directory and returns its path.
func zipCode(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "guarded-invoke.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	fw, err := w.Create(HandlerName)
	if err == nil {
		_, err = fw.Write([]byte("#!/bin/sh\n"))
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// valid returns complete Args whose Code is a small zip, so that no test
// builds the handler.
func valid(t *testing.T) *Args {
	t.Helper()
	return &Args{
		EndpointName:         pulumi.String("DeepSeek-R1-distill"),
		GuardrailArn:         pulumi.String(guardArn),
		GuardrailVersion:     pulumi.String("3"),
		Subnets:              []pulumi.StringInput{pulumi.String("subnet-0aaa"), pulumi.String("subnet-0bbb")},
		SecurityGroupIds:     []pulumi.StringInput{pulumi.String("sg-0guard")},
		RuntimeVpcEndpointId: pulumi.String(runtimeVpce),
		BedrockVpcEndpointId: pulumi.String(bedrockVpce),
		Code:                 pulumi.NewFileArchive(zipCode(t)),
	}
}

func newHandler(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewHandler(ctx, "guard", args, opts...)
		return err
	})
}

// await returns the value of a string output, awaited inside the program.
func await(t *testing.T, ctx *pulumi.Context, o pulumi.StringOutput) string {
	t.Helper()
	r, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := r.Value.(string)
	return s
}

// withOutput returns the resource of a type whose output key is value:
// how a test follows an input that names another resource.
func withOutput(rec *mocktest.Recording, typ, key, value string) *mocktest.Resource {
	for _, r := range rec.OfType(typ) {
		if value != "" && r.Out(key) == value {
			return r
		}
	}
	return nil
}

func TestDefaults(t *testing.T) {
	var h *Handler
	outs := map[string]string{}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		if h, err = NewHandler(ctx, "guard", valid(t)); err != nil {
			return err
		}
		for k, o := range map[string]pulumi.StringOutput{
			"functionName": h.FunctionName, "functionArn": h.FunctionArn, "invokeArn": h.InvokeArn,
			"roleArn": h.RoleArn, "logGroupName": h.LogGroupName, "kmsKeyArn": h.KMSKeyArn,
		} {
			outs[k] = await(t, ctx, o)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, fn := rec.Find(Type, "guard"), rec.Find(functionT, "guard")
	if comp == nil || fn == nil || fn.Parent != comp.URN {
		t.Fatalf("want a %s with a function:\n%s", Type, rec)
	}

	// The function: a Go binary on Graviton, traced, in the VPC.
	if fn.Str("runtime") != Runtime || !slices.Equal(fn.Strs("architectures"), []string{"arm64"}) || fn.Str("handler") != "bootstrap" ||
		fn.Str("packageType") != "Zip" || fn.Str("tracingConfig.mode") != "Active" || fn.Num("timeout") != 29 || fn.Num("memorySize") != 256 ||
		!fn.Get("code").IsArchive() {
		t.Errorf("function: %v", fn.Inputs)
	}
	if !slices.Equal(fn.Strs("vpcConfig.subnetIds"), []string{"subnet-0aaa", "subnet-0bbb"}) || !slices.Equal(fn.Strs("vpcConfig.securityGroupIds"), []string{"sg-0guard"}) {
		t.Errorf("VPC: %v", fn.Get("vpcConfig"))
	}
	// Its environment names the endpoint and the pinned guardrail version,
	// and the limits the handler enforces.
	env := map[string]string{}
	for k, v := range fn.Get("environment.variables").ObjectValue() {
		env[string(k)] = v.StringValue()
	}
	wantEnv := map[string]string{
		EnvEndpointName: "DeepSeek-R1-distill", EnvGuardrailID: guardArn, EnvGuardrailVersion: "3",
		EnvInvokeTimeoutMS: "27000", EnvMaxBodyBytes: "65536", EnvMaxNewTokens: "1024", EnvHealthCacheSeconds: "5",
	}
	if len(env) != len(wantEnv) {
		t.Errorf("environment %v; want %v", env, wantEnv)
	}
	for k, v := range wantEnv {
		if env[k] != v {
			t.Errorf("environment %s = %q; want %q", k, env[k], v)
		}
	}

	// The environment is encrypted with the component's key, and the logs
	// (JSON) go to a log group encrypted with it too.
	key := withOutput(rec, keyT, "arn", fn.Str("kmsKeyArn"))
	if key == nil || key.Parent == "" || len(rec.OfType(keyT)) != 1 {
		t.Fatalf("the function's environment key %q is not the component's key:\n%s", fn.Str("kmsKeyArn"), rec)
	}
	if kp, _ := key.Policy("policy"); kp.Find("CloudWatchLogsUsesKeyForThisAccount") == nil {
		t.Error("the key must let CloudWatch Logs use it")
	}
	lg := withOutput(rec, logGroupT, "name", fn.Str("loggingConfig.logGroup"))
	if fn.Str("loggingConfig.logFormat") != "JSON" || lg == nil || lg.Str("kmsKeyId") != key.Out("arn") || lg.Num("retentionInDays") != 365 {
		t.Errorf("logging %v into %v", fn.Get("loggingConfig"), lg)
	}

	// The function acts as a role only Lambda, for this account, may
	// assume; the function waits for the role's policy.
	role := withOutput(rec, roleT, "arn", fn.Str("role"))
	if role == nil {
		t.Fatalf("the function's role %q was not created here", fn.Str("role"))
	}
	trust, err := role.Policy("assumeRolePolicy")
	if err != nil || len(trust.Statement) != 1 || !slices.Equal(trust.Statement[0].Principal["Service"], []string{"lambda.amazonaws.com"}) ||
		!slices.Equal(trust.Statement[0].Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("trust policy: %+v %v", trust, err)
	}
	var policy *mocktest.Resource
	for _, p := range rec.OfType(rolePolicyT) {
		if p.Str("role") == role.ID {
			if policy != nil {
				t.Error("the role has more than one policy")
			}
			policy = p
		}
	}
	if policy == nil || !slices.Contains(fn.Dependencies, policy.URN) {
		t.Fatalf("the function must wait for its role's policy %v: %v", policy, fn.Dependencies)
	}

	// The role may apply this guardrail and invoke this endpoint, each
	// through its VPC endpoint only; the rest is its own logs, traces,
	// network interfaces and environment.
	doc, err := policy.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		sid       string
		actions   []string
		resources []string
		vpce      string
	}{
		{SidApplyGuardrail, []string{"bedrock:ApplyGuardrail"}, []string{guardArn}, bedrockVpce},
		{SidInvokeEndpoint, []string{"sagemaker:InvokeEndpoint"}, []string{"arn:aws:sagemaker:us-east-1:123456789012:endpoint/deepseek-r1-distill"}, runtimeVpce},
		{SidWriteLogs, []string{"logs:CreateLogStream", "logs:PutLogEvents"}, []string{lg.Out("arn"), lg.Out("arn") + ":*"}, ""},
		{SidNetworkInterfaces, NetworkInterfaceActions, []string{"*"}, ""},
		{SidTracing, []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, []string{"*"}, ""},
		{SidDecryptEnvironment, []string{"kms:Decrypt"}, []string{key.Out("arn")}, ""},
	}
	if len(doc.Statement) != len(want) {
		t.Errorf("policy has %v; want exactly %d statements", doc.Sids(), len(want))
	}
	for _, w := range want {
		st := doc.Find(w.sid)
		if st == nil {
			t.Errorf("no statement %s", w.sid)
			continue
		}
		if st.Effect != "Allow" || !slices.Equal(st.Action, w.actions) || !slices.Equal(st.Resource, w.resources) {
			t.Errorf("%s: %v on %v; want %v on %v", w.sid, st.Action, st.Resource, w.actions, w.resources)
		}
		if w.vpce != "" && (len(st.Condition) != 1 || !slices.Equal(st.Values("StringEquals", "aws:SourceVpce"), []string{w.vpce})) {
			t.Errorf("%s: condition %v; want aws:SourceVpce %s", w.sid, st.Condition, w.vpce)
		}
		if w.vpce == "" && st.Condition != nil {
			t.Errorf("%s: unexpected condition %v", w.sid, st.Condition)
		}
	}

	// The front door makes the API's permission to invoke the function.
	if n := len(rec.OfType(permissionT)); n != 0 {
		t.Errorf("%d Lambda permissions; the front door grants its API", n)
	}

	if h.TimeoutSeconds != 29 || h.InvokeTimeout != 27*time.Second || h.MaxBodyBytes != 65536 || h.MaxNewTokens != 1024 || h.Region != "us-east-1" {
		t.Errorf("settings: %+v", h)
	}
	wantOut := map[string]string{
		"functionName": fn.ID, "functionArn": fn.Out("arn"), "roleArn": role.Out("arn"),
		"invokeArn":    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + fn.Out("arn") + "/invocations",
		"logGroupName": lg.Out("name"), "kmsKeyArn": key.Out("arn"),
	}
	for k, v := range wantOut {
		if outs[k] != v || v == "" {
			t.Errorf("output %s = %q; want %q", k, outs[k], v)
		}
	}
	if !strings.HasPrefix(fn.ID, "guard-") {
		t.Errorf("function name %q", fn.ID)
	}
}

// TestGuardrailAndEndpointFromOtherResources: the guardrail's ARN and
// published version come from a guardrail.Guardrail; the function applies
// that version, and the role that guardrail only.
func TestGuardrailAndEndpointFromOtherResources(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		g, err := guardrail.NewGuardrail(ctx, "guard", nil)
		if err != nil {
			return err
		}
		args := valid(t)
		args.GuardrailArn, args.GuardrailVersion = g.GuardrailArn, g.Version
		args.EndpointName = pulumi.String("primary").ToStringOutput()
		_, err = NewHandler(ctx, "guard", args)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	g, v := rec.Find("aws:bedrock/guardrail:Guardrail", "guard"), rec.Find("aws:bedrock/guardrailVersion:GuardrailVersion", "guard")
	fn := rec.Find(functionT, "guard")
	if g == nil || v == nil || fn == nil {
		t.Fatalf("missing resources:\n%s", rec)
	}
	if fn.Str("environment.variables."+EnvGuardrailID) != g.Out("guardrailArn") || fn.Str("environment.variables."+EnvGuardrailVersion) != v.Out("version") ||
		v.Out("version") == "DRAFT" || fn.Str("environment.variables."+EnvEndpointName) != "primary" {
		t.Errorf("environment %v; guardrail %s version %s", fn.Get("environment.variables"), g.Out("guardrailArn"), v.Out("version"))
	}
	doc, err := rec.Find(rolePolicyT, "guard").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	if r := doc.Find(SidApplyGuardrail).Resource; !slices.Equal(r, []string{g.Out("guardrailArn")}) {
		t.Errorf("ApplyGuardrail on %v", r)
	}
	if r := doc.Find(SidInvokeEndpoint).Resource; !slices.Equal(r, []string{"arn:aws:sagemaker:us-east-1:123456789012:endpoint/primary"}) {
		t.Errorf("InvokeEndpoint on %v", r)
	}
}

func TestOptions(t *testing.T) {
	args := valid(t)
	args.TimeoutSeconds, args.MemoryMB, args.MaxBodyBytes, args.MaxNewTokens, args.HealthCacheSeconds = 60, 1024, 1<<20, 4096, 30
	args.KMSKeyArn, args.LogRetentionDays = pulumi.String(givenKey), 30
	args.Tags = map[string]string{"team": "ml"}
	var h *Handler
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		h, err = NewHandler(ctx, "guard", args)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fn, lg, role := rec.Find(functionT, "guard"), rec.Find(logGroupT, "guard"), rec.Find(roleT, "guard")
	if n := len(rec.OfType(keyT)); n != 0 || h.Key != nil {
		t.Errorf("%d keys created beside the given one", n)
	}
	if fn.Str("kmsKeyArn") != givenKey || lg.Str("kmsKeyId") != givenKey || lg.Num("retentionInDays") != 30 {
		t.Errorf("the given key: function %s, log group %s", fn.Str("kmsKeyArn"), lg.Str("kmsKeyId"))
	}
	doc, _ := rec.Find(rolePolicyT, "guard").Policy("policy")
	if r := doc.Find(SidDecryptEnvironment).Resource; !slices.Equal(r, []string{givenKey}) {
		t.Errorf("kms:Decrypt on %v", r)
	}
	if fn.Num("timeout") != 60 || fn.Num("memorySize") != 1024 || fn.Str("environment.variables."+EnvInvokeTimeoutMS) != "58000" ||
		fn.Str("environment.variables."+EnvMaxBodyBytes) != "1048576" || fn.Str("environment.variables."+EnvMaxNewTokens) != "4096" ||
		fn.Str("environment.variables."+EnvHealthCacheSeconds) != "30" || h.InvokeTimeout != 58*time.Second {
		t.Errorf("settings: %v", fn.Inputs)
	}
	for _, r := range []*mocktest.Resource{fn, lg, role} {
		if r.Str("tags.team") != "ml" {
			t.Errorf("%s tags %v", r.URN, r.Get("tags"))
		}
	}

	for _, tt := range []struct{ timeout, invoke, want int }{{2, 0, 1000}, {3, 0, 1000}, {10, 0, 8000}, {10, 9000, 9000}, {900, 0, 898000}} {
		args := valid(t)
		args.TimeoutSeconds, args.InvokeTimeoutMilliseconds = tt.timeout, tt.invoke
		rec, err := newHandler(t, args)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Find(functionT, "guard").Str("environment.variables." + EnvInvokeTimeoutMS); got != strconv.Itoa(tt.want) {
			t.Errorf("timeout %d s, invoke %d ms: invoke timeout %s; want %d", tt.timeout, tt.invoke, got, tt.want)
		}
	}
}

// TestDefaultCodeIsBuilt: without Code, the function's package is the
// zip lambdabuild builds from the handler; a failed build names the
// package and registers nothing.
func TestDefaultCodeIsBuilt(t *testing.T) {
	path := zipCode(t)
	defer func(b func(context.Context) (lambdabuild.Artifact, error)) { build = b }(build)
	build = func(context.Context) (lambdabuild.Artifact, error) {
		return lambdabuild.Artifact{Path: path, SHA256: "x"}, nil
	}
	args := valid(t)
	args.Code = nil
	rec, err := newHandler(t, args)
	if err != nil {
		t.Fatal(err)
	}
	if code := rec.Find(functionT, "guard").Get("code"); !code.IsArchive() || code.ArchiveValue().Path != path {
		t.Errorf("code %v; want the built zip %s", code, path)
	}
	if args.Code != nil {
		t.Error("the caller's Args were filled in")
	}

	build = func(context.Context) (lambdabuild.Artifact, error) {
		return lambdabuild.Artifact{}, errors.New("go: no Go toolchain")
	}
	rec, err = newHandler(t, args)
	if err == nil || !strings.Contains(err.Error(), "guardedinvoke guard: building the function's code from "+HandlerPackage) || !strings.Contains(err.Error(), "no Go toolchain") {
		t.Errorf("err = %v", err)
	}
	if len(rec.Resources) != 0 {
		t.Errorf("registered before failing:\n%s", rec)
	}
}

func TestRejections(t *testing.T) {
	change := func(f func(a *Args)) func(t *testing.T) *Args {
		return func(t *testing.T) *Args {
			a := valid(t)
			f(a)
			return a
		}
	}
	tests := []struct {
		name string
		args func(t *testing.T) *Args
		want string
	}{
		{"nil args", func(*testing.T) *Args { return nil }, "EndpointName is nil"},
		{"key alias", change(func(a *Args) { a.KMSKeyArn = pulumi.String("alias/guard") }), `KMSKeyArn "alias/guard" is not a KMS key ARN`},
		{"endpoint name", change(func(a *Args) { a.EndpointName = pulumi.String("deepseek_r1") }), `EndpointName "deepseek_r1" is not a SageMaker endpoint name`},
		{"no guardrail", change(func(a *Args) { a.GuardrailArn = nil }), "GuardrailArn is nil"},
		{"guardrail ID", change(func(a *Args) { a.GuardrailArn = pulumi.String("abc123def456") }), `GuardrailArn "abc123def456" is not a Bedrock guardrail ARN`},
		{"no version", change(func(a *Args) { a.GuardrailVersion = nil }), "GuardrailVersion is nil"},
		{"DRAFT", change(func(a *Args) { a.GuardrailVersion = pulumi.String("DRAFT") }), "GuardrailVersion is DRAFT, which can change under a running stack; pin a published version"},
		{"draft", change(func(a *Args) { a.GuardrailVersion = pulumi.String("draft") }), "GuardrailVersion is DRAFT"},
		{"version", change(func(a *Args) { a.GuardrailVersion = pulumi.String("v1") }), `GuardrailVersion "v1" is not a published guardrail version`},
		{"one subnet", change(func(a *Args) { a.Subnets = a.Subnets[:1] }), "Subnets has 1 subnet(s); give private subnets in at least 2 availability zones"},
		{"nil subnet", change(func(a *Args) { a.Subnets[1] = nil }), "Subnets[1] is nil"},
		{"no security group", change(func(a *Args) { a.SecurityGroupIds = nil }), "SecurityGroupIds is empty"},
		{"nil security group", change(func(a *Args) { a.SecurityGroupIds = []pulumi.StringInput{nil} }), "SecurityGroupIds[0] is nil"},
		{"no runtime endpoint", change(func(a *Args) { a.RuntimeVpcEndpointId = nil }), "RuntimeVpcEndpointId is nil; give the ID of the VPC's sagemaker.runtime interface endpoint"},
		{"no bedrock endpoint", change(func(a *Args) { a.BedrockVpcEndpointId = nil }), "BedrockVpcEndpointId is nil; give the ID of the VPC's bedrock-runtime interface endpoint"},
		{"endpoint ID", change(func(a *Args) { a.BedrockVpcEndpointId = pulumi.String("com.amazonaws.us-east-1.bedrock-runtime") }), `BedrockVpcEndpointId "com.amazonaws.us-east-1.bedrock-runtime" is not a VPC endpoint ID`},
		{"timeout", change(func(a *Args) { a.TimeoutSeconds = 901 }), "TimeoutSeconds is 901; allowed values are 1 to 900 (0 means 29)"},
		{"negative timeout", change(func(a *Args) { a.TimeoutSeconds = -1 }), "TimeoutSeconds is -1"},
		{"no time to invoke", change(func(a *Args) { a.TimeoutSeconds = 1 }), "TimeoutSeconds is 1, which leaves no time to invoke the endpoint"},
		{"invoke too long", change(func(a *Args) { a.InvokeTimeoutMilliseconds = 28001 }), "InvokeTimeoutMilliseconds is 28001; allowed values are 1 to 28000, leaving at least 1000 ms of TimeoutSeconds (29 s) for the guardrail calls"},
		{"negative invoke", change(func(a *Args) { a.InvokeTimeoutMilliseconds = -5 }), "InvokeTimeoutMilliseconds is -5"},
		{"memory", change(func(a *Args) { a.MemoryMB = 64 }), "MemoryMB is 64; allowed values are 128 to 10240 (0 means 256)"},
		{"body", change(func(a *Args) { a.MaxBodyBytes = 7 << 20 }), "MaxBodyBytes is 7340032; allowed values are 1 to 6291456 (0 means 65536)"},
		{"tokens", change(func(a *Args) { a.MaxNewTokens = -1 }), "MaxNewTokens is -1; allowed values are 1 to 1048576 (0 means 1024)"},
		{"health cache", change(func(a *Args) { a.HealthCacheSeconds = 3601 }), "HealthCacheSeconds is 3601; allowed values are 1 to 3600 (0 means 5)"},
		{"log retention", change(func(a *Args) { a.LogRetentionDays = 10 }), "LogRetentionDays is 10; allowed values are"},
		{"guardrail of another region", change(func(a *Args) { a.GuardrailArn = pulumi.String(strings.Replace(guardArn, "us-east-1", "us-west-2", 1)) }),
			"GuardrailArn arn:aws:bedrock:us-west-2:123456789012:guardrail/abc123def456 is not of the function's account and region (123456789012, us-east-1)"},
		{"guardrail of another account", change(func(a *Args) {
			a.GuardrailArn = pulumi.String(strings.Replace(guardArn, "123456789012", "210987654321", 1))
		}),
			"GuardrailArn arn:aws:bedrock:us-east-1:210987654321:guardrail/abc123def456 is not of the function's account and region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newHandler(t, tt.args(t))
			if err == nil || !strings.Contains(err.Error(), "guardedinvoke guard: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

func TestArgsAreNotChanged(t *testing.T) {
	args := valid(t)
	if _, err := newHandler(t, args); err != nil {
		t.Fatal(err)
	}
	if args.TimeoutSeconds != 0 || args.InvokeTimeoutMilliseconds != 0 || args.MemoryMB != 0 || args.MaxBodyBytes != 0 ||
		args.MaxNewTokens != 0 || args.HealthCacheSeconds != 0 || args.LogRetentionDays != 0 || args.KMSKeyArn != nil {
		t.Errorf("the caller's args were filled in: %+v", args)
	}
}

// TestResourceOptionsReachEveryDescendant passes a provider and protect:
// every resource below the component (key, log group, role, policy,
// function) carries them.
func TestResourceOptionsReachEveryDescendant(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		args := valid(t)
		args.GuardrailArn = pulumi.String(strings.Replace(guardArn, "us-east-1", "eu-west-1", 1))
		h, err := NewHandler(ctx, "guard", args, pulumi.Provider(eu), pulumi.Protect(true))
		if err == nil && h.Region != "eu-west-1" {
			t.Errorf("region %s", h.Region)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range rec.OptionsReach(rec.Find(Type, "guard"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	for _, typ := range []string{functionT, roleT, rolePolicyT, logGroupT, keyT} {
		if rec.Find(typ, "guard") == nil {
			t.Errorf("no %s:\n%s", typ, rec)
		}
	}
	doc, _ := rec.Find(rolePolicyT, "guard").Policy("policy")
	if r := doc.Find(SidInvokeEndpoint).Resource; len(r) != 1 || !strings.HasPrefix(r[0], "arn:aws:sagemaker:eu-west-1:") {
		t.Errorf("the endpoint ARN is not in the provider's region: %v", r)
	}
}

// TestTwoStacksInOneAccount: dev and staging deploy the component side by
// side in one account; the offline account's rules (unique names, the
// VPC role's permissions) accept both.
func TestTwoStacksInOneAccount(t *testing.T) {
	account := mocktest.Account(offlinecloud.NewMemoryAccount(offlinecloud.Settings{}))
	for _, stack := range []string{"dev", "staging"} {
		if _, err := mocktest.Run(func(ctx *pulumi.Context) error {
			_, err := NewHandler(ctx, "guard", valid(t))
			return err
		}, account, mocktest.Stack(stack)); err != nil {
			t.Errorf("%s: %v", stack, err)
		}
	}
}

// TestEnvironmentIsWhatTheHandlerReads: the variables the component sets
// are the ones the handler reads.
func TestEnvironmentIsWhatTheHandlerReads(t *testing.T) {
	for mine, theirs := range map[string]string{
		EnvEndpointName: handler.EnvEndpointName, EnvGuardrailID: handler.EnvGuardrailID, EnvGuardrailVersion: handler.EnvGuardrailVersion,
		EnvInvokeTimeoutMS: handler.EnvInvokeTimeoutMS, EnvMaxBodyBytes: handler.EnvMaxBodyBytes, EnvMaxNewTokens: handler.EnvMaxNewTokens,
		EnvHealthCacheSeconds: handler.EnvHealthCacheSeconds,
	} {
		if mine != theirs {
			t.Errorf("the component sets %s; the handler reads %s", mine, theirs)
		}
	}
	if DefaultHealthCacheSeconds != handler.DefaultHealthCacheSeconds {
		t.Errorf("health cache default %d; the handler's %d", DefaultHealthCacheSeconds, handler.DefaultHealthCacheSeconds)
	}
}
