// Package webacl provides ACL, an AWS WAFv2 web ACL in front of a model
// endpoint: the AWS managed rule groups for IP reputation, anonymous IP
// addresses, common exploits and known bad inputs, a rate-based rule per
// client IP, a request body size limit suited to model prompts, logging to
// a KMS-encrypted CloudWatch Logs group with the authorization headers
// redacted, and the association to what it guards.
//
// A ACL is REGIONAL by default, for an API Gateway stage or an
// Application Load Balancer. A CLOUDFRONT web ACL must be created through
// a provider in us-east-1 (NewACL checks it before it registers
// anything) and is attached by the distribution, which names its Arn.
//
// The body size rule blocks bodies larger than MaxBodyBytes. Bodies larger
// than what WAF inspects (16 KB for API Gateway and CloudFront unless the
// web ACL raises it, 8 KB for load balancers) are blocked too: the rule
// treats an oversize body as a match. The common rule set's own 8 KB body
// rule (SizeRestrictions_BODY) would reject ordinary prompts, so it only
// counts; the size rule replaces it.
package webacl

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/logretention"
)

// Type is the component's type token.
const Type = "modelfort:aws:WebAcl"

// Scopes of a web ACL.
const (
	// Regional guards API Gateway stages and load balancers in the
	// provider's region.
	Regional = "REGIONAL"
	// CloudFront guards CloudFront distributions; it must be created in
	// us-east-1.
	CloudFront = "CLOUDFRONT"
)

// CloudFrontRegion is the only region where CLOUDFRONT web ACLs are made.
const CloudFrontRegion = "us-east-1"

// Defaults and bounds.
const (
	// DefaultRateLimit is how many requests one client IP may send in a
	// rate window before it is blocked.
	DefaultRateLimit  = 1000
	MinRateLimit      = 10
	MaxRateLimit      = 2_000_000_000
	DefaultRateWindow = 300
	// DefaultMaxBodyBytes (16 KiB, about 4,000 tokens of prompt) is what
	// WAF inspects of a body at no extra charge.
	DefaultMaxBodyBytes = 16 * 1024
	// MaxBodyBytesLimit is the most WAF can inspect (64 KiB).
	MaxBodyBytesLimit       = 64 * 1024
	DefaultLogRetentionDays = 365
	// LogGroupPrefix is the prefix WAF demands of a log group's name.
	LogGroupPrefix = "aws-waf-logs-"
)

// RateWindows are the rate-based rule's evaluation windows, in seconds.
var RateWindows = []int{60, 120, 300, 600}

// LogRetentionDays are the retention periods CloudWatch Logs accepts.
var LogRetentionDays = logretention.Days

// RedactedHeaders are the request headers whose values never reach the
// logs: SigV4 signatures and API keys.
var RedactedHeaders = []string{"authorization", "x-api-key"}

// ManagedRuleGroup is an AWS managed rule group and the rules of it that
// Args.CountRules may name.
type ManagedRuleGroup struct {
	Name  string
	Rules []string
}

// ManagedRuleGroups are the AWS managed rule groups every ACL applies.
var ManagedRuleGroups = []ManagedRuleGroup{
	{"AWSManagedRulesAmazonIpReputationList", []string{"AWSManagedIPReputationList", "AWSManagedReconnaissanceList", "AWSManagedIPDDoSList"}},
	{"AWSManagedRulesAnonymousIpList", []string{"AnonymousIPList", "HostingProviderIPList"}},
	{"AWSManagedRulesCommonRuleSet", []string{
		"NoUserAgent_HEADER", "UserAgent_BadBots_HEADER", "SizeRestrictions_QUERYSTRING", "SizeRestrictions_Cookie_HEADER",
		"SizeRestrictions_BODY", "SizeRestrictions_URIPATH", "EC2MetaDataSSRF_BODY", "EC2MetaDataSSRF_COOKIE",
		"EC2MetaDataSSRF_URIPATH", "EC2MetaDataSSRF_QUERYARGUMENTS", "GenericLFI_QUERYARGUMENTS", "GenericLFI_URIPATH",
		"GenericLFI_BODY", "RestrictedExtensions_URIPATH", "RestrictedExtensions_QUERYARGUMENTS", "GenericRFI_QUERYARGUMENTS",
		"GenericRFI_BODY", "GenericRFI_URIPATH", "CrossSiteScripting_COOKIE", "CrossSiteScripting_QUERYARGUMENTS",
		"CrossSiteScripting_BODY", "CrossSiteScripting_URIPATH",
	}},
	{"AWSManagedRulesKnownBadInputsRuleSet", []string{
		"JavaDeserializationRCE_HEADER", "JavaDeserializationRCE_BODY", "JavaDeserializationRCE_URIPATH", "JavaDeserializationRCE_QUERYSTRING",
		"Host_localhost_HEADER", "PROPFIND_METHOD", "ExploitablePaths_URIPATH", "Log4JRCE_HEADER", "Log4JRCE_QUERYSTRING", "Log4JRCE_BODY", "Log4JRCE_URIPATH",
	}},
}

