package tencentcloud

import (
	"fmt"
	"net/netip"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
	"github.com/modelfort/modelfort/components/tencentcloud/protection"
	"github.com/modelfort/modelfort/components/tencentcloud/servingcluster"
	"github.com/modelfort/modelfort/internal/verify"
	"github.com/modelfort/modelfort/stacks/stackconfig"
)

// Namespace is the stack configuration namespace of modelfort's own keys.
const Namespace = stackconfig.Namespace

// CloudKey is the configuration key that selects this program, and Cloud
// the value that selects it.
const (
	CloudKey = Namespace + ":cloud"
	Cloud    = "tencentcloud"
)

// RegionKey and ReplicaRegionKey are the configuration keys of the
// primary and the replica region.
const (
	RegionKey        = "tencentcloud:region"
	ReplicaRegionKey = Namespace + ":replicaRegion"
)

// Profile is what an environment demands of a deployment, and its
// defaults for keys the stack configuration leaves out.
type Profile struct {
	// Protect marks every resource protected, so that "pulumi destroy"
	// refuses to delete anything.
	Protect bool
	// DeletionProtection turns on the cloud's own guards: TKE deletion
	// protection, and protection of the CLB (whose provider has none).
	DeletionProtection bool
	// ProtectVersions makes bucket policies deny the permanent deletion
	// of object versions (the provider has no object lock).
	ProtectVersions bool
	// RequireAudit demands modelfort:cloudAudit true.
	RequireAudit bool
	// ZoneCount and MinNodes are the defaults of modelfort:zoneCount and
	// modelfort:minNodes.
	ZoneCount, MinNodes int
}

// Profiles are the environments a stack may declare.
var Profiles = map[string]Profile{
	"dev":     {ZoneCount: 2, MinNodes: 2},
	"staging": {ProtectVersions: true, ZoneCount: 2, MinNodes: 2},
	"prod":    {Protect: true, DeletionProtection: true, ProtectVersions: true, RequireAudit: true, ZoneCount: 3, MinNodes: 3},
}

// Defaults of keys every environment shares.
const (
	DefaultVpcCidr   = privatenetwork.DefaultCidrBlock
	DefaultMaxNodes  = servingcluster.DefaultMaxNodes
	MaxZoneCount     = 3
	DefaultBusiness  = protection.DefaultBusiness
	clusterCidrBlock = servingcluster.DefaultClusterCidr
)

// Config is a Tencent Cloud stack's typed configuration.
type Config struct {
	// Environment is modelfort:environment, a key of Profiles.
	Environment string
	// PrimaryRegion is tencentcloud:region, where the deployment serves.
	PrimaryRegion string
	// ReplicaRegion is modelfort:replicaRegion, where its data and keys
	// are copied.
	ReplicaRegion string
	// ZoneCount (modelfort:zoneCount) is how many zones the network and
	// the node pool span: 2 or 3.
	ZoneCount int
	// VpcCidr (modelfort:vpcCidr) is the VPC's block.
	VpcCidr string
	// NodeInstanceType (modelfort:nodeInstanceType) is the nodes' CVM
	// type.
	NodeInstanceType string
	// MinNodes and MaxNodes (modelfort:minNodes, modelfort:maxNodes) size
	// the node pool.
	MinNodes, MaxNodes int
	// CloudAudit (modelfort:cloudAudit) turns the CloudAudit tracker on.
	CloudAudit bool
	// CLBLogSetId (modelfort:clbLogSetId) is an existing CLB log set,
	// which a region holds one of per account; empty: the load balancer
	// creates it.
	CLBLogSetId string
	// AntiDDoSInstance (modelfort:antiDdosInstance) is an Anti-DDoS
	// instance to protect, and AntiDDoSBusiness (modelfort:antiDdosBusiness)
	// its kind.
	AntiDDoSInstance, AntiDDoSBusiness string
}

// Profile returns the profile of the configured environment.
func (c Config) Profile() Profile { return Profiles[c.Environment] }

var (
	region     = regexp.MustCompile(`^[a-z]{2}-[a-z]+(-[a-z]+)?$`)
	instanceID = regexp.MustCompile(`^[a-z0-9-]{3,64}$`)
)

// LoadConfig reads and validates the stack configuration.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	return ParseConfig(stackconfig.FromContext(ctx))
}

