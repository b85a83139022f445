package modelendpoint

import (
	"errors"
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/capturebucket"
	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
	"github.com/modelfort/modelfort/internal/verify"
)

// neverProtected leaves a resource unprotected whatever the component's
// options say: the model and the endpoint configuration hold no data, and
// SageMaker cannot edit them, so every model rollout replaces them; a
// protected one would stop the rollout (the endpoint, the role and the
// keys stay protected).
var neverProtected = pulumi.Protect(false)

// Type is the component's type token.
const Type = "modelfort:aws:ModelEndpoint"

// pkg prefixes the component's errors.
const pkg = "modelendpoint"

// Endpoint is a SageMaker model, endpoint configuration and endpoint,
// with its role, capture bucket, auto scaling and alarms.
type Endpoint struct {
	pulumi.ResourceState

	EndpointName pulumi.StringOutput `pulumi:"endpointName"`
	EndpointArn  pulumi.StringOutput `pulumi:"endpointArn"`
	ModelName    pulumi.StringOutput `pulumi:"modelName"`
	RoleArn      pulumi.StringOutput `pulumi:"roleArn"`
	AlarmTopic   pulumi.StringOutput `pulumi:"alarmTopicArn"`
	// ErrorAlarmName/Arn and LatencyAlarmName/Arn are the 5XX and latency
	// alarms: standard-resolution, single-metric alarms that a Route 53
	// health check (CLOUDWATCH_METRIC) can watch.
	ErrorAlarmName   pulumi.StringOutput `pulumi:"errorAlarmName"`
	ErrorAlarmArn    pulumi.StringOutput `pulumi:"errorAlarmArn"`
	LatencyAlarmName pulumi.StringOutput `pulumi:"latencyAlarmName"`
	LatencyAlarmArn  pulumi.StringOutput `pulumi:"latencyAlarmArn"`

	// Region is where the endpoint serves; Instances its initial count.
	Region    string
	Instances int
	// AlarmDetection is the longest the 5XX and latency alarms take to
	// see a failure that lasts: AlarmPeriodSeconds times
	// AlarmEvaluationPeriods (3 minutes by default).
	AlarmDetection time.Duration

	Endpoint *sagemaker.Endpoint
	Role     *iam.Role
	// CaptureBucket is the bucket that receives captured data: the given
	// one or the endpoint's own; nil with DisableCapture.
	CaptureBucket *capturebucket.Bucket
}

