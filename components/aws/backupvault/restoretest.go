package backupvault

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/tags"
)

// Restore testing: what it restores and how.
const (
	// RestoreTestResourceType is the type of the protected resources the
	// restore test restores: S3 buckets, the model artifacts and logs the
	// stacks back up. A restore testing selection takes one type
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html).
	RestoreTestResourceType = "S3"
	// RestoreTestSelectionName names the selection in its plan: 1 to 50
	// letters, digits and '_', unique in the plan (same page).
	RestoreTestSelectionName = "s3"
	// maxRestoreTestingPlanName is the longest restore testing plan name
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRestoreTestingPlan.html).
	maxRestoreTestingPlanName = 50
)

// notPlanNameChar is what a restore testing plan name may not hold: it
// consists of letters, digits and underscores only
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html),
// so not the '-' of Pulumi's autonaming.
var notPlanNameChar = regexp.MustCompile(`[^A-Za-z0-9_]`)

// restoreTestingPlanName is the restore testing plan's name for the vault
// named name in project and stack: PROJECT_STACK_NAME with every other
// character than a letter, digit or '_' made '_'. Plan names are unique
// in an account and region, which several stacks may share, hence the
// project and stack; a name over 50 characters keeps its first 41 and
// ends in '_' and 8 hex digits of a hash of the whole.
func restoreTestingPlanName(project, stack, name string) string {
	whole := project + "_" + stack + "_" + name
	n := notPlanNameChar.ReplaceAllString(whole, "_")
	if len(n) <= maxRestoreTestingPlanName {
		return n
	}
	h := sha256.Sum256([]byte(whole))
	return n[:maxRestoreTestingPlanName-9] + "_" + hex.EncodeToString(h[:])[:8]
}

// restoreTesting creates the restore testing plan (named resName) that
// restores, on RestoreTestSchedule, the latest S3 recovery point of the
// vault vaultArn, its selection of every protected S3 resource, and the
// role (NAME-restore) that AWS Backup assumes to restore, holding the
// restore policies only. in makes the resources children of the
// component; where places the plan and selection in the vault's region.
func (a *Args) restoreTesting(ctx *pulumi.Context, name, resName string, vaultArn pulumi.StringOutput, env awsenv.Env, in pulumi.ResourceOrInvokeOption, where ...pulumi.ResourceOption) (*backup.RestoreTestingPlan, error) {
	role, err := backupRole(ctx, name+"-restore", name+"-restore", "AWS Backup restore testing for modelfort "+name,
		[]managedPolicy{restoresPolicy, s3RestorePolicy}, env, in)
	if err != nil {
		return nil, err
	}
	opts := append([]pulumi.ResourceOption{in}, where...)
	plan, err := backup.NewRestoreTestingPlan(ctx, resName, &backup.RestoreTestingPlanArgs{
		Name:               pulumi.String(restoreTestingPlanName(ctx.Project(), ctx.Stack(), name)),
		ScheduleExpression: pulumi.String(a.RestoreTestSchedule),
		RecoveryPointSelection: &backup.RestoreTestingPlanRecoveryPointSelectionArgs{
			// The newest recovery point: the one a disaster would restore.
			Algorithm:          pulumi.String("LATEST_WITHIN_WINDOW"),
			IncludeVaults:      pulumi.StringArray{vaultArn},
			RecoveryPointTypes: pulumi.ToStringArray([]string{"SNAPSHOT"}),
		},
		Tags: tags.Of(a.Tags),
	}, opts...)
	if err != nil {
		return nil, err
	}
	// "*" selects every protected resource of the type: a selection takes
	// either the wildcard or up to 30 ARNs, not both
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html).
	// The wildcard covers the tagged resources as well as Resources, and
	// the plan's IncludeVaults keeps it to this vault's recovery points.
	_, err = backup.NewRestoreTestingSelection(ctx, resName, &backup.RestoreTestingSelectionArgs{
		Name:                   pulumi.String(RestoreTestSelectionName),
		RestoreTestingPlanName: plan.Name,
		ProtectedResourceType:  pulumi.String(RestoreTestResourceType),
		ProtectedResourceArns:  pulumi.ToStringArray([]string{"*"}),
		IamRoleArn:             role.Arn,
	}, opts...)
	return plan, err
}