// ParseConfig builds a Config from configuration values (keys such as
// "modelfort:environment"; absent keys read as "") and validates it.
func ParseConfig(get func(key string) string) (Config, error) {
	v := stackconfig.Values(get)
	c := Config{
		Environment:      v(stackconfig.EnvironmentKey),
		PrimaryRegion:    v(RegionKey),
		ReplicaRegion:    v(ReplicaRegionKey),
		VpcCidr:          v.String(stackconfig.Key("vpcCidr"), DefaultVpcCidr),
		NodeInstanceType: v.String(stackconfig.Key("nodeInstanceType"), servingcluster.DefaultInstanceType),
		CLBLogSetId:      v(stackconfig.Key("clbLogSetId")),
		AntiDDoSInstance: v(stackconfig.Key("antiDdosInstance")),
		AntiDDoSBusiness: v.String(stackconfig.Key("antiDdosBusiness"), DefaultBusiness),
	}
	if cloud := v(CloudKey); cloud != Cloud {
		return c, fmt.Errorf("%s is %q; this program deploys to Tencent Cloud and needs %s", CloudKey, cloud, Cloud)
	}
	if err := stackconfig.Environment(c.Environment, Profiles); err != nil {
		return c, err
	}
	p := c.Profile()
	var err error
	if c.ZoneCount, err = v.Int(stackconfig.Key("zoneCount"), p.ZoneCount); err != nil {
		return c, err
	}
	if c.MinNodes, err = v.Int(stackconfig.Key("minNodes"), max(p.MinNodes, c.ZoneCount)); err != nil {
		return c, err
	}
	if c.MaxNodes, err = v.Int(stackconfig.Key("maxNodes"), max(DefaultMaxNodes, c.MinNodes)); err != nil {
		return c, err
	}
	if c.CloudAudit, err = v.Bool(stackconfig.Key("cloudAudit"), true); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// Validate checks the configuration; its errors name the configuration
// key and the values it allows.
func (c Config) Validate() error {
	if err := stackconfig.Environment(c.Environment, Profiles); err != nil {
		return err
	}
	if err := stackconfig.Region(RegionKey, c.PrimaryRegion, region, "a Tencent Cloud region", "ap-guangzhou"); err != nil {
		return err
	}
	if err := stackconfig.Region(ReplicaRegionKey, c.ReplicaRegion, region, "a Tencent Cloud region", "ap-shanghai"); err != nil {
		return err
	}
	if err := stackconfig.OtherRegion(ReplicaRegionKey, c.ReplicaRegion, RegionKey, c.PrimaryRegion, "replica"); err != nil {
		return err
	}
	if c.ZoneCount < privatenetwork.MinZoneCount || c.ZoneCount > MaxZoneCount {
		return fmt.Errorf("%s:zoneCount is %d; allowed values are %d to %d", Namespace, c.ZoneCount, privatenetwork.MinZoneCount, MaxZoneCount)
	}
	if err := (&privatenetwork.Args{CidrBlock: c.VpcCidr, ZoneCount: c.ZoneCount}).Validate("serving"); err != nil {
		return fmt.Errorf("%s:vpcCidr is %q; allowed values are blocks inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address, from /8 (/12, /16) to /%d", Namespace, c.VpcCidr, privatenetwork.MaxVpcPrefix)
	}
	vpc := netip.MustParsePrefix(c.VpcCidr)
	if pods := netip.MustParsePrefix(clusterCidrBlock); pods.Overlaps(vpc) {
		return fmt.Errorf("%s:vpcCidr is %q; it overlaps the cluster's pod and service block %s, so choose a block outside it (10.0.0.0/8 or 192.168.0.0/16)", Namespace, c.VpcCidr, clusterCidrBlock)
	}
	if c.MinNodes < c.ZoneCount {
		return fmt.Errorf("%s:minNodes is %d; allowed values are at least %s:zoneCount (%d), one node per zone", Namespace, c.MinNodes, Namespace, c.ZoneCount)
	}
	if c.MaxNodes < c.MinNodes {
		return fmt.Errorf("%s:maxNodes is %d; allowed values are at least %s:minNodes (%d)", Namespace, c.MaxNodes, Namespace, c.MinNodes)
	}
	if c.Profile().RequireAudit && !c.CloudAudit {
		return fmt.Errorf("%s:cloudAudit is false; the %s environment demands true", Namespace, c.Environment)
	}
	if c.CLBLogSetId != "" && !instanceID.MatchString(c.CLBLogSetId) {
		return fmt.Errorf("%s:clbLogSetId is %q; give the ID of an existing CLB log set, or leave it empty", Namespace, c.CLBLogSetId)
	}
	if c.AntiDDoSInstance != "" && !instanceID.MatchString(c.AntiDDoSInstance) {
		return fmt.Errorf("%s:antiDdosInstance is %q; give the ID of an Anti-DDoS instance such as bgpip-00000001, or leave it empty", Namespace, c.AntiDDoSInstance)
	}
	return verify.OneOf(stackconfig.Key("antiDdosBusiness"), c.AntiDDoSBusiness, protection.AntiDDoSBusinesses...)
}
