package threatdetection

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// GuardDuty finding publishing frequencies
// (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html).
const (
	FifteenMinutes = "FIFTEEN_MINUTES"
	OneHour        = "ONE_HOUR"
	SixHours       = "SIX_HOURS"
)

// Security Hub standards a Detection can subscribe to, by the name
// Args.Standard takes.
const (
	// StandardFSBP is AWS Foundational Security Best Practices v1.0.0,
	// the default.
	StandardFSBP = "fsbp"
	// StandardCIS140 and StandardCIS300 are the CIS AWS Foundations
	// Benchmark v1.4.0 and v3.0.0.
	StandardCIS140 = "cis-1.4.0"
	StandardCIS300 = "cis-3.0.0"
	// StandardNIST80053 is NIST SP 800-53 Rev. 5.
	StandardNIST80053 = "nist-800-53-r5"
)

// Standards maps each standard's name to its path in the standard's ARN,
// arn:PARTITION:securityhub:REGION::standards/PATH
// (https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html).
var Standards = map[string]string{
	StandardFSBP:      "aws-foundational-security-best-practices/v/1.0.0",
	StandardCIS140:    "cis-aws-foundations-benchmark/v/1.4.0",
	StandardCIS300:    "cis-aws-foundations-benchmark/v/3.0.0",
	StandardNIST80053: "nist-800-53/v/5.0.0",
}

// StandardArn is the ARN of a named standard in a partition and region.
func StandardArn(standard, partition, region string) string {
	return fmt.Sprintf("arn:%s:securityhub:%s::standards/%s", partition, region, Standards[standard])
}

// DefaultConfigBucketRetentionDays is how long the component's AWS Config
// bucket keeps noncurrent versions of the configuration history.
const DefaultConfigBucketRetentionDays = 365

// GuardDuty chooses who owns the region's GuardDuty detector. A region has
// at most one detector per account, and an AWS Organizations GuardDuty
// administrator often creates it in every member account: a second one is
// refused. The zero value owns one.
type GuardDuty struct {
	// OrganizationManaged says the region's detector belongs to the
	// organization's GuardDuty administrator (auto-enable): the component
	// creates none and verifies, through the getDetector data source, that
	// the region has a detector that is ENABLED with S3 protection
	// (S3_DATA_EVENTS) enabled; if not, the deployment fails naming the
	// region and what is missing. Default: false, the component owns an
	// enabled detector with S3 protection.
	OrganizationManaged bool
	// FindingPublishingFrequency is how often updated findings are
	// published: FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS. Default:
	// FIFTEEN_MINUTES. Not with OrganizationManaged (the administrator's).
	FindingPublishingFrequency string
}

// MalwareScanBucket is a bucket GuardDuty Malware Protection for S3 scans:
// every new object is scanned and tagged with the result
// (GuardDutyMalwareScanStatus).
type MalwareScanBucket struct {
	// Key names the bucket's plan and role (NAME-malware-KEY) and its
	// entry in MalwareProtectionPlanArns: 1 to 20 lower-case letters,
	// digits and '-', starting with a letter. Required, unique.
	Key string
	// BucketName is the bucket's name (not its ARN), a bucket of the
	// component's account and region, such as wormbucket.Bucket.BucketName.
	// Required.
	BucketName pulumi.StringInput
	// KMSKeyArns are the KMS keys the bucket's objects are encrypted with
	// (SSE-KMS): the scan role may decrypt with them, through S3 only.
	// Default: none (SSE-S3). No element may be nil.
	KMSKeyArns []pulumi.StringInput
}

// Args configures a Detection. The zero value is the secure default: a
// detector with S3 protection, Security Hub with AWS Foundational
// Security Best Practices, and AWS Config recording every supported
// resource type with the managed rules of ManagedRules.
type Args struct {
	// GuardDuty chooses between owning the region's detector (default)
	// and verifying the organization's (GuardDuty.OrganizationManaged).
	GuardDuty GuardDuty
	// MalwareScanBuckets are scanned by GuardDuty Malware Protection for
	// S3, one plan each, with tagging on. Default: none.
	MalwareScanBuckets []MalwareScanBucket
	// Standard is the Security Hub standard subscribed to: "fsbp",
	// "cis-1.4.0", "cis-3.0.0" or "nist-800-53-r5". Default: "fsbp". Not
	// with NoSecurityHub.
	Standard string
	// NoSecurityHub enables no Security Hub and subscribes to no
	// standard: an explicit loosening, for a region whose hub the
	// organization's delegated administrator enables and configures
	// (central configuration). Default: false.
	NoSecurityHub bool
	// NoConfig creates no AWS Config recorder, delivery channel or rules:
	// an explicit loosening, for a region whose recorder another stack or
	// the organization owns (AWS allows one per region). Default: false.
	NoConfig bool
	// ConfigRoleArn is the role the recorder uses. Default: the component
	// creates the AWS Config service-linked role AWSServiceRoleForConfig,
	// which an account has once: create it in one region's Detection and
	// pass that Detection's ConfigRoleArn output to the others (or the
	// role's ARN when the account already has it). Not with NoConfig.
	ConfigRoleArn pulumi.StringInput
	// ConfigBucketName is an existing bucket AWS Config delivers
	// configuration history and snapshots to; its policy must let AWS
	// Config write (see the README). Default: a bucket of the component's
	// own, encrypted with its own key. Not with NoConfig.
	ConfigBucketName pulumi.StringInput
	// NoGlobalResources records no global (IAM) resources in this region
	// and creates no rule of them: set it in every region but one, so that
	// global resources are recorded once. Default: false (recorded here).
	// Not with NoConfig.
	NoGlobalResources bool
	// ExcludeRules are identifiers of ManagedRules not to create: an
	// explicit loosening, for a rule the region does not offer (AWS
	// Config's guide lists the regions of each rule). Default: none.
	ExcludeRules []string
	// Tags are added to every resource that takes tags. Default: none.
	Tags map[string]string
}

