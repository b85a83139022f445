package replicatedbucket

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cos"
)

// MultiAZPrefix turns a storage class into its multi-AZ form
// ("MAZ_STANDARD"): a multi-AZ bucket stores objects only in those, and
// COS replicates objects of a multi-AZ bucket only into them ("Objects in
// MAZ buckets cannot be replicated to an OAZ bucket",
// https://www.tencentcloud.com/document/api/436/19223).
const MultiAZPrefix = "MAZ_"

// ReplicaStorageClass is the storage class the replication rule writes
// replicas in: class in a single-AZ replica, its multi-AZ form in a
// multi-AZ one.
func ReplicaStorageClass(class string, multiAZ bool) string {
	if multiAZ {
		return MultiAZPrefix + class
	}
	return class
}

// replication is the replication configuration of the primary bucket:
// the identity COS replicates as, and the rules.
type replication struct {
	role  string
	rules cos.BucketReplicaRuleArray
}

// ruleTo returns the replication rule to the replica bucket in region:
// every object, in storageClass.
func ruleTo(replica *cos.Bucket, region, storageClass string) cos.BucketReplicaRuleArray {
	return cos.BucketReplicaRuleArray{cos.BucketReplicaRuleArgs{
		Id:     pulumi.String("replicate-everything-to-" + region),
		Status: pulumi.String("Enabled"),
		Prefix: pulumi.String(""),
		// Naming the replica's output makes the rule wait for it.
		DestinationBucket:       pulumi.Sprintf("qcs::cos:%s::%s", region, replica.ID()),
		DestinationStorageClass: pulumi.String(storageClass),
	}}
}
