package audittrail

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/logretention"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults.
const (
	DefaultLogRetentionDays = 365
	// DefaultBucketRetentionDays is the object-lock retention of the log
	// bucket (COMPLIANCE).
	DefaultBucketRetentionDays = 365
)

// LogRetentionDays are the retention periods CloudWatch Logs accepts.
var LogRetentionDays = logretention.Days

// Args configures a Trail. The zero value is a valid, secure trail.
type Args struct {
	// TrailName is the trail's name: 3 to 128 letters, digits, '.', '_'
	// and '-', starting and ending with a letter or digit. Default:
	// "modelfort-NAME".
	TrailName string
	// BucketRetention is the log bucket's object-lock retention, as
	// wormbucket.Args.Retention allows (COMPLIANCE or GOVERNANCE; Days 1
	// to 36500 or Years 1 to 100). Default: COMPLIANCE for 365 days.
	BucketRetention *wormbucket.Retention
	// LogRetentionDays is how long CloudWatch Logs keeps the events; one
	// of LogRetentionDays. Default (0): 365.
	LogRetentionDays int
	// DataEventBuckets are ARNs of buckets whose object-level reads and
	// writes are recorded. Default: none (management events only). No
	// element may be nil.
	DataEventBuckets []pulumi.StringInput
	// GuardDuty creates a GuardDuty detector with S3 protection. Default:
	// false (a detector is an account singleton).
	GuardDuty bool
	// NoInsights turns CloudTrail Insights off: no events when the rate of
	// write management API calls or of API errors departs from the
	// account's baseline. An explicit loosening (Insights are billed per
	// event analysed). Default: false, both ApiCallRateInsight and
	// ApiErrorRateInsight on.
	NoInsights bool
	// Tags are added to the trail, key, bucket, log group and detector.
	// Default: none.
	Tags map[string]string
}

var trailName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{1,126}[a-zA-Z0-9]$`)

// Validate checks the arguments of the trail named name, and the log
// bucket's retention, and fills in their defaults; its errors name the
// field and the allowed values.
func (a *Args) Validate(name string) error {
	if a.TrailName == "" {
		a.TrailName = "modelfort-" + name
	}
	if !trailName.MatchString(a.TrailName) {
		return fmt.Errorf("TrailName %q is not allowed; use 3 to 128 letters, digits, '.', '_' and '-', starting and ending with a letter or digit", a.TrailName)
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if err := loggroup.CheckRetention("LogRetentionDays", a.LogRetentionDays); err != nil {
		return err
	}
	if a.BucketRetention == nil {
		a.BucketRetention = &wormbucket.Retention{Mode: wormbucket.Compliance, Days: DefaultBucketRetentionDays}
	}
	if err := verify.NoneNil("DataEventBuckets", a.DataEventBuckets); err != nil {
		return err
	}
	logs := wormbucket.Args{Retention: a.BucketRetention}
	if err := logs.Validate(name + "-logs"); err != nil {
		return fmt.Errorf("BucketRetention: wormbucket %s-logs: %w", name, err)
	}
	return nil
}
