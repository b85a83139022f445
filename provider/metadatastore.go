package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/metadatastore"
)

// MetadataStoreArgs are metadatastore.Args on the wire.
type MetadataStoreArgs struct {
	SubnetIds                 []pulumi.StringInput `pulumi:"subnetIds,optional"`
	SecurityGroupIds          []pulumi.StringInput `pulumi:"securityGroupIds,optional"`
	KMSKeyArn                 pulumi.StringInput   `pulumi:"kmsKeyArn,optional"`
	Identifier                string               `pulumi:"identifier,optional"`
	InstanceClass             string               `pulumi:"instanceClass,optional"`
	EngineVersion             string               `pulumi:"engineVersion,optional"`
	AllocatedStorageGiB       int                  `pulumi:"allocatedStorageGib,optional"`
	MaxAllocatedStorageGiB    int                  `pulumi:"maxAllocatedStorageGib,optional"`
	DatabaseName              string               `pulumi:"databaseName,optional"`
	MasterUsername            string               `pulumi:"masterUsername,optional"`
	BackupRetentionDays       int                  `pulumi:"backupRetentionDays,optional"`
	MonitoringIntervalSeconds int                  `pulumi:"monitoringIntervalSeconds,optional"`
	LogRetentionDays          int                  `pulumi:"logRetentionDays,optional"`
	SingleAZ                  bool                 `pulumi:"singleAz,optional"`
	AllowDeletion             bool                 `pulumi:"allowDeletion,optional"`
	SkipFinalSnapshot         bool                 `pulumi:"skipFinalSnapshot,optional"`
	// ReplicaRegion, when set, replicates the automated backups (snapshots
	// and transaction logs) to that region, which must differ from the
	// store's, with the same retention (the Go API's ReplicaProvider).
	// Default: none.
	ReplicaRegion    string             `pulumi:"replicaRegion,optional"`
	ReplicaKMSKeyArn pulumi.StringInput `pulumi:"replicaKmsKeyArn,optional"`
	Tags             map[string]string  `pulumi:"tags,optional"`
}

func newMetadataStore(ctx *pulumi.Context, name string, a MetadataStoreArgs, opts ...pulumi.ResourceOption) (*metadatastore.Store, error) {
	args := &metadatastore.Args{
		SubnetIds:                 a.SubnetIds,
		SecurityGroupIds:          a.SecurityGroupIds,
		KMSKeyArn:                 a.KMSKeyArn,
		Identifier:                a.Identifier,
		InstanceClass:             a.InstanceClass,
		EngineVersion:             a.EngineVersion,
		AllocatedStorageGiB:       a.AllocatedStorageGiB,
		MaxAllocatedStorageGiB:    a.MaxAllocatedStorageGiB,
		DatabaseName:              a.DatabaseName,
		MasterUsername:            a.MasterUsername,
		BackupRetentionDays:       a.BackupRetentionDays,
		MonitoringIntervalSeconds: a.MonitoringIntervalSeconds,
		LogRetentionDays:          a.LogRetentionDays,
		SingleAZ:                  a.SingleAZ,
		AllowDeletion:             a.AllowDeletion,
		SkipFinalSnapshot:         a.SkipFinalSnapshot,
		ReplicaKMSKeyArn:          a.ReplicaKMSKeyArn,
		Tags:                      a.Tags,
	}
	if a.ReplicaRegion != "" {
		if err := checkFirst("metadatastore", name, *args, func(c *metadatastore.Args) { c.ReplicaProvider = pending }); err != nil {
			return nil, err
		}
		if err := otherRegion(ctx, opts, "metadatastore", name, "replicaRegion", a.ReplicaRegion, "store"); err != nil {
			return nil, err
		}
		replica, err := regionProvider(ctx, name, a.ReplicaRegion)
		if err != nil {
			return nil, err
		}
		args.ReplicaProvider = replica
	}
	return metadatastore.NewStore(ctx, name, args, opts...)
}
