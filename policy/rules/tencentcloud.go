package rules

import (
	"fmt"
	"strings"

	"github.com/modelfort/modelfort/internal/campolicy"
)

// Tencent Cloud resource types the rules below look at.
const (
	tcBucketType          = "tencentcloud:Cos/bucket:Bucket"
	tcBucketPolicyType    = "tencentcloud:Cos/bucketPolicy:BucketPolicy"
	tcKmsKeyType          = "tencentcloud:Kms/key:Key"
	tcGroupType           = "tencentcloud:Security/group:Group"
	tcGroupRuleType       = "tencentcloud:Security/groupRule:GroupRule"
	tcGroupLiteRuleType   = "tencentcloud:Security/groupLiteRule:GroupLiteRule"
	tcClbType             = "tencentcloud:Clb/instance:Instance"
	tcClusterType         = "tencentcloud:Kubernetes/cluster:Cluster"
	tcClusterEndpointType = "tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint"
	tcNodePoolType        = "tencentcloud:Kubernetes/nodePool:NodePool"
	tcAuditType           = "tencentcloud:Audit/instance:Instance"
	tcCamPolicyType       = "tencentcloud:Cam/policy:Policy"
)

// TencentProtectedTypes are the Tencent Cloud resource types that prod
// protects from deletion: those that hold data, keys or the audit record,
// and the CLB, whose provider has no delete protection of its own.
var TencentProtectedTypes = []string{tcBucketType, tcKmsKeyType, tcClusterType, tcAuditType, tcClbType}

// anyonePrincipals are how Tencent Cloud policies name every requester.
var anyonePrincipals = []string{campolicy.Anyone, "*"}

// tcIsLogTarget reports whether a COS bucket receives other buckets'
// access logs.
func (s *Stack) tcIsLogTarget(b *Resource) bool {
	return len(s.Referring(b, tcBucketType, "logTargetBucket", "bucket")) > 0
}

// tcIsReplica reports whether some bucket replicates into b, or may (a
// replication rule is not known yet). Replication rules name their
// destination "qcs::cos:REGION::BUCKET".
func (s *Stack) tcIsReplica(b *Resource) bool {
	name, known := b.Str("bucket")
	if !known {
		return true
	}
	for _, src := range s.OfType(tcBucketType) {
		n, known := src.Len("replicaRules")
		if !known {
			return true
		}
		for i := 0; i < n; i++ {
			d, known := src.Str(fmt.Sprintf("replicaRules[%d].destinationBucket", i))
			if !known || name != "" && strings.HasSuffix(d, "::"+name) {
				return true
			}
		}
	}
	return false
}

// tcPolicies returns the parsed policies of a bucket, and false if one of
// them is not known yet.
func (s *Stack) tcPolicies(b *Resource) ([]*campolicy.Policy, bool) {
	var out []*campolicy.Policy
	for _, p := range s.Referring(b, tcBucketPolicyType, "bucket", "bucket") {
		doc, known := p.Str("policy")
		if !known {
			return nil, false
		}
		if parsed, err := campolicy.Parse(doc); err == nil {
			out = append(out, parsed)
		}
	}
	return out, true
}

// tcDenies reports whether one of the policies denies everyone an action
// (or every action) under a condition key with a value (any value when
// value is "").
func tcDenies(policies []*campolicy.Policy, action, key, value string) bool {
	for _, p := range policies {
		for _, st := range p.Statement {
			if st.Effect != "deny" || !anyPrincipal(st) || !coversAction(st.Action, action) {
				continue
			}
			if key == "" && len(st.Condition) == 0 {
				return true
			}
			for _, keys := range st.Condition {
				for k, vs := range keys {
					if k == key && (value == "" || contains(vs, value)) {
						return true
					}
				}
			}
		}
	}
	return false
}

func anyPrincipal(st campolicy.Statement) bool {
	for _, ps := range st.Principal {
		for _, p := range ps {
			if contains(anyonePrincipals, p) {
				return true
			}
		}
	}
	return false
}

// coversAction reports whether actions include action, "*" or
// "name/cos:*".
func coversAction(actions []string, action string) bool {
	return contains(actions, action) || contains(actions, "*") || contains(actions, "name/cos:*")
}

