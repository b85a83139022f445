package webacl

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/logretention"
	"github.com/modelfort/modelfort/internal/verify"
)

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

// ManagedRuleGroup is an AWS managed rule group and the rules of it that
// Args.CountRules may name.
type ManagedRuleGroup struct {
	Name  string
	Rules []string
}

// ManagedRuleGroups are the AWS managed rule groups every ACL applies;
// their rules are the allowed values of Args.CountRules.
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

// Args configures an ACL. The zero value is a valid, secure REGIONAL web
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
	// in a cloud. Each once. Default: none.
	CountRules []string
	// HealthCheckPath is a URI path, such as "/v1/health", whose requests
	// skip the anonymous IP rule group: Route 53 health checkers call from
	// cloud addresses. Every other rule still applies to it. Default: none.
	HealthCheckPath string
	// Associations are the ARNs of the API Gateway stages or Application
	// Load Balancers the web ACL guards, in its region (REGIONAL only; a
	// distribution names a CLOUDFRONT web ACL itself). Default: none.
	Associations []pulumi.StringInput
	// KMSKeyArn encrypts the log group: a KMS key ARN. Default: a
	// dedicated key usable by CloudWatch Logs for this account only.
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

const pkg = "webacl"

var (
	logGroupName = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]{1,512}$`)
	stageArn     = regexp.MustCompile(`^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::/restapis/[^/]+/stages/[^/]+$`)
	uriPath      = regexp.MustCompile(`^/[^\s?#]*$`)
)

// Validate checks a and fills in its defaults, as NewACL does; name is
// the component's. It checks what it can without a provider: the
// CLOUDFRONT scope's region, and the associations', are checked by NewACL.
func (a *Args) Validate(name string) error {
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	if a.Scope == "" {
		a.Scope = Regional
	}
	if a.Scope != Regional && a.Scope != CloudFront {
		return fmt.Errorf("Scope is %q; allowed values are %s and %s", a.Scope, Regional, CloudFront)
	}
	if a.RateLimit == 0 {
		a.RateLimit = DefaultRateLimit
	}
	if err := verify.Between("RateLimit", a.RateLimit, MinRateLimit, MaxRateLimit, DefaultRateLimit); err != nil {
		return err
	}
	if a.RateWindowSeconds == 0 {
		a.RateWindowSeconds = DefaultRateWindow
	}
	if !slices.Contains(RateWindows, a.RateWindowSeconds) {
		return fmt.Errorf("RateWindowSeconds is %d; allowed values are %v", a.RateWindowSeconds, RateWindows)
	}
	if a.MaxBodyBytes == 0 {
		a.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if err := verify.Between("MaxBodyBytes", a.MaxBodyBytes, 1, MaxBodyBytesLimit, DefaultMaxBodyBytes); err != nil {
		return err
	}
	if err := a.checkCountRules(); err != nil {
		return err
	}
	if a.HealthCheckPath != "" && !uriPath.MatchString(a.HealthCheckPath) {
		return fmt.Errorf("HealthCheckPath %q is not a URI path; give one such as /v1/health", a.HealthCheckPath)
	}
	if a.Scope == CloudFront && len(a.Associations) > 0 {
		return fmt.Errorf("Associations are for REGIONAL web ACLs; a CloudFront distribution takes a CLOUDFRONT web ACL's Arn as its WebAclId")
	}
	for i, arn := range a.Associations {
		if arn == nil {
			return fmt.Errorf("Associations[%d] is nil", i)
		}
		if s, ok := arn.(pulumi.String); ok && associationRegion(string(s)) == "" {
			return fmt.Errorf("Associations[%d] is %q; allowed values are API Gateway stage ARNs (arn:aws:apigateway:REGION::/restapis/ID/stages/NAME) and Application Load Balancer ARNs", i, string(s))
		}
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if err := loggroup.CheckRetention("LogRetentionDays", a.LogRetentionDays); err != nil {
		return err
	}
	switch {
	case a.LogGroupName != "" && (!strings.HasPrefix(a.LogGroupName, LogGroupPrefix) || !logGroupName.MatchString(a.LogGroupName)):
		return fmt.Errorf("LogGroupName %q is not allowed; WAF logs only to log groups whose name starts with %s (then letters, digits, '.', '-', '_', '/', '#')", a.LogGroupName, LogGroupPrefix)
	case a.LogGroupName == "" && !logGroupName.MatchString(LogGroupPrefix+name+"-abcdefg"):
		return fmt.Errorf("the log group is named after the component, whose name may then only hold letters, digits, '.', '-', '_', '/' and '#'; give LogGroupName")
	}
	return nil
}

// checkCountRules checks that CountRules names rules of the managed rule
// groups, each once.
func (a *Args) checkCountRules() error {
	var known []string
	for _, g := range ManagedRuleGroups {
		known = append(known, g.Rules...)
	}
	for i, r := range a.CountRules {
		if !slices.Contains(known, r) {
			return fmt.Errorf("CountRules has %q; allowed values are the rules of the managed rule groups: %s", r, strings.Join(known, ", "))
		}
		if slices.Index(a.CountRules, r) != i {
			return fmt.Errorf("CountRules has %q twice", r)
		}
	}
	return nil
}

// checkRegion checks what depends on the provider's region.
func (a *Args) checkRegion(region string) error {
	if a.Scope == CloudFront && region != CloudFrontRegion {
		return fmt.Errorf("Scope is CLOUDFRONT but the provider acts in %s; CLOUDFRONT web ACLs exist only in %s: pass pulumi.Provider with a us-east-1 provider", region, CloudFrontRegion)
	}
	for i, arn := range a.Associations {
		s, ok := arn.(pulumi.String)
		if !ok {
			continue
		}
		if r := associationRegion(string(s)); r != "" && r != region {
			return fmt.Errorf("Associations[%d] is in %s but the web ACL is in %s; a REGIONAL web ACL guards resources of its own region", i, r, region)
		}
	}
	return nil
}

// associationRegion is the region of an API Gateway stage ARN or an
// Application Load Balancer ARN, or "" when s is neither.
func associationRegion(s string) string {
	if m := stageArn.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	region, _ := verify.ApplicationLoadBalancerRegion(s)
	return region
}

// Validate checks args as NewACL does, without registering anything,
// for components that create an ACL after resources of their own; its
// errors carry the prefix "webacl NAME: ". The CLOUDFRONT scope's region
// is for the caller to check (see CloudFrontRegion).
func Validate(name string, args *Args) error {
	_, err := component.Prepare(pkg, name, args)
	return err
}
