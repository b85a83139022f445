package rules

import (
	"fmt"
	"strings"

	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/instancestorage"
)

// Resource types the rules below look at.
const (
	kmsKeyType            = "aws:kms/key:Key"
	kmsReplicaKeyType     = "aws:kms/replicaKey:ReplicaKey"
	vpcType               = "aws:ec2/vpc:Vpc"
	subnetType            = "aws:ec2/subnet:Subnet"
	flowLogType           = "aws:ec2/flowLog:FlowLog"
	defaultSGType         = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	securityGroupType     = "aws:ec2/securityGroup:SecurityGroup"
	sgRuleType            = "aws:ec2/securityGroupRule:SecurityGroupRule"
	ingressRuleType       = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressRuleType        = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	sageMakerModelType    = "aws:sagemaker/model:Model"
	endpointConfigType    = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
	trailType             = "aws:cloudtrail/trail:Trail"
	backupVaultType       = "aws:backup/vault:Vault"
	backupVaultLockType   = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	webACLType            = "aws:wafv2/webAcl:WebAcl"
	webACLLoggingType     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	shieldProtectionType  = "aws:shield/protection:Protection"
	shieldHealthCheckType = "aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation"
	iamRoleType           = "aws:iam/role:Role"
	iamRolePolicyType     = "aws:iam/rolePolicy:RolePolicy"
	iamPolicyType         = "aws:iam/policy:Policy"
	iamUserPolicyType     = "aws:iam/userPolicy:UserPolicy"
	iamGroupPolicyType    = "aws:iam/groupPolicy:GroupPolicy"
	logGroupType          = "aws:cloudwatch/logGroup:LogGroup"
)

// StatefulTypes are the resource types that hold data or keys: prod
// protects every one of them, so that "pulumi destroy" cannot lose data.
var StatefulTypes = []string{
	kmsKeyType, kmsReplicaKeyType, BucketType, backupVaultType, logGroupType, trailType,
	"aws:dynamodb/table:Table", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:efs/fileSystem:FileSystem",
}

// anywhere is the set of CIDRs that mean "the whole internet".
var anywhere = []string{"0.0.0.0/0", "::/0"}

var kmsRules = []Rule{
	{
		ID:            "kms-rotation",
		Description:   "Customer-managed KMS keys rotate their key material.",
		Anchors:       []string{"CKV_AWS_7", "AwsSolutions-KMS5", "tfsec:aws-kms-auto-rotate-keys"},
		Level:         Mandatory,
		Types:         []string{kmsKeyType},
		CheckResource: func(r *Resource) []string { return requireTrue(r, "enableKeyRotation", "key rotation is off") },
	},
	{
		ID:          "kms-no-wildcard-principal",
		Description: "KMS key policies never allow a wildcard principal without limiting it to this account, and give kms:* to the account root alone.",
		Anchors:     []string{"CKV_AWS_33"},
		Level:       Mandatory,
		Types:       []string{kmsKeyType, kmsReplicaKeyType},
		CheckResource: func(r *Resource) []string {
			p, ok := policyAt(r, "policy")
			if !ok {
				return nil
			}
			var out []string
			for _, st := range p.Statement {
				if st.Effect != "Allow" {
					continue
				}
				wildcard := contains(st.Principal["AWS"], "*") || contains(st.Principal["*"], "*")
				if wildcard && !limitedToAccount(st) {
					out = append(out, fmt.Sprintf("statement %q allows any principal without an account condition", st.Sid))
				}
				if contains(st.Action, "kms:*") && (wildcard || len(st.Principal["AWS"]) != 1 || !strings.HasSuffix(st.Principal["AWS"][0], ":root")) {
					out = append(out, fmt.Sprintf("statement %q gives kms:* to %v, not the account root alone", st.Sid, st.Principal))
				}
			}
			return out
		},
	},
}

// limitedToAccount reports whether a statement's conditions pin the
// caller to one account.
func limitedToAccount(st iampolicy.Statement) bool {
	for _, keys := range st.Condition {
		for k := range keys {
			switch k {
			case "kms:CallerAccount", "aws:SourceAccount", "aws:PrincipalAccount", "aws:PrincipalOrgID":
				return true
			}
		}
	}
	return false
}

