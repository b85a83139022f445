package main

import (
	"slices"
	"testing"

	"github.com/modelfort/modelfort/components/aws/backupvault"
	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	plan := rec.Find("aws:backup/plan:Plan", "data")
	copyVault := rec.Find("aws:backup/vault:Vault", "data-copy")
	if plan == nil || copyVault == nil || plan.Str("rules[0].schedule") != "cron(0 0/4 * * ? *)" || copyVault.Region != "us-west-2" {
		t.Fatalf("plan %v, copy vault %v", plan, copyVault)
	}
	if rec.Find("aws:backup/selection:Selection", "data-resources") != nil {
		t.Error("a selection of resources by name without the config bucket")
	}
}

// TestProgramWithBucketAndEmail: the bucket is selected by name, both
// vaults notify a topic of their region that the address subscribes to,
// and the restore test restores the copy in the disaster-recovery region
// every quarter.
func TestProgramWithBucketAndEmail(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config(mocktest.Project+":bucket", "models-1"),
		mocktest.Config(mocktest.Project+":notifyEmail", "oncall@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	sel := rec.Find("aws:backup/selection:Selection", "data-resources")
	if sel == nil || !slices.Equal(sel.Strs("resources"), []string{"arn:aws:s3:::models-1"}) || sel.Str("planId") != rec.Find("aws:backup/plan:Plan", "data").ID {
		t.Errorf("selection of the bucket: %v", sel)
	}
	for name, region := range map[string]string{"data": "us-east-1", "data-copy": "us-west-2"} {
		n := rec.Find("aws:backup/vaultNotifications:VaultNotifications", name)
		topic := rec.Find("aws:sns/topic:Topic", name+"-notifications")
		sub := rec.Find("aws:sns/topicSubscription:TopicSubscription", name+"-notifications-0")
		if n == nil || topic == nil || sub == nil || n.Str("snsTopicArn") != topic.Out("arn") || topic.Region != region ||
			sub.Str("topic") != topic.Out("arn") || sub.Str("endpoint") != "oncall@example.com" {
			t.Errorf("notifications of %s: %v, topic %v, subscription %v", name, n, topic, sub)
		}
	}
	test := rec.Find("aws:backup/restoreTestingPlan:RestoreTestingPlan", "data-copy-restore-test")
	if test == nil || test.Region != "us-west-2" || test.Str("scheduleExpression") != backupvault.DefaultRestoreTestSchedule ||
		!slices.Equal(test.Strs("recoveryPointSelection.includeVaults"), []string{copyVaultArn(rec)}) {
		t.Errorf("restore testing plan %v", test)
	}
}

func copyVaultArn(rec *mocktest.Recording) string {
	return rec.Find("aws:backup/vault:Vault", "data-copy").Out("arn")
}
