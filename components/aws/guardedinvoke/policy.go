package guardedinvoke

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// The statements of the role's policy, by Sid.
const (
	// SidApplyGuardrail: bedrock:ApplyGuardrail on the guardrail, through
	// the bedrock-runtime VPC endpoint only.
	SidApplyGuardrail = "ApplyTheGuardrail"
	// SidInvokeEndpoint: sagemaker:InvokeEndpoint on the endpoint, through
	// the sagemaker.runtime VPC endpoint only.
	SidInvokeEndpoint = "InvokeTheModelEndpoint"
	// SidWriteLogs: the function's log streams and events, in its log
	// group only.
	SidWriteLogs = "WriteItsLogs"
	// SidNetworkInterfaces: what Lambda needs to attach the function to
	// the VPC's subnets.
	SidNetworkInterfaces = "ManageItsNetworkInterfaces"
	// SidTracing: X-Ray trace segments and telemetry.
	SidTracing = "WriteTraces"
	// SidDecryptEnvironment: kms:Decrypt with the key that encrypts the
	// environment.
	SidDecryptEnvironment = "DecryptItsEnvironment"
)

// NetworkInterfaceActions are what Lambda does with the role to place the
// function in a VPC (those of AWSLambdaVPCAccessExecutionRole).
var NetworkInterfaceActions = []string{
	"ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
	"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
}

// rolePolicy is the function role's only policy: the guardrail and the
// endpoint, each through its VPC endpoint only, so that the role's
// credentials are worth nothing outside the VPC; its logs, traces,
// network interfaces and environment.
func (a *Args) rolePolicy(ctx *pulumi.Context, env awsenv.Env, logGroupArn pulumi.StringOutput, keyArn pulumi.StringInput, in pulumi.ResourceOrInvokeOption) pulumi.StringOutput {
	throughEndpoint := func(vpce pulumi.StringInput) iam.GetPolicyDocumentStatementConditionArray {
		return iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "aws:SourceVpce", vpce)}
	}
	anything := iampolicy.Strings("*")
	return iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidApplyGuardrail),
			Actions:    iampolicy.Strings("bedrock:ApplyGuardrail"),
			Resources:  pulumi.StringArray{a.GuardrailArn},
			Conditions: throughEndpoint(a.BedrockVpcEndpointId),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidInvokeEndpoint),
			Actions:    iampolicy.Strings("sagemaker:InvokeEndpoint"),
			Resources:  pulumi.StringArray{a.endpointArn(env)},
			Conditions: throughEndpoint(a.RuntimeVpcEndpointId),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidWriteLogs),
			Actions:   iampolicy.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
			Resources: pulumi.StringArray{logGroupArn, pulumi.Sprintf("%s:*", logGroupArn)},
		},
		// These EC2 actions cannot be scoped: the Describe actions support
		// no resource-level permissions, and Lambda creates, assigns and
		// deletes the interfaces in subnets and groups it chooses at run
		// time, so AWS documents them on "*" (AWSLambdaVPCAccessExecutionRole).
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidNetworkInterfaces),
			Actions:   iampolicy.Strings(NetworkInterfaceActions...),
			Resources: anything,
		},
		// X-Ray's trace actions support no resource-level permissions.
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidTracing),
			Actions:   iampolicy.Strings("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
			Resources: anything,
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidDecryptEnvironment),
			Actions:   iampolicy.Strings("kms:Decrypt"),
			Resources: pulumi.StringArray{keyArn},
		},
	}, in)
}
