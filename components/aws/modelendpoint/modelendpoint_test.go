package modelendpoint

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

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
	image    = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124"
	artifact = "models/deepseek-r1-distill-llama-8b/model.tar.gz"
)

// base returns valid Args around a fresh bucket; change edits them.
func deploy(t *testing.T, change func(a *Args), opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		bucket, err := wormbucket.NewBucket(ctx, "models", nil)
		if err != nil {
			return err
		}
		a := &Args{
			Image:          image,
			ArtifactBucket: bucket,
			ArtifactPrefix: "models/",
			ArtifactKey:    artifact,
			Subnets: []Subnet{
				{ID: pulumi.String("subnet-a"), Zone: "us-east-1a"},
				{ID: pulumi.String("subnet-b"), Zone: "us-east-1b"},
			},
			SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg-endpoint")},
		}
		if change != nil {
			change(a)
		}
		e, err := NewEndpoint(ctx, "llm", a, opts...)
		if err != nil {
			return err
		}
		role, err := iam.NewRole(ctx, "app", &iam.RoleArgs{AssumeRolePolicy: pulumi.String("{}")})
		if err != nil {
			return err
		}
		_, err = e.GrantInvoke(ctx, "app-invokes-llm", role)
		return err
	})
}

func TestDefaults(t *testing.T) {
	rec, err := deploy(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	bucket := rec.Find("aws:s3/bucketV2:BucketV2", "models")
	bucketKey := rec.Find(keyT, "models")
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
	if !cfg.Bool("dataCaptureConfig.enableCapture") || cfg.Num("dataCaptureConfig.initialSamplingPercentage") != 100 ||
		cfg.Str("dataCaptureConfig.destinationS3Uri") != "s3://"+bucket.ID+"/data-capture/llm/" ||
		cfg.Str("dataCaptureConfig.kmsKeyId") != bucketKey.Out("arn") {
		t.Errorf("data capture: %v", cfg.Get("dataCaptureConfig"))
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
	if a := alarms["llm-5xx"]; a.Str("metricName") != "Invocation5XXErrors" || a.Num("threshold") != 5 || a.Str("dimensions.EndpointName") != ep.Out("name") {
		t.Errorf("5XX alarm: %v", a.Inputs)
	}
	if a := alarms["llm-latency"]; a.Str("metricName") != "ModelLatency" || a.Num("threshold") != 30e6 {
		t.Errorf("latency alarm: %v", a.Inputs)
	}
	if a := alarms["llm-invocations-anomaly"]; a.Str("metricQueries[1].expression") != "ANOMALY_DETECTION_BAND(invocations, 2)" || a.Str("thresholdMetricId") != "band" {
		t.Errorf("anomaly alarm: %v", a.Inputs)
	}
	grant, _ := rec.Find("aws:iam/rolePolicy:RolePolicy", "app-invokes-llm").Policy("policy")
	if s := grant.Statement[0]; !slices.Equal(s.Resource, []string{ep.Out("arn")}) || !slices.Contains(s.Action, "sagemaker:InvokeEndpoint") || len(s.Action) != 2 {
		t.Errorf("invoke grant: %+v", s)
	}
}

func TestExecutionRoleIsLeastPrivilege(t *testing.T) {
	rec, err := deploy(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	bucket := rec.Find("aws:s3/bucketV2:BucketV2", "models")
	p, err := rec.Find("aws:iam/rolePolicy:RolePolicy", "llm").Policy("policy")
	if err != nil {
		t.Fatal(err)
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
	// The policy pack's rules pass the whole endpoint.
	if vs := rules.Evaluate(rulestest.Stack(rec, "prod"), rules.All()); len(filter(vs, "prod-stateful-protected", "s3-replication")) > 0 {
		t.Errorf("the endpoint violates the policy pack:\n%s", rules.Table(vs))
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
	rec, err := deploy(t, func(a *Args) {
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
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := rec.Find(configT, "llm")
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
		{"capture over 100", func(a *Args) { a.CapturePercent = 101 }, "CapturePercent is 101; allowed values are 1 to 100"},
		{"bad email", func(a *Args) { a.AlarmEmails = []string{"oncall"} }, `AlarmEmails[0] "oncall" is not an email address`},
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
		_, err = NewEndpoint(ctx, "llm", &Args{
			Image: image, ArtifactBucket: bucket, ArtifactPrefix: "models/", ArtifactKey: artifact,
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

func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := deployIn("eu-west-1", true, pulumi.Protect(true))
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "llm")
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	// The stateful children among them: both keys, the endpoint, the model.
	below := rec.Descendants(comp)
	for _, r := range []*mocktest.Resource{rec.Find(keyT, "llm"), rec.Find(keyT, "llm-alarms"), rec.Find(endT, "llm"), rec.Find(modelT, "llm")} {
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
		}
		if err := a.Validate("llm"); err != nil || a.InstanceType != DefaultInstanceType || a.Instances != 2 || a.MinInstances != 2 || a.MaxInstances != 4 ||
			a.CapturePercent != 100 || a.CaptureBucket != bucket || a.CapturePrefix != "data-capture/llm/" || a.TargetInvocationsPerInstance != 50 {
			t.Errorf("defaults: %+v, %v", a, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
