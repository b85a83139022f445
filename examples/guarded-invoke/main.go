// Command guarded-invoke is an example of guardedinvoke.Handler: the
// Lambda function that applies a Bedrock guardrail to every prompt and
// answer between an API and a SageMaker endpoint. It runs in a private
// VPC (privatevpc.Vpc, with a "guard" tier of its own and the
// bedrock-runtime interface endpoint beside the SageMaker ones), pins the
// published version of a guardrail.Guardrail, and may reach the guardrail
// and the endpoint through the VPC's endpoints only. A frontdoor.API sends
// it POST /invocations and GET /health (frontdoor.Handler{FunctionName:
// h.FunctionName, InvokeArn: h.InvokeArn}).
//
// The function's code is built from handlers/guardedinvoke when the
// program runs; set code to a zip built elsewhere (a linux/arm64 binary
// named bootstrap) to deploy that instead.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set endpointName deepseek-r1-distill
//	pulumi config set code ./guarded-invoke.zip   # optional
//	pulumi up
package main

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/guardedinvoke"
	"github.com/modelfort/modelfort/components/aws/guardrail"
	"github.com/modelfort/modelfort/components/aws/privatevpc"
	"github.com/modelfort/modelfort/components/aws/securitygroups"
)

// GuardTier is the function's security group tier.
const GuardTier = "guard"

func program(ctx *pulumi.Context) error {
	endpoint := config.Get(ctx, "endpointName")
	if endpoint == "" {
		endpoint = "deepseek-r1-distill"
	}
	vpc, err := privatevpc.NewVpc(ctx, "serving", &privatevpc.Args{
		Tiers: map[string]securitygroups.Tier{
			privatevpc.DefaultEndpointTier: {Description: "model endpoints"},
			GuardTier:                      {Description: "the guarded invoke function"},
		},
		// The function calls Bedrock's runtime too.
		InterfaceEndpoints: append(slices.Clone(privatevpc.DefaultInterfaceEndpoints), "bedrock-runtime"),
	})
	if err != nil {
		return err
	}
	guard, err := guardrail.NewGuardrail(ctx, "models", nil)
	if err != nil {
		return err
	}
	var subnets []pulumi.StringInput
	for _, s := range vpc.PrivateSubnets {
		subnets = append(subnets, s.ID())
	}
	args := &guardedinvoke.Args{
		EndpointName:         pulumi.String(endpoint),
		GuardrailArn:         guard.GuardrailArn,
		GuardrailVersion:     guard.Version,
		Subnets:              subnets,
		SecurityGroupIds:     []pulumi.StringInput{vpc.SecurityGroups.Groups[GuardTier].ID()},
		RuntimeVpcEndpointId: vpc.Endpoints["sagemaker.runtime"].ID(),
		BedrockVpcEndpointId: vpc.Endpoints["bedrock-runtime"].ID(),
	}
	if code := config.Get(ctx, "code"); code != "" {
		args.Code = pulumi.NewFileArchive(code)
	}
	h, err := guardedinvoke.NewHandler(ctx, "models", args)
	if err != nil {
		return err
	}
	ctx.Export("functionName", h.FunctionName)
	ctx.Export("invokeArn", h.InvokeArn)
	ctx.Export("roleArn", h.RoleArn)
	ctx.Export("logGroupName", h.LogGroupName)
	return nil
}

func main() {
	pulumi.Run(program)
}
