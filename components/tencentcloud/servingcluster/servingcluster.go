// Package servingcluster provides Cluster, a managed Tencent Kubernetes
// Engine (TKE) cluster for model serving: its API server reachable only
// inside the VPC, deletion protection on, audit logs, events and container
// logs sent to CLS, and a node pool spread evenly over the subnets of at
// least two zones.
//
// The cluster's endpoint is opened by a separate ClusterEndpoint once the
// node pool exists (TKE opens an endpoint only on a cluster with nodes),
// on the intranet only, in the first subnet. Nodes get no public address
// and no internet bandwidth, run with Tencent Cloud's security and
// monitoring agents, and belong to the given security groups (the nodes
// tier). Cluster never sets a node password: give KeyIds for SSH key
// pairs (without them TKE's default login applies).
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how Cluster gets as close
// as it can:
//
//   - Kubernetes secrets cannot be encrypted with a KMS key (newer
//     providers have kubernetes.EncryptionProtection).
//   - Node pool data disks have no encryption setting (only the cluster's
//     master data disks do), so the node pool gets no data disk; model
//     weights belong in COS, not on node disks.
//   - Audit and event logs go to CLS log sets that TKE creates when
//     AuditLogSetId is not given; their retention is CLS's default.
package servingcluster

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kubernetes"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:ServingCluster"

// Defaults.
const (
	DefaultKubernetesVersion = "1.28.3"
	DefaultClusterCidr       = "172.16.0.0/16"
	DefaultInstanceType      = "S5.2XLARGE16"
	DefaultMinNodes          = 2
	DefaultMaxNodes          = 6
	DefaultSystemDiskGB      = 100
	// MinSubnets is the fewest subnets (zones) the node pool spreads over.
	MinSubnets = 2
	// DeployType is a managed cluster: TKE runs the control plane.
	DeployType = "MANAGED_CLUSTER"
	// MultiZoneSubnetPolicy spreads nodes evenly over the subnets.
	MultiZoneSubnetPolicy = "EQUALITY"
	// SystemDiskType is the nodes' system disk type.
	SystemDiskType = "CLOUD_SSD"
	// ContainerRuntime of the nodes.
	ContainerRuntime = "containerd"
)

// Args configures a Cluster. VpcId, SubnetIds (at least two, in different
// zones) and SecurityGroupIds are required; every other field's zero
// value is the secure default.
type Args struct {
	// VpcId is the cluster's VPC. Required.
	VpcId pulumi.StringInput
	// SubnetIds are the node pool's subnets, in different zones: at least
	// 2. The first also holds the private API endpoint. Required.
	SubnetIds []pulumi.StringInput
	// SecurityGroupIds are the nodes' groups (the nodes tier). Required.
	SecurityGroupIds []pulumi.StringInput
	// ClusterName: 1 to 50 letters, digits, '_' and '-'. Default:
	// "modelfort-NAME".
	ClusterName string
	// KubernetesVersion of the cluster. Default: 1.28.3.
	KubernetesVersion string
	// ClusterCidr is the pods' and services' address block, inside
	// 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 and outside the VPC's.
	// Default: 172.16.0.0/16.
	ClusterCidr string
	// InstanceType of the nodes. Default: S5.2XLARGE16.
	InstanceType string
	// MinNodes, MaxNodes and DesiredNodes size the node pool. MinNodes is
	// at least the number of subnets, so that every zone has a node.
	// Defaults: 2 (or the number of subnets), 6, MinNodes.
	MinNodes, MaxNodes, DesiredNodes int
	// SystemDiskGB is the nodes' system disk size: 50 to 1024. Default:
	// 100.
	SystemDiskGB int
	// KeyIds are the SSH key pairs that may log in to nodes. Cluster never
	// sets a password.
	KeyIds []pulumi.StringInput
	// AuditLogSetId and AuditTopicId are an existing CLS log set and
	// topic for the audit log. Default: TKE creates them.
	AuditLogSetId, AuditTopicId pulumi.StringInput
	// AllowDeletion turns the cluster's deletion protection off (explicit
	// loosening, for environments that must be torn down).
	AllowDeletion bool
	// Tags are added to the cluster.
	Tags map[string]string
}

