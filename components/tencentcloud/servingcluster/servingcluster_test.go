package servingcluster

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kubernetes"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	roleType     = "tencentcloud:Cam/role:Role"
	clusterType  = "tencentcloud:Kubernetes/cluster:Cluster"
	poolType     = "tencentcloud:Kubernetes/nodePool:NodePool"
	endpointType = "tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint"
)

func required(change func(a *Args)) *Args {
	a := &Args{
		VpcId:            pulumi.String("vpc-1"),
		SubnetIds:        []pulumi.StringInput{pulumi.String("subnet-a"), pulumi.String("subnet-b")},
		SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg-nodes")},
	}
	if change != nil {
		change(a)
	}
	return a
}

func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewCluster(ctx, "serving", args, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
}

func TestDefaults(t *testing.T) {
	rec, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	comp, c := rec.Find(Type, "serving"), rec.Find(clusterType, "serving")
	if comp == nil || c == nil || c.Parent != comp.URN {
		t.Fatalf("want a %s with a cluster:\n%s", Type, rec)
	}
	if c.Str("clusterDeployType") != "MANAGED_CLUSTER" || c.Str("vpcId") != "vpc-1" || c.Str("clusterName") != "modelfort-serving" ||
		c.Str("clusterVersion") != DefaultKubernetesVersion || c.Str("clusterCidr") != "172.16.0.0/16" {
		t.Errorf("cluster %v", c.Inputs)
	}
	if c.Bool("clusterInternet") || !c.Has("clusterInternet") || c.Has("clusterIntranet") || c.Has("managedClusterInternetSecurityPolicies") {
		t.Errorf("the cluster's own endpoint settings: internet %v, intranet %v", c.Get("clusterInternet"), c.Get("clusterIntranet"))
	}
	if !c.Bool("deletionProtection") {
		t.Error("deletion protection is off")
	}
	if !c.Bool("clusterAudit.enabled") || !c.Bool("eventPersistence.enabled") || !c.Bool("logAgent.enabled") || c.Has("clusterAudit.logSetId") {
		t.Errorf("audit %v, events %v, log agent %v", c.Get("clusterAudit"), c.Get("eventPersistence"), c.Get("logAgent"))
	}
	pool := rec.Find(poolType, "serving")
	if pool == nil || pool.Str("clusterId") != c.ID || !slices.Equal(pool.Strs("subnetIds"), []string{"subnet-a", "subnet-b"}) ||
		pool.Str("multiZoneSubnetPolicy") != "EQUALITY" || pool.Num("minSize") != 2 || pool.Num("maxSize") != 6 || pool.Num("desiredCapacity") != 2 {
		t.Fatalf("node pool %v", pool)
	}
	sc := "autoScalingConfig."
	if pool.Bool(sc+"publicIpAssigned") || !pool.Has(sc+"publicIpAssigned") || pool.Num(sc+"internetMaxBandwidthOut") != 0 || !pool.Has(sc+"internetMaxBandwidthOut") ||
		pool.Has(sc+"password") || pool.Has(sc+"keyIds") || pool.Has(sc+"dataDisks") {
		t.Errorf("nodes: %v", pool.Get("autoScalingConfig"))
	}
	if !slices.Equal(pool.Strs(sc+"securityGroupIds"), []string{"sg-nodes"}) || pool.Str(sc+"instanceType") != DefaultInstanceType ||
		pool.Str(sc+"systemDiskType") != "CLOUD_SSD" || pool.Num(sc+"systemDiskSize") != 200 ||
		!pool.Bool(sc+"enhancedSecurityService") || !pool.Bool(sc+"enhancedMonitorService") {
		t.Errorf("nodes: %v", pool.Get("autoScalingConfig"))
	}
	// GPU nodes, tainted so that only the model runs there; the name
	// within TKE's 25 characters; no CAM role without model buckets.
	if labels := fmt.Sprint(pool.Get("labels")); pool.Str("name") != "modelfort-gpu" || !strings.Contains(labels, "modelfort.io/pool") || !strings.Contains(labels, "gpu") {
		t.Errorf("node pool name %q, labels %v", pool.Str("name"), pool.Get("labels"))
	}
	if taints := fmt.Sprint(pool.Get("taints")); !strings.Contains(taints, "nvidia.com/gpu") || !strings.Contains(taints, "NoSchedule") {
		t.Errorf("taints %v", taints)
	}
	if pool.Has(sc+"camRoleName") || rec.Find(roleType, "serving-nodes") != nil {
		t.Errorf("a node role without model buckets: %v", pool.Get(sc+"camRoleName"))
	}
	ep := rec.Find(endpointType, "serving")
	if ep == nil || ep.Str("clusterId") != c.ID || !ep.Bool("clusterIntranet") || ep.Bool("clusterInternet") || !ep.Has("clusterInternet") ||
		ep.Str("clusterIntranetSubnetId") != "subnet-a" || ep.Has("clusterInternetSecurityGroup") {
		t.Fatalf("endpoint %v", ep)
	}
	if !slices.Contains(ep.Dependencies, pool.URN) {
		t.Error("the endpoint does not wait for the node pool")
	}
	if ep.Out("pgwEndpoint") == "" {
		t.Error("no private endpoint address")
	}
}

