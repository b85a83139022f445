package replicatedbucket

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cos"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:ReplicatedBucket"

// pkg prefixes the component's errors.
const pkg = "replicatedbucket"

// Bucket is a private, versioned, encrypted COS bucket and its replica in
// another region.
type Bucket struct {
	pulumi.ResourceState

	// BucketName is the primary's full name, "NAME-APPID".
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// ReplicaBucketName is the replica's full name.
	ReplicaBucketName pulumi.StringOutput `pulumi:"replicaBucketName"`
	// BucketUrl is the primary's endpoint.
	BucketUrl pulumi.StringOutput `pulumi:"bucketUrl"`
	// ReplicaBucketUrl is the replica's endpoint.
	ReplicaBucketUrl pulumi.StringOutput `pulumi:"replicaBucketUrl"`
	// LogBucket receives the primary's access logs.
	LogBucket pulumi.StringOutput `pulumi:"logBucket"`
	// ReplicaLogBucket receives the replica's access logs.
	ReplicaLogBucket pulumi.StringOutput `pulumi:"replicaLogBucket"`
	// ReplicationRole is the identity COS replicates as, the request
	// initiator "qcs::cam::uin/OWNERUIN:uin/UIN" of the primary's provider.
	ReplicationRole pulumi.StringOutput `pulumi:"replicationRole"`

	// Name and ReplicaName are the names without the APPID; FullName and
	// ReplicaFullName with it.
	Name, ReplicaName, FullName, ReplicaFullName string
	// Region and ReplicaRegion are where the buckets live.
	Region, ReplicaRegion string
	// MultiAZ and ReplicaMultiAZ say whether each bucket is multi-AZ.
	MultiAZ, ReplicaMultiAZ bool
	// ReplicaStorageClass is the class replicas are written in: Args'
	// class, in its multi-AZ form in a multi-AZ replica.
	ReplicaStorageClass string
	// AppId is the account's APPID.
	AppId string

	// Primary and Replica are the COS buckets.
	Primary, Replica *cos.Bucket
}

// NewBucket creates a bucket and its replica. Args are checked before
// anything is registered. Resource options (provider, protect, aliases,
// ...) apply to the component and through it to every resource it
// creates; the replica's resources use ReplicaProvider.
func NewBucket(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Bucket, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	renv, err := tcenv.Lookup(ctx, pulumi.Provider(a.ReplicaProvider))
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if err := a.checkPlacement(env, renv); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}

	b := &Bucket{
		Name: a.Name, ReplicaName: a.ReplicaName,
		FullName: env.BucketName(a.Name), ReplicaFullName: env.BucketName(a.ReplicaName),
		Region: env.Region, ReplicaRegion: renv.Region, AppId: env.AppId,
		MultiAZ:        a.multiAZ(env.Region),
		ReplicaMultiAZ: a.multiAZ(renv.Region),
	}
	b.ReplicaStorageClass = ReplicaStorageClass(a.ReplicaStorageClass, b.ReplicaMultiAZ)
	in, err := component.Register(ctx, Type, name, b, opts...)
	if err != nil {
		return nil, err
	}
	inReplica := []pulumi.ResourceOption{in, pulumi.Provider(a.ReplicaProvider)}

	replicaLogs := pulumi.String(a.ReplicaLogBucket).ToStringOutput()
	if a.ReplicaLogBucket == "" {
		if replicaLogs, err = a.newLogBucket(ctx, name+"-replica-logs", renv, a.ReplicaName+LogSuffix, b.ReplicaMultiAZ, inReplica...); err != nil {
			return nil, err
		}
	}
	if b.Replica, err = a.newBucket(ctx, name+"-replica", renv, b.ReplicaFullName, b.ReplicaMultiAZ, replicaLogs, nil, inReplica...); err != nil {
		return nil, err
	}
	logs := pulumi.String(a.LogBucket).ToStringOutput()
	if a.LogBucket == "" {
		if logs, err = a.newLogBucket(ctx, name+"-logs", env, a.Name+LogSuffix, b.MultiAZ, in); err != nil {
			return nil, err
		}
	}
	// COS replicates as the identity that deploys the primary.
	repl := &replication{role: env.Initiator(), rules: ruleTo(b.Replica, renv.Region, b.ReplicaStorageClass)}
	if b.Primary, err = a.newBucket(ctx, name, env, b.FullName, b.MultiAZ, logs, repl, in); err != nil {
		return nil, err
	}

	b.BucketName = b.Primary.ID().ToStringOutput()
	b.ReplicaBucketName = b.Replica.ID().ToStringOutput()
	b.BucketUrl = b.Primary.CosBucketUrl
	b.ReplicaBucketUrl = b.Replica.CosBucketUrl
	b.LogBucket, b.ReplicaLogBucket = logs, replicaLogs
	b.ReplicationRole = pulumi.String(repl.role).ToStringOutput()
	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{
		"bucketName": b.BucketName, "replicaBucketName": b.ReplicaBucketName,
		"bucketUrl": b.BucketUrl, "replicaBucketUrl": b.ReplicaBucketUrl,
		"logBucket": b.LogBucket, "replicaLogBucket": b.ReplicaLogBucket,
		"replicationRole": b.ReplicationRole,
	})
}
