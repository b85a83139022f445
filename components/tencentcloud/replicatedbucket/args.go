package replicatedbucket

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tcenv"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and limits.
const (
	DefaultNoncurrentVersionDays = 365
	MaxNoncurrentVersionDays     = 3650
	DefaultLogRetentionDays      = 365
	DefaultAccessLogPrefix       = "access-logs/"
	DefaultReplicaStorageClass   = "STANDARD"
	// DefaultEncryptionAlgorithm is SSE-COS: COS encrypts with keys it
	// manages, and the account needs nothing activated.
	DefaultEncryptionAlgorithm = "AES256"
	// MaxBucketNameLength is the longest full bucket name, "NAME-APPID",
	// that Bucket accepts.
	MaxBucketNameLength = 50
	// LogSuffix is appended to a bucket's name for its dedicated log
	// bucket.
	LogSuffix = "-logs"
)

// MultiAZRegions are the regions where COS stores a bucket across
// availability zones (MAZ), as COS's MAZ feature overview lists them
// (https://www.tencentcloud.com/document/product/436/35208: Beijing,
// Guangzhou, Shanghai, Hong Kong (China), Singapore, and Shanghai Finance);
// elsewhere a bucket is single-AZ. Extend it when COS adds regions.
var MultiAZRegions = []string{"ap-beijing", "ap-guangzhou", "ap-hongkong", "ap-shanghai", "ap-shanghai-fsi", "ap-singapore"}

// ReplicaStorageClasses are the storage classes a replica may use. A
// multi-AZ replica takes the class's multi-AZ form (see
// ReplicaStorageClass).
var ReplicaStorageClasses = []string{"STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING"}

// EncryptionAlgorithms are the server-side encryptions the provider
// (pulumi-tencentcloud v0.1.2) can set: SSE-COS ("AES256") and SSE-KMS
// ("KMS", with the default CMK COS creates in KMS; the provider cannot name
// a key of one's own). PUT Bucket encryption
// (https://www.tencentcloud.com/document/product/436/33459) accepts both.
var EncryptionAlgorithms = []string{"AES256", "KMS"}

// Args configures a Bucket. ReplicaProvider is required: a replicated
// bucket needs a second region. Every other field's zero value is the
// secure default.
type Args struct {
	// Name is the primary bucket's name without the "-APPID" suffix:
	// lower-case letters, digits and '-', not starting or ending with '-';
	// with the suffix (and with "-logs" for a dedicated log bucket) at
	// most 50 characters. Default: the component's name.
	Name string
	// ReplicaName is the replica's name without the suffix, other than
	// Name, allowed as Name is. Default: Name + "-replica".
	ReplicaName string
	// ReplicaProvider is the tencentcloud provider of the replica's
	// region, which must differ from the component's, for the same
	// account (APPID). Required.
	ReplicaProvider pulumi.ProviderResource
	// ReplicaStorageClass is the replicas' storage class: STANDARD,
	// STANDARD_IA or INTELLIGENT_TIERING, written in its multi-AZ form
	// (MAZ_STANDARD, ...) when the replica is multi-AZ. Default: STANDARD.
	ReplicaStorageClass string
	// EncryptionAlgorithm is the buckets' server-side encryption: AES256
	// (SSE-COS) or KMS (SSE-KMS with the CMK COS creates; the account must
	// have activated KMS). Default: AES256.
	EncryptionAlgorithm string
	// LogBucket and ReplicaLogBucket are the full names ("NAME-APPID") of
	// existing buckets, in the primary's and the replica's region, that
	// receive the access logs. Default: a dedicated log bucket in each
	// region, NAME-logs and REPLICANAME-logs.
	LogBucket, ReplicaLogBucket string
	// AccessLogPrefix is the key prefix of the access logs. Default:
	// "access-logs/".
	AccessLogPrefix string
	// LogRetentionDays is how long the dedicated log buckets keep logs: 1
	// to 3650. Default: 365.
	LogRetentionDays int
	// NoncurrentVersionDays is when noncurrent versions expire: 1 to
	// 3650. Default: 365.
	NoncurrentVersionDays int
	// SingleAZ keeps the buckets in one availability zone even where the
	// region offers multi-AZ storage (explicit loosening: cheaper, less
	// available). A multi-AZ primary can replicate only into a multi-AZ
	// replica, so a replica region without multi-AZ storage needs it when
	// the primary's region has it. Default: false.
	SingleAZ bool
	// AllowVersionDeletion leaves out the bucket-policy statements that
	// deny the permanent deletion of object versions (explicit loosening,
	// for environments that must be torn down: a bucket is deleted only
	// once it is empty). Default: false.
	AllowVersionDeletion bool
	// Tags are added to every bucket. Default: none.
	Tags map[string]string
}

var namePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
// What needs the providers (the regions, and the names with the APPID) is
// checked by NewBucket.
func (a *Args) Validate(name string) error {
	if a.ReplicaProvider == nil {
		return fmt.Errorf("ReplicaProvider is nil; give the tencentcloud provider of a second region")
	}
	if a.Name == "" {
		a.Name = name
	}
	if a.ReplicaName == "" {
		a.ReplicaName = a.Name + "-replica"
	}
	for _, f := range [][2]string{{"Name", a.Name}, {"ReplicaName", a.ReplicaName}} {
		if !namePattern.MatchString(f[1]) {
			return fmt.Errorf("%s is %q; allowed values are lower-case letters, digits and '-', not starting or ending with '-'", f[0], f[1])
		}
	}
	if a.Name == a.ReplicaName {
		return fmt.Errorf("ReplicaName is %q, the same as Name; the replica needs its own name", a.ReplicaName)
	}
	if a.ReplicaStorageClass == "" {
		a.ReplicaStorageClass = DefaultReplicaStorageClass
	}
	if err := verify.OneOf("ReplicaStorageClass", a.ReplicaStorageClass, ReplicaStorageClasses...); err != nil {
		return err
	}
	if a.EncryptionAlgorithm == "" {
		a.EncryptionAlgorithm = DefaultEncryptionAlgorithm
	}
	if err := verify.OneOf("EncryptionAlgorithm", a.EncryptionAlgorithm, EncryptionAlgorithms...); err != nil {
		return err
	}
	if a.AccessLogPrefix == "" {
		a.AccessLogPrefix = DefaultAccessLogPrefix
	}
	if a.NoncurrentVersionDays == 0 {
		a.NoncurrentVersionDays = DefaultNoncurrentVersionDays
	}
	if err := verify.Between("NoncurrentVersionDays", a.NoncurrentVersionDays, 1, MaxNoncurrentVersionDays, DefaultNoncurrentVersionDays); err != nil {
		return err
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	return verify.Between("LogRetentionDays", a.LogRetentionDays, 1, MaxNoncurrentVersionDays, DefaultLogRetentionDays)
}

// multiAZ says whether the component's buckets in region are multi-AZ.
func (a *Args) multiAZ(region string) bool {
	return !a.SingleAZ && slices.Contains(MultiAZRegions, region)
}

// checkPlacement checks what needs the providers: the replica's region
// and account (renv) against the bucket's (env), multi-AZ storage in the
// replica's region for a multi-AZ primary, and the full bucket names, which
// carry the APPID.
func (a *Args) checkPlacement(env, renv tcenv.Env) error {
	if renv.Region == env.Region {
		return fmt.Errorf("ReplicaProvider acts in %s, the bucket's own region; a replica must be in another region", env.Region)
	}
	if renv.AppId != env.AppId {
		return fmt.Errorf("ReplicaProvider acts for APPID %s, the bucket for %s; both must be one account", renv.AppId, env.AppId)
	}
	if a.multiAZ(env.Region) && !a.multiAZ(renv.Region) {
		return fmt.Errorf("ReplicaProvider acts in %s, where COS has no multi-AZ buckets; the primary in %s is multi-AZ, and COS replicates objects of a multi-AZ bucket only into multi-AZ storage: "+
			"choose a replica region of MultiAZRegions (%s), or set SingleAZ", renv.Region, env.Region, strings.Join(MultiAZRegions, ", "))
	}
	check := func(field, custom string) error {
		if full := env.BucketName(custom); len(full) > MaxBucketNameLength {
			return fmt.Errorf("%s %q makes the bucket name %q, %d characters; allowed values make at most %d with \"-%s\" (shorten %s to at most %d)",
				field, custom, full, len(full), MaxBucketNameLength, env.AppId, field, MaxBucketNameLength-len(full)+len(custom))
		}
		return nil
	}
	buckets := []struct{ field, name, logField, logBucket string }{
		{"Name", a.Name, "LogBucket", a.LogBucket},
		{"ReplicaName", a.ReplicaName, "ReplicaLogBucket", a.ReplicaLogBucket},
	}
	for _, b := range buckets {
		if err := check(b.field, b.name); err != nil {
			return err
		}
	}
	for _, b := range buckets {
		if b.logBucket == "" {
			if err := check(b.field, b.name+LogSuffix); err != nil {
				return err
			}
		} else if !strings.HasSuffix(b.logBucket, "-"+env.AppId) {
			return fmt.Errorf("%s is %q; give a full bucket name ending with -%s", b.logField, b.logBucket, env.AppId)
		}
	}
	return nil
}