func TestOptions(t *testing.T) {
	rec, err := run(t, required(func(a *Args) {
		a.SubnetIds = append(a.SubnetIds, pulumi.String("subnet-c"))
		a.ClusterName = "llm"
		a.KubernetesVersion = "1.30.0"
		a.ClusterCidr = "192.168.0.0/18"
		a.InstanceType = "GN10Xp.2XLARGE40"
		a.NodePoolName = "llm-pool"
		a.MaxNodes, a.DesiredNodes = 9, 4
		a.SystemDiskGB = 500
		a.KeyIds = []pulumi.StringInput{pulumi.String("skey-1")}
		a.AuditLogSetId, a.AuditTopicId = pulumi.String("set-1"), pulumi.String("topic-1")
		a.AllowDeletion = true
		a.Tags = map[string]string{"team": "ml"}
	}))
	if err != nil {
		t.Fatal(err)
	}
	c, pool := rec.Find(clusterType, "serving"), rec.Find(poolType, "serving")
	if c.Str("clusterName") != "llm" || c.Str("clusterVersion") != "1.30.0" || c.Str("clusterCidr") != "192.168.0.0/18" ||
		c.Bool("deletionProtection") || c.Str("clusterAudit.logSetId") != "set-1" || c.Str("clusterAudit.topicId") != "topic-1" || c.Str("tags.team") != "ml" {
		t.Errorf("cluster %v", c.Inputs)
	}
	if !c.Bool("clusterAudit.enabled") {
		t.Error("options turned audit off")
	}
	if pool.Num("minSize") != 3 || pool.Num("maxSize") != 9 || pool.Num("desiredCapacity") != 4 || len(pool.Strs("subnetIds")) != 3 ||
		pool.Str("autoScalingConfig.instanceType") != "GN10Xp.2XLARGE40" || pool.Num("autoScalingConfig.systemDiskSize") != 500 ||
		!slices.Equal(pool.Strs("autoScalingConfig.keyIds"), []string{"skey-1"}) || pool.Str("name") != "llm-pool" {
		t.Errorf("node pool %v", pool.Inputs)
	}
}

