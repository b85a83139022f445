package wormbucket

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/verify"
)

// Retention modes of S3 Object Lock.
const (
	// Compliance: no one, not even the account root, can shorten the
	// retention or delete a locked object version before it ends.
	Compliance = "COMPLIANCE"
	// Governance: principals with s3:BypassGovernanceRetention can.
	Governance = "GOVERNANCE"
)

// Defaults.
const (
	DefaultRetentionDays         = 30
	DefaultNoncurrentVersionDays = 365
	DefaultAbortMultipartDays    = 7
	DefaultAccessLogPrefix       = "access-logs/"
	// DefaultStorageClass is the storage class of replicas.
	DefaultStorageClass = "STANDARD"
)

// Retention bounds.
const (
	MaxRetentionDays  = 36500
	MaxRetentionYears = 100
)

// storageClasses are the storage classes a replica may have.
var storageClasses = []string{"STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"}

// Retention is an object-lock default retention: a mode and either Days or
// Years, not both.
type Retention struct {
	// Mode is COMPLIANCE or GOVERNANCE.
	Mode string
	// Days is 1 to 36500; Years is 1 to 100.
	Days, Years int
}

// ServiceWriter lets an AWS service write objects into the bucket, for
// example CloudTrail delivering logs.
type ServiceWriter struct {
	// Service is the service principal, "cloudtrail.amazonaws.com".
	Service string
	// Prefix is the key prefix it may write under, "AWSLogs/".
	Prefix string
	// SourceArn is the ARN of the resource (a trail) on whose behalf the
	// service writes (aws:SourceArn).
	SourceArn pulumi.StringInput
}

// Args configures a Bucket. The zero value is a valid, secure bucket.
type Args struct {
	// BucketName is the bucket's physical name. Default: generated from
	// the component's name. Allowed: a valid S3 bucket name (3 to 63
	// lower-case letters, digits, '.' and '-', starting and ending with a
	// letter or digit).
	BucketName string
	// KMSKeyArn is the customer-managed key that encrypts the bucket, a
	// KMS key ARN (not an alias or key ID). Default: a dedicated key
	// (kmskey.Key), usable through S3 only.
	KMSKeyArn pulumi.StringInput
	// Retention is the default retention of every new object version: Mode
	// COMPLIANCE or GOVERNANCE, and Days (1 to 36500) or Years (1 to 100),
	// not both. Default: COMPLIANCE for 30 days.
	Retention *Retention
	// AccessLogBucket is the name of the bucket that receives the access
	// logs. Default: a dedicated access-log bucket.
	AccessLogBucket pulumi.StringInput
	// AccessLogPrefix is the key prefix of the access logs. Default:
	// "access-logs/".
	AccessLogPrefix string
	// VpcEndpointIds, when set, makes the bucket deny every request that
	// does not come through one of these VPC endpoints, except requests of
	// TrustedPrincipals. Default: none (no endpoint condition). No element
	// may be nil.
	VpcEndpointIds []pulumi.StringInput
	// TrustedPrincipals are IAM principal ARNs exempt from VpcEndpointIds,
	// such as a replication role or a deployment role; only with
	// VpcEndpointIds. Default: none. No element may be nil.
	TrustedPrincipals []pulumi.StringInput
	// Writers are AWS services allowed to write into the bucket: a service
	// principal ("...amazonaws.com"), a key prefix, and the ARN of the
	// resource they write for (required). Default: none.
	Writers []ServiceWriter
	// NoncurrentVersionDays is when noncurrent versions expire (once their
	// retention allows): at least 1. Default (0): 365.
	NoncurrentVersionDays int
	// AbortMultipartDays is when incomplete multipart uploads are
	// aborted: at least 1. Default (0): 7.
	AbortMultipartDays int
	// Tags are added to the buckets and the key. Default: none.
	Tags map[string]string
}

