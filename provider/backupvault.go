package provider

import (
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/backupvault"
)

// BackupVaultArgs are backupvault.Args on the wire.
type BackupVaultArgs struct {
	KMSKeyArn pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	// RecoveryPointObjectiveHours is the most data, in hours, that a
	// restore may lose. The plan backs up at least that often: every 1, 2,
	// 3, 4, 6, 8 or 12 hours, or daily. At least 1. Default (0): 24.
	RecoveryPointObjectiveHours int  `pulumi:"recoveryPointObjectiveHours,optional"`
	RetentionDays               int  `pulumi:"retentionDays,optional"`
	MinRetentionDays            int  `pulumi:"minRetentionDays,optional"`
	MaxRetentionDays            int  `pulumi:"maxRetentionDays,optional"`
	ChangeableForDays           int  `pulumi:"changeableForDays,optional"`
	GovernanceMode              bool `pulumi:"governanceMode,optional"`
	// CopyRegion, when set, creates a locked vault (with its own key) in
	// that region, which must differ from the vault's, and copies every
	// recovery point there (the Go API's CopyProvider). Default: none (no
	// copy).
	CopyRegion               string               `pulumi:"copyRegion,optional"`
	SelectionKey             string               `pulumi:"selectionKey,optional"`
	SelectionValue           string               `pulumi:"selectionValue,optional"`
	Resources                []pulumi.StringInput `pulumi:"resources,optional"`
	NotificationTopicArn     pulumi.StringInput   `pulumi:"notificationTopicArn,optional"`
	CopyNotificationTopicArn pulumi.StringInput   `pulumi:"copyNotificationTopicArn,optional"`
	NotificationEmails       []string             `pulumi:"notificationEmails,optional"`
	NotificationEvents       []string             `pulumi:"notificationEvents,optional"`
	RestoreTestSchedule      string               `pulumi:"restoreTestSchedule,optional"`
	NoRestoreTesting         bool                 `pulumi:"noRestoreTesting,optional"`
	Tags                     map[string]string    `pulumi:"tags,optional"`
}

func newBackupVault(ctx *pulumi.Context, name string, a BackupVaultArgs, opts ...pulumi.ResourceOption) (*backupvault.Vault, error) {
	args := &backupvault.Args{
		KMSKeyArn:                a.KMSKeyArn,
		RecoveryPointObjective:   time.Duration(a.RecoveryPointObjectiveHours) * time.Hour,
		RetentionDays:            a.RetentionDays,
		MinRetentionDays:         a.MinRetentionDays,
		MaxRetentionDays:         a.MaxRetentionDays,
		ChangeableForDays:        a.ChangeableForDays,
		GovernanceMode:           a.GovernanceMode,
		SelectionKey:             a.SelectionKey,
		SelectionValue:           a.SelectionValue,
		Resources:                a.Resources,
		NotificationTopicArn:     a.NotificationTopicArn,
		CopyNotificationTopicArn: a.CopyNotificationTopicArn,
		NotificationEmails:       a.NotificationEmails,
		NotificationEvents:       a.NotificationEvents,
		RestoreTestSchedule:      a.RestoreTestSchedule,
		NoRestoreTesting:         a.NoRestoreTesting,
		Tags:                     a.Tags,
	}
	if a.CopyRegion != "" {
		if err := checkFirst("backupvault", name, *args, func(c *backupvault.Args) { c.CopyProvider = pending }); err != nil {
			return nil, err
		}
		if err := otherRegion(ctx, opts, "backupvault", name, "copyRegion", a.CopyRegion, "vault"); err != nil {
			return nil, err
		}
		copyProvider, err := regionProvider(ctx, name, a.CopyRegion)
		if err != nil {
			return nil, err
		}
		args.CopyProvider = copyProvider
	}
	return backupvault.NewVault(ctx, name, args, opts...)
}
