package guardedinvoke

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/lambdabuild"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:GuardedInvoke"

// Handler is the Lambda function between a front door and a SageMaker
// endpoint: it applies a Bedrock guardrail to each prompt and answer and
// is the endpoint's only caller.
type Handler struct {
	pulumi.ResourceState

	FunctionName pulumi.StringOutput `pulumi:"functionName"`
	FunctionArn  pulumi.StringOutput `pulumi:"functionArn"`
	// InvokeArn is what an API Gateway Lambda proxy integration invokes
	// (frontdoor.Handler's InvokeArn).
	InvokeArn    pulumi.StringOutput `pulumi:"invokeArn"`
	RoleArn      pulumi.StringOutput `pulumi:"roleArn"`
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	KMSKeyArn    pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// TimeoutSeconds, InvokeTimeout, MaxBodyBytes and MaxNewTokens are the
	// settings in force; Region is where the function runs.
	TimeoutSeconds int
	InvokeTimeout  time.Duration
	MaxBodyBytes   int
	MaxNewTokens   int
	Region         string

	Function   *lambda.Function
	Role       *iam.Role
	RolePolicy *iam.RolePolicy
	LogGroup   *cloudwatch.LogGroup
	// Key is the key the component created, or nil when KMSKeyArn was
	// given.
	Key *kmskey.Key
}

// build makes the default deployment package; tests replace it.
var build = lambdabuild.GuardedInvoke

// NewHandler creates the function, its role, key and log group. Args are
// checked, and the default Code built, before anything is registered.
// Resource options (provider, protect, aliases, ...) apply to the
// component and through it to every resource it creates.
func NewHandler(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Handler, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if s, ok := a.GuardrailArn.(pulumi.String); ok {
		m := guardrailArn.FindStringSubmatch(string(s))
		if m[1] != env.Partition || m[2] != env.Region || m[3] != env.AccountId {
			return nil, component.Errorf(pkg, name, fmt.Errorf("GuardrailArn %s is not of the function's account and region (%s, %s); the function applies a guardrail of its own region, through the VPC's bedrock-runtime endpoint",
				s, env.AccountId, env.Region))
		}
	}
	code := a.Code
	if code == nil {
		if code, err = defaultCode(ctx.Context()); err != nil {
			return nil, component.Errorf(pkg, name, err)
		}
	}

	h := &Handler{
		TimeoutSeconds: a.TimeoutSeconds, InvokeTimeout: time.Duration(a.InvokeTimeoutMilliseconds) * time.Millisecond,
		MaxBodyBytes: a.MaxBodyBytes, MaxNewTokens: a.MaxNewTokens, Region: env.Region,
	}
	in, err := component.Register(ctx, Type, name, h, opts...)
	if err != nil {
		return nil, err
	}
	t := tags.Of(a.Tags)

	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, kmskey.Args{
		Description:       "modelfort guarded invoke " + name,
		ServicePrincipals: []string{"logs"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}
	h.Key = key
	if h.LogGroup, err = loggroup.New(ctx, name, loggroup.Args{KMSKeyArn: keyArn, RetentionDays: a.LogRetentionDays, Tags: t}, in); err != nil {
		return nil, err
	}
	if h.Role, err = iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("Lambda execution role of modelfort guarded invoke " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("lambda"), env.AccountId, in),
		Tags:             t,
	}, in); err != nil {
		return nil, err
	}
	if h.RolePolicy, err = iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   h.Role.Name,
		Policy: a.rolePolicy(ctx, env, h.LogGroup.Arn, keyArn, in),
	}, in); err != nil {
		return nil, err
	}

	// Lambda creates the function's network interfaces as it creates the
	// function, with the role's permissions: the function waits for the
	// role's policy.
	if h.Function, err = lambda.NewFunction(ctx, name, &lambda.FunctionArgs{
		Description:   pulumi.String("modelfort guarded invoke " + name + ": guardrail, SageMaker endpoint, guardrail"),
		Role:          h.Role.Arn,
		Runtime:       pulumi.String(Runtime),
		Architectures: pulumi.ToStringArray([]string{Architecture}),
		Handler:       pulumi.String(HandlerName),
		PackageType:   pulumi.String("Zip"),
		Code:          code,
		Timeout:       pulumi.Int(a.TimeoutSeconds),
		MemorySize:    pulumi.Int(a.MemoryMB),
		KmsKeyArn:     keyArn,
		Environment:   &lambda.FunctionEnvironmentArgs{Variables: a.environment()},
		VpcConfig: &lambda.FunctionVpcConfigArgs{
			SubnetIds:        pulumi.StringArray(a.Subnets),
			SecurityGroupIds: pulumi.StringArray(a.SecurityGroupIds),
		},
		TracingConfig: &lambda.FunctionTracingConfigArgs{Mode: pulumi.String("Active")},
		LoggingConfig: &lambda.FunctionLoggingConfigArgs{LogFormat: pulumi.String("JSON"), LogGroup: h.LogGroup.Name},
		Tags:          t,
	}, in, pulumi.DependsOn([]pulumi.Resource{h.RolePolicy})); err != nil {
		return nil, err
	}

	h.FunctionName, h.FunctionArn, h.InvokeArn = h.Function.Name, h.Function.Arn, h.Function.InvokeArn
	h.RoleArn, h.LogGroupName, h.KMSKeyArn = h.Role.Arn, h.LogGroup.Name, keyArn.ToStringOutput()
	return h, ctx.RegisterResourceOutputs(h, pulumi.Map{
		"functionName": h.FunctionName, "functionArn": h.FunctionArn, "invokeArn": h.InvokeArn,
		"roleArn": h.RoleArn, "logGroupName": h.LogGroupName, "kmsKeyArn": h.KMSKeyArn,
	})
}

// defaultCode builds the handler and returns its zip.
func defaultCode(ctx context.Context) (pulumi.Archive, error) {
	artifact, err := build(ctx)
	if err != nil {
		return nil, fmt.Errorf("building the function's code from %s (or give Code): %w", HandlerPackage, err)
	}
	return pulumi.NewFileArchive(artifact.Path), nil
}

// environment is what the handler reads at start.
func (a *Args) environment() pulumi.StringMap {
	return pulumi.StringMap{
		EnvEndpointName:       a.EndpointName,
		EnvGuardrailID:        a.GuardrailArn,
		EnvGuardrailVersion:   a.GuardrailVersion,
		EnvInvokeTimeoutMS:    pulumi.String(strconv.Itoa(a.InvokeTimeoutMilliseconds)),
		EnvMaxBodyBytes:       pulumi.String(strconv.Itoa(a.MaxBodyBytes)),
		EnvMaxNewTokens:       pulumi.String(strconv.Itoa(a.MaxNewTokens)),
		EnvHealthCacheSeconds: pulumi.String(strconv.Itoa(a.HealthCacheSeconds)),
	}
}

// endpointArn is the ARN of the endpoint the function invokes; SageMaker
// endpoint ARNs spell the name in lower case.
func (a *Args) endpointArn(env awsenv.Env) pulumi.StringOutput {
	return a.EndpointName.ToStringOutput().ApplyT(func(n string) string {
		return fmt.Sprintf("arn:%s:sagemaker:%s:%s:endpoint/%s", env.Partition, env.Region, env.AccountId, strings.ToLower(n))
	}).(pulumi.StringOutput)
}