// Names of the rules ACL writes itself.
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

// alwaysCounted are managed rules that ACL sets to count because a rule
// of its own replaces them.
var alwaysCounted = []string{"SizeRestrictions_BODY"}

// Args configures a ACL. The zero value is a valid, secure REGIONAL web
// ACL (with nothing associated yet).
type Args struct {
	// Scope is REGIONAL or CLOUDFRONT (with a us-east-1 provider).
	// Default: REGIONAL.
	Scope string
	// RateLimit is how many requests a client IP may send within
	// RateWindowSeconds before further requests are blocked: 10 to
	// 2,000,000,000. Default: 1000.
	RateLimit int
	// RateWindowSeconds is the rate-based rule's window: 60, 120, 300 or
	// 600. Default: 300.
	RateWindowSeconds int
	// MaxBodyBytes is the largest request body allowed, 1 to 65536.
	// Default: 16384. Above 16384 the web ACL raises what WAF inspects of
	// API Gateway (REGIONAL) or CloudFront bodies, for a fee.
	MaxBodyBytes int
	// CountRules are rules of the managed rule groups (see
	// ManagedRuleGroups) that only count instead of block, for known
	// false positives, such as HostingProviderIPList for callers that run
	// in a cloud.
	CountRules []string
	// HealthCheckPath is a URI path, such as "/v1/health", whose requests
	// skip the anonymous IP rule group: Route 53 health checkers call from
	// cloud addresses. Every other rule still applies to it.
	HealthCheckPath string
	// Associations are the ARNs of the API Gateway stages or Application
	// Load Balancers the web ACL guards (REGIONAL only; a distribution
	// names a CLOUDFRONT web ACL itself).
	Associations []pulumi.StringInput
	// KMSKeyArn encrypts the log group. Default: a dedicated key usable by
	// CloudWatch Logs for this account only.
	KMSKeyArn pulumi.StringInput
	// LogRetentionDays is how long the logs are kept; one of
	// LogRetentionDays. Default: 365.
	LogRetentionDays int
	// LogGroupName names the log group; it must start with
	// "aws-waf-logs-". Default: "aws-waf-logs-NAME-" and a random suffix.
	LogGroupName string
	// Tags are added to the web ACL, key and log group.
	Tags map[string]string
}

// ACL is a WAFv2 web ACL, its logging and its associations.
type ACL struct {
	pulumi.ResourceState

	// Arn and Id identify the web ACL; a CloudFront distribution takes
	// the Arn as its WebAclId.
	Arn pulumi.StringOutput `pulumi:"arn"`
	Id  pulumi.StringOutput `pulumi:"id"`
	// LogGroupName and LogGroupArn are where WAF logs requests.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	LogGroupArn  pulumi.StringOutput `pulumi:"logGroupArn"`
	// KMSKeyArn encrypts the logs.
	KMSKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// Scope and Region are where the web ACL acts; MaxBodyBytes the body
	// limit in force.
	Scope        string
	Region       string
	MaxBodyBytes int

	// Acl is the web ACL; LogGroup its log group; Key the key it created
	// (nil when KMSKeyArn was given).
	Acl      *wafv2.WebAcl
	LogGroup *cloudwatch.LogGroup
	Key      *kmskey.Key
}

