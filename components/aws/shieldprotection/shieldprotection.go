// Package shieldprotection provides Protection: AWS Shield Advanced
// protections for the resources in front of a model endpoint (CloudFront
// distributions, Route 53 hosted zones, load balancers, Elastic IPs,
// Global Accelerator accelerators), Route 53 health checks of the
// applications behind them associated with the protections (Shield
// Advanced's health-based detection needs them), protection groups, and a
// CloudWatch alarm on DDoSDetected for every protected resource.
//
// Shield Advanced is a paid subscription, held per account (or for an AWS
// Organizations organization) and committed for a year. No component of
// modelfort subscribes: protections fail to create in an account without
// a subscription, and turning Shield Advanced on is for the stacks to do
// where their configuration says so.
//
// Shield reports the metrics of CloudFront distributions and Route 53
// hosted zones in us-east-1, those of Global Accelerator in us-west-2, and
// those of other resources in the resource's region. A resource's alarm is
// created there: through Resource.AlarmProvider, or the component's
// provider when it acts in that region (checked before anything is
// registered).
package shieldprotection

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/shield"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
)

// Type is the component's type token.
const Type = "modelfort:aws:ShieldProtection"

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

// Health check defaults and allowed values.
const (
	DefaultHealthCheckPort = 443
	DefaultHealthCheckPath = "/health"
	MinFailureThreshold    = 1
	MaxFailureThreshold    = 10
	// MinCheckerRegions is the fewest checker regions Route 53 accepts.
	MinCheckerRegions = 3
)

// RequestIntervals are the seconds Route 53 may wait between checks.
var RequestIntervals = []int{10, 30}

// CheckerRegions are the regions Route 53 health checkers call from.
var CheckerRegions = []string{"us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"}

// metricRegions are where Shield reports the metrics of global resources.
var metricRegions = map[string]string{
	CloudFrontDistribution: "us-east-1",
	Route53HostedZone:      "us-east-1",
	GlobalAccelerator:      "us-west-2",
}

// arnPatterns recognise each resource type's ARN; the first group of a
// regional type is its region.
var arnPatterns = map[string]*regexp.Regexp{
	CloudFrontDistribution:  regexp.MustCompile(`^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution/[A-Za-z0-9]+$`),
	Route53HostedZone:       regexp.MustCompile(`^arn:aws[a-z-]*:route53:::hostedzone/[A-Za-z0-9]+$`),
	ApplicationLoadBalancer: regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:loadbalancer/app/[^/]+/[^/]+$`),
	ClassicLoadBalancer:     regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:loadbalancer/[^/]+$`),
	ElasticIPAllocation:     regexp.MustCompile(`^arn:aws[a-z-]*:ec2:([a-z0-9-]+):[0-9]{12}:eip-allocation/eipalloc-[0-9a-f]+$`),
	GlobalAccelerator:       regexp.MustCompile(`^arn:aws[a-z-]*:globalaccelerator::[0-9]{12}:accelerator/[0-9a-f-]+$`),
}

// HealthCheck is a Route 53 HTTPS health check of an application endpoint,
// with latency measurement. RequestInterval and FailureThreshold have no
// defaults: together they decide how soon a failure is seen.
type HealthCheck struct {
	// FQDN is the host name probed (and sent as SNI and Host). Required.
	FQDN pulumi.StringInput
	// Port is the HTTPS port. Default: 443.
	Port int
	// Path is the path requested. Default: "/health".
	Path string
	// RequestInterval is 10 or 30 seconds between checks. Required.
	RequestInterval int
	// FailureThreshold is how many checks in a row must fail (or pass) to
	// change the status: 1 to 10. Required.
	FailureThreshold int
	// Regions are the checker regions, at least 3 of CheckerRegions.
	// Default: all of them.
	Regions []string
}

// Resource is one resource to protect.
type Resource struct {
	// Name identifies the resource in the component: its children's names
	// and the keys of the output maps. Letters, digits and '-'. Required.
	Name string
	// Arn is the resource's ARN. Required.
	Arn pulumi.StringInput
	// Type is one of ResourceTypes. It may be left empty when Arn is a
	// literal ARN (pulumi.String), from which it is read.
	Type string
	// HealthCheck, when set, creates a health check of the application
	// behind the resource and associates it with the protection.
	HealthCheck *HealthCheck
	// HealthCheckArn associates an existing health check (a
	// failover.Regional's, say) instead.
	HealthCheckArn pulumi.StringInput
	// AlarmProvider creates the DDoSDetected alarm where Shield reports
	// the resource's metrics: us-east-1 for CloudFront distributions and
	// Route 53 hosted zones, us-west-2 for Global Accelerator, the
	// resource's region for others. Default: the component's provider.
	AlarmProvider pulumi.ProviderResource
}

