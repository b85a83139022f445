// Command backup-vault is an example of backupvault.Vault: a locked vault
// backed up every 4 hours (a 4-hour recovery point objective), keeping
// recovery points for 35 days, copied to a locked vault in a
// disaster-recovery region. Tag a resource "modelfort:backup=true" to
// include it.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi up
package main

import (
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/backupvault"
)

func program(ctx *pulumi.Context) error {
	drRegion := config.Get(ctx, "drRegion")
	if drRegion == "" {
		drRegion = "us-west-2"
	}
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	vault, err := backupvault.NewVault(ctx, "data", &backupvault.Args{
		RecoveryPointObjective: 4 * time.Hour,
		CopyProvider:           dr,
		// A governance-mode lock keeps the example removable; the default
		// lock becomes immutable after 3 days.
		GovernanceMode: true,
	})
	if err != nil {
		return err
	}
	ctx.Export("vault", vault.VaultName)
	ctx.Export("copyVault", vault.CopyVaultArn)
	ctx.Export("schedule", vault.Schedule)
	return nil
}

func main() {
	pulumi.Run(program)
}
