// Package failover provides Regional: a DNS name that answers with
// the primary region while it is healthy and with the disaster-recovery
// region when it is not (Route 53 failover records, PRIMARY and SECONDARY,
// each tied to a Route 53 health check of its region), and optionally a
// CloudFront distribution in front of both regions, with its own
// CLOUDFRONT web ACL.
//
// Regional creates its two health checks itself, because their
// request interval and failure threshold decide, with the records' TTL,
// how long a failover can take: WorstCaseFailover = interval × threshold
// + TTL. That figure is a Go field, computed before anything is
// registered, and an output, so that a stack can hold it against its
// recovery time objective (or let RecoveryTimeObjective reject settings
// that miss it). The health checks' ARNs are outputs; give them to
// shieldprotection.Protection (Resource.HealthCheckArn) rather than
// probing the same endpoints twice.
//
// The records are CNAMEs: a Site's Target must answer to the record's
// name. An API Gateway front door does only through a custom domain of
// that name, in both regions (frontdoor.Args.DomainName); FromFrontDoor
// makes a Site of a front door and NewRegional rejects one
// without it. Each health check probes its own region (a front door's
// execute-api host), never the failover name, which would follow the
// failover.
//
// CloudFront fails over between origins (on 500, 502, 503 and 504) only
// for GET, HEAD and OPTIONS, and refuses cache behaviors that send other
// methods to an origin group. So the distribution sends those methods to
// an origin group of the two regions, and the paths that take POSTs
// (WritePaths, "/invocations") to the failover name, where Route 53 does
// the failing over. Requests reach the origins with the distribution's
// Host replaced by the origin's, so IAM (SigV4) signatures made for the
// distribution's name do not verify behind it: put CloudFront in front of
// API key authentication. Shield Standard protects every distribution;
// CloudFront.ShieldAdvanced adds a Shield Advanced protection (for an
// account that subscribes), whose health-based detection follows a
// calculated health check that is healthy while either region is.
package failover

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/shieldprotection"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/awsenv"
)

// Type is the component's type token.
const Type = "modelfort:aws:RegionalFailover"

// Defaults and bounds.
const (
	DefaultTTL              = 60
	MaxTTL                  = 86400
	DefaultRequestInterval  = 30
	DefaultFailureThreshold = 3
	DefaultHealthCheckPath  = shieldprotection.DefaultHealthCheckPath
	DefaultPriceClass       = "PriceClass_All"
	// MinimumProtocolVersion is the distribution's TLS policy: TLS 1.2
	// at least, with the 2021 ciphers.
	MinimumProtocolVersion = "TLSv1.2_2021"
	// CloudFrontRegion is where the distribution's web ACL and
	// certificate must be.
	CloudFrontRegion = "us-east-1"
)

// FailoverStatusCodes are the primary origin's answers on which CloudFront
// asks the secondary.
var FailoverStatusCodes = []int{500, 502, 503, 504}

// PriceClasses are CloudFront's price classes.
var PriceClasses = []string{"PriceClass_All", "PriceClass_200", "PriceClass_100"}

// DefaultWritePaths are the paths whose POSTs follow the failover name.
var DefaultWritePaths = []string{"/" + frontdoor.InvocationsPath}

// AWS managed CloudFront policies the distribution uses.
const (
	CachingDisabledPolicyId           = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	AllViewerExceptHostHeaderPolicyId = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	SecurityHeadersPolicyId           = "67f7725c-6f97-4210-82d7-5512b31e9d03"
)

// Origin IDs of the distribution.
const (
	OriginPrimary   = "primary"
	OriginSecondary = "secondary"
	OriginRegions   = "regions"
	OriginFailover  = "failover-name"
)

// WorstCaseFailover is the longest a failover can take with these
// settings: the health check sees the failure after interval × threshold
// seconds, and resolvers may hold the old answer for a TTL more.
func WorstCaseFailover(requestInterval, failureThreshold, ttl int) time.Duration {
	return time.Duration(requestInterval*failureThreshold+ttl) * time.Second
}

// HealthCheck sets the health checks of both sites. When given, its
// RequestInterval and FailureThreshold must be stated.
type HealthCheck struct {
	// Port is the HTTPS port probed. Default: 443.
	Port int
	// RequestInterval is 10 or 30 seconds. Required.
	RequestInterval int
	// FailureThreshold is 1 to 10 checks. Required.
	FailureThreshold int
	// Regions are the checker regions, at least 3 of
	// shieldprotection.CheckerRegions. Default: all.
	Regions []string
}

