package backupvault

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// intervals are the backup intervals, in hours, that divide a day evenly.
var intervals = []int{24, 12, 8, 6, 4, 3, 2, 1}

// Schedule returns the cron expression and interval that meet a recovery
// point objective of at least one hour.
func Schedule(rpo time.Duration) (string, time.Duration) {
	for _, h := range intervals {
		if time.Duration(h)*time.Hour <= rpo {
			switch h {
			case 24:
				return "cron(0 5 * * ? *)", 24 * time.Hour
			case 1:
				return "cron(0 * * * ? *)", time.Hour
			}
			return fmt.Sprintf("cron(0 0/%d * * ? *)", h), time.Duration(h) * time.Hour
		}
	}
	return "", 0
}

// managedPolicies are the AWS managed policies of the backup role.
var managedPolicies = []string{"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"}

// plan creates the backup plan with rule, the role AWS Backup assumes,
// and the selection of the resources tagged SelectionKey=SelectionValue.
func (a *Args) plan(ctx *pulumi.Context, name string, rule *backup.PlanRuleArgs, env awsenv.Env, in pulumi.ResourceOrInvokeOption) (*backup.Plan, error) {
	// The plan's name is left to the provider's autonaming (NAME-xxxxxxx):
	// plan names are unique in an account and region, which two stacks
	// may share.
	plan, err := backup.NewPlan(ctx, name, &backup.PlanArgs{
		Rules: backup.PlanRuleArray{rule},
		Tags:  tags.Of(a.Tags),
	}, in)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-backup", &iam.RoleArgs{
		Description:      pulumi.String("AWS Backup for modelfort " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("backup"), env.AccountId, in),
	}, in)
	if err != nil {
		return nil, err
	}
	for _, managed := range managedPolicies {
		if _, err := iam.NewRolePolicyAttachment(ctx, name+"-"+managed, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/%s", env.Partition, managed),
		}, in); err != nil {
			return nil, err
		}
	}
	if _, err := backup.NewSelection(ctx, name, &backup.SelectionArgs{
		Name:       pulumi.String(name),
		PlanId:     plan.ID().ToStringOutput(),
		IamRoleArn: role.Arn,
		SelectionTags: backup.SelectionSelectionTagArray{&backup.SelectionSelectionTagArgs{
			Type: pulumi.String("STRINGEQUALS"), Key: pulumi.String(a.SelectionKey), Value: pulumi.String(a.SelectionValue),
		}},
	}, in); err != nil {
		return nil, err
	}
	return plan, nil
}
