// Package backupvault provides Vault, an AWS Backup vault whose recovery
// points cannot be deleted early: encrypted with a customer-managed key,
// under a vault lock, filled by a backup plan whose schedule follows from a
// recovery point objective, and copied to a locked vault in a
// disaster-recovery region. Resources join the plan by carrying a tag.
//
// The vault lock is in compliance mode by default: once ChangeableForDays
// have passed, no one (not even the account root or AWS) can remove the
// lock, shorten retention, or delete the vault while it holds recovery
// points. GovernanceMode loosens that for environments that must be torn
// down.
package backupvault

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Type is the component's type token.
const Type = "modelfort:aws:BackupVault"

// Defaults.
const (
	DefaultRecoveryPointObjective = 24 * time.Hour
	DefaultRetentionDays          = 35
	DefaultMinRetentionDays       = 7
	DefaultMaxRetentionDays       = 365
	// MinChangeableForDays is AWS's minimum grace period before a
	// compliance-mode vault lock becomes immutable.
	MinChangeableForDays = 3
	DefaultSelectionKey  = "modelfort:backup"
	DefaultSelectionTag  = "true"
)

// Args configures a Vault. The zero value is a valid, secure vault.
type Args struct {
	// KMSKeyArn encrypts the vault. Default: a dedicated key, usable
	// through AWS Backup only.
	KMSKeyArn pulumi.StringInput
	// RecoveryPointObjective is the most data, in time, that a restore may
	// lose. The plan backs up at least that often: every 1, 2, 3, 4, 6, 8
	// or 12 hours, or daily. At least one hour. Default: 24 hours.
	RecoveryPointObjective time.Duration
	// RetentionDays is how long recovery points are kept, within the lock's
	// bounds. Default: 35.
	RetentionDays int
	// MinRetentionDays and MaxRetentionDays bound every recovery point's
	// retention under the vault lock. Defaults: 7 and 365.
	MinRetentionDays, MaxRetentionDays int
	// ChangeableForDays is the grace period, at least 3 days, after which
	// the lock can no longer be changed or removed. Default: 3.
	ChangeableForDays int
	// GovernanceMode leaves the lock removable by privileged principals
	// (no ChangeableForDays): an explicit loosening for environments that
	// must be torn down.
	GovernanceMode bool
	// CopyProvider, when set, creates a locked vault (with its own key) in
	// that provider's region, another region than the vault's, and copies
	// every recovery point there.
	CopyProvider pulumi.ProviderResource
	// SelectionKey and SelectionValue: resources tagged with them are
	// backed up. Defaults: "modelfort:backup" and "true".
	SelectionKey, SelectionValue string
	// Tags are added to the vaults and the plan.
	Tags map[string]string
}

// Vault is a locked backup vault, its plan and selection, and optionally
// its copy in a disaster-recovery region.
type Vault struct {
	pulumi.ResourceState

	VaultName pulumi.StringOutput `pulumi:"vaultName"`
	VaultArn  pulumi.StringOutput `pulumi:"vaultArn"`
	// CopyVaultArn is the disaster-recovery vault, or empty.
	CopyVaultArn pulumi.StringOutput `pulumi:"copyVaultArn"`
	PlanId       pulumi.StringOutput `pulumi:"planId"`
	// Schedule is the plan's cron expression.
	Schedule pulumi.StringOutput `pulumi:"schedule"`

	// RecoveryPointObjective is the objective the schedule meets: the
	// interval between backups, at most Args.RecoveryPointObjective.
	RecoveryPointObjective time.Duration
	Region, CopyRegion     string

	Vault, CopyVault *backup.Vault
}

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

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if err := kmskey.CheckArn("KMSKeyArn", a.KMSKeyArn); err != nil {
		return fmt.Errorf("backupvault %s: %w", name, err)
	}
	if a.RecoveryPointObjective == 0 {
		a.RecoveryPointObjective = DefaultRecoveryPointObjective
	}
	if a.RecoveryPointObjective < time.Hour {
		return fmt.Errorf("backupvault %s: RecoveryPointObjective is %s; AWS Backup plans run at most hourly, so it must be at least 1h", name, a.RecoveryPointObjective)
	}
	if a.MinRetentionDays == 0 {
		a.MinRetentionDays = DefaultMinRetentionDays
	}
	if a.MaxRetentionDays == 0 {
		a.MaxRetentionDays = DefaultMaxRetentionDays
	}
	if a.RetentionDays == 0 {
		a.RetentionDays = DefaultRetentionDays
	}
	if a.MinRetentionDays < 1 || a.MaxRetentionDays < a.MinRetentionDays {
		return fmt.Errorf("backupvault %s: MinRetentionDays (%d) and MaxRetentionDays (%d) must satisfy 1 <= min <= max", name, a.MinRetentionDays, a.MaxRetentionDays)
	}
	if a.RetentionDays < a.MinRetentionDays || a.RetentionDays > a.MaxRetentionDays {
		return fmt.Errorf("backupvault %s: RetentionDays is %d; the vault lock allows %d to %d", name, a.RetentionDays, a.MinRetentionDays, a.MaxRetentionDays)
	}
	switch {
	case a.GovernanceMode && a.ChangeableForDays != 0:
		return fmt.Errorf("backupvault %s: ChangeableForDays is %d with GovernanceMode; a governance-mode lock has no grace period", name, a.ChangeableForDays)
	case a.GovernanceMode:
	case a.ChangeableForDays == 0:
		a.ChangeableForDays = MinChangeableForDays
	case a.ChangeableForDays < MinChangeableForDays:
		return fmt.Errorf("backupvault %s: ChangeableForDays is %d; it must be at least %d", name, a.ChangeableForDays, MinChangeableForDays)
	}
	if a.SelectionKey == "" {
		a.SelectionKey = DefaultSelectionKey
	}
	if a.SelectionValue == "" {
		a.SelectionValue = DefaultSelectionTag
	}
	return nil
}

