package rules

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// res builds a resource of a test stack.
func res(typ, name string, props map[string]any) *Resource {
	return &Resource{
		URN:   "urn:pulumi:test::p::" + typ + "::" + name,
		Type:  typ,
		Name:  name,
		Props: resource.NewPropertyMapFromMap(props),
	}
}

// from records that property prop of r came from target.
func (r *Resource) from(prop string, target *Resource) *Resource {
	if r.PropertyDependencies == nil {
		r.PropertyDependencies = map[string][]string{}
	}
	r.PropertyDependencies[prop] = append(r.PropertyDependencies[prop], target.URN)
	return r
}

func (r *Resource) protected() *Resource { r.Protect = true; return r }

func doc(statements ...map[string]any) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	return string(b)
}

var unknown = resource.MakeComputed(resource.NewProperty(""))

// bucketStack is a bucket with every setting the S3 rules want; change
// trims it to make a violation.
func bucketStack(env string, change func(m map[string]*Resource)) *Stack {
	b := res(BucketType, "models", map[string]any{"bucket": "models-1", "objectLockEnabled": true})
	logs := res(BucketType, "logs", map[string]any{"bucket": "logs-1"})
	m := map[string]*Resource{
		"bucket": b,
		"logs":   logs,
		"sse": res(bucketEncryptionType, "models", map[string]any{"bucket": "models-1", "rules": []any{map[string]any{
			"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:key"}}}}),
		"logsSse": res(bucketEncryptionType, "logs", map[string]any{"bucket": "logs-1", "rules": []any{map[string]any{
			"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}}}}).from("bucket", logs),
		"versioning":     res(bucketVersioningType, "models", map[string]any{"versioningConfiguration": map[string]any{"status": "Enabled"}}).from("bucket", b),
		"logsVersioning": res(bucketVersioningType, "logs", map[string]any{"bucket": "logs-1", "versioningConfiguration": map[string]any{"status": "Enabled"}}),
		"lock":           res(bucketObjectLockType, "models", map[string]any{"bucket": "models-1", "rule": map[string]any{"defaultRetention": map[string]any{"mode": "COMPLIANCE", "days": 30}}}),
		"pab": res(bucketPublicBlockType, "models", map[string]any{"bucket": "models-1",
			"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}),
		"logsPab": res(bucketPublicBlockType, "logs", map[string]any{"bucket": "logs-1",
			"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}),
		"own":     res(bucketOwnershipType, "models", map[string]any{"bucket": "models-1", "rule": map[string]any{"objectOwnership": "BucketOwnerEnforced"}}),
		"logsOwn": res(bucketOwnershipType, "logs", map[string]any{"bucket": "logs-1", "rule": map[string]any{"objectOwnership": "BucketOwnerEnforced"}}),
		"policy": res(bucketPolicyType, "models", map[string]any{"bucket": "models-1", "policy": doc(map[string]any{
			"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}})}),
		"logsPolicy": res(bucketPolicyType, "logs", map[string]any{"bucket": "logs-1", "policy": doc(map[string]any{
			"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}})}),
		"logging":     res(bucketLoggingType, "models", map[string]any{"bucket": "models-1"}).from("targetBucket", logs),
		"replication": res(bucketReplicationType, "models", map[string]any{"bucket": "models-1"}),
	}
	if env == ProdEnvironment {
		b.Protect, logs.Protect = true, true
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

func vpc() *Resource { return res(vpcType, "v", map[string]any{"id": "vpc-1"}) }

func closedDefaultSG() *Resource { return res(defaultSGType, "d", map[string]any{"vpcId": "vpc-1"}) }

func allFlowLog() *Resource {
	return res(flowLogType, "f", map[string]any{"vpcId": "vpc-1", "trafficType": "ALL"})
}

func one(env string, rs ...*Resource) *Stack { return &Stack{Environment: env, Resources: rs} }

// cases holds, for every rule, a stack that passes it and one that
// violates it.
var cases = map[string]struct{ pass, fail *Stack }{
	"s3-customer-key": {
		bucketStack("dev", nil),
		bucketStack("dev", func(m map[string]*Resource) {
			m["sse"].Props["rules"].ArrayValue()[0].ObjectValue()["applyServerSideEncryptionByDefault"] = resource.NewProperty(resource.NewPropertyMapFromMap(map[string]any{"sseAlgorithm": "AES256"}))
		}),
	},
	"s3-versioning": {
		bucketStack("dev", nil),
		bucketStack("dev", func(m map[string]*Resource) { m["versioning"] = nil }),
	},
	"s3-object-lock": {
		bucketStack("dev", nil),
		bucketStack("dev", func(m map[string]*Resource) { m["bucket"].Props["objectLockEnabled"] = resource.NewProperty(false) }),
	},
	"s3-compliance-retention": {
		bucketStack("prod", nil),
		bucketStack("prod", func(m map[string]*Resource) {
			m["lock"].Props["rule"].ObjectValue()["defaultRetention"].ObjectValue()["mode"] = resource.NewProperty("GOVERNANCE")
		}),
	},
	"s3-public-access-block": {
		bucketStack("dev", nil),
		bucketStack("dev", func(m map[string]*Resource) { m["pab"].Props["restrictPublicBuckets"] = resource.NewProperty(false) }),
	},
	"s3-acls-disabled": {
		bucketStack("dev", nil),
		bucketStack("dev", func(m map[string]*Resource) { m["logsOwn"] = nil }),
	},
	"s3-tls-only": {
		bucketStack("dev", nil),
		bucketStack("dev", func(m map[string]*Resource) {
			m["policy"].Props["policy"] = resource.NewProperty(doc(map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
		}),
	},
	"s3-replication": {
		bucketStack("prod", nil),
		bucketStack("prod", func(m map[string]*Resource) { m["replication"] = nil }),
	},
	"s3-access-logging": {
		bucketStack("dev", nil),
		bucketStack("dev", func(m map[string]*Resource) {
			// The log bucket logs into itself, so that it stays a log
			// target, and the model bucket logs nowhere.
			m["logging"] = res(bucketLoggingType, "logs", map[string]any{"bucket": "logs-1"}).from("targetBucket", m["logs"])
		}),
	},
	"kms-rotation": {
		one("dev", res(kmsKeyType, "k", map[string]any{"enableKeyRotation": true})),
		one("dev", res(kmsKeyType, "k", map[string]any{"enableKeyRotation": false})),
	},
	"kms-no-wildcard-principal": {
		one("dev", res(kmsKeyType, "k", map[string]any{"enableKeyRotation": true, "policy": doc(
			map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::1:root"}, "Action": "kms:*", "Resource": "*"},
			map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
				"Condition": map[string]any{"StringEquals": map[string]any{"kms:CallerAccount": "1"}}})})),
		one("dev", res(kmsKeyType, "k", map[string]any{"enableKeyRotation": true, "policy": doc(
			map[string]any{"Sid": "Open", "Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"})})),
	},
	"vpc-flow-logs": {
		one("dev", vpc(), closedDefaultSG(), res(flowLogType, "f", map[string]any{"vpcId": "vpc-1", "trafficType": "ALL"})),
		one("dev", vpc(), closedDefaultSG(), res(flowLogType, "f", map[string]any{"vpcId": "vpc-1", "trafficType": "REJECT"})),
	},
	"vpc-default-security-group-closed": {
		one("dev", vpc(), allFlowLog(), closedDefaultSG()),
		one("dev", vpc(), allFlowLog(), res(defaultSGType, "d", map[string]any{"vpcId": "vpc-1",
			"ingress": []any{map[string]any{"protocol": "-1", "self": true}}})),
	},
	"vpc-no-public-ip-mapping": {
		one("dev", res(subnetType, "s", map[string]any{"mapPublicIpOnLaunch": false})),
		one("dev", res(subnetType, "s", map[string]any{"mapPublicIpOnLaunch": true})),
	},
	"sg-no-open-ingress": {
		one("dev", res(ingressRuleType, "r", map[string]any{"referencedSecurityGroupId": "sg-1", "description": "d"})),
		one("dev", res(ingressRuleType, "r", map[string]any{"cidrIpv4": "0.0.0.0/0", "description": "d"})),
	},
	"sg-no-unrestricted-egress": {
		one("dev", res(egressRuleType, "r", map[string]any{"prefixListId": "pl-1", "description": "d"})),
		one("dev", res(securityGroupType, "g", map[string]any{"description": "d", "egress": []any{map[string]any{"ipv6CidrBlocks": []any{"::/0"}}}})),
	},
	"sg-descriptions": {
		one("dev", res(securityGroupType, "g", map[string]any{"description": "endpoint tier"})),
		one("dev", res(egressRuleType, "r", map[string]any{"description": " ", "prefixListId": "pl-1"})),
	},
	"sagemaker-endpoint-kms": {
		one("dev", res(endpointConfigType, "c", map[string]any{"kmsKeyArn": "arn:key"}),
			res(endpointConfigType, "nvme", map[string]any{"productionVariants": []any{map[string]any{"instanceType": "ml.g5.2xlarge"}}})),
		one("dev", res(endpointConfigType, "c", map[string]any{"productionVariants": []any{map[string]any{"instanceType": "ml.p3.2xlarge"}}})),
	},
	"sagemaker-network-isolation": {
		one("dev", res(sageMakerModelType, "m", map[string]any{"enableNetworkIsolation": true, "vpcConfig": map[string]any{"subnets": []any{"s"}}})),
		one("dev", res(sageMakerModelType, "m", map[string]any{"vpcConfig": map[string]any{"subnets": []any{"s"}}})),
	},
	"sagemaker-vpc": {
		one("dev", res(sageMakerModelType, "m", map[string]any{"enableNetworkIsolation": true, "vpcConfig": map[string]any{"subnets": []any{"s"}}})),
		one("dev", res(sageMakerModelType, "m", map[string]any{"enableNetworkIsolation": true})),
	},
	"api-no-direct-runtime": {
		one("dev", res(apiIntegrationType, "i", map[string]any{"type": "AWS_PROXY", "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:guard/invocations"})),
		one("dev", res(apiIntegrationType, "i", map[string]any{"type": "AWS", "uri": "arn:aws:apigateway:us-east-1:runtime.sagemaker:path/endpoints/llm/invocations"})),
	},
	"health-route-not-mock": {
		one("dev", res(apiResourceType, "health", map[string]any{"pathPart": "health", "id": "r-1"}),
			res(apiIntegrationType, "h", map[string]any{"type": "AWS_PROXY", "resourceId": "r-1"}),
			res(apiResourceType, "ping", map[string]any{"pathPart": "ping", "id": "r-2"}),
			res(apiIntegrationType, "p", map[string]any{"type": "MOCK", "resourceId": "r-2"})),
		one("dev", res(apiResourceType, "health", map[string]any{"pathPart": "health", "id": "r-1"}),
			res(apiIntegrationType, "h", map[string]any{"type": "MOCK", "resourceId": "r-1"})),
	},
	"sagemaker-two-instances": {
		one("prod", res(endpointConfigType, "c", map[string]any{"kmsKeyArn": "k", "productionVariants": []any{map[string]any{"initialInstanceCount": 2}}})),
		one("prod", res(endpointConfigType, "c", map[string]any{"kmsKeyArn": "k", "productionVariants": []any{map[string]any{"initialInstanceCount": 1}}})),
	},
	"cloudtrail-secure": {
		one("dev", res(trailType, "t", map[string]any{"isMultiRegionTrail": true, "enableLogFileValidation": true, "kmsKeyId": "k", "cloudWatchLogsGroupArn": "g", "insightSelectors": []any{map[string]any{"insightType": "ApiCallRateInsight"}, map[string]any{"insightType": "ApiErrorRateInsight"}}})),
		one("dev", res(trailType, "t", map[string]any{"isMultiRegionTrail": true, "kmsKeyId": "k", "cloudWatchLogsGroupArn": "g", "insightSelectors": []any{map[string]any{"insightType": "ApiCallRateInsight"}, map[string]any{"insightType": "ApiErrorRateInsight"}}})),
	},
	"log-group-kms-retention": {
		one("dev", res(logGroupType, "g", map[string]any{"kmsKeyId": "k", "retentionInDays": 365})),
		one("dev", res(logGroupType, "g", map[string]any{"kmsKeyId": "k"})),
	},
	"backup-vault-locked": {
		one("dev", res(backupVaultType, "v", map[string]any{"name": "v-1", "kmsKeyArn": "k"}), res(backupVaultLockType, "l", map[string]any{"backupVaultName": "v-1", "changeableForDays": 3})),
		one("dev", res(backupVaultType, "v", map[string]any{"name": "v-1", "kmsKeyArn": "k"})),
	},
	"backup-vault-compliance-lock": {
		one("prod", res(backupVaultType, "v", map[string]any{"name": "v-1", "kmsKeyArn": "k"}).protected(), res(backupVaultLockType, "l", map[string]any{"backupVaultName": "v-1", "changeableForDays": 3})),
		one("prod", res(backupVaultType, "v", map[string]any{"name": "v-1", "kmsKeyArn": "k"}).protected(), res(backupVaultLockType, "l", map[string]any{"backupVaultName": "v-1"})),
	},
	"waf-logging": {
		one("dev", res(webACLType, "w", map[string]any{"arn": "arn:acl"}), res(webACLLoggingType, "l", map[string]any{"resourceArn": "arn:acl"})),
		one("dev", res(webACLType, "w", map[string]any{"arn": "arn:acl"})),
	},
	"shield-health-check": {
		one("dev", res(shieldProtectionType, "p", map[string]any{"id": "p-1"}), res(shieldHealthCheckType, "a", map[string]any{"shieldProtectionId": "p-1"}),
			res(shieldProtectionType, "z", map[string]any{"id": "p-2", "resourceArn": "arn:aws:route53:::hostedzone/Z1"})),
		one("dev", res(shieldProtectionType, "p", map[string]any{"id": "p-1"})),
	},
	"iam-no-wildcard-admin": {
		one("dev", res(iamRolePolicyType, "p", map[string]any{"policy": doc(map[string]any{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"})})),
		one("dev", res(iamRolePolicyType, "p", map[string]any{"policy": doc(map[string]any{"Effect": "Allow", "Action": "s3:*", "Resource": "*"})})),
	},
	"sagemaker-runtime-through-vpc-endpoint": {
		one("dev",
			res(iamRolePolicyType, "handler", map[string]any{"policy": doc(map[string]any{
				"Sid": "InvokeThroughTheVpcEndpoint", "Effect": "Allow", "Action": "sagemaker:InvokeEndpoint",
				"Resource":  "arn:aws:sagemaker:us-east-1:123456789012:endpoint/m",
				"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceVpce": "vpce-0a1b2c3d4e5f60718"}}})}),
			res(iamRolePolicyType, "caller", map[string]any{"policy": doc(
				map[string]any{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/invocations"},
				map[string]any{"Effect": "Deny", "Action": []any{"sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:InvokeEndpointWithResponseStream"}, "Resource": "*"})})),
		one("dev", res(iamRolePolicyType, "caller", map[string]any{"policy": doc(map[string]any{
			"Sid": "Invoke", "Effect": "Allow", "Action": "sagemaker:InvokeEndpoint", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/m"})})),
	},
	"prod-stateful-protected": {
		one("prod", res(logGroupType, "g", map[string]any{"kmsKeyId": "k", "retentionInDays": 1}).protected()),
		one("prod", res(logGroupType, "g", map[string]any{"kmsKeyId": "k", "retentionInDays": 1})),
	},
}

func TestEveryRuleHasAPassingAndAViolatingCase(t *testing.T) {
	for _, rule := range All() {
		c, ok := cases[rule.ID]
		if !ok {
			t.Errorf("rule %s has no test case", rule.ID)
			continue
		}
		t.Run(rule.ID, func(t *testing.T) {
			if vs := Evaluate(c.pass, []Rule{rule}); len(vs) != 0 {
				t.Errorf("the passing case violates it:\n%s", Table(vs))
			}
			vs := Evaluate(c.fail, []Rule{rule})
			if len(vs) == 0 {
				t.Fatal("the violating case passes")
			}
			for _, v := range vs {
				if v.RuleID != rule.ID || v.URN == "" || v.Message == "" {
					t.Errorf("incomplete violation %+v", v)
				}
			}
			// The violating case violates nothing else: it isolates the rule.
			if others := Evaluate(c.fail, All()); len(others) != len(vs) {
				t.Errorf("the violating case also violates other rules:\n%s", Table(others))
			}
		})
	}
}

func TestEnforcement(t *testing.T) {
	for _, rule := range All() {
		if rule.LevelIn("prod") != Mandatory {
			t.Errorf("%s is not mandatory in prod", rule.ID)
		}
		if rule.ID == "" || rule.Description == "" || (rule.CheckResource == nil) == (rule.CheckStack == nil) {
			t.Errorf("rule %q needs an ID, a description and exactly one check", rule.ID)
		}
		if rule.CheckResource != nil && len(rule.Types) == 0 {
			t.Errorf("resource rule %s names no types", rule.ID)
		}
	}
	if got := (Rule{Level: Advisory}).LevelIn("dev"); got != Advisory {
		t.Errorf("an advisory rule is %v in dev", got)
	}
	// Prod-only rules say nothing outside prod.
	if vs := Evaluate(cases["s3-replication"].fail.withEnv("dev"), All()); len(vs) != 0 {
		t.Errorf("prod-only rules fired in dev:\n%s", Table(vs))
	}
}

func (s *Stack) withEnv(env string) *Stack { c := *s; c.Environment = env; return &c }

// TestUnknownValuesAreNotViolations: during a preview computed values are
// unknown; the rules must neither fail nor crash on them.
func TestUnknownValuesAreNotViolations(t *testing.T) {
	unknownStacks := []*Stack{
		one("prod", &Resource{URN: "urn:k", Type: kmsKeyType, Protect: true, Props: resource.PropertyMap{"enableKeyRotation": unknown, "policy": unknown}}),
		one("dev", &Resource{URN: "urn:t", Type: trailType, Props: resource.PropertyMap{
			"isMultiRegionTrail": resource.NewProperty(true), "enableLogFileValidation": resource.NewProperty(true), "kmsKeyId": unknown, "cloudWatchLogsGroupArn": unknown,
			"insightSelectors": unknown}}),
		one("dev", &Resource{URN: "urn:s", Type: ingressRuleType, Props: resource.PropertyMap{"cidrIpv4": unknown, "description": unknown}}),
		one("dev", &Resource{URN: "urn:p", Type: iamRolePolicyType, Props: resource.PropertyMap{"policy": unknown}}),
		one("dev", &Resource{URN: "urn:r", Type: iamRoleType, Props: resource.PropertyMap{"inlinePolicies": unknown}}),
		one("prod", &Resource{URN: "urn:c", Type: endpointConfigType, Props: resource.PropertyMap{"kmsKeyArn": unknown,
			"productionVariants": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{"initialInstanceCount": unknown})})}}),
		bucketStack("prod", func(m map[string]*Resource) {
			m["sse"].Props["rules"] = unknown
			m["policy"].Props["policy"] = unknown
			m["lock"].Props["rule"] = unknown
		}),
	}
	for i, s := range unknownStacks {
		if vs := Evaluate(s, All()); len(vs) != 0 {
			t.Errorf("stack %d: unknown values reported as violations:\n%s", i, Table(vs))
		}
	}
}

func TestTable(t *testing.T) {
	got := Table([]Violation{{RuleID: "r", URN: "u", Message: "m"}})
	if !strings.Contains(got, "r u: m") {
		t.Errorf("table %q", got)
	}
}
