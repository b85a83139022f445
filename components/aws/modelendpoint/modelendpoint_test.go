package modelendpoint

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/capturebucket"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	modelT   = "aws:sagemaker/model:Model"
	configT  = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
	endT     = "aws:sagemaker/endpoint:Endpoint"
	alarmT   = "aws:cloudwatch/metricAlarm:MetricAlarm"
	targetT  = "aws:appautoscaling/target:Target"
	policyT  = "aws:appautoscaling/policy:Policy"
	keyT     = "aws:kms/key:Key"
	bucketT  = "aws:s3/bucketV2:BucketV2"
	lockT    = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	lcT      = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	image    = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124"
	artifact = "models/deepseek-r1-distill-llama-8b/model.tar.gz"
)

// deploy creates the endpoint "llm" from valid Args around a fresh
// artifact bucket; change edits them.
func deploy(t *testing.T, change func(a *Args), opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	rec, _, err := deployWith(t, func(_ *pulumi.Context, a *Args) error {
		if change != nil {
			change(a)
		}
		return nil
	}, opts...)
	return rec, err
}

// deployWith is deploy with a change that may create resources (a capture
// bucket); it returns the endpoint too.
func deployWith(t *testing.T, change func(ctx *pulumi.Context, a *Args) error, opts ...pulumi.ResourceOption) (*mocktest.Recording, *Endpoint, error) {
	t.Helper()
	var e *Endpoint
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		bucket, err := wormbucket.NewBucket(ctx, "models", nil)
		if err != nil {
			return err
		}
		upload, err := publish(ctx, bucket)
		if err != nil {
			return err
		}
		a := &Args{
			Image:          image,
			ArtifactBucket: bucket,
			ArtifactPrefix: "models/",
			ArtifactKey:    artifact,
			ArtifactObject: upload,
			Subnets: []Subnet{
				{ID: pulumi.String("subnet-a"), Zone: "us-east-1a"},
				{ID: pulumi.String("subnet-b"), Zone: "us-east-1b"},
			},
			SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg-endpoint")},
			AlarmEmails:      []string{"oncall@example.com"},
		}
		if err := change(ctx, a); err != nil {
			return err
		}
		if e, err = NewEndpoint(ctx, "llm", a, opts...); err != nil {
			return err
		}
		role, err := iam.NewRole(ctx, "app", &iam.RoleArgs{AssumeRolePolicy: pulumi.String("{}")})
		if err != nil {
			return err
		}
		_, err = e.GrantInvoke(ctx, "app-invokes-llm", role, pulumi.String("vpce-0a1b2c3d4e5f60718"))
		return err
	})
	return rec, e, err
}