// NewVault creates a vault. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to the vaults and keys.
func NewVault(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Vault, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("backupvault %s: %w", name, err)
	}
	var copyEnv awsenv.Env
	if a.CopyProvider != nil {
		if copyEnv, err = awsenv.Lookup(ctx, pulumi.Provider(a.CopyProvider)); err != nil {
			return nil, fmt.Errorf("backupvault %s: %w", name, err)
		}
		if copyEnv.Region == env.Region {
			return nil, fmt.Errorf("backupvault %s: CopyProvider acts in %s, the vault's own region; copies must go to another region", name, env.Region)
		}
	}
	schedule, interval := Schedule(a.RecoveryPointObjective)

	v := &Vault{RecoveryPointObjective: interval, Region: env.Region, CopyRegion: copyEnv.Region}
	if err := ctx.RegisterComponentResource(Type, name, v, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(v)
	if v.Vault, err = a.lockedVault(ctx, name, a.KMSKeyArn, in); err != nil {
		return nil, err
	}
	v.CopyVaultArn = pulumi.String("").ToStringOutput()
	rule := &backup.PlanRuleArgs{
		RuleName:         pulumi.String("every-" + interval.String()),
		TargetVaultName:  v.Vault.Name,
		Schedule:         pulumi.String(schedule),
		StartWindow:      pulumi.Int(60),
		CompletionWindow: pulumi.Int(24 * 60),
		Lifecycle:        &backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(a.RetentionDays)},
	}
	if a.CopyProvider != nil {
		if v.CopyVault, err = a.lockedVault(ctx, name+"-copy", nil, in, pulumi.Provider(a.CopyProvider)); err != nil {
			return nil, err
		}
		v.CopyVaultArn = v.CopyVault.Arn
		rule.CopyActions = backup.PlanRuleCopyActionArray{&backup.PlanRuleCopyActionArgs{
			DestinationVaultArn: v.CopyVault.Arn,
			Lifecycle:           &backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(a.RetentionDays)},
		}}
	}
	plan, err := backup.NewPlan(ctx, name, &backup.PlanArgs{
		Name:  pulumi.String(name),
		Rules: backup.PlanRuleArray{rule},
		Tags:  pulumi.ToStringMap(a.Tags),
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
	for _, managed := range []string{"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"} {
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

	v.VaultName, v.VaultArn = v.Vault.Name, v.Vault.Arn
	v.PlanId, v.Schedule = plan.ID().ToStringOutput(), pulumi.String(schedule).ToStringOutput()
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{
		"vaultName": v.VaultName, "vaultArn": v.VaultArn, "copyVaultArn": v.CopyVaultArn, "planId": v.PlanId, "schedule": v.Schedule,
	})
}

// lockedVault creates a vault, encrypted with keyArn or a key of its own,
// and its lock.
func (a *Args) lockedVault(ctx *pulumi.Context, name string, keyArn pulumi.StringInput, opts ...pulumi.ResourceOption) (*backup.Vault, error) {
	if keyArn == nil {
		key, err := kmskey.NewKey(ctx, name, &kmskey.Args{
			Description: "modelfort backup vault " + name,
			ViaServices: []string{"backup"},
			Tags:        a.Tags,
		}, opts...)
		if err != nil {
			return nil, err
		}
		keyArn = key.Arn
	}
	vault, err := backup.NewVault(ctx, name, &backup.VaultArgs{
		KmsKeyArn:    keyArn,
		ForceDestroy: pulumi.Bool(false),
		Tags:         pulumi.ToStringMap(a.Tags),
	}, opts...)
	if err != nil {
		return nil, err
	}
	lock := &backup.VaultLockConfigurationArgs{
		BackupVaultName:  vault.Name,
		MinRetentionDays: pulumi.Int(a.MinRetentionDays),
		MaxRetentionDays: pulumi.Int(a.MaxRetentionDays),
	}
	if !a.GovernanceMode {
		lock.ChangeableForDays = pulumi.Int(a.ChangeableForDays)
	}
	_, err = backup.NewVaultLockConfiguration(ctx, name, lock, opts...)
	return vault, err
}