// ReplicationArgs configures a Replication.
type ReplicationArgs struct {
	// Source is the bucket to replicate; Destination its copy in another
	// region (a Bucket created with that region's provider and its own
	// key). Both are required.
	Source, Destination *Bucket
	// StorageClass of the replicas: STANDARD, STANDARD_IA, ONEZONE_IA,
	// INTELLIGENT_TIERING, GLACIER_IR, GLACIER or DEEP_ARCHIVE. Default:
	// STANDARD.
	StorageClass string
	// ObjectLockToken is needed only for a source bucket that had Object
	// Lock enabled before this component managed it: S3 may then ask for
	// an Object Lock token (from AWS Support) before it accepts a
	// replication configuration. Buckets that NewBucket created need none.
	// Pass it as a secret. Default: none.
	ObjectLockToken pulumi.StringInput
	// ReplicateDeleteMarkers makes a delete without a version ID in
	// Source (which adds a delete marker) hide the object in Destination
	// too. Default: false, so that the replica keeps serving the last
	// version of every key after a mistaken or malicious delete in the
	// source; a deliberate delete must then be made in both buckets.
	// Deletes of a specific version are never replicated, either way.
	ReplicateDeleteMarkers bool
	// AlarmTopicArn is the SNS topic, in Source's region, that the
	// failed-operations alarm notifies (S3 publishes that metric in the
	// source region, and an alarm notifies topics of its own region
	// only). Default: a topic of the component's own, encrypted with a
	// key of its own. A literal must be an SNS topic ARN in Source's
	// region.
	AlarmTopicArn pulumi.StringInput
	// DestinationAlarmTopicArn is the SNS topic, in Destination's region,
	// that the replication-latency alarm notifies (S3 publishes that
	// metric in the destination region). Default: a topic of the
	// component's own there, encrypted with a key of its own. A literal
	// must be an SNS topic ARN in Destination's region.
	DestinationAlarmTopicArn pulumi.StringInput
	// AlarmEmails are email addresses subscribed to the alarm topics the
	// component creates (not to given ones, whose subscribers are managed
	// where they are). Default: none. Each must be a plain address
	// (name@domain), listed once; refused when both topics are given.
	AlarmEmails []string
}

// Validate checks the arguments of the bucket named name and fills in
// their defaults; its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	if a.BucketName != "" && !verify.IsBucketName(a.BucketName) {
		return fmt.Errorf("BucketName %q is not a valid S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)", a.BucketName)
	}
	if a.Retention == nil {
		a.Retention = &Retention{Mode: Compliance, Days: DefaultRetentionDays}
	}
	if err := a.Retention.validate(); err != nil {
		return err
	}
	if a.NoncurrentVersionDays == 0 {
		a.NoncurrentVersionDays = DefaultNoncurrentVersionDays
	}
	if a.NoncurrentVersionDays < 1 {
		return fmt.Errorf("NoncurrentVersionDays is %d; it must be at least 1 (0 means %d)", a.NoncurrentVersionDays, DefaultNoncurrentVersionDays)
	}
	if a.AbortMultipartDays == 0 {
		a.AbortMultipartDays = DefaultAbortMultipartDays
	}
	if a.AbortMultipartDays < 1 {
		return fmt.Errorf("AbortMultipartDays is %d; it must be at least 1 (0 means %d)", a.AbortMultipartDays, DefaultAbortMultipartDays)
	}
	if a.AccessLogPrefix == "" {
		a.AccessLogPrefix = DefaultAccessLogPrefix
	}
	if err := verify.NoneNil("VpcEndpointIds", a.VpcEndpointIds); err != nil {
		return err
	}
	if err := verify.NoneNil("TrustedPrincipals", a.TrustedPrincipals); err != nil {
		return err
	}
	if len(a.TrustedPrincipals) > 0 && len(a.VpcEndpointIds) == 0 {
		return errors.New("TrustedPrincipals are exemptions from VpcEndpointIds, which is empty")
	}
	for i, w := range a.Writers {
		if !strings.HasSuffix(w.Service, ".amazonaws.com") {
			return fmt.Errorf("Writers[%d].Service is %q; it must be a service principal such as cloudtrail.amazonaws.com", i, w.Service)
		}
		if w.SourceArn == nil {
			return fmt.Errorf("Writers[%d].SourceArn is nil; a service may write only on behalf of a named resource", i)
		}
	}
	return nil
}

