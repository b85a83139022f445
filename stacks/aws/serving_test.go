package aws

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/guardedinvoke"
	"github.com/modelfort/modelfort/components/aws/modelendpoint"
	"github.com/modelfort/modelfort/internal/mocktest"
)

// under finds the resource of type typ and name among the descendants of
// the component of type comp and name site.
func under(t *testing.T, rec *mocktest.Recording, comp, site, typ, name string) *mocktest.Resource {
	t.Helper()
	c := rec.Find(comp, site)
	if c == nil {
		t.Fatalf("no %s %s", comp, site)
	}
	for _, r := range rec.Descendants(c) {
		if r.Type == typ && r.Name == name {
			return r
		}
	}
	t.Fatalf("no %s %s under %s %s", typ, name, comp, site)
	return nil
}

// environment is a Lambda function's environment variables.
func environment(t *testing.T, fn *mocktest.Resource) map[string]string {
	t.Helper()
	vars := map[string]string{}
	raw := fn.Get("environment.variables")
	if !raw.IsObject() {
		t.Fatalf("function %s has no environment", fn.Name)
	}
	for k, v := range raw.ObjectValue() {
		vars[string(k)] = v.StringValue()
	}
	return vars
}

// TestServingPathKeepsItsPromises follows a request through the recorded
// resources of the prod stack, in each region: the front door sends POST
// /invocations to the guarded handler only; the handler names the site's
// endpoint and the pinned version of the site's guardrail, and may call
// each only through its VPC endpoint; nothing else in the stack may call
// the runtime; the invoke role may call the front doors and nothing else;
// and the URL the stack exports is the one the base-path mapping serves.
func TestServingPathKeepsItsPromises(t *testing.T) {
	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	values := stackConfig(t, "prod")
	cfg, err := ParseConfig(func(k string) string { return values[k] })
	if err != nil {
		t.Fatal(err)
	}
	const (
		fnT     = "aws:lambda/function:Function"
		intT    = "aws:apigateway/integration:Integration"
		methodT = "aws:apigateway/method:Method"
		resT    = "aws:apigateway/resource:Resource"
		rpT     = "aws:iam/rolePolicy:RolePolicy"
		vpceT   = "aws:ec2/vpcEndpoint:VpcEndpoint"
	)
	var invocationsArns []string
	for _, site := range []string{"primary", "dr"} {
		// API -> handler.
		fn := under(t, rec, guardedinvoke.Type, site, fnT, site)
		for _, route := range []string{frontdoor.InvocationsPath, frontdoor.HealthPath} {
			in := under(t, rec, frontdoor.Type, site, intT, site+"-"+route)
			if in.Str("type") != "AWS_PROXY" || in.Str("uri") != fn.Out("invokeArn") {
				t.Errorf("%s %s goes to %s %s, not the guarded handler %s", site, route, in.Str("type"), in.Str("uri"), fn.Out("invokeArn"))
			}
		}
		if in := under(t, rec, frontdoor.Type, site, intT, site+"-"+frontdoor.InvocationsPath); in.Num("timeoutMilliseconds") != float64(cfg.IntegrationTimeoutSeconds*1000) ||
			fn.Num("timeout") != float64(cfg.IntegrationTimeoutSeconds) {
			t.Errorf("%s: integration timeout %v, function timeout %v; want both %d s", site, in.Num("timeoutMilliseconds"), fn.Num("timeout"), cfg.IntegrationTimeoutSeconds)
		}
		// Handler -> endpoint, and the pinned guardrail version.
		env := environment(t, fn)
		endpoint := under(t, rec, modelendpoint.Type, site, "aws:sagemaker/endpoint:Endpoint", site)
		version := rec.Find("aws:bedrock/guardrailVersion:GuardrailVersion", site)
		guard := rec.Find("aws:bedrock/guardrail:Guardrail", site)
		if env[guardedinvoke.EnvEndpointName] != endpoint.Out("name") || env[guardedinvoke.EnvGuardrailVersion] != version.Out("version") ||
			env[guardedinvoke.EnvGuardrailID] != guard.Out("guardrailArn") || env[guardedinvoke.EnvMaxNewTokens] != "1024" {
			t.Errorf("%s handler environment %v; want endpoint %s, guardrail %s version %s", site, env, endpoint.Out("name"), guard.Out("guardrailArn"), version.Out("version"))
		}
		if fn.Str("kmsKeyArn") == "" || fn.Strs("vpcConfig.subnetIds") == nil {
			t.Errorf("%s handler: environment key %q, subnets %v", site, fn.Str("kmsKeyArn"), fn.Strs("vpcConfig.subnetIds"))
		}
		// The handler's grants: that guardrail and that endpoint, each
		// through its VPC endpoint.
		vpce := map[string]string{}
		for _, svc := range []string{"sagemaker.runtime", "bedrock-runtime"} {
			vpce[svc] = under(t, rec, "modelfort:aws:PrivateVpc", site, vpceT, site+"-"+svc).ID
		}
		pol, _ := under(t, rec, guardedinvoke.Type, site, rpT, site).Policy("policy")
		for action, want := range map[string]struct{ resource, vpce string }{
			"bedrock:ApplyGuardrail":   {guard.Out("guardrailArn"), vpce["bedrock-runtime"]},
			"sagemaker:InvokeEndpoint": {endpoint.Out("arn"), vpce["sagemaker.runtime"]},
		} {
			found := false
			for _, st := range pol.Statement {
				if st.Effect == "Allow" && slices.Contains(st.Action, action) {
					found = true
					if !slices.Equal(st.Resource, []string{want.resource}) || !slices.Equal(st.Condition["StringEquals"]["aws:SourceVpce"], []string{want.vpce}) {
						t.Errorf("%s handler: %s on %v through %v; want %s through %s", site, action, st.Resource, st.Condition, want.resource, want.vpce)
					}
				}
			}
			if !found {
				t.Errorf("%s handler may not %s", site, action)
			}
		}
		// The handler runs in its own tier, which reaches only the VPC
		// endpoints.
		if sgs := fn.Strs("vpcConfig.securityGroupIds"); len(sgs) != 1 || sgs[0] == under(t, rec, "modelfort:aws:PrivateVpc", site, vpceT, site+"-sagemaker.runtime").Str("securityGroupIds[0]") {
			t.Errorf("%s handler security groups %v", site, sgs)
		}
		stage := under(t, rec, frontdoor.Type, site, "aws:apigateway/stage:Stage", site)
		invocationsArns = append(invocationsArns, stage.Out("executionArn")+"/POST/"+frontdoor.InvocationsPath)
	}

	// No integration anywhere calls the runtime around the handler.
	for _, in := range rec.OfType(intT) {
		if strings.Contains(in.Str("uri"), "runtime.sagemaker") {
			t.Errorf("integration %s calls the SageMaker runtime directly", in.Name)
		}
	}

	// The invoke role: execute-api:Invoke on the two front doors' POST
	// /invocations, and nothing else.
	invoke, _ := rec.Find(rpT, "access-invoke").Policy("policy")
	for _, st := range invoke.Statement {
		if st.Effect != "Allow" {
			continue
		}
		if !slices.Equal(st.Action, []string{"execute-api:Invoke"}) || !slices.Equal(slices.Sorted(slices.Values(st.Resource)), slices.Sorted(slices.Values(invocationsArns))) {
			t.Errorf("the invoke role allows %v on %v; want execute-api:Invoke on %v", st.Action, st.Resource, invocationsArns)
		}
	}

	// The exported URL is what the base-path mapping serves: the stage at
	// the custom domain's root, then the POST resource's path.
	for _, site := range []string{"primary", "dr"} {
		mapping := under(t, rec, frontdoor.Type, site, "aws:apigateway/basePathMapping:BasePathMapping", site)
		stage := under(t, rec, frontdoor.Type, site, "aws:apigateway/stage:Stage", site)
		post := under(t, rec, frontdoor.Type, site, methodT, site+"-"+frontdoor.InvocationsPath)
		res := under(t, rec, frontdoor.Type, site, resT, site+"-"+frontdoor.InvocationsPath)
		if post.Str("httpMethod") != "POST" || post.Str("resourceId") != res.ID || mapping.Str("stageName") != stage.Str("stageName") {
			t.Fatalf("%s: mapping %v, method %v", site, mapping.Inputs, post.Inputs)
		}
		url := "https://" + mapping.Str("domainName") + "/"
		if base := mapping.Str("basePath"); base != "" {
			url += base + "/"
		}
		url += res.Str("pathPart")
		if url != cfg.EndpointURL() {
			t.Errorf("%s serves %s; the stack exports %s", site, url, cfg.EndpointURL())
		}
	}
}

