package rules

import (
	"fmt"
	"strings"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

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
