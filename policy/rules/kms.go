package rules

import (
	"fmt"
	"strings"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

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
