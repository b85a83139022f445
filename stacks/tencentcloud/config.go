package tencentcloud

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/failover"
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
	// RPOTargetMinutes and RTOTargetMinutes are the defaults of
	// modelfort:rpoTargetMinutes and modelfort:rtoTargetMinutes.
	RPOTargetMinutes, RTOTargetMinutes int
}

// Profiles are the environments a stack may declare.
var Profiles = map[string]Profile{
	"dev":     {ZoneCount: 2, MinNodes: 2, RPOTargetMinutes: 60, RTOTargetMinutes: 120},
	"staging": {ProtectVersions: true, ZoneCount: 2, MinNodes: 2, RPOTargetMinutes: 30, RTOTargetMinutes: 60},
	"prod":    {Protect: true, DeletionProtection: true, ProtectVersions: true, RequireAudit: true, ZoneCount: 3, MinNodes: 3, RPOTargetMinutes: 15, RTOTargetMinutes: 45},
}

// Defaults of keys every environment shares.
const (
	DefaultVpcCidr        = privatenetwork.DefaultCidrBlock
	DefaultReplicaVpcCidr = "10.1.0.0/16"
	// DefaultModelImage is vLLM's OpenAI-compatible server, which the
	// account mirrors into its own registry (nodes have no internet).
	DefaultModelImage = "ccr.ccs.tencentyun.com/modelfort/vllm-openai:v0.6.3"
	// DefaultModelPath is the model's prefix in the model bucket.
	DefaultModelPath          = "models/deepseek-r1-distill-qwen-7b/"
	DefaultServiceDomain      = "modelfort.internal"
	DefaultDNSTTLSeconds      = failover.DefaultTTL
	DefaultReplicationMinutes = 15
	DefaultResponseMinutes    = 15
	DefaultScaleUpMinutes     = 10
	DefaultMaxNodes           = servingcluster.DefaultMaxNodes
	MaxZoneCount              = 3
	DefaultBusiness           = protection.DefaultBusiness
	clusterCidrBlock          = servingcluster.DefaultClusterCidr
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

	// ReplicaVpcCidr (modelfort:replicaVpcCidr) is the replica region's
	// VPC block; it must not overlap VpcCidr (the CCN joins them).
	ReplicaVpcCidr string
	// ReplicaMinNodes (modelfort:replicaMinNodes) is the warm standby's
	// node count: at least ZoneCount, at most MinNodes. Default: ZoneCount.
	ReplicaMinNodes int
	// ModelImage (modelfort:modelImage) is the model server's image,
	// pinned by tag or digest; ModelPath (modelfort:modelPath) the
	// model's prefix in the model bucket.
	ModelImage, ModelPath string
	// CertificateId (modelfort:certificateId) is the SSL certificate of
	// the service name, in Tencent Cloud SSL Certificates (required).
	CertificateId string
	// ServiceDomain (modelfort:serviceDomain) is the private zone of the
	// service name, model.SERVICEDOMAIN.
	ServiceDomain string
	// ActiveRegion (modelfort:activeRegion) is the region the service name
	// points at: the primary (default) or, after a failover, the replica.
	ActiveRegion string
	// NoticeIds (modelfort:alarmReceivers, {"noticeIds": [...]}) are the
	// Cloud Monitor notification templates every alarm notifies.
	NoticeIds []string
	// DNSTTLSeconds (modelfort:dnsTtlSeconds) is the service name's TTL.
	DNSTTLSeconds int
	// ReplicationMinutes (modelfort:replicationMinutes) is the COS
	// replication lag the budget assumes: COS documents no bound; the
	// replication alarm and the drills measure it.
	ReplicationMinutes int
	// ResponseMinutes (modelfort:responseMinutes) is how long on-call
	// takes from the alarm to a finished failover "pulumi up".
	ResponseMinutes int
	// ScaleUpMinutes (modelfort:scaleUpMinutes) is how long the standby's
	// node pool takes to grow to the primary's size.
	ScaleUpMinutes int
	// RPOTargetMinutes and RTOTargetMinutes (modelfort:rpoTargetMinutes,
	// modelfort:rtoTargetMinutes) are the recovery targets; a
	// configuration whose Budget cannot meet them is rejected.
	RPOTargetMinutes, RTOTargetMinutes int
}

