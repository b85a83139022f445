package webacl

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Names of the rules an ACL writes itself.
const (
	RuleRateLimit = "rate-limit-per-client-ip"
	RuleBodySize  = "max-body-size"
)

// priorities orders the rules: IP lists first, then the rate and size
// limits, then the rule sets that read the request.
var priorities = map[string]int{
	"AWSManagedRulesAmazonIpReputationList": 10,
	"AWSManagedRulesAnonymousIpList":        20,
	RuleRateLimit:                           30,
	RuleBodySize:                            40,
	"AWSManagedRulesCommonRuleSet":          50,
	"AWSManagedRulesKnownBadInputsRuleSet":  60,
}

// alwaysCounted are managed rules that an ACL sets to count because a rule
// of its own replaces them.
var alwaysCounted = []string{"SizeRestrictions_BODY"}

// rules are the web ACL's rules, in priority order.
func (a *Args) rules(metric string) wafv2.WebAclRuleArray {
	block := &wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}}
	return wafv2.WebAclRuleArray{
		a.managedRule(metric, ManagedRuleGroups[0]),
		a.managedRule(metric, ManagedRuleGroups[1]),
		&wafv2.WebAclRuleArgs{
			Name:     pulumi.String(RuleRateLimit),
			Priority: pulumi.Int(priorities[RuleRateLimit]),
			Action:   block,
			Statement: &wafv2.WebAclRuleStatementArgs{RateBasedStatement: &wafv2.WebAclRuleStatementRateBasedStatementArgs{
				AggregateKeyType:    pulumi.String("IP"),
				Limit:               pulumi.Int(a.RateLimit),
				EvaluationWindowSec: pulumi.Int(a.RateWindowSeconds),
			}},
			VisibilityConfig: visibility(metric, RuleRateLimit),
		},
		&wafv2.WebAclRuleArgs{
			Name:     pulumi.String(RuleBodySize),
			Priority: pulumi.Int(priorities[RuleBodySize]),
			Action:   block,
			Statement: &wafv2.WebAclRuleStatementArgs{SizeConstraintStatement: &wafv2.WebAclRuleStatementSizeConstraintStatementArgs{
				ComparisonOperator: pulumi.String("GT"),
				Size:               pulumi.Int(a.MaxBodyBytes),
				FieldToMatch: &wafv2.WebAclRuleStatementSizeConstraintStatementFieldToMatchArgs{
					Body: &wafv2.WebAclRuleStatementSizeConstraintStatementFieldToMatchBodyArgs{OversizeHandling: pulumi.String("MATCH")},
				},
				TextTransformations: wafv2.WebAclRuleStatementSizeConstraintStatementTextTransformationArray{
					&wafv2.WebAclRuleStatementSizeConstraintStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("NONE")},
				},
			}},
			VisibilityConfig: visibility(metric, RuleBodySize),
		},
		a.managedRule(metric, ManagedRuleGroups[2]),
		a.managedRule(metric, ManagedRuleGroups[3]),
	}
}

// managedRule applies an AWS managed rule group, with the rules to count
// and, for the anonymous IP list, the health check path left out.
func (a *Args) managedRule(metric string, g ManagedRuleGroup) *wafv2.WebAclRuleArgs {
	counted := slices.Concat(alwaysCounted, a.CountRules)
	var overrides wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArray
	for _, r := range g.Rules {
		if slices.Contains(counted, r) {
			overrides = append(overrides, &wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs{
				Name: pulumi.String(r),
				ActionToUse: &wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs{
					Count: &wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs{},
				},
			})
		}
	}
	stmt := &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
		VendorName: pulumi.String("AWS"),
		Name:       pulumi.String(g.Name),
	}
	if len(overrides) > 0 {
		stmt.RuleActionOverrides = overrides
	}
	if g.Name == "AWSManagedRulesAnonymousIpList" && a.HealthCheckPath != "" {
		stmt.ScopeDownStatement = &wafv2.WebAclRuleStatementManagedRuleGroupStatementScopeDownStatementArgs{
			NotStatement: &wafv2.WebAclRuleStatementManagedRuleGroupStatementScopeDownStatementNotStatementArgs{
				Statements: wafv2.WebAclRuleStatementArray{&wafv2.WebAclRuleStatementArgs{
					ByteMatchStatement: &wafv2.WebAclRuleStatementByteMatchStatementArgs{
						FieldToMatch:         &wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs{UriPath: &wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchUriPathArgs{}},
						PositionalConstraint: pulumi.String("EXACTLY"),
						SearchString:         pulumi.String(a.HealthCheckPath),
						TextTransformations: wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArray{
							&wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("NONE")},
						},
					},
				}},
			},
		}
	}
	return &wafv2.WebAclRuleArgs{
		Name:             pulumi.String(g.Name),
		Priority:         pulumi.Int(priorities[g.Name]),
		OverrideAction:   &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}},
		Statement:        &wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: stmt},
		VisibilityConfig: visibility(metric, g.Name),
	}
}

// associationConfig raises the body WAF inspects when MaxBodyBytes needs
// more than the default 16 KB.
func (a *Args) associationConfig() wafv2.WebAclAssociationConfigPtrInput {
	if a.MaxBodyBytes <= DefaultMaxBodyBytes {
		return nil
	}
	limit := pulumi.String(InspectionLimit(a.MaxBodyBytes))
	body := &wafv2.WebAclAssociationConfigRequestBodyArgs{}
	if a.Scope == CloudFront {
		body.Cloudfronts = wafv2.WebAclAssociationConfigRequestBodyCloudfrontArray{
			&wafv2.WebAclAssociationConfigRequestBodyCloudfrontArgs{DefaultSizeInspectionLimit: limit},
		}
	} else {
		body.ApiGateways = wafv2.WebAclAssociationConfigRequestBodyApiGatewayArray{
			&wafv2.WebAclAssociationConfigRequestBodyApiGatewayArgs{DefaultSizeInspectionLimit: limit},
		}
	}
	return &wafv2.WebAclAssociationConfigArgs{RequestBodies: wafv2.WebAclAssociationConfigRequestBodyArray{body}}
}

// InspectionLimit is the smallest body inspection limit ("KB_16" to
// "KB_64") that covers maxBodyBytes.
func InspectionLimit(maxBodyBytes int) string {
	for _, kb := range []int{16, 32, 48} {
		if maxBodyBytes <= kb*1024 {
			return fmt.Sprintf("KB_%d", kb)
		}
	}
	return "KB_64"
}

func visibility(metric, rule string) *wafv2.WebAclRuleVisibilityConfigArgs {
	return &wafv2.WebAclRuleVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(metric + "-" + rule),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}

var metricUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// metricName makes a CloudWatch metric name of a component name.
func metricName(name string) string {
	return metricUnsafe.ReplaceAllString(name, "_")
}
