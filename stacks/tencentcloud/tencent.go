// Package tencent composes modelfort's Tencent Cloud components into one
// model-serving deployment per environment (stacks tencent-dev,
// tencent-prod): a primary region that serves and a replica region that
// holds a copy of the data, each through its own explicit tencentcloud
// provider, as the AWS stacks (package stacks) do with a DR region.
//
// A deployment holds, in the primary region: a data key, the
// model-artifact bucket and the audit-log bucket (each replicated to the
// replica region), a private network over two or three zones with tiered
// security groups, an internal load balancer, a private TKE cluster whose
// node pool spans the zones, and the CloudAudit tracker (and Anti-DDoS
// policies when configured). The replica region holds the buckets'
// replicas and a data key of its own (Tencent Cloud keys are
// single-region).
//
// The project's program (main.go) runs Program when the stack's
// modelfort:cloud is "tencentcloud".
package tencentcloud

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/components/tencentcloud/internalclb"
	"github.com/modelfort/modelfort/components/tencentcloud/kmskey"
	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
	"github.com/modelfort/modelfort/components/tencentcloud/protection"
	"github.com/modelfort/modelfort/components/tencentcloud/replicatedbucket"
	"github.com/modelfort/modelfort/components/tencentcloud/servingcluster"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Site is the part of a deployment in one region.
type Site struct {
	// Role is "primary" or "replica".
	Role string
	// Region is the site's region.
	Region string
	// Provider is the site's explicit provider.
	Provider *tencentcloud.Provider
	// Env is the account and zones the provider reports.
	Env tcenv.Env
}

// Deployment is what a stack builds.
type Deployment struct {
	// Config is the configuration deployed.
	Config Config
	// Primary serves; Replica holds the copies.
	Primary, Replica *Site

	// DataKey and ReplicaDataKey are the workloads' keys in each region.
	DataKey, ReplicaDataKey *kmskey.Key
	// Models holds the model artifacts; AuditLogs the CloudAudit log.
	Models, AuditLogs *replicatedbucket.Bucket
	// Network is the primary region's private network.
	Network *privatenetwork.Network
	// LoadBalancer is the internal CLB in front of the cluster.
	LoadBalancer *internalclb.LoadBalancer
	// Cluster serves the model.
	Cluster *servingcluster.Cluster
	// Protection is the audit tracker and Anti-DDoS policies.
	Protection *protection.Protection
}