// Profile returns the profile of the configured environment.
func (c Config) Profile() Profile { return Profiles[c.Environment] }

var (
	region        = regexp.MustCompile(`^[a-z]{2}-[a-z]+(-[a-z]+)?$`)
	instanceID    = regexp.MustCompile(`^[a-z0-9-]{3,64}$`)
	modelImage    = regexp.MustCompile(`^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$`)
	modelPath     = regexp.MustCompile(`^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/$`)
	certificateID = regexp.MustCompile(`^[A-Za-z0-9]{8}$`)
	noticeID      = regexp.MustCompile(`^notice-[a-z0-9]{8,}$`)
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
		ReplicaVpcCidr:   v.String(stackconfig.Key("replicaVpcCidr"), DefaultReplicaVpcCidr),
		ModelImage:       v.String(stackconfig.Key("modelImage"), DefaultModelImage),
		ModelPath:        v.String(stackconfig.Key("modelPath"), DefaultModelPath),
		CertificateId:    v(stackconfig.Key("certificateId")),
		ServiceDomain:    v.String(stackconfig.Key("serviceDomain"), DefaultServiceDomain),
	}
	c.ActiveRegion = v.String(stackconfig.Key("activeRegion"), c.PrimaryRegion)
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
	for _, n := range []struct {
		key string
		to  *int
		def int
	}{
		{"replicaMinNodes", &c.ReplicaMinNodes, c.ZoneCount},
		{"dnsTtlSeconds", &c.DNSTTLSeconds, DefaultDNSTTLSeconds},
		{"replicationMinutes", &c.ReplicationMinutes, DefaultReplicationMinutes},
		{"responseMinutes", &c.ResponseMinutes, DefaultResponseMinutes},
		{"scaleUpMinutes", &c.ScaleUpMinutes, DefaultScaleUpMinutes},
		{"rpoTargetMinutes", &c.RPOTargetMinutes, p.RPOTargetMinutes},
		{"rtoTargetMinutes", &c.RTOTargetMinutes, p.RTOTargetMinutes},
	} {
		if *n.to, err = v.Int(stackconfig.Key(n.key), n.def); err != nil {
			return c, err
		}
	}
	if c.NoticeIds, err = parseReceivers(v(ReceiversKey)); err != nil {
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
	if vpc, err := netip.ParsePrefix(c.VpcCidr); err == nil && vpc.Overlaps(netip.MustParsePrefix(clusterCidrBlock)) {
		return fmt.Errorf("%s:vpcCidr is %q; it overlaps the cluster's pod and service block %s, so choose a block outside it (10.0.0.0/8 or 192.168.0.0/16)", Namespace, c.VpcCidr, clusterCidrBlock)
	}
	if err := (&privatenetwork.Args{CidrBlock: c.VpcCidr, ZoneCount: c.ZoneCount}).Validate("serving"); err != nil {
		return fmt.Errorf("%s:vpcCidr is %q; allowed values are blocks inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address, from /8 (/12, /16) to /%d", Namespace, c.VpcCidr, privatenetwork.MaxVpcPrefix)
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
	if err := verify.OneOf(stackconfig.Key("antiDdosBusiness"), c.AntiDDoSBusiness, protection.AntiDDoSBusinesses...); err != nil {
		return err
	}
	return c.validateServing()
}

// validateServing checks the keys of serving, failover and recovery.
func (c Config) validateServing() error {
	replica, err := netip.ParsePrefix(c.ReplicaVpcCidr)
	if err == nil && (replica.Overlaps(netip.MustParsePrefix(c.VpcCidr)) || replica.Overlaps(netip.MustParsePrefix(clusterCidrBlock))) {
		return fmt.Errorf("%s:replicaVpcCidr is %q; it overlaps %s:vpcCidr (%s) or the clusters' pod block %s, and the CCN joins the two VPCs: choose a block outside both, such as %s", Namespace, c.ReplicaVpcCidr, Namespace, c.VpcCidr, clusterCidrBlock, DefaultReplicaVpcCidr)
	}
	if err := (&privatenetwork.Args{CidrBlock: c.ReplicaVpcCidr, ZoneCount: c.ZoneCount}).Validate("serving"); err != nil {
		return fmt.Errorf("%s:replicaVpcCidr is %q; allowed values are blocks inside 10.0.0.0/8 or 192.168.0.0/16, written with their network address, from /8 (/16) to /%d", Namespace, c.ReplicaVpcCidr, privatenetwork.MaxVpcPrefix)
	}
	if c.ReplicaMinNodes < c.ZoneCount || c.ReplicaMinNodes > c.MinNodes {
		return fmt.Errorf("%s:replicaMinNodes is %d; allowed values are %d (%s:zoneCount, a node per zone) to %d (%s:minNodes)", Namespace, c.ReplicaMinNodes, c.ZoneCount, Namespace, c.MinNodes, Namespace)
	}
	if !modelImage.MatchString(c.ModelImage) || strings.HasSuffix(c.ModelImage, ":latest") {
		return fmt.Errorf("%s:modelImage is %q; give an image pinned by a tag other than latest or by a digest, such as %s", Namespace, c.ModelImage, DefaultModelImage)
	}
	if !modelPath.MatchString(c.ModelPath) {
		return fmt.Errorf("%s:modelPath is %q; give the model's prefix in the model bucket: letters, digits, '-', '_', '.' and '/', ending with '/', such as %s", Namespace, c.ModelPath, DefaultModelPath)
	}
	if !certificateID.MatchString(c.CertificateId) {
		return fmt.Errorf("%s:certificateId is %q; give the ID of the service name's certificate in Tencent Cloud SSL Certificates (8 letters and digits)", Namespace, c.CertificateId)
	}
	if err := failover.ValidateDomain(stackconfig.Key("serviceDomain"), c.ServiceDomain); err != nil {
		return err
	}
	if c.ActiveRegion != c.PrimaryRegion && c.ActiveRegion != c.ReplicaRegion {
		return fmt.Errorf("%s:activeRegion is %q; allowed values are %s (%s) and %s (%s)", Namespace, c.ActiveRegion, c.PrimaryRegion, RegionKey, c.ReplicaRegion, ReplicaRegionKey)
	}
	if len(c.NoticeIds) == 0 {
		return fmt.Errorf("%s has no noticeIds; give the Cloud Monitor notification templates (notice-...) whose receivers hear the alarms", ReceiversKey)
	}
	for i, id := range c.NoticeIds {
		if !noticeID.MatchString(id) {
			return fmt.Errorf("%s noticeIds[%d] is %q; give a notification template ID such as notice-0a1b2c3d", ReceiversKey, i, id)
		}
	}
	for _, n := range []struct {
		key      string
		v, lo, h int
	}{
		{"dnsTtlSeconds", c.DNSTTLSeconds, 1, failover.MaxTTL},
		{"replicationMinutes", c.ReplicationMinutes, 1, 24 * 60},
		{"responseMinutes", c.ResponseMinutes, 1, 24 * 60},
		{"scaleUpMinutes", c.ScaleUpMinutes, 0, 24 * 60},
		{"rpoTargetMinutes", c.RPOTargetMinutes, 1, 7 * 24 * 60},
		{"rtoTargetMinutes", c.RTOTargetMinutes, 1, 7 * 24 * 60},
	} {
		if n.v < n.lo || n.v > n.h {
			return fmt.Errorf("%s:%s is %d; allowed values are %d to %d", Namespace, n.key, n.v, n.lo, n.h)
		}
	}
	return c.checkBudget()
}

// ReceiversKey is the configuration key of the alarms' receivers.
const ReceiversKey = Namespace + ":alarmReceivers"

// parseReceivers reads modelfort:alarmReceivers, {"noticeIds": [...]};
// unknown fields are refused, so that a misspelt one is not ignored.
func parseReceivers(s string) ([]string, error) {
	var r struct {
		NoticeIds []string `json:"noticeIds"`
	}
	if s == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s is not an object of noticeIds (a list of Cloud Monitor notification templates): %v", ReceiversKey, err)
	}
	return r.NoticeIds, nil
}
