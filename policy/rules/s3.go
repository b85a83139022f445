package rules

import (
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// S3 resource types. Since pulumi-aws v6 a bucket's settings live in
// resources of their own that name the bucket; the rules link them to
// their bucket by property dependency or by the bucket's name.
const (
	BucketType            = "aws:s3/bucketV2:BucketV2"
	bucketEncryptionType  = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	bucketVersioningType  = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	bucketObjectLockType  = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	bucketPublicBlockType = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	bucketOwnershipType   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	bucketPolicyType      = "aws:s3/bucketPolicy:BucketPolicy"
	bucketLoggingType     = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	bucketReplicationType = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
)

// PurposeTag is the tag that says what a bucket holds. A bucket tagged
// PurposeTag=DataCapturePurpose (a capturebucket.Bucket) holds captured
// inference data, personal data that must stay erasable; one tagged
// PurposeTag=ConfigHistoryPurpose (a threatdetection.Detection's) holds
// AWS Config's history, which AWS Config does not deliver to a bucket
// with object lock. s3-object-lock and s3-replication spare both, and no
// other rule does.
const (
	PurposeTag           = "modelfort:purpose"
	DataCapturePurpose   = "data-capture"
	ConfigHistoryPurpose = "config-history"
)

// unlockable reports whether bucket b is tagged as a bucket that may not
// be object-locked (DataCapturePurpose, ConfigHistoryPurpose), in its own
// tags or in those its provider adds (tagsAll). Tags not known yet count
// as such a tag: a rule says nothing until it can tell.
func unlockable(b *Resource) bool {
	spared := func(v string) bool { return v == DataCapturePurpose || v == ConfigHistoryPurpose }
	// The tags the program gives decide; unknown ones cannot tell yet.
	if v, known := b.Str(`tags["` + PurposeTag + `"]`); !known || spared(v) {
		return true
	}
	// The provider's default tags may add it; tagsAll is computed, and
	// only a known value counts (in a preview it is unknown for every
	// bucket, which must not spare them all).
	v, known := b.Str(`tagsAll["` + PurposeTag + `"]`)
	return known && spared(v)
}

// settings returns the resources of type typ that configure bucket b.
func (s *Stack) settings(b *Resource, typ string) []*Resource {
	return s.Referring(b, typ, "bucket", "bucket")
}

// isLogTarget reports whether a bucket receives other buckets' access
// logs. S3 log delivery supports only SSE-S3 and no default retention on
// such a bucket, so the encryption and object-lock rules spare it.
func (s *Stack) isLogTarget(b *Resource) bool {
	return len(s.Referring(b, bucketLoggingType, "targetBucket", "bucket")) > 0
}

// eachBucket runs check on every bucket (or every bucket that is not an
// access-log target) and collects its messages as violations.
func eachBucket(s *Stack, sparingLogTargets bool, check func(b *Resource) string) []Violation {
	var out []Violation
	for _, b := range s.OfType(BucketType) {
		if sparingLogTargets && s.isLogTarget(b) {
			continue
		}
		if msg := check(b); msg != "" {
			out = append(out, Violation{URN: b.URN, Message: msg})
		}
	}
	return out
}

var s3Rules = []Rule{
	{
		ID:          "s3-customer-key",
		Description: "S3 buckets are encrypted with a customer-managed KMS key (SSE-KMS).",
		Anchors:     []string{"CKV_AWS_145", "tfsec:aws-s3-encryption-customer-key"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, true, func(b *Resource) string {
				for _, c := range s.settings(b, bucketEncryptionType) {
					algo, k1 := c.Str("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm")
					key, k2 := c.Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId")
					if !k1 || !k2 || (algo == "aws:kms" || algo == "aws:kms:dsse") && key != "" {
						return ""
					}
					return "the bucket is encrypted with " + algo + " and no customer-managed key"
				}
				return "the bucket has no server-side encryption configuration"
			})
		},
	},
	{
		ID:          "s3-versioning",
		Description: "S3 buckets keep every version of their objects.",
		Anchors:     []string{"CKV_AWS_21", "tfsec:aws-s3-enable-versioning"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, false, func(b *Resource) string {
				for _, v := range s.settings(b, bucketVersioningType) {
					if status, known := v.Str("versioningConfiguration.status"); !known || status == "Enabled" {
						return ""
					}
				}
				return "versioning is not enabled"
			})
		},
	},
	{
		ID:          "s3-object-lock",
		Description: "Model and audit buckets are write-once: object lock with a default retention.",
		Anchors:     []string{"CKV_AWS_143"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, true, func(b *Resource) string {
				// Captured data must be erasable, which object lock forbids;
				// AWS Config does not deliver to a locked bucket.
				if unlockable(b) {
					return ""
				}
				if on, known := b.Bool("objectLockEnabled"); known && !on {
					return "object lock is not enabled"
				}
				for _, l := range s.settings(b, bucketObjectLockType) {
					if mode, known := l.Str("rule.defaultRetention.mode"); !known || mode != "" {
						return ""
					}
				}
				return "object lock has no default retention"
			})
		},
	},
	{
		ID:          "s3-compliance-retention",
		Description: "In prod, write-once buckets use COMPLIANCE retention, which no one can shorten or bypass.",
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, true, func(b *Resource) string {
				for _, l := range s.settings(b, bucketObjectLockType) {
					if mode, known := l.Str("rule.defaultRetention.mode"); known && mode != "COMPLIANCE" {
						return "the default retention is " + mode + ", not COMPLIANCE"
					}
				}
				return ""
			})
		},
	},
	{
		ID:          "s3-public-access-block",
		Description: "S3 buckets block every form of public access.",
		Anchors:     []string{"CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AwsSolutions-S2", "tfsec:aws-s3-block-public-acls"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, false, func(b *Resource) string {
				for _, p := range s.settings(b, bucketPublicBlockType) {
					for _, f := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
						if on, known := p.Bool(f); known && !on {
							return "public access block " + f + " is off"
						}
					}
					return ""
				}
				return "the bucket has no public access block"
			})
		},
	},
	{
		ID:          "s3-acls-disabled",
		Description: "S3 buckets disable ACLs (object ownership BucketOwnerEnforced).",
		Anchors:     []string{"CKV2_AWS_65"},
		Level:       Advisory,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, false, func(b *Resource) string {
				for _, o := range s.settings(b, bucketOwnershipType) {
					if v, known := o.Str("rule.objectOwnership"); !known || v == "BucketOwnerEnforced" {
						return ""
					}
				}
				return "ACLs are not disabled (BucketOwnerEnforced)"
			})
		},
	},
	{
		ID:          "s3-tls-only",
		Description: "S3 bucket policies deny requests that do not use TLS.",
		Anchors:     []string{"AwsSolutions-S10", "CKV_AWS_379"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, false, func(b *Resource) string {
				for _, p := range s.settings(b, bucketPolicyType) {
					doc, known := p.Str("policy")
					if !known {
						return ""
					}
					if pol, err := iampolicy.Parse(doc); err == nil && deniesInsecureTransport(pol) {
						return ""
					}
				}
				return "no bucket policy denies aws:SecureTransport false"
			})
		},
	},
	{
		ID:          "s3-replication",
		Description: "In prod, every write-once bucket is replicated to, or is the replica in, another region (data-capture buckets, which hold user data that must stay erasable, and AWS Config's history buckets, which each region's recorder writes, are not).",
		Anchors:     []string{"CKV_AWS_144"},
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, true, func(b *Resource) string {
				if unlockable(b) {
					return ""
				}
				if len(s.settings(b, bucketReplicationType)) > 0 || len(s.Referring(b, bucketReplicationType, "rules", "arn")) > 0 {
					return ""
				}
				for _, rc := range s.OfType(bucketReplicationType) {
					if dst, known := rc.Str("rules[0].destination.bucket"); !known || dst != "" && dst == str(b, "arn") {
						return ""
					}
				}
				return "the bucket is neither replicated nor a replica"
			})
		},
	},
	{
		ID:          "s3-access-logging",
		Description: "S3 buckets log access to a log bucket.",
		Anchors:     []string{"CKV_AWS_18", "AwsSolutions-S1", "tfsec:aws-s3-enable-bucket-logging"},
		Level:       Advisory,
		CheckStack: func(s *Stack) []Violation {
			return eachBucket(s, true, func(b *Resource) string {
				if len(s.settings(b, bucketLoggingType)) > 0 {
					return ""
				}
				return "access logging is off"
			})
		},
	},
}

// deniesInsecureTransport reports whether a policy denies requests made
// without TLS.
func deniesInsecureTransport(p *iampolicy.Policy) bool {
	for _, st := range p.Statement {
		if st.Effect == "Deny" && contains(st.Values("Bool", "aws:SecureTransport"), "false") {
			return true
		}
	}
	return false
}

// str returns a known string property, or "".
func str(r *Resource, path string) string {
	v, _ := r.Str(path)
	return v
}
