package tencentcloud

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/components/tencentcloud/modelworkload"
	"github.com/modelfort/modelfort/internal/campolicy"
	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	recordType     = "tencentcloud:PrivateDns/record:Record"
	zoneType       = "tencentcloud:PrivateDns/zone:Zone"
	serviceType    = "kubernetes:core/v1:Service"
	deploymentType = "kubernetes:apps/v1:Deployment"
	svcConfigType  = "kubernetes:cloud.tencent.com/v1alpha1:TkeServiceConfig"
	secretType     = "kubernetes:core/v1:Secret"
	roleType       = "tencentcloud:Cam/role:Role"
	camPolicyType  = "tencentcloud:Cam/policy:Policy"
	alarmType      = "tencentcloud:Monitor/alarmPolicy:AlarmPolicy"
	bindingType    = "tencentcloud:Monitor/policyBindingObject:PolicyBindingObject"
	k8sProvider    = "pulumi:providers:kubernetes"
)

// site names the resources of one serving site in a recording.
type site struct{ suffix, region, bucket string }

func sites(env string) []site {
	return []site{
		{"", "ap-guangzhou", "modelfort-" + env + "-models-" + appID},
		{"-replica", "ap-shanghai", "modelfort-" + env + "-models-replica-" + appID},
	}
}

// env returns a container's environment variables.
func containerEnv(t *testing.T, dep *mocktest.Resource) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := 0; dep.Has(fmt.Sprintf("spec.template.spec.containers[0].env[%d]", i)); i++ {
		p := fmt.Sprintf("spec.template.spec.containers[0].env[%d].", i)
		out[dep.Str(p+"name")] = dep.Str(p + "value")
	}
	return out
}

