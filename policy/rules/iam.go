package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

// iamPolicyTypes are the resources that hold identity-based policy
// documents: role, user and group policies, managed policies, and roles'
// inline policies.
var iamPolicyTypes = []string{iamRolePolicyType, iamPolicyType, iamUserPolicyType, iamGroupPolicyType, iamRoleType}

// runtimeInvokeActions are the SageMaker runtime's invoke actions.
var runtimeInvokeActions = []string{"sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:InvokeEndpointWithResponseStream"}

// runtimeVpcEndpointDocs is AWS's page on reaching the SageMaker runtime
// through interface VPC endpoints, and on limiting callers to them with
// aws:SourceVpce.
const runtimeVpcEndpointDocs = "https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html"

var iamRules = []Rule{
	{
		ID:          "iam-no-wildcard-admin",
		Description: "No IAM policy statement allows a wildcard action on a wildcard resource.",
		Anchors:     []string{"CKV_AWS_62", "CKV_AWS_63", "AwsSolutions-IAM5", "tfsec:aws-iam-no-policy-wildcards"},
		Level:       Mandatory,
		Types:       iamPolicyTypes,
		CheckResource: func(r *Resource) []string {
			var out []string
			for _, p := range policyDocs(r) {
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
	{
		ID:          "sagemaker-runtime-through-vpc-endpoint",
		Description: "No IAM policy statement allows invoking SageMaker endpoints (sagemaker:InvokeEndpoint, InvokeEndpointAsync, InvokeEndpointWithResponseStream, or a wildcard covering them) without an aws:SourceVpce condition naming the runtime's VPC endpoints.",
		Anchors:     []string{runtimeVpcEndpointDocs},
		Level:       Mandatory,
		Types:       iamPolicyTypes,
		CheckResource: func(r *Resource) []string {
			var out []string
			for _, p := range policyDocs(r) {
				for _, st := range p.Statement {
					if st.Effect != "Allow" || !mayNameEndpoint(st) || throughVpcEndpoint(st) {
						continue
					}
					if by := allowsRuntime(st); by != "" {
						out = append(out, fmt.Sprintf("statement %q allows %s without an aws:SourceVpce condition naming the SageMaker runtime's VPC endpoints; callers go through the front door, and a service role through a VPC endpoint", st.Sid, by))
					}
				}
			}
			return out
		},
	},
}

// policyDocs parses the policy documents of an IAM resource: its policy,
// or a role's inline policies. Unknown documents are left out.
func policyDocs(r *Resource) []*iampolicy.Policy {
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
	return docs
}

// allowsRuntime says how a statement's actions cover a runtime invoke
// action ("sagemaker:Invoke*"; "everything but ..." for NotAction), or ""
// when they cover none. Actions match case-insensitively, with IAM's '*'
// and '?' wildcards.
func allowsRuntime(st iampolicy.Statement) string {
	var by []string
	for _, a := range st.Action {
		for _, ra := range runtimeInvokeActions {
			if globMatch(strings.ToLower(a), strings.ToLower(ra)) {
				by = append(by, a)
				break
			}
		}
	}
	if len(st.NotAction) > 0 {
		for _, ra := range runtimeInvokeActions {
			excluded := false
			for _, na := range st.NotAction {
				excluded = excluded || globMatch(strings.ToLower(na), strings.ToLower(ra))
			}
			if !excluded {
				by = append(by, ra+" (NotAction "+strings.Join(st.NotAction, ", ")+")")
			}
		}
	}
	return strings.Join(by, ", ")
}

// mayNameEndpoint reports whether a statement's resources may name a
// SageMaker endpoint: "*", an ARN pattern whose service and resource could
// be sagemaker and endpoint/..., or a wildcard that spans them. NotResource
// is taken to name one.
func mayNameEndpoint(st iampolicy.Statement) bool {
	if len(st.NotResource) > 0 {
		return true
	}
	for _, res := range st.Resource {
		if endpointPattern(res) {
			return true
		}
	}
	return false
}

// endpointPattern reports whether an ARN pattern may match an endpoint's
// ARN, arn:PARTITION:sagemaker:REGION:ACCOUNT:endpoint/NAME, which has
// exactly five ':'. A pattern with five lines up with it part by part; one
// with fewer has a wildcard that spans a ':', after which anything may
// follow.
func endpointPattern(res string) bool {
	parts := strings.SplitN(res, ":", 6)
	spans := len(parts) < 6
	for i, part := range parts {
		lit, wild := part, false
		if w := strings.IndexAny(part, "*?"); w >= 0 {
			lit, wild = part[:w], true
		}
		switch want := [...]string{"arn", "", "sagemaker", "", "", "endpoint/"}[i]; {
		case want == "":
		case wild && !strings.HasPrefix(want, strings.ToLower(lit)) && !(i == 5 && strings.HasPrefix(lit, want)):
			return false
		case !wild && i < 5 && !strings.EqualFold(part, want), !wild && i == 5 && !strings.HasPrefix(part, want):
			return false
		}
		if wild && spans {
			return true
		}
	}
	return !spans
}

var vpcEndpointID = regexp.MustCompile(`(?i)^vpce-[0-9a-f]+$`)

// throughVpcEndpoint reports whether a statement applies only to requests
// through named VPC endpoints: a StringEquals, StringEqualsIgnoreCase or
// StringLike condition (alone or ForAnyValue) on aws:SourceVpce whose
// values are all VPC endpoint IDs, no wildcards. IfExists and ForAllValues
// are not enough: both hold when the key is absent, as it is for requests
// that come through no VPC endpoint.
func throughVpcEndpoint(st iampolicy.Statement) bool {
	for op, keys := range st.Condition {
		base := strings.ToLower(op)
		base = strings.TrimPrefix(base, "foranyvalue:")
		switch base {
		case "stringequals", "stringequalsignorecase", "stringlike":
		default:
			continue
		}
		for k, values := range keys {
			if !strings.EqualFold(k, "aws:SourceVpce") || len(values) == 0 {
				continue
			}
			named := true
			for _, v := range values {
				named = named && vpcEndpointID.MatchString(v)
			}
			if named {
				return true
			}
		}
	}
	return false
}

// globMatch matches s against an IAM pattern, where '*' is any run of
// characters and '?' any one character.
func globMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
