package shieldprotection

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/internal/verify"
)

// Resource types that Shield Advanced protects (the resource types of
// protection groups).
const (
	CloudFrontDistribution  = "CLOUDFRONT_DISTRIBUTION"
	Route53HostedZone       = "ROUTE_53_HOSTED_ZONE"
	ApplicationLoadBalancer = "APPLICATION_LOAD_BALANCER"
	ClassicLoadBalancer     = "CLASSIC_LOAD_BALANCER"
	ElasticIPAllocation     = "ELASTIC_IP_ALLOCATION"
	GlobalAccelerator       = "GLOBAL_ACCELERATOR"
)

// ResourceTypes are the resource types Shield Advanced protects.
var ResourceTypes = []string{CloudFrontDistribution, Route53HostedZone, ApplicationLoadBalancer, ClassicLoadBalancer, ElasticIPAllocation, GlobalAccelerator}

// Protection group patterns.
const (
	PatternAll            = "ALL"
	PatternByResourceType = "BY_RESOURCE_TYPE"
	PatternArbitrary      = "ARBITRARY"
)

// Protection group aggregations.
const (
	Sum  = "SUM"
	Mean = "MEAN"
	Max  = "MAX"
)

// arnRegions recognise each resource type's ARN: they return the region
// of a regional type's ARN ("" for a global type) and whether s is an ARN
// of the type.
var arnRegions = map[string]func(s string) (string, bool){
	CloudFrontDistribution:  global(`^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution/[A-Za-z0-9]+$`),
	Route53HostedZone:       global(`^arn:aws[a-z-]*:route53:::hostedzone/[A-Za-z0-9]+$`),
	ApplicationLoadBalancer: verify.ApplicationLoadBalancerRegion,
	ClassicLoadBalancer:     regional(`^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:loadbalancer/[^/]+$`),
	ElasticIPAllocation:     regional(`^arn:aws[a-z-]*:ec2:([a-z0-9-]+):[0-9]{12}:eip-allocation/eipalloc-[0-9a-f]+$`),
	GlobalAccelerator:       global(`^arn:aws[a-z-]*:globalaccelerator::[0-9]{12}:accelerator/[0-9a-f-]+$`),
}

// global recognises the ARNs of a global resource type.
func global(pattern string) func(string) (string, bool) {
	re := regexp.MustCompile(pattern)
	return func(s string) (string, bool) { return "", re.MatchString(s) }
}

// regional recognises the ARNs of a regional resource type; the first
// group of pattern is the region.
func regional(pattern string) func(string) (string, bool) {
	re := regexp.MustCompile(pattern)
	return func(s string) (string, bool) {
		if m := re.FindStringSubmatch(s); m != nil {
			return m[1], true
		}
		return "", false
	}
}

// isArnOf reports whether s is an ARN of resource type t.
func isArnOf(t, s string) bool {
	_, ok := arnRegions[t](s)
	return ok
}

// Resource is one resource to protect.
type Resource struct {
	// Name identifies the resource in the component: its children's names
	// and the keys of the output maps. 1 to 63 letters, digits and '-',
	// starting with a letter or digit, unique. Required.
	Name string
	// Arn is the resource's ARN. Required.
	Arn pulumi.StringInput
	// Type is one of ResourceTypes. It may be left empty when Arn is a
	// literal ARN (pulumi.String), from which it is read.
	Type string
	// HealthCheck, when set, creates a health check of the application
	// behind the resource (healthcheck.Args: FQDN, RequestInterval and
	// FailureThreshold required) and associates it with the protection.
	HealthCheck *healthcheck.Args
	// HealthCheckArn associates an existing health check (a
	// failover.Regional's, say) instead. Not with HealthCheck. Neither
	// is allowed on a Route 53 hosted zone: Shield's health-based
	// detection supports every other resource type.
	HealthCheckArn pulumi.StringInput
	// AlarmProvider creates the DDoSDetected alarm where Shield reports
	// the resource's metrics: us-east-1 for CloudFront distributions and
	// Route 53 hosted zones, us-west-2 for Global Accelerator, the
	// resource's region for others. Default: the component's provider.
	AlarmProvider pulumi.ProviderResource
	// AutomaticMitigation turns on Shield Advanced's application layer
	// (layer 7) automatic mitigation with the action of the WAF rules it
	// manages: COUNT or BLOCK. Default "": none. Only on a CloudFront
	// distribution or an Application Load Balancer, and only with
	// WebAclArn (Shield puts its rule group in the web ACL associated with
	// the resource).
	AutomaticMitigation string
	// WebAclArn is the ARN of the WAFv2 web ACL associated with the
	// resource (a CloudFront distribution's webAclId, or a
	// wafv2.WebAclAssociation's webAclArn, so that the automatic response
	// waits for the association). Required with AutomaticMitigation, and
	// only with it; a literal must be a web ACL of the resource's scope.
	WebAclArn pulumi.StringInput
}

