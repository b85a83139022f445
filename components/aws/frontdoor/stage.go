package frontdoor

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tags"
)

// AccessLogFormat is the access log record: who called what and how it
// went, never a body.
const AccessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller",` +
	`"user":"$context.identity.user","userArn":"$context.identity.userArn","apiKeyId":"$context.identity.apiKeyId",` +
	`"requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath",` +
	`"status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength",` +
	`"integrationStatus":"$context.integration.status","integrationLatency":"$context.integration.latency",` +
	`"wafStatus":"$context.waf.status","errorMessage":"$context.error.message"}`

// stage deploys the API (after methods, what the deployment must wait
// for) to a stage that writes access logs to logGroupArn (after
// stageDeps), without caching, throttled, with execution logging off; it
// sets f.Stage.
func (f *API) stage(ctx *pulumi.Context, name string, a *Args, apiID, logGroupArn pulumi.StringOutput, methods, stageDeps []pulumi.Resource, in pulumi.ResourceOrInvokeOption) error {
	deployment, err := apigateway.NewDeployment(ctx, name, &apigateway.DeploymentArgs{
		RestApi:     apiID,
		Description: pulumi.String("modelfort front door " + name),
		// A new deployment whenever what the API does changes.
		Triggers: pulumi.StringMap{"redeployment": pulumi.Sprintf("v2 auth=%s handler=%s timeout=%d", a.Auth, a.Handler.InvokeArn, a.TimeoutMilliseconds)},
	}, in, pulumi.DependsOn(methods))
	if err != nil {
		return err
	}
	if f.Stage, err = apigateway.NewStage(ctx, name, &apigateway.StageArgs{
		RestApi:             apiID,
		StageName:           pulumi.String(a.StageName),
		Deployment:          deployment.ID().ToStringOutput(),
		CacheClusterEnabled: pulumi.Bool(false),
		AccessLogSettings: &apigateway.StageAccessLogSettingsArgs{
			DestinationArn: logGroupArn,
			Format:         pulumi.String(AccessLogFormat),
		},
		Tags: tags.Of(a.Tags),
	}, in, pulumi.DependsOn(stageDeps)); err != nil {
		return err
	}
	_, err = apigateway.NewMethodSettings(ctx, name, &apigateway.MethodSettingsArgs{
		RestApi:    apiID,
		StageName:  f.Stage.StageName,
		MethodPath: pulumi.String("*/*"),
		Settings: &apigateway.MethodSettingsSettingsArgs{
			ThrottlingRateLimit:  pulumi.Float64(a.RateLimit),
			ThrottlingBurstLimit: pulumi.Int(a.BurstLimit),
			MetricsEnabled:       pulumi.Bool(true),
			LoggingLevel:         pulumi.String("OFF"),
			DataTraceEnabled:     pulumi.Bool(false),
			CachingEnabled:       pulumi.Bool(false),
		},
	}, in)
	return err
}
