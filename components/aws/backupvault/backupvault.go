package backupvault

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
)

// Type is the component's type token.
const Type = "modelfort:aws:BackupVault"

// pkg prefixes the component's errors.
const pkg = "backupvault"

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

// NewVault creates a vault. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to the vaults and keys.
func NewVault(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Vault, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	var copyEnv awsenv.Env
	if a.CopyProvider != nil {
		if copyEnv, err = awsenv.Lookup(ctx, pulumi.Provider(a.CopyProvider)); err != nil {
			return nil, component.Errorf(pkg, name, err)
		}
		if copyEnv.Region == env.Region {
			return nil, component.Errorf(pkg, name, fmt.Errorf("CopyProvider acts in %s, the vault's own region; copies must go to another region", env.Region))
		}
	}
	schedule, interval := Schedule(a.RecoveryPointObjective)

	v := &Vault{RecoveryPointObjective: interval, Region: env.Region, CopyRegion: copyEnv.Region}
	in, err := component.Register(ctx, Type, name, v, opts...)
	if err != nil {
		return nil, err
	}
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
	plan, err := a.plan(ctx, name, rule, env, in)
	if err != nil {
		return nil, err
	}

	v.VaultName, v.VaultArn = v.Vault.Name, v.Vault.Arn
	v.PlanId, v.Schedule = plan.ID().ToStringOutput(), pulumi.String(schedule).ToStringOutput()
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{
		"vaultName": v.VaultName, "vaultArn": v.VaultArn, "copyVaultArn": v.CopyVaultArn, "planId": v.PlanId, "schedule": v.Schedule,
	})
}