// Automatic mitigation actions.
const (
	Count = "COUNT"
	Block = "BLOCK"
)

// ResponseTeam authorizes the Shield Response Team (SRT) to act in the
// account during an attack: a role that drt.shield.amazonaws.com may
// assume, with the AWS managed policy AWSShieldDRTAccessPolicy, associated
// with the Shield Advanced subscription, and the log buckets the SRT may
// read. The association is account-wide (one role per subscription): one
// Protection per account sets ResponseTeam. Using the SRT needs the
// Business or Enterprise Support plan.
type ResponseTeam struct {
	// LogBucketNames are names of S3 buckets holding logs (WAF, CloudFront,
	// load balancer) the SRT may read: 0 to 10, none nil, no literal twice.
	// Default: none.
	LogBucketNames []pulumi.StringInput
	// Tags are added to the role, with the component's Tags (these win).
	Tags map[string]string
}

// ProactiveEngagement lets the Shield Response Team call and email the
// contacts when a protected resource's health check turns unhealthy
// during a detected event. It is account-wide: one Protection per account
// sets it. Needs the Business or Enterprise Support plan.
type ProactiveEngagement struct {
	// Contacts are the emergency contacts: 1 to 10, at least one with a
	// Phone.
	Contacts []Contact
}

// Contact is an emergency contact of proactive engagement.
type Contact struct {
	// Email is the contact's address (Shield's pattern ^\S+@\S+\.\S+$, at
	// most 150 characters). Required.
	Email string
	// Phone is an E.164 number: "+" and 2 to 15 digits, not starting with
	// 0. Optional, but one contact at least has one.
	Phone string
	// Notes tell the SRT when to use the contact (hours, time zone, primary
	// or secondary): at most 1024 letters, digits, spaces and . - , : / ( ) + @ _.
	// Optional.
	Notes string
}

// Group is a Shield Advanced protection group.
type Group struct {
	// ID is the protection group's ID: 1 to 36 letters, digits and '-',
	// unique.
	ID string
	// Pattern is ALL, BY_RESOURCE_TYPE or ARBITRARY.
	Pattern string
	// ResourceType is the type of the group's resources, with
	// BY_RESOURCE_TYPE only (and then required).
	ResourceType string
	// Members are names of Resources, each once, with ARBITRARY only (and
	// then required, unless MemberArns are given).
	Members []string
	// MemberArns are ARNs of resources protected elsewhere (another
	// component's protection, such as a failover.Regional's distribution)
	// that an ARBITRARY group also holds: none nil. Each must be protected
	// before the group is created: make the component depend on what
	// protects them.
	MemberArns []pulumi.StringInput
	// Aggregation is how Shield combines the members' traffic: SUM, MEAN
	// or MAX. Default: SUM.
	Aggregation string
}

// Args configures a Protection. Resources is required; the rest is
// optional.
type Args struct {
	// Resources are the resources to protect, at least one.
	Resources []Resource
	// Groups are protection groups. Default: none.
	Groups []Group
	// AlarmActions are ARNs (SNS topics) notified when a DDoSDetected
	// alarm fires or clears. Default: none.
	AlarmActions []pulumi.StringInput
	// ResponseTeam, when set, authorizes the Shield Response Team (SRT)
	// to act in the account. Default: nil, no access. Account-wide.
	ResponseTeam *ResponseTeam
	// ProactiveEngagement, when set, lets the SRT contact you during an
	// event; every resource that supports health-based detection (all but
	// Route 53 hosted zones) then needs HealthCheck or HealthCheckArn.
	// Default: nil, disabled. Account-wide.
	ProactiveEngagement *ProactiveEngagement
	// Tags are added to the protections, groups, health checks, alarms and
	// the SRT role.
	Tags map[string]string
}

const pkg = "shieldprotection"

