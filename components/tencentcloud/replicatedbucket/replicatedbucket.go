// Package replicatedbucket provides Bucket, a private Tencent Cloud COS
// bucket for data that must not be lost (model weights, audit logs),
// replicated to a bucket in a second region.
//
// A Bucket is, with only its ReplicaProvider given: two buckets (the
// primary in the component's region, the replica in the replica
// provider's region), each private (ACL private), versioned, encrypted at
// rest (SSE-COS, AES256), multi-AZ where the region offers it (see
// MultiAZRegions), logging access to a log bucket of its region, expiring
// noncurrent versions after 365 days, and guarded by a bucket policy that
// denies requests without HTTPS, requests with TLS below 1.2, and the
// permanent deletion of object versions. Cross-region replication copies
// every new object version and delete marker of the primary to the replica
// through a CAM role that COS assumes and whose policy allows only reading
// the primary's objects and writing the replica's.
//
// Bucket names are "NAME-APPID", as COS demands; the APPID comes from the
// provider (user.getInfo).
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how Bucket gets as close
// as it can:
//
//   - Server-side encryption accepts only "AES256" (SSE-COS, keys managed
//     by COS). SSE-KMS with a customer-managed key is not offered, so
//     objects are not encrypted with a kmskey.Key; clients that need their
//     own key encrypt before upload (envelope encryption with KMS).
//   - There is no object lock (WORM retention). The closest the provider
//     allows is versioning, replication, and a bucket policy that denies
//     DeleteObject with a version ID and DeleteMultipleObjects to everyone,
//     so that no request can destroy a version; lifecycle expiry, run by
//     COS itself, still removes noncurrent versions. Unlike COMPLIANCE
//     object lock, an administrator can remove that policy.
//   - Lifecycle rules cannot abort incomplete multipart uploads.
//   - Access-log delivery needs the account's COS log-delivery
//     authorization (a one-time, account-wide grant in the console); the
//     provider cannot create it.
//   - The provider documents replicaRole as a sub-user
//     ("qcs::cam::uin/OWNER:uin/SUB"); Bucket passes a role
//     ("qcs::cam::uin/OWNER:roleName/ROLE") so that replication runs with
//     the replication permissions alone.
package replicatedbucket

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cam"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cos"

	"github.com/modelfort/modelfort/internal/campolicy"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:ReplicatedBucket"

// Defaults and limits.
const (
	DefaultNoncurrentVersionDays = 365
	MaxNoncurrentVersionDays     = 3650
	DefaultLogRetentionDays      = 365
	DefaultAccessLogPrefix       = "access-logs/"
	DefaultReplicaStorageClass   = "STANDARD"
	// EncryptionAlgorithm is the only server-side encryption the provider
	// offers (SSE-COS).
	EncryptionAlgorithm = "AES256"
	// MaxBucketNameLength is the longest full bucket name, "NAME-APPID",
	// that Bucket accepts.
	MaxBucketNameLength = 50
	// ReplicationService is the service principal that assumes the
	// replication role.
	ReplicationService = "cos.qcloud.com"
	// LogSuffix is appended to a bucket's name for its dedicated log
	// bucket.
	LogSuffix = "-logs"
)

// MultiAZRegions are the regions where COS stores a bucket across
// availability zones (MAZ), as Tencent Cloud lists them; elsewhere a
// bucket is single-AZ. Extend it when COS adds regions.
var MultiAZRegions = []string{"ap-beijing", "ap-guangzhou", "ap-shanghai", "ap-singapore"}

// ReplicaStorageClasses are the storage classes a replica may use.
var ReplicaStorageClasses = []string{"STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING"}