var (
	bucketKey = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)
	roleArn   = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}$`)
	// componentName keeps the names the component derives (IAM roles
	// NAME-malware-KEY, config rules NAME-RULE) within AWS's limits.
	componentName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]{0,29}$`)
)

// Validate checks the arguments of the detection named name and fills in
// their defaults; its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if !componentName.MatchString(name) {
		return fmt.Errorf("the component name %q names its roles and rules; use 1 to 30 letters, digits and '-', starting with a letter", name)
	}
	if err := a.validateGuardDuty(); err != nil {
		return err
	}
	if err := a.validateBuckets(); err != nil {
		return err
	}
	if err := a.validateSecurityHub(); err != nil {
		return err
	}
	return a.validateConfig()
}

func (a *Args) validateGuardDuty() error {
	g := &a.GuardDuty
	if g.OrganizationManaged {
		if g.FindingPublishingFrequency != "" {
			return fmt.Errorf("GuardDuty.FindingPublishingFrequency is %q with GuardDuty.OrganizationManaged; the organization's administrator sets it: leave it unset", g.FindingPublishingFrequency)
		}
		return nil
	}
	if g.FindingPublishingFrequency == "" {
		g.FindingPublishingFrequency = FifteenMinutes
	}
	return verify.OneOf("GuardDuty.FindingPublishingFrequency", g.FindingPublishingFrequency, FifteenMinutes, OneHour, SixHours)
}

func (a *Args) validateBuckets() error {
	seen := map[string]bool{}
	for i, b := range a.MalwareScanBuckets {
		field := fmt.Sprintf("MalwareScanBuckets[%d]", i)
		if !bucketKey.MatchString(b.Key) {
			return fmt.Errorf("%s.Key %q is not allowed; use 1 to 20 lower-case letters, digits and '-', starting with a letter", field, b.Key)
		}
		if seen[b.Key] {
			return fmt.Errorf("%s.Key %q is used twice; each bucket needs a key of its own", field, b.Key)
		}
		seen[b.Key] = true
		if b.BucketName == nil {
			return fmt.Errorf("%s.BucketName is nil; give the bucket's name (wormbucket.Bucket.BucketName, for one)", field)
		}
		if s, ok := b.BucketName.(pulumi.String); ok && !verify.IsBucketName(string(s)) {
			return fmt.Errorf("%s.BucketName %q is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-'; a name, not an ARN)", field, string(s))
		}
		if err := verify.NoneNil(field+".KMSKeyArns", b.KMSKeyArns); err != nil {
			return err
		}
		for j, k := range b.KMSKeyArns {
			if err := verify.KMSKeyArn(fmt.Sprintf("%s.KMSKeyArns[%d]", field, j), k); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *Args) validateSecurityHub() error {
	if a.NoSecurityHub {
		if a.Standard != "" {
			return fmt.Errorf("Standard is %q with NoSecurityHub; leave it unset to enable no Security Hub", a.Standard)
		}
		return nil
	}
	if a.Standard == "" {
		a.Standard = StandardFSBP
	}
	return verify.OneOf("Standard", a.Standard, standardNames()...)
}

func (a *Args) validateConfig() error {
	if a.NoConfig {
		switch {
		case a.ConfigRoleArn != nil:
			return errors.New("ConfigRoleArn is set with NoConfig; leave it unset to create no AWS Config recorder")
		case a.ConfigBucketName != nil:
			return errors.New("ConfigBucketName is set with NoConfig; leave it unset to create no AWS Config recorder")
		case a.NoGlobalResources:
			return errors.New("NoGlobalResources is set with NoConfig; leave it unset to create no AWS Config recorder")
		case len(a.ExcludeRules) > 0:
			return errors.New("ExcludeRules is set with NoConfig; leave it unset to create no AWS Config rules")
		}
		return nil
	}
	if s, ok := a.ConfigRoleArn.(pulumi.String); ok && !roleArn.MatchString(string(s)) {
		return fmt.Errorf("ConfigRoleArn %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig, for one)", string(s))
	}
	if s, ok := a.ConfigBucketName.(pulumi.String); ok && !verify.IsBucketName(string(s)) {
		return fmt.Errorf("ConfigBucketName %q is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-'; a name, not an ARN)", string(s))
	}
	ids := ManagedRuleIdentifiers()
	for i, id := range a.ExcludeRules {
		if !slices.Contains(ids, id) {
			return fmt.Errorf("ExcludeRules[%d] %q is not one of ManagedRules; allowed values are %s", i, id, strings.Join(ids, ", "))
		}
	}
	return nil
}

func standardNames() []string {
	out := make([]string, 0, len(Standards))
	for k := range Standards {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