func TestDefaults(t *testing.T) {
	rec, e, err := deployWith(t, func(*pulumi.Context, *Args) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	bucket := rec.Find(bucketT, "models")
	model := rec.Find(modelT, "llm")
	if !model.Bool("enableNetworkIsolation") || !slices.Equal(model.Strs("vpcConfig.subnets"), []string{"subnet-a", "subnet-b"}) ||
		!slices.Equal(model.Strs("vpcConfig.securityGroupIds"), []string{"sg-endpoint"}) ||
		model.Str("primaryContainer.modelDataUrl") != "s3://"+bucket.ID+"/"+artifact || model.Str("primaryContainer.image") != image {
		t.Errorf("model: %v", model.Inputs)
	}
	storageKey := rec.Find(keyT, "llm")
	cfg := rec.Find(configT, "llm")
	if storageKey == nil || cfg.Str("kmsKeyArn") != storageKey.Out("arn") || cfg.Str("productionVariants[0].instanceType") != "ml.p3.2xlarge" ||
		cfg.Num("productionVariants[0].initialInstanceCount") != 2 || cfg.Str("productionVariants[0].modelName") != model.Out("name") {
		t.Errorf("endpoint configuration: %v", cfg.Inputs)
	}
	// Captured data goes to the endpoint's own capture bucket, encrypted
	// with its key: never to the artifact bucket.
	comp := rec.Find(Type, "llm")
	capture := rec.Find(bucketT, "llm-capture")
	captureKey := rec.Find(keyT, "llm-capture")
	if capture == nil || captureKey == nil || rec.Find(capturebucket.Type, "llm-capture").Parent != comp.URN {
		t.Fatalf("want a capturebucket.Bucket llm-capture below the endpoint:\n%s", rec)
	}
	if !cfg.Bool("dataCaptureConfig.enableCapture") || cfg.Num("dataCaptureConfig.initialSamplingPercentage") != 10 ||
		cfg.Str("dataCaptureConfig.destinationS3Uri") != "s3://"+capture.ID+"/data-capture/llm/" ||
		cfg.Str("dataCaptureConfig.kmsKeyId") != captureKey.Out("arn") || captureKey.Out("arn") == rec.Find(keyT, "models").Out("arn") {
		t.Errorf("data capture: %v", cfg.Get("dataCaptureConfig"))
	}
	if !slices.Contains(cfg.Dependencies, rec.Find("aws:s3/bucketPolicy:BucketPolicy", "llm-capture").URN) {
		t.Error("the endpoint configuration must wait for the capture bucket's policy")
	}
	// The capture bucket is erasable: no object lock, and its objects expire.
	if capture.Bool("objectLockEnabled") || capture.Str(`tags["modelfort:purpose"]`) != "data-capture" {
		t.Errorf("capture bucket: %v", capture.Inputs)
	}
	for _, l := range rec.OfType(lockT) {
		if l.Str("bucket") == capture.ID {
			t.Errorf("the capture bucket has an object-lock configuration: %v", l.Inputs)
		}
	}
	if lc := rec.Find(lcT, "llm-capture"); lc == nil || lc.Str("rules[0].id") != capturebucket.RuleExpireCaptures || lc.Num("rules[0].expiration.days") != 30 {
		t.Errorf("the captures must expire after 30 days: %v", lc)
	}
	if e.CaptureBucket == nil || e.CaptureBucket.ExpirationDays != 30 {
		t.Errorf("Endpoint.CaptureBucket: %+v", e.CaptureBucket)
	}
	ep := rec.Find(endT, "llm")
	target := rec.Find(targetT, "llm")
	if target.Str("resourceId") != "endpoint/"+ep.Out("name")+"/variant/primary" || target.Num("minCapacity") != 2 || target.Num("maxCapacity") != 4 {
		t.Errorf("scaling target: %v", target.Inputs)
	}
	pol := rec.Find(policyT, "llm")
	if pol.Num("targetTrackingScalingPolicyConfiguration.targetValue") != 50 ||
		pol.Str("targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType") != "SageMakerVariantInvocationsPerInstance" {
		t.Errorf("scaling policy: %v", pol.Inputs)
	}
	topic := rec.Find("aws:sns/topic:Topic", "llm-alarms")
	alarmKey := rec.Find(keyT, "llm-alarms")
	if topic.Str("kmsMasterKeyId") != alarmKey.Out("arn") {
		t.Error("the alarm topic is not encrypted with its key")
	}
	alarms := map[string]*mocktest.Resource{}
	for _, a := range rec.OfType(alarmT) {
		alarms[a.Name] = a
		if !slices.Equal(a.Strs("alarmActions"), []string{topic.Out("arn")}) {
			t.Errorf("%s does not notify the topic", a.Name)
		}
	}
	// The alarms that health checks watch: one standard-resolution metric,
	// a minute a period, 3 breaching periods out of 3.
	for name, want := range map[string]struct {
		metric, statistic, comparison string
		threshold                     float64
	}{
		"llm-5xx":     {"Invocation5XXErrors", "Sum", "GreaterThanOrEqualToThreshold", 5},
		"llm-latency": {"ModelLatency", "Average", "GreaterThanThreshold", 30e6},
	} {
		a := alarms[name]
		if a.Str("metricName") != want.metric || a.Str("statistic") != want.statistic || a.Str("comparisonOperator") != want.comparison ||
			a.Num("threshold") != want.threshold || a.Str("namespace") != "AWS/SageMaker" || a.Str("dimensions.EndpointName") != ep.Out("name") ||
			a.Str("dimensions.VariantName") != VariantName {
			t.Errorf("%s: %v", name, a.Inputs)
		}
		if a.Num("period") != 60 || a.Num("evaluationPeriods") != 3 || a.Num("datapointsToAlarm") != 3 ||
			a.Str("treatMissingData") != "notBreaching" || a.Has("metricQueries") || a.Has("extendedStatistic") {
			t.Errorf("%s: period %v, evaluation %v, datapoints %v, missing %v", name, a.Get("period"), a.Get("evaluationPeriods"),
				a.Get("datapointsToAlarm"), a.Get("treatMissingData"))
		}
	}
	if e.AlarmDetection != 3*time.Minute {
		t.Errorf("AlarmDetection %s; want 3m", e.AlarmDetection)
	}
	if a := alarms["llm-invocations-anomaly"]; a.Str("metricQueries[1].expression") != "ANOMALY_DETECTION_BAND(invocations, 2)" || a.Str("thresholdMetricId") != "band" ||
		a.Num("metricQueries[0].metric.period") != 300 || a.Num("evaluationPeriods") != 3 {
		t.Errorf("anomaly alarm: %v", a.Inputs)
	}
	grant, _ := rec.Find("aws:iam/rolePolicy:RolePolicy", "app-invokes-llm").Policy("policy")
	if s := grant.Statement[0]; !slices.Equal(s.Resource, []string{ep.Out("arn")}) || !slices.Contains(s.Action, "sagemaker:InvokeEndpoint") || len(s.Action) != 2 ||
		!slices.Equal(s.Condition["StringEquals"]["aws:SourceVpce"], []string{"vpce-0a1b2c3d4e5f60718"}) {
		t.Errorf("invoke grant: %+v", s)
	}
}

// TestGrantInvokeNeedsAVPCEndpoint: a direct grant on the runtime holds
// only through named VPC endpoints.
func TestGrantInvokeNeedsAVPCEndpoint(t *testing.T) {
	_, _, err := deployWith(t, func(*pulumi.Context, *Args) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	var grantErr error
	_, err = mocktest.Run(func(ctx *pulumi.Context) error {
		e := &Endpoint{}
		role, err := iam.NewRole(ctx, "app", &iam.RoleArgs{AssumeRolePolicy: pulumi.String("{}")})
		if err != nil {
			return err
		}
		_, grantErr = e.GrantInvoke(ctx, "app-invokes-llm", role)
		return nil
	})
	if err != nil || grantErr == nil || !strings.Contains(grantErr.Error(), "no VPC endpoint named") {
		t.Errorf("a grant without a VPC endpoint: %v, %v", err, grantErr)
	}
}

func TestExecutionRoleIsLeastPrivilege(t *testing.T) {
	rec, err := deploy(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	bucket := rec.Find(bucketT, "models")
	capture := rec.Find(bucketT, "llm-capture")
	p, err := rec.Find("aws:iam/rolePolicy:RolePolicy", "llm").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	// Writes: captured data under the capture prefix, nothing else; the
	// artifact bucket is read only.
	for _, s := range p.Statement {
		for _, action := range s.Action {
			if service, verb, _ := strings.Cut(action, ":"); service == "s3" && !strings.HasPrefix(verb, "Get") && !strings.HasPrefix(verb, "List") {
				if s.Sid != SidWriteDataCapture || !slices.Equal(s.Action, []string{"s3:PutObject"}) {
					t.Errorf("%s allows %s", s.Sid, action)
				}
			}
		}
		for _, r := range s.Resource {
			if strings.HasPrefix(r, bucket.Out("arn")) && s.Sid != "ReadArtifactPrefix" && s.Sid != "ListArtifactPrefix" {
				t.Errorf("%s reaches the artifact bucket: %+v", s.Sid, s)
			}
		}
	}
	if s := p.Find(SidWriteDataCapture); s == nil || !slices.Equal(s.Resource, []string{capture.Out("arn") + "/data-capture/llm/*"}) {
		t.Errorf("capture write: %+v", s)
	}
	if s := p.Find(SidEncryptDataCapture); s == nil || !slices.Equal(s.Resource, []string{rec.Find(keyT, "llm-capture").Out("arn")}) ||
		!slices.Equal(s.Action, []string{"kms:Encrypt", "kms:GenerateDataKey"}) ||
		!slices.Equal(s.Values("StringEquals", "kms:ViaService"), []string{"s3.us-east-1.amazonaws.com"}) {
		t.Errorf("capture encryption: %+v", s)
	}
	if s := p.Find("ReadArtifactPrefix"); !slices.Equal(s.Resource, []string{bucket.Out("arn") + "/models/*"}) || !slices.Equal(s.Action, []string{"s3:GetObject"}) {
		t.Errorf("artifact read: %+v", s)
	}
	if s := p.Find("DecryptArtifact"); !slices.Equal(s.Resource, []string{rec.Find(keyT, "models").Out("arn")}) {
		t.Errorf("artifact decrypt: %+v", s)
	}
	if s := p.Find("PullImage"); s == nil || !slices.Equal(s.Resource, []string{"arn:aws:ecr:us-east-1:763104351884:repository/djl-inference"}) {
		t.Errorf("image pull: %+v", s)
	}
	if s := p.Find("WriteOwnLogs"); !strings.Contains(s.Resource[0], ":log-group:/aws/sagemaker/Endpoints/") {
		t.Errorf("logs: %+v", s)
	}
	trust, _ := rec.Find("aws:iam/role:Role", "llm").Policy("assumeRolePolicy")
	if trust.Statement[0].Principal["Service"][0] != "sagemaker.amazonaws.com" {
		t.Errorf("trust: %+v", trust.Statement[0])
	}
	// The policy pack's rules pass the whole endpoint, its capture bucket
	// (spared object lock by its tag) included. Left out: the rules about
	// the stack around it (protection, replication to another region,
	// threat detection in its region).
	// The test's GrantInvoke names a VPC endpoint, so it passes the rule
	// that judges how callers reach the runtime.
	vs := rules.Evaluate(rulestest.Stack(rec, "prod"), rules.All())
	if left := filter(vs, "prod-stateful-protected", "s3-replication", "guardduty-every-region", "security-hub-every-region", "config-recording-every-region"); len(left) > 0 {
		t.Errorf("the endpoint violates the policy pack:\n%s", rules.Table(left))
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) > 0 {
		t.Errorf("the endpoint violates the policy pack in dev:\n%s", rules.Table(vs))
	}
}

// filter drops violations of the given rules (those about the stack
// around the component, not the component).
func filter(vs []rules.Violation, ids ...string) []rules.Violation {
	var out []rules.Violation
	for _, v := range vs {
		if !slices.Contains(ids, v.RuleID) {
			out = append(out, v)
		}
	}
	return out
}

func TestOptions(t *testing.T) {
	rec, e, err := deployWith(t, func(ctx *pulumi.Context, a *Args) error {
		captures, err := capturebucket.NewBucket(ctx, "captures", &capturebucket.Args{ExpirationDays: 7})
		a.CaptureBucket = captures
		a.InstanceType = "ml.g5.12xlarge"
		a.InstanceStorage = true
		a.Instances = 1
		a.AllowSingleInstance = true
		a.MaxInstances = 3
		a.TargetInvocationsPerInstance = 10
		a.CapturePercent = 20
		a.CapturePrefix = "capture/"
		a.ErrorThreshold = 1
		a.LatencyThresholdSeconds = 60
		a.AnomalyBandWidth = 3
		a.AlarmEmails = []string{"oncall@example.com"}
		a.Environment = map[string]string{"OPTION_TENSOR_PARALLEL_DEGREE": "4"}
		a.AlarmPeriodSeconds = 120
		a.AlarmEvaluationPeriods = 5
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The given capture bucket, and no capture bucket of the endpoint's own.
	captures := rec.Find(bucketT, "captures")
	if rec.Find(capturebucket.Type, "llm-capture") != nil || len(rec.OfType(capturebucket.Type)) != 1 {
		t.Errorf("a given capture bucket must not be created again: %v", rec.Types())
	}
	cfg := rec.Find(configT, "llm")
	if cfg.Str("dataCaptureConfig.destinationS3Uri") != "s3://"+captures.ID+"/capture/" || cfg.Str("dataCaptureConfig.kmsKeyId") != rec.Find(keyT, "captures").Out("arn") {
		t.Errorf("data capture: %v", cfg.Get("dataCaptureConfig"))
	}
	if p, _ := rec.Find("aws:iam/rolePolicy:RolePolicy", "llm").Policy("policy"); !slices.Equal(p.Find(SidWriteDataCapture).Resource, []string{captures.Out("arn") + "/capture/*"}) {
		t.Errorf("capture write: %+v", p.Find(SidWriteDataCapture))
	}
	for _, name := range []string{"llm-5xx", "llm-latency"} {
		if a := rec.Find(alarmT, name); a.Num("period") != 120 || a.Num("evaluationPeriods") != 5 || a.Num("datapointsToAlarm") != 5 {
			t.Errorf("%s: %v", name, a.Inputs)
		}
	}
	if e.AlarmDetection != 10*time.Minute || e.CaptureBucket == nil || e.CaptureBucket.ExpirationDays != 7 {
		t.Errorf("AlarmDetection %s, CaptureBucket %+v", e.AlarmDetection, e.CaptureBucket)
	}
	if cfg.Has("kmsKeyArn") || rec.Find(keyT, "llm") != nil {
		t.Error("an NVMe instance type must not get a KMS key")
	}
	if cfg.Str("productionVariants[0].instanceType") != "ml.g5.12xlarge" || cfg.Num("productionVariants[0].initialInstanceCount") != 1 ||
		cfg.Num("dataCaptureConfig.initialSamplingPercentage") != 20 || !strings.HasSuffix(cfg.Str("dataCaptureConfig.destinationS3Uri"), "/capture/") {
		t.Errorf("configuration: %v", cfg.Inputs)
	}
	if tg := rec.Find(targetT, "llm"); tg.Num("minCapacity") != 1 || tg.Num("maxCapacity") != 3 {
		t.Errorf("scaling: %v", tg.Inputs)
	}
	if rec.Find(policyT, "llm").Num("targetTrackingScalingPolicyConfiguration.targetValue") != 10 {
		t.Error("target invocations")
	}
	if rec.Find(alarmT, "llm-5xx").Num("threshold") != 1 || rec.Find(alarmT, "llm-latency").Num("threshold") != 60e6 ||
		rec.Find(alarmT, "llm-invocations-anomaly").Str("metricQueries[1].expression") != "ANOMALY_DETECTION_BAND(invocations, 3)" {
		t.Error("alarm thresholds")
	}
	if s := rec.Find("aws:sns/topicSubscription:TopicSubscription", "llm-alarms-0"); s == nil || s.Str("endpoint") != "oncall@example.com" {
		t.Errorf("subscription: %v", s)
	}
	if rec.Find(modelT, "llm").Str("primaryContainer.environment.OPTION_TENSOR_PARALLEL_DEGREE") != "4" {
		t.Error("environment")
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *Args)
		want   string
	}{
		{"single subnet", func(a *Args) { a.Subnets = a.Subnets[:1] }, "Subnets span 1 subnet(s) in 1 zone(s)"},
		{"single zone", func(a *Args) { a.Subnets[1].Zone = "us-east-1a" }, "Subnets span 2 subnet(s) in 1 zone(s)"},
		{"artifact outside the prefix", func(a *Args) { a.ArtifactKey = "other/model.tar.gz" }, `ArtifactKey "other/model.tar.gz" is outside ArtifactPrefix "models/"`},
		{"artifact is the prefix", func(a *Args) { a.ArtifactKey = "models/" }, "is outside ArtifactPrefix"},
		{"no bucket", func(a *Args) { a.ArtifactBucket = nil }, "ArtifactBucket is nil"},
		{"no image", func(a *Args) { a.Image = "" }, "Image is empty"},
		{"no security group", func(a *Args) { a.SecurityGroupIds = nil }, "SecurityGroupIds is empty"},
		{"one instance", func(a *Args) { a.Instances = 1 }, "Instances is 1; at least 2 (set AllowSingleInstance to run 1)"},
		{"negative instances", func(a *Args) { a.Instances = -1 }, "Instances is -1"},
		{"min above max", func(a *Args) { a.MinInstances = 3 }, "MinInstances is 3; allowed values are 2 to Instances (2)"},
		{"max below count", func(a *Args) { a.MaxInstances = 1 }, "MaxInstances (1) is below Instances (2)"},
		{"NVMe without consent", func(a *Args) { a.InstanceType = "ml.g5.2xlarge" }, "ml.g5.2xlarge has local NVMe storage, for which AWS refuses a KMS key"},
		{"NVMe with a key", func(a *Args) {
			a.InstanceType, a.InstanceStorage, a.KMSKeyArn = "ml.g5.2xlarge", true, pulumi.String("arn:aws:kms:us-east-1:123456789012:key/k")
		}, "KMSKeyArn is set but ml.g5.2xlarge has local NVMe storage"},
		{"empty key ARN", func(a *Args) { a.KMSKeyArn = pulumi.String("") }, `KMSKeyArn "" is not a KMS key ARN`},
		{"storage flag without NVMe", func(a *Args) { a.InstanceStorage = true }, "InstanceStorage is set but ml.p3.2xlarge has no local NVMe storage"},
		{"bad instance type", func(a *Args) { a.InstanceType = "g5.2xlarge" }, `InstanceType "g5.2xlarge" is not an ML instance type`},
		{"capture over 100", func(a *Args) { a.CapturePercent = 101 }, "CapturePercent is 101; allowed values are 1 to 100 (0 means 10)"},
		{"negative capture", func(a *Args) { a.CapturePercent = -1 }, "CapturePercent is -1; allowed values are 1 to 100 (0 means 10)"},
		{"capture prefix without slash", func(a *Args) { a.CapturePrefix = "capture" }, `CapturePrefix "capture" must be a key prefix ending in '/'`},
		{"capture prefix from the root", func(a *Args) { a.CapturePrefix = "/capture/" }, `CapturePrefix "/capture/" must be a key prefix`},
		{"capture off with a percent", func(a *Args) { a.DisableCapture, a.CapturePercent = true, 5 }, "DisableCapture is set together with CaptureBucket, CapturePrefix or CapturePercent"},
		{"capture off with a prefix", func(a *Args) { a.DisableCapture, a.CapturePrefix = true, "c/" }, "DisableCapture is set together with"},
		{"high-resolution alarm period", func(a *Args) { a.AlarmPeriodSeconds = 30 }, "AlarmPeriodSeconds is 30; allowed values are multiples of 60 up to 86400 (0 means 60)"},
		{"alarm period of 10 s", func(a *Args) { a.AlarmPeriodSeconds = 10 }, "AlarmPeriodSeconds is 10; allowed values are multiples of 60"},
		{"alarm period not a multiple of 60", func(a *Args) { a.AlarmPeriodSeconds = 90 }, "AlarmPeriodSeconds is 90"},
		{"negative alarm period", func(a *Args) { a.AlarmPeriodSeconds = -60 }, "AlarmPeriodSeconds is -60"},
		{"alarm period over a day", func(a *Args) { a.AlarmPeriodSeconds = 86460 }, "AlarmPeriodSeconds is 86460"},
		{"too many evaluation periods", func(a *Args) { a.AlarmEvaluationPeriods = 11 }, "AlarmEvaluationPeriods is 11; allowed values are 1 to 10 (0 means 3)"},
		{"negative evaluation periods", func(a *Args) { a.AlarmEvaluationPeriods = -1 }, "AlarmEvaluationPeriods is -1"},
		{"alarm range over 7 days", func(a *Args) { a.AlarmPeriodSeconds, a.AlarmEvaluationPeriods = 86400, 8 },
			"AlarmPeriodSeconds (86400) times AlarmEvaluationPeriods (8) is 691200 seconds; CloudWatch allows at most 604800 (7 days)"},
		{"bad email", func(a *Args) { a.AlarmEmails = []string{"oncall"} }, `AlarmEmails[0] "oncall" is not an email address`},
		{"alarms to nobody", func(a *Args) { a.AlarmEmails = nil }, "AlarmEmails and AlarmTopicArn are both empty, so the endpoint's alarms would reach nobody"},
		{"alarm topic and emails", func(a *Args) {
			a.AlarmTopicArn, a.AlarmEmails = pulumi.String("arn:aws:sns:us-east-1:123456789012:incidents"), []string{"oncall@example.com"}
		}, "AlarmEmails subscribe to the component's own alarm topic, but AlarmTopicArn is given"},
		{"alarm topic not an ARN", func(a *Args) { a.AlarmTopicArn, a.AlarmEmails = pulumi.String("incidents"), nil }, `AlarmTopicArn "incidents" is not a standard SNS topic ARN`},
		{"FIFO alarm topic", func(a *Args) {
			a.AlarmTopicArn, a.AlarmEmails = pulumi.String("arn:aws:sns:us-east-1:123456789012:incidents.fifo"), nil
		}, "is not a standard SNS topic ARN"},
		{"alarm topic of another region", func(a *Args) {
			a.AlarmTopicArn, a.AlarmEmails = pulumi.String("arn:aws:sns:us-west-2:123456789012:incidents"), nil
		},
			`AlarmTopicArn "arn:aws:sns:us-west-2:123456789012:incidents" is in us-west-2; it must be in us-east-1, where the alarms are`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := deploy(t, tt.change)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.OfType(Type)) != 0 || len(rec.OfType(modelT)) != 0 {
				t.Errorf("registered before failing: %v", rec.Types())
			}
		})
	}
}

// deployIn creates the endpoint "llm" through a provider of region (its
// bucket too when bucketThere), with opts.
func deployIn(region string, bucketThere bool, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	return mocktest.Run(func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(region)})
		if err != nil {
			return err
		}
		var bucketOpts []pulumi.ResourceOption
		if bucketThere {
			bucketOpts = append(bucketOpts, pulumi.Provider(p))
		}
		bucket, err := wormbucket.NewBucket(ctx, "models", nil, bucketOpts...)
		if err != nil {
			return err
		}
		upload, err := publish(ctx, bucket, bucketOpts...)
		if err != nil {
			return err
		}
		_, err = NewEndpoint(ctx, "llm", &Args{
			Image: image, ArtifactBucket: bucket, ArtifactPrefix: "models/", ArtifactKey: artifact, ArtifactObject: upload,
			Subnets:          []Subnet{{ID: pulumi.String("a"), Zone: region + "a"}, {ID: pulumi.String("b"), Zone: region + "b"}},
			SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg")},
			AlarmEmails:      []string{"oncall@example.com"},
		}, append(opts, pulumi.Provider(p))...)
		return err
	})
}