// Site is one region's endpoint.
type Site struct {
	// Target is what the failover record points at (a CNAME): a host
	// that answers to RecordName. Required.
	Target pulumi.StringInput
	// HealthCheckFQDN is the host the site's health check probes.
	// Default: Target.
	HealthCheckFQDN pulumi.StringInput
	// HealthCheckPath is the path probed. Default: "/health".
	HealthCheckPath string
	// ServedName is the name the site answers to; when set it must be
	// RecordName.
	ServedName string
	// OriginDomain and OriginPath are where CloudFront reaches the site
	// directly. Defaults: HealthCheckFQDN and "".
	OriginDomain pulumi.StringInput
	OriginPath   string

	// frontDoor and region are set by FromFrontDoor.
	frontDoor bool
	region    string
}

// FromFrontDoor makes a Site of a front door: the record points at its
// custom domain, the health check and CloudFront reach the region through
// its execute-api host and stage.
func FromFrontDoor(fd *frontdoor.API) Site {
	if fd == nil {
		return Site{frontDoor: true}
	}
	return Site{
		Target:          fd.RegionalDomainName,
		HealthCheckFQDN: fd.ExecuteApiDomain,
		HealthCheckPath: fd.HealthPath,
		ServedName:      fd.DomainName,
		OriginDomain:    fd.ExecuteApiDomain,
		OriginPath:      "/" + fd.StageName,
		frontDoor:       true,
		region:          fd.Region,
	}
}

// CloudFront configures the distribution in front of both regions.
type CloudFront struct {
	// Aliases are the distribution's names (not RecordName, which
	// points at the regions). At least one: TLS 1.2 needs a certificate
	// of its own.
	Aliases []string
	// CertificateArn is the ACM certificate of Aliases, in us-east-1.
	// Required.
	CertificateArn pulumi.StringInput
	// Provider acts in us-east-1, for the web ACL, distribution and
	// Shield protection. Default: the component's provider, which must
	// then act in us-east-1.
	Provider pulumi.ProviderResource
	// WebAcl configures the distribution's CLOUDFRONT web ACL (Scope and
	// Associations are set by the component). Default: webacl's defaults.
	WebAcl *webacl.Args
	// PriceClass is one of PriceClasses. Default: PriceClass_All.
	PriceClass string
	// WritePaths are path patterns whose requests (POST and the like) go
	// to the failover name instead of the origin group. Default:
	// ["/invocations"].
	WritePaths []string
	// ShieldAdvanced protects the distribution with Shield Advanced, for
	// an account that subscribes (nothing here subscribes).
	ShieldAdvanced bool
	// AlarmActions are notified by the Shield Advanced DDoSDetected alarm.
	AlarmActions []pulumi.StringInput
}

// Args configures a Regional. ZoneId, RecordName, Primary and
// Secondary are required; the rest has defaults.
type Args struct {
	// ZoneId is the Route 53 hosted zone of RecordName. Required.
	ZoneId pulumi.StringInput
	// RecordName is the failover name, such as "api.example.com" (not a
	// zone apex: the records are CNAMEs). Required.
	RecordName string
	// Primary serves while it is healthy; Secondary (in another region)
	// when it is not. Required.
	Primary, Secondary Site
	// TTL is the records' TTL in seconds, 1 to 86400. Default: 60.
	TTL int
	// HealthCheck sets both health checks. Default: HTTPS on 443 every
	// 30 seconds, 3 failures, from every checker region.
	HealthCheck *HealthCheck
	// RecoveryTimeObjective, when set, rejects settings whose
	// WorstCaseFailover exceeds it.
	RecoveryTimeObjective time.Duration
	// CloudFront, when set, puts a distribution in front of both regions.
	CloudFront *CloudFront
	// Tags are added to the health checks, distribution and web ACL.
	Tags map[string]string
}

