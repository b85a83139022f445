package wormbucket

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	bucketT     = "aws:s3/bucketV2:BucketV2"
	versioningT = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	lockT       = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	sseT        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	pabT        = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	ownershipT  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	policyT     = "aws:s3/bucketPolicy:BucketPolicy"
	loggingT    = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	lifecycleT  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	keyT        = "aws:kms/key:Key"
)

func newBucket(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewBucket(ctx, "models", args, opts...)
		return err
	})
}

func policyOf(t *testing.T, rec *mocktest.Recording, name string) *mocktest.Policy {
	t.Helper()
	r := rec.Find(policyT, name)
	if r == nil {
		t.Fatalf("no bucket policy %s", name)
	}
	p, err := r.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	rec, err := newBucket(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "models")
	b := rec.Find(bucketT, "models")
	if comp == nil || b == nil || b.Parent != comp.URN {
		t.Fatalf("want a %s with a child bucket:\n%s", Type, rec)
	}
	if !b.Bool("objectLockEnabled") || b.Bool("forceDestroy") || !b.Has("forceDestroy") {
		t.Errorf("bucket: objectLockEnabled %v, forceDestroy %v", b.Bool("objectLockEnabled"), b.Get("forceDestroy"))
	}
	if v := rec.Find(versioningT, "models"); v.Str("bucket") != b.ID || v.Str("versioningConfiguration.status") != "Enabled" {
		t.Errorf("versioning: %v", v.Inputs)
	}
	lock := rec.Find(lockT, "models")
	if lock.Str("objectLockEnabled") != "Enabled" || lock.Str("rule.defaultRetention.mode") != "COMPLIANCE" ||
		lock.Num("rule.defaultRetention.days") != 30 || lock.Has("rule.defaultRetention.years") {
		t.Errorf("object lock: %v", lock.Inputs)
	}
	key := rec.Find(keyT, "models")
	if key == nil || key.Parent == comp.URN {
		t.Fatalf("want a dedicated kmskey.Key under the bucket: %v", key)
	}
	if kp, _ := key.Policy("policy"); kp.Find("AccountUsesKeyThroughServices") == nil {
		t.Error("the bucket's own key must be usable through S3")
	}
	sse := rec.Find(sseT, "models")
	if sse.Str("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "aws:kms" ||
		sse.Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != key.Out("arn") || !sse.Bool("rules[0].bucketKeyEnabled") {
		t.Errorf("encryption: %v", sse.Inputs)
	}
	for _, name := range []string{"models", "models-access-logs"} {
		pab := rec.Find(pabT, name)
		for _, f := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			if !pab.Bool(f) {
				t.Errorf("%s: public access block %s is off", name, f)
			}
		}
		if rec.Find(ownershipT, name).Str("rule.objectOwnership") != "BucketOwnerEnforced" {
			t.Errorf("%s: ACLs are not disabled", name)
		}
	}
	lc := rec.Find(lifecycleT, "models")
	if lc.Num("rules[0].noncurrentVersionExpiration.noncurrentDays") != 365 || lc.Num("rules[1].abortIncompleteMultipartUpload.daysAfterInitiation") != 7 {
		t.Errorf("lifecycle: %v", lc.Inputs)
	}
	logs := rec.Find(bucketT, "models-access-logs")
	logging := rec.Find(loggingT, "models")
	if logs == nil || logging.Str("targetBucket") != logs.ID || logging.Str("targetPrefix") != "access-logs/" {
		t.Errorf("access logging: %v", logging.Inputs)
	}
	if rec.Find(sseT, "models-access-logs").Str("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "AES256" {
		t.Error("the access-log bucket must use SSE-S3, the only encryption log delivery supports")
	}
	lp := policyOf(t, rec, "models-access-logs")
	delivery := lp.Find(SidLogDelivery)
	if delivery == nil || !slices.Equal(delivery.Principal["Service"], []string{"logging.s3.amazonaws.com"}) ||
		!slices.Equal(delivery.Values("ArnLike", "aws:SourceArn"), []string{b.Out("arn")}) ||
		!slices.Equal(delivery.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("log delivery statement %+v", delivery)
	}
	if lp.Find(SidDenyInsecureTransport) == nil {
		t.Error("the access-log bucket must deny insecure transport")
	}

	p := policyOf(t, rec, "models")
	if got := p.Sids(); !slices.Equal(got, []string{SidDenyInsecureTransport, SidDenyOutdatedTLS, SidDenyOtherEncryption, SidDenyOtherKey}) {
		t.Errorf("policy statements %v", got)
	}
	for sid, want := range map[string][3]string{
		SidDenyInsecureTransport: {"Bool", "aws:SecureTransport", "false"},
		SidDenyOutdatedTLS:       {"NumericLessThan", "s3:TlsVersion", "1.2"},
		SidDenyOtherEncryption:   {"StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", "aws:kms"},
		SidDenyOtherKey:          {"StringNotEqualsIfExists", "s3:x-amz-server-side-encryption-aws-kms-key-id", key.Out("arn")},
	} {
		s := p.Find(sid)
		if s.Effect != "Deny" || !slices.Equal(s.Principal["*"], []string{"*"}) || !slices.Equal(s.Values(want[0], want[1]), []string{want[2]}) {
			t.Errorf("%s: %+v", sid, s)
		}
	}
	if !slices.Equal(p.Find(SidDenyInsecureTransport).Resource, []string{b.Out("arn"), b.Out("arn") + "/*"}) {
		t.Errorf("TLS denial must cover the bucket and its objects: %v", p.Find(SidDenyInsecureTransport).Resource)
	}
}

