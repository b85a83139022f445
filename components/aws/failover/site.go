package failover

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/internal/verify"
)

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

// check checks a site and fills in its defaults; field names it
// ("Primary").
func (s *Site) check(field, recordName string) error {
	if s.Target == nil {
		return fmt.Errorf("%s.Target is nil; give the host the %s record points at", field, strings.ToLower(field))
	}
	if s.HealthCheckFQDN == nil {
		s.HealthCheckFQDN = s.Target
	}
	if s.HealthCheckPath == "" {
		s.HealthCheckPath = DefaultHealthCheckPath
	}
	if !strings.HasPrefix(s.HealthCheckPath, "/") || len(s.HealthCheckPath) > healthcheck.MaxPathLength {
		return fmt.Errorf("%s.HealthCheckPath %q is not allowed; give a path starting with '/'", field, s.HealthCheckPath)
	}
	switch {
	case s.frontDoor && s.ServedName == "":
		return fmt.Errorf("%s is a front door without a DomainName; API Gateway answers the failover name %s only through a custom domain of that name: give the front door DomainName %q", field, recordName, recordName)
	case s.ServedName != "" && s.ServedName != recordName:
		return fmt.Errorf("%s.ServedName is %s but RecordName is %s; the site must answer to the failover name", field, s.ServedName, recordName)
	}
	if s.OriginDomain == nil {
		s.OriginDomain = s.HealthCheckFQDN
	}
	if s.OriginPath != "" && (!strings.HasPrefix(s.OriginPath, "/") || strings.HasSuffix(s.OriginPath, "/")) {
		return fmt.Errorf("%s.OriginPath %q is not allowed; give a path such as /v1 (starting with '/', not ending with one)", field, s.OriginPath)
	}
	for i, al := range s.Alarms {
		switch {
		case al.Name == nil:
			return fmt.Errorf("%s.Alarms[%d].Name is nil; give the CloudWatch alarm's name", field, i)
		case !verify.IsAWSRegion(al.Region):
			return fmt.Errorf("%s.Alarms[%d].Region is %q; give the AWS region of the alarm, such as us-east-1", field, i, al.Region)
		case al.Detection <= 0:
			return fmt.Errorf("%s.Alarms[%d].Detection is %s; give how long the alarm takes to see a failure (period × evaluation periods)", field, i, al.Detection)
		}
	}
	return nil
}

// healthCheck is the site's health check with the shared settings h.
func (s *Site) healthCheck(h HealthCheck) healthcheck.Args {
	return healthcheck.Args{
		FQDN: s.HealthCheckFQDN, Path: s.HealthCheckPath, Port: h.Port,
		RequestInterval: h.RequestInterval, FailureThreshold: h.FailureThreshold, Regions: h.Regions,
	}
}

func isLiteral(s pulumi.StringInput) bool {
	_, ok := s.(pulumi.String)
	return ok
}
