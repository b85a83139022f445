package rules

// All returns every rule, in a stable order.
func All() []Rule {
	var out []Rule
	for _, group := range [][]Rule{s3Rules, kmsRules, networkRules, servingRules, auditRules, iamRules, protectionRules, tencentRules, tencentServingRules, databaseRules, faultInjectionRules, alarmRules, shieldRules, detectionRules} {
		out = append(out, group...)
	}
	return out
}