// Regional is a failover name over two regions.
type Regional struct {
	pulumi.ResourceState

	RecordName              pulumi.StringOutput `pulumi:"recordName"`
	PrimaryHealthCheckId    pulumi.StringOutput `pulumi:"primaryHealthCheckId"`
	PrimaryHealthCheckArn   pulumi.StringOutput `pulumi:"primaryHealthCheckArn"`
	SecondaryHealthCheckId  pulumi.StringOutput `pulumi:"secondaryHealthCheckId"`
	SecondaryHealthCheckArn pulumi.StringOutput `pulumi:"secondaryHealthCheckArn"`
	// WorstCaseFailoverSeconds is WorstCaseFailover in seconds.
	WorstCaseFailoverSeconds pulumi.IntOutput `pulumi:"worstCaseFailoverSeconds"`
	// The distribution's ID, ARN, domain name and web ACL, or empty.
	DistributionId         pulumi.StringOutput `pulumi:"distributionId"`
	DistributionArn        pulumi.StringOutput `pulumi:"distributionArn"`
	DistributionDomainName pulumi.StringOutput `pulumi:"distributionDomainName"`
	DistributionWebAclArn  pulumi.StringOutput `pulumi:"distributionWebAclArn"`

	// WorstCaseFailover is the longest a failover can take: interval ×
	// threshold + TTL.
	WorstCaseFailover time.Duration
	// HealthCheck and TTL are the settings in force.
	HealthCheck HealthCheck
	TTL         int

	PrimaryRecord, SecondaryRecord           *route53.Record
	PrimaryHealthCheck, SecondaryHealthCheck *route53.HealthCheck
	Distribution                             *cloudfront.Distribution
	WebAcl                                   *webacl.ACL
	Shield                                   *shieldprotection.Protection
}