// Group is a Shield Advanced protection group.
type Group struct {
	// ID is the protection group's ID: 1 to 36 letters, digits and '-'.
	ID string
	// Pattern is ALL, BY_RESOURCE_TYPE or ARBITRARY.
	Pattern string
	// ResourceType is the type of the group's resources, with
	// BY_RESOURCE_TYPE only (and then required).
	ResourceType string
	// Members are names of Resources, with ARBITRARY only (and then
	// required).
	Members []string
	// Aggregation is how Shield combines the members' traffic: SUM, MEAN
	// or MAX. Default: SUM.
	Aggregation string
}

// Args configures a Protection. Resources is required; the rest is
// optional.
type Args struct {
	// Resources are the resources to protect, at least one.
	Resources []Resource
	// Groups are protection groups.
	Groups []Group
	// AlarmActions are ARNs (SNS topics) notified when a DDoSDetected
	// alarm fires or clears.
	AlarmActions []pulumi.StringInput
	// Tags are added to the protections, groups, health checks and alarms.
	Tags map[string]string
}

// Protection is a set of Shield Advanced protections, their health
// checks, groups and alarms. Output maps are keyed by Resource.Name
// (ProtectionGroupArns by Group.ID).
type Protection struct {
	pulumi.ResourceState

	ProtectionIds  pulumi.StringMapOutput `pulumi:"protectionIds"`
	ProtectionArns pulumi.StringMapOutput `pulumi:"protectionArns"`
	// HealthCheckIds and HealthCheckArns are the health checks the
	// component created.
	HealthCheckIds  pulumi.StringMapOutput `pulumi:"healthCheckIds"`
	HealthCheckArns pulumi.StringMapOutput `pulumi:"healthCheckArns"`
	// AssociationIds are the protection-to-health-check associations.
	AssociationIds      pulumi.StringMapOutput `pulumi:"associationIds"`
	ProtectionGroupArns pulumi.StringMapOutput `pulumi:"protectionGroupArns"`
	AlarmArns           pulumi.StringMapOutput `pulumi:"alarmArns"`

	// AlarmRegions says where each resource's alarm is.
	AlarmRegions map[string]string

	Protections  map[string]*shield.Protection
	HealthChecks map[string]*route53.HealthCheck
	Alarms       map[string]*cloudwatch.MetricAlarm
}

var (
	resourceName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,62}$`)
	groupID      = regexp.MustCompile(`^[A-Za-z0-9-]{1,36}$`)
	hostName     = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$`)
)

// Validate checks h and fills in its defaults, as NewProtection
// does; field names h in errors ("Resources[0].HealthCheck").
func (h *HealthCheck) Validate(field string) error {
	if h.FQDN == nil {
		return fmt.Errorf("%s.FQDN is nil; give the host name Route 53 probes", field)
	}
	if s, ok := h.FQDN.(pulumi.String); ok && (len(s) > 255 || !hostName.MatchString(string(s))) {
		return fmt.Errorf("%s.FQDN %q is not a host name", field, string(s))
	}
	if h.Port == 0 {
		h.Port = DefaultHealthCheckPort
	}
	if h.Port < 1 || h.Port > 65535 {
		return fmt.Errorf("%s.Port is %d; allowed values are 1 to 65535 (0 means %d)", field, h.Port, DefaultHealthCheckPort)
	}
	if h.Path == "" {
		h.Path = DefaultHealthCheckPath
	}
	if !strings.HasPrefix(h.Path, "/") || len(h.Path) > 255 {
		return fmt.Errorf("%s.Path %q is not allowed; give a path starting with '/', at most 255 characters", field, h.Path)
	}
	if !slices.Contains(RequestIntervals, h.RequestInterval) {
		return fmt.Errorf("%s.RequestInterval is %d; allowed values are 10 and 30 (seconds)", field, h.RequestInterval)
	}
	if h.FailureThreshold < MinFailureThreshold || h.FailureThreshold > MaxFailureThreshold {
		return fmt.Errorf("%s.FailureThreshold is %d; allowed values are %d to %d", field, h.FailureThreshold, MinFailureThreshold, MaxFailureThreshold)
	}
	if h.Regions != nil && len(h.Regions) < MinCheckerRegions {
		return fmt.Errorf("%s.Regions has %d regions; Route 53 needs at least %d of %s (or none, for all)", field, len(h.Regions), MinCheckerRegions, strings.Join(CheckerRegions, ", "))
	}
	for i, r := range h.Regions {
		if !slices.Contains(CheckerRegions, r) {
			return fmt.Errorf("%s.Regions[%d] is %q; allowed values are %s", field, i, r, strings.Join(CheckerRegions, ", "))
		}
		if slices.Index(h.Regions, r) != i {
			return fmt.Errorf("%s.Regions has %q twice", field, r)
		}
	}
	return nil
}