var networkRules = []Rule{
	{
		ID:          "vpc-flow-logs",
		Description: "Every VPC logs ALL traffic with flow logs.",
		Anchors:     []string{"CKV2_AWS_11", "AwsSolutions-VPC7"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, v := range s.OfType(vpcType) {
				ok := false
				for _, f := range s.Referring(v, flowLogType, "vpcId") {
					if t, known := f.Str("trafficType"); !known || t == "ALL" {
						ok = true
					}
				}
				if !ok {
					out = append(out, Violation{URN: v.URN, Message: "the VPC has no flow log of ALL traffic"})
				}
			}
			return out
		},
	},
	{
		ID:          "vpc-default-security-group-closed",
		Description: "Every VPC's default security group is managed and has no rules.",
		Anchors:     []string{"CKV2_AWS_12"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, v := range s.OfType(vpcType) {
				groups := s.Referring(v, defaultSGType, "vpcId")
				if len(groups) == 0 {
					out = append(out, Violation{URN: v.URN, Message: "the VPC's default security group is not managed"})
				}
				for _, g := range groups {
					for _, dir := range []string{"ingress", "egress"} {
						if n, known := g.Len(dir); known && n > 0 {
							out = append(out, Violation{URN: g.URN, Message: "the default security group has " + dir + " rules"})
						}
					}
				}
			}
			return out
		},
	},
	{
		ID:          "vpc-no-public-ip-mapping",
		Description: "Subnets do not give instances public IP addresses.",
		Anchors:     []string{"CKV_AWS_130", "tfsec:aws-ec2-no-public-ip-subnet"},
		Level:       Mandatory,
		Types:       []string{subnetType},
		CheckResource: func(r *Resource) []string {
			return requireNotTrue(r, "mapPublicIpOnLaunch", "the subnet maps public IPs on launch")
		},
	},
	{
		ID:          "sg-no-open-ingress",
		Description: "No security group admits traffic from 0.0.0.0/0 or ::/0.",
		Anchors:     []string{"CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "tfsec:aws-ec2-no-public-ingress-sgr"},
		Level:       Mandatory,
		Types:       []string{ingressRuleType, sgRuleType, securityGroupType},
		CheckResource: func(r *Resource) []string {
			return openCIDRs(r, "ingress", "admits traffic from")
		},
	},
	{
		ID:          "sg-no-unrestricted-egress",
		Description: "No security group sends traffic to 0.0.0.0/0 or ::/0.",
		Anchors:     []string{"tfsec:aws-ec2-no-public-egress-sgr", "CKV_AWS_382"},
		Level:       Advisory,
		Types:       []string{egressRuleType, sgRuleType, securityGroupType},
		CheckResource: func(r *Resource) []string {
			return openCIDRs(r, "egress", "sends traffic to")
		},
	},
	{
		ID:          "sg-descriptions",
		Description: "Every security group and security group rule has a description.",
		Anchors:     []string{"CKV_AWS_23", "tfsec:aws-ec2-add-description-to-security-group"},
		Level:       Advisory,
		Types:       []string{securityGroupType, ingressRuleType, egressRuleType, sgRuleType},
		CheckResource: func(r *Resource) []string {
			if d, known := r.Str("description"); known && strings.TrimSpace(d) == "" {
				return []string{"no description"}
			}
			return nil
		},
	},
}

// openCIDRs reports the rules of a direction ("ingress" or "egress") of a
// security group, an ec2 SecurityGroupRule or a vpc rule resource that
// open it to the whole internet.
func openCIDRs(r *Resource, direction, verb string) []string {
	var cidrs []string
	collect := func(prefix string) {
		for _, f := range []string{"cidrIpv4", "cidrIpv6"} {
			if v, known := r.Str(prefix + f); known && v != "" {
				cidrs = append(cidrs, v)
			}
		}
		for _, f := range []string{"cidrBlocks", "ipv6CidrBlocks"} {
			if v, known := r.Get(prefix + f); known && v.IsArray() {
				for _, e := range v.ArrayValue() {
					if e.IsString() {
						cidrs = append(cidrs, e.StringValue())
					}
				}
			}
		}
	}
	switch r.Type {
	case ingressRuleType, egressRuleType:
		if (r.Type == ingressRuleType) != (direction == "ingress") {
			return nil
		}
		collect("")
	case sgRuleType:
		if t, _ := r.Str("type"); t != direction {
			return nil
		}
		collect("")
	case securityGroupType:
		n, _ := r.Len(direction)
		for i := 0; i < n; i++ {
			collect(fmt.Sprintf("%s[%d].", direction, i))
		}
	}
	var out []string
	for _, c := range cidrs {
		if contains(anywhere, c) {
			out = append(out, "the rule "+verb+" "+c)
		}
	}
	return out
}

var servingRules = []Rule{
	{
		ID:          "sagemaker-endpoint-kms",
		Description: "SageMaker endpoint configurations encrypt storage with a customer-managed KMS key (instance types with local NVMe storage, which AWS encrypts with a hardware key and where it refuses a KMS key, excepted).",
		Anchors:     []string{"CKV_AWS_98", "AwsSolutions-SM2"},
		Level:       Mandatory,
		Types:       []string{endpointConfigType},
		CheckResource: func(r *Resource) []string {
			k, known := r.Str("kmsKeyArn")
			if !known || k != "" {
				return nil
			}
			n, _ := r.Len("productionVariants")
			for i := 0; i < n; i++ {
				if t, known := r.Str(fmt.Sprintf("productionVariants[%d].instanceType", i)); !known || !instancestorage.HasNVMe(t) {
					return []string{"no kmsKeyArn"}
				}
			}
			if n == 0 {
				return []string{"no kmsKeyArn"}
			}
			return nil
		},
	},
	{
		ID:          "sagemaker-network-isolation",
		Description: "SageMaker models run with network isolation.",
		Anchors:     []string{"CKV_AWS_370", "AwsSolutions-SM3"},
		Level:       Mandatory,
		Types:       []string{sageMakerModelType},
		CheckResource: func(r *Resource) []string {
			return requireTrue(r, "enableNetworkIsolation", "network isolation is off")
		},
	},
	{
		ID:          "sagemaker-vpc",
		Description: "SageMaker models run in a VPC.",
		Anchors:     []string{"CKV_AWS_369", "AwsSolutions-SM1"},
		Level:       Mandatory,
		Types:       []string{sageMakerModelType},
		CheckResource: func(r *Resource) []string {
			if n, known := r.Len("vpcConfig.subnets"); known && n == 0 {
				return []string{"the model has no VPC configuration"}
			}
			return nil
		},
	},
	{
		ID:          "sagemaker-two-instances",
		Description: "In prod, every SageMaker production variant runs at least 2 instances, spread over zones.",
		Level:       Mandatory,
		ProdOnly:    true,
		Types:       []string{endpointConfigType},
		CheckResource: func(r *Resource) []string {
			var out []string
			n, _ := r.Len("productionVariants")
			for i := 0; i < n; i++ {
				if c, known := r.Num(fmt.Sprintf("productionVariants[%d].initialInstanceCount", i)); known && c < 2 {
					out = append(out, fmt.Sprintf("production variant %d runs %v instance(s)", i, c))
				}
			}
			return out
		},
	},
}

var auditRules = []Rule{
	{
		ID:          "cloudtrail-secure",
		Description: "CloudTrail trails are multi-Region, validate log files, encrypt with KMS and deliver to CloudWatch Logs.",
		Anchors:     []string{"CKV_AWS_67", "CKV_AWS_36", "CKV_AWS_35", "CKV_AWS_252"},
		Level:       Mandatory,
		Types:       []string{trailType},
		CheckResource: func(r *Resource) []string {
			out := requireTrue(r, "isMultiRegionTrail", "the trail is not multi-Region")
			out = append(out, requireTrue(r, "enableLogFileValidation", "log file validation is off")...)
			out = append(out, requireSet(r, "kmsKeyId", "the trail is not encrypted with KMS")...)
			return append(out, requireSet(r, "cloudWatchLogsGroupArn", "the trail does not deliver to CloudWatch Logs")...)
		},
	},
	{
		ID:          "log-group-kms-retention",
		Description: "CloudWatch log groups are encrypted with KMS and expire events.",
		Anchors:     []string{"CKV_AWS_158", "CKV_AWS_66", "tfsec:aws-cloudwatch-log-group-customer-key"},
		Level:       Mandatory,
		Types:       []string{logGroupType},
		CheckResource: func(r *Resource) []string {
			out := requireSet(r, "kmsKeyId", "the log group is not encrypted with KMS")
			if d, known := r.Num("retentionInDays"); known && d <= 0 {
				out = append(out, "the log group keeps events forever (no retention)")
			}
			return out
		},
	},
	{
		ID:          "backup-vault-locked",
		Description: "Backup vaults are encrypted with a customer-managed key and locked.",
		Anchors:     []string{"CKV_AWS_166"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, v := range s.OfType(backupVaultType) {
				for _, msg := range requireSet(v, "kmsKeyArn", "the vault is not encrypted with a customer-managed key") {
					out = append(out, Violation{URN: v.URN, Message: msg})
				}
				if len(s.Referring(v, backupVaultLockType, "backupVaultName", "name")) == 0 {
					out = append(out, Violation{URN: v.URN, Message: "the vault has no vault lock"})
				}
			}
			return out
		},
	},
	{
		ID:          "backup-vault-compliance-lock",
		Description: "In prod, backup vault locks are in compliance mode: immutable once their grace period ends.",
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, v := range s.OfType(backupVaultType) {
				for _, l := range s.Referring(v, backupVaultLockType, "backupVaultName", "name") {
					if d, known := l.Num("changeableForDays"); known && d == 0 {
						out = append(out, Violation{URN: v.URN, Message: "the vault lock is in governance mode (no changeableForDays)"})
					}
				}
			}
			return out
		},
	},
	{
		ID:          "waf-logging",
		Description: "WAF web ACLs log their requests.",
		Anchors:     []string{"CKV2_AWS_31"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, acl := range s.OfType(webACLType) {
				if len(s.Referring(acl, webACLLoggingType, "resourceArn", "arn")) == 0 {
					out = append(out, Violation{URN: acl.URN, Message: "the web ACL does not log"})
				}
			}
			return out
		},
	},
	{
		ID:          "shield-health-check",
		Description: "Shield protections are associated with a Route 53 health check, for health-based DDoS detection.",
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, p := range s.OfType(shieldProtectionType) {
				if len(s.Referring(p, shieldHealthCheckType, "shieldProtectionId")) == 0 {
					out = append(out, Violation{URN: p.URN, Message: "the protection has no health check association"})
				}
			}
			return out
		},
	},
}