// validate checks a retention: a mode, and Days or Years.
func (r Retention) validate() error {
	switch {
	case r.Mode != Compliance && r.Mode != Governance:
		return verify.OneOf("Retention.Mode", r.Mode, Compliance, Governance)
	case r.Days != 0 && r.Years != 0:
		return fmt.Errorf("Retention has Days (%d) and Years (%d); give one of them", r.Days, r.Years)
	case r.Days == 0 && r.Years == 0:
		return fmt.Errorf("Retention is 0; give Days (1 to %d) or Years (1 to %d)", MaxRetentionDays, MaxRetentionYears)
	case r.Days != 0:
		return verify.Between("Retention.Days", r.Days, 1, MaxRetentionDays, 0)
	default:
		return verify.Between("Retention.Years", r.Years, 1, MaxRetentionYears, 0)
	}
}

// Validate checks the arguments of the replication named name and fills
// in their defaults; its errors name the field and the allowed values.
// (That the provider acts in Source's region is checked by
// NewReplication, which knows the provider.)
func (a *ReplicationArgs) Validate(name string) error {
	if a.Source == nil || a.Destination == nil {
		return errors.New("Source and Destination are required")
	}
	if a.StorageClass == "" {
		a.StorageClass = DefaultStorageClass
	}
	if err := verify.OneOf("StorageClass", a.StorageClass, storageClasses...); err != nil {
		return err
	}
	if a.Source.Region == a.Destination.Region {
		return fmt.Errorf("Destination is in %s, the same region as Source; a disaster-recovery copy must be in another region", a.Source.Region)
	}
	if err := checkTopicArn("AlarmTopicArn", a.AlarmTopicArn, a.Source.Region, "Source"); err != nil {
		return err
	}
	if err := checkTopicArn("DestinationAlarmTopicArn", a.DestinationAlarmTopicArn, a.Destination.Region, "Destination"); err != nil {
		return err
	}
	if len(a.AlarmEmails) > 0 && a.AlarmTopicArn != nil && a.DestinationAlarmTopicArn != nil {
		return errors.New("AlarmEmails subscribe to the alarm topics this component creates, but AlarmTopicArn and DestinationAlarmTopicArn are both given; subscribe the addresses to those topics where they are managed")
	}
	seen := map[string]bool{}
	for i, e := range a.AlarmEmails {
		if addr, err := mail.ParseAddress(e); err != nil || addr.Name != "" || addr.Address != e {
			return fmt.Errorf("AlarmEmails[%d] %q is not an email address (name@domain, without a display name)", i, e)
		}
		if seen[strings.ToLower(e)] {
			return fmt.Errorf("AlarmEmails[%d] %q is listed twice", i, e)
		}
		seen[strings.ToLower(e)] = true
	}
	return nil
}

// snsTopicArn is an SNS topic ARN; its first group is the region.
var snsTopicArn = regexp.MustCompile(`^arn:aws[a-z-]*:sns:([a-z0-9-]+):[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$`)

// checkTopicArn checks a topic ARN that a caller may give instead of
// letting the component create a topic: a literal must be an SNS topic
// ARN in region, where the alarm that notifies it lives (CloudWatch
// refuses an action in another region); outputs of other resources are
// taken as they are. bucket names the bucket whose region it is.
func checkTopicArn(field string, v pulumi.StringInput, region, bucket string) error {
	s, ok := v.(pulumi.String)
	if !ok {
		return nil
	}
	m := snsTopicArn.FindStringSubmatch(string(s))
	if m == nil {
		return fmt.Errorf("%s %q is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME); leave it unset to get a topic of the component's own", field, string(s))
	}
	if m[1] != region {
		return fmt.Errorf("%s %q is in %s; it must be in %s, %s's region, where its alarm is", field, string(s), m[1], region, bucket)
	}
	return nil
}