var (
	logGroupName = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]{1,512}$`)
	stageArn     = regexp.MustCompile(`^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::/restapis/[^/]+/stages/[^/]+$`)
	albArn       = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:loadbalancer/app/[^/]+/[^/]+$`)
	uriPath      = regexp.MustCompile(`^/[^\s?#]*$`)
)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if err := kmskey.CheckArn("KMSKeyArn", a.KMSKeyArn); err != nil {
		return fmt.Errorf("webacl %s: %w", name, err)
	}
	if a.Scope == "" {
		a.Scope = Regional
	}
	if a.Scope != Regional && a.Scope != CloudFront {
		return fmt.Errorf("webacl %s: Scope is %q; allowed values are %s and %s", name, a.Scope, Regional, CloudFront)
	}
	if a.RateLimit == 0 {
		a.RateLimit = DefaultRateLimit
	}
	if a.RateLimit < MinRateLimit || a.RateLimit > MaxRateLimit {
		return fmt.Errorf("webacl %s: RateLimit is %d; allowed values are %d to %d (0 means %d)", name, a.RateLimit, MinRateLimit, MaxRateLimit, DefaultRateLimit)
	}
	if a.RateWindowSeconds == 0 {
		a.RateWindowSeconds = DefaultRateWindow
	}
	if !slices.Contains(RateWindows, a.RateWindowSeconds) {
		return fmt.Errorf("webacl %s: RateWindowSeconds is %d; allowed values are %v", name, a.RateWindowSeconds, RateWindows)
	}
	if a.MaxBodyBytes == 0 {
		a.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if a.MaxBodyBytes < 1 || a.MaxBodyBytes > MaxBodyBytesLimit {
		return fmt.Errorf("webacl %s: MaxBodyBytes is %d; allowed values are 1 to %d (0 means %d)", name, a.MaxBodyBytes, MaxBodyBytesLimit, DefaultMaxBodyBytes)
	}
	var known []string
	for _, g := range ManagedRuleGroups {
		known = append(known, g.Rules...)
	}
	seen := map[string]bool{}
	for _, r := range a.CountRules {
		if !slices.Contains(known, r) {
			return fmt.Errorf("webacl %s: CountRules has %q; allowed values are the rules of the managed rule groups: %s", name, r, strings.Join(known, ", "))
		}
		if seen[r] {
			return fmt.Errorf("webacl %s: CountRules has %q twice", name, r)
		}
		seen[r] = true
	}
	if a.HealthCheckPath != "" && !uriPath.MatchString(a.HealthCheckPath) {
		return fmt.Errorf("webacl %s: HealthCheckPath %q is not a URI path; give one such as /v1/health", name, a.HealthCheckPath)
	}
	if a.Scope == CloudFront && len(a.Associations) > 0 {
		return fmt.Errorf("webacl %s: Associations are for REGIONAL web ACLs; a CloudFront distribution takes a CLOUDFRONT web ACL's Arn as its WebAclId", name)
	}
	for i, arn := range a.Associations {
		if arn == nil {
			return fmt.Errorf("webacl %s: Associations[%d] is nil", name, i)
		}
		if s, ok := arn.(pulumi.String); ok && !stageArn.MatchString(string(s)) && !albArn.MatchString(string(s)) {
			return fmt.Errorf("webacl %s: Associations[%d] is %q; allowed values are API Gateway stage ARNs (arn:aws:apigateway:REGION::/restapis/ID/stages/NAME) and Application Load Balancer ARNs", name, i, string(s))
		}
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if !slices.Contains(LogRetentionDays, a.LogRetentionDays) {
		return fmt.Errorf("webacl %s: LogRetentionDays is %d; allowed values are %v", name, a.LogRetentionDays, LogRetentionDays)
	}
	switch {
	case a.LogGroupName != "" && (!strings.HasPrefix(a.LogGroupName, LogGroupPrefix) || !logGroupName.MatchString(a.LogGroupName)):
		return fmt.Errorf("webacl %s: LogGroupName %q is not allowed; WAF logs only to log groups whose name starts with %s (then letters, digits, '.', '-', '_', '/', '#')", name, a.LogGroupName, LogGroupPrefix)
	case a.LogGroupName == "" && !logGroupName.MatchString(LogGroupPrefix+name+"-abcdefg"):
		return fmt.Errorf("webacl %s: the log group is named after the component, whose name may then only hold letters, digits, '.', '-', '_', '/' and '#'; give LogGroupName", name)
	}
	return nil
}

// checkRegion checks what depends on the provider's region.
func (a *Args) checkRegion(name, region string) error {
	if a.Scope == CloudFront && region != CloudFrontRegion {
		return fmt.Errorf("webacl %s: Scope is CLOUDFRONT but the provider acts in %s; CLOUDFRONT web ACLs exist only in %s: pass pulumi.Provider with a us-east-1 provider", name, region, CloudFrontRegion)
	}
	for i, arn := range a.Associations {
		s, ok := arn.(pulumi.String)
		if !ok {
			continue
		}
		m := stageArn.FindStringSubmatch(string(s))
		if m == nil {
			m = albArn.FindStringSubmatch(string(s))
		}
		if m != nil && m[1] != region {
			return fmt.Errorf("webacl %s: Associations[%d] is in %s but the web ACL is in %s; a REGIONAL web ACL guards resources of its own region", name, i, m[1], region)
		}
	}
	return nil
}

// Validate checks args as NewACL does, without registering anything,
// for components that create a ACL after resources of their own. It
// checks what it can without a provider: the CLOUDFRONT scope's region is
// for the caller to check (see CloudFrontRegion).
func Validate(name string, args *Args) error {
	a := Args{}
	if args != nil {
		a = *args
	}
	return a.validate(name)
}

// NewACL creates a web ACL. Args are checked before anything is
// registered, the CLOUDFRONT scope's region too. Resource options
// (provider, protect, aliases, ...) apply to the component and through it
// to the web ACL, its key and log group, and the associations.
func NewACL(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*ACL, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("webacl %s: %w", name, err)
	}
	if err := a.checkRegion(name, env.Region); err != nil {
		return nil, err
	}

	w := &ACL{Scope: a.Scope, Region: env.Region, MaxBodyBytes: a.MaxBodyBytes}
	if err := ctx.RegisterComponentResource(Type, name, w, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(w)
	tags := pulumi.ToStringMap(a.Tags)

	keyArn := a.KMSKeyArn
	if keyArn == nil {
		if w.Key, err = kmskey.NewKey(ctx, name, &kmskey.Args{
			Description:       "modelfort WAF logs " + name,
			ServicePrincipals: []string{"logs"},
			Tags:              a.Tags,
		}, in); err != nil {
			return nil, err
		}
		keyArn = w.Key.Arn
	}
	logArgs := &cloudwatch.LogGroupArgs{
		KmsKeyId:        keyArn,
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            tags,
	}
	if a.LogGroupName != "" {
		logArgs.Name = pulumi.String(a.LogGroupName)
	}
	// Without a name, the log group is autonamed after its logical name,
	// which carries the prefix WAF demands.
	if w.LogGroup, err = cloudwatch.NewLogGroup(ctx, LogGroupPrefix+name, logArgs, in); err != nil {
		return nil, err
	}

	metric := metricName(name)
	w.Acl, err = wafv2.NewWebAcl(ctx, name, &wafv2.WebAclArgs{
		Description:       pulumi.String("modelfort web ACL " + name),
		Scope:             pulumi.String(a.Scope),
		DefaultAction:     &wafv2.WebAclDefaultActionArgs{Allow: &wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:             a.rules(metric),
		AssociationConfig: a.associationConfig(),
		VisibilityConfig: &wafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			MetricName:               pulumi.String(metric),
			SampledRequestsEnabled:   pulumi.Bool(true),
		},
		Tags: tags,
	}, in)
	if err != nil {
		return nil, err
	}
	var redacted wafv2.WebAclLoggingConfigurationRedactedFieldArray
	for _, h := range RedactedHeaders {
		redacted = append(redacted, &wafv2.WebAclLoggingConfigurationRedactedFieldArgs{
			SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String(h)},
		})
	}
	if _, err := wafv2.NewWebAclLoggingConfiguration(ctx, name, &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           w.Acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{w.LogGroup.Arn},
		RedactedFields:        redacted,
	}, in); err != nil {
		return nil, err
	}
	for i, target := range a.Associations {
		if _, err := wafv2.NewWebAclAssociation(ctx, fmt.Sprintf("%s-%d", name, i), &wafv2.WebAclAssociationArgs{
			WebAclArn:   w.Acl.Arn,
			ResourceArn: target,
		}, in); err != nil {
			return nil, err
		}
	}

	w.Arn, w.Id = w.Acl.Arn, w.Acl.ID().ToStringOutput()
	w.LogGroupName, w.LogGroupArn = w.LogGroup.Name, w.LogGroup.Arn
	w.KMSKeyArn = keyArn.ToStringOutput()
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{
		"arn": w.Arn, "id": w.Id, "logGroupName": w.LogGroupName, "logGroupArn": w.LogGroupArn, "kmsKeyArn": w.KMSKeyArn,
	})
}

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
