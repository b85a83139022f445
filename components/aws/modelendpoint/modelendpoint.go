// Package modelendpoint provides Endpoint, a private SageMaker
// real-time endpoint for a large model (for example a distilled
// DeepSeek-R1 served by a large-model-inference container): the model reads
// its artifact from a WORM bucket prefix, runs in private subnets of at
// least two availability zones under the endpoint tier's security group
// with network isolation, on at least two instances by default, with its
// storage and captured requests encrypted with customer-managed keys, auto
// scaling on invocations, and alarms that notify an encrypted SNS topic.
//
// Instance types with local NVMe storage (g4dn, g5, g6, p4d, p5, ...) are
// a special case: AWS encrypts their instance storage with a hardware key
// and refuses a KMS key for it, so such a type needs the explicit
// Args.InstanceStorage, and the endpoint configuration then has no KMS key.
package modelendpoint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/instancestorage"
)

// Type is the component's type token.
const Type = "modelfort:aws:ModelEndpoint"

// Defaults.
const (
	DefaultInstanceType             = "ml.p3.2xlarge"
	DefaultInstances                = 2
	DefaultTargetInvocations        = 50
	DefaultErrorThreshold           = 5
	DefaultLatencyThresholdSeconds  = 30
	DefaultAnomalyBandWidth         = 2
	DefaultCaptureSamplingPercent   = 100
	DefaultModelDownloadTimeoutSecs = 1800
	// VariantName is the endpoint's one production variant.
	VariantName = "primary"
)

// Subnet is a private subnet the model runs in, and its zone.
type Subnet struct {
	ID   pulumi.StringInput
	Zone string
}

// Args configures a Endpoint. Image, ArtifactBucket, ArtifactKey,
// Subnets and SecurityGroupIds are required; every other field has a
// secure default.
type Args struct {
	// Image is the inference container image (an ECR URI).
	Image string
	// Environment is passed to the container (for example the
	// large-model-inference container's OPTION_* settings).
	Environment map[string]string
	// ArtifactBucket holds the model artifact under ArtifactPrefix;
	// ArtifactKey is the artifact (model.tar.gz) and must lie under it.
	// The model's role may read that prefix only.
	ArtifactBucket *wormbucket.Bucket
	ArtifactPrefix string
	ArtifactKey    string
	// Subnets are private subnets in at least two availability zones.
	Subnets []Subnet
	// SecurityGroupIds are the endpoint tier's security groups.
	SecurityGroupIds []pulumi.StringInput
	// KMSKeyArn encrypts the instances' storage. Default: a dedicated key
	// usable through SageMaker only.
	KMSKeyArn pulumi.StringInput
	// InstanceType is the ML instance type. Default: ml.p3.2xlarge.
	InstanceType string
	// InstanceStorage accepts an instance type with local NVMe storage,
	// which AWS encrypts with a hardware key instead of a KMS key.
	InstanceStorage bool
	// Instances is the initial instance count. Default: 2, so that
	// SageMaker spreads them over zones.
	Instances int
	// AllowSingleInstance permits Instances and MinInstances of 1: an
	// explicit loosening for development.
	AllowSingleInstance bool
	// MinInstances and MaxInstances bound auto scaling. Defaults: the
	// initial count, and twice it.
	MinInstances, MaxInstances int
	// TargetInvocationsPerInstance is what auto scaling keeps each
	// instance at, per minute. Default: 50.
	TargetInvocationsPerInstance int
	// CaptureBucket receives captured requests and responses under
	// CapturePrefix, encrypted with its key. Defaults: ArtifactBucket and
	// "data-capture/NAME/".
	CaptureBucket  *wormbucket.Bucket
	CapturePrefix  string
	CapturePercent int
	// ErrorThreshold is the number of 5XX errors in 5 minutes that alarms
	// (default 5); LatencyThresholdSeconds the average model latency that
	// alarms (default 30); AnomalyBandWidth the width, in standard
	// deviations, of the invocations anomaly band (default 2).
	ErrorThreshold          int
	LatencyThresholdSeconds int
	AnomalyBandWidth        int
	// AlarmEmails subscribe to the alarm topic.
	AlarmEmails []string
	// Tags are added to every resource that takes them.
	Tags map[string]string
}