// NewHealthCheck creates the Route 53 health check that h (checked with
// Validate) describes: HTTPS with SNI, measuring latency.
func NewHealthCheck(ctx *pulumi.Context, name string, h HealthCheck, tags map[string]string, opts ...pulumi.ResourceOption) (*route53.HealthCheck, error) {
	all := map[string]string{"Name": name}
	for k, v := range tags {
		all[k] = v
	}
	args := &route53.HealthCheckArgs{
		Type:             pulumi.String("HTTPS"),
		Fqdn:             h.FQDN,
		Port:             pulumi.Int(h.Port),
		ResourcePath:     pulumi.String(h.Path),
		RequestInterval:  pulumi.Int(h.RequestInterval),
		FailureThreshold: pulumi.Int(h.FailureThreshold),
		MeasureLatency:   pulumi.Bool(true),
		EnableSni:        pulumi.Bool(true),
		Tags:             pulumi.ToStringMap(all),
	}
	if len(h.Regions) > 0 {
		args.Regions = pulumi.ToStringArray(h.Regions)
	}
	return route53.NewHealthCheck(ctx, name, args, opts...)
}

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if len(a.Resources) == 0 {
		return fmt.Errorf("shieldprotection %s: Resources is empty; give at least one resource to protect", name)
	}
	names := map[string]bool{}
	for i := range a.Resources {
		r := &a.Resources[i]
		field := fmt.Sprintf("Resources[%d]", i)
		if !resourceName.MatchString(r.Name) {
			return fmt.Errorf("shieldprotection %s: %s.Name %q is not allowed; use 1 to 63 letters, digits and '-', starting with a letter or digit", name, field, r.Name)
		}
		if names[r.Name] {
			return fmt.Errorf("shieldprotection %s: %s.Name %q is used twice", name, field, r.Name)
		}
		names[r.Name] = true
		if r.Arn == nil {
			return fmt.Errorf("shieldprotection %s: %s.Arn is nil; give the ARN of the resource to protect", name, field)
		}
		literal, isLiteral := r.Arn.(pulumi.String)
		if r.Type == "" && isLiteral {
			for _, t := range ResourceTypes {
				if arnPatterns[t].MatchString(string(literal)) {
					r.Type = t
				}
			}
		}
		if !slices.Contains(ResourceTypes, r.Type) {
			return fmt.Errorf("shieldprotection %s: %s.Type is %q; allowed values are %s (it may be left empty only when Arn is a literal ARN of one)", name, field, r.Type, strings.Join(ResourceTypes, ", "))
		}
		if isLiteral && !arnPatterns[r.Type].MatchString(string(literal)) {
			return fmt.Errorf("shieldprotection %s: %s.Arn %q is not the ARN of a %s", name, field, string(literal), r.Type)
		}
		if r.HealthCheck != nil && r.HealthCheckArn != nil {
			return fmt.Errorf("shieldprotection %s: %s has HealthCheck and HealthCheckArn; give one of them", name, field)
		}
		if r.HealthCheck != nil {
			h := *r.HealthCheck
			if err := h.Validate(field + ".HealthCheck"); err != nil {
				return fmt.Errorf("shieldprotection %s: %w", name, err)
			}
			r.HealthCheck = &h
		}
	}
	ids := map[string]bool{}
	for i := range a.Groups {
		g := &a.Groups[i]
		field := fmt.Sprintf("Groups[%d]", i)
		if !groupID.MatchString(g.ID) {
			return fmt.Errorf("shieldprotection %s: %s.ID %q is not allowed; use 1 to 36 letters, digits and '-'", name, field, g.ID)
		}
		if ids[g.ID] {
			return fmt.Errorf("shieldprotection %s: %s.ID %q is used twice", name, field, g.ID)
		}
		ids[g.ID] = true
		if g.Aggregation == "" {
			g.Aggregation = Sum
		}
		if g.Aggregation != Sum && g.Aggregation != Mean && g.Aggregation != Max {
			return fmt.Errorf("shieldprotection %s: %s.Aggregation is %q; allowed values are SUM, MEAN and MAX", name, field, g.Aggregation)
		}
		switch g.Pattern {
		case PatternAll:
			if g.ResourceType != "" || len(g.Members) > 0 {
				return fmt.Errorf("shieldprotection %s: %s has pattern ALL with a ResourceType or Members; ALL takes neither", name, field)
			}
		case PatternByResourceType:
			if len(g.Members) > 0 {
				return fmt.Errorf("shieldprotection %s: %s has pattern BY_RESOURCE_TYPE with Members; Members are for ARBITRARY", name, field)
			}
			if !slices.Contains(ResourceTypes, g.ResourceType) {
				return fmt.Errorf("shieldprotection %s: %s has pattern BY_RESOURCE_TYPE and ResourceType %q; allowed values are %s", name, field, g.ResourceType, strings.Join(ResourceTypes, ", "))
			}
		case PatternArbitrary:
			if g.ResourceType != "" {
				return fmt.Errorf("shieldprotection %s: %s has pattern ARBITRARY with a ResourceType; ResourceType is for BY_RESOURCE_TYPE", name, field)
			}
			if len(g.Members) == 0 {
				return fmt.Errorf("shieldprotection %s: %s has pattern ARBITRARY and no Members; name the Resources it groups", name, field)
			}
			for j, m := range g.Members {
				if !names[m] {
					return fmt.Errorf("shieldprotection %s: %s.Members[%d] is %q, which is not the Name of one of Resources", name, field, j, m)
				}
				if slices.Index(g.Members, m) != j {
					return fmt.Errorf("shieldprotection %s: %s.Members has %q twice", name, field, m)
				}
			}
		default:
			return fmt.Errorf("shieldprotection %s: %s.Pattern is %q; allowed values are ALL, BY_RESOURCE_TYPE and ARBITRARY", name, field, g.Pattern)
		}
	}
	for i, action := range a.AlarmActions {
		if action == nil {
			return fmt.Errorf("shieldprotection %s: AlarmActions[%d] is nil", name, i)
		}
	}
	return nil
}

