// Command backup-vault is an example of backupvault.Vault: a locked vault
// backed up every 4 hours (a 4-hour recovery point objective), keeping
// recovery points for 35 days, copied to a locked vault in a
// disaster-recovery region. The plan backs up the bucket named by the
// config "bucket" (if any) and every resource tagged
// "modelfort:backup=true". Each vault tells an encrypted SNS topic of its
// region of failed jobs and restores (the address in "notifyEmail", if
// any, subscribes), and every quarter AWS Backup restores the newest copy
// in the disaster-recovery region to prove that it restores.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi config set bucket my-model-artifacts
//	pulumi config set notifyEmail oncall@example.com
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
	var resources []pulumi.StringInput
	if bucket := config.Get(ctx, "bucket"); bucket != "" {
		resources = append(resources, pulumi.String("arn:aws:s3:::"+bucket))
	}
	var emails []string
	if email := config.Get(ctx, "notifyEmail"); email != "" {
		emails = append(emails, email)
	}
	vault, err := backupvault.NewVault(ctx, "data", &backupvault.Args{
		RecoveryPointObjective: 4 * time.Hour,
		CopyProvider:           dr,
		Resources:              resources,
		NotificationEmails:     emails,
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
	ctx.Export("selectedResources", vault.SelectedResources)
	ctx.Export("notificationTopic", vault.NotificationTopicArn)
	ctx.Export("copyNotificationTopic", vault.CopyNotificationTopicArn)
	ctx.Export("restoreTestingPlan", vault.RestoreTestingPlanName)
	return nil
}

func main() {
	pulumi.Run(program)
}
