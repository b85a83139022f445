package backupvault

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	vaultT     = "aws:backup/vault:Vault"
	lockT      = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	planT      = "aws:backup/plan:Plan"
	selectionT = "aws:backup/selection:Selection"
	keyT       = "aws:kms/key:Key"
)

func newVault(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewVault(ctx, "data", args, opts...)
		return err
	})
}

func TestDefaults(t *testing.T) {
	rec, err := newVault(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	vault, key := rec.Find(vaultT, "data"), rec.Find(keyT, "data")
	if vault == nil || key == nil || vault.Str("kmsKeyArn") != key.Out("arn") || vault.Bool("forceDestroy") {
		t.Fatalf("vault %v encrypted with %v", vault, key)
	}
	if kp, _ := key.Policy("policy"); kp.Find("AccountUsesKeyThroughServices").Values("StringEquals", "kms:ViaService")[0] != "backup.us-east-1.amazonaws.com" {
		t.Error("the vault key must be usable through AWS Backup")
	}
	lock := rec.Find(lockT, "data")
	if lock.Str("backupVaultName") != vault.Out("name") || lock.Num("minRetentionDays") != 7 || lock.Num("maxRetentionDays") != 365 || lock.Num("changeableForDays") != 3 {
		t.Errorf("lock: %v", lock.Inputs)
	}
	plan := rec.Find(planT, "data")
	if plan.Str("rules[0].schedule") != "cron(0 5 * * ? *)" || plan.Num("rules[0].lifecycle.deleteAfter") != 35 ||
		plan.Str("rules[0].targetVaultName") != vault.Out("name") || plan.Has("rules[0].copyActions") {
		t.Errorf("plan: %v", plan.Get("rules"))
	}
	sel := rec.Find(selectionT, "data")
	role := rec.Find("aws:iam/role:Role", "data-backup")
	if sel.Str("planId") != plan.ID || sel.Str("iamRoleArn") != role.Out("arn") ||
		sel.Str("selectionTags[0].key") != "modelfort:backup" || sel.Str("selectionTags[0].value") != "true" || sel.Str("selectionTags[0].type") != "STRINGEQUALS" {
		t.Errorf("selection: %v", sel.Inputs)
	}
	trust, _ := role.Policy("assumeRolePolicy")
	if trust.Statement[0].Principal["Service"][0] != "backup.amazonaws.com" {
		t.Errorf("backup role trust: %+v", trust.Statement)
	}
	if got := policiesOf(rec, role); !slices.Equal(got, allBackupPolicies) {
		t.Errorf("backup role policies %v; want %v", got, allBackupPolicies)
	}
	if rec.Find(selectionT, "data-resources") != nil {
		t.Error("a selection of resources by name without Resources")
	}
	// Notifications and the restore test are on by default, in the
	// vault's region without a copy.
	checkNotifications(t, rec, vault, "us-east-1")
	checkRestoreTesting(t, rec, vault, "us-east-1", DefaultRestoreTestSchedule)
}

func TestSchedule(t *testing.T) {
	for rpo, want := range map[time.Duration]struct {
		cron     string
		interval time.Duration
	}{
		time.Hour:        {"cron(0 * * * ? *)", time.Hour},
		90 * time.Minute: {"cron(0 * * * ? *)", time.Hour},
		5 * time.Hour:    {"cron(0 0/4 * * ? *)", 4 * time.Hour},
		12 * time.Hour:   {"cron(0 0/12 * * ? *)", 12 * time.Hour},
		72 * time.Hour:   {"cron(0 5 * * ? *)", 24 * time.Hour},
	} {
		cron, interval := Schedule(rpo)
		if cron != want.cron || interval != want.interval || interval > rpo {
			t.Errorf("Schedule(%s) = %q, %s; want %q, %s", rpo, cron, interval, want.cron, want.interval)
		}
	}
}

func TestOptions(t *testing.T) {
	var v *Vault
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		v, err = NewVault(ctx, "data", &Args{
			KMSKeyArn:              pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
			RecoveryPointObjective: 6 * time.Hour,
			RetentionDays:          90,
			MinRetentionDays:       30,
			MaxRetentionDays:       120,
			ChangeableForDays:      14,
			CopyProvider:           dr,
			SelectionKey:           "backup",
			SelectionValue:         "daily",
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if v.RecoveryPointObjective != 6*time.Hour || v.CopyRegion != "eu-west-1" {
		t.Errorf("RPO %s, copy region %s", v.RecoveryPointObjective, v.CopyRegion)
	}
	if rec.Find(vaultT, "data").Str("kmsKeyArn") != "arn:aws:kms:us-east-1:123456789012:key/given" || rec.Find(keyT, "data") != nil {
		t.Error("the given key must encrypt the vault, and no key be created for it")
	}
	copyVault, copyKey := rec.Find(vaultT, "data-copy"), rec.Find(keyT, "data-copy")
	if copyVault == nil || copyVault.Region != "eu-west-1" || copyKey.Region != "eu-west-1" || copyVault.Str("kmsKeyArn") != copyKey.Out("arn") {
		t.Fatalf("copy vault %v with key %v", copyVault, copyKey)
	}
	if cl := rec.Find(lockT, "data-copy"); cl.Region != "eu-west-1" || cl.Num("changeableForDays") != 14 || cl.Num("minRetentionDays") != 30 {
		t.Errorf("copy vault lock: %v", cl.Inputs)
	}
	plan := rec.Find(planT, "data")
	if plan.Str("rules[0].schedule") != "cron(0 0/6 * * ? *)" || plan.Num("rules[0].lifecycle.deleteAfter") != 90 ||
		plan.Str("rules[0].copyActions[0].destinationVaultArn") != copyVault.Out("arn") || plan.Num("rules[0].copyActions[0].lifecycle.deleteAfter") != 90 {
		t.Errorf("plan: %v", plan.Get("rules"))
	}
	if s := rec.Find(selectionT, "data"); s.Str("selectionTags[0].key") != "backup" || s.Str("selectionTags[0].value") != "daily" {
		t.Errorf("selection: %v", s.Get("selectionTags"))
	}

	gov, err := newVault(t, &Args{GovernanceMode: true})
	if err != nil {
		t.Fatal(err)
	}
	if gov.Find(lockT, "data").Has("changeableForDays") {
		t.Error("a governance-mode lock must not set changeableForDays")
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"empty key ARN", &Args{KMSKeyArn: pulumi.String("")}, `KMSKeyArn "" is not a KMS key ARN`},
		{"RPO below an hour", &Args{RecoveryPointObjective: 30 * time.Minute}, "RecoveryPointObjective is 30m0s"},
		{"changeable for 2 days", &Args{ChangeableForDays: 2}, "ChangeableForDays is 2; it must be at least 3"},
		{"retention under the lock's minimum", &Args{RetentionDays: 3}, "RetentionDays is 3; the vault lock allows 7 to 365"},
		{"retention over the lock's maximum", &Args{RetentionDays: 400}, "RetentionDays is 400"},
		{"min above max", &Args{MinRetentionDays: 30, MaxRetentionDays: 10, RetentionDays: 20}, "MinRetentionDays (30) and MaxRetentionDays (10) must satisfy 1 <= min <= max"},
		{"governance with a grace period", &Args{GovernanceMode: true, ChangeableForDays: 3}, "ChangeableForDays is 3 with GovernanceMode; a governance-mode lock has no grace period"},
		{"a wildcard resource", &Args{Resources: []pulumi.StringInput{pulumi.String("arn:aws:s3:::models/*")}}, `Resources[0] "arn:aws:s3:::models/*" is not a resource ARN without wildcards`},
		{"a resource that is no ARN", &Args{Resources: []pulumi.StringInput{pulumi.String("arn:aws:s3:::a"), pulumi.String("models")}}, `Resources[1] "models" is not a resource ARN`},
		{"a nil resource", &Args{Resources: []pulumi.StringInput{nil}}, "Resources[0] is nil"},
		{"too many resources", &Args{Resources: slices.Repeat([]pulumi.StringInput{pulumi.String("arn:aws:s3:::b")}, 501)}, "Resources has 501 ARNs; a backup selection takes at most 500"},
		{"a FIFO topic", &Args{NotificationTopicArn: pulumi.String("arn:aws:sns:us-east-1:123456789012:ops.fifo")}, `NotificationTopicArn "arn:aws:sns:us-east-1:123456789012:ops.fifo" is not a standard SNS topic ARN`},
		{"a topic that is no ARN", &Args{NotificationTopicArn: pulumi.String("ops")}, `NotificationTopicArn "ops" is not a standard SNS topic ARN`},
		{"a copy topic without a copy", &Args{CopyNotificationTopicArn: pulumi.String("arn:aws:sns:us-west-2:123456789012:ops")}, "CopyNotificationTopicArn is set without CopyProvider"},
		{"a topic of another region", &Args{NotificationTopicArn: pulumi.String("arn:aws:sns:eu-west-1:123456789012:ops")}, `NotificationTopicArn "arn:aws:sns:eu-west-1:123456789012:ops" is a topic of eu-west-1 in account 123456789012; the vault is in us-east-1, account 123456789012`},
		{"a topic of another account", &Args{NotificationTopicArn: pulumi.String("arn:aws:sns:us-east-1:210987654321:ops")}, `NotificationTopicArn "arn:aws:sns:us-east-1:210987654321:ops" is a topic of us-east-1 in account 210987654321`},
		{"an email with a display name", &Args{NotificationEmails: []string{"Ops <ops@example.com>"}}, `NotificationEmails[0] "Ops <ops@example.com>" is not an email address`},
		{"no email", &Args{NotificationEmails: []string{"ops@example.com", "ops"}}, `NotificationEmails[1] "ops" is not an email address`},
		{"no notification events", &Args{NotificationEvents: []string{}}, "NotificationEvents is empty; give some of BACKUP_JOB_COMPLETED, COPY_JOB_FAILED"},
		{"a deprecated event", &Args{NotificationEvents: []string{"BACKUP_JOB_FAILED"}}, `NotificationEvents[0] is "BACKUP_JOB_FAILED"; allowed values are BACKUP_JOB_COMPLETED`},
		{"an event twice", &Args{NotificationEvents: []string{"COPY_JOB_FAILED", "COPY_JOB_FAILED"}}, `NotificationEvents[1] "COPY_JOB_FAILED" is listed twice`},
		{"a rate schedule", &Args{RestoreTestSchedule: "rate(90 days)"}, `RestoreTestSchedule "rate(90 days)" is not an AWS cron expression`},
		{"both day fields", &Args{RestoreTestSchedule: "cron(0 6 1 1 MON *)"}, `RestoreTestSchedule "cron(0 6 1 1 MON *)" is not an AWS cron expression`},
		{"five cron fields", &Args{RestoreTestSchedule: "cron(0 6 1 * ?)"}, `RestoreTestSchedule "cron(0 6 1 * ?)" is not an AWS cron expression`},
		{"a schedule without restore testing", &Args{NoRestoreTesting: true, RestoreTestSchedule: "cron(0 6 1 * ? *)"}, `RestoreTestSchedule is "cron(0 6 1 * ? *)" with NoRestoreTesting`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newVault(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "backupvault data: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "backupvault data: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		same, err := aws.NewProvider(ctx, "same", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		_, err = NewVault(ctx, "data", &Args{CopyProvider: same})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "CopyProvider acts in us-east-1, the vault's own region") || len(rec.OfType(Type)) != 0 {
		t.Errorf("copy to the same region: %v", err)
	}
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		_, err = NewVault(ctx, "data", &Args{CopyProvider: dr, CopyNotificationTopicArn: pulumi.String("arn:aws:sns:us-east-1:123456789012:ops")})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `backupvault data: CopyNotificationTopicArn "arn:aws:sns:us-east-1:123456789012:ops" is a topic of us-east-1 in account 123456789012; the vault is in us-west-2`) || len(rec.OfType(Type)) != 0 {
		t.Errorf("a copy topic in the vault's region: %v", err)
	}
}

// TestResourceOptionsReachStatefulChildren passes protect to the
// component: every resource below it must be protected and act in the
// default provider's region, except the copy vault's, which act in the
// copy provider's region and are protected all the same.
func TestResourceOptionsReachStatefulChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewVault(ctx, "data", &Args{CopyProvider: dr}, pulumi.Protect(true))
		return err
	}, mocktest.Config("aws:region", "eu-central-1"))
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "data")
	inCopy := func(r *mocktest.Resource) bool { return strings.HasPrefix(r.Name, "data-copy") }
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-central-1", Protect: true, Skip: inCopy}) {
		t.Error(p)
	}
	here := func(r *mocktest.Resource) bool { return !inCopy(r) }
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true, Skip: here}) {
		t.Error("copy: " + p)
	}
	if n := len(rec.OfType(vaultT)); n != 2 {
		t.Errorf("%d vaults; want the vault and its copy", n)
	}
}