// TestNameReachesTheModelInEachRegion follows the serving chain of both
// stacks, for either active region: the service name's record points at
// the active site's load balancer; in each site the load balancer carries
// the Service that TKE binds to it over HTTPS with the configured
// certificate, whose health check probes the path the model server's
// readiness probe answers on; the server reads the model from its own
// region's copy, through the nodes' role, which may read that bucket and
// no other.
func TestNameReachesTheModelInEachRegion(t *testing.T) {
	for env, stack := range environments {
		for _, active := range []string{"ap-guangzhou", "ap-shanghai"} {
			rec := mustRun(t, stack, map[string]string{"modelfort:activeRegion": active})
			cfg := stackConfig(t, stack)
			record, zone := rec.Find(recordType, "serving"), rec.Find(zoneType, "serving")
			if record == nil || zone == nil || record.Str("zoneId") != zone.ID || record.Str("recordType") != "A" {
				t.Fatalf("%s: record %v, zone %v", env, record, zone)
			}
			name := record.Str("subDomain") + "." + zone.Str("domain")
			for _, s := range sites(env) {
				lb := rec.Find(clbType, "serving"+s.suffix)
				vip := lb.Outputs["clbVips"].ArrayValue()[0].StringValue()
				if (s.region == active) != (record.Str("recordValue") == vip && lb.Region == active) {
					t.Errorf("%s, active %s: the name resolves to %s; %s's load balancer is %s", env, active, record.Str("recordValue"), s.region, vip)
				}
				if !strings.Contains(fmt.Sprint(zone.Get("vpcSets")), rec.Find("tencentcloud:Vpc/instance:Instance", "serving"+s.suffix).ID) {
					t.Errorf("%s: the zone is not bound to %s's VPC", env, s.region)
				}
				// Clients of every region reach this site's load balancer:
				// its own through the clients tier, the other region's
				// (over the CCN) by their VPC's block, on 443.
				for _, o := range sites(env) {
					if o.suffix == s.suffix {
						continue
					}
					block := rec.Find("tencentcloud:Vpc/instance:Instance", "serving"+o.suffix).Str("cidrBlock")
					in := rec.Find("tencentcloud:Security/groupRule:GroupRule", "serving"+s.suffix+"-clb-from-"+strings.NewReplacer(".", "-", "/", "-").Replace(block)+"-tcp-443")
					out := rec.Find("tencentcloud:Security/groupRule:GroupRule", "serving"+o.suffix+"-clients-to-"+strings.NewReplacer(".", "-", "/", "-").Replace(vpcBlock(rec, s.suffix))+"-tcp-443")
					clb := rec.Find("tencentcloud:Security/group:Group", "serving"+s.suffix+"-clb")
					if in == nil || out == nil || in.Str("securityGroupId") != clb.ID || !slices.Equal(lb.Strs("securityGroups"), []string{clb.ID}) {
						t.Errorf("%s: %s's clients cannot reach %s's load balancer: ingress %v, egress %v", env, o.region, s.region, in, out)
					}
				}
				svc, dep, hc, secret := rec.Find(serviceType, "serving"+s.suffix), rec.Find(deploymentType, "serving"+s.suffix),
					rec.Find(svcConfigType, "serving"+s.suffix), rec.Find(secretType, "serving"+s.suffix)
				if svc == nil || dep == nil || hc == nil || secret == nil {
					t.Fatalf("%s %s: service %v, deployment %v, config %v, secret %v", env, s.region, svc, dep, hc, secret)
				}
				ann := svc.Get("metadata.annotations").ObjectValue()
				if ann[modelworkload.ExistedLBAnnotation].StringValue() != lb.ID {
					t.Errorf("%s %s: the Service binds %v; the load balancer is %s", env, s.region, ann[modelworkload.ExistedLBAnnotation], lb.ID)
				}
				var proto map[string]struct {
					Protocol []string                     `json:"protocol"`
					Hosts    map[string]map[string]string `json:"hosts"`
				}
				if err := json.Unmarshal([]byte(ann[modelworkload.ProtocolAnnotation].StringValue()), &proto); err != nil ||
					!slices.Equal(proto["443"].Protocol, []string{"HTTPS"}) || proto["443"].Hosts[name]["tls"] != secret.Str("metadata.name") {
					t.Errorf("%s %s: listener %v (%v); want HTTPS on 443 for %s with %s", env, s.region, ann[modelworkload.ProtocolAnnotation], err, name, secret.Str("metadata.name"))
				}
				if fmt.Sprint(secret.Get("stringData")) == "" || !strings.Contains(fmt.Sprint(secret.Get("stringData")), cfg["modelfort:certificateId"]) {
					t.Errorf("%s %s: the TLS secret does not hold the configured certificate: %v", env, s.region, secret.Get("stringData"))
				}
				probe := dep.Str("spec.template.spec.containers[0].readinessProbe.httpGet.path")
				if ann[modelworkload.ServiceConfigAnnotation].StringValue() != hc.Str("metadata.name") ||
					!hc.Bool("spec.loadBalancer.l7Listeners[0].domains[0].rules[0].healthCheck.enable") ||
					hc.Str("spec.loadBalancer.l7Listeners[0].domains[0].rules[0].healthCheck.httpCheckPath") != probe || probe == "" {
					t.Errorf("%s %s: the CLB's health check does not probe the readiness path %q: %v", env, s.region, probe, hc.Get("spec"))
				}
				if got := containerEnv(t, dep)["MODEL_URI"]; got != "cos://"+s.bucket+"/"+DefaultModelPath {
					t.Errorf("%s %s: the server reads %q; want its region's copy %s", env, s.region, got, s.bucket)
				}
				logs := rec.Find("kubernetes:cls.cloud.tencent.com/v1:LogConfig", "serving"+s.suffix+"-logs")
				topic := rec.Find("tencentcloud:Cls/topic:Topic", "serving"+s.suffix+"-workload")
				if logs == nil || topic == nil || logs.Str("spec.clsDetail.topicId") != topic.ID || topic.Region != s.region ||
					logs.Str("spec.inputDetail.containerStdout.workloads[0].name") != dep.Str("metadata.name") {
					t.Errorf("%s %s: the server's output does not reach the site's CLS topic: %v, %v", env, s.region, logs, topic)
				}
				pool, role := rec.Find(poolType, "serving"+s.suffix), rec.Find(roleType, "serving"+s.suffix+"-nodes")
				if role == nil || pool.Str("autoScalingConfig.camRoleName") != role.Str("name") {
					t.Fatalf("%s %s: node role %v; pool's %q", env, s.region, role, pool.Str("autoScalingConfig.camRoleName"))
				}
				doc, err := campolicy.Parse(rec.Find(camPolicyType, "serving"+s.suffix+"-nodes").Str("document"))
				if err != nil {
					t.Fatal(err)
				}
				want := "qcs::cos:" + s.region + ":uid/" + appID + ":" + s.bucket + "/*"
				if res := doc.Resources("allow"); !slices.Contains(res, want) || len(res) != 2 {
					t.Errorf("%s %s: the nodes may read %v; want %s and its bucket only", env, s.region, res, want)
				}
			}
		}
	}
}

