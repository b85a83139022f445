package capturebucket

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and bounds, in days.
const (
	DefaultExpirationDays        = 30
	MaxExpirationDays            = 3650
	DefaultNoncurrentVersionDays = 1
	MaxNoncurrentVersionDays     = 30
	DefaultAbortMultipartDays    = 1
	MaxAbortMultipartDays        = 30
	DefaultAccessLogPrefix       = "access-logs/"
)

// PurposeTag is the tag that names what a bucket holds; a Bucket carries
// it with the value Purpose. The policy pack's s3-object-lock rule spares
// buckets tagged so (rules.PurposeTag, rules.DataCapturePurpose).
const (
	PurposeTag = "modelfort:purpose"
	Purpose    = "data-capture"
)

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
	// ExpirationDays is how long a captured object is kept: it expires
	// (becomes noncurrent) this many days after it was written. Allowed:
	// 1 to 3650. Default (0): 30.
	ExpirationDays int
	// NoncurrentVersionDays is when a deleted, expired or overwritten
	// version is removed for good: the longest that erased data
	// lingers. Allowed: 1 to 30. Default (0): 1.
	NoncurrentVersionDays int
	// AbortMultipartDays is when incomplete multipart uploads (which hold
	// captured data too) are aborted. Allowed: 1 to 30. Default (0): 1.
	AbortMultipartDays int
	// AccessLogBucket is the name of the bucket that receives the access
	// logs. Default: a dedicated access-log bucket.
	AccessLogBucket pulumi.StringInput
	// AccessLogPrefix is the key prefix of the access logs. Default:
	// "access-logs/".
	AccessLogPrefix string
	// Tags are added to the buckets and the key; the capture bucket's
	// PurposeTag is always Purpose, whatever Tags say. Default: none.
	Tags map[string]string
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
	for _, d := range []struct {
		field    string
		v        *int
		def, max int
	}{
		{"ExpirationDays", &a.ExpirationDays, DefaultExpirationDays, MaxExpirationDays},
		{"NoncurrentVersionDays", &a.NoncurrentVersionDays, DefaultNoncurrentVersionDays, MaxNoncurrentVersionDays},
		{"AbortMultipartDays", &a.AbortMultipartDays, DefaultAbortMultipartDays, MaxAbortMultipartDays},
	} {
		if *d.v == 0 {
			*d.v = d.def
		}
		if err := verify.Between(d.field, *d.v, 1, d.max, d.def); err != nil {
			return err
		}
	}
	if a.AccessLogPrefix == "" {
		a.AccessLogPrefix = DefaultAccessLogPrefix
	}
	return nil
}
