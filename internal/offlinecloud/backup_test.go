package offlinecloud

import (
	"regexp"
	"strings"
	"testing"
)

// The unique names of AWS Backup's restore testing join the cases of
// TestUniqueNamesAreClaimedAndReleased (and so TestEveryUniqueHasCases).
func init() {
	uniqueCases = append(uniqueCases,
		uniqueCase{"BACKUP-RESTORE-TESTING-PLAN-TAKEN", typeRestoreTestingPlan, AWS, AWSEnv("us-west-2"),
			map[string]any{"name": "modelfort_prod_backup", "scheduleExpression": "cron(0 6 1 1,4,7,10 ? *)"},
			"AlreadyExistsException: A restore testing plan with the name modelfort_prod_backup already exists"},
		uniqueCase{"BACKUP-RESTORE-TESTING-SELECTION-TAKEN", typeRestoreTestingSelection, AWS, AWSEnv("us-west-2"),
			map[string]any{"name": "s3", "restoreTestingPlanName": "modelfort_prod_backup", "protectedResourceType": "S3"},
			"AlreadyExistsException: A restore testing selection with the name s3 already exists in restore testing plan modelfort_prod_backup"},
	)
}

const (
	typeRestoreTestingPlan      = "aws:backup/restoreTestingPlan:RestoreTestingPlan"
	typeRestoreTestingSelection = "aws:backup/restoreTestingSelection:RestoreTestingSelection"
	typeVaultNotifications      = "aws:backup/vaultNotifications:VaultNotifications"
)

// TestBackupRestoreTestingAndNotificationsShapes: a restore testing plan
// is known by its name and its ARN ends in the name and an ID; a
// selection by NAME:PLAN; a vault's notifications by the vault's name.
func TestBackupRestoreTestingAndNotificationsShapes(t *testing.T) {
	env := AWSEnv("us-west-2")
	id, out, err := AWS.Create(env, typeRestoreTestingPlan, urn(typeRestoreTestingPlan, "drill"),
		inputs(map[string]any{"name": "modelfort_dev_backup", "scheduleExpression": "cron(0 6 1 1,4,7,10 ? *)"}), false)
	if err != nil {
		t.Fatal(err)
	}
	arn := regexp.MustCompile(`^arn:aws:backup:us-west-2:123456789012:restore-testing-plan:modelfort_dev_backup-[0-9a-f-]{36}$`)
	if id != "modelfort_dev_backup" || !arn.MatchString(out["arn"].StringValue()) {
		t.Errorf("restore testing plan: id %q, arn %v", id, out["arn"])
	}
	id, out, err = AWS.Create(env, typeRestoreTestingSelection, urn(typeRestoreTestingSelection, "drill"),
		inputs(map[string]any{"name": "s3", "restoreTestingPlanName": "modelfort_dev_backup", "protectedResourceType": "S3"}), false)
	if err != nil {
		t.Fatal(err)
	}
	if id != "s3:modelfort_dev_backup" || out.HasValue("arn") {
		t.Errorf("restore testing selection: id %q, outputs %v", id, out)
	}
	id, out, err = AWS.Create(env, typeVaultNotifications, urn(typeVaultNotifications, "data"),
		inputs(map[string]any{"backupVaultName": "data-1a2b3c4", "snsTopicArn": "arn:aws:sns:us-west-2:123456789012:t", "backupVaultEvents": []any{"COPY_JOB_FAILED"}}), false)
	if err != nil {
		t.Fatal(err)
	}
	if id != "data-1a2b3c4" || out["backupVaultArn"].StringValue() != "arn:aws:backup:us-west-2:123456789012:backup-vault:data-1a2b3c4" || out.HasValue("arn") {
		t.Errorf("vault notifications: id %q, outputs %v", id, out)
	}
	// Every input of a vault's notifications replaces them.
	if d := AWS.Diff(typeVaultNotifications,
		inputs(map[string]any{"backupVaultName": "v", "snsTopicArn": "a", "backupVaultEvents": []any{"COPY_JOB_FAILED"}}),
		inputs(map[string]any{"backupVaultName": "v", "snsTopicArn": "a", "backupVaultEvents": []any{"COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED"}})); len(d.ReplaceKeys) != 1 {
		t.Errorf("new events: replace %v", d.ReplaceKeys)
	}
}

// TestRestoreTestingPlanIsNotAutonamed: the stand-in's autonaming would
// join with '-', which AWS refuses in a restore testing plan name, so it
// leaves the name to the program, and a plan without one fails.
func TestRestoreTestingPlanIsNotAutonamed(t *testing.T) {
	u := urn(typeRestoreTestingPlan, "drill")
	if in := AWS.Check(typeRestoreTestingPlan, u, nil, inputs(map[string]any{"scheduleExpression": "cron(0 6 1 * ? *)"}), []byte("seed")); in.HasValue("name") {
		t.Errorf("the stand-in named a restore testing plan %v", in["name"])
	}
	if _, _, err := AWS.Create(AWSEnv("us-east-1"), typeRestoreTestingPlan, u, inputs(map[string]any{"scheduleExpression": "cron(0 6 1 * ? *)"}), false); err == nil {
		t.Error("a restore testing plan without a name was created")
	}
}

// TestRestoreTestingNamesFollowTheirScope: a plan name is free in another
// region; a selection name is free in another plan and taken in its own.
func TestRestoreTestingNamesFollowTheirScope(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	plan := map[string]any{"name": "modelfort_dev_backup", "scheduleExpression": "cron(0 6 1 * ? *)"}
	create(t, a, "us-east-1", typeRestoreTestingPlan, "east", plan)
	create(t, a, "us-west-2", typeRestoreTestingPlan, "west", plan)
	sel := func(plan string) map[string]any {
		return map[string]any{"name": "s3", "restoreTestingPlanName": plan, "protectedResourceType": "S3"}
	}
	create(t, a, "us-west-2", typeRestoreTestingSelection, "a", sel("modelfort_dev_backup"))
	create(t, a, "us-west-2", typeRestoreTestingSelection, "b", sel("modelfort_staging_backup"))
	create(t, a, "us-east-1", typeRestoreTestingSelection, "c", sel("modelfort_dev_backup"))
	_, _, err := AWS.CreateIn(a, AWSEnv("us-west-2"), typeRestoreTestingSelection, urnOf("staging", typeRestoreTestingSelection, "d"), inputs(sel("modelfort_dev_backup")), false)
	if err == nil || !strings.Contains(err.Error(), "offline cloud rule BACKUP-RESTORE-TESTING-SELECTION-TAKEN") {
		t.Errorf("a second selection s3 in one plan: %v", err)
	}
}
