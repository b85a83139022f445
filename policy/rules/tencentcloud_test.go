package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/modelfort/modelfort/internal/campolicy"
)

// tcBucketPolicy is a COS bucket policy that denies plain HTTP and, with
// protectVersions, the deletion of versions.
func tcBucketPolicy(bucket string, protectVersions bool) string {
	anyone := map[string][]string{"qcs": {campolicy.Anyone}}
	res := []string{"qcs::cos:ap-guangzhou:uid/1:" + bucket + "/*"}
	stmts := []campolicy.Statement{{Effect: "deny", Principal: anyone, Action: []string{"name/cos:*"}, Resource: res,
		Condition: campolicy.Cond("bool_equal", "cos:secure-transport", "false")}}
	if protectVersions {
		stmts = append(stmts,
			campolicy.Statement{Effect: "deny", Principal: anyone, Action: []string{"name/cos:DeleteObject"}, Resource: res,
				Condition: campolicy.Cond("string_like", "cos:versionid", "*")},
			campolicy.Statement{Effect: "deny", Principal: anyone, Action: []string{"name/cos:DeleteMultipleObjects"}, Resource: res})
	}
	return campolicy.New(stmts...).JSON()
}

// tcBucketStack is a replicated COS bucket with log buckets and every
// setting the Tencent Cloud rules want; change trims it to make a
// violation.
func tcBucketStack(env string, change func(m map[string]*Resource)) *Stack {
	bucket := func(name string, extra map[string]any) *Resource {
		props := map[string]any{"bucket": name + "-1", "acl": "private", "encryptionAlgorithm": "AES256", "versioningEnable": true}
		for k, v := range extra {
			props[k] = v
		}
		return res(tcBucketType, name, props)
	}
	m := map[string]*Resource{
		"models": bucket("models", map[string]any{"logEnable": true, "logTargetBucket": "models-logs-1",
			"replicaRules": []any{map[string]any{"status": "Enabled", "destinationBucket": "qcs::cos:ap-shanghai::models-replica-1"}}}),
		"replica":     bucket("models-replica", map[string]any{"logEnable": true, "logTargetBucket": "models-replica-logs-1"}),
		"logs":        bucket("models-logs", nil),
		"replicaLogs": bucket("models-replica-logs", nil),
	}
	for key, name := range map[string]string{"models": "models", "replica": "models-replica", "logs": "models-logs", "replicaLogs": "models-replica-logs"} {
		m[key+"Policy"] = res(tcBucketPolicyType, name, map[string]any{"bucket": name + "-1",
			"policy": tcBucketPolicy(name+"-1", key == "models" || key == "replica")})
		if env == ProdEnvironment {
			m[key].Protect = true
		}
	}
	if change != nil {
		change(m)
	}
	s := &Stack{Environment: env}
	for _, r := range m {
		if r != nil {
			s.Resources = append(s.Resources, r)
		}
	}
	return s
}

func tcCluster(env string, props map[string]any) *Resource {
	base := map[string]any{"clusterInternet": false, "deletionProtection": true,
		"clusterAudit": map[string]any{"enabled": true}, "logAgent": map[string]any{"enabled": true}}
	for k, v := range props {
		base[k] = v
	}
	r := res(tcClusterType, "c", base)
	r.Protect = env == ProdEnvironment
	return r
}

func tcCLB(props map[string]any) *Resource {
	base := map[string]any{"networkType": "INTERNAL", "logSetId": "set", "logTopicId": "topic", "securityGroups": []any{"sg-1"}}
	for k, v := range props {
		base[k] = v
	}
	return res(tcClbType, "lb", base)
}

func tcAudit(props map[string]any) *Resource {
	base := map[string]any{"auditSwitch": true, "readWriteAttribute": 3, "enableKmsEncry": true, "keyId": "key-1"}
	for k, v := range props {
		base[k] = v
	}
	return res(tcAuditType, "a", base)
}

func camDoc(action, resource string) string {
	return campolicy.New(campolicy.Statement{Effect: "allow", Action: []string{action}, Resource: []string{resource}}).JSON()
}