// TestAlarmsReachTheReceivers follows alarm -> receiver in both sites:
// every alarm policy notifies the configured templates, and the load
// balancer's policy is bound to the HTTPS listener on its site's address.
func TestAlarmsReachTheReceivers(t *testing.T) {
	for env, stack := range environments {
		rec := mustRun(t, stack, nil)
		var receivers struct {
			NoticeIds []string `json:"noticeIds"`
		}
		if err := json.Unmarshal([]byte(stackConfig(t, stack)[ReceiversKey]), &receivers); err != nil || len(receivers.NoticeIds) == 0 {
			t.Fatalf("%s: %s: %v", env, ReceiversKey, err)
		}
		policies := rec.OfType(alarmType)
		if len(policies) < 8 {
			t.Errorf("%s: %d alarm policies; want the load balancer's, nodes', GPUs' and bucket's in each site", env, len(policies))
		}
		for _, p := range policies {
			if !slices.Equal(p.Strs("noticeIds"), receivers.NoticeIds) {
				t.Errorf("%s: %s notifies %v; want %v", env, p.Name, p.Strs("noticeIds"), receivers.NoticeIds)
			}
		}
		for _, s := range sites(env) {
			lb := rec.Find(clbType, "serving"+s.suffix)
			vip := lb.Outputs["clbVips"].ArrayValue()[0].StringValue()
			vpc := rec.Find("tencentcloud:Vpc/instance:Instance", "serving"+s.suffix).ID
			bound := false
			for _, b := range rec.OfType(bindingType) {
				p := rec.ByID(b.Str("policyId"))
				if p == nil || p.Region != s.region || p.Str("namespace") != "clb_l7listener_internal" {
					continue
				}
				var dims map[string]string
				if err := json.Unmarshal([]byte(b.Str("dimensions[0].dimensionsJson")), &dims); err != nil {
					t.Fatal(err)
				}
				bound = bound || dims["vip"] == vip && dims["rule_vpcid"] == vpc && dims["vport"] == "443" && dims["protocol"] == "https"
			}
			if !bound {
				t.Errorf("%s %s: no load balancer policy is bound to %s:443 (HTTPS) in %s", env, s.region, vip, vpc)
			}
		}
	}
}

// TestBudgetIsExportedAndChecked: the recovery budget is an output, and a
// configuration that cannot meet its targets is refused, naming what to
// change.
func TestBudgetIsExportedAndChecked(t *testing.T) {
	c, err := ParseConfig(func(k string) string { return stackConfig(t, "tencent-prod")[k] })
	if err != nil {
		t.Fatal(err)
	}
	b := c.Budget()
	if b.RTO() != AlarmDetection+b.Response+b.DNS || b.ScaleUp != 0 || b.RPO() != 15*60e9 {
		t.Errorf("prod budget %+v", b)
	}
	for _, tt := range []struct {
		overrides map[string]string
		want      string
	}{
		{map[string]string{"modelfort:rpoTargetMinutes": "5"}, "the recovery point is 15m0s (the COS replication lag modelfort:replicationMinutes assumes) but modelfort:rpoTargetMinutes is 5"},
		{map[string]string{"modelfort:rtoTargetMinutes": "10"}, "but modelfort:rtoTargetMinutes is 10; lower modelfort:responseMinutes or modelfort:dnsTtlSeconds"},
		{map[string]string{"modelfort:replicaMinNodes": "", "modelfort:minNodes": "4", "modelfort:rtoTargetMinutes": "20"}, "raise modelfort:replicaMinNodes to 4 (modelfort:minNodes) to remove the 10m0s scale-up"},
	} {
		cfg := stackConfig(t, "tencent-prod")
		for k, v := range tt.overrides {
			cfg[k] = v
		}
		if _, err := ParseConfig(func(k string) string { return cfg[k] }); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v; want %q", tt.overrides, err, tt.want)
		}
	}
}

// vpcBlock is the VPC block of the site with the suffix.
func vpcBlock(rec *mocktest.Recording, suffix string) string {
	return rec.Find("tencentcloud:Vpc/instance:Instance", "serving"+suffix).Str("cidrBlock")
}
