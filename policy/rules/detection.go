package rules

import (
	"fmt"
	"slices"
)

// Resource types the detection rules look at.
const (
	guardDutyDetectorType = "aws:guardduty/detector:Detector"
	securityHubStdType    = "aws:securityhub/standardsSubscription:StandardsSubscription"
	configRecorderType    = "aws:cfg/recorder:Recorder"
	configStatusType      = "aws:cfg/recorderStatus:RecorderStatus"
	configRuleType        = "aws:cfg/rule:Rule"
)

const (
	guardDutyRegionsDocs   = "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_regions.html"
	securityHubRegionsDocs = "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-regions.html"
	configRegionsDocs      = "https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html"
	insightsDocs           = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html"
)

// detectionRules check that threat detection runs where the stack keeps
// data: each region that holds a bucket or a VPC of the stack. A service
// the organization owns counts when the stack's AWS Config checks it at
// run time (GUARDDUTY_ENABLED_CENTRALIZED, SECURITYHUB_ENABLED): the
// organization's setup is then watched, not assumed.
var detectionRules = []Rule{
	{
		ID:          "guardduty-every-region",
		Description: "In prod, every region that holds the stack's buckets or VPCs has a GuardDuty detector of the stack, or an AWS Config rule GUARDDUTY_ENABLED_CENTRALIZED that checks the organization's.",
		Anchors:     []string{guardDutyRegionsDocs, "CKV2_AWS_3"},
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			return eachDataRegion(s, "GuardDuty", func(region string) bool {
				return inRegion(s, guardDutyDetectorType, region) || hasConfigRule(s, region, "GUARDDUTY_ENABLED_CENTRALIZED")
			})
		},
	},
	{
		ID:          "security-hub-every-region",
		Description: "In prod, every region that holds the stack's buckets or VPCs subscribes Security Hub to a standard, or has an AWS Config rule SECURITYHUB_ENABLED that checks the organization's hub.",
		Anchors:     []string{securityHubRegionsDocs},
		Level:       Advisory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			return eachDataRegion(s, "Security Hub", func(region string) bool {
				return inRegion(s, securityHubStdType, region) || hasConfigRule(s, region, "SECURITYHUB_ENABLED")
			})
		},
	},
	{
		ID:          "config-recording-every-region",
		Description: "In prod, every region that holds the stack's buckets or VPCs has an AWS Config recorder that records, so that drift after deployment is caught.",
		Anchors:     []string{configRegionsDocs, "CKV_AWS_121"},
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			return eachDataRegion(s, "AWS Config", func(region string) bool {
				if !inRegion(s, configRecorderType, region) {
					return false
				}
				for _, st := range s.OfType(configStatusType) {
					if on, known := st.Bool("isEnabled"); st.Region == region && (!known || on) {
						return true
					}
				}
				return false
			})
		},
	},
	{
		ID:          "cloudtrail-insights",
		Description: "CloudTrail trails record Insights events on API call rates and API error rates (ApiCallRateInsight, ApiErrorRateInsight), so that unusual activity is seen.",
		Anchors:     []string{insightsDocs},
		Level:       Advisory,
		Types:       []string{trailType},
		CheckResource: func(r *Resource) []string {
			v, known := r.Get("insightSelectors")
			if !known {
				return nil
			}
			var got []string
			if v.IsArray() {
				for _, e := range v.ArrayValue() {
					if !e.IsObject() {
						continue
					}
					t, ok := e.ObjectValue()["insightType"]
					if ok && t.IsComputed() {
						return nil
					}
					if ok && t.IsString() {
						got = append(got, t.StringValue())
					}
				}
			}
			var out []string
			for _, want := range []string{"ApiCallRateInsight", "ApiErrorRateInsight"} {
				if !slices.Contains(got, want) {
					out = append(out, fmt.Sprintf("the trail records no %s events", want))
				}
			}
			return out
		},
	},
}

// eachDataRegion reports each region that holds a bucket or a VPC of the
// stack and where covered is false; resources whose region is not known
// are left out.
func eachDataRegion(s *Stack, service string, covered func(region string) bool) []Violation {
	var out []Violation
	seen := map[string]bool{}
	for _, typ := range []string{BucketType, vpcType} {
		for _, r := range s.OfType(typ) {
			if r.Region == "" || seen[r.Region] {
				continue
			}
			seen[r.Region] = true
			if !covered(r.Region) {
				out = append(out, Violation{URN: r.URN, Message: fmt.Sprintf("%s does not run in %s, where the stack keeps data (%s): nothing watches this region", service, r.Region, r.Name)})
			}
		}
	}
	return out
}

// inRegion reports whether the stack has a resource of type typ in region.
func inRegion(s *Stack, typ, region string) bool {
	return slices.ContainsFunc(s.OfType(typ), func(r *Resource) bool { return r.Region == region })
}

// hasConfigRule reports whether the stack has the AWS managed Config rule
// identifier in region (an identifier not known yet counts).
func hasConfigRule(s *Stack, region, identifier string) bool {
	for _, r := range s.OfType(configRuleType) {
		if r.Region != region {
			continue
		}
		if id, known := r.Str("source.sourceIdentifier"); !known || id == identifier {
			return true
		}
	}
	return false
}