var (
	hostName       = regexp.MustCompile(`^([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	aliasName      = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	pathPattern    = regexp.MustCompile(`^/[A-Za-z0-9_\-.*$/~"'@:+&]*$`)
	certificateArn = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[0-9a-f-]+$`)
)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if a.ZoneId == nil {
		return fmt.Errorf("failover %s: ZoneId is nil; give the Route 53 hosted zone of RecordName", name)
	}
	if a.RecordName == "" || len(a.RecordName) > 253 || !hostName.MatchString(a.RecordName) {
		return fmt.Errorf("failover %s: RecordName %q is not a lower-case DNS name such as api.example.com", name, a.RecordName)
	}
	if a.TTL == 0 {
		a.TTL = DefaultTTL
	}
	if a.TTL < 1 || a.TTL > MaxTTL {
		return fmt.Errorf("failover %s: TTL is %d; allowed values are 1 to %d seconds (0 means %d)", name, a.TTL, MaxTTL, DefaultTTL)
	}
	if a.HealthCheck == nil {
		a.HealthCheck = &HealthCheck{RequestInterval: DefaultRequestInterval, FailureThreshold: DefaultFailureThreshold}
	} else {
		hc := *a.HealthCheck
		a.HealthCheck = &hc
	}
	for _, s := range []struct {
		field string
		site  *Site
	}{{"Primary", &a.Primary}, {"Secondary", &a.Secondary}} {
		if err := s.site.check(name, s.field, a.RecordName); err != nil {
			return err
		}
		hc := s.site.healthCheck(*a.HealthCheck)
		if err := hc.Validate("HealthCheck"); err != nil {
			return fmt.Errorf("failover %s: %w", name, err)
		}
		a.HealthCheck.Port = hc.Port
	}
	if p, s := a.Primary.Target, a.Secondary.Target; isLiteral(p) && isLiteral(s) && p.(pulumi.String) == s.(pulumi.String) {
		return fmt.Errorf("failover %s: Primary and Secondary have the same Target %q; they must be two regions", name, string(p.(pulumi.String)))
	}
	if a.Primary.region != "" && a.Primary.region == a.Secondary.region {
		return fmt.Errorf("failover %s: Primary and Secondary are front doors in the same region, %s; the secondary must be in the disaster-recovery region", name, a.Primary.region)
	}
	worst := WorstCaseFailover(a.HealthCheck.RequestInterval, a.HealthCheck.FailureThreshold, a.TTL)
	if a.RecoveryTimeObjective < 0 {
		return fmt.Errorf("failover %s: RecoveryTimeObjective is %s; it must be positive, or 0 for none", name, a.RecoveryTimeObjective)
	}
	if a.RecoveryTimeObjective > 0 && worst > a.RecoveryTimeObjective {
		return fmt.Errorf("failover %s: the worst-case failover time is %s (HealthCheck.RequestInterval %ds × HealthCheck.FailureThreshold %d + TTL %ds), more than RecoveryTimeObjective %s; lower the interval, the threshold or the TTL",
			name, worst, a.HealthCheck.RequestInterval, a.HealthCheck.FailureThreshold, a.TTL, a.RecoveryTimeObjective)
	}
	if a.CloudFront != nil {
		cf := *a.CloudFront
		if err := cf.check(name, a.RecordName); err != nil {
			return err
		}
		a.CloudFront = &cf
	}
	return nil
}

func isLiteral(s pulumi.StringInput) bool {
	_, ok := s.(pulumi.String)
	return ok
}

// check checks a site and fills in its defaults.
func (s *Site) check(name, field, recordName string) error {
	if s.Target == nil {
		return fmt.Errorf("failover %s: %s.Target is nil; give the host the %s record points at", name, field, strings.ToLower(field))
	}
	if s.HealthCheckFQDN == nil {
		s.HealthCheckFQDN = s.Target
	}
	if s.HealthCheckPath == "" {
		s.HealthCheckPath = DefaultHealthCheckPath
	}
	if !strings.HasPrefix(s.HealthCheckPath, "/") || len(s.HealthCheckPath) > 255 {
		return fmt.Errorf("failover %s: %s.HealthCheckPath %q is not allowed; give a path starting with '/'", name, field, s.HealthCheckPath)
	}
	switch {
	case s.frontDoor && s.ServedName == "":
		return fmt.Errorf("failover %s: %s is a front door without a DomainName; API Gateway answers the failover name %s only through a custom domain of that name: give the front door DomainName %q", name, field, recordName, recordName)
	case s.ServedName != "" && s.ServedName != recordName:
		return fmt.Errorf("failover %s: %s.ServedName is %s but RecordName is %s; the site must answer to the failover name", name, field, s.ServedName, recordName)
	}
	if s.OriginDomain == nil {
		s.OriginDomain = s.HealthCheckFQDN
	}
	if s.OriginPath != "" && (!strings.HasPrefix(s.OriginPath, "/") || strings.HasSuffix(s.OriginPath, "/")) {
		return fmt.Errorf("failover %s: %s.OriginPath %q is not allowed; give a path such as /v1 (starting with '/', not ending with one)", name, field, s.OriginPath)
	}
	return nil
}

// healthCheck is the site's health check with the shared settings.
func (s *Site) healthCheck(h HealthCheck) shieldprotection.HealthCheck {
	return shieldprotection.HealthCheck{
		FQDN: s.HealthCheckFQDN, Path: s.HealthCheckPath, Port: h.Port,
		RequestInterval: h.RequestInterval, FailureThreshold: h.FailureThreshold, Regions: h.Regions,
	}
}

// check checks the CloudFront settings and fills in their defaults.
func (cf *CloudFront) check(name, recordName string) error {
	if len(cf.Aliases) == 0 {
		return fmt.Errorf("failover %s: CloudFront.Aliases is empty; the distribution needs a name and certificate of its own for TLS 1.2 (the default certificate allows TLS 1.0)", name)
	}
	for i, alias := range cf.Aliases {
		if !aliasName.MatchString(alias) || len(alias) > 253 {
			return fmt.Errorf("failover %s: CloudFront.Aliases[%d] %q is not a lower-case DNS name", name, i, alias)
		}
		if alias == recordName {
			return fmt.Errorf("failover %s: CloudFront.Aliases[%d] is RecordName %s, which points at the regions; give the distribution a name of its own", name, i, alias)
		}
		if slices.Index(cf.Aliases, alias) != i {
			return fmt.Errorf("failover %s: CloudFront.Aliases has %q twice", name, alias)
		}
	}
	if cf.CertificateArn == nil {
		return fmt.Errorf("failover %s: CloudFront.CertificateArn is nil; give the ACM certificate (in us-east-1) of CloudFront.Aliases", name)
	}
	if s, ok := cf.CertificateArn.(pulumi.String); ok {
		m := certificateArn.FindStringSubmatch(string(s))
		if m == nil {
			return fmt.Errorf("failover %s: CloudFront.CertificateArn %q is not an ACM certificate ARN", name, string(s))
		}
		if m[1] != CloudFrontRegion {
			return fmt.Errorf("failover %s: CloudFront.CertificateArn is in %s; CloudFront uses certificates in %s only", name, m[1], CloudFrontRegion)
		}
	}
	if cf.PriceClass == "" {
		cf.PriceClass = DefaultPriceClass
	}
	if !slices.Contains(PriceClasses, cf.PriceClass) {
		return fmt.Errorf("failover %s: CloudFront.PriceClass is %q; allowed values are %s", name, cf.PriceClass, strings.Join(PriceClasses, ", "))
	}
	if cf.WritePaths == nil {
		cf.WritePaths = DefaultWritePaths
	}
	for i, p := range cf.WritePaths {
		if !pathPattern.MatchString(p) || len(p) > 255 {
			return fmt.Errorf("failover %s: CloudFront.WritePaths[%d] %q is not a CloudFront path pattern such as /invocations", name, i, p)
		}
	}
	acl := webacl.Args{}
	if cf.WebAcl != nil {
		acl = *cf.WebAcl
	}
	if acl.Scope != "" && acl.Scope != webacl.CloudFront {
		return fmt.Errorf("failover %s: CloudFront.WebAcl.Scope is %s; the distribution's web ACL is CLOUDFRONT", name, acl.Scope)
	}
	if len(acl.Associations) > 0 {
		return fmt.Errorf("failover %s: CloudFront.WebAcl.Associations is not empty; the distribution names its web ACL itself", name)
	}
	acl.Scope = webacl.CloudFront
	if err := webacl.Validate(name+"-cdn", &acl); err != nil {
		return fmt.Errorf("failover %s: CloudFront.WebAcl: %w", name, err)
	}
	cf.WebAcl = &acl
	if len(cf.AlarmActions) > 0 && !cf.ShieldAdvanced {
		return fmt.Errorf("failover %s: CloudFront.AlarmActions are for the Shield Advanced alarm, and ShieldAdvanced is false", name)
	}
	for i, act := range cf.AlarmActions {
		if act == nil {
			return fmt.Errorf("failover %s: CloudFront.AlarmActions[%d] is nil", name, i)
		}
	}
	return nil
}

// Validate checks args as NewRegional does, without registering
// anything or asking a provider, and returns the worst-case failover time
// of the settings: a stack can hold it against its recovery time
// objective before it creates anything. (The CloudFront provider's region
// is checked by NewRegional.)
func Validate(name string, args *Args) (time.Duration, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return 0, err
	}
	return WorstCaseFailover(a.HealthCheck.RequestInterval, a.HealthCheck.FailureThreshold, a.TTL), nil
}

// NewRegional creates the failover records, their health checks
// and optionally the distribution. Args are checked before anything is
// registered, the CloudFront provider's region too. Resource options
// (provider, protect, aliases, ...) apply to the component and through it
// to every resource it creates; CloudFront.Provider overrides the
// provider of the distribution, its web ACL and Shield protection.
func NewRegional(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Regional, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	if a.CloudFront != nil {
		cfOpts := opts
		if a.CloudFront.Provider != nil {
			cfOpts = []pulumi.ResourceOption{pulumi.Provider(a.CloudFront.Provider)}
		}
		env, err := awsenv.Lookup(ctx, cfOpts...)
		if err != nil {
			return nil, fmt.Errorf("failover %s: %w", name, err)
		}
		if env.Region != CloudFrontRegion {
			return nil, fmt.Errorf("failover %s: the CloudFront web ACL would be created in %s; CLOUDFRONT web ACLs exist only in %s: give CloudFront.Provider, a provider in %s", name, env.Region, CloudFrontRegion, CloudFrontRegion)
		}
	}

	f := &Regional{
		WorstCaseFailover: WorstCaseFailover(a.HealthCheck.RequestInterval, a.HealthCheck.FailureThreshold, a.TTL),
		HealthCheck:       *a.HealthCheck,
		TTL:               a.TTL,
	}
	if err := ctx.RegisterComponentResource(Type, name, f, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(f)
	var err error
	if f.PrimaryHealthCheck, f.PrimaryRecord, err = a.record(ctx, name, "primary", a.Primary, in); err != nil {
		return nil, err
	}
	if f.SecondaryHealthCheck, f.SecondaryRecord, err = a.record(ctx, name, "secondary", a.Secondary, in); err != nil {
		return nil, err
	}

	empty := pulumi.String("").ToStringOutput()
	f.DistributionId, f.DistributionArn, f.DistributionDomainName, f.DistributionWebAclArn = empty, empty, empty, empty
	if a.CloudFront != nil {
		if err := f.distribution(ctx, name, &a, in); err != nil {
			return nil, err
		}
	}

	f.RecordName = pulumi.String(a.RecordName).ToStringOutput()
	f.PrimaryHealthCheckId, f.PrimaryHealthCheckArn = f.PrimaryHealthCheck.ID().ToStringOutput(), f.PrimaryHealthCheck.Arn
	f.SecondaryHealthCheckId, f.SecondaryHealthCheckArn = f.SecondaryHealthCheck.ID().ToStringOutput(), f.SecondaryHealthCheck.Arn
	f.WorstCaseFailoverSeconds = pulumi.Int(int(f.WorstCaseFailover / time.Second)).ToIntOutput()
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{
		"recordName":           f.RecordName,
		"primaryHealthCheckId": f.PrimaryHealthCheckId, "primaryHealthCheckArn": f.PrimaryHealthCheckArn,
		"secondaryHealthCheckId": f.SecondaryHealthCheckId, "secondaryHealthCheckArn": f.SecondaryHealthCheckArn,
		"worstCaseFailoverSeconds": f.WorstCaseFailoverSeconds,
		"distributionId":           f.DistributionId, "distributionArn": f.DistributionArn,
		"distributionDomainName": f.DistributionDomainName, "distributionWebAclArn": f.DistributionWebAclArn,
	})
}

// record creates a site's health check and failover record; role is
// "primary" or "secondary".
func (a *Args) record(ctx *pulumi.Context, name, role string, site Site, in pulumi.ResourceOption) (*route53.HealthCheck, *route53.Record, error) {
	hc, err := shieldprotection.NewHealthCheck(ctx, name+"-"+role, site.healthCheck(*a.HealthCheck), a.Tags, in)
	if err != nil {
		return nil, nil, err
	}
	rec, err := route53.NewRecord(ctx, name+"-"+role, &route53.RecordArgs{
		ZoneId:                  a.ZoneId,
		Name:                    pulumi.String(a.RecordName),
		Type:                    pulumi.String("CNAME"),
		Ttl:                     pulumi.Int(a.TTL),
		Records:                 pulumi.StringArray{site.Target},
		SetIdentifier:           pulumi.String(role),
		FailoverRoutingPolicies: route53.RecordFailoverRoutingPolicyArray{&route53.RecordFailoverRoutingPolicyArgs{Type: pulumi.String(strings.ToUpper(role))}},
		HealthCheckId:           hc.ID().ToStringOutput(),
	}, in)
	return hc, rec, err
}

// distribution creates the CloudFront distribution, its web ACL and, when
// asked, its Shield Advanced protection.
func (f *Regional) distribution(ctx *pulumi.Context, name string, a *Args, in pulumi.ResourceOption) error {
	cf := a.CloudFront
	cfOpts := []pulumi.ResourceOption{in}
	if cf.Provider != nil {
		cfOpts = append(cfOpts, pulumi.Provider(cf.Provider))
	}
	acl := *cf.WebAcl
	if acl.Tags == nil {
		acl.Tags = a.Tags
	}
	var err error
	if f.WebAcl, err = webacl.NewACL(ctx, name+"-cdn", &acl, cfOpts...); err != nil {
		return err
	}

	origin := func(id string, domain pulumi.StringInput, path string) *cloudfront.DistributionOriginArgs {
		o := &cloudfront.DistributionOriginArgs{
			OriginId:   pulumi.String(id),
			DomainName: domain,
			CustomOriginConfig: &cloudfront.DistributionOriginCustomOriginConfigArgs{
				HttpPort:               pulumi.Int(80),
				HttpsPort:              pulumi.Int(443),
				OriginProtocolPolicy:   pulumi.String("https-only"),
				OriginSslProtocols:     pulumi.StringArray{pulumi.String("TLSv1.2")},
				OriginReadTimeout:      pulumi.Int(60),
				OriginKeepaliveTimeout: pulumi.Int(5),
			},
		}
		if path != "" {
			o.OriginPath = pulumi.String(path)
		}
		return o
	}
	readMethods := pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS"})
	cached := pulumi.ToStringArray([]string{"GET", "HEAD"})
	var writes cloudfront.DistributionOrderedCacheBehaviorArray
	for _, p := range cf.WritePaths {
		writes = append(writes, &cloudfront.DistributionOrderedCacheBehaviorArgs{
			PathPattern:             pulumi.String(p),
			TargetOriginId:          pulumi.String(OriginFailover),
			AllowedMethods:          pulumi.ToStringArray([]string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}),
			CachedMethods:           cached,
			CachePolicyId:           pulumi.String(CachingDisabledPolicyId),
			OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyId),
			ResponseHeadersPolicyId: pulumi.String(SecurityHeadersPolicyId),
			ViewerProtocolPolicy:    pulumi.String("https-only"),
			Compress:                pulumi.Bool(true),
		})
	}
	f.Distribution, err = cloudfront.NewDistribution(ctx, name, &cloudfront.DistributionArgs{
		Enabled:       pulumi.Bool(true),
		Comment:       pulumi.String("modelfort " + name + ": " + a.RecordName + " in two regions"),
		Aliases:       pulumi.ToStringArray(cf.Aliases),
		IsIpv6Enabled: pulumi.Bool(true),
		HttpVersion:   pulumi.String("http2and3"),
		PriceClass:    pulumi.String(cf.PriceClass),
		WebAclId:      f.WebAcl.Arn,
		Origins: cloudfront.DistributionOriginArray{
			origin(OriginPrimary, a.Primary.OriginDomain, a.Primary.OriginPath),
			origin(OriginSecondary, a.Secondary.OriginDomain, a.Secondary.OriginPath),
			origin(OriginFailover, pulumi.String(a.RecordName), ""),
		},
		OriginGroups: cloudfront.DistributionOriginGroupArray{&cloudfront.DistributionOriginGroupArgs{
			OriginId:         pulumi.String(OriginRegions),
			FailoverCriteria: &cloudfront.DistributionOriginGroupFailoverCriteriaArgs{StatusCodes: pulumi.ToIntArray(FailoverStatusCodes)},
			Members: cloudfront.DistributionOriginGroupMemberArray{
				&cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(OriginPrimary)},
				&cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(OriginSecondary)},
			},
		}},
		DefaultCacheBehavior: &cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(OriginRegions),
			AllowedMethods:          readMethods,
			CachedMethods:           cached,
			CachePolicyId:           pulumi.String(CachingDisabledPolicyId),
			OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyId),
			ResponseHeadersPolicyId: pulumi.String(SecurityHeadersPolicyId),
			ViewerProtocolPolicy:    pulumi.String("https-only"),
			Compress:                pulumi.Bool(true),
		},
		OrderedCacheBehaviors: writes,
		ViewerCertificate: &cloudfront.DistributionViewerCertificateArgs{
			AcmCertificateArn:      cf.CertificateArn,
			SslSupportMethod:       pulumi.String("sni-only"),
			MinimumProtocolVersion: pulumi.String(MinimumProtocolVersion),
		},
		Restrictions: &cloudfront.DistributionRestrictionsArgs{
			GeoRestriction: &cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String("none")},
		},
		Tags: pulumi.ToStringMap(a.Tags),
	}, cfOpts...)
	if err != nil {
		return err
	}
	f.DistributionId, f.DistributionArn = f.Distribution.ID().ToStringOutput(), f.Distribution.Arn
	f.DistributionDomainName, f.DistributionWebAclArn = f.Distribution.DomainName, f.WebAcl.Arn

	if cf.ShieldAdvanced {
		// Healthy while either region is: the distribution serves then.
		calc, err := route53.NewHealthCheck(ctx, name+"-either-region", &route53.HealthCheckArgs{
			Type:                 pulumi.String("CALCULATED"),
			ChildHealthchecks:    pulumi.StringArray{f.PrimaryHealthCheck.ID().ToStringOutput(), f.SecondaryHealthCheck.ID().ToStringOutput()},
			ChildHealthThreshold: pulumi.Int(1),
			Tags:                 pulumi.ToStringMap(withName(a.Tags, name+"-either-region")),
		}, in)
		if err != nil {
			return err
		}
		if f.Shield, err = shieldprotection.NewProtection(ctx, name+"-cdn", &shieldprotection.Args{
			Resources: []shieldprotection.Resource{{
				Name: "distribution", Arn: f.Distribution.Arn, Type: shieldprotection.CloudFrontDistribution, HealthCheckArn: calc.Arn,
			}},
			AlarmActions: cf.AlarmActions,
			Tags:         a.Tags,
		}, cfOpts...); err != nil {
			return err
		}
	}
	return nil
}

func withName(tags map[string]string, name string) map[string]string {
	out := map[string]string{"Name": name}
	for k, v := range tags {
		out[k] = v
	}
	return out
}
