package failover

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and bounds.
const (
	DefaultTTL              = 60
	MaxTTL                  = 86400
	DefaultRequestInterval  = 30
	DefaultFailureThreshold = 3
	DefaultHealthCheckPath  = healthcheck.DefaultPath
	DefaultPriceClass       = "PriceClass_All"
	// DefaultOriginReadTimeout and MaxOriginReadTimeout bound how long
	// CloudFront waits for a region's answer, in seconds.
	DefaultOriginReadTimeout = 60
	MaxOriginReadTimeout     = 180
	// CloudFrontRegion is where the distribution's web ACL and
	// certificate must be.
	CloudFrontRegion = "us-east-1"
)

// PriceClasses are CloudFront's price classes.
var PriceClasses = []string{"PriceClass_All", "PriceClass_200", "PriceClass_100"}

// DefaultWritePaths are the paths whose POSTs follow the failover name.
var DefaultWritePaths = []string{"/" + frontdoor.InvocationsPath}

// HealthCheck sets the health checks of both sites (each probes its own
// Site.HealthCheckFQDN and Site.HealthCheckPath). When given, its
// RequestInterval and FailureThreshold must be stated.
type HealthCheck struct {
	// Port is the HTTPS port probed, 1 to 65535. Default: 443.
	Port int
	// RequestInterval is 10 or 30 seconds. Required.
	RequestInterval int
	// FailureThreshold is 1 to 10 checks. Required.
	FailureThreshold int
	// Regions are the checker regions, at least 3 of
	// healthcheck.CheckerRegions. Default: all.
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
	// HealthCheckPath is the path probed, starting with '/'. Default:
	// "/health".
	HealthCheckPath string
	// ServedName is the name the site answers to; when set it must be
	// RecordName.
	ServedName string
	// OriginDomain and OriginPath are where CloudFront reaches the site
	// directly; OriginPath starts with '/' and does not end with one.
	// Defaults: HealthCheckFQDN and "".
	OriginDomain pulumi.StringInput
	OriginPath   string

	// Alarms are CloudWatch alarms on what the site serves (its model
	// endpoint's errors and latency): with any, the site's failover
	// record follows a calculated health check that is healthy only
	// while the HTTPS probe and every alarm's check are. Default: none
	// (the record follows the probe alone).
	Alarms []Alarm

	// frontDoor and region are set by FromFrontDoor.
	frontDoor bool
	region    string
}

// Alarm is a CloudWatch alarm that a Route 53 health check watches
// (a CLOUDWATCH_METRIC health check): standard resolution, one metric,
// no metric math, as Route 53 requires.
type Alarm struct {
	// Name is the alarm's name. Required.
	Name pulumi.StringInput
	// Region is where the alarm is: an AWS region. Required.
	Region string
	// Detection is how long the alarm takes to see a failure (period ×
	// evaluation periods, such as modelendpoint.Endpoint.AlarmDetection).
	// Required: it counts towards WorstCaseFailover.
	Detection time.Duration
}

// CloudFront configures the distribution in front of both regions.
type CloudFront struct {
	// Aliases are the distribution's names (not RecordName, which
	// points at the regions): lower-case DNS names, "*." allowed, each
	// once. At least one: TLS 1.2 needs a certificate of its own.
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
	// OriginReadTimeoutSeconds is how long CloudFront waits for an answer
	// from a region: at least the front doors' integration timeout, 1 to
	// 180 (beyond 60 only once the account's CloudFront quota is
	// raised). Default: 60.
	OriginReadTimeoutSeconds int
	// PriceClass is one of PriceClasses. Default: PriceClass_All.
	PriceClass string
	// WritePaths are path patterns whose requests (POST and the like) go
	// to the failover name instead of the origin group. Default:
	// ["/invocations"].
	WritePaths []string
	// ShieldAdvanced protects the distribution with Shield Advanced, for
	// an account that subscribes (nothing here subscribes). Default:
	// false.
	ShieldAdvanced bool
	// AlarmActions are notified by the Shield Advanced DDoSDetected alarm
	// (with ShieldAdvanced only).
	AlarmActions []pulumi.StringInput
	// ShieldMitigation is the action of Shield Advanced's automatic
	// application-layer (L7) DDoS mitigation on the distribution, whose
	// rules Shield adds to the distribution's web ACL during an attack:
	// COUNT or BLOCK (with ShieldAdvanced only). Default: COUNT, as AWS
	// advises while Shield learns the traffic's baseline (BLOCK once the
	// counted rules are seen to match attacks only:
	// https://docs.aws.amazon.com/waf/latest/developerguide/ddos-automatic-app-layer-response.html).
	ShieldMitigation string
}