func TestRejections(t *testing.T) {
	for _, tt := range []struct {
		args *Args
		want string
	}{
		{nil, "VpcId is nil"},
		{required(func(a *Args) { a.SubnetIds = a.SubnetIds[:1] }), "SubnetIds has 1 subnet(s); allowed values are at least 2 subnets in different zones"},
		{required(func(a *Args) { a.SecurityGroupIds = nil }), "SecurityGroupIds is empty"},
		{required(func(a *Args) { a.SubnetIds[1] = nil }), "SubnetIds[1] is nil"},
		{required(func(a *Args) { a.KeyIds = []pulumi.StringInput{nil} }), "KeyIds[0] is nil"},
		{required(func(a *Args) { a.ClusterName = "a.b" }), `ClusterName is "a.b"; allowed values are 1 to 50`},
		{required(func(a *Args) { a.ClusterCidr = "8.8.0.0/16" }), `ClusterCidr is "8.8.0.0/16"`},
		{required(func(a *Args) { a.ClusterCidr = "10.0.0.0/25" }), `ClusterCidr is "10.0.0.0/25"`},
		{required(func(a *Args) { a.MinNodes = 1 }), "MinNodes is 1; allowed values are at least 2, one node per subnet's zone"},
		{required(func(a *Args) { a.MinNodes, a.MaxNodes = 4, 3 }), "MaxNodes is 3; allowed values are at least MinNodes (4)"},
		{required(func(a *Args) { a.DesiredNodes = 7 }), "DesiredNodes is 7; allowed values are 2 to 6"},
		{required(func(a *Args) { a.SystemDiskGB = 20 }), "SystemDiskGB is 20; allowed values are 50 to 500"},
		{required(func(a *Args) { a.SystemDiskGB = 501 }), "SystemDiskGB is 501; allowed values are 50 to 500"},
		{required(func(a *Args) { a.InstanceType = "S5.2XLARGE16" }), `InstanceType is "S5.2XLARGE16"; allowed values are GPU CVM types of the families GN, GT, GI, GC, PNV`},
		{required(func(a *Args) { a.NodePoolName = "modelfort-prod-serving-nodes" }), `NodePoolName is "modelfort-prod-serving-nodes"; allowed values are 1 to 25`},
		{required(func(a *Args) { a.ModelBuckets = []string{"models"} }), `ModelBuckets[0] is "models"; give a bucket's full name`},
		{required(func(a *Args) { a.AuditLogSetId = pulumi.String("s") }), "give AuditLogSetId and AuditTopicId together"},
	} {
		rec, err := run(t, tt.args)
		if err == nil || !strings.Contains(err.Error(), "servingcluster serving: "+tt.want) {
			t.Errorf("err = %v; want %q", err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%q: registered before failing:\n%s", tt.want, rec)
		}
	}
}

// TestResourceOptionsReachChildren passes protect and a provider: they
// reach every resource below the component.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		sh, err := tencentcloud.NewProvider(ctx, "sh", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		_, err = NewCluster(ctx, "serving", required(nil), pulumi.Provider(sh), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "serving")
	if !comp.Protect {
		t.Error("the component is not protected")
	}
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "ap-shanghai", Protect: true}) {
		t.Error(p)
	}
	for _, typ := range []string{clusterType, poolType, endpointType} {
		if rec.Find(typ, "serving") == nil {
			t.Errorf("no %s", typ)
		}
	}
}