func TestOptions(t *testing.T) {
	rec, err := newBucket(t, &Args{
		BucketName:            "acme-models",
		KMSKeyArn:             pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
		Retention:             &Retention{Mode: Governance, Years: 2},
		AccessLogBucket:       pulumi.String("acme-logs"),
		AccessLogPrefix:       "s3/models/",
		VpcEndpointIds:        []pulumi.StringInput{pulumi.String("vpce-1"), pulumi.String("vpce-2")},
		TrustedPrincipals:     []pulumi.StringInput{pulumi.String("arn:aws:iam::123456789012:role/replication")},
		Writers:               []ServiceWriter{{Service: "cloudtrail.amazonaws.com", Prefix: "AWSLogs/", SourceArn: pulumi.String("arn:aws:cloudtrail:us-east-1:123456789012:trail/t")}},
		NoncurrentVersionDays: 90,
		AbortMultipartDays:    2,
		Tags:                  map[string]string{"data": "weights"},
	})
	if err != nil {
		t.Fatal(err)
	}
	b := rec.Find(bucketT, "models")
	if b.Str("bucket") != "acme-models" || b.Str("tags.data") != "weights" {
		t.Errorf("bucket: %v", b.Inputs)
	}
	if len(rec.OfType(keyT)) != 0 || len(rec.OfType(bucketT)) != 1 {
		t.Errorf("a given key and log bucket must not be created again: %v", rec.Types())
	}
	lock := rec.Find(lockT, "models")
	if lock.Str("rule.defaultRetention.mode") != "GOVERNANCE" || lock.Num("rule.defaultRetention.years") != 2 || lock.Has("rule.defaultRetention.days") {
		t.Errorf("retention: %v", lock.Get("rule"))
	}
	if rec.Find(sseT, "models").Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != "arn:aws:kms:us-east-1:123456789012:key/given" {
		t.Error("the given key does not encrypt the bucket")
	}
	if l := rec.Find(loggingT, "models"); l.Str("targetBucket") != "acme-logs" || l.Str("targetPrefix") != "s3/models/" {
		t.Errorf("logging: %v", l.Inputs)
	}
	lc := rec.Find(lifecycleT, "models")
	if lc.Num("rules[0].noncurrentVersionExpiration.noncurrentDays") != 90 || lc.Num("rules[1].abortIncompleteMultipartUpload.daysAfterInitiation") != 2 {
		t.Errorf("lifecycle: %v", lc.Inputs)
	}
	p := policyOf(t, rec, "models")
	vpce := p.Find(SidDenyOutsideEndpoints)
	if vpce == nil || !slices.Equal(vpce.Values("StringNotEquals", "aws:SourceVpce"), []string{"vpce-1", "vpce-2"}) ||
		!slices.Equal(vpce.Values("ArnNotLike", "aws:PrincipalArn"), []string{"arn:aws:iam::123456789012:role/replication"}) {
		t.Errorf("VPC endpoint statement %+v", vpce)
	}
	put := p.Find("Writer0PutsObjects")
	if put == nil || !slices.Equal(put.Resource, []string{b.Out("arn") + "/AWSLogs/*"}) ||
		!slices.Equal(put.Principal["Service"], []string{"cloudtrail.amazonaws.com"}) ||
		!slices.Equal(put.Values("StringEquals", "aws:SourceArn"), []string{"arn:aws:cloudtrail:us-east-1:123456789012:trail/t"}) {
		t.Errorf("writer statement %+v", put)
	}
	if p.Find("Writer0ReadsBucketAcl") == nil {
		t.Error("a writer must be able to read the bucket ACL")
	}
}

