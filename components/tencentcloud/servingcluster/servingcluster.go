package servingcluster

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cam"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kubernetes"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:ServingCluster"

// pkg prefixes the component's errors.
const pkg = "servingcluster"

// Cluster is a private TKE cluster and its node pool.
type Cluster struct {
	pulumi.ResourceState

	// ClusterId is the cluster's ID, "cls-...".
	ClusterId pulumi.StringOutput `pulumi:"clusterId"`
	// Endpoint is the API server's private address.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// NodePoolId is the node pool's ID.
	NodePoolId pulumi.StringOutput `pulumi:"nodePoolId"`
	// Kubeconfig (a secret) reaches the cluster's private API endpoint,
	// for a kubernetes provider run from inside the VPC.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`
	// NodeRoleName is the nodes' CAM role, empty without ModelBuckets.
	NodeRoleName pulumi.StringOutput `pulumi:"nodeRoleName"`

	// Region is where the cluster lives.
	Region string

	// Cluster is the TKE cluster.
	Cluster *kubernetes.Cluster
	// NodePool is its node pool.
	NodePool *kubernetes.NodePool
	// ClusterEndpoint opens its private API endpoint.
	ClusterEndpoint *kubernetes.ClusterEndpoint
	// NodeRole is the nodes' CAM role; nil without ModelBuckets.
	NodeRole *cam.Role

	nodeRoleReady pulumi.Resource
}

// NewCluster creates a cluster. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every resource it creates.
func NewCluster(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Cluster, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	c := &Cluster{Region: env.Region}
	in, err := component.Register(ctx, Type, name, c, opts...)
	if err != nil {
		return nil, err
	}
	audit := &kubernetes.ClusterClusterAuditArgs{Enabled: pulumi.Bool(true)}
	events := &kubernetes.ClusterEventPersistenceArgs{Enabled: pulumi.Bool(true)}
	if a.AuditLogSetId != nil {
		audit.LogSetId, audit.TopicId = a.AuditLogSetId, a.AuditTopicId
	}
	if c.Cluster, err = kubernetes.NewCluster(ctx, name, &kubernetes.ClusterArgs{
		ClusterName:          pulumi.String(a.ClusterName),
		ClusterDesc:          pulumi.String("modelfort model serving cluster " + name),
		ClusterDeployType:    pulumi.String(DeployType),
		ClusterVersion:       pulumi.String(a.KubernetesVersion),
		VpcId:                a.VpcId,
		ClusterCidr:          pulumi.String(a.ClusterCidr),
		ClusterMaxPodNum:     pulumi.Int(64),
		ClusterMaxServiceNum: pulumi.Int(256),
		ContainerRuntime:     pulumi.String(ContainerRuntime),
		// The API server is never on the internet; its private endpoint
		// is opened once there are nodes (newNodes).
		ClusterInternet:    pulumi.Bool(false),
		DeletionProtection: pulumi.Bool(!a.AllowDeletion),
		ClusterAudit:       audit,
		EventPersistence:   events,
		LogAgent:           &kubernetes.ClusterLogAgentArgs{Enabled: pulumi.Bool(true)},
		Tags:               tcenv.Tags(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	if err := c.newNodeRole(ctx, name, a, env, in); err != nil {
		return nil, err
	}
	if err := c.newNodes(ctx, name, a, in); err != nil {
		return nil, err
	}
	c.ClusterId = c.Cluster.ID().ToStringOutput()
	c.Endpoint = c.ClusterEndpoint.PgwEndpoint
	c.NodePoolId = c.NodePool.ID().ToStringOutput()
	e := c.ClusterEndpoint
	c.Kubeconfig = kubeconfig(a.ClusterName, e.PgwEndpoint, e.CertificationAuthority, e.UserName, e.Password)
	c.NodeRoleName = pulumi.String("").ToStringOutput()
	if c.NodeRole != nil {
		c.NodeRoleName = c.NodeRole.Name
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterId": c.ClusterId, "endpoint": c.Endpoint, "nodePoolId": c.NodePoolId, "nodeRoleName": c.NodeRoleName,
		"kubeconfig": c.Kubeconfig,
	})
}
