package frontdoor

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// usagePlan creates an API key and a usage plan that throttles it (and
// limits it to DailyQuota a day).
func (f *API) usagePlan(ctx *pulumi.Context, name string, a *Args, apiID pulumi.StringOutput, t pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	key, err := apigateway.NewApiKey(ctx, name, &apigateway.ApiKeyArgs{
		Name:        pulumi.String(name),
		Description: pulumi.String("modelfort front door " + name),
		Enabled:     pulumi.Bool(true),
		Tags:        t,
	}, in)
	if err != nil {
		return err
	}
	planArgs := &apigateway.UsagePlanArgs{
		Name:        pulumi.String(name),
		Description: pulumi.String("modelfort front door " + name),
		ApiStages:   apigateway.UsagePlanApiStageArray{&apigateway.UsagePlanApiStageArgs{ApiId: apiID, Stage: f.Stage.StageName}},
		ThrottleSettings: &apigateway.UsagePlanThrottleSettingsArgs{
			RateLimit:  pulumi.Float64(a.RateLimit),
			BurstLimit: pulumi.Int(a.BurstLimit),
		},
		Tags: t,
	}
	if a.DailyQuota > 0 {
		planArgs.QuotaSettings = &apigateway.UsagePlanQuotaSettingsArgs{Limit: pulumi.Int(a.DailyQuota), Period: pulumi.String("DAY")}
	}
	plan, err := apigateway.NewUsagePlan(ctx, name, planArgs, in)
	if err != nil {
		return err
	}
	if _, err := apigateway.NewUsagePlanKey(ctx, name, &apigateway.UsagePlanKeyArgs{
		KeyId: key.ID().ToStringOutput(), KeyType: pulumi.String("API_KEY"), UsagePlanId: plan.ID().ToStringOutput(),
	}, in); err != nil {
		return err
	}
	f.ApiKeyId, f.UsagePlanId = key.ID().ToStringOutput(), plan.ID().ToStringOutput()
	return nil
}