// Endpoint is a SageMaker model, endpoint configuration and endpoint,
// with its role, auto scaling and alarms.
type Endpoint struct {
	pulumi.ResourceState

	EndpointName pulumi.StringOutput `pulumi:"endpointName"`
	EndpointArn  pulumi.StringOutput `pulumi:"endpointArn"`
	ModelName    pulumi.StringOutput `pulumi:"modelName"`
	RoleArn      pulumi.StringOutput `pulumi:"roleArn"`
	AlarmTopic   pulumi.StringOutput `pulumi:"alarmTopicArn"`

	// Region is where the endpoint serves; Instances its initial count.
	Region    string
	Instances int

	Endpoint *sagemaker.Endpoint
	Role     *iam.Role
}

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if err := kmskey.CheckArn("KMSKeyArn", a.KMSKeyArn); err != nil {
		return fmt.Errorf("modelendpoint %s: %w", name, err)
	}
	switch {
	case a.Image == "":
		return fmt.Errorf("modelendpoint %s: Image is empty; give the inference container's image URI", name)
	case a.ArtifactBucket == nil:
		return fmt.Errorf("modelendpoint %s: ArtifactBucket is nil; the model's artifact must come from a wormbucket.Bucket", name)
	case a.ArtifactKey == "" || strings.HasPrefix(a.ArtifactKey, "/"):
		return fmt.Errorf("modelendpoint %s: ArtifactKey %q is not an object key", name, a.ArtifactKey)
	case !strings.HasPrefix(a.ArtifactKey, a.ArtifactPrefix) || a.ArtifactKey == a.ArtifactPrefix:
		return fmt.Errorf("modelendpoint %s: ArtifactKey %q is outside ArtifactPrefix %q", name, a.ArtifactKey, a.ArtifactPrefix)
	case len(a.SecurityGroupIds) == 0:
		return fmt.Errorf("modelendpoint %s: SecurityGroupIds is empty; give the endpoint tier's security group", name)
	}
	zones := map[string]bool{}
	for i, s := range a.Subnets {
		if s.ID == nil || s.Zone == "" {
			return fmt.Errorf("modelendpoint %s: Subnets[%d] needs an ID and a Zone", name, i)
		}
		zones[s.Zone] = true
	}
	if len(a.Subnets) < 2 || len(zones) < 2 {
		return fmt.Errorf("modelendpoint %s: Subnets span %d subnet(s) in %d zone(s); give subnets in at least 2 availability zones", name, len(a.Subnets), len(zones))
	}
	if a.InstanceType == "" {
		a.InstanceType = DefaultInstanceType
	}
	if _, ok := instancestorage.Family(a.InstanceType); !ok {
		return fmt.Errorf("modelendpoint %s: InstanceType %q is not an ML instance type such as ml.g5.2xlarge", name, a.InstanceType)
	}
	nvme := instancestorage.HasNVMe(a.InstanceType)
	if nvme && !a.InstanceStorage {
		return fmt.Errorf("modelendpoint %s: InstanceType %s has local NVMe storage, for which AWS refuses a KMS key; set InstanceStorage to accept its hardware encryption, or choose a type without it", name, a.InstanceType)
	}
	if !nvme && a.InstanceStorage {
		return fmt.Errorf("modelendpoint %s: InstanceStorage is set but %s has no local NVMe storage; leave it off so that a KMS key encrypts the storage", name, a.InstanceType)
	}
	if nvme && a.KMSKeyArn != nil {
		return fmt.Errorf("modelendpoint %s: KMSKeyArn is set but %s has local NVMe storage, for which AWS refuses a KMS key", name, a.InstanceType)
	}
	floor := 2
	if a.AllowSingleInstance {
		floor = 1
	}
	if a.Instances == 0 {
		a.Instances = DefaultInstances
	}
	if a.Instances < floor {
		return fmt.Errorf("modelendpoint %s: Instances is %d; at least %d (set AllowSingleInstance to run 1)", name, a.Instances, floor)
	}
	if a.MinInstances == 0 {
		a.MinInstances = a.Instances
	}
	if a.MaxInstances == 0 {
		a.MaxInstances = 2 * a.Instances
	}
	if a.MinInstances < floor || a.MinInstances > a.Instances {
		return fmt.Errorf("modelendpoint %s: MinInstances is %d; allowed values are %d to Instances (%d)", name, a.MinInstances, floor, a.Instances)
	}
	if a.MaxInstances < a.Instances {
		return fmt.Errorf("modelendpoint %s: MaxInstances (%d) is below Instances (%d)", name, a.MaxInstances, a.Instances)
	}
	defaults := []struct {
		field string
		v     *int
		def   int
	}{
		{"TargetInvocationsPerInstance", &a.TargetInvocationsPerInstance, DefaultTargetInvocations},
		{"ErrorThreshold", &a.ErrorThreshold, DefaultErrorThreshold},
		{"LatencyThresholdSeconds", &a.LatencyThresholdSeconds, DefaultLatencyThresholdSeconds},
		{"AnomalyBandWidth", &a.AnomalyBandWidth, DefaultAnomalyBandWidth},
		{"CapturePercent", &a.CapturePercent, DefaultCaptureSamplingPercent},
	}
	for _, d := range defaults {
		if *d.v == 0 {
			*d.v = d.def
		}
		if *d.v < 1 {
			return fmt.Errorf("modelendpoint %s: %s is %d; it must be positive", name, d.field, *d.v)
		}
	}
	if a.CapturePercent > 100 {
		return fmt.Errorf("modelendpoint %s: CapturePercent is %d; allowed values are 1 to 100", name, a.CapturePercent)
	}
	if a.CaptureBucket == nil {
		a.CaptureBucket = a.ArtifactBucket
	}
	if a.CapturePrefix == "" {
		a.CapturePrefix = "data-capture/" + name + "/"
	}
	for i, e := range a.AlarmEmails {
		if !strings.Contains(e, "@") {
			return fmt.Errorf("modelendpoint %s: AlarmEmails[%d] %q is not an email address", name, i, e)
		}
	}
	return nil
}