func TestRejectsABucketOfAnotherRegion(t *testing.T) {
	rec, err := deployIn("us-west-2", false)
	if err == nil || !strings.Contains(err.Error(), "the endpoint serves in us-west-2 but ArtifactBucket is in us-east-1") || len(rec.OfType(Type)) != 0 {
		t.Errorf("err = %v", err)
	}
}

func TestRejectsACaptureBucketOfAnotherRegion(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		models, err := wormbucket.NewBucket(ctx, "models", nil)
		if err != nil {
			return err
		}
		upload, err := publish(ctx, models)
		if err != nil {
			return err
		}
		captures, err := capturebucket.NewBucket(ctx, "captures", nil, pulumi.Provider(west))
		if err != nil {
			return err
		}
		_, err = NewEndpoint(ctx, "llm", &Args{
			Image: image, ArtifactBucket: models, ArtifactPrefix: "models/", ArtifactKey: artifact, ArtifactObject: upload, CaptureBucket: captures,
			Subnets:          []Subnet{{ID: pulumi.String("a"), Zone: "us-east-1a"}, {ID: pulumi.String("b"), Zone: "us-east-1b"}},
			SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg")},
			AlarmEmails:      []string{"oncall@example.com"},
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "modelendpoint llm: the endpoint serves in us-east-1 but CaptureBucket is in us-west-2") || len(rec.OfType(Type)) != 0 {
		t.Errorf("err = %v", err)
	}
}

// TestDisableCapture: with capture off there is no capture configuration,
// no capture bucket and no permission to write captured data.
func TestDisableCapture(t *testing.T) {
	rec, e, err := deployWith(t, func(_ *pulumi.Context, a *Args) error { a.DisableCapture = true; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if cfg := rec.Find(configT, "llm"); cfg.Has("dataCaptureConfig") {
		t.Errorf("data capture: %v", cfg.Get("dataCaptureConfig"))
	}
	if len(rec.OfType(capturebucket.Type)) != 0 || e.CaptureBucket != nil {
		t.Errorf("no capture bucket wanted: %v", rec.Types())
	}
	p, _ := rec.Find("aws:iam/rolePolicy:RolePolicy", "llm").Policy("policy")
	if p.Find(SidWriteDataCapture) != nil || p.Find(SidEncryptDataCapture) != nil || p.Allows("s3:PutObject") {
		t.Errorf("the role may still capture: %v", p.Sids())
	}
}

// TestAlarmOutputs: the endpoint exports the names and ARNs of the alarms
// that health checks watch.
func TestAlarmOutputs(t *testing.T) {
	var got []string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		models, err := wormbucket.NewBucket(ctx, "models", nil)
		if err != nil {
			return err
		}
		upload, err := publish(ctx, models)
		if err != nil {
			return err
		}
		e, err := NewEndpoint(ctx, "llm", &Args{
			Image: image, ArtifactBucket: models, ArtifactPrefix: "models/", ArtifactKey: artifact, ArtifactObject: upload,
			Subnets:          []Subnet{{ID: pulumi.String("a"), Zone: "us-east-1a"}, {ID: pulumi.String("b"), Zone: "us-east-1b"}},
			SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg")},
			AlarmEmails:      []string{"oncall@example.com"},
		})
		if err != nil {
			return err
		}
		pulumi.All(e.ErrorAlarmName, e.ErrorAlarmArn, e.LatencyAlarmName, e.LatencyAlarmArn).ApplyT(func(vs []any) error {
			for _, v := range vs {
				got = append(got, v.(string))
			}
			return nil
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	errs, latency := rec.Find(alarmT, "llm-5xx"), rec.Find(alarmT, "llm-latency")
	want := []string{errs.Out("name"), errs.Out("arn"), latency.Out("name"), latency.Out("arn")}
	if !slices.Equal(got, want) || slices.Contains(want, "") {
		t.Errorf("alarm outputs %v; want %v", got, want)
	}
}

// TestAlarmTopicArn follows each alarm to the given topic, which the
// component neither creates nor encrypts.
func TestAlarmTopicArn(t *testing.T) {
	const incidents = "arn:aws:sns:us-east-1:123456789012:incidents"
	rec, _, err := deployWith(t, func(_ *pulumi.Context, a *Args) error {
		a.AlarmTopicArn, a.AlarmEmails = pulumi.String(incidents), nil
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.OfType("aws:sns/topic:Topic")); n != 0 {
		t.Errorf("%d topics of the component's own; want none", n)
	}
	if slices.ContainsFunc(rec.OfType(keyT), func(r *mocktest.Resource) bool { return strings.HasSuffix(r.Name, "-alarms") }) {
		t.Error("a key for the component's own topic was created")
	}
	alarms := rec.OfType(alarmT)
	if len(alarms) != 3 {
		t.Fatalf("%d alarms; want 3", len(alarms))
	}
	for _, a := range alarms {
		for _, prop := range []string{"alarmActions", "okActions"} {
			if got := a.Strs(prop); !slices.Equal(got, []string{incidents}) {
				t.Errorf("%s %s = %v; want [%s]", a.Name, prop, got, incidents)
			}
		}
	}
}

func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := deployIn("eu-west-1", true, pulumi.Protect(true))
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "llm")
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	// The stateful children among them: the three keys, the capture
	// bucket, the endpoint, the model.
	below := rec.Descendants(comp)
	for _, r := range []*mocktest.Resource{rec.Find(keyT, "llm"), rec.Find(keyT, "llm-alarms"), rec.Find(keyT, "llm-capture"),
		rec.Find(bucketT, "llm-capture"), rec.Find(endT, "llm"), rec.Find(modelT, "llm")} {
		if r == nil || !slices.Contains(below, r) {
			t.Errorf("missing below the component: %v", r)
		}
	}
}

func TestRepositoryARN(t *testing.T) {
	for img, want := range map[string]string{
		image: "arn:aws:ecr:us-east-1:763104351884:repository/djl-inference",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/llm@sha256:abc": "arn:aws:ecr:eu-west-1:123456789012:repository/team/llm",
		"docker.io/library/nginx:latest":                                   "",
	} {
		if got := repositoryARN(img, "aws"); got != want {
			t.Errorf("repositoryARN(%q) = %q; want %q", img, got, want)
		}
	}
}

// TestValidate calls Validate as component.Prepare does: it fills in the
// defaults in place, and its errors carry no prefix.
func TestValidate(t *testing.T) {
	bad := Args{}
	if err := bad.Validate("llm"); err == nil || err.Error() != "Image is empty; give the inference container's image URI" {
		t.Errorf("error: %v", err)
	}
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		bucket, err := wormbucket.NewBucket(ctx, "models", nil)
		if err != nil {
			return err
		}
		a := Args{
			Image: image, ArtifactBucket: bucket, ArtifactPrefix: "models/", ArtifactKey: artifact,
			Subnets:          []Subnet{{ID: pulumi.String("a"), Zone: "us-east-1a"}, {ID: pulumi.String("b"), Zone: "us-east-1b"}},
			SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg")},
			AlarmEmails:      []string{"oncall@example.com"},
		}
		if err := a.Validate("llm"); err != nil || a.InstanceType != DefaultInstanceType || a.Instances != 2 || a.MinInstances != 2 || a.MaxInstances != 4 ||
			a.CapturePercent != 10 || a.CaptureBucket != nil || a.CapturePrefix != "data-capture/llm/" || a.TargetInvocationsPerInstance != 50 ||
			a.AlarmPeriodSeconds != 60 || a.AlarmEvaluationPeriods != 3 || a.ErrorThreshold != 5 || a.LatencyThresholdSeconds != 30 {
			t.Errorf("defaults: %+v, %v", a, err)
		}
		// Capture off: nothing about capture is filled in.
		off := Args{
			Image: image, ArtifactBucket: bucket, ArtifactPrefix: "models/", ArtifactKey: artifact,
			Subnets:          []Subnet{{ID: pulumi.String("a"), Zone: "us-east-1a"}, {ID: pulumi.String("b"), Zone: "us-east-1b"}},
			SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg")},
			DisableCapture:   true,
			AlarmEmails:      []string{"oncall@example.com"},
		}
		if err := off.Validate("llm"); err != nil || off.CapturePercent != 0 || off.CapturePrefix != "" || off.CaptureBucket != nil {
			t.Errorf("capture off: %+v, %v", off, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// publish uploads the test's artifact into bucket, as a program that
// uploads its own artifact does: the model must wait for it.
func publish(ctx *pulumi.Context, bucket *wormbucket.Bucket, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
	return s3.NewBucketObjectv2(ctx, "artifact", &s3.BucketObjectv2Args{
		Bucket:  bucket.BucketName,
		Key:     pulumi.String(artifact),
		Content: pulumi.String("a model"),
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{bucket.ObjectLock, bucket.Policy}))...)
}
