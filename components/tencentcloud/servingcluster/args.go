package servingcluster

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and limits.
const (
	DefaultKubernetesVersion = "1.28.3"
	DefaultClusterCidr       = "172.16.0.0/16"
	// DefaultInstanceType is a GPU CVM type: 8 vCPU, 32 GiB, one NVIDIA
	// T4 (16 GiB), enough for a distilled 7B or 8B model in 16 bits.
	DefaultInstanceType = "GN7.2XLARGE32"
	// DefaultNodePoolName is the node pool's name.
	DefaultNodePoolName = "modelfort-gpu"
	// MaxNodePoolName is the longest node pool name TKE takes.
	MaxNodePoolName = 25
	DefaultMinNodes = 2
	DefaultMaxNodes = 6
	// The system disk also holds the images and the model's cache.
	DefaultSystemDiskGB = 200
	MinSystemDiskGB     = 50
	MaxSystemDiskGB     = 500
	// MaxClusterCidrPrefix is the longest prefix of ClusterCidr.
	MaxClusterCidrPrefix = 24
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
	// 2, none nil. The first also holds the private API endpoint.
	// Required.
	SubnetIds []pulumi.StringInput
	// SecurityGroupIds are the nodes' groups (the nodes tier): at least
	// one, none nil. Required.
	SecurityGroupIds []pulumi.StringInput
	// ClusterName: 1 to 50 letters, digits, '_' and '-'. Default:
	// "modelfort-NAME".
	ClusterName string
	// KubernetesVersion of the cluster. Default: 1.28.3.
	KubernetesVersion string
	// ClusterCidr is the pods' and services' address block, /24 or larger,
	// inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 and outside the
	// VPC's. Default: 172.16.0.0/16.
	ClusterCidr string
	// InstanceType of the nodes: a GPU CVM type, of a family in
	// GPUFamilies. Default: GN7.2XLARGE32.
	InstanceType string
	// NodePoolName is the node pool's name: 1 to 25 letters, digits, '_',
	// '-' and '.'. Default: modelfort-gpu.
	NodePoolName string
	// ModelBuckets are the full names of COS buckets in the cluster's
	// region ("NAME-APPID") whose objects the nodes may read, through a
	// CAM role of the nodes' own (CLUSTERNAME-nodes) that may do nothing
	// else. Default: none, and no role.
	ModelBuckets []string
	// MinNodes, MaxNodes and DesiredNodes size the node pool. MinNodes is
	// at least the number of subnets, so that every zone has a node;
	// MaxNodes at least MinNodes; DesiredNodes between them. Defaults: 2
	// (or the number of subnets), 6 (or MinNodes), MinNodes.
	MinNodes, MaxNodes, DesiredNodes int
	// SystemDiskGB is the nodes' system disk size: 50 to 500. Default:
	// 200.
	SystemDiskGB int
	// KeyIds are the SSH key pairs that may log in to nodes, none nil.
	// Cluster never sets a password. Default: none (TKE's default login).
	KeyIds []pulumi.StringInput
	// AuditLogSetId and AuditTopicId are an existing CLS log set and
	// topic for the audit log, both or neither. Default: TKE creates them.
	AuditLogSetId, AuditTopicId pulumi.StringInput
	// AllowDeletion turns the cluster's deletion protection off (explicit
	// loosening, for environments that must be torn down). Default: false.
	AllowDeletion bool
	// Tags are added to the cluster. Default: none.
	Tags map[string]string
}

// GPUFamilies are the CVM instance families with GPUs that InstanceType
// may name (https://www.tencentcloud.com/document/product/560/19700).
var GPUFamilies = []string{"GN", "GT", "GI", "GC", "PNV"}

