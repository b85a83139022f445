package healthcheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and bounds.
const (
	// DefaultPort is the HTTPS port probed.
	DefaultPort = 443
	// DefaultPath is the path requested.
	DefaultPath = "/health"
	// MinFailureThreshold and MaxFailureThreshold bound how many checks
	// in a row must fail (or pass) to change the status.
	MinFailureThreshold = 1
	MaxFailureThreshold = 10
	// MinCheckerRegions is the fewest checker regions Route 53 accepts.
	MinCheckerRegions = 3
	// MaxPathLength is the longest path Route 53 requests.
	MaxPathLength = 255
)

// RequestIntervals are the seconds Route 53 may wait between checks.
var RequestIntervals = []int{10, 30}

// CheckerRegions are the regions Route 53 health checkers call from.
var CheckerRegions = []string{"us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"}

// Args is a Route 53 HTTPS health check of an application endpoint, with
// latency measurement. FQDN, RequestInterval and FailureThreshold are
// required: the interval and the threshold together decide how soon a
// failure is seen.
type Args struct {
	// FQDN is the host name probed (and sent as SNI and Host): a DNS name
	// such as api.example.com, in any case, with or without a trailing
	// dot. Required.
	FQDN pulumi.StringInput
	// Port is the HTTPS port, 1 to 65535. Default: 443.
	Port int
	// Path is the path requested: it starts with '/', at most 255
	// characters. Default: "/health".
	Path string
	// RequestInterval is 10 or 30 seconds between checks. Required.
	RequestInterval int
	// FailureThreshold is how many checks in a row must fail (or pass) to
	// change the status: 1 to 10. Required.
	FailureThreshold int
	// Regions are the checker regions, at least 3 of CheckerRegions,
	// each once. Default: all of them.
	Regions []string
}

// Validate checks a and fills in its defaults; field names a in errors
// (such as "Resources[0].HealthCheck").
func (a *Args) Validate(field string) error {
	if a.FQDN == nil {
		return fmt.Errorf("%s.FQDN is nil; give the host name Route 53 probes", field)
	}
	if s, ok := a.FQDN.(pulumi.String); ok && !isHostName(string(s)) {
		return fmt.Errorf("%s.FQDN %q is not a host name", field, string(s))
	}
	if a.Port == 0 {
		a.Port = DefaultPort
	}
	if err := verify.Between(field+".Port", a.Port, 1, 65535, DefaultPort); err != nil {
		return err
	}
	if a.Path == "" {
		a.Path = DefaultPath
	}
	if !strings.HasPrefix(a.Path, "/") || len(a.Path) > MaxPathLength {
		return fmt.Errorf("%s.Path %q is not allowed; give a path starting with '/', at most %d characters", field, a.Path, MaxPathLength)
	}
	if !slices.Contains(RequestIntervals, a.RequestInterval) {
		return fmt.Errorf("%s.RequestInterval is %d; allowed values are 10 and 30 (seconds)", field, a.RequestInterval)
	}
	if err := verify.Between(field+".FailureThreshold", a.FailureThreshold, MinFailureThreshold, MaxFailureThreshold, 0); err != nil {
		return err
	}
	if a.Regions != nil && len(a.Regions) < MinCheckerRegions {
		return fmt.Errorf("%s.Regions has %d regions; Route 53 needs at least %d of %s (or none, for all)", field, len(a.Regions), MinCheckerRegions, strings.Join(CheckerRegions, ", "))
	}
	for i, r := range a.Regions {
		if err := verify.OneOf(fmt.Sprintf("%s.Regions[%d]", field, i), r, CheckerRegions...); err != nil {
			return err
		}
		if slices.Index(a.Regions, r) != i {
			return fmt.Errorf("%s.Regions has %q twice", field, r)
		}
	}
	return nil
}

// isHostName reports whether s is a DNS name as Route 53 takes it for a
// health check: in any case, with or without a trailing dot.
func isHostName(s string) bool {
	return verify.IsDNSName(strings.TrimSuffix(strings.ToLower(s), "."))
}
