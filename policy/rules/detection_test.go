package rules

// In a region.
func (r *Resource) in(region string) *Resource { r.Region = region; return r }

// detectedVPC is a prod stack with a compliant VPC in us-east-1 and the
// detection services given, each in us-east-1 unless moved.
func detectedVPC(services ...*Resource) *Stack {
	rs := []*Resource{vpc().in("us-east-1"), closedDefaultSG().in("us-east-1"), allFlowLog().in("us-east-1")}
	return one("prod", append(rs, services...)...)
}

func detector() *Resource {
	return res(guardDutyDetectorType, "detection", map[string]any{"enable": true}).in("us-east-1")
}

func hubStandard() *Resource {
	return res(securityHubStdType, "detection-fsbp", map[string]any{
		"standardsArn": "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
	}).in("us-east-1")
}

func recorder() []*Resource {
	return []*Resource{
		res(configRecorderType, "detection", map[string]any{"name": "detection"}).in("us-east-1"),
		res(configStatusType, "detection", map[string]any{"name": "detection", "isEnabled": true}).in("us-east-1"),
	}
}

func configRule(identifier string) *Resource {
	return res(configRuleType, "detection-"+identifier, map[string]any{"source": map[string]any{"owner": "AWS", "sourceIdentifier": identifier}}).in("us-east-1")
}

func trail(insights ...string) *Resource {
	var selectors []any
	for _, i := range insights {
		selectors = append(selectors, map[string]any{"insightType": i})
	}
	return res(trailType, "audit", map[string]any{
		"isMultiRegionTrail": true, "enableLogFileValidation": true, "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k",
		"cloudWatchLogsGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:trail", "insightSelectors": selectors,
	})
}

func init() {
	all := append(recorder(), detector(), hubStandard())
	cases["guardduty-every-region"] = struct{ pass, fail *Stack }{
		// The organization's detector, checked by AWS Config, counts.
		detectedVPC(append(recorder(), hubStandard(), configRule("GUARDDUTY_ENABLED_CENTRALIZED"))...),
		// A detector of another region does not.
		detectedVPC(append(recorder(), hubStandard(), detector().in("us-west-2"))...),
	}
	cases["security-hub-every-region"] = struct{ pass, fail *Stack }{
		detectedVPC(append(recorder(), detector(), configRule("SECURITYHUB_ENABLED"))...),
		detectedVPC(append(recorder(), detector())...),
	}
	stopped := recorder()
	stopped[1] = res(configStatusType, "detection", map[string]any{"name": "detection", "isEnabled": false}).in("us-east-1")
	cases["config-recording-every-region"] = struct{ pass, fail *Stack }{
		detectedVPC(all...),
		// A recorder that does not record.
		detectedVPC(append(stopped, detector(), hubStandard())...),
	}
	cases["cloudtrail-insights"] = struct{ pass, fail *Stack }{
		one("dev", trail("ApiCallRateInsight", "ApiErrorRateInsight")),
		one("dev", trail("ApiCallRateInsight")),
	}
}