func TestRejections(t *testing.T) {
	trail := pulumi.String("arn:aws:cloudtrail:us-east-1:123456789012:trail/t")
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"empty key ARN", &Args{KMSKeyArn: pulumi.String("")}, `KMSKeyArn "" is not a KMS key ARN`},
		{"key alias instead of ARN", &Args{KMSKeyArn: pulumi.String("alias/models")}, `KMSKeyArn "alias/models" is not a KMS key ARN`},
		{"retention of 0", &Args{Retention: &Retention{Mode: Compliance}}, "Retention is 0; give Days (1 to 36500) or Years (1 to 100)"},
		{"unknown mode", &Args{Retention: &Retention{Mode: "LEGAL_HOLD", Days: 1}}, `Retention.Mode is "LEGAL_HOLD"; allowed values are COMPLIANCE, GOVERNANCE`},
		{"empty mode", &Args{Retention: &Retention{Days: 1}}, `Retention.Mode is ""`},
		{"days and years", &Args{Retention: &Retention{Mode: Compliance, Days: 1, Years: 1}}, "Retention has Days (1) and Years (1); give one of them"},
		{"too many days", &Args{Retention: &Retention{Mode: Compliance, Days: 40000}}, "Retention.Days is 40000; allowed values are 1 to 36500"},
		{"negative years", &Args{Retention: &Retention{Mode: Compliance, Years: -1}}, "Retention.Years is -1"},
		{"bad name", &Args{BucketName: "Models_Bucket"}, `BucketName "Models_Bucket" is not a valid S3 bucket name`},
		{"noncurrent days", &Args{NoncurrentVersionDays: -1}, "NoncurrentVersionDays is -1"},
		{"trusted without endpoints", &Args{TrustedPrincipals: []pulumi.StringInput{pulumi.String("arn:aws:iam::1:role/r")}}, "TrustedPrincipals are exemptions from VpcEndpointIds"},
		{"writer service", &Args{Writers: []ServiceWriter{{Service: "cloudtrail", SourceArn: trail}}}, `Writers[0].Service is "cloudtrail"`},
		{"writer without source", &Args{Writers: []ServiceWriter{{Service: "cloudtrail.amazonaws.com"}}}, "Writers[0].SourceArn is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newBucket(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "wormbucket models: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "wormbucket models: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

// TestResourceOptionsReachStatefulChildren passes protect and a provider
// to the component: every resource below it (the buckets, their settings,
// the key) must carry them.
func TestResourceOptionsReachStatefulChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewBucket(ctx, "models", nil, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "models"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(p)
	}
	if !strings.HasPrefix(rec.Find(keyT, "models").Out("arn"), "arn:aws:kms:eu-west-1:") {
		t.Error("the bucket's key is not in the provider's region")
	}
	if rec.Find(kmskey.Type, "models") == nil {
		t.Error("the bucket's key should be a kmskey.Key component")
	}
}

// TestExposesWhatOthersWaitFor: a resource that depends on the settings
// Bucket exposes waits for exactly those resources, whatever the order in
// which the component's children register.
func TestExposesWhatOthersWaitFor(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		b, err := NewBucket(ctx, "models", nil)
		if err != nil {
			return err
		}
		_, err = s3.NewBucketObjectv2(ctx, "first", &s3.BucketObjectv2Args{Bucket: b.BucketName, Key: pulumi.String("first")},
			pulumi.DependsOn([]pulumi.Resource{b.Policy, b.ObjectLock, b.Versioning}))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	first := rec.Find("aws:s3/bucketObjectv2:BucketObjectv2", "first")
	for _, typ := range []string{policyT, lockT, versioningT} {
		if r := rec.Find(typ, "models"); r == nil || !slices.Contains(first.Dependencies, r.URN) {
			t.Errorf("the object does not wait for %s: %v", typ, first.Dependencies)
		}
	}
}

// TestValidate: Validate fills in the defaults in place and its errors
// carry no prefix (NewBucket adds it).
func TestValidate(t *testing.T) {
	a := Args{}
	if err := a.Validate("models"); err != nil {
		t.Fatal(err)
	}
	if *a.Retention != (Retention{Mode: Compliance, Days: DefaultRetentionDays}) || a.NoncurrentVersionDays != DefaultNoncurrentVersionDays ||
		a.AbortMultipartDays != DefaultAbortMultipartDays || a.AccessLogPrefix != DefaultAccessLogPrefix {
		t.Errorf("defaults: %+v", a)
	}
	err := (&Args{Retention: &Retention{Mode: Compliance}}).Validate("models")
	if err == nil || err.Error() != "Retention is 0; give Days (1 to 36500) or Years (1 to 100)" {
		t.Errorf("err = %v", err)
	}
	r := ReplicationArgs{Source: &Bucket{Region: "us-east-1"}, Destination: &Bucket{Region: "us-west-2"}}
	if err := r.Validate("models"); err != nil || r.StorageClass != DefaultStorageClass {
		t.Errorf("replication defaults: %+v, %v", r, err)
	}
}
