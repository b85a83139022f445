package replicatedbucket

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cam"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cos"

	"github.com/modelfort/modelfort/internal/campolicy"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// ReplicationService is the service principal that assumes the
// replication role.
const ReplicationService = "cos.qcloud.com"

// Actions of the replication role's policy: it reads the primary's objects
// and writes the replica's, and may do nothing else.
var (
	ReplicationReadActions  = []string{"name/cos:GetObject", "name/cos:HeadObject"}
	ReplicationWriteActions = []string{
		"name/cos:AbortMultipartUpload", "name/cos:CompleteMultipartUpload", "name/cos:DeleteObject",
		"name/cos:InitiateMultipartUpload", "name/cos:PutObject", "name/cos:UploadPart",
	}
)

// ReplicationPolicy is the replication role's policy: read the source's
// objects, write the destination's ("qcs::cos:...:BUCKET/*" each).
func ReplicationPolicy(source, destination string) campolicy.Policy {
	return campolicy.New(
		campolicy.Statement{Effect: "allow", Action: ReplicationReadActions, Resource: []string{source}},
		campolicy.Statement{Effect: "allow", Action: ReplicationWriteActions, Resource: []string{destination}},
	)
}

// replication is the replication configuration of the primary bucket.
type replication struct {
	role      pulumi.StringInput
	rules     cos.BucketReplicaRuleArray
	dependsOn []pulumi.Resource
}

// newReplicationRole creates the role COS replicates with: COS assumes
// it, and it may only read the primary's objects and write the replica's.
// It returns the role and the replication configuration of the primary,
// whose rule names the replica once it exists.
func (b *Bucket) newReplicationRole(ctx *pulumi.Context, name string, a Args, env, renv tcenv.Env, opts ...pulumi.ResourceOption) (*cam.Role, *replication, error) {
	roleName := "modelfort-cos-replication-" + a.Name
	role, err := cam.NewRole(ctx, name+"-replication", &cam.RoleArgs{
		Name:         pulumi.String(roleName),
		Description:  pulumi.String("COS replication of " + b.FullName + " to " + renv.Region),
		Document:     pulumi.String(campolicy.AssumedByService(ReplicationService).JSON()),
		ConsoleLogin: pulumi.Bool(false),
		Tags:         tcenv.Tags(a.Tags),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	policy, err := cam.NewPolicy(ctx, name+"-replication", &cam.PolicyArgs{
		Name:        pulumi.String(roleName),
		Description: pulumi.String("Lets COS replicate " + b.FullName + " to " + b.ReplicaFullName + " and nothing else"),
		Document:    pulumi.String(ReplicationPolicy(env.BucketResource(b.FullName), renv.BucketResource(b.ReplicaFullName)).JSON()),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	attachment, err := cam.NewRolePolicyAttachment(ctx, name+"-replication", &cam.RolePolicyAttachmentArgs{
		RoleId:   role.ID().ToStringOutput(),
		PolicyId: policy.ID().ToStringOutput(),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return role, &replication{role: pulumi.String(env.RoleArn(roleName)), dependsOn: []pulumi.Resource{attachment}}, nil
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
