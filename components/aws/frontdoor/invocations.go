package frontdoor

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Handler is the Lambda function between the API and the model, such as
// a guardedinvoke.Handler: the API sends it POST /invocations and GET
// /health through Lambda proxy integrations, and it alone calls the
// endpoint.
type Handler struct {
	// FunctionName is the function's name (or ARN), for the API's
	// permission to invoke it. Required.
	FunctionName pulumi.StringInput
	// InvokeArn is the function's API Gateway invocation ARN
	// (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations).
	// Required.
	InvokeArn pulumi.StringInput
}

// route creates the resource pathPart under the root with one method,
// integrated with the handler through a Lambda proxy integration, and the
// permission that lets this API, on this stage, method and path only,
// invoke the handler. It returns what the deployment must wait for.
func (f *API) route(ctx *pulumi.Context, name, pathPart, httpMethod string, auth routeAuth, a *Args, apiID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	child := name + "-" + pathPart
	res, err := apigateway.NewResource(ctx, child, &apigateway.ResourceArgs{
		RestApi: apiID, ParentId: f.Api.RootResourceId, PathPart: pulumi.String(pathPart),
	}, in)
	if err != nil {
		return nil, err
	}
	resID := res.ID().ToStringOutput()
	method, err := apigateway.NewMethod(ctx, child, &apigateway.MethodArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: pulumi.String(httpMethod),
		Authorization: pulumi.String(auth.authorization), ApiKeyRequired: pulumi.Bool(auth.apiKey),
	}, in)
	if err != nil {
		return nil, err
	}
	// The API may invoke the handler for this route only.
	permission, err := lambda.NewPermission(ctx, child, &lambda.PermissionArgs{
		Action:    pulumi.String("lambda:InvokeFunction"),
		Function:  a.Handler.FunctionName,
		Principal: pulumi.String("apigateway.amazonaws.com"),
		SourceArn: pulumi.Sprintf("%s/%s/%s/%s", f.Api.ExecutionArn, a.StageName, httpMethod, pathPart),
	}, in)
	if err != nil {
		return nil, err
	}
	integration, err := apigateway.NewIntegration(ctx, child, &apigateway.IntegrationArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: method.HttpMethod,
		Type:                  pulumi.String("AWS_PROXY"),
		IntegrationHttpMethod: pulumi.String("POST"),
		Uri:                   a.Handler.InvokeArn,
		TimeoutMilliseconds:   pulumi.Int(a.TimeoutMilliseconds),
	}, in, pulumi.DependsOn([]pulumi.Resource{permission}))
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{method, integration}, nil
}

// routeAuth is how a route's callers authenticate.
type routeAuth struct {
	authorization string
	apiKey        bool
}

// invocationsAuth is the authentication of POST /invocations: SigV4
// (AWS_IAM), or an API key.
func invocationsAuth(a *Args) routeAuth {
	if a.Auth == AuthAPIKey {
		return routeAuth{authorization: "NONE", apiKey: true}
	}
	return routeAuth{authorization: "AWS_IAM"}
}

// invocations creates POST /invocations, which reaches the model only
// through the handler (and its guardrail).
func (f *API) invocations(ctx *pulumi.Context, name string, a *Args, apiID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	return f.route(ctx, name, InvocationsPath, "POST", invocationsAuth(a), a, apiID, in)
}

// health creates GET /health, without authentication (Route 53's checkers
// cannot sign), answered by the handler, which probes the guardrail and
// the endpoint: it fails when the model does.
func (f *API) health(ctx *pulumi.Context, name string, a *Args, apiID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	return f.route(ctx, name, HealthPath, "GET", routeAuth{authorization: "NONE"}, a, apiID, in)
}