var iamRules = []Rule{
	{
		ID:          "iam-no-wildcard-admin",
		Description: "No IAM policy statement allows a wildcard action on a wildcard resource.",
		Anchors:     []string{"CKV_AWS_62", "CKV_AWS_63", "AwsSolutions-IAM5", "tfsec:aws-iam-no-policy-wildcards"},
		Level:       Mandatory,
		Types:       []string{iamRolePolicyType, iamPolicyType, iamUserPolicyType, iamGroupPolicyType, iamRoleType},
		CheckResource: func(r *Resource) []string {
			var docs []*iampolicy.Policy
			if r.Type == iamRoleType {
				n, _ := r.Len("inlinePolicies")
				for i := 0; i < n; i++ {
					if p, ok := policyAt(r, fmt.Sprintf("inlinePolicies[%d].policy", i)); ok {
						docs = append(docs, p)
					}
				}
			} else if p, ok := policyAt(r, "policy"); ok {
				docs = append(docs, p)
			}
			var out []string
			for _, p := range docs {
				for _, st := range p.Statement {
					if st.Effect != "Allow" || !contains(st.Resource, "*") {
						continue
					}
					for _, a := range st.Action {
						if a == "*" || strings.HasSuffix(a, ":*") {
							out = append(out, fmt.Sprintf("statement %q allows %s on every resource", st.Sid, a))
						}
					}
				}
			}
			return out
		},
	},
}