// TestGapNoSecretsOrDiskEncryption shows what the provider cannot do: node
// pool disks have no encryption setting and there is no KMS encryption of
// Kubernetes secrets, so the node pool gets no data disk. When a provider
// upgrade adds either, this test fails: use it in Cluster.
func TestGapNoSecretsOrDiskEncryption(t *testing.T) {
	disk := reflect.TypeOf(kubernetes.NodePoolAutoScalingConfigDataDisk{})
	for _, f := range []string{"Encrypt", "KmsKeyId"} {
		if _, ok := disk.FieldByName(f); ok {
			t.Errorf("node pool data disks now have %s: give the nodes an encrypted data disk", f)
		}
	}
	for _, f := range []string{"EncryptionProtection", "KmsKeyId", "SecretsEncryption"} {
		if _, ok := reflect.TypeOf(kubernetes.ClusterArgs{}).FieldByName(f); ok {
			t.Errorf("kubernetes.ClusterArgs now has %s: encrypt secrets with KMS", f)
		}
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/tencentcloudstack/pulumi-tencentcloud/sdk").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "go", "tencentcloud", "kubernetes")
	if _, err := os.Stat(filepath.Join(dir, "cluster.go")); err != nil {
		t.Fatalf("the SDK has no kubernetes cluster: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "encryptionProtection.go")); err == nil {
		t.Error("the SDK now has kubernetes.EncryptionProtection: encrypt secrets with KMS")
	}
	rec, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(poolType, "serving").Has("autoScalingConfig.dataDisks") {
		t.Error("the node pool has an unencryptable data disk")
	}
}

// TestNodesReadTheModelBucketsOnly follows the chain node pool -> CAM
// role -> policy: the nodes carry a role that CVM may assume, whose only
// permissions read the given buckets in the cluster's region, and the pool
// waits for the policy to be attached.
func TestNodesReadTheModelBucketsOnly(t *testing.T) {
	rec, err := run(t, required(func(a *Args) { a.ModelBuckets = []string{"models-1250000000"} }))
	if err != nil {
		t.Fatal(err)
	}
	pool, role := rec.Find(poolType, "serving"), rec.Find(roleType, "serving-nodes")
	policy, att := rec.Find("tencentcloud:Cam/policy:Policy", "serving-nodes"), rec.Find("tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment", "serving-nodes")
	if role == nil || policy == nil || att == nil {
		t.Fatalf("role %v, policy %v, attachment %v", role, policy, att)
	}
	if pool.Str("autoScalingConfig.camRoleName") != role.Str("name") || role.Str("name") != "modelfort-serving-nodes" {
		t.Errorf("the pool carries role %q; the role is %q", pool.Str("autoScalingConfig.camRoleName"), role.Str("name"))
	}
	if att.Str("roleId") != role.ID || att.Str("policyId") != policy.ID || !slices.Contains(pool.Dependencies, att.URN) {
		t.Errorf("attachment %v; pool depends on %v", att.Inputs, pool.Dependencies)
	}
	if !strings.Contains(role.Str("document"), `"cvm.qcloud.com"`) {
		t.Errorf("trust %s", role.Str("document"))
	}
	doc := policy.Str("document")
	for _, want := range []string{`"qcs::cos:ap-guangzhou:uid/1250000000:models-1250000000/*"`, `"name/cos:GetObject"`, `"qcs::cos:ap-guangzhou:uid/1250000000:models-1250000000/"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("policy lacks %s: %s", want, doc)
		}
	}
	for _, never := range []string{"PutObject", "DeleteObject", `"*"`, "name/cos:*"} {
		if strings.Contains(doc, never) {
			t.Errorf("policy grants %s: %s", never, doc)
		}
	}
}

// TestKubeconfigReachesThePrivateEndpoint follows the chain kubeconfig ->
// endpoint: the kubeconfig a kubernetes provider uses names the private
// endpoint's address, its CA and the administrator's token, and is a
// secret.
func TestKubeconfigReachesThePrivateEndpoint(t *testing.T) {
	var cfg string
	var secret bool
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		c, err := NewCluster(ctx, "serving", required(nil))
		if err != nil {
			return err
		}
		pulumi.All(c.Kubeconfig).ApplyT(func(v []any) error {
			cfg = v[0].(string)
			return nil
		})
		secret = pulumi.IsSecret(c.Kubeconfig)
		return nil
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	if err != nil {
		t.Fatal(err)
	}
	ep := rec.Find(endpointType, "serving")
	var k struct {
		Clusters []struct {
			Cluster struct {
				Server string `json:"server"`
				CA     string `json:"certificate-authority-data"`
			} `json:"cluster"`
		} `json:"clusters"`
		Users []struct {
			User struct {
				Token string `json:"token"`
			} `json:"user"`
		} `json:"users"`
	}
	if err := json.Unmarshal([]byte(cfg), &k); err != nil || len(k.Clusters) != 1 || len(k.Users) != 1 {
		t.Fatalf("kubeconfig %q: %v", cfg, err)
	}
	if k.Clusters[0].Cluster.Server != "https://"+ep.Out("pgwEndpoint") || k.Users[0].User.Token != ep.Out("password") || ep.Out("password") == "" {
		t.Errorf("kubeconfig %s; endpoint %v", cfg, ep.Outputs)
	}
	if ca, _ := base64.StdEncoding.DecodeString(k.Clusters[0].Cluster.CA); string(ca) != ep.Out("certificationAuthority") {
		t.Errorf("CA %q; endpoint's %q", ca, ep.Out("certificationAuthority"))
	}
	if !secret {
		t.Error("the kubeconfig is not a secret")
	}
}