// TestFailoverFollowsTheModel follows each failover record to what it
// watches: a calculated check healthy only while an HTTPS probe of the
// front door's health route (answered by the handler, which calls the
// guardrail and the endpoint) and the site's endpoint error and latency
// alarms are; and the component's worst case is the budget's.
func TestFailoverFollowsTheModel(t *testing.T) {
	values := stackConfig(t, "prod")
	values[Namespace+":modelDigest"] = testDigest
	cfg, err := ParseConfig(func(k string) string { return values[k] })
	if err != nil {
		t.Fatal(err)
	}
	var d *Deployment
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		d, err = Deploy(ctx, cfg)
		return err
	}, append(append(configOptions(t, "prod"), published(t, "prod")...), mocktest.Stack("prod"))...)
	if err != nil {
		t.Fatal(err)
	}
	if b := cfg.Budget(); d.Failover.WorstCaseFailover != b.Detection+b.DNS {
		t.Errorf("failover worst case %s; the budget's detection + DNS %s", d.Failover.WorstCaseFailover, b.Detection+b.DNS)
	}
	for site, role := range map[string]string{"primary": "primary", "dr": "secondary"} {
		record := rec.Find("aws:route53/record:Record", "failover-"+role)
		calc := rec.ByID(record.Str("healthCheckId"))
		if calc == nil || calc.Str("type") != "CALCULATED" || calc.Num("childHealthThreshold") != 3 {
			t.Fatalf("%s record follows %v", site, calc)
		}
		api := under(t, rec, frontdoor.Type, site, "aws:apigateway/restApi:RestApi", site)
		region := map[string]string{"primary": cfg.PrimaryRegion, "dr": cfg.DRRegion}[site]
		alarms := map[string]bool{}
		for _, a := range rec.Descendants(rec.Find(modelendpoint.Type, site)) {
			if a.Type == "aws:cloudwatch/metricAlarm:MetricAlarm" && (a.Name == site+"-5xx" || a.Name == site+"-latency") {
				if a.Str("dimensions.EndpointName") != under(t, rec, modelendpoint.Type, site, "aws:sagemaker/endpoint:Endpoint", site).Out("name") || a.Num("period") != 60 {
					t.Errorf("%s alarm %s watches %v", site, a.Name, a.Inputs)
				}
				alarms[a.Out("name")] = true
			}
		}
		probes, watched := 0, 0
		for _, id := range calc.Strs("childHealthchecks") {
			c := rec.ByID(id)
			switch c.Str("type") {
			case "HTTPS":
				probes++
				if c.Str("fqdn") != api.ID+".execute-api."+region+".amazonaws.com" || c.Str("resourcePath") != "/v1/"+frontdoor.HealthPath {
					t.Errorf("%s probe %s%s; want the front door's health route", site, c.Str("fqdn"), c.Str("resourcePath"))
				}
			case "CLOUDWATCH_METRIC":
				if !alarms[c.Str("cloudwatchAlarmName")] || c.Str("cloudwatchAlarmRegion") != region {
					t.Errorf("%s alarm check watches %s in %s; the endpoint's alarms are %v", site, c.Str("cloudwatchAlarmName"), c.Str("cloudwatchAlarmRegion"), alarms)
				}
				watched++
			}
		}
		if probes != 1 || watched != 2 || len(alarms) != 2 {
			t.Errorf("%s: %d probes and %d alarm checks (alarms %v); want 1 and 2", site, probes, watched, alarms)
		}
	}
	// Shield's health-based detection of the distribution follows the
	// probes, which call the model.
	either := rec.Find("aws:route53/healthCheck:HealthCheck", "failover-either-region")
	for _, id := range either.Strs("childHealthchecks") {
		if c := rec.ByID(id); c.Str("type") != "HTTPS" {
			t.Errorf("Shield's check watches a %s check", c.Str("type"))
		}
	}
}

