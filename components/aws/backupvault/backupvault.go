package backupvault

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
)

// Type is the component's type token.
const Type = "modelfort:aws:BackupVault"

// pkg prefixes the component's errors.
const pkg = "backupvault"

// Vault is a locked backup vault, its plan and selections, its
// notifications, its restore test and optionally its copy in a
// disaster-recovery region.
type Vault struct {
	pulumi.ResourceState

	VaultName pulumi.StringOutput `pulumi:"vaultName"`
	VaultArn  pulumi.StringOutput `pulumi:"vaultArn"`
	// CopyVaultArn is the disaster-recovery vault, or empty.
	CopyVaultArn pulumi.StringOutput `pulumi:"copyVaultArn"`
	PlanId       pulumi.StringOutput `pulumi:"planId"`
	// Schedule is the plan's cron expression.
	Schedule pulumi.StringOutput `pulumi:"schedule"`
	// SelectedResources are the ARNs the plan backs up by name
	// (Args.Resources), besides the tagged resources; empty without.
	SelectedResources pulumi.StringArrayOutput `pulumi:"selectedResources"`
	// NotificationTopicArn is the topic the vault notifies of VaultEvents;
	// CopyNotificationTopicArn the copy vault's, in its region, or empty.
	NotificationTopicArn     pulumi.StringOutput `pulumi:"notificationTopicArn"`
	CopyNotificationTopicArn pulumi.StringOutput `pulumi:"copyNotificationTopicArn"`
	// RoleArn is the role AWS Backup assumes to back up the selection,
	// and to restore it (in any region: IAM roles are global), as a
	// restore drill does.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// RestoreTestingPlanName is the restore testing plan, or empty with
	// Args.NoRestoreTesting.
	RestoreTestingPlanName pulumi.StringOutput `pulumi:"restoreTestingPlanName"`

	// RecoveryPointObjective is the objective the schedule meets: the
	// interval between backups, at most Args.RecoveryPointObjective.
	RecoveryPointObjective time.Duration
	Region, CopyRegion     string
	// RestoreTestRegion is where the restore test restores: the copy's
	// region, else the vault's; empty with Args.NoRestoreTesting.
	RestoreTestRegion string

	Vault, CopyVault *backup.Vault
	// NotificationTopic and CopyNotificationTopic are the topics the
	// component created (nil when given, or without a copy).
	NotificationTopic, CopyNotificationTopic *sns.Topic
	// RestoreTestingPlan is nil with Args.NoRestoreTesting.
	RestoreTestingPlan *backup.RestoreTestingPlan
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
	if err := checkTopic("NotificationTopicArn", a.NotificationTopicArn, env); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if err := checkTopic("CopyNotificationTopicArn", a.CopyNotificationTopicArn, copyEnv); err != nil {
		return nil, component.Errorf(pkg, name, err)
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
	if v.NotificationTopicArn, v.NotificationTopic, err = a.notifications(ctx, name, v.Vault, a.NotificationTopicArn, env, in); err != nil {
		return nil, err
	}
	v.CopyVaultArn = pulumi.String("").ToStringOutput()
	v.CopyNotificationTopicArn = pulumi.String("").ToStringOutput()
	rule := &backup.PlanRuleArgs{
		RuleName:         pulumi.String("every-" + interval.String()),
		TargetVaultName:  v.Vault.Name,
		Schedule:         pulumi.String(schedule),
		StartWindow:      pulumi.Int(60),
		CompletionWindow: pulumi.Int(24 * 60),
		Lifecycle:        &backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(a.RetentionDays)},
	}
	// The restore test restores in the disaster-recovery region from the
	// copy vault when there is one: a disaster in the vault's region
	// leaves the copies only.
	testVaultArn, testEnv, testName, testWhere := v.Vault.Arn, env, name+"-restore-test", []pulumi.ResourceOption(nil)
	if a.CopyProvider != nil {
		inCopy := pulumi.Provider(a.CopyProvider)
		if v.CopyVault, err = a.lockedVault(ctx, name+"-copy", nil, in, inCopy); err != nil {
			return nil, err
		}
		v.CopyVaultArn = v.CopyVault.Arn
		rule.CopyActions = backup.PlanRuleCopyActionArray{&backup.PlanRuleCopyActionArgs{
			DestinationVaultArn: v.CopyVault.Arn,
			Lifecycle:           &backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(a.RetentionDays)},
		}}
		if v.CopyNotificationTopicArn, v.CopyNotificationTopic, err = a.notifications(ctx, name+"-copy", v.CopyVault, a.CopyNotificationTopicArn, copyEnv, in, inCopy); err != nil {
			return nil, err
		}
		testVaultArn, testEnv, testName, testWhere = v.CopyVault.Arn, copyEnv, name+"-copy-restore-test", []pulumi.ResourceOption{inCopy}
	}
	plan, selected, role, err := a.plan(ctx, name, rule, env, in)
	if err != nil {
		return nil, err
	}
	v.RoleArn = role.Arn
	v.RestoreTestingPlanName = pulumi.String("").ToStringOutput()
	if !a.NoRestoreTesting {
		if v.RestoreTestingPlan, err = a.restoreTesting(ctx, name, testName, testVaultArn, testEnv, in, testWhere...); err != nil {
			return nil, err
		}
		v.RestoreTestingPlanName, v.RestoreTestRegion = v.RestoreTestingPlan.Name, testEnv.Region
	}

	v.VaultName, v.VaultArn, v.SelectedResources = v.Vault.Name, v.Vault.Arn, selected
	v.PlanId, v.Schedule = plan.ID().ToStringOutput(), pulumi.String(schedule).ToStringOutput()
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{
		"vaultName": v.VaultName, "vaultArn": v.VaultArn, "copyVaultArn": v.CopyVaultArn, "planId": v.PlanId, "schedule": v.Schedule,
		"selectedResources": v.SelectedResources, "notificationTopicArn": v.NotificationTopicArn,
		"copyNotificationTopicArn": v.CopyNotificationTopicArn, "restoreTestingPlanName": v.RestoreTestingPlanName, "roleArn": v.RoleArn,
	})
}

// checkTopic checks a given topic ARN against where its vault is: AWS
// Backup notifies topics of the vault's own region and account
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html).
// Outputs are taken as they are.
func checkTopic(field string, given pulumi.StringInput, env awsenv.Env) error {
	s, ok := given.(pulumi.String)
	if !ok {
		return nil
	}
	m := topicArn.FindStringSubmatch(string(s))
	if m[1] != env.Region || m[2] != env.AccountId {
		return fmt.Errorf("%s %q is a topic of %s in account %s; the vault is in %s, account %s, and AWS Backup notifies topics of the vault's region and account only", field, string(s), m[1], m[2], env.Region, env.AccountId)
	}
	return nil
}