func init() {
	for id, c := range map[string]struct{ pass, fail *Stack }{
		"tc-cos-private": {
			tcBucketStack("dev", nil),
			tcBucketStack("dev", func(m map[string]*Resource) { m["models"].Props["acl"] = resource.NewProperty("public-read") }),
		},
		"tc-cos-versioning": {
			tcBucketStack("dev", nil),
			tcBucketStack("dev", func(m map[string]*Resource) { m["replica"].Props["versioningEnable"] = resource.NewProperty(false) }),
		},
		"tc-cos-encryption": {
			tcBucketStack("dev", nil),
			tcBucketStack("dev", func(m map[string]*Resource) { delete(m["logs"].Props, "encryptionAlgorithm") }),
		},
		"tc-cos-tls-only": {
			tcBucketStack("dev", nil),
			tcBucketStack("dev", func(m map[string]*Resource) {
				m["logsPolicy"].Props["policy"] = resource.NewProperty(camDoc("name/cos:GetObject", "qcs::cos:ap-guangzhou:uid/1:models-logs-1/*"))
			}),
		},
		"tc-cos-access-logging": {
			tcBucketStack("dev", nil),
			tcBucketStack("dev", func(m map[string]*Resource) { m["models"].Props["logEnable"] = resource.NewProperty(false) }),
		},
		"tc-cos-replication": {
			tcBucketStack("prod", nil),
			tcBucketStack("prod", func(m map[string]*Resource) { delete(m["models"].Props, "replicaRules") }),
		},
		"tc-cos-version-protection": {
			tcBucketStack("prod", nil),
			tcBucketStack("prod", func(m map[string]*Resource) {
				m["replicaPolicy"].Props["policy"] = resource.NewProperty(tcBucketPolicy("models-replica-1", false))
			}),
		},
		"tc-kms-rotation": {
			one("dev", res(tcKmsKeyType, "k", map[string]any{"keyUsage": "ENCRYPT_DECRYPT", "keyRotationEnabled": true}),
				res(tcKmsKeyType, "sign", map[string]any{"keyUsage": "ASYMMETRIC_SIGN_VERIFY_ECC"})),
			one("dev", res(tcKmsKeyType, "k", map[string]any{"keyRotationEnabled": false})),
		},
		"tc-sg-no-open-ingress": {
			one("dev", res(tcGroupRuleType, "r", map[string]any{"type": "ingress", "sourceSgid": "sg-1", "policy": "ACCEPT", "description": "d"}),
				res(tcGroupRuleType, "drop", map[string]any{"type": "ingress", "cidrIp": "0.0.0.0/0", "policy": "DROP", "description": "d"})),
			one("dev", res(tcGroupRuleType, "r", map[string]any{"type": "ingress", "cidrIp": "0.0.0.0/0", "policy": "ACCEPT", "description": "d"})),
		},
		"tc-sg-no-unrestricted-egress": {
			one("dev", res(tcGroupRuleType, "r", map[string]any{"type": "egress", "cidrIp": "10.0.0.0/16", "policy": "ACCEPT", "description": "d"})),
			one("dev", res(tcGroupRuleType, "r", map[string]any{"type": "egress", "cidrIp": "::/0", "policy": "ACCEPT", "description": "d"})),
		},
		"tc-sg-descriptions": {
			one("dev", res(tcGroupType, "g", map[string]any{"description": "serving nodes"})),
			one("dev", res(tcGroupType, "g", map[string]any{"description": " "})),
		},
		"tc-clb-access-logging": {
			one("dev", tcCLB(nil)),
			one("dev", tcCLB(map[string]any{"logTopicId": ""})),
		},
		"tc-clb-security-groups": {
			one("dev", tcCLB(nil)),
			one("dev", tcCLB(map[string]any{"securityGroups": []any{}})),
		},
		"tc-tke-private-endpoint": {
			one("dev", tcCluster("dev", nil), res(tcClusterEndpointType, "e", map[string]any{"clusterInternet": false, "clusterIntranet": true})),
			one("dev", tcCluster("dev", nil), res(tcClusterEndpointType, "e", map[string]any{"clusterInternet": true})),
		},
		"tc-tke-no-public-nodes": {
			one("dev", tcCluster("dev", map[string]any{"workerConfigs": []any{map[string]any{"publicIpAssigned": false}}}),
				res(tcNodePoolType, "p", map[string]any{"autoScalingConfig": map[string]any{"publicIpAssigned": false, "internetMaxBandwidthOut": 0}})),
			one("dev", res(tcNodePoolType, "p", map[string]any{"autoScalingConfig": map[string]any{"publicIpAssigned": false, "internetMaxBandwidthOut": 10}})),
		},
		"tc-tke-audit": {
			one("dev", tcCluster("dev", nil)),
			one("dev", tcCluster("dev", map[string]any{"clusterAudit": map[string]any{"enabled": false}})),
		},
		"tc-tke-deletion-protection": {
			one("prod", tcCluster("prod", nil)),
			one("prod", tcCluster("prod", map[string]any{"deletionProtection": false})),
		},
		"tc-cloudaudit-secure": {
			one("dev", tcAudit(nil)),
			one("dev", tcAudit(map[string]any{"readWriteAttribute": 2})),
		},
		"tc-cam-no-wildcard-admin": {
			one("dev", res(tcCamPolicyType, "p", map[string]any{"document": camDoc("name/cos:GetObject", "*")}),
				res(tcCamPolicyType, "scoped", map[string]any{"document": camDoc("name/cos:*", "qcs::cos:ap-guangzhou:uid/1:models-1/*")})),
			one("dev", res(tcCamPolicyType, "p", map[string]any{"document": camDoc("*", "*")})),
		},
		"tc-prod-protected": {
			one("prod", res(tcKmsKeyType, "k", map[string]any{"keyRotationEnabled": true}).protected()),
			one("prod", res(tcKmsKeyType, "k", map[string]any{"keyRotationEnabled": true})),
		},
	} {
		cases[id] = c
	}
}