// eachTencentBucket runs check on every COS bucket (or every bucket that
// is not an access-log target) and collects its messages as violations.
func eachTencentBucket(s *Stack, sparingLogTargets bool, check func(b *Resource) string) []Violation {
	var out []Violation
	for _, b := range s.OfType(tcBucketType) {
		if sparingLogTargets && s.tcIsLogTarget(b) {
			continue
		}
		if msg := check(b); msg != "" {
			out = append(out, Violation{URN: b.URN, Message: msg})
		}
	}
	return out
}

// tcOpenCIDRs reports the rules of a direction ("ingress" or "egress") of
// a GroupRule or GroupLiteRule that open it to the whole internet.
func tcOpenCIDRs(r *Resource, direction, verb string) []string {
	var cidrs []string
	switch r.Type {
	case tcGroupRuleType:
		if t, _ := r.Str("type"); t != direction {
			return nil
		}
		if c, known := r.Str("cidrIp"); known && c != "" {
			if p, _ := r.Str("policy"); !strings.EqualFold(p, "DROP") {
				cidrs = append(cidrs, c)
			}
		}
	case tcGroupLiteRuleType:
		field := map[string]string{"ingress": "ingresses", "egress": "egresses"}[direction]
		if v, known := r.Get(field); known && v.IsArray() {
			for _, e := range v.ArrayValue() {
				if !e.IsString() {
					continue
				}
				// ACTION#SOURCE#PORT#PROTOCOL
				if parts := strings.Split(e.StringValue(), "#"); len(parts) == 4 && strings.EqualFold(parts[0], "ACCEPT") {
					cidrs = append(cidrs, parts[1])
				}
			}
		}
	}
	var out []string
	for _, c := range cidrs {
		if contains(anywhere, c) || c == "0::0/0" {
			out = append(out, "the rule "+verb+" "+c)
		}
	}
	return out
}