// Actions of the replication role's policy: it reads the primary's objects
// and writes the replica's, and may do nothing else.
var (
	ReplicationReadActions  = []string{"name/cos:GetObject", "name/cos:HeadObject"}
	ReplicationWriteActions = []string{
		"name/cos:AbortMultipartUpload", "name/cos:CompleteMultipartUpload", "name/cos:DeleteObject",
		"name/cos:InitiateMultipartUpload", "name/cos:PutObject", "name/cos:UploadPart",
	}
)

// Condition keys of the bucket policy.
const (
	SecureTransportKey = "cos:secure-transport"
	TLSVersionKey      = "cos:tls-version"
	VersionIDKey       = "cos:versionid"
	// MinTLSVersion is the oldest TLS version the bucket policy accepts.
	MinTLSVersion = "1.2"
)

// Args configures a Bucket. ReplicaProvider is required: a replicated
// bucket needs a second region. Every other field's zero value is the
// secure default.
type Args struct {
	// Name is the primary bucket's name without the "-APPID" suffix:
	// lower-case letters, digits and '-', not starting or ending with '-'.
	// Default: the component's name.
	Name string
	// ReplicaName is the replica's name without the suffix. Default:
	// Name + "-replica".
	ReplicaName string
	// ReplicaProvider is the tencentcloud provider of the replica's
	// region, which must differ from the component's. Required.
	ReplicaProvider pulumi.ProviderResource
	// ReplicaStorageClass is the replicas' storage class: STANDARD,
	// STANDARD_IA or INTELLIGENT_TIERING. Default: STANDARD.
	ReplicaStorageClass string
	// LogBucket and ReplicaLogBucket are the full names ("NAME-APPID") of
	// existing buckets, in the primary's and the replica's region, that
	// receive the access logs. Default: a dedicated log bucket in each
	// region, NAME-logs and REPLICANAME-logs.
	LogBucket, ReplicaLogBucket string
	// AccessLogPrefix is the key prefix of the access logs. Default:
	// "access-logs/".
	AccessLogPrefix string
	// LogRetentionDays is how long the dedicated log buckets keep logs.
	// Default: 365.
	LogRetentionDays int
	// NoncurrentVersionDays is when noncurrent versions expire: 1 to
	// 3650. Default: 365.
	NoncurrentVersionDays int
	// SingleAZ keeps the buckets in one availability zone even where the
	// region offers multi-AZ storage (explicit loosening: cheaper, less
	// available).
	SingleAZ bool
	// AllowVersionDeletion leaves out the bucket-policy statements that
	// deny the permanent deletion of object versions (explicit loosening,
	// for environments that must be torn down: a bucket is deleted only
	// once it is empty).
	AllowVersionDeletion bool
	// Tags are added to every bucket and to the replication role.
	Tags map[string]string
}

// Bucket is a private, versioned, encrypted COS bucket and its replica in
// another region.
type Bucket struct {
	pulumi.ResourceState

	// BucketName is the primary's full name, "NAME-APPID".
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// ReplicaBucketName is the replica's full name.
	ReplicaBucketName pulumi.StringOutput `pulumi:"replicaBucketName"`
	// BucketUrl is the primary's endpoint.
	BucketUrl pulumi.StringOutput `pulumi:"bucketUrl"`
	// ReplicaBucketUrl is the replica's endpoint.
	ReplicaBucketUrl pulumi.StringOutput `pulumi:"replicaBucketUrl"`
	// LogBucket receives the primary's access logs.
	LogBucket pulumi.StringOutput `pulumi:"logBucket"`
	// ReplicaLogBucket receives the replica's access logs.
	ReplicaLogBucket pulumi.StringOutput `pulumi:"replicaLogBucket"`
	// ReplicationRole is the CAM role COS replicates with.
	ReplicationRole pulumi.StringOutput `pulumi:"replicationRole"`

	// Name and ReplicaName are the names without the APPID; FullName and
	// ReplicaFullName with it.
	Name, ReplicaName, FullName, ReplicaFullName string
	// Region and ReplicaRegion are where the buckets live.
	Region, ReplicaRegion string
	// MultiAZ and ReplicaMultiAZ say whether each bucket is multi-AZ.
	MultiAZ, ReplicaMultiAZ bool
	// AppId is the account's APPID.
	AppId string

	// Primary and Replica are the COS buckets.
	Primary, Replica *cos.Bucket
}

var namePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// validate checks args and fills in defaults; its errors name the field.
// Names are checked against the APPID in checkNames.
func (a *Args) validate(name string) error {
	if a.ReplicaProvider == nil {
		return fmt.Errorf("replicatedbucket %s: ReplicaProvider is nil; give the tencentcloud provider of a second region", name)
	}
	if a.Name == "" {
		a.Name = name
	}
	if a.ReplicaName == "" {
		a.ReplicaName = a.Name + "-replica"
	}
	for _, f := range [][2]string{{"Name", a.Name}, {"ReplicaName", a.ReplicaName}} {
		if !namePattern.MatchString(f[1]) {
			return fmt.Errorf("replicatedbucket %s: %s is %q; allowed values are lower-case letters, digits and '-', not starting or ending with '-'", name, f[0], f[1])
		}
	}
	if a.Name == a.ReplicaName {
		return fmt.Errorf("replicatedbucket %s: ReplicaName is %q, the same as Name; the replica needs its own name", name, a.ReplicaName)
	}
	if a.ReplicaStorageClass == "" {
		a.ReplicaStorageClass = DefaultReplicaStorageClass
	}
	if !slices.Contains(ReplicaStorageClasses, a.ReplicaStorageClass) {
		return fmt.Errorf("replicatedbucket %s: ReplicaStorageClass is %q; allowed values are %s", name, a.ReplicaStorageClass, strings.Join(ReplicaStorageClasses, ", "))
	}
	if a.AccessLogPrefix == "" {
		a.AccessLogPrefix = DefaultAccessLogPrefix
	}
	if a.NoncurrentVersionDays == 0 {
		a.NoncurrentVersionDays = DefaultNoncurrentVersionDays
	}
	if a.NoncurrentVersionDays < 1 || a.NoncurrentVersionDays > MaxNoncurrentVersionDays {
		return fmt.Errorf("replicatedbucket %s: NoncurrentVersionDays is %d; allowed values are 1 to %d (0 means %d)", name, a.NoncurrentVersionDays, MaxNoncurrentVersionDays, DefaultNoncurrentVersionDays)
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if a.LogRetentionDays < 1 || a.LogRetentionDays > MaxNoncurrentVersionDays {
		return fmt.Errorf("replicatedbucket %s: LogRetentionDays is %d; allowed values are 1 to %d (0 means %d)", name, a.LogRetentionDays, MaxNoncurrentVersionDays, DefaultLogRetentionDays)
	}
	return nil
}

// checkNames checks the full bucket names, which carry the APPID.
func (a *Args) checkNames(name string, env tcenv.Env) error {
	check := func(field, custom string) error {
		if full := env.BucketName(custom); len(full) > MaxBucketNameLength {
			return fmt.Errorf("replicatedbucket %s: %s %q makes the bucket name %q, %d characters; allowed values make at most %d with \"-%s\" (shorten %s to at most %d)",
				name, field, custom, full, len(full), MaxBucketNameLength, env.AppId, field, MaxBucketNameLength-len(full)+len(custom))
		}
		return nil
	}
	if err := check("Name", a.Name); err != nil {
		return err
	}
	if err := check("ReplicaName", a.ReplicaName); err != nil {
		return err
	}
	if a.LogBucket == "" {
		if err := check("Name", a.Name+LogSuffix); err != nil {
			return err
		}
	} else if !strings.HasSuffix(a.LogBucket, "-"+env.AppId) {
		return fmt.Errorf("replicatedbucket %s: LogBucket is %q; give a full bucket name ending with -%s", name, a.LogBucket, env.AppId)
	}
	if a.ReplicaLogBucket == "" {
		if err := check("ReplicaName", a.ReplicaName+LogSuffix); err != nil {
			return err
		}
	} else if !strings.HasSuffix(a.ReplicaLogBucket, "-"+env.AppId) {
		return fmt.Errorf("replicatedbucket %s: ReplicaLogBucket is %q; give a full bucket name ending with -%s", name, a.ReplicaLogBucket, env.AppId)
	}
	return nil
}

// NewBucket creates a bucket and its replica. Args are checked before
// anything is registered. Resource options (provider, protect, aliases,
// ...) apply to the component and through it to every resource it
// creates; the replica's resources use ReplicaProvider.
func NewBucket(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Bucket, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("replicatedbucket %s: %w", name, err)
	}
	renv, err := tcenv.Lookup(ctx, pulumi.Provider(a.ReplicaProvider))
	if err != nil {
		return nil, fmt.Errorf("replicatedbucket %s: %w", name, err)
	}
	if renv.Region == env.Region {
		return nil, fmt.Errorf("replicatedbucket %s: ReplicaProvider acts in %s, the bucket's own region; a replica must be in another region", name, env.Region)
	}
	if renv.AppId != env.AppId {
		return nil, fmt.Errorf("replicatedbucket %s: ReplicaProvider acts for APPID %s, the bucket for %s; both must be one account", name, renv.AppId, env.AppId)
	}
	if err := a.checkNames(name, env); err != nil {
		return nil, err
	}

	b := &Bucket{
		Name: a.Name, ReplicaName: a.ReplicaName,
		FullName: env.BucketName(a.Name), ReplicaFullName: env.BucketName(a.ReplicaName),
		Region: env.Region, ReplicaRegion: renv.Region, AppId: env.AppId,
		MultiAZ:        !a.SingleAZ && slices.Contains(MultiAZRegions, env.Region),
		ReplicaMultiAZ: !a.SingleAZ && slices.Contains(MultiAZRegions, renv.Region),
	}
	if err := ctx.RegisterComponentResource(Type, name, b, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(b)
	inReplica := []pulumi.ResourceOption{in, pulumi.Provider(a.ReplicaProvider)}

	// The replication role: COS assumes it, and it may only read the
	// primary's objects and write the replica's.
	roleName := "modelfort-cos-replication-" + a.Name
	role, err := cam.NewRole(ctx, name+"-replication", &cam.RoleArgs{
		Name:         pulumi.String(roleName),
		Description:  pulumi.String("COS replication of " + b.FullName + " to " + renv.Region),
		Document:     pulumi.String(campolicy.AssumedByService(ReplicationService).JSON()),
		ConsoleLogin: pulumi.Bool(false),
		Tags:         tcenv.Tags(a.Tags),
	}, in)
	if err != nil {
		return nil, err
	}
	policy, err := cam.NewPolicy(ctx, name+"-replication", &cam.PolicyArgs{
		Name:        pulumi.String(roleName),
		Description: pulumi.String("Lets COS replicate " + b.FullName + " to " + b.ReplicaFullName + " and nothing else"),
		Document:    pulumi.String(ReplicationPolicy(env.BucketResource(b.FullName), renv.BucketResource(b.ReplicaFullName)).JSON()),
	}, in)
	if err != nil {
		return nil, err
	}
	attachment, err := cam.NewRolePolicyAttachment(ctx, name+"-replication", &cam.RolePolicyAttachmentArgs{
		RoleId:   role.ID().ToStringOutput(),
		PolicyId: policy.ID().ToStringOutput(),
	}, in)
	if err != nil {
		return nil, err
	}

	replicaLogs := pulumi.String(a.ReplicaLogBucket).ToStringOutput()
	if a.ReplicaLogBucket == "" {
		if replicaLogs, err = a.newLogBucket(ctx, name+"-replica-logs", renv, a.ReplicaName+LogSuffix, b.ReplicaMultiAZ, inReplica...); err != nil {
			return nil, err
		}
	}
	if b.Replica, err = a.newBucket(ctx, name+"-replica", renv, b.ReplicaFullName, b.ReplicaMultiAZ, replicaLogs, nil, inReplica...); err != nil {
		return nil, err
	}

	logs := pulumi.String(a.LogBucket).ToStringOutput()
	if a.LogBucket == "" {
		if logs, err = a.newLogBucket(ctx, name+"-logs", env, a.Name+LogSuffix, b.MultiAZ, in); err != nil {
			return nil, err
		}
	}
	replication := &replication{
		role: pulumi.String(env.RoleArn(roleName)),
		rules: cos.BucketReplicaRuleArray{cos.BucketReplicaRuleArgs{
			Id:     pulumi.String("replicate-everything-to-" + renv.Region),
			Status: pulumi.String("Enabled"),
			Prefix: pulumi.String(""),
			// Naming the replica's output makes the rule wait for it.
			DestinationBucket:       pulumi.Sprintf("qcs::cos:%s::%s", renv.Region, b.Replica.ID()),
			DestinationStorageClass: pulumi.String(a.ReplicaStorageClass),
		}},
		dependsOn: []pulumi.Resource{attachment},
	}
	if b.Primary, err = a.newBucket(ctx, name, env, b.FullName, b.MultiAZ, logs, replication, in); err != nil {
		return nil, err
	}

	b.BucketName = b.Primary.ID().ToStringOutput()
	b.ReplicaBucketName = b.Replica.ID().ToStringOutput()
	b.BucketUrl = b.Primary.CosBucketUrl
	b.ReplicaBucketUrl = b.Replica.CosBucketUrl
	b.LogBucket, b.ReplicaLogBucket = logs, replicaLogs
	b.ReplicationRole = role.Name
	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{
		"bucketName": b.BucketName, "replicaBucketName": b.ReplicaBucketName,
		"bucketUrl": b.BucketUrl, "replicaBucketUrl": b.ReplicaBucketUrl,
		"logBucket": b.LogBucket, "replicaLogBucket": b.ReplicaLogBucket,
		"replicationRole": b.ReplicationRole,
	})
}

