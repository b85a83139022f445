package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const (
	runtimeRule = "sagemaker-runtime-through-vpc-endpoint"
	endpointArn = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/deepseek-r1-distill"
	vpceID      = "vpce-0a1b2c3d4e5f60718"
)

func ruleByID(t *testing.T, id string) Rule {
	t.Helper()
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return Rule{}
}

// allow is an Allow statement of actions on resources, with an optional
// condition.
func allow(actions, resources any, condition map[string]any) map[string]any {
	st := map[string]any{"Sid": "S", "Effect": "Allow", "Action": actions, "Resource": resources}
	if condition != nil {
		st["Condition"] = condition
	}
	return st
}

func sourceVpce(op string, ids ...any) map[string]any {
	return map[string]any{op: map[string]any{"aws:SourceVpce": ids}}
}

func TestSageMakerRuntimeThroughVpcEndpoint(t *testing.T) {
	rule := ruleByID(t, runtimeRule)
	tests := []struct {
		name      string
		statement map[string]any
		violates  bool
	}{
		// Violations: the runtime is allowed on any network path.
		{"InvokeEndpoint", allow("sagemaker:InvokeEndpoint", endpointArn, nil), true},
		{"async", allow("sagemaker:InvokeEndpointAsync", endpointArn, nil), true},
		{"streaming", allow([]any{"s3:GetObject", "sagemaker:InvokeEndpointWithResponseStream"}, "*", nil), true},
		{"lower case", allow("SageMaker:invokeendpoint", endpointArn, nil), true},
		{"InvokeEndpoint*", allow("sagemaker:InvokeEndpoint*", endpointArn, nil), true},
		{"Invoke?ndpoint", allow("sagemaker:Invoke?ndpoint", endpointArn, nil), true},
		{"sagemaker:*", allow("sagemaker:*", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/*", nil), true},
		{"*", allow("*", endpointArn, nil), true},
		{"on every resource", allow("sagemaker:InvokeEndpoint", "*", nil), true},
		{"on every SageMaker resource", allow("sagemaker:InvokeEndpoint", "arn:aws:sagemaker:*", nil), true},
		{"on every ARN", allow("sagemaker:InvokeEndpoint", "arn:*", nil), true},
		{"on every endpoint of every region", allow("sagemaker:InvokeEndpoint", "arn:aws:sagemaker:*:*:endpoint/*", nil), true},
		{"NotAction that spares the runtime", map[string]any{"Effect": "Allow", "NotAction": "iam:*", "Resource": endpointArn}, true},
		{"NotResource", map[string]any{"Effect": "Allow", "Action": "sagemaker:InvokeEndpoint", "NotResource": "arn:aws:s3:::b/*"}, true},
		{"a condition on another key", allow("sagemaker:InvokeEndpoint", endpointArn, map[string]any{"StringEquals": map[string]any{"aws:SourceVpc": "vpc-0a1b2c3d"}}), true},
		{"IfExists passes without an endpoint", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringEqualsIfExists", vpceID)), true},
		{"ForAllValues passes without an endpoint", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("ForAllValues:StringEquals", vpceID)), true},
		{"StringNotEquals", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringNotEquals", vpceID)), true},
		{"any VPC endpoint", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringLike", "vpce-*")), true},
		{"an endpoint and a wildcard", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringLike", vpceID, "*")), true},
		{"no VPC endpoint named", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringEquals")), true},
		{"not an ID", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringEquals", "vpc-0a1b2c3d")), true},

		// No violation.
		{"StringEquals aws:SourceVpce", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringEquals", vpceID)), false},
		{"two endpoints, any case of the key", allow(runtimeInvokeActions, endpointArn, map[string]any{"StringEquals": map[string]any{"aws:sourcevpce": []any{vpceID, "vpce-1b2c3d4e"}}}), false},
		{"StringLike without wildcards", allow("sagemaker:*", endpointArn, sourceVpce("StringLike", vpceID)), false},
		{"ForAnyValue", allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("ForAnyValue:StringEquals", vpceID)), false},
		{"with other conditions", allow("sagemaker:InvokeEndpoint", endpointArn, map[string]any{
			"StringEquals": map[string]any{"aws:SourceVpce": vpceID, "aws:PrincipalAccount": "123456789012"},
			"Bool":         map[string]any{"aws:SecureTransport": "true"}}), false},
		{"Deny", map[string]any{"Effect": "Deny", "Action": runtimeInvokeActions, "Resource": "*"}, false},
		{"Deny but through a VPC endpoint", map[string]any{"Effect": "Deny", "Action": runtimeInvokeActions, "Resource": "*",
			"Condition": sourceVpce("StringNotEquals", vpceID)}, false},
		{"the front door", allow("execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/invocations", nil), false},
		{"other SageMaker actions", allow([]any{"sagemaker:DescribeEndpoint", "sagemaker:InvokeEndpointsFoo"}, endpointArn, nil), false},
		{"other invoke actions", allow([]any{"lambda:InvokeFunction", "bedrock:InvokeModel"}, "*", nil), false},
		{"everything on a bucket", allow("*", "arn:aws:s3:::models/*", nil), false},
		{"sagemaker:* on models", allow("sagemaker:*", "arn:aws:sagemaker:us-east-1:123456789012:model/*", nil), false},
		{"NotAction that excludes the runtime", map[string]any{"Effect": "Allow", "NotAction": []any{"sagemaker:Invoke*", "iam:*"}, "Resource": endpointArn}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := Evaluate(one("dev", res(iamRolePolicyType, "p", map[string]any{"policy": doc(tt.statement)})), []Rule{rule})
			if got := len(vs) > 0; got != tt.violates {
				t.Errorf("violates = %v, want %v: %s", got, tt.violates, Table(vs))
			}
			for _, v := range vs {
				if v.Level != Mandatory || !strings.Contains(v.Message, "aws:SourceVpce") {
					t.Errorf("violation %+v", v)
				}
			}
		})
	}
}

// TestSageMakerRuntimeRuleTypes: every kind of identity-based policy is
// inspected, a role's inline policies one by one.
func TestSageMakerRuntimeRuleTypes(t *testing.T) {
	rule := ruleByID(t, runtimeRule)
	bad := doc(allow("sagemaker:InvokeEndpoint", endpointArn, nil))
	good := doc(allow("sagemaker:InvokeEndpoint", endpointArn, sourceVpce("StringEquals", vpceID)))
	for _, typ := range []string{iamRolePolicyType, iamPolicyType, iamUserPolicyType, iamGroupPolicyType} {
		if vs := Evaluate(one("dev", res(typ, "p", map[string]any{"policy": bad})), []Rule{rule}); len(vs) != 1 {
			t.Errorf("%s: %s", typ, Table(vs))
		}
		if vs := Evaluate(one("dev", res(typ, "p", map[string]any{"policy": good})), []Rule{rule}); len(vs) != 0 {
			t.Errorf("%s: %s", typ, Table(vs))
		}
	}
	role := res(iamRoleType, "r", map[string]any{"inlinePolicies": []any{
		map[string]any{"name": "good", "policy": good},
		map[string]any{"name": "bad", "policy": bad},
	}})
	vs := Evaluate(one("dev", role), []Rule{rule})
	if len(vs) != 1 || vs[0].URN != role.URN || !strings.Contains(vs[0].Message, `statement "S" allows sagemaker:InvokeEndpoint without an aws:SourceVpce condition`) {
		t.Errorf("role inline policies: %s", Table(vs))
	}
	// Every runtime action a NotAction leaves is named.
	vs = Evaluate(one("dev", res(iamPolicyType, "p", map[string]any{"policy": doc(map[string]any{"Sid": "N", "Effect": "Allow", "NotAction": "sagemaker:InvokeEndpointAsync", "Resource": "*"})})), []Rule{rule})
	if len(vs) != 1 || !strings.Contains(vs[0].Message, "sagemaker:InvokeEndpoint (NotAction") || strings.Contains(vs[0].Message, "sagemaker:InvokeEndpointAsync (") {
		t.Errorf("NotAction: %s", Table(vs))
	}
}

// TestSageMakerRuntimeRuleUnknowns: what a preview cannot know yet is
// not a violation, and does not crash the rule.
func TestSageMakerRuntimeRuleUnknowns(t *testing.T) {
	rule := ruleByID(t, runtimeRule)
	stacks := []*Stack{
		one("prod", &Resource{URN: "urn:p", Type: iamRolePolicyType, Props: resource.PropertyMap{"policy": unknown}}),
		one("prod", &Resource{URN: "urn:m", Type: iamPolicyType, Props: resource.PropertyMap{"policy": resource.MakeSecret(unknown)}}),
		one("prod", &Resource{URN: "urn:r", Type: iamRoleType, Props: resource.PropertyMap{"inlinePolicies": unknown}}),
		one("prod", &Resource{URN: "urn:i", Type: iamRoleType, Props: resource.PropertyMap{"inlinePolicies": resource.NewProperty([]resource.PropertyValue{
			resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("p"), "policy": unknown})})}}),
		one("prod", &Resource{URN: "urn:n", Type: iamRolePolicyType, Props: resource.PropertyMap{}}),
		one("prod", res(iamRolePolicyType, "junk", map[string]any{"policy": "not a document"})),
	}
	for i, s := range stacks {
		if vs := Evaluate(s, []Rule{rule}); len(vs) != 0 {
			t.Errorf("stack %d: %s", i, Table(vs))
		}
	}
}

func TestEndpointPattern(t *testing.T) {
	may := []string{"*", "arn:*", "arn:aws:*", "arn:aws:sage*", "arn:aws:sagemaker:*", "arn:aws:sagemaker:us-east-1:*",
		endpointArn, "arn:aws:sagemaker:*:*:endpoint/*", "arn:aws:sagemaker:*:*:*", "arn:aws:sagemaker:us-east-1:123456789012:end*",
		"arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:endpoint/x", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/deep*"}
	mayNot := []string{"arn:aws:s3:::models/*", "arn:aws:s3*", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*",
		"arn:aws:sagemaker:*:*:model/*", "arn:aws:sagemaker:us-east-1:123456789012:inference-component/x", "models", "arn:aws:sagemaker:us-east-1:123456789012"}
	for _, p := range may {
		if !endpointPattern(p) {
			t.Errorf("%s may name an endpoint", p)
		}
	}
	for _, p := range mayNot {
		if endpointPattern(p) {
			t.Errorf("%s names no endpoint", p)
		}
	}
}

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true}, {"*", "sagemaker:invokeendpoint", true}, {"sagemaker:*", "sagemaker:invokeendpoint", true},
		{"sagemaker:invoke*", "sagemaker:invokeendpointasync", true}, {"s*:*endpoint", "sagemaker:invokeendpoint", true},
		{"sagemaker:invoke?ndpoint", "sagemaker:invokeendpoint", true}, {"sagemaker:invokeendpoint", "sagemaker:invokeendpointasync", false},
		{"sagemaker:describe*", "sagemaker:invokeendpoint", false}, {"?", "", false}, {"a*b*c", "abxbc", true}, {"a*b*c", "abxbd", false},
	} {
		if got := globMatch(c.pattern, c.s); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v", c.pattern, c.s, got)
		}
	}
	if !slices.Equal(runtimeInvokeActions, []string{"sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:InvokeEndpointWithResponseStream"}) {
		t.Errorf("runtime actions %v", runtimeInvokeActions)
	}
}