// TestTencentUnknownValuesAreNotViolations: during a preview computed
// values are unknown; the Tencent Cloud rules must neither fail nor crash
// on them.
func TestTencentUnknownValuesAreNotViolations(t *testing.T) {
	stacks := []*Stack{
		tcBucketStack("prod", func(m map[string]*Resource) {
			m["modelsPolicy"].Props["policy"] = unknown
			m["replica"].Props["versioningEnable"] = unknown
			m["models"].Props["replicaRules"] = unknown
		}),
		one("prod", &Resource{URN: "urn:k", Type: tcKmsKeyType, Protect: true, Props: resource.PropertyMap{"keyRotationEnabled": unknown}}),
		one("dev", &Resource{URN: "urn:r", Type: tcGroupRuleType, Props: resource.PropertyMap{"type": resource.NewProperty("ingress"), "cidrIp": unknown, "description": unknown}}),
		one("dev", &Resource{URN: "urn:l", Type: tcGroupLiteRuleType, Props: resource.PropertyMap{"ingresses": unknown}}),
		one("dev", &Resource{URN: "urn:c", Type: tcClbType, Props: resource.PropertyMap{"logSetId": unknown, "logTopicId": unknown, "securityGroups": unknown}}),
		one("prod", &Resource{URN: "urn:k8s", Type: tcClusterType, Protect: true, Props: resource.PropertyMap{
			"clusterInternet": unknown, "deletionProtection": unknown, "clusterAudit": unknown, "logAgent": unknown, "workerConfigs": unknown}}),
		one("dev", &Resource{URN: "urn:a", Type: tcAuditType, Props: resource.PropertyMap{"auditSwitch": unknown, "readWriteAttribute": unknown, "enableKmsEncry": unknown, "keyId": unknown}}),
		one("dev", &Resource{URN: "urn:p", Type: tcCamPolicyType, Props: resource.PropertyMap{"document": unknown}}),
	}
	for i, s := range stacks {
		vs := Evaluate(s, All())
		var real []Violation
		for _, v := range vs {
			// tc-sg-descriptions flags every lite rule, known or not.
			if v.RuleID != "tc-sg-descriptions" || v.URN != "urn:l" {
				real = append(real, v)
			}
		}
		if len(real) != 0 {
			t.Errorf("stack %d: unknown values reported as violations:\n%s", i, Table(real))
		}
	}
}

// TestTencentRulesEdgeCases covers the paths the cases above do not: open
// lite rules, a policy that denies version deletes but not batch deletes,
// nodes with public IPs, and a replica recognized by its destination name.
func TestTencentRulesEdgeCases(t *testing.T) {
	lite := one("dev", res(tcGroupLiteRuleType, "l", map[string]any{"ingresses": []any{"ACCEPT#0.0.0.0/0#22#TCP", "DROP#0.0.0.0/0#ALL#ALL"}}))
	got := map[string]int{}
	for _, v := range Evaluate(lite, All()) {
		got[v.RuleID]++
	}
	if got["tc-sg-no-open-ingress"] != 1 || got["tc-sg-descriptions"] != 1 {
		t.Errorf("lite rule findings %v", got)
	}
	batch := tcBucketStack("prod", func(m map[string]*Resource) {
		p, _ := campolicy.Parse(tcBucketPolicy("models-1", true))
		p.Statement = p.Statement[:2] // no denial of DeleteMultipleObjects
		m["modelsPolicy"].Props["policy"] = resource.NewProperty(p.JSON())
	})
	if vs := Evaluate(batch, All()); len(vs) != 1 || vs[0].RuleID != "tc-cos-version-protection" {
		t.Errorf("a policy that allows batch deletes:\n%s", Table(vs))
	}
	public := one("dev", tcCluster("dev", map[string]any{"workerConfigs": []any{map[string]any{"publicIpAssigned": true}}}),
		res(tcNodePoolType, "p", map[string]any{"autoScalingConfig": map[string]any{"publicIpAssigned": true}}))
	if vs := Evaluate(public, All()); len(vs) != 2 || vs[0].RuleID != "tc-tke-no-public-nodes" || vs[1].RuleID != "tc-tke-no-public-nodes" {
		t.Errorf("nodes with public IPs:\n%s", Table(vs))
	}
	s := tcBucketStack("prod", nil)
	for _, b := range s.OfType(tcBucketType) {
		if want := b.Name == "models-replica"; s.tcIsReplica(b) != want {
			t.Errorf("%s: replica = %v", b.Name, !want)
		}
	}
}