var (
	clusterName  = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,50}$`)
	nodePoolName = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,25}$`)
	instanceType = regexp.MustCompile(`^([A-Z]+)[0-9A-Za-z]*\.[0-9A-Z]+$`)
)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if a.VpcId == nil {
		return fmt.Errorf("VpcId is nil; give the cluster's VPC")
	}
	if len(a.SubnetIds) < MinSubnets {
		return fmt.Errorf("SubnetIds has %d subnet(s); allowed values are at least %d subnets in different zones", len(a.SubnetIds), MinSubnets)
	}
	if len(a.SecurityGroupIds) == 0 {
		return fmt.Errorf("SecurityGroupIds is empty; give the nodes' security group")
	}
	for _, ids := range []struct {
		field string
		ids   []pulumi.StringInput
	}{{"SubnetIds", a.SubnetIds}, {"SecurityGroupIds", a.SecurityGroupIds}, {"KeyIds", a.KeyIds}} {
		if err := verify.NoneNil(ids.field, ids.ids); err != nil {
			return err
		}
	}
	if a.ClusterName == "" {
		a.ClusterName = "modelfort-" + name
	}
	if !clusterName.MatchString(a.ClusterName) {
		return fmt.Errorf("ClusterName is %q; allowed values are 1 to 50 letters, digits, '_' and '-'", a.ClusterName)
	}
	if a.KubernetesVersion == "" {
		a.KubernetesVersion = DefaultKubernetesVersion
	}
	if a.ClusterCidr == "" {
		a.ClusterCidr = DefaultClusterCidr
	}
	p, err := netip.ParsePrefix(a.ClusterCidr)
	if err != nil || !verify.IsPrivateIPv4Block(p) || p != p.Masked() || p.Bits() > MaxClusterCidrPrefix {
		return fmt.Errorf("ClusterCidr is %q; allowed values are blocks of /%d or larger inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address", a.ClusterCidr, MaxClusterCidrPrefix)
	}
	if a.InstanceType == "" {
		a.InstanceType = DefaultInstanceType
	}
	if m := instanceType.FindStringSubmatch(a.InstanceType); m == nil || !slices.Contains(GPUFamilies, m[1]) {
		return fmt.Errorf("InstanceType is %q; allowed values are GPU CVM types of the families %s, such as %s", a.InstanceType, strings.Join(GPUFamilies, ", "), DefaultInstanceType)
	}
	if a.NodePoolName == "" {
		a.NodePoolName = DefaultNodePoolName
	}
	if !nodePoolName.MatchString(a.NodePoolName) {
		return fmt.Errorf("NodePoolName is %q; allowed values are 1 to %d letters, digits, '_', '-' and '.'", a.NodePoolName, MaxNodePoolName)
	}
	for i, b := range a.ModelBuckets {
		if !verify.IsCOSBucket(b) {
			return fmt.Errorf("ModelBuckets[%d] is %q; give a bucket's full name, NAME-APPID", i, b)
		}
	}
	return a.validateSize()
}

// validateSize checks and fills in the node pool's size and disks.
func (a *Args) validateSize() error {
	if a.MinNodes == 0 {
		a.MinNodes = max(DefaultMinNodes, len(a.SubnetIds))
	}
	if a.MinNodes < len(a.SubnetIds) {
		return fmt.Errorf("MinNodes is %d; allowed values are at least %d, one node per subnet's zone", a.MinNodes, len(a.SubnetIds))
	}
	if a.MaxNodes == 0 {
		a.MaxNodes = max(DefaultMaxNodes, a.MinNodes)
	}
	if a.MaxNodes < a.MinNodes {
		return fmt.Errorf("MaxNodes is %d; allowed values are at least MinNodes (%d)", a.MaxNodes, a.MinNodes)
	}
	if a.DesiredNodes == 0 {
		a.DesiredNodes = a.MinNodes
	}
	if a.DesiredNodes < a.MinNodes || a.DesiredNodes > a.MaxNodes {
		return fmt.Errorf("DesiredNodes is %d; allowed values are %d to %d (MinNodes to MaxNodes)", a.DesiredNodes, a.MinNodes, a.MaxNodes)
	}
	if a.SystemDiskGB == 0 {
		a.SystemDiskGB = DefaultSystemDiskGB
	}
	if err := verify.Between("SystemDiskGB", a.SystemDiskGB, MinSystemDiskGB, MaxSystemDiskGB, 0); err != nil {
		return err
	}
	if (a.AuditLogSetId == nil) != (a.AuditTopicId == nil) {
		return fmt.Errorf("give AuditLogSetId and AuditTopicId together, or neither")
	}
	return nil
}
