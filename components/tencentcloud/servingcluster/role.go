package servingcluster

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cam"

	"github.com/modelfort/modelfort/internal/campolicy"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Labels and taints of the GPU node pool: the model's pods select the
// label and tolerate the taint; nothing else is scheduled there.
const (
	PoolLabel      = "modelfort.io/pool"
	PoolLabelValue = "gpu"
	GPUTaintKey    = "nvidia.com/gpu"
	GPUTaintValue  = "present"
	GPUTaintEffect = "NoSchedule"
)

// NodeService is the service principal that CVM instance roles trust.
const NodeService = "cvm.qcloud.com"

// ModelReadActions are what the nodes' role may do with a model bucket:
// read its objects and list them, nothing else.
var (
	ModelReadObjectActions = []string{"name/cos:GetObject", "name/cos:HeadObject"}
	ModelReadBucketActions = []string{"name/cos:GetBucket", "name/cos:HeadBucket"}
)

// NodeRolePolicy is the nodes' role policy: read the objects of buckets
// (full names) in env's region, and nothing else.
func NodeRolePolicy(env tcenv.Env, buckets []string) campolicy.Policy {
	var objects, bucketsOnly []string
	for _, b := range buckets {
		r := env.BucketResource(b)
		objects = append(objects, r)
		bucketsOnly = append(bucketsOnly, strings.TrimSuffix(r, "*"))
	}
	return campolicy.New(
		campolicy.Statement{Effect: "allow", Action: ModelReadObjectActions, Resource: objects},
		campolicy.Statement{Effect: "allow", Action: ModelReadBucketActions, Resource: bucketsOnly},
	)
}

// newNodeRole creates the CAM role the nodes carry (CLUSTERNAME-nodes),
// trusted by CVM, with a policy that reads the model buckets only.
func (c *Cluster) newNodeRole(ctx *pulumi.Context, name string, a Args, env tcenv.Env, in pulumi.ResourceOrInvokeOption) error {
	if len(a.ModelBuckets) == 0 {
		return nil
	}
	roleName := a.ClusterName + "-nodes"
	role, err := cam.NewRole(ctx, name+"-nodes", &cam.RoleArgs{
		Name:         pulumi.String(roleName),
		Description:  pulumi.String("Nodes of " + a.ClusterName + ": read the model artifacts"),
		Document:     pulumi.String(campolicy.AssumedByService(NodeService).JSON()),
		ConsoleLogin: pulumi.Bool(false),
		Tags:         tcenv.Tags(a.Tags),
	}, in)
	if err != nil {
		return err
	}
	policy, err := cam.NewPolicy(ctx, name+"-nodes", &cam.PolicyArgs{
		Name:        pulumi.String(roleName),
		Description: pulumi.String("Read the model artifacts of " + a.ClusterName + " and nothing else"),
		Document:    pulumi.String(NodeRolePolicy(env, a.ModelBuckets).JSON()),
	}, in)
	if err != nil {
		return err
	}
	attachment, err := cam.NewRolePolicyAttachment(ctx, name+"-nodes", &cam.RolePolicyAttachmentArgs{
		RoleId:   role.ID().ToStringOutput(),
		PolicyId: policy.ID().ToStringOutput(),
	}, in)
	if err != nil {
		return err
	}
	c.NodeRole, c.nodeRoleReady = role, attachment
	return nil
}