// Program is the Pulumi program of the Tencent Cloud stacks: it loads the
// stack configuration, deploys, and exports what a user needs. A bad
// configuration fails before anything is registered.
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
	if d.Primary, err = newSite(ctx, "primary", cfg.PrimaryRegion); err != nil {
		return nil, err
	}
	if d.Replica, err = newSite(ctx, "replica", cfg.ReplicaRegion); err != nil {
		return nil, err
	}
	// Facts of the cloud, checked before anything but the providers is
	// registered.
	if n := len(d.Primary.Env.Zones); n < cfg.ZoneCount {
		return nil, fmt.Errorf("%s:zoneCount is %d; %s offers %d zone(s): %v", Namespace, cfg.ZoneCount, cfg.PrimaryRegion, n, d.Primary.Env.Zones)
	}
	if d.Primary.Env.AppId != d.Replica.Env.AppId {
		return nil, fmt.Errorf("the providers of %s and %s act for different accounts (APPID %s, %s)", cfg.PrimaryRegion, cfg.ReplicaRegion, d.Primary.Env.AppId, d.Replica.Env.AppId)
	}

	p := cfg.Profile()
	inPrimary := []pulumi.ResourceOption{pulumi.Provider(d.Primary.Provider), pulumi.Protect(p.Protect)}
	inReplica := []pulumi.ResourceOption{pulumi.Provider(d.Replica.Provider), pulumi.Protect(p.Protect)}
	tags := func(site string) map[string]string {
		return map[string]string{"modelfort:environment": cfg.Environment, "modelfort:site": site}
	}
	prefix := "modelfort-" + cfg.Environment

	if d.DataKey, err = kmskey.NewKey(ctx, "data", &kmskey.Args{
		Alias:       prefix + "-data",
		Description: "modelfort " + cfg.Environment + " data key",
		Tags:        tags("primary"),
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.ReplicaDataKey, err = kmskey.NewKey(ctx, "data-replica", &kmskey.Args{
		Alias:       prefix + "-data",
		Description: "modelfort " + cfg.Environment + " data key (replica region)",
		Tags:        tags("replica"),
	}, inReplica...); err != nil {
		return nil, err
	}
	bucket := func(name string) (*replicatedbucket.Bucket, error) {
		return replicatedbucket.NewBucket(ctx, name, &replicatedbucket.Args{
			Name:                 prefix + "-" + name,
			ReplicaProvider:      d.Replica.Provider,
			AllowVersionDeletion: !p.ProtectVersions,
			Tags:                 tags("primary"),
		}, inPrimary...)
	}
	if d.Models, err = bucket("models"); err != nil {
		return nil, err
	}
	if d.AuditLogs, err = bucket("audit"); err != nil {
		return nil, err
	}
	if d.Network, err = privatenetwork.NewNetwork(ctx, "serving", &privatenetwork.Args{
		CidrBlock: cfg.VpcCidr,
		ZoneCount: cfg.ZoneCount,
		Tags:      tags("primary"),
	}, inPrimary...); err != nil {
		return nil, err
	}
	subnets := d.Network.SubnetIdInputs()
	var logSet pulumi.StringInput
	if cfg.CLBLogSetId != "" {
		logSet = pulumi.String(cfg.CLBLogSetId)
	}
	if d.LoadBalancer, err = internalclb.NewLoadBalancer(ctx, "serving", &internalclb.Args{
		LogSetId:         logSet,
		VpcId:            d.Network.VpcId,
		SubnetId:         subnets[0],
		MasterZone:       d.Network.ZoneNames[0],
		SlaveZone:        d.Network.ZoneNames[1],
		SecurityGroupIds: []pulumi.StringInput{d.Network.GroupID(privatenetwork.TierCLB)},
		ClbName:          prefix + "-serving",
		AllowDeletion:    !p.DeletionProtection,
		Tags:             tags("primary"),
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.Cluster, err = servingcluster.NewCluster(ctx, "serving", &servingcluster.Args{
		VpcId:            d.Network.VpcId,
		SubnetIds:        subnets,
		SecurityGroupIds: []pulumi.StringInput{d.Network.GroupID(privatenetwork.TierNodes)},
		ClusterName:      prefix + "-serving",
		InstanceType:     cfg.NodeInstanceType,
		MinNodes:         cfg.MinNodes,
		MaxNodes:         cfg.MaxNodes,
		AllowDeletion:    !p.DeletionProtection,
		Tags:             tags("primary"),
	}, inPrimary...); err != nil {
		return nil, err
	}
	var ddos []protection.AntiDDoS
	if cfg.AntiDDoSInstance != "" {
		ddos = append(ddos, protection.AntiDDoS{ResourceId: cfg.AntiDDoSInstance, Business: cfg.AntiDDoSBusiness})
	}
	if d.Protection, err = protection.NewProtection(ctx, "protection", &protection.Args{
		DisableAudit: !cfg.CloudAudit,
		AuditBucket:  d.AuditLogs,
		AuditName:    "modelfort_" + cfg.Environment,
		AntiDDoS:     ddos,
		Tags:         tags("primary"),
	}, inPrimary...); err != nil {
		return nil, err
	}
	return d, nil
}

// newSite creates the explicit provider of a region and asks it where it
// acts.
func newSite(ctx *pulumi.Context, role, region string) (*Site, error) {
	prov, err := tencentcloud.NewProvider(ctx, role, &tencentcloud.ProviderArgs{Region: pulumi.String(region)})
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, pulumi.Provider(prov))
	if err != nil {
		return nil, fmt.Errorf("the %s provider: %w", role, err)
	}
	if env.Region != region {
		return nil, fmt.Errorf("the %s provider acts in %s, not in %s", role, env.Region, region)
	}
	return &Site{Role: role, Region: region, Provider: prov, Env: env}, nil
}

// export publishes the stack outputs a user needs.
func (d *Deployment) export(ctx *pulumi.Context) {
	ctx.Export("environment", pulumi.String(d.Config.Environment))
	ctx.Export("primaryRegion", pulumi.String(d.Primary.Region))
	ctx.Export("replicaRegion", pulumi.String(d.Replica.Region))
	ctx.Export("zones", d.Network.Zones)
	ctx.Export("dataKeyId", d.DataKey.KeyId)
	ctx.Export("replicaDataKeyId", d.ReplicaDataKey.KeyId)
	ctx.Export("modelBucket", d.Models.BucketName)
	ctx.Export("modelBucketUrl", d.Models.BucketUrl)
	ctx.Export("modelReplicaBucket", d.Models.ReplicaBucketName)
	ctx.Export("modelReplicaBucketUrl", d.Models.ReplicaBucketUrl)
	ctx.Export("auditBucket", d.AuditLogs.BucketName)
	ctx.Export("auditReplicaBucket", d.AuditLogs.ReplicaBucketName)
	ctx.Export("auditTracker", d.Protection.AuditName)
	ctx.Export("vpcId", d.Network.VpcId)
	ctx.Export("subnetIds", d.Network.SubnetIds)
	ctx.Export("securityGroupIds", d.Network.SecurityGroupIds)
	ctx.Export("loadBalancerId", d.LoadBalancer.LoadBalancerId)
	ctx.Export("loadBalancerVips", d.LoadBalancer.Vips)
	ctx.Export("clusterId", d.Cluster.ClusterId)
	ctx.Export("clusterEndpoint", d.Cluster.Endpoint)
	ctx.Export("antiDdosPolicies", d.Protection.AntiDDoSPolicies)
}
