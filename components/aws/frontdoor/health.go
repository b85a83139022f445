package frontdoor

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// health creates GET /health, answered 200 by a mock integration without
// authentication. It returns what the deployment must wait for.
func health(ctx *pulumi.Context, name string, apiID, rootID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	child := name + "-" + HealthPath
	res, err := apigateway.NewResource(ctx, child, &apigateway.ResourceArgs{RestApi: apiID, ParentId: rootID, PathPart: pulumi.String(HealthPath)}, in)
	if err != nil {
		return nil, err
	}
	resID := res.ID().ToStringOutput()
	method, err := apigateway.NewMethod(ctx, child, &apigateway.MethodArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: pulumi.String("GET"),
		Authorization: pulumi.String("NONE"), ApiKeyRequired: pulumi.Bool(false),
	}, in)
	if err != nil {
		return nil, err
	}
	integration, err := apigateway.NewIntegration(ctx, child, &apigateway.IntegrationArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: method.HttpMethod,
		Type:             pulumi.String("MOCK"),
		RequestTemplates: pulumi.StringMap{"application/json": pulumi.String(`{"statusCode": 200}`)},
	}, in)
	if err != nil {
		return nil, err
	}
	mr, err := apigateway.NewMethodResponse(ctx, child, &apigateway.MethodResponseArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: method.HttpMethod, StatusCode: pulumi.String("200"),
	}, in)
	if err != nil {
		return nil, err
	}
	ir, err := apigateway.NewIntegrationResponse(ctx, child, &apigateway.IntegrationResponseArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: method.HttpMethod, StatusCode: mr.StatusCode,
		ResponseTemplates: pulumi.StringMap{"application/json": pulumi.String(`{"status": "ok"}`)},
	}, in, pulumi.DependsOn([]pulumi.Resource{integration}))
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{method, integration, mr, ir}, nil
}