var tencentRules = []Rule{
	{
		ID:          "tc-cos-private",
		Description: "COS buckets are private: no public-read or public-read-write ACL.",
		Level:       Mandatory,
		Types:       []string{tcBucketType},
		CheckResource: func(r *Resource) []string {
			var out []string
			if acl, known := r.Str("acl"); known && acl != "" && acl != "private" {
				out = append(out, "the bucket's ACL is "+acl)
			}
			if body, known := r.Str("aclBody"); known && strings.Contains(body, "AllUsers") {
				out = append(out, "the bucket's ACL grants AllUsers")
			}
			return out
		},
	},
	{
		ID:            "tc-cos-versioning",
		Description:   "COS buckets keep every version of their objects.",
		Level:         Mandatory,
		Types:         []string{tcBucketType},
		CheckResource: func(r *Resource) []string { return requireTrue(r, "versioningEnable", "versioning is not enabled") },
	},
	{
		ID:          "tc-cos-encryption",
		Description: "COS buckets encrypt objects at rest (server-side encryption).",
		Level:       Mandatory,
		Types:       []string{tcBucketType},
		CheckResource: func(r *Resource) []string {
			return requireSet(r, "encryptionAlgorithm", "the bucket has no server-side encryption")
		},
	},
	{
		ID:          "tc-cos-tls-only",
		Description: "COS bucket policies deny requests that do not use HTTPS.",
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			return eachTencentBucket(s, false, func(b *Resource) string {
				policies, known := s.tcPolicies(b)
				if !known || tcDenies(policies, "name/cos:GetObject", "cos:secure-transport", "false") {
					return ""
				}
				return "no bucket policy denies requests without HTTPS (cos:secure-transport false)"
			})
		},
	},
	{
		ID:          "tc-cos-access-logging",
		Description: "COS buckets log access to a log bucket.",
		Level:       Advisory,
		CheckStack: func(s *Stack) []Violation {
			return eachTencentBucket(s, true, func(b *Resource) string {
				on, k1 := b.Bool("logEnable")
				target, k2 := b.Str("logTargetBucket")
				if !k1 || !k2 || on && target != "" {
					return ""
				}
				return "the bucket does not log access"
			})
		},
	},
	{
		ID:          "tc-cos-replication",
		Description: "In prod, every COS bucket that is not a log bucket replicates to, or is the replica of, a bucket in another region.",
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			return eachTencentBucket(s, true, func(b *Resource) string {
				if rules, known := b.Get("replicaRules"); !known || rules.IsArray() && len(rules.ArrayValue()) > 0 {
					return ""
				}
				if s.tcIsReplica(b) {
					return ""
				}
				return "the bucket neither replicates nor is a replica"
			})
		},
	},
	{
		ID:          "tc-cos-version-protection",
		Description: "In prod, COS bucket policies deny the permanent deletion of object versions, the closest to object lock that the provider allows.",
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			return eachTencentBucket(s, true, func(b *Resource) string {
				policies, known := s.tcPolicies(b)
				if !known {
					return ""
				}
				if !tcDenies(policies, "name/cos:DeleteObject", "cos:versionid", "") {
					return "no bucket policy denies deleting object versions (DeleteObject with cos:versionid)"
				}
				if !tcDenies(policies, "name/cos:DeleteMultipleObjects", "", "") {
					return "no bucket policy denies batch deletes (DeleteMultipleObjects)"
				}
				return ""
			})
		},
	},
	{
		ID:          "tc-kms-rotation",
		Description: "Tencent Cloud KMS keys for symmetric encryption rotate their key material.",
		Level:       Mandatory,
		Types:       []string{tcKmsKeyType},
		CheckResource: func(r *Resource) []string {
			if usage, known := r.Str("keyUsage"); !known || usage != "" && usage != "ENCRYPT_DECRYPT" {
				return nil // asymmetric keys cannot rotate
			}
			if on, known := r.Bool("keyRotationEnabled"); known && !on {
				return []string{"key rotation is off"}
			}
			return nil
		},
	},
	{
		ID:          "tc-sg-no-open-ingress",
		Description: "No Tencent Cloud security group rule admits traffic from 0.0.0.0/0 or ::/0.",
		Anchors:     []string{"CKV_TC_8"},
		Level:       Mandatory,
		Types:       []string{tcGroupRuleType, tcGroupLiteRuleType},
		CheckResource: func(r *Resource) []string {
			return tcOpenCIDRs(r, "ingress", "admits traffic from")
		},
	},
	{
		ID:          "tc-sg-no-unrestricted-egress",
		Description: "No Tencent Cloud security group rule sends traffic to 0.0.0.0/0 or ::/0.",
		Level:       Advisory,
		Types:       []string{tcGroupRuleType, tcGroupLiteRuleType},
		CheckResource: func(r *Resource) []string {
			return tcOpenCIDRs(r, "egress", "sends traffic to")
		},
	},
	{
		ID:          "tc-sg-descriptions",
		Description: "Every Tencent Cloud security group and security group rule has a description.",
		Level:       Advisory,
		Types:       []string{tcGroupType, tcGroupRuleType, tcGroupLiteRuleType},
		CheckResource: func(r *Resource) []string {
			if r.Type == tcGroupLiteRuleType {
				return []string{"lite rules cannot carry descriptions; use GroupRule"}
			}
			if d, known := r.Str("description"); known && strings.TrimSpace(d) == "" {
				return []string{"no description"}
			}
			return nil
		},
	},
	{
		ID:          "tc-clb-access-logging",
		Description: "CLB instances log their requests to CLS.",
		Anchors:     []string{"CKV_TC_11"},
		Level:       Mandatory,
		Types:       []string{tcClbType},
		CheckResource: func(r *Resource) []string {
			out := requireSet(r, "logSetId", "the CLB has no log set")
			return append(out, requireSet(r, "logTopicId", "the CLB has no log topic")...)
		},
	},
	{
		ID:          "tc-clb-security-groups",
		Description: "CLB instances are bound to security groups.",
		Level:       Mandatory,
		Types:       []string{tcClbType},
		CheckResource: func(r *Resource) []string {
			if n, known := r.Len("securityGroups"); known && n == 0 {
				return []string{"the CLB has no security group"}
			}
			return nil
		},
	},
	{
		ID:          "tc-tke-private-endpoint",
		Description: "TKE clusters never open their API server to the internet.",
		Level:       Mandatory,
		Types:       []string{tcClusterType, tcClusterEndpointType},
		CheckResource: func(r *Resource) []string {
			return requireNotTrue(r, "clusterInternet", "the API server has an internet endpoint")
		},
	},
	{
		ID:          "tc-tke-no-public-nodes",
		Description: "TKE nodes get no public IP address and no internet bandwidth.",
		Anchors:     []string{"CKV_TC_7"},
		Level:       Mandatory,
		Types:       []string{tcClusterType, tcNodePoolType},
		CheckResource: func(r *Resource) []string {
			var prefixes []string
			if r.Type == tcNodePoolType {
				prefixes = []string{"autoScalingConfig."}
			} else {
				for _, list := range []string{"masterConfigs", "workerConfigs"} {
					n, _ := r.Len(list)
					for i := 0; i < n; i++ {
						prefixes = append(prefixes, fmt.Sprintf("%s[%d].", list, i))
					}
				}
			}
			var out []string
			for _, p := range prefixes {
				out = append(out, requireNotTrue(r, p+"publicIpAssigned", "nodes get public IP addresses ("+p+"publicIpAssigned)")...)
				if bw, known := r.Num(p + "internetMaxBandwidthOut"); known && bw > 0 {
					out = append(out, fmt.Sprintf("nodes get %v Mbps of internet bandwidth (%sinternetMaxBandwidthOut)", bw, p))
				}
			}
			return out
		},
	},
	{
		ID:          "tc-tke-audit",
		Description: "TKE clusters keep an audit log and run the log agent.",
		Anchors:     []string{"CKV_TC_6"},
		Level:       Mandatory,
		Types:       []string{tcClusterType},
		CheckResource: func(r *Resource) []string {
			out := requireTrue(r, "clusterAudit.enabled", "the cluster audit log is off")
			return append(out, requireTrue(r, "logAgent.enabled", "the log agent is off")...)
		},
	},
	{
		ID:          "tc-tke-deletion-protection",
		Description: "In prod, TKE clusters have deletion protection on.",
		Level:       Mandatory,
		ProdOnly:    true,
		Types:       []string{tcClusterType},
		CheckResource: func(r *Resource) []string {
			return requireTrue(r, "deletionProtection", "deletion protection is off")
		},
	},
	{
		ID:          "tc-cloudaudit-secure",
		Description: "CloudAudit trackers are on, record read and write events, and encrypt their logs with KMS.",
		Level:       Mandatory,
		Types:       []string{tcAuditType},
		CheckResource: func(r *Resource) []string {
			out := requireTrue(r, "auditSwitch", "the tracker is off")
			if rw, known := r.Num("readWriteAttribute"); known && rw != 3 {
				out = append(out, fmt.Sprintf("the tracker records only %s events", map[float64]string{1: "read", 2: "write"}[rw]))
			}
			out = append(out, requireTrue(r, "enableKmsEncry", "the log is not encrypted with KMS")...)
			return append(out, requireSet(r, "keyId", "the log has no KMS key")...)
		},
	},
	{
		ID:          "tc-cam-no-wildcard-admin",
		Description: "No CAM policy statement allows a wildcard action on a wildcard resource.",
		Level:       Mandatory,
		Types:       []string{tcCamPolicyType},
		CheckResource: func(r *Resource) []string {
			doc, known := r.Str("document")
			if !known || doc == "" {
				return nil
			}
			p, err := campolicy.Parse(doc)
			if err != nil {
				return nil
			}
			var out []string
			for i, st := range p.Statement {
				if st.Effect != "allow" || !contains(st.Resource, "*") {
					continue
				}
				for _, a := range st.Action {
					if a == "*" || strings.HasSuffix(a, ":*") {
						out = append(out, fmt.Sprintf("statement %d allows %s on every resource", i, a))
					}
				}
			}
			return out
		},
	},
	{
		ID:          "tc-prod-protected",
		Description: "In prod, every COS bucket, KMS key, CLB, TKE cluster and CloudAudit tracker is protected from deletion.",
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, r := range s.Resources {
				if contains(TencentProtectedTypes, r.Type) && !r.Protect {
					out = append(out, Violation{URN: r.URN, Message: "the resource is not protected"})
				}
			}
			return out
		},
	},
}