// Args configures a Regional. ZoneId, RecordName, Primary and
// Secondary are required; the rest has defaults.
type Args struct {
	// ZoneId is the Route 53 hosted zone of RecordName. Required.
	ZoneId pulumi.StringInput
	// RecordName is the failover name, a lower-case DNS name such as
	// "api.example.com" (not a zone apex: the records are CNAMEs).
	// Required.
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
	// WorstCaseFailover exceeds it. Default: none.
	RecoveryTimeObjective time.Duration
	// CloudFront, when set, puts a distribution in front of both regions.
	// Default: none.
	CloudFront *CloudFront
	// Tags are added to the health checks, distribution and web ACL.
	Tags map[string]string
}

const pkg = "failover"

// Validate checks a and fills in its defaults (the sites', the health
// checks' and CloudFront's), as NewRegional does; name is the
// component's. The CloudFront provider's region is checked by
// NewRegional.
func (a *Args) Validate(name string) error {
	if a.ZoneId == nil {
		return fmt.Errorf("ZoneId is nil; give the Route 53 hosted zone of RecordName")
	}
	if !verify.IsDNSName(a.RecordName) {
		return fmt.Errorf("RecordName %q is not a lower-case DNS name such as api.example.com", a.RecordName)
	}
	if a.TTL == 0 {
		a.TTL = DefaultTTL
	}
	if a.TTL < 1 || a.TTL > MaxTTL {
		return fmt.Errorf("TTL is %d; allowed values are 1 to %d seconds (0 means %d)", a.TTL, MaxTTL, DefaultTTL)
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
		if err := s.site.check(s.field, a.RecordName); err != nil {
			return err
		}
		hc := s.site.healthCheck(*a.HealthCheck)
		if err := hc.Validate("HealthCheck"); err != nil {
			return err
		}
		a.HealthCheck.Port = hc.Port
	}
	if p, s := a.Primary.Target, a.Secondary.Target; isLiteral(p) && isLiteral(s) && p.(pulumi.String) == s.(pulumi.String) {
		return fmt.Errorf("Primary and Secondary have the same Target %q; they must be two regions", string(p.(pulumi.String)))
	}
	if a.Primary.region != "" && a.Primary.region == a.Secondary.region {
		return fmt.Errorf("Primary and Secondary are front doors in the same region, %s; the secondary must be in the disaster-recovery region", a.Primary.region)
	}
	if err := a.checkRecoveryTime(); err != nil {
		return err
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

// worstCase is the longest a failover can take with a's settings: the
// slowest of the probe (interval × threshold) and the sites' alarms to
// see a failure, and a TTL more.
func (a *Args) worstCase() time.Duration {
	return a.detection() + time.Duration(a.TTL)*time.Second
}

// detection is how long the slowest check of either site takes to see a
// failure.
func (a *Args) detection() time.Duration {
	d := WorstCaseFailover(a.HealthCheck.RequestInterval, a.HealthCheck.FailureThreshold, 0)
	for _, s := range []Site{a.Primary, a.Secondary} {
		for _, al := range s.Alarms {
			d = max(d, al.Detection)
		}
	}
	return d
}

// checkRecoveryTime holds the worst-case failover time against
// RecoveryTimeObjective.
func (a *Args) checkRecoveryTime() error {
	worst := a.worstCase()
	if a.RecoveryTimeObjective < 0 {
		return fmt.Errorf("RecoveryTimeObjective is %s; it must be positive, or 0 for none", a.RecoveryTimeObjective)
	}
	if a.RecoveryTimeObjective > 0 && worst > a.RecoveryTimeObjective {
		return fmt.Errorf("the worst-case failover time is %s (detection %s, the slowest of HealthCheck.RequestInterval %ds × HealthCheck.FailureThreshold %d and the sites' Alarms, + TTL %ds), more than RecoveryTimeObjective %s; lower the interval, the threshold, the alarms' periods or the TTL",
			worst, a.detection(), a.HealthCheck.RequestInterval, a.HealthCheck.FailureThreshold, a.TTL, a.RecoveryTimeObjective)
	}
	return nil
}

// Validate checks args as NewRegional does, without registering
// anything or asking a provider, and returns the worst-case failover time
// of the settings: a stack can hold it against its recovery time
// objective before it creates anything. Its errors carry the prefix
// "failover NAME: ". (The CloudFront provider's region is checked by
// NewRegional.)
func Validate(name string, args *Args) (time.Duration, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return 0, err
	}
	return a.worstCase(), nil
}
