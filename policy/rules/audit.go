package rules

import "strings"

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
		Description: "Shield protections are associated with a Route 53 health check, for health-based DDoS detection (except those of hosted zones, which Shield's health-based detection does not support).",
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, p := range s.OfType(shieldProtectionType) {
				if arn, _ := p.Str("resourceArn"); strings.Contains(arn, ":hostedzone/") {
					continue // https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-health-checks.html
				}
				if len(s.Referring(p, shieldHealthCheckType, "shieldProtectionId")) == 0 {
					out = append(out, Violation{URN: p.URN, Message: "the protection has no health check association"})
				}
			}
			return out
		},
	},
}