// NewEndpoint creates an endpoint. Args are checked before anything
// is registered. Resource options (provider, protect, aliases, ...) apply
// to the component and through it to everything it creates.
func NewEndpoint(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Endpoint, error) {
	if args == nil {
		return nil, fmt.Errorf("modelendpoint %s: Args are required (Image, ArtifactBucket, ArtifactKey, Subnets, SecurityGroupIds)", name)
	}
	a := *args
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("modelendpoint %s: %w", name, err)
	}
	if a.ArtifactBucket.Region != env.Region || a.CaptureBucket.Region != env.Region {
		return nil, fmt.Errorf("modelendpoint %s: the endpoint serves in %s but ArtifactBucket is in %s and CaptureBucket in %s; use the buckets (or replicas) of the endpoint's region",
			name, env.Region, a.ArtifactBucket.Region, a.CaptureBucket.Region)
	}

	e := &Endpoint{Region: env.Region, Instances: a.Instances}
	if err := ctx.RegisterComponentResource(Type, name, e, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(e)
	tags := pulumi.ToStringMap(a.Tags)

	var storageKey pulumi.StringInput
	if !a.InstanceStorage {
		storageKey = a.KMSKeyArn
		if storageKey == nil {
			key, err := kmskey.NewKey(ctx, name, &kmskey.Args{
				Description: "modelfort model endpoint " + name,
				ViaServices: []string{"sagemaker"},
				Tags:        a.Tags,
			}, in)
			if err != nil {
				return nil, err
			}
			storageKey = key.Arn
		}
	}

	if e.Role, err = iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("SageMaker execution role of modelfort endpoint " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("sagemaker"), env.AccountId, in),
		Tags:             tags,
	}, in); err != nil {
		return nil, err
	}
	rolePolicy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   e.Role.Name,
		Policy: a.rolePolicy(ctx, name, env, in),
	}, in)
	if err != nil {
		return nil, err
	}

	subnets := pulumi.StringArray{}
	for _, s := range a.Subnets {
		subnets = append(subnets, s.ID)
	}
	model, err := sagemaker.NewModel(ctx, name, &sagemaker.ModelArgs{
		ExecutionRoleArn:       e.Role.Arn,
		EnableNetworkIsolation: pulumi.Bool(true),
		PrimaryContainer: &sagemaker.ModelPrimaryContainerArgs{
			Image:        pulumi.String(a.Image),
			ModelDataUrl: pulumi.Sprintf("s3://%s/%s", a.ArtifactBucket.BucketName, a.ArtifactKey),
			Environment:  pulumi.ToStringMap(a.Environment),
		},
		VpcConfig: &sagemaker.ModelVpcConfigArgs{
			Subnets:          subnets,
			SecurityGroupIds: pulumi.StringArray(a.SecurityGroupIds),
		},
		Tags: tags,
	}, in, pulumi.DependsOn([]pulumi.Resource{rolePolicy}))
	if err != nil {
		return nil, err
	}
	config, err := sagemaker.NewEndpointConfiguration(ctx, name, &sagemaker.EndpointConfigurationArgs{
		KmsKeyArn: storageKey,
		ProductionVariants: sagemaker.EndpointConfigurationProductionVariantArray{&sagemaker.EndpointConfigurationProductionVariantArgs{
			VariantName:                       pulumi.String(VariantName),
			ModelName:                         model.Name,
			InstanceType:                      pulumi.String(a.InstanceType),
			InitialInstanceCount:              pulumi.Int(a.Instances),
			ModelDataDownloadTimeoutInSeconds: pulumi.Int(DefaultModelDownloadTimeoutSecs),
		}},
		DataCaptureConfig: &sagemaker.EndpointConfigurationDataCaptureConfigArgs{
			EnableCapture:             pulumi.Bool(true),
			InitialSamplingPercentage: pulumi.Int(a.CapturePercent),
			DestinationS3Uri:          pulumi.Sprintf("s3://%s/%s", a.CaptureBucket.BucketName, a.CapturePrefix),
			KmsKeyId:                  a.CaptureBucket.KMSKeyArn,
			CaptureOptions: sagemaker.EndpointConfigurationDataCaptureConfigCaptureOptionArray{
				&sagemaker.EndpointConfigurationDataCaptureConfigCaptureOptionArgs{CaptureMode: pulumi.String("Input")},
				&sagemaker.EndpointConfigurationDataCaptureConfigCaptureOptionArgs{CaptureMode: pulumi.String("Output")},
			},
			CaptureContentTypeHeader: &sagemaker.EndpointConfigurationDataCaptureConfigCaptureContentTypeHeaderArgs{
				JsonContentTypes: pulumi.ToStringArray([]string{"application/json"}),
			},
		},
		Tags: tags,
	}, in)
	if err != nil {
		return nil, err
	}
	if e.Endpoint, err = sagemaker.NewEndpoint(ctx, name, &sagemaker.EndpointArgs{
		EndpointConfigName: config.Name,
		Tags:               tags,
	}, in); err != nil {
		return nil, err
	}
	if err := a.autoscale(ctx, name, e.Endpoint, in); err != nil {
		return nil, err
	}
	topic, err := a.alarms(ctx, name, e.Endpoint, in)
	if err != nil {
		return nil, err
	}

	e.EndpointName, e.EndpointArn, e.ModelName = e.Endpoint.Name, e.Endpoint.Arn, model.Name
	e.RoleArn, e.AlarmTopic = e.Role.Arn, topic.Arn
	return e, ctx.RegisterResourceOutputs(e, pulumi.Map{
		"endpointName": e.EndpointName, "endpointArn": e.EndpointArn, "modelName": e.ModelName,
		"roleArn": e.RoleArn, "alarmTopicArn": e.AlarmTopic,
	})
}

