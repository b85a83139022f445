// Package tencent composes modelfort's Tencent Cloud components into one
// model-serving deployment per environment (stacks tencent-dev,
// tencent-prod): a primary region that serves and a replica region that
// holds a copy of the data, each through its own explicit tencentcloud
// provider, as the AWS stacks (package stacks) do with a DR region.
//
// A deployment serves in both regions. Each site (the primary and the
// replica, a warm standby) has a data key (Tencent Cloud keys are
// single-region), a private network over two or three zones with tiered
// security groups, an internal load balancer, a private TKE cluster whose
// GPU node pool spans the zones and reads the site's copy of the model,
// the model server (a Kubernetes workload whose HTTPS Service TKE binds
// to the load balancer, with a health check on the server's health
// route), and Cloud Monitor alarms that notify the configured receivers.
// The model-artifact and audit-log buckets live in the primary region and
// replicate to the replica. A private name (package failover) points at
// the active site over a CCN that joins the two VPCs; the CloudAudit
// tracker (and Anti-DDoS policies when configured) complete it.
//
// The project's program (main.go) runs Program when the stack's
// modelfort:cloud is "tencentcloud".
package tencentcloud

import (
	"fmt"

	k8s "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/components/tencentcloud/failover"
	"github.com/modelfort/modelfort/components/tencentcloud/internalclb"
	"github.com/modelfort/modelfort/components/tencentcloud/kmskey"
	"github.com/modelfort/modelfort/components/tencentcloud/modelworkload"
	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
	"github.com/modelfort/modelfort/components/tencentcloud/protection"
	"github.com/modelfort/modelfort/components/tencentcloud/replicatedbucket"
	"github.com/modelfort/modelfort/components/tencentcloud/servingalarms"
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

	// DataKey is the site's data key.
	DataKey *kmskey.Key
	// ModelBucket is the full name of the model copy the site serves
	// from: the primary bucket, or its replica.
	ModelBucket string
	// Network, LoadBalancer and Cluster serve the model; Kubernetes is the
	// provider that reaches the cluster's private endpoint, Workload the
	// model server and Alarms the site's Cloud Monitor policies.
	Network      *privatenetwork.Network
	LoadBalancer *internalclb.LoadBalancer
	Cluster      *servingcluster.Cluster
	Kubernetes   *k8s.Provider
	Workload     *modelworkload.Workload
	Alarms       *servingalarms.Alarms
}

// Deployment is what a stack builds.
type Deployment struct {
	// Config is the configuration deployed.
	Config Config
	// Primary serves; Replica is the warm standby.
	Primary, Replica *Site

	// DataKey and ReplicaDataKey are the sites' data keys.
	DataKey, ReplicaDataKey *kmskey.Key
	// Models holds the model artifacts; AuditLogs the CloudAudit log.
	Models, AuditLogs *replicatedbucket.Bucket
	// Network, LoadBalancer and Cluster are the primary site's.
	Network      *privatenetwork.Network
	LoadBalancer *internalclb.LoadBalancer
	Cluster      *servingcluster.Cluster
	// Failover is the service name and the CCN between the sites.
	Failover *failover.Failover
	// Protection is the audit tracker and Anti-DDoS policies.
	Protection *protection.Protection
}