var protectionRules = []Rule{
	{
		ID:          "prod-stateful-protected",
		Description: "In prod, every stateful resource (keys, buckets, vaults, log groups, trails, databases) is protected from deletion.",
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, r := range s.Resources {
				if contains(StatefulTypes, r.Type) && !r.Protect {
					out = append(out, Violation{URN: r.URN, Message: "the resource is not protected"})
				}
			}
			return out
		},
	},
}

// All returns every rule, in a stable order.
func All() []Rule {
	var out []Rule
	for _, group := range [][]Rule{s3Rules, kmsRules, networkRules, servingRules, auditRules, iamRules, protectionRules, tencentRules} {
		out = append(out, group...)
	}
	return out
}

func requireTrue(r *Resource, path, msg string) []string {
	if v, known := r.Bool(path); known && !v {
		return []string{msg}
	}
	return nil
}

func requireNotTrue(r *Resource, path, msg string) []string {
	if v, known := r.Bool(path); known && v {
		return []string{msg}
	}
	return nil
}

func requireSet(r *Resource, path, msg string) []string {
	if v, known := r.Str(path); known && v == "" {
		return []string{msg}
	}
	return nil
}

// policyAt parses the policy document at path; false when it is unknown
// or not a document.
func policyAt(r *Resource, path string) (*iampolicy.Policy, bool) {
	doc, known := r.Str(path)
	if !known || doc == "" {
		return nil, false
	}
	p, err := iampolicy.Parse(doc)
	return p, err == nil
}