// TestBackupsSelectTheStatefulData follows each environment's backup
// selection to the resources it names: every bucket of the primary region
// that holds data is among them, except those whose data must stay
// erasable (data capture), the access-log buckets (S3's own logs of the
// others, written by S3 log delivery, which the audit trail covers) and
// AWS Config's history (which AWS Config keeps itself and delivers anew), and
// so is every database (the metadata store). The backup plan works in the
// primary region; the DR region holds replicas and the backup copies.
func TestBackupsSelectTheStatefulData(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		rec, err := run(t, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The tag selection and the selection by ARN; the plan of each is
		// the vault's.
		var selected []string
		for _, sel := range rec.OfType("aws:backup/selection:Selection") {
			if sel.Str("planId") != rec.Find("aws:backup/plan:Plan", "backup").ID || sel.Str("iamRoleArn") == "" {
				t.Errorf("%s: selection %s: plan %s, role %q", env, sel.Name, sel.Str("planId"), sel.Str("iamRoleArn"))
			}
			selected = append(selected, sel.Strs("resources")...)
		}
		logTargets := map[string]bool{}
		for _, l := range rec.OfType("aws:s3/bucketLoggingV2:BucketLoggingV2") {
			logTargets[l.Str("targetBucket")] = true
		}
		want := 0
		for _, b := range rec.OfType("aws:s3/bucketV2:BucketV2") {
			if purpose := b.Str(`tags["modelfort:purpose"]`); b.Region != "us-east-1" || logTargets[b.Out("bucket")] || purpose == "data-capture" || purpose == "config-history" {
				continue
			}
			want++
			if !slices.Contains(selected, b.Out("arn")) {
				t.Errorf("%s: the backup selection misses bucket %s (%s)", env, b.Name, b.Out("arn"))
			}
		}
		dbs := rec.OfType("aws:rds/instance:Instance")
		for _, db := range dbs {
			want++
			if !slices.Contains(selected, db.Out("arn")) {
				t.Errorf("%s: the backup selection misses database %s (%s)", env, db.Name, db.Out("arn"))
			}
		}
		if len(dbs) != 1 || want < 3 || len(selected) != want {
			t.Errorf("%s: the selection names %v; want the %d data buckets and databases of the primary region", env, selected, want)
		}
	}
}