// NewEndpoint creates an endpoint. Args are checked before anything
// is registered. Resource options (provider, protect, aliases, ...) apply
// to the component and through it to everything it creates.
func NewEndpoint(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Endpoint, error) {
	if args == nil {
		return nil, component.Errorf(pkg, name, errors.New("Args are required (Image, ArtifactBucket, ArtifactKey, Subnets, SecurityGroupIds)"))
	}
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if a.ArtifactBucket.Region != env.Region {
		return nil, component.Errorf(pkg, name, fmt.Errorf("the endpoint serves in %s but ArtifactBucket is in %s; use the bucket (or replica) of the endpoint's region",
			env.Region, a.ArtifactBucket.Region))
	}
	if err := verify.AlarmTopicArn("AlarmTopicArn", a.AlarmTopicArn, env.Region); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if a.CaptureBucket != nil && a.CaptureBucket.Region != env.Region {
		return nil, component.Errorf(pkg, name, fmt.Errorf("the endpoint serves in %s but CaptureBucket is in %s; use a capture bucket of the endpoint's region",
			env.Region, a.CaptureBucket.Region))
	}

	e := &Endpoint{
		Region: env.Region, Instances: a.Instances,
		AlarmDetection: time.Duration(a.AlarmPeriodSeconds*a.AlarmEvaluationPeriods) * time.Second,
	}
	in, err := component.Register(ctx, Type, name, e, opts...)
	if err != nil {
		return nil, err
	}
	resourceTags := tags.Of(a.Tags)

	// Instance types with local NVMe storage take no KMS key.
	var storageKey pulumi.StringInput
	if !a.InstanceStorage {
		if storageKey, _, err = encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, kmskey.Args{
			Description: "modelfort model endpoint " + name,
			ViaServices: []string{"sagemaker"},
			Tags:        a.Tags,
		}, in); err != nil {
			return nil, err
		}
	}

	// Captured data goes to a bucket of its own, never the artifacts'.
	if !a.DisableCapture && a.CaptureBucket == nil {
		if a.CaptureBucket, err = capturebucket.NewBucket(ctx, name+"-capture", &capturebucket.Args{Tags: a.Tags}, in); err != nil {
			return nil, err
		}
	}
	e.CaptureBucket = a.CaptureBucket

	if e.Role, err = iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("SageMaker execution role of modelfort endpoint " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("sagemaker"), env.AccountId, in),
		Tags:             resourceTags,
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
		Tags: resourceTags,
	}, in, pulumi.DependsOn(modelDependencies(rolePolicy, a.ArtifactObject)), neverProtected)
	if err != nil {
		return nil, err
	}
	configArgs := &sagemaker.EndpointConfigurationArgs{
		KmsKeyArn: storageKey,
		ProductionVariants: sagemaker.EndpointConfigurationProductionVariantArray{&sagemaker.EndpointConfigurationProductionVariantArgs{
			VariantName:                       pulumi.String(VariantName),
			ModelName:                         model.Name,
			InstanceType:                      pulumi.String(a.InstanceType),
			InitialInstanceCount:              pulumi.Int(a.Instances),
			ModelDataDownloadTimeoutInSeconds: pulumi.Int(DefaultModelDownloadTimeoutSecs),
		}},
		Tags: resourceTags,
	}
	configOpts := []pulumi.ResourceOption{in, neverProtected}
	if c := a.CaptureBucket; c != nil {
		configArgs.DataCaptureConfig = &sagemaker.EndpointConfigurationDataCaptureConfigArgs{
			EnableCapture:             pulumi.Bool(true),
			InitialSamplingPercentage: pulumi.Int(a.CapturePercent),
			DestinationS3Uri:          pulumi.Sprintf("s3://%s/%s", c.BucketName, a.CapturePrefix),
			KmsKeyId:                  c.KMSKeyArn,
			CaptureOptions: sagemaker.EndpointConfigurationDataCaptureConfigCaptureOptionArray{
				&sagemaker.EndpointConfigurationDataCaptureConfigCaptureOptionArgs{CaptureMode: pulumi.String("Input")},
				&sagemaker.EndpointConfigurationDataCaptureConfigCaptureOptionArgs{CaptureMode: pulumi.String("Output")},
			},
			CaptureContentTypeHeader: &sagemaker.EndpointConfigurationDataCaptureConfigCaptureContentTypeHeaderArgs{
				JsonContentTypes: pulumi.ToStringArray([]string{"application/json"}),
			},
		}
		// The first capture meets the bucket's TLS-only, key-only policy.
		configOpts = append(configOpts, pulumi.DependsOn([]pulumi.Resource{c.Policy}))
	}
	config, err := sagemaker.NewEndpointConfiguration(ctx, name, configArgs, configOpts...)
	if err != nil {
		return nil, err
	}
	if e.Endpoint, err = sagemaker.NewEndpoint(ctx, name, &sagemaker.EndpointArgs{
		EndpointConfigName: config.Name,
		Tags:               resourceTags,
	}, in); err != nil {
		return nil, err
	}
	if err := a.autoscale(ctx, name, e.Endpoint, in); err != nil {
		return nil, err
	}
	al, err := a.alarms(ctx, name, e.Endpoint, in)
	if err != nil {
		return nil, err
	}

	e.EndpointName, e.EndpointArn, e.ModelName = e.Endpoint.Name, e.Endpoint.Arn, model.Name
	e.RoleArn, e.AlarmTopic = e.Role.Arn, al.topicArn
	e.ErrorAlarmName, e.ErrorAlarmArn = al.errors.Name, al.errors.Arn
	e.LatencyAlarmName, e.LatencyAlarmArn = al.latency.Name, al.latency.Arn
	return e, ctx.RegisterResourceOutputs(e, pulumi.Map{
		"endpointName": e.EndpointName, "endpointArn": e.EndpointArn, "modelName": e.ModelName,
		"roleArn": e.RoleArn, "alarmTopicArn": e.AlarmTopic,
		"errorAlarmName": e.ErrorAlarmName, "errorAlarmArn": e.ErrorAlarmArn,
		"latencyAlarmName": e.LatencyAlarmName, "latencyAlarmArn": e.LatencyAlarmArn,
	})
}

// modelDependencies are what the model waits for: its role's policy (the
// model's role must read the artifact when SageMaker creates it) and the
// artifact's upload when the program makes it.
func modelDependencies(rolePolicy *iam.RolePolicy, artifact pulumi.Resource) []pulumi.Resource {
	if artifact == nil {
		return []pulumi.Resource{rolePolicy}
	}
	return []pulumi.Resource{rolePolicy, artifact}
}
