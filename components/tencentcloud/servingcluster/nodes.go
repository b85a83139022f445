package servingcluster

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kubernetes"
)

// newNodes creates the node pool, spread evenly over the subnets, with no
// public address, and then the cluster's private API endpoint, which TKE
// opens only on a cluster with nodes.
func (c *Cluster) newNodes(ctx *pulumi.Context, name string, a Args, in pulumi.ResourceOrInvokeOption) error {
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
	if c.NodeRole != nil {
		scaling.CamRoleName = c.NodeRole.Name
	}
	if len(a.KeyIds) > 0 {
		scaling.KeyIds = pulumi.StringArray(a.KeyIds)
	}
	var err error
	if c.NodePool, err = kubernetes.NewNodePool(ctx, name, &kubernetes.NodePoolArgs{
		Name:                  pulumi.String(a.NodePoolName),
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
		// Only pods that tolerate the GPU taint (the model) run here.
		Labels: pulumi.Map{PoolLabel: pulumi.String(PoolLabelValue)},
		Taints: kubernetes.NodePoolTaintArray{kubernetes.NodePoolTaintArgs{
			Key: pulumi.String(GPUTaintKey), Value: pulumi.String(GPUTaintValue), Effect: pulumi.String(GPUTaintEffect),
		}},
	}, c.poolOptions(in)...); err != nil {
		return err
	}
	c.ClusterEndpoint, err = kubernetes.NewClusterEndpoint(ctx, name, &kubernetes.ClusterEndpointArgs{
		ClusterId:               c.Cluster.ID().ToStringOutput(),
		ClusterInternet:         pulumi.Bool(false),
		ClusterIntranet:         pulumi.Bool(true),
		ClusterIntranetSubnetId: a.SubnetIds[0],
	}, in, pulumi.DependsOn([]pulumi.Resource{c.NodePool}))
	return err
}

// poolOptions are the node pool's options: it waits for the nodes' role
// to hold its policy, so that nodes start able to read the model.
func (c *Cluster) poolOptions(in pulumi.ResourceOrInvokeOption) []pulumi.ResourceOption {
	opts := []pulumi.ResourceOption{in}
	if c.nodeRoleReady != nil {
		opts = append(opts, pulumi.DependsOn([]pulumi.Resource{c.nodeRoleReady}))
	}
	return opts
}
