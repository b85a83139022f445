package backupvault

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/tags"
)

// lockedVault creates a vault, encrypted with keyArn or a key of its own,
// and its lock: compliance mode after ChangeableForDays, or governance
// mode.
func (a *Args) lockedVault(ctx *pulumi.Context, name string, keyArn pulumi.StringInput, opts ...pulumi.ResourceOption) (*backup.Vault, error) {
	keyArn, _, err := encryption.KeyOrOwn(ctx, pkg, name, keyArn, kmskey.Args{
		Description: "modelfort backup vault " + name,
		ViaServices: []string{"backup"},
		Tags:        a.Tags,
	}, opts...)
	if err != nil {
		return nil, err
	}
	vault, err := backup.NewVault(ctx, name, &backup.VaultArgs{
		KmsKeyArn:    keyArn,
		ForceDestroy: pulumi.Bool(false),
		Tags:         tags.Of(a.Tags),
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