var (
	resourceName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,62}$`)
	groupID      = regexp.MustCompile(`^[A-Za-z0-9-]{1,36}$`)
)

// Validate checks a and fills in its defaults (each resource's type and
// health check, each group's aggregation), as NewProtection does; name is
// the component's. The alarms' regions are checked by NewProtection.
func (a *Args) Validate(name string) error {
	if len(a.Resources) == 0 {
		return fmt.Errorf("Resources is empty; give at least one resource to protect")
	}
	// Defaults go into copies, never into the caller's elements.
	a.Resources, a.Groups = slices.Clone(a.Resources), slices.Clone(a.Groups)
	names := map[string]bool{}
	for i := range a.Resources {
		r := &a.Resources[i]
		if err := r.check(fmt.Sprintf("Resources[%d]", i), names); err != nil {
			return err
		}
		names[r.Name] = true
	}
	ids := map[string]bool{}
	for i := range a.Groups {
		g := &a.Groups[i]
		if err := g.check(fmt.Sprintf("Groups[%d]", i), ids, names); err != nil {
			return err
		}
		ids[g.ID] = true
	}
	if err := verify.NoneNil("AlarmActions", a.AlarmActions); err != nil {
		return err
	}
	if err := a.checkResponseTeam(); err != nil {
		return err
	}
	return a.checkProactiveEngagement()
}

// check checks a resource and fills in its type and health check; taken
// are the names of the resources before it.
func (r *Resource) check(field string, taken map[string]bool) error {
	if !resourceName.MatchString(r.Name) {
		return fmt.Errorf("%s.Name %q is not allowed; use 1 to 63 letters, digits and '-', starting with a letter or digit", field, r.Name)
	}
	if taken[r.Name] {
		return fmt.Errorf("%s.Name %q is used twice", field, r.Name)
	}
	if r.Arn == nil {
		return fmt.Errorf("%s.Arn is nil; give the ARN of the resource to protect", field)
	}
	literal, isLiteral := r.Arn.(pulumi.String)
	if r.Type == "" && isLiteral {
		for _, t := range ResourceTypes {
			if isArnOf(t, string(literal)) {
				r.Type = t
			}
		}
	}
	if !slices.Contains(ResourceTypes, r.Type) {
		return fmt.Errorf("%s.Type is %q; allowed values are %s (it may be left empty only when Arn is a literal ARN of one)", field, r.Type, strings.Join(ResourceTypes, ", "))
	}
	if isLiteral && !isArnOf(r.Type, string(literal)) {
		return fmt.Errorf("%s.Arn %q is not the ARN of a %s", field, string(literal), r.Type)
	}
	if r.HealthCheck != nil && r.HealthCheckArn != nil {
		return fmt.Errorf("%s has HealthCheck and HealthCheckArn; give one of them", field)
	}
	if r.Type == Route53HostedZone && (r.HealthCheck != nil || r.HealthCheckArn != nil) {
		// https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-health-checks.html
		return fmt.Errorf("%s is a %s, and Shield's health-based detection supports every resource type except hosted zones; remove its HealthCheck and HealthCheckArn", field, Route53HostedZone)
	}
	if r.HealthCheck != nil {
		h := *r.HealthCheck
		if err := h.Validate(field + ".HealthCheck"); err != nil {
			return err
		}
		r.HealthCheck = &h
	}
	return r.checkMitigation(field)
}

// check checks a group and fills in its aggregation; taken are the IDs of
// the groups before it, resources the names of Resources.
func (g *Group) check(field string, taken, resources map[string]bool) error {
	if !groupID.MatchString(g.ID) {
		return fmt.Errorf("%s.ID %q is not allowed; use 1 to 36 letters, digits and '-'", field, g.ID)
	}
	if taken[g.ID] {
		return fmt.Errorf("%s.ID %q is used twice", field, g.ID)
	}
	if g.Aggregation == "" {
		g.Aggregation = Sum
	}
	if g.Aggregation != Sum && g.Aggregation != Mean && g.Aggregation != Max {
		return fmt.Errorf("%s.Aggregation is %q; allowed values are SUM, MEAN and MAX", field, g.Aggregation)
	}
	switch g.Pattern {
	case PatternAll:
		if g.ResourceType != "" || len(g.Members) > 0 || len(g.MemberArns) > 0 {
			return fmt.Errorf("%s has pattern ALL with a ResourceType or Members; ALL takes neither", field)
		}
	case PatternByResourceType:
		if len(g.Members) > 0 || len(g.MemberArns) > 0 {
			return fmt.Errorf("%s has pattern BY_RESOURCE_TYPE with Members; Members are for ARBITRARY", field)
		}
		if !slices.Contains(ResourceTypes, g.ResourceType) {
			return fmt.Errorf("%s has pattern BY_RESOURCE_TYPE and ResourceType %q; allowed values are %s", field, g.ResourceType, strings.Join(ResourceTypes, ", "))
		}
	case PatternArbitrary:
		if g.ResourceType != "" {
			return fmt.Errorf("%s has pattern ARBITRARY with a ResourceType; ResourceType is for BY_RESOURCE_TYPE", field)
		}
		if len(g.Members) == 0 && len(g.MemberArns) == 0 {
			return fmt.Errorf("%s has pattern ARBITRARY and no Members; name the Resources it groups", field)
		}
		if err := verify.NoneNil(field+".MemberArns", g.MemberArns); err != nil {
			return err
		}
		for j, m := range g.Members {
			if !resources[m] {
				return fmt.Errorf("%s.Members[%d] is %q, which is not the Name of one of Resources", field, j, m)
			}
			if slices.Index(g.Members, m) != j {
				return fmt.Errorf("%s.Members has %q twice", field, m)
			}
		}
	default:
		return fmt.Errorf("%s.Pattern is %q; allowed values are ALL, BY_RESOURCE_TYPE and ARBITRARY", field, g.Pattern)
	}
	return nil
}
