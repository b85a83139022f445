// Package verify holds the validators that more than one component (or a
// component and the stacks' config) applies to the same kind of value:
// ARNs, DNS names, tier names, S3 bucket names, and the shapes of the
// errors that name a field and its allowed values.
//
// It is the one place for each rule, in the manner of the Terraform AWS
// provider's internal/verify: a rule that only one component applies stays
// in that component.
//
// Predicates (Is...) report whether a plain value is well formed; the
// error-returning helpers name the field, the value and what is allowed,
// in sentences such as
//
//	Retention.Mode is "LOOSE"; allowed values are COMPLIANCE, GOVERNANCE
package verify

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var (
	kmsKeyArn      = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`)
	certificateArn = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[0-9a-f-]+$`)
	dnsLabel       = regexp.MustCompile(`^[a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?$`)
	topLevelDomain = regexp.MustCompile(`^[a-z]{2,63}$`)
	tierName       = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)
	bucketName     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	topicArn       = regexp.MustCompile(`^arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$`)
)

// TopicRegion returns the region of an SNS topic ARN, whether the topic
// is FIFO (".fifo"), and whether s is a topic ARN at all. CloudWatch
// alarms, AWS Backup and EventBridge notify standard topics only.
func TopicRegion(s string) (region string, fifo, ok bool) {
	m := topicArn.FindStringSubmatch(s)
	if m == nil {
		return "", false, false
	}
	return m[1], m[2] != "", true
}

// AlarmTopicArn checks the topic a caller passes to a component for its
// CloudWatch alarms to notify, instead of a topic of the component's own:
// a literal must be a standard (not FIFO) SNS topic ARN in region, where
// the alarms are; outputs of other resources are taken as they are.
func AlarmTopicArn(field string, v pulumi.StringInput, region string) error {
	s, ok := v.(pulumi.String)
	if !ok {
		return nil
	}
	r, fifo, ok := TopicRegion(string(s))
	switch {
	case !ok || fifo:
		return fmt.Errorf("%s %q is not a standard SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME, not FIFO); leave it unset to get a topic of the component's own", field, string(s))
	case region != "" && r != region:
		return fmt.Errorf("%s %q is in %s; it must be in %s, where the alarms are", field, string(s), r, region)
	}
	return nil
}

// IsKMSKeyArn reports whether s is the ARN of a KMS key (not an alias, a
// key ID or an alias ARN).
func IsKMSKeyArn(s string) bool { return kmsKeyArn.MatchString(s) }

// KMSKeyArn checks a key ARN that a caller passes to a component instead
// of letting it create a key of its own. A literal that is not a KMS key
// ARN (an empty string, an alias, a key ID) is refused, because services
// would then quietly fall back to an AWS-managed key; outputs of other
// resources are taken as they are, since their values are not known yet.
func KMSKeyArn(field string, v pulumi.StringInput) error {
	s, ok := v.(pulumi.String)
	if !ok || IsKMSKeyArn(string(s)) {
		return nil
	}
	return fmt.Errorf("%s %q is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID); leave it unset to get a key of the component's own", field, string(s))
}

// CertificateRegion returns the region of an ACM certificate ARN, and
// whether s is one.
func CertificateRegion(s string) (string, bool) {
	m := certificateArn.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// IsCertificateArn reports whether s is the ARN of an ACM certificate in
// region (any region when region is empty).
func IsCertificateArn(s, region string) bool {
	r, ok := CertificateRegion(s)
	return ok && (region == "" || r == region)
}

// AWSRegion is the form of an AWS region name, commercial, GovCloud or
// isolated (us-east-1, us-gov-west-1, us-isob-east-1).
var AWSRegion = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

// IsAWSRegion reports whether s has the form of an AWS region name.
func IsAWSRegion(s string) bool { return AWSRegion.MatchString(s) }

// IsDNSName reports whether s is a fully qualified, lower-case DNS name
// such as api.example.com: at least two labels of letters, digits and
// hyphens (a label may start with an underscore, as in _dmarc), each 1 to
// 63 characters, a top-level domain of letters, 253 characters at most,
// and no trailing dot.
func IsDNSName(s string) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 || !topLevelDomain.MatchString(labels[len(labels)-1]) {
		return false
	}
	for _, l := range labels[:len(labels)-1] {
		if !dnsLabel.MatchString(l) {
			return false
		}
	}
	return true
}

// IsWildcardDNSName reports whether s is a DNS name (IsDNSName), or one
// with a leading "*." label, as CloudFront aliases and certificates allow.
func IsWildcardDNSName(s string) bool {
	return IsDNSName(strings.TrimPrefix(s, "*."))
}

// COSBucket matches the full name of a COS bucket, NAME-APPID
// ("models-1250000000"): lower-case letters, digits and '-', ending with
// the account's APPID.
var COSBucket = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*-[0-9]+$`)

// IsCOSBucket reports whether s is a COS bucket's full name (COSBucket).
func IsCOSBucket(s string) bool { return COSBucket.MatchString(s) }

// IsTierName reports whether s names a network tier: a lower-case letter,
// then up to 31 lower-case letters, digits and hyphens.
func IsTierName(s string) bool { return tierName.MatchString(s) }

// TierNameRule is the tier-name rule in words, for error messages.
const TierNameRule = "a lower-case letter, then up to 31 lower-case letters, digits and '-'"

// IsBucketName reports whether s is a valid S3 bucket name: 3 to 63
// lower-case letters, digits, '.' and '-', starting and ending with a
// letter or digit, without "..".
func IsBucketName(s string) bool {
	return bucketName.MatchString(s) && !strings.Contains(s, "..")
}

// OneOf checks that value is one of allowed.
func OneOf(field, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return fmt.Errorf("%s is %q; allowed values are %s", field, value, strings.Join(allowed, ", "))
}

// Between checks that v is within min and max. def, when not zero, is
// the default that zero stands for, and the message says so.
func Between(field string, v, min, max, def int) error {
	if v >= min && v <= max {
		return nil
	}
	if def != 0 {
		return fmt.Errorf("%s is %d; allowed values are %d to %d (0 means %d)", field, v, min, max, def)
	}
	return fmt.Errorf("%s is %d; allowed values are %d to %d", field, v, min, max)
}

// NoneNil checks that no element of inputs is nil; field names the list.
func NoneNil[T any](field string, inputs []T) error {
	for i, in := range inputs {
		if any(in) == nil {
			return fmt.Errorf("%s[%d] is nil", field, i)
		}
	}
	return nil
}
