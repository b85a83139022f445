package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tencentProtectedTypes are the Tencent Cloud types that prod protects
// (rules.TencentProtectedTypes).
var tencentProtectedTypes = []string{
	"tencentcloud:Cos/bucket:Bucket", "tencentcloud:Kms/key:Key", "tencentcloud:Kubernetes/cluster:Cluster",
	"tencentcloud:Audit/instance:Instance", "tencentcloud:Clb/instance:Instance",
}

// TestTencentStacks deploys each Tencent Cloud stack (tencent-dev,
// tencent-prod) offline, into the account the AWS stacks use: up with the policy pack, a second preview that
// must change nothing, export checks, and destroy, which prod's protected
// resources must refuse.
func TestTencentStacks(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		stack := "tencent-" + env
		t.Run(stack, func(t *testing.T) {
			checkedIn, err := os.ReadFile(filepath.Join(root, "Pulumi."+stack+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			// In the account the AWS stacks used (TestEnvironmentStacks).
			w := &workspace{t: t, state: shared, project: root, stack: stack}
			up := w.must("up", "--yes")
			if !strings.Contains(up, "Loading policy packs...: done") || strings.Contains(up, "[mandatory]") || strings.Contains(up, "[advisory]") {
				t.Errorf("the policy pack did not run, or found violations:\n%s", up)
			}
			w.must("preview", "--expect-no-changes")

			rs := w.export()
			if n := len(ofType(rs, "pulumi:providers:tencentcloud")); n != 2 {
				t.Errorf("%d tencentcloud providers; want the primary and the replica one", n)
			}
			if n := len(ofType(rs, "pulumi:providers:aws")); n != 0 {
				t.Errorf("%d aws providers in a Tencent Cloud stack", n)
			}
			protected := 0
			for _, r := range rs {
				if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
					continue
				}
				if r.ID == "" {
					t.Errorf("%s has no ID", r.URN)
				}
				if env == "prod" && !r.Protect {
					t.Errorf("%s is not protected in prod", r.URN)
				}
				if env == "dev" && r.Protect {
					t.Errorf("%s is protected in dev", r.URN)
				}
			}
			for _, typ := range tencentProtectedTypes {
				protected += len(ofType(rs, typ))
			}
			if protected < 10 {
				t.Errorf("only %d resources of protected types", protected)
			}
			for _, k := range ofType(rs, "tencentcloud:Kms/key:Key") {
				if k.Outputs["keyRotationEnabled"] != true {
					t.Errorf("%s: key rotation is not on", k.URN)
				}
			}
			for _, c := range ofType(rs, "tencentcloud:Kubernetes/cluster:Cluster") {
				if c.Outputs["deletionProtection"] != (env == "prod") || c.Outputs["clusterInternet"] != false {
					t.Errorf("%s: deletion protection %v, internet %v", c.URN, c.Outputs["deletionProtection"], c.Outputs["clusterInternet"])
				}
			}

			outs := w.outputs()
			for name, want := range map[string]string{
				"environment":           env,
				"primaryRegion":         "ap-guangzhou",
				"replicaRegion":         "ap-shanghai",
				"modelBucket":           "modelfort-" + env + "-models-1250000000",
				"modelBucketUrl":        "modelfort-" + env + "-models-1250000000.cos.ap-guangzhou.myqcloud.com",
				"modelReplicaBucketUrl": "modelfort-" + env + "-models-replica-1250000000.cos.ap-shanghai.myqcloud.com",
				"auditReplicaBucket":    "modelfort-" + env + "-audit-replica-1250000000",
				"auditTracker":          "modelfort_" + env,
				"clusterEndpoint":       "10.0.0.14",
			} {
				if got, _ := outs[name].(string); got != want {
					t.Errorf("output %s is %q; want %q", name, got, want)
				}
			}
			for name, prefix := range map[string]string{"vpcId": "vpc-", "loadBalancerId": "lb-", "clusterId": "cls-"} {
				if v, _ := outs[name].(string); !strings.HasPrefix(v, prefix) {
					t.Errorf("output %s is %q; want it to start with %q", name, v, prefix)
				}
			}
			// Both regions serve: a cluster, a load balancer and the model
			// server in each, and the name points at the primary's load
			// balancer.
			if n := len(ofType(rs, "pulumi:providers:kubernetes")); n != 2 {
				t.Errorf("%d kubernetes providers; want one per site's cluster", n)
			}
			for typ, want := range map[string]int{
				"tencentcloud:Kubernetes/cluster:Cluster": 2, "tencentcloud:Clb/instance:Instance": 2,
				"kubernetes:apps/v1:Deployment": 2, "kubernetes:core/v1:Service": 2,
				"tencentcloud:PrivateDns/record:Record": 1, "tencentcloud:Ccn/instance:Instance": 1,
			} {
				if n := len(ofType(rs, typ)); n != want {
					t.Errorf("%d of %s; want %d", n, typ, want)
				}
			}
			primary, _ := outs["primarySite"].(map[string]any)
			if vips, _ := primary["vips"].([]any); len(vips) == 0 || outs["serviceAddress"] != vips[0] || outs["activeRegion"] != "ap-guangzhou" {
				t.Errorf("the name resolves to %v in %v; the primary's load balancer is %v", outs["serviceAddress"], outs["activeRegion"], primary["vips"])
			}
			if outs["serviceName"] != "model.modelfort.internal" {
				t.Errorf("serviceName %v", outs["serviceName"])
			}
			if b, _ := outs["recoveryBudget"].(map[string]any); b["rtoSeconds"] == nil || b["rpoMinutes"] == nil {
				t.Errorf("recoveryBudget %v", outs["recoveryBudget"])
			}
			zones := map[string]int{"dev": 2, "prod": 3}[env]
			if z, _ := outs["zones"].([]any); len(z) != zones {
				t.Errorf("zones %v; want %d", outs["zones"], zones)
			}
			if s, _ := outs["subnetIds"].([]any); len(s) != zones {
				t.Errorf("subnetIds %v", outs["subnetIds"])
			}

			w.destroy(env == "prod", "tencentcloud:Cos/bucket:Bucket", "tencentcloud:Kms/key:Key")

			after, err := os.ReadFile(filepath.Join(root, "Pulumi."+stack+".yaml"))
			if err != nil || !bytes.Equal(after, checkedIn) {
				t.Errorf("the offline run changed the checked-in Pulumi.%s.yaml", stack)
			}
		})
	}
}
