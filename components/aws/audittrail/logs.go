package audittrail

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/loggroup"
)

// cloudWatchLogs is where the trail delivers its events in CloudWatch
// Logs: the log group, the role CloudTrail assumes, and the role's policy.
type cloudWatchLogs struct {
	group    *cloudwatch.LogGroup
	role     *iam.Role
	delivery *iam.RolePolicy
}

// toLogs creates the trail's encrypted log group and a role that
// CloudTrail (of this account) assumes to write log events into it, and
// nothing else.
func toLogs(ctx *pulumi.Context, name string, keyArn pulumi.StringInput, retentionDays int, tags pulumi.StringMap,
	env awsenv.Env, in pulumi.ResourceOrInvokeOption,
) (cloudWatchLogs, error) {
	var l cloudWatchLogs
	var err error
	if l.group, err = loggroup.New(ctx, name, loggroup.Args{KMSKeyArn: keyArn, RetentionDays: retentionDays, Tags: tags}, in); err != nil {
		return l, err
	}
	if l.role, err = iam.NewRole(ctx, name+"-to-logs", &iam.RoleArgs{
		Description:      pulumi.String("CloudTrail delivery to CloudWatch Logs for modelfort " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("cloudtrail"), env.AccountId, in),
	}, in); err != nil {
		return l, err
	}
	l.delivery, err = iam.NewRolePolicy(ctx, name+"-to-logs", &iam.RolePolicyArgs{
		Role: l.role.Name,
		Policy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("WriteTrailEvents"),
			Actions:   iampolicy.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s:log-stream:*", l.group.Arn)},
		}}, in),
	}, in)
	return l, err
}