// rolePolicy lets the model read its artifact prefix, decrypt it, pull its
// image, write its own logs and metrics, capture data, and manage the
// network interfaces of its VPC configuration; nothing else.
func (a *Args) rolePolicy(ctx *pulumi.Context, name string, env awsenv.Env, in pulumi.InvokeOption) pulumi.StringOutput {
	art, capture := a.ArtifactBucket, a.CaptureBucket
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("ReadArtifactPrefix"),
			Actions:   iampolicy.Strings("s3:GetObject"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/%s*", art.Arn, a.ArtifactPrefix)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("ListArtifactPrefix"),
			Actions:    iampolicy.Strings("s3:ListBucket"),
			Resources:  pulumi.StringArray{art.Arn},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringLike", "s3:prefix", pulumi.String(a.ArtifactPrefix+"*"))},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("DecryptArtifact"),
			Actions:    iampolicy.Strings("kms:Decrypt"),
			Resources:  pulumi.StringArray{art.KMSKeyArn},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.String(env.ServiceEndpoint("s3")))},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("WriteDataCapture"),
			Actions:   iampolicy.Strings("s3:PutObject"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/%s*", capture.Arn, a.CapturePrefix)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("EncryptDataCapture"),
			Actions:    iampolicy.Strings("kms:Encrypt", "kms:GenerateDataKey"),
			Resources:  pulumi.StringArray{capture.KMSKeyArn},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.String(env.ServiceEndpoint("s3")))},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("WriteOwnLogs"),
			Actions:   iampolicy.Strings("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
			Resources: iampolicy.Strings(fmt.Sprintf("arn:%s:logs:%s:%s:log-group:/aws/sagemaker/Endpoints/*", env.Partition, env.Region, env.AccountId)),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("PutOwnMetrics"),
			Actions:    iampolicy.Strings("cloudwatch:PutMetricData"),
			Resources:  iampolicy.Strings("*"),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringLike", "cloudwatch:namespace", pulumi.String("/aws/sagemaker/*"))},
		},
		// ENI management and the ECR token support no resource-level
		// permissions; they are named actions, never a wildcard.
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("ManageVpcNetworkInterfaces"),
			Actions: iampolicy.Strings("ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface",
				"ec2:DeleteNetworkInterfacePermission", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
				"ec2:DescribeSubnets", "ec2:DescribeVpcs"),
			Resources: iampolicy.Strings("*"),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("GetImageToken"),
			Actions:   iampolicy.Strings("ecr:GetAuthorizationToken"),
			Resources: iampolicy.Strings("*"),
		},
	}
	if repo := repositoryARN(a.Image, env.Partition); repo != "" {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("PullImage"),
			Actions:   iampolicy.Strings("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
			Resources: iampolicy.Strings(repo),
		})
	}
	return iampolicy.Document(ctx, stmts, in)
}

var ecrImage = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/([^:@]+)`)

// repositoryARN is the ECR repository of an image URI, or "" for an image
// from elsewhere.
func repositoryARN(image, partition string) string {
	m := ecrImage.FindStringSubmatch(image)
	if m == nil {
		return ""
	}
	return fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", partition, m[2], m[1], m[3])
}

// autoscale keeps the variant between MinInstances and MaxInstances on
// invocations per instance.
func (a *Args) autoscale(ctx *pulumi.Context, name string, endpoint *sagemaker.Endpoint, in pulumi.ResourceOption) error {
	resourceID := pulumi.Sprintf("endpoint/%s/variant/%s", endpoint.Name, VariantName)
	target, err := appautoscaling.NewTarget(ctx, name, &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("sagemaker"),
		ResourceId:        resourceID,
		ScalableDimension: pulumi.String("sagemaker:variant:DesiredInstanceCount"),
		MinCapacity:       pulumi.Int(a.MinInstances),
		MaxCapacity:       pulumi.Int(a.MaxInstances),
	}, in)
	if err != nil {
		return err
	}
	_, err = appautoscaling.NewPolicy(ctx, name, &appautoscaling.PolicyArgs{
		Name:              pulumi.String(name + "-invocations"),
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ResourceId:        target.ResourceId,
		ScalableDimension: target.ScalableDimension,
		TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			TargetValue: pulumi.Float64(float64(a.TargetInvocationsPerInstance)),
			PredefinedMetricSpecification: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
				PredefinedMetricType: pulumi.String("SageMakerVariantInvocationsPerInstance"),
			},
			ScaleInCooldown:  pulumi.Int(600),
			ScaleOutCooldown: pulumi.Int(120),
		},
	}, in)
	return err
}

// alarms creates the encrypted alarm topic and the 5XX, latency and
// invocation-anomaly alarms.
func (a *Args) alarms(ctx *pulumi.Context, name string, endpoint *sagemaker.Endpoint, in pulumi.ResourceOption) (*sns.Topic, error) {
	key, err := kmskey.NewKey(ctx, name+"-alarms", &kmskey.Args{
		Description:       "modelfort alarms of endpoint " + name,
		ViaServices:       []string{"sns"},
		ServicePrincipals: []string{"cloudwatch"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(ctx, name+"-alarms", &sns.TopicArgs{
		KmsMasterKeyId: key.Arn,
		Tags:           pulumi.ToStringMap(a.Tags),
	}, in)
	if err != nil {
		return nil, err
	}
	for i, email := range a.AlarmEmails {
		if _, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-alarms-%d", name, i), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, in); err != nil {
			return nil, err
		}
	}
	dims := pulumi.StringMap{"EndpointName": endpoint.Name, "VariantName": pulumi.String(VariantName)}
	actions := pulumi.Array{topic.Arn}
	if _, err := cloudwatch.NewMetricAlarm(ctx, name+"-5xx", &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.String("Model endpoint " + name + " returns 5XX errors"),
		Namespace:          pulumi.String("AWS/SageMaker"),
		MetricName:         pulumi.String("Invocation5XXErrors"),
		Dimensions:         dims,
		Statistic:          pulumi.String("Sum"),
		Period:             pulumi.Int(300),
		EvaluationPeriods:  pulumi.Int(1),
		Threshold:          pulumi.Float64(float64(a.ErrorThreshold)),
		ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
		TreatMissingData:   pulumi.String("notBreaching"),
		AlarmActions:       actions, OkActions: actions,
	}, in); err != nil {
		return nil, err
	}
	if _, err := cloudwatch.NewMetricAlarm(ctx, name+"-latency", &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.String("Model endpoint " + name + " answers slowly"),
		Namespace:          pulumi.String("AWS/SageMaker"),
		MetricName:         pulumi.String("ModelLatency"),
		Dimensions:         dims,
		Statistic:          pulumi.String("Average"),
		Period:             pulumi.Int(300),
		EvaluationPeriods:  pulumi.Int(3),
		Threshold:          pulumi.Float64(float64(a.LatencyThresholdSeconds) * 1e6), // ModelLatency is in microseconds
		ComparisonOperator: pulumi.String("GreaterThanThreshold"),
		TreatMissingData:   pulumi.String("notBreaching"),
		AlarmActions:       actions, OkActions: actions,
	}, in); err != nil {
		return nil, err
	}
	_, err = cloudwatch.NewMetricAlarm(ctx, name+"-invocations-anomaly", &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.String("Model endpoint " + name + " receives an unusual number of invocations"),
		ComparisonOperator: pulumi.String("LessThanLowerOrGreaterThanUpperThreshold"),
		EvaluationPeriods:  pulumi.Int(3),
		ThresholdMetricId:  pulumi.String("band"),
		TreatMissingData:   pulumi.String("ignore"),
		AlarmActions:       actions, OkActions: actions,
		MetricQueries: cloudwatch.MetricAlarmMetricQueryArray{
			&cloudwatch.MetricAlarmMetricQueryArgs{
				Id:         pulumi.String("invocations"),
				ReturnData: pulumi.Bool(true),
				Metric: &cloudwatch.MetricAlarmMetricQueryMetricArgs{
					Namespace: pulumi.String("AWS/SageMaker"), MetricName: pulumi.String("Invocations"),
					Dimensions: dims, Period: pulumi.Int(300), Stat: pulumi.String("Sum"),
				},
			},
			&cloudwatch.MetricAlarmMetricQueryArgs{
				Id:         pulumi.String("band"),
				Expression: pulumi.String(fmt.Sprintf("ANOMALY_DETECTION_BAND(invocations, %d)", a.AnomalyBandWidth)),
				Label:      pulumi.String("expected invocations"),
				ReturnData: pulumi.Bool(true),
			},
		},
	}, in)
	return topic, err
}

// GrantInvoke lets a role call this endpoint, and nothing else, through an
// inline policy on the role named name.
func (e *Endpoint) GrantInvoke(ctx *pulumi.Context, name string, role *iam.Role) (*iam.RolePolicy, error) {
	if role == nil {
		return nil, fmt.Errorf("modelendpoint grant %s: role is nil", name)
	}
	doc := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Sid:       pulumi.String("InvokeThisEndpoint"),
		Actions:   iampolicy.Strings("sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"),
		Resources: pulumi.StringArray{e.EndpointArn},
	}}, pulumi.Parent(e))
	return iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: doc}, pulumi.Parent(e))
}
