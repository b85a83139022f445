package failover

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and bounds.
const (
	DefaultSubDomain = "model"
	// DefaultTTL is short, so that a failover reaches clients within a
	// minute; PrivateDNS allows 1 to 86400 seconds.
	DefaultTTL = 30
	MaxTTL     = 86400
	// DefaultBandwidthMbps is the CCN limit between two regions.
	DefaultBandwidthMbps = 100
	MaxBandwidthMbps     = 100000
	// ChargeType and LimitType of the CCN: billed by use, limited per
	// pair of regions.
	ChargeType = "POSTPAID"
	LimitType  = "INTER_REGION_LIMIT"
	// MinSites is how many regions a failover joins.
	MinSites = 2
)

// Site is one serving region.
type Site struct {
	// Region of the site. Required; regions differ.
	Region string
	// VpcId is the site's VPC: joined to the CCN and bound to the zone.
	// Required.
	VpcId pulumi.StringInput
	// Address is the site's load balancer address that the name points
	// at while the site is active. Required.
	Address pulumi.StringInput
}

// Args configures a Failover. Domain, Sites and Active are required.
type Args struct {
	// Domain is the private zone, such as "modelfort.internal": two or
	// more labels of letters, digits and '-'. Required.
	Domain string
	// SubDomain is the record's name in the zone: the service answers to
	// SubDomain.Domain. Default: "model".
	SubDomain string
	// Sites are the serving regions, at least 2. Required.
	Sites []Site
	// Active is the region the name points at. Required: one of Sites.
	Active string
	// TTL of the record in seconds: 1 to 86400. Default: 30.
	TTL int
	// BandwidthMbps is the CCN's limit between each pair of regions:
	// 1 to 100000. Default: 100.
	BandwidthMbps int
	// Name is the CCN's name: 1 to 60 characters. Default:
	// "modelfort-NAME".
	Name string
	// Tags are added to the CCN and the zone. Default: none.
	Tags map[string]string
}

var (
	domain    = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	subDomain = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	region    = regexp.MustCompile(`^[a-z]{2}-[a-z]+(-[a-z]+)?$`)
)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if err := ValidateDomain("Domain", a.Domain); err != nil {
		return err
	}
	if a.SubDomain == "" {
		a.SubDomain = DefaultSubDomain
	}
	if !subDomain.MatchString(a.SubDomain) {
		return fmt.Errorf("SubDomain is %q; allowed values are one label of 1 to 63 lower-case letters, digits and '-'", a.SubDomain)
	}
	if len(a.Sites) < MinSites {
		return fmt.Errorf("Sites has %d site(s); allowed values are at least %d regions", len(a.Sites), MinSites)
	}
	var regions []string
	for i, s := range a.Sites {
		if !region.MatchString(s.Region) {
			return fmt.Errorf("Sites[%d].Region is %q; give a Tencent Cloud region such as ap-shanghai", i, s.Region)
		}
		if slices.Contains(regions, s.Region) {
			return fmt.Errorf("Sites[%d].Region is %q, which another site has; give each site its own region", i, s.Region)
		}
		regions = append(regions, s.Region)
		if s.VpcId == nil || s.Address == nil {
			return fmt.Errorf("Sites[%d] has no VpcId or Address; give the site's VPC and load balancer address", i)
		}
	}
	if !slices.Contains(regions, a.Active) {
		return fmt.Errorf("Active is %q; allowed values are the sites' regions: %s", a.Active, strings.Join(regions, ", "))
	}
	if a.TTL == 0 {
		a.TTL = DefaultTTL
	}
	if err := verify.Between("TTL", a.TTL, 1, MaxTTL, DefaultTTL); err != nil {
		return err
	}
	if a.BandwidthMbps == 0 {
		a.BandwidthMbps = DefaultBandwidthMbps
	}
	if err := verify.Between("BandwidthMbps", a.BandwidthMbps, 1, MaxBandwidthMbps, DefaultBandwidthMbps); err != nil {
		return err
	}
	if a.Name == "" {
		a.Name = "modelfort-" + name
	}
	if n := len(a.Name); n > 60 {
		return fmt.Errorf("Name is %q (%d characters); allowed values are 1 to 60 characters", a.Name, n)
	}
	return nil
}

// ValidateDomain checks a private zone name; field names it in the error.
func ValidateDomain(field, d string) error {
	if !domain.MatchString(d) {
		return fmt.Errorf("%s is %q; allowed values are private zone names of two or more labels of lower-case letters, digits and '-', such as modelfort.internal", field, d)
	}
	return nil
}
