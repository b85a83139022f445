package offlinecloud

import (
	"fmt"
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TencentAppID is the APPID of the offline Tencent Cloud account; COS
// bucket names end with it.
const TencentAppID = "1250000000"

// TencentCloud is the stand-in for pulumi-tencentcloud v0.1.2. Tencent
// Cloud resources have no ARN; types that Kinds does not list get an ID of
// the form MODULE-xxxxxxxx.
var TencentCloud = &Cloud{
	Package:       "tencentcloud",
	Version:       "0.1.2",
	Default:       Kind{ID: lowerTemplate("{service}-{hex8}"), NoARN: true},
	Configure:     tencentConfigure,
	Names:         tencentNames,
	Rules:         tencentRules,
	Prerequisites: tencentPrerequisites,
	Kinds: map[string]Kind{
		"tencentcloud:Cos/bucket:Bucket": {
			ID:       Template("{$bucket}"),
			NoARN:    true,
			ForceNew: []string{"bucket", "multiAz"},
			Computed: map[string]Attr{"cosBucketUrl": Template("{$bucket}.cos.{region}.myqcloud.com")},
		},
		"tencentcloud:Cos/bucketPolicy:BucketPolicy": {ID: Template("{$bucket}"), NoARN: true, ForceNew: []string{"bucket"}},
		"tencentcloud:Kms/key:Key": {
			ID:       Template("{uuid}"),
			NoARN:    true,
			ForceNew: []string{"keyUsage"},
			Computed: map[string]Attr{"keyState": Value("Enabled")},
		},
		"tencentcloud:Vpc/instance:Instance": {
			ID:       Template("vpc-{hex8}"),
			NoARN:    true,
			ForceNew: []string{"cidrBlock"},
			Computed: map[string]Attr{
				"defaultRouteTableId": Template("rtb-{hex8}"),
				"isDefault":           Value(false),
				"createTime":          Value("2026-01-01 00:00:00"),
			},
		},
		"tencentcloud:Subnet/instance:Instance": {
			ID:       Template("subnet-{hex8}"),
			NoARN:    true,
			ForceNew: []string{"vpcId", "cidrBlock", "availabilityZone"},
			Computed: map[string]Attr{"availableIpCount": Value(250), "createTime": Value("2026-01-01 00:00:00")},
		},
		"tencentcloud:Security/group:Group": {ID: Template("sg-{hex8}"), NoARN: true},
		"tencentcloud:Clb/instance:Instance": {
			ID:       Template("lb-{hex8}"),
			NoARN:    true,
			ForceNew: []string{"networkType", "vpcId", "subnetId", "masterZoneId", "slaveZoneId"},
			Computed: map[string]Attr{"clbVips": clbVips},
		},
		"tencentcloud:Kubernetes/cluster:Cluster": {ID: Template("cls-{hex8}"), NoARN: true, ForceNew: []string{"vpcId", "clusterCidr"}},
		// A node pool's ID is CLUSTERID#NODEPOOLID, as the provider sets it.
		"tencentcloud:Kubernetes/nodePool:NodePool": {
			ID:       Template("{$clusterId}#np-{hex8}"),
			NoARN:    true,
			ForceNew: []string{"clusterId", "vpcId", "subnetIds", "retryPolicy", "scalingMode", "multiZoneSubnetPolicy", "unschedulable"},
		},
		// A cluster's endpoint is known by the cluster's ID; its private
		// address is an address of the intranet subnet. Its credentials
		// (the administrator's name and token, the cluster's CA) make the
		// kubeconfig a kubernetes provider uses.
		"tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint": {
			ID:       Template("{$clusterId}"),
			NoARN:    true,
			ForceNew: []string{"clusterId", "clusterIntranetSubnetId"},
			Computed: map[string]Attr{
				"pgwEndpoint":            Value("10.0.0.14"),
				"certificationAuthority": Value("-----BEGIN CERTIFICATE-----\nOFFLINE\n-----END CERTIFICATE-----\n"),
				"userName":               Value("admin"),
				"password":               Template("{hex8}{hex8}"),
			},
		},
		"tencentcloud:Clb/logSet:LogSet":       {ID: Template("{uuid}"), NoARN: true, ForceNew: []string{"period"}},
		"tencentcloud:Clb/logTopic:LogTopic":   {ID: Template("{uuid}"), NoARN: true, ForceNew: []string{"logSetId", "topicName"}},
		"tencentcloud:Audit/instance:Instance": {ID: Template("{$name}"), NoARN: true, ForceNew: []string{"name"}},
		"tencentcloud:Cam/role:Role":           {NoARN: true, ForceNew: []string{"name"}},
		"tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment": {
			ID:       Template("{$roleId}#{$policyId}"),
			NoARN:    true,
			ForceNew: []string{"roleId", "policyId"},
		},
	},
	Invokes: map[string]InvokeFunc{
		"tencentcloud:User/getInfo:getInfo": func(env Env, _ resource.PropertyMap) (resource.PropertyMap, error) {
			return props(map[string]any{
				"id": env.Account, "appId": env.Account, "uin": "100000000001", "ownerUin": "100000000001", "name": "offline",
			}), nil
		},
		"tencentcloud:Availability/getZonesByProduct:getZonesByProduct": func(env Env, args resource.PropertyMap) (resource.PropertyMap, error) {
			var zones []any
			for i, z := range TencentZones(env.Region) {
				zones = append(zones, map[string]any{
					"id": fmt.Sprintf("%d", 100001+i), "name": z, "description": "Offline zone " + z, "state": "AVAILABLE",
				})
			}
			return props(map[string]any{"id": env.Region, "product": str(args["product"]), "zones": zones}), nil
		},
	},
}

// TencentZones returns the availability zones the offline cloud gives a
// Tencent Cloud region: REGION-1, REGION-2 and REGION-3.
func TencentZones(region string) []string {
	return []string{region + "-1", region + "-2", region + "-3"}
}

// tencentConfigure reads the region from the provider's configuration or
// TENCENTCLOUD_REGION; like the real provider it defaults to ap-guangzhou.
func tencentConfigure(config resource.PropertyMap) (Env, error) {
	region := str(config["region"])
	if region == "" {
		region = os.Getenv("TENCENTCLOUD_REGION")
	}
	if region == "" {
		region = "ap-guangzhou"
	}
	return TencentEnv(region), nil
}

// TencentEnv returns the offline environment of a Tencent Cloud region.
func TencentEnv(region string) Env {
	return Env{Region: region, Account: TencentAppID}
}

// lowerTemplate is a template whose result is lower case.
func lowerTemplate(tmpl string) Attr { return mapped(tmpl, strings.ToLower) }

// clbVips is a CLB's private address: 10.A.B.C derived from its ID, so
// that two load balancers have different addresses. The stand-in does not
// know the subnet's block the real address comes from.
func clbVips(r *Instance) (resource.PropertyValue, error) {
	h := hashOf(r.ID)
	ip := fmt.Sprintf("10.%d.%d.%d", h[0], h[1], 2+h[2]%250)
	return resource.NewProperty([]resource.PropertyValue{resource.NewProperty(ip)}), nil
}
