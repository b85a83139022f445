package frontdoor

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// SidInvokeEndpoint is the integration role's only statement.
const SidInvokeEndpoint = "InvokeTheModelEndpoint"

// invocations creates POST /invocations, its integration with SageMaker
// runtime and the role the integration acts as. It returns what the
// deployment must wait for.
func (f *API) invocations(ctx *pulumi.Context, name string, a *Args, env awsenv.Env, apiID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	// API Gateway assumes the role only for integrations that name it, and
	// naming it takes iam:PassRole on it.
	var err error
	if f.IntegrationRole, err = iam.NewRole(ctx, name+"-invoke", &iam.RoleArgs{
		Description: pulumi.String("API Gateway invokes the SageMaker endpoint for modelfort " + name),
		AssumeRolePolicy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("apigateway"))),
		}}, in),
		Tags: tags.Of(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	// SageMaker endpoint ARNs spell the name in lower case.
	endpointArn := a.EndpointName.ToStringOutput().ApplyT(func(n string) string {
		return fmt.Sprintf("arn:%s:sagemaker:%s:%s:endpoint/%s", env.Partition, env.Region, env.AccountId, strings.ToLower(n))
	}).(pulumi.StringOutput)
	policy, err := iam.NewRolePolicy(ctx, name+"-invoke", &iam.RolePolicyArgs{
		Role: f.IntegrationRole.Name,
		Policy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidInvokeEndpoint),
			Actions:   iampolicy.Strings("sagemaker:InvokeEndpoint"),
			Resources: pulumi.StringArray{endpointArn},
		}}, in),
	}, in)
	if err != nil {
		return nil, err
	}

	res, err := apigateway.NewResource(ctx, name+"-"+InvocationsPath, &apigateway.ResourceArgs{
		RestApi: apiID, ParentId: f.Api.RootResourceId, PathPart: pulumi.String(InvocationsPath),
	}, in)
	if err != nil {
		return nil, err
	}
	methodArgs := &apigateway.MethodArgs{
		RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: pulumi.String("POST"),
		Authorization: pulumi.String("AWS_IAM"), ApiKeyRequired: pulumi.Bool(false),
	}
	if a.Auth == AuthAPIKey {
		methodArgs.Authorization, methodArgs.ApiKeyRequired = pulumi.String("NONE"), pulumi.Bool(true)
	}
	method, err := apigateway.NewMethod(ctx, name+"-"+InvocationsPath, methodArgs, in)
	if err != nil {
		return nil, err
	}
	integration, err := apigateway.NewIntegration(ctx, name+"-"+InvocationsPath, &apigateway.IntegrationArgs{
		RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: method.HttpMethod,
		Type:                  pulumi.String("AWS"),
		IntegrationHttpMethod: pulumi.String("POST"),
		Uri:                   pulumi.Sprintf("arn:%s:apigateway:%s:runtime.sagemaker:path/endpoints/%s/invocations", env.Partition, env.Region, a.EndpointName),
		Credentials:           f.IntegrationRole.Arn,
		// JSON only: any other content type is refused with 415.
		PassthroughBehavior: pulumi.String("NEVER"),
		RequestTemplates:    pulumi.StringMap{"application/json": pulumi.String("$input.body")},
		RequestParameters: pulumi.StringMap{
			"integration.request.header.Content-Type": pulumi.String("'application/json'"),
			"integration.request.header.Accept":       pulumi.String("'application/json'"),
		},
		TimeoutMilliseconds: pulumi.Int(a.TimeoutMilliseconds),
	}, in, pulumi.DependsOn([]pulumi.Resource{policy}))
	if err != nil {
		return nil, err
	}
	deps := []pulumi.Resource{method, integration}
	// The endpoint's 4xx (a bad request, a model error) reach the caller
	// as 400, its 5xx as 502.
	for _, r := range []struct{ status, pattern string }{{"200", ""}, {"400", `4\d{2}`}, {"502", `5\d{2}`}} {
		mr, err := apigateway.NewMethodResponse(ctx, name+"-"+InvocationsPath+"-"+r.status, &apigateway.MethodResponseArgs{
			RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: method.HttpMethod, StatusCode: pulumi.String(r.status),
		}, in)
		if err != nil {
			return nil, err
		}
		irArgs := &apigateway.IntegrationResponseArgs{
			RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: method.HttpMethod, StatusCode: mr.StatusCode,
		}
		if r.pattern != "" {
			irArgs.SelectionPattern = pulumi.String(r.pattern)
		}
		ir, err := apigateway.NewIntegrationResponse(ctx, name+"-"+InvocationsPath+"-"+r.status, irArgs, in, pulumi.DependsOn([]pulumi.Resource{integration}))
		if err != nil {
			return nil, err
		}
		deps = append(deps, mr, ir)
	}
	return deps, nil
}
