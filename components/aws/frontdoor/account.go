package frontdoor

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// accountLogging creates the role API Gateway writes CloudWatch Logs with
// and sets it in the region's API Gateway account settings.
func accountLogging(ctx *pulumi.Context, name string, env awsenv.Env, t pulumi.StringMap, in pulumi.ResourceOrInvokeOption) (*apigateway.Account, error) {
	role, err := iam.NewRole(ctx, name+"-apigateway-logs", &iam.RoleArgs{
		Description: pulumi.String("API Gateway writes CloudWatch Logs in " + env.Region + " (modelfort " + name + ")"),
		AssumeRolePolicy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("apigateway"))),
		}}, in),
		Tags: t,
	}, in)
	if err != nil {
		return nil, err
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-apigateway-logs", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs", env.Partition),
	}, in)
	if err != nil {
		return nil, err
	}
	return apigateway.NewAccount(ctx, name, &apigateway.AccountArgs{CloudwatchRoleArn: role.Arn}, in, pulumi.DependsOn([]pulumi.Resource{attachment}))
}