// replication is the replication configuration of the primary bucket.
type replication struct {
	role      pulumi.StringInput
	rules     cos.BucketReplicaRuleArray
	dependsOn []pulumi.Resource
}

// newBucket creates a data bucket (the primary or the replica) and its
// policy.
func (a *Args) newBucket(ctx *pulumi.Context, name string, env tcenv.Env, full string, multiAZ bool, logs pulumi.StringOutput, r *replication, opts ...pulumi.ResourceOption) (*cos.Bucket, error) {
	args := &cos.BucketArgs{
		Bucket:              pulumi.String(full),
		Acl:                 pulumi.String("private"),
		EncryptionAlgorithm: pulumi.String(EncryptionAlgorithm),
		VersioningEnable:    pulumi.Bool(true),
		MultiAz:             pulumi.Bool(multiAZ),
		LogEnable:           pulumi.Bool(true),
		LogTargetBucket:     logs,
		LogPrefix:           pulumi.String(a.AccessLogPrefix + full + "/"),
		LifecycleRules: cos.BucketLifecycleRuleArray{cos.BucketLifecycleRuleArgs{
			Id:                   pulumi.String("expire-noncurrent-versions"),
			FilterPrefix:         pulumi.String(""),
			NonCurrentExpiration: cos.BucketLifecycleRuleNonCurrentExpirationArgs{NonCurrentDays: pulumi.Int(a.NoncurrentVersionDays)},
		}},
		Tags: tcenv.Tags(a.Tags),
	}
	if r != nil {
		args.ReplicaRole, args.ReplicaRules = r.role, r.rules
		opts = append(opts, pulumi.DependsOn(r.dependsOn))
	}
	bucket, err := cos.NewBucket(ctx, name, args, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := cos.NewBucketPolicy(ctx, name, &cos.BucketPolicyArgs{
		Bucket: bucket.ID().ToStringOutput(),
		Policy: pulumi.String(BucketPolicy(env.BucketResource(full), !a.AllowVersionDeletion).JSON()),
	}, opts...); err != nil {
		return nil, err
	}
	return bucket, nil
}

// newLogBucket creates a dedicated access-log bucket and its policy, and
// returns its full name.
func (a *Args) newLogBucket(ctx *pulumi.Context, name string, env tcenv.Env, custom string, multiAZ bool, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	full := env.BucketName(custom)
	bucket, err := cos.NewBucket(ctx, name, &cos.BucketArgs{
		Bucket:              pulumi.String(full),
		Acl:                 pulumi.String("private"),
		EncryptionAlgorithm: pulumi.String(EncryptionAlgorithm),
		VersioningEnable:    pulumi.Bool(true),
		MultiAz:             pulumi.Bool(multiAZ),
		LifecycleRules: cos.BucketLifecycleRuleArray{cos.BucketLifecycleRuleArgs{
			Id:                   pulumi.String("expire-logs"),
			FilterPrefix:         pulumi.String(""),
			Expiration:           cos.BucketLifecycleRuleExpirationArgs{Days: pulumi.Int(a.LogRetentionDays)},
			NonCurrentExpiration: cos.BucketLifecycleRuleNonCurrentExpirationArgs{NonCurrentDays: pulumi.Int(1)},
		}},
		Tags: tcenv.Tags(a.Tags),
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	// Logs expire by lifecycle; their versions need no deletion guard.
	if _, err := cos.NewBucketPolicy(ctx, name, &cos.BucketPolicyArgs{
		Bucket: bucket.ID().ToStringOutput(),
		Policy: pulumi.String(BucketPolicy(env.BucketResource(full), false).JSON()),
	}, opts...); err != nil {
		return pulumi.StringOutput{}, err
	}
	return bucket.ID().ToStringOutput(), nil
}

// BucketPolicy is the policy of a bucket whose objects are resource
// ("qcs::cos:REGION:uid/APPID:BUCKET/*"): deny every request without HTTPS
// or with TLS below 1.2 and, with protectVersions, every request that
// would permanently delete an object version.
func BucketPolicy(resource string, protectVersions bool) campolicy.Policy {
	anyone := map[string][]string{"qcs": {campolicy.Anyone}}
	deny := func(actions []string, cond map[string]map[string][]string) campolicy.Statement {
		return campolicy.Statement{Effect: "deny", Principal: anyone, Action: actions, Resource: []string{resource}, Condition: cond}
	}
	all := []string{"name/cos:*"}
	stmts := []campolicy.Statement{
		deny(all, campolicy.Cond("bool_equal", SecureTransportKey, "false")),
		deny(all, campolicy.Cond("numeric_less_than", TLSVersionKey, MinTLSVersion)),
	}
	if protectVersions {
		stmts = append(stmts,
			deny([]string{"name/cos:DeleteObject"}, campolicy.Cond("string_like", VersionIDKey, "*")),
			// A batch delete names its versions in the request body, which
			// no condition key sees: deny it outright.
			deny([]string{"name/cos:DeleteMultipleObjects"}, nil),
		)
	}
	return campolicy.New(stmts...)
}

// ReplicationPolicy is the replication role's policy: read the source's
// objects, write the destination's ("qcs::cos:...:BUCKET/*" each).
func ReplicationPolicy(source, destination string) campolicy.Policy {
	return campolicy.New(
		campolicy.Statement{Effect: "allow", Action: ReplicationReadActions, Resource: []string{source}},
		campolicy.Statement{Effect: "allow", Action: ReplicationWriteActions, Resource: []string{destination}},
	)
}