// alarmRegions finds where each resource's alarm will be, and checks that
// Shield reports the resource's metrics there.
func (a *Args) alarmRegions(ctx *pulumi.Context, name string, opts []pulumi.ResourceOption) (map[string]string, error) {
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("shieldprotection %s: %w", name, err)
	}
	out := map[string]string{}
	for i, r := range a.Resources {
		region := env.Region
		if r.AlarmProvider != nil {
			alarmEnv, err := awsenv.Lookup(ctx, pulumi.Provider(r.AlarmProvider))
			if err != nil {
				return nil, fmt.Errorf("shieldprotection %s: %w", name, err)
			}
			region = alarmEnv.Region
		}
		want := metricRegions[r.Type]
		if s, ok := r.Arn.(pulumi.String); ok && want == "" {
			if m := arnPatterns[r.Type].FindStringSubmatch(string(s)); m != nil {
				want = m[1]
			}
		}
		if want != "" && region != want {
			return nil, fmt.Errorf("shieldprotection %s: Resources[%d] (%s) has its Shield metrics in %s but its alarm would be in %s; give Resources[%d].AlarmProvider, a provider in %s",
				name, i, r.Type, want, region, i, want)
		}
		out[r.Name] = region
	}
	return out, nil
}

// NewProtection protects resources with Shield Advanced (which the
// account must subscribe to beforehand). Args are checked before anything
// is registered, alarm regions too. Resource options (provider, protect,
// aliases, ...) apply to the component and through it to every
// protection, health check, association, group and alarm.
func NewProtection(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Protection, error) {
	a := Args{}
	if args != nil {
		a = *args
		a.Resources = slices.Clone(args.Resources)
		a.Groups = slices.Clone(args.Groups)
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	regions, err := a.alarmRegions(ctx, name, opts)
	if err != nil {
		return nil, err
	}

	s := &Protection{
		AlarmRegions: regions,
		Protections:  map[string]*shield.Protection{},
		HealthChecks: map[string]*route53.HealthCheck{},
		Alarms:       map[string]*cloudwatch.MetricAlarm{},
	}
	if err := ctx.RegisterComponentResource(Type, name, s, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(s)
	tags := pulumi.ToStringMap(a.Tags)
	ids, arns := pulumi.StringMap{}, pulumi.StringMap{}
	hcIDs, hcArns, assocIDs, alarmArns, groupArns := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	var protections []pulumi.Resource
	for _, r := range a.Resources {
		child := name + "-" + r.Name
		p, err := shield.NewProtection(ctx, child, &shield.ProtectionArgs{
			Name:        pulumi.String(child),
			ResourceArn: r.Arn,
			Tags:        tags,
		}, in)
		if err != nil {
			return nil, err
		}
		s.Protections[r.Name] = p
		protections = append(protections, p)
		ids[r.Name], arns[r.Name] = p.ID().ToStringOutput(), p.Arn

		healthCheckArn := r.HealthCheckArn
		if r.HealthCheck != nil {
			hc, err := NewHealthCheck(ctx, child, *r.HealthCheck, a.Tags, in)
			if err != nil {
				return nil, err
			}
			s.HealthChecks[r.Name] = hc
			hcIDs[r.Name], hcArns[r.Name] = hc.ID().ToStringOutput(), hc.Arn
			healthCheckArn = hc.Arn
		}
		if healthCheckArn != nil {
			assoc, err := shield.NewProtectionHealthCheckAssociation(ctx, child, &shield.ProtectionHealthCheckAssociationArgs{
				ShieldProtectionId: p.ID().ToStringOutput(),
				HealthCheckArn:     healthCheckArn,
			}, in)
			if err != nil {
				return nil, err
			}
			assocIDs[r.Name] = assoc.ID().ToStringOutput()
		}

		alarmOpts := []pulumi.ResourceOption{in}
		if r.AlarmProvider != nil {
			alarmOpts = append(alarmOpts, pulumi.Provider(r.AlarmProvider))
		}
		actions := pulumi.Array{}
		for _, act := range a.AlarmActions {
			actions = append(actions, act)
		}
		alarm, err := cloudwatch.NewMetricAlarm(ctx, child+"-ddos-detected", &cloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.Sprintf("Shield Advanced detected a DDoS event on %s (%s)", r.Name, r.Type),
			Namespace:          pulumi.String("AWS/DDoSProtection"),
			MetricName:         pulumi.String("DDoSDetected"),
			Dimensions:         pulumi.StringMap{"ResourceArn": r.Arn},
			Statistic:          pulumi.String("Maximum"),
			Period:             pulumi.Int(60),
			EvaluationPeriods:  pulumi.Int(1),
			Threshold:          pulumi.Float64(1),
			ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
			// Between events Shield reports once a day: no data is no attack.
			TreatMissingData: pulumi.String("notBreaching"),
			AlarmActions:     actions,
			OkActions:        actions,
			Tags:             tags,
		}, append(alarmOpts, pulumi.DependsOn([]pulumi.Resource{p}))...)
		if err != nil {
			return nil, err
		}
		s.Alarms[r.Name] = alarm
		alarmArns[r.Name] = alarm.Arn
	}

	byName := map[string]pulumi.StringInput{}
	for _, r := range a.Resources {
		byName[r.Name] = r.Arn
	}
	for _, g := range a.Groups {
		groupArgs := &shield.ProtectionGroupArgs{
			ProtectionGroupId: pulumi.String(g.ID),
			Pattern:           pulumi.String(g.Pattern),
			Aggregation:       pulumi.String(g.Aggregation),
			Tags:              tags,
		}
		if g.ResourceType != "" {
			groupArgs.ResourceType = pulumi.String(g.ResourceType)
		}
		if len(g.Members) > 0 {
			members := pulumi.StringArray{}
			for _, m := range g.Members {
				members = append(members, byName[m])
			}
			groupArgs.Members = members
		}
		// A group's members must be protected first.
		group, err := shield.NewProtectionGroup(ctx, name+"-"+g.ID, groupArgs, in, pulumi.DependsOn(protections))
		if err != nil {
			return nil, err
		}
		groupArns[g.ID] = group.ProtectionGroupArn
	}

	s.ProtectionIds, s.ProtectionArns = ids.ToStringMapOutput(), arns.ToStringMapOutput()
	s.HealthCheckIds, s.HealthCheckArns = hcIDs.ToStringMapOutput(), hcArns.ToStringMapOutput()
	s.AssociationIds, s.AlarmArns = assocIDs.ToStringMapOutput(), alarmArns.ToStringMapOutput()
	s.ProtectionGroupArns = groupArns.ToStringMapOutput()
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"protectionIds": s.ProtectionIds, "protectionArns": s.ProtectionArns,
		"healthCheckIds": s.HealthCheckIds, "healthCheckArns": s.HealthCheckArns,
		"associationIds": s.AssociationIds, "protectionGroupArns": s.ProtectionGroupArns, "alarmArns": s.AlarmArns,
	})
}