// Cluster is a private TKE cluster and its node pool.
type Cluster struct {
	pulumi.ResourceState

	// ClusterId is the cluster's ID, "cls-...".
	ClusterId pulumi.StringOutput `pulumi:"clusterId"`
	// Endpoint is the API server's private address.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// NodePoolId is the node pool's ID.
	NodePoolId pulumi.StringOutput `pulumi:"nodePoolId"`

	// Region is where the cluster lives.
	Region string

	// Cluster is the TKE cluster.
	Cluster *kubernetes.Cluster
	// NodePool is its node pool.
	NodePool *kubernetes.NodePool
	// ClusterEndpoint opens its private API endpoint.
	ClusterEndpoint *kubernetes.ClusterEndpoint
}

var (
	clusterName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,50}$`)
	privateNets = []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
	}
)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if a.VpcId == nil {
		return fmt.Errorf("servingcluster %s: VpcId is nil; give the cluster's VPC", name)
	}
	if len(a.SubnetIds) < MinSubnets {
		return fmt.Errorf("servingcluster %s: SubnetIds has %d subnet(s); allowed values are at least %d subnets in different zones", name, len(a.SubnetIds), MinSubnets)
	}
	if len(a.SecurityGroupIds) == 0 {
		return fmt.Errorf("servingcluster %s: SecurityGroupIds is empty; give the nodes' security group", name)
	}
	for i, s := range a.SubnetIds {
		if s == nil {
			return fmt.Errorf("servingcluster %s: SubnetIds[%d] is nil", name, i)
		}
	}
	for i, g := range a.SecurityGroupIds {
		if g == nil {
			return fmt.Errorf("servingcluster %s: SecurityGroupIds[%d] is nil", name, i)
		}
	}
	for i, k := range a.KeyIds {
		if k == nil {
			return fmt.Errorf("servingcluster %s: KeyIds[%d] is nil", name, i)
		}
	}
	if a.ClusterName == "" {
		a.ClusterName = "modelfort-" + name
	}
	if !clusterName.MatchString(a.ClusterName) {
		return fmt.Errorf("servingcluster %s: ClusterName is %q; allowed values are 1 to 50 letters, digits, '_' and '-'", name, a.ClusterName)
	}
	if a.KubernetesVersion == "" {
		a.KubernetesVersion = DefaultKubernetesVersion
	}
	if a.ClusterCidr == "" {
		a.ClusterCidr = DefaultClusterCidr
	}
	p, err := netip.ParsePrefix(a.ClusterCidr)
	inside := err == nil && p.Addr().Is4() && slices.ContainsFunc(privateNets, func(n netip.Prefix) bool {
		return n.Bits() <= p.Bits() && n.Contains(p.Addr())
	})
	if !inside || p != p.Masked() || p.Bits() > 24 {
		return fmt.Errorf("servingcluster %s: ClusterCidr is %q; allowed values are blocks of /24 or larger inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address", name, a.ClusterCidr)
	}
	if a.InstanceType == "" {
		a.InstanceType = DefaultInstanceType
	}
	if a.MinNodes == 0 {
		a.MinNodes = max(DefaultMinNodes, len(a.SubnetIds))
	}
	if a.MinNodes < len(a.SubnetIds) {
		return fmt.Errorf("servingcluster %s: MinNodes is %d; allowed values are at least %d, one node per subnet's zone", name, a.MinNodes, len(a.SubnetIds))
	}
	if a.MaxNodes == 0 {
		a.MaxNodes = max(DefaultMaxNodes, a.MinNodes)
	}
	if a.MaxNodes < a.MinNodes {
		return fmt.Errorf("servingcluster %s: MaxNodes is %d; allowed values are at least MinNodes (%d)", name, a.MaxNodes, a.MinNodes)
	}
	if a.DesiredNodes == 0 {
		a.DesiredNodes = a.MinNodes
	}
	if a.DesiredNodes < a.MinNodes || a.DesiredNodes > a.MaxNodes {
		return fmt.Errorf("servingcluster %s: DesiredNodes is %d; allowed values are %d to %d (MinNodes to MaxNodes)", name, a.DesiredNodes, a.MinNodes, a.MaxNodes)
	}
	if a.SystemDiskGB == 0 {
		a.SystemDiskGB = DefaultSystemDiskGB
	}
	if a.SystemDiskGB < 50 || a.SystemDiskGB > 1024 {
		return fmt.Errorf("servingcluster %s: SystemDiskGB is %d; allowed values are 50 to 1024", name, a.SystemDiskGB)
	}
	if (a.AuditLogSetId == nil) != (a.AuditTopicId == nil) {
		return fmt.Errorf("servingcluster %s: give AuditLogSetId and AuditTopicId together, or neither", name)
	}
	return nil
}

// NewCluster creates a cluster. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every resource it creates.
func NewCluster(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Cluster, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("servingcluster %s: %w", name, err)
	}
	c := &Cluster{Region: env.Region}
	if err := ctx.RegisterComponentResource(Type, name, c, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(c)
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
		// is opened below, once there are nodes.
		ClusterInternet:    pulumi.Bool(false),
		DeletionProtection: pulumi.Bool(!a.AllowDeletion),
		ClusterAudit:       audit,
		EventPersistence:   events,
		LogAgent:           &kubernetes.ClusterLogAgentArgs{Enabled: pulumi.Bool(true)},
		Tags:               tcenv.Tags(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	scaling := &kubernetes.NodePoolAutoScalingConfigArgs{
		InstanceType:            pulumi.String(a.InstanceType),
		SystemDiskType:          pulumi.String(SystemDiskType),
		SystemDiskSize:          pulumi.Int(a.SystemDiskGB),
		SecurityGroupIds:        pulumi.StringArray(a.SecurityGroupIds),
		PublicIpAssigned:        pulumi.Bool(false),
		InternetMaxBandwidthOut: pulumi.Int(0),
		EnhancedSecurityService: pulumi.Bool(true),
		EnhancedMonitorService:  pulumi.Bool(true),
	}
	if len(a.KeyIds) > 0 {
		scaling.KeyIds = pulumi.StringArray(a.KeyIds)
	}
	if c.NodePool, err = kubernetes.NewNodePool(ctx, name, &kubernetes.NodePoolArgs{
		Name:                  pulumi.String(a.ClusterName + "-nodes"),
		ClusterId:             c.Cluster.ID().ToStringOutput(),
		VpcId:                 a.VpcId,
		SubnetIds:             pulumi.StringArray(a.SubnetIds),
		MultiZoneSubnetPolicy: pulumi.String(MultiZoneSubnetPolicy),
		MinSize:               pulumi.Int(a.MinNodes),
		MaxSize:               pulumi.Int(a.MaxNodes),
		DesiredCapacity:       pulumi.Int(a.DesiredNodes),
		EnableAutoScale:       pulumi.Bool(true),
		RetryPolicy:           pulumi.String("INCREMENTAL_INTERVALS"),
		AutoScalingConfig:     scaling,
	}, in); err != nil {
		return nil, err
	}
	if c.ClusterEndpoint, err = kubernetes.NewClusterEndpoint(ctx, name, &kubernetes.ClusterEndpointArgs{
		ClusterId:               c.Cluster.ID().ToStringOutput(),
		ClusterInternet:         pulumi.Bool(false),
		ClusterIntranet:         pulumi.Bool(true),
		ClusterIntranetSubnetId: a.SubnetIds[0],
	}, in, pulumi.DependsOn([]pulumi.Resource{c.NodePool})); err != nil {
		return nil, err
	}
	c.ClusterId = c.Cluster.ID().ToStringOutput()
	c.Endpoint = c.ClusterEndpoint.PgwEndpoint
	c.NodePoolId = c.NodePool.ID().ToStringOutput()
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterId": c.ClusterId, "endpoint": c.Endpoint, "nodePoolId": c.NodePoolId,
	})
}
