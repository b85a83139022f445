// Package stacks composes modelfort's components into one model-serving
// deployment per environment: a primary region and a disaster-recovery
// region, each with its own explicit provider.
//
// Today a deployment holds the data-protection layer: a multi-Region data
// key, the model-artifact bucket (object-locked) replicated to the DR
// region, the audit trail with its log bucket replicated to the DR region,
// and a locked backup vault copied to the DR region.
package stacks

import (
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/audittrail"
	"github.com/modelfort/modelfort/components/aws/backupvault"
	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

// Site is the part of a deployment in one region.
type Site struct {
	// Role is "primary" or "dr".
	Role     string
	Region   string
	Provider *aws.Provider
}

// Deployment is what a stack builds.
type Deployment struct {
	Config  Config
	Primary *Site
	DR      *Site

	// DataKey is a multi-Region key in the primary region with its
	// replica in the DR region; it encrypts the model artifacts.
	DataKey *kmskey.Key
	// Models holds the model artifacts; ModelsReplica is its copy.
	Models, ModelsReplica *wormbucket.Bucket
	Replication           *wormbucket.Replication
	Audit                 *audittrail.Trail
	// AuditReplica is the audit log bucket's copy in the DR region.
	AuditReplica *wormbucket.Bucket
	Backup       *backupvault.Vault
}

// Program is the Pulumi program of the modelfort project: it loads the
// stack configuration, deploys, and exports what a user needs.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	d, err := Deploy(ctx, cfg)
	if err != nil {
		return err
	}
	d.export(ctx)
	return nil
}

// Deploy builds the deployment that cfg describes. cfg must be valid.
func Deploy(ctx *pulumi.Context, cfg Config) (*Deployment, error) {
	d := &Deployment{Config: cfg}
	var err error
	if d.Primary, err = newSite(ctx, cfg, "primary", cfg.PrimaryRegion); err != nil {
		return nil, err
	}
	if d.DR, err = newSite(ctx, cfg, "dr", cfg.DRRegion); err != nil {
		return nil, err
	}
	profile := cfg.Profile()
	inPrimary := []pulumi.ResourceOption{pulumi.Provider(d.Primary.Provider), pulumi.Protect(profile.Protect)}
	inDR := []pulumi.ResourceOption{pulumi.Provider(d.DR.Provider), pulumi.Protect(profile.Protect)}

	if d.DataKey, err = kmskey.NewKey(ctx, "data", &kmskey.Args{
		Description:     "modelfort " + cfg.Environment + " data key",
		Alias:           "alias/modelfort/" + cfg.Environment + "/data",
		ViaServices:     []string{"backup", "s3", "sagemaker"},
		ReplicaProvider: d.DR.Provider,
	}, inPrimary...); err != nil {
		return nil, err
	}
	retention := &wormbucket.Retention{Mode: cfg.RetentionMode, Days: cfg.RetentionDays}
	if d.Models, err = wormbucket.NewBucket(ctx, "models", &wormbucket.Args{
		KMSKeyArn: d.DataKey.Arn, Retention: retention,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.ModelsReplica, err = wormbucket.NewBucket(ctx, "models-replica", &wormbucket.Args{
		KMSKeyArn: d.DataKey.ReplicaArn, Retention: retention,
	}, inDR...); err != nil {
		return nil, err
	}
	if d.Replication, err = wormbucket.NewReplication(ctx, "models", &wormbucket.ReplicationArgs{
		Source: d.Models, Destination: d.ModelsReplica,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.Audit, err = audittrail.NewTrail(ctx, "audit", &audittrail.Args{
		TrailName:        "modelfort-" + cfg.Environment,
		BucketRetention:  retention,
		DataEventBuckets: []pulumi.StringInput{d.Models.Arn},
		GuardDuty:        cfg.GuardDuty,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.AuditReplica, err = wormbucket.NewBucket(ctx, "audit-logs-replica", &wormbucket.Args{
		Retention: retention,
	}, inDR...); err != nil {
		return nil, err
	}
	if _, err = wormbucket.NewReplication(ctx, "audit-logs", &wormbucket.ReplicationArgs{
		Source: d.Audit.Bucket, Destination: d.AuditReplica,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.Backup, err = backupvault.NewVault(ctx, "backup", &backupvault.Args{
		RecoveryPointObjective: time.Duration(cfg.BackupRPOHours) * time.Hour,
		CopyProvider:           d.DR.Provider,
		GovernanceMode:         profile.BackupGovernanceLock,
	}, inPrimary...); err != nil {
		return nil, err
	}
	return d, nil
}

func newSite(ctx *pulumi.Context, cfg Config, role, region string) (*Site, error) {
	prov, err := aws.NewProvider(ctx, role, &aws.ProviderArgs{
		Region: pulumi.String(region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
			"modelfort:environment": pulumi.String(cfg.Environment),
			"modelfort:site":        pulumi.String(role),
		}},
	})
	if err != nil {
		return nil, err
	}
	return &Site{Role: role, Region: region, Provider: prov}, nil
}

// export publishes the stack outputs a user needs.
func (d *Deployment) export(ctx *pulumi.Context) {
	ctx.Export("environment", pulumi.String(d.Config.Environment))
	ctx.Export("primaryRegion", pulumi.String(d.Primary.Region))
	ctx.Export("drRegion", pulumi.String(d.DR.Region))
	ctx.Export("dataKeyArn", d.DataKey.Arn)
	ctx.Export("dataKeyReplicaArn", d.DataKey.ReplicaArn)
	ctx.Export("modelBucket", d.Models.BucketName)
	ctx.Export("modelBucketArn", d.Models.Arn)
	ctx.Export("modelReplicaBucket", d.ModelsReplica.BucketName)
	ctx.Export("modelReplicaBucketArn", d.ModelsReplica.Arn)
	ctx.Export("auditTrailArn", d.Audit.TrailArn)
	ctx.Export("auditBucket", d.Audit.BucketName)
	ctx.Export("auditReplicaBucket", d.AuditReplica.BucketName)
	ctx.Export("backupVault", d.Backup.VaultName)
	ctx.Export("backupCopyVaultArn", d.Backup.CopyVaultArn)
	ctx.Export("backupSchedule", d.Backup.Schedule)
	ctx.Export("recoveryBudget", d.Config.Budget().Output(d.Config))
}
