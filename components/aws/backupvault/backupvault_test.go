package backupvault

import (
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
	if n := len(rec.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")); n != 2 {
		t.Errorf("%d managed policies attached; want backup and restores", n)
	}
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
		a.ChangeableForDays != MinChangeableForDays || a.SelectionKey != DefaultSelectionKey || a.SelectionValue != DefaultSelectionTag {
		t.Errorf("defaults: %+v", a)
	}
	err := (&Args{ChangeableForDays: 2}).Validate("data")
	if err == nil || err.Error() != "ChangeableForDays is 2; it must be at least 3" {
		t.Errorf("err = %v", err)
	}
}