// Sites returns the primary and the replica site.
func (d *Deployment) Sites() []*Site { return []*Site{d.Primary, d.Replica} }

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
	for _, s := range d.Sites() {
		if n := len(s.Env.Zones); n < cfg.ZoneCount {
			return nil, fmt.Errorf("%s:zoneCount is %d; %s offers %d zone(s): %v", Namespace, cfg.ZoneCount, s.Region, n, s.Env.Zones)
		}
	}
	if d.Primary.Env.AppId != d.Replica.Env.AppId {
		return nil, fmt.Errorf("the providers of %s and %s act for different accounts (APPID %s, %s)", cfg.PrimaryRegion, cfg.ReplicaRegion, d.Primary.Env.AppId, d.Replica.Env.AppId)
	}

	p := cfg.Profile()
	inPrimary := []pulumi.ResourceOption{pulumi.Provider(d.Primary.Provider), pulumi.Protect(p.Protect)}
	prefix := "modelfort-" + cfg.Environment

	for _, s := range d.Sites() {
		name, desc := "data", "modelfort "+cfg.Environment+" data key"
		if s.Role == "replica" {
			name, desc = "data-replica", desc+" (replica region)"
		}
		if s.DataKey, err = kmskey.NewKey(ctx, name, &kmskey.Args{
			Alias:       prefix + "-data",
			Description: desc,
			Tags:        cfg.tags(s.Role),
		}, s.options(p)...); err != nil {
			return nil, err
		}
	}
	d.DataKey, d.ReplicaDataKey = d.Primary.DataKey, d.Replica.DataKey
	bucket := func(name string) (*replicatedbucket.Bucket, error) {
		return replicatedbucket.NewBucket(ctx, name, &replicatedbucket.Args{
			Name:                 prefix + "-" + name,
			ReplicaProvider:      d.Replica.Provider,
			AllowVersionDeletion: !p.ProtectVersions,
			Tags:                 cfg.tags("primary"),
		}, inPrimary...)
	}
	if d.Models, err = bucket("models"); err != nil {
		return nil, err
	}
	if d.AuditLogs, err = bucket("audit"); err != nil {
		return nil, err
	}
	d.Primary.ModelBucket, d.Replica.ModelBucket = d.Models.FullName, d.Models.ReplicaFullName
	for _, s := range d.Sites() {
		if err := d.serve(ctx, s); err != nil {
			return nil, err
		}
	}
	d.Network, d.LoadBalancer, d.Cluster = d.Primary.Network, d.Primary.LoadBalancer, d.Primary.Cluster
	var sites []failover.Site
	for _, s := range d.Sites() {
		sites = append(sites, failover.Site{Region: s.Region, VpcId: s.Network.VpcId, Address: s.LoadBalancer.Vips.Index(pulumi.Int(0))})
	}
	if d.Failover, err = failover.NewFailover(ctx, "serving", &failover.Args{
		Domain: cfg.ServiceDomain,
		Sites:  sites,
		Active: cfg.ActiveRegion,
		TTL:    cfg.DNSTTLSeconds,
		Name:   prefix + "-serving",
		Tags:   cfg.tags("primary"),
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.Protection, err = d.protect(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// tags are the tags of a site's resources.
func (c Config) tags(site string) map[string]string {
	return map[string]string{"modelfort:environment": c.Environment, "modelfort:site": site}
}

// options are the resource options of a site's resources.
func (s *Site) options(p Profile) []pulumi.ResourceOption {
	return []pulumi.ResourceOption{pulumi.Provider(s.Provider), pulumi.Protect(p.Protect)}
}

// names returns a site's logical-name suffix and its resources' name: the
// primary keeps the names it had before the replica served.
func (s *Site) names(prefix string) (suffix, named string) {
	if s.Role == "primary" {
		return "", prefix + "-serving"
	}
	return "-replica", prefix + "-serving-replica"
}

// serve builds a site's serving path: network, load balancer, cluster,
// alarms (with the workload's log topic) and the model server.
func (d *Deployment) serve(ctx *pulumi.Context, s *Site) error {
	cfg, p := d.Config, d.Config.Profile()
	suffix, named := s.names("modelfort-" + cfg.Environment)
	in := s.options(p)
	cidr, other, minNodes := cfg.VpcCidr, cfg.ReplicaVpcCidr, cfg.MinNodes
	if s.Role == "replica" {
		cidr, other, minNodes = cfg.ReplicaVpcCidr, cfg.VpcCidr, cfg.ReplicaMinNodes
	}
	var err error
	if s.Network, err = privatenetwork.NewNetwork(ctx, "serving"+suffix, &privatenetwork.Args{
		CidrBlock: cidr,
		ZoneCount: cfg.ZoneCount,
		// After a failover the other region's clients call this site's
		// load balancer over the CCN.
		RemoteClientCidrs: []string{other},
		Tags:              cfg.tags(s.Role),
	}, in...); err != nil {
		return err
	}
	var logSet pulumi.StringInput
	if cfg.CLBLogSetId != "" && s.Role == "primary" {
		logSet = pulumi.String(cfg.CLBLogSetId)
	}
	if s.LoadBalancer, err = internalclb.NewLoadBalancer(ctx, "serving"+suffix, &internalclb.Args{
		LogSetId:         logSet,
		VpcId:            s.Network.VpcId,
		SubnetId:         s.Network.SubnetIdInputs()[0],
		SecurityGroupIds: []pulumi.StringInput{s.Network.GroupID(privatenetwork.TierCLB)},
		ClbName:          named,
		AllowDeletion:    !p.DeletionProtection,
		Tags:             cfg.tags(s.Role),
	}, in...); err != nil {
		return err
	}
	if s.Cluster, err = servingcluster.NewCluster(ctx, "serving"+suffix, &servingcluster.Args{
		VpcId:            s.Network.VpcId,
		SubnetIds:        s.Network.SubnetIdInputs(),
		SecurityGroupIds: []pulumi.StringInput{s.Network.GroupID(privatenetwork.TierNodes)},
		ClusterName:      named,
		InstanceType:     cfg.NodeInstanceType,
		MinNodes:         minNodes,
		MaxNodes:         cfg.MaxNodes,
		ModelBuckets:     []string{s.ModelBucket},
		AllowDeletion:    !p.DeletionProtection,
		Tags:             cfg.tags(s.Role),
	}, in...); err != nil {
		return err
	}
	// The workload's provider reaches the cluster's private endpoint: a
	// real "pulumi up" runs where the VPC is reachable (docs/deploying.md).
	if s.Kubernetes, err = k8s.NewProvider(ctx, "serving"+suffix, &k8s.ProviderArgs{
		Kubeconfig: s.Cluster.Kubeconfig,
		// The cluster's ID, not its (rotating) credentials, identifies it:
		// a new token must not replace the workload.
		ClusterIdentifier: s.Cluster.ClusterId,
	}, pulumi.Protect(p.Protect)); err != nil {
		return err
	}
	notices := make([]pulumi.StringInput, len(cfg.NoticeIds))
	for i, n := range cfg.NoticeIds {
		notices[i] = pulumi.String(n)
	}
	if s.Alarms, err = servingalarms.NewAlarms(ctx, "serving"+suffix, &servingalarms.Args{
		LoadBalancerId: s.LoadBalancer.LoadBalancerId,
		Vip:            s.LoadBalancer.Vips.Index(pulumi.Int(0)),
		VpcId:          s.Network.VpcId,
		Listeners:      []servingalarms.Listener{{Port: modelworkload.ListenerPort, Protocol: "HTTPS"}},
		ClusterId:      s.Cluster.ClusterId,
		NoticeIds:      notices,
		BucketName:     pulumi.String(s.ModelBucket),
		NamePrefix:     cfg.Environment + "-" + s.Role,
		// The workload's log topic joins the load balancer's log set: one
		// set per site, named for the environment.
		LogSetId: s.LoadBalancer.LogSetId,
		Tags:     cfg.tags(s.Role),
	}, in...); err != nil {
		return err
	}
	if s.Workload, err = modelworkload.NewWorkload(ctx, "serving"+suffix, &modelworkload.Args{
		Image:          cfg.ModelImage,
		ModelURI:       "cos://" + s.ModelBucket + "/" + cfg.ModelPath,
		Region:         s.Region,
		Domain:         failover.DefaultSubDomain + "." + cfg.ServiceDomain,
		LoadBalancerId: s.LoadBalancer.LoadBalancerId,
		CertificateId:  pulumi.String(cfg.CertificateId),
		Replicas:       minNodes,
		NodeSelector:   map[string]string{servingcluster.PoolLabel: servingcluster.PoolLabelValue},
		LogTopicId:     s.Alarms.LogTopicId,
	}, pulumi.Provider(s.Kubernetes), pulumi.Protect(p.Protect)); err != nil {
		return err
	}
	return nil
}

// protect creates the CloudAudit tracker and the Anti-DDoS policies.
// CloudAudit's API serves ap-guangzhou only: from another primary region
// the tracker is made through a provider of its own there.
func (d *Deployment) protect(ctx *pulumi.Context) (*protection.Protection, error) {
	cfg, p := d.Config, d.Config.Profile()
	args := &protection.Args{
		DisableAudit: !cfg.CloudAudit,
		AuditBucket:  d.AuditLogs,
		AuditName:    "modelfort_" + cfg.Environment,
		Tags:         cfg.tags("primary"),
	}
	if cfg.CloudAudit && cfg.PrimaryRegion != protection.AuditRegion {
		prov, err := tencentcloud.NewProvider(ctx, "audit", &tencentcloud.ProviderArgs{Region: pulumi.String(protection.AuditRegion)})
		if err != nil {
			return nil, err
		}
		args.AuditProvider = prov
	}
	if cfg.AntiDDoSInstance != "" {
		args.AntiDDoS = append(args.AntiDDoS, protection.AntiDDoS{ResourceId: cfg.AntiDDoSInstance, Business: cfg.AntiDDoSBusiness})
	}
	return protection.NewProtection(ctx, "protection", args, pulumi.Provider(d.Primary.Provider), pulumi.Protect(p.Protect))
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
	ctx.Export("serviceName", d.Failover.Name)
	ctx.Export("activeRegion", d.Failover.ActiveRegion)
	ctx.Export("serviceAddress", d.Failover.Address)
	ctx.Export("ccnId", d.Failover.CcnId)
	ctx.Export("recoveryBudget", d.Config.Budget().Output(d.Config))
	for _, s := range d.Sites() {
		ctx.Export(s.Role+"Site", pulumi.Map{
			"region":         pulumi.String(s.Region),
			"vpcId":          s.Network.VpcId,
			"loadBalancerId": s.LoadBalancer.LoadBalancerId,
			"vips":           s.LoadBalancer.Vips,
			"clusterId":      s.Cluster.ClusterId,
			"modelBucket":    pulumi.String(s.ModelBucket),
			"dataKeyId":      s.DataKey.KeyId,
		})
	}
}