// TestValidate: Validate fills in the defaults in place and its errors
// carry no prefix (NewVault adds it).
func TestValidate(t *testing.T) {
	a := Args{}
	if err := a.Validate("data"); err != nil {
		t.Fatal(err)
	}
	if a.RecoveryPointObjective != DefaultRecoveryPointObjective || a.RetentionDays != DefaultRetentionDays ||
		a.MinRetentionDays != DefaultMinRetentionDays || a.MaxRetentionDays != DefaultMaxRetentionDays ||
		a.ChangeableForDays != MinChangeableForDays || a.SelectionKey != DefaultSelectionKey || a.SelectionValue != DefaultSelectionTag ||
		a.RestoreTestSchedule != DefaultRestoreTestSchedule {
		t.Errorf("defaults: %+v", a)
	}
	off := Args{NoRestoreTesting: true}
	if err := off.Validate("data"); err != nil || off.RestoreTestSchedule != "" {
		t.Errorf("NoRestoreTesting: %v, schedule %q", err, off.RestoreTestSchedule)
	}
	long := Args{Resources: []pulumi.StringInput{pulumi.String("arn:aws:s3:::models")}}
	if err := long.Validate(strings.Repeat("n", 41)); err == nil || !strings.Contains(err.Error(), "the selection of Resources would be named") {
		t.Errorf("a selection name over 50 characters: %v", err)
	}
	err := (&Args{ChangeableForDays: 2}).Validate("data")
	if err == nil || err.Error() != "ChangeableForDays is 2; it must be at least 3" {
		t.Errorf("err = %v", err)
	}
}
