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

// managedPolicy is an AWS managed policy: its name and its path ("" or
// "service-role/").
type managedPolicy struct{ path, name string }

// arn is the policy's ARN in partition.
func (m managedPolicy) arn(partition string) string {
	return fmt.Sprintf("arn:%s:iam::aws:policy/%s%s", partition, m.path, m.name)
}

// The AWS managed policies of AWS Backup's roles. Backing up and restoring
// S3 buckets takes the S3 policies besides the general ones
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html);
// these two live at the root path, not under service-role/
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForS3Backup.html,
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForS3Restore.html).
var (
	backupPolicy    = managedPolicy{"service-role/", "AWSBackupServiceRolePolicyForBackup"}
	restoresPolicy  = managedPolicy{"service-role/", "AWSBackupServiceRolePolicyForRestores"}
	s3BackupPolicy  = managedPolicy{"", "AWSBackupServiceRolePolicyForS3Backup"}
	s3RestorePolicy = managedPolicy{"", "AWSBackupServiceRolePolicyForS3Restore"}
)

// managedPolicies are the AWS managed policies of the backup role, which
// both backs up and (in a restore the operator starts) restores.
var managedPolicies = []managedPolicy{backupPolicy, restoresPolicy, s3BackupPolicy, s3RestorePolicy}

// backupRole creates the role named name that AWS Backup of this account
// alone may assume, holding policies; their attachments are named
// PREFIX-POLICY.
func backupRole(ctx *pulumi.Context, name, prefix, description string, policies []managedPolicy, env awsenv.Env, in pulumi.ResourceOrInvokeOption) (*iam.Role, error) {
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String(description),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("backup"), env.AccountId, in),
	}, in)
	if err != nil {
		return nil, err
	}
	for _, managed := range policies {
		if _, err := iam.NewRolePolicyAttachment(ctx, prefix+"-"+managed.name, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(managed.arn(env.Partition)),
		}, in); err != nil {
			return nil, err
		}
	}
	return role, nil
}

// plan creates the backup plan with rule, the role AWS Backup assumes,
// the selection of the resources tagged SelectionKey=SelectionValue and,
// with Resources, the selection of those ARNs. It returns the plan and
// the ARNs selected by name, and the role.
func (a *Args) plan(ctx *pulumi.Context, name string, rule *backup.PlanRuleArgs, env awsenv.Env, in pulumi.ResourceOrInvokeOption) (*backup.Plan, pulumi.StringArrayOutput, *iam.Role, error) {
	// The plan's name is left to the provider's autonaming (NAME-xxxxxxx):
	// plan names are unique in an account and region, which two stacks
	// may share.
	plan, err := backup.NewPlan(ctx, name, &backup.PlanArgs{
		Rules: backup.PlanRuleArray{rule},
		Tags:  tags.Of(a.Tags),
	}, in)
	if err != nil {
		return nil, pulumi.StringArrayOutput{}, nil, err
	}
	// The role (NAME-backup) and its attachments (NAME-POLICY) keep the
	// logical names of earlier releases, so that their state is kept.
	role, err := backupRole(ctx, name+"-backup", name, "AWS Backup for modelfort "+name, managedPolicies, env, in)
	if err != nil {
		return nil, pulumi.StringArrayOutput{}, nil, err
	}
	if _, err := backup.NewSelection(ctx, name, &backup.SelectionArgs{
		Name:       pulumi.String(name),
		PlanId:     plan.ID().ToStringOutput(),
		IamRoleArn: role.Arn,
		SelectionTags: backup.SelectionSelectionTagArray{&backup.SelectionSelectionTagArgs{
			Type: pulumi.String("STRINGEQUALS"), Key: pulumi.String(a.SelectionKey), Value: pulumi.String(a.SelectionValue),
		}},
	}, in); err != nil {
		return nil, pulumi.StringArrayOutput{}, nil, err
	}
	selected := pulumi.StringArray(a.Resources).ToStringArrayOutput()
	if len(a.Resources) == 0 {
		return plan, pulumi.ToStringArray(nil).ToStringArrayOutput(), role, nil
	}
	// A selection of its own, rather than resources on the tag selection:
	// a selection's inputs all replace it, and the ARNs are backed up
	// whether or not they carry the tag.
	if _, err := backup.NewSelection(ctx, resourcesSelection(name), &backup.SelectionArgs{
		Name:       pulumi.String(resourcesSelection(name)),
		PlanId:     plan.ID().ToStringOutput(),
		IamRoleArn: role.Arn,
		Resources:  pulumi.StringArray(a.Resources),
	}, in); err != nil {
		return nil, pulumi.StringArrayOutput{}, nil, err
	}
	return plan, selected, role, nil
}
