package capturebucket

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
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
		_, err := NewBucket(ctx, "captures", args, opts...)
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

// rule returns the lifecycle rule with the given ID, or fails.
func rule(t *testing.T, lc *mocktest.Resource, id string) string {
	t.Helper()
	for i := range len(lc.Get("rules").ArrayValue()) {
		p := fmt.Sprintf("rules[%d]", i)
		if lc.Str(p+".id") == id {
			if lc.Str(p+".status") != "Enabled" || lc.Str(p+".filter.prefix") != "" {
				t.Errorf("lifecycle rule %s is not enabled for every object: %v", id, lc.Get(p))
			}
			return p
		}
	}
	t.Fatalf("no lifecycle rule %s: %v", id, lc.Get("rules"))
	return ""
}

func TestDefaults(t *testing.T) {
	rec, err := newBucket(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "captures")
	b := rec.Find(bucketT, "captures")
	if comp == nil || b == nil || b.Parent != comp.URN {
		t.Fatalf("want a %s with a child bucket:\n%s", Type, rec)
	}
	// Erasable: no object lock, neither on the bucket nor as a setting.
	if b.Bool("objectLockEnabled") || !b.Has("objectLockEnabled") || b.Bool("forceDestroy") || !b.Has("forceDestroy") {
		t.Errorf("bucket: objectLockEnabled %v, forceDestroy %v", b.Get("objectLockEnabled"), b.Get("forceDestroy"))
	}
	if locks := rec.OfType(lockT); len(locks) != 0 {
		t.Errorf("a capture bucket must have no object-lock configuration: %v", locks)
	}
	if b.Str(`tags["modelfort:purpose"]`) != "data-capture" || PurposeTag != rules.PurposeTag || Purpose != rules.DataCapturePurpose {
		t.Errorf("the bucket is not tagged as the policy pack expects: %v", b.Get("tags"))
	}
	if v := rec.Find(versioningT, "captures"); v.Str("bucket") != b.ID || v.Str("versioningConfiguration.status") != "Enabled" {
		t.Errorf("versioning: %v", v.Inputs)
	}
	key := rec.Find(keyT, "captures")
	if key == nil || key.Parent == comp.URN || rec.Find(kmskey.Type, "captures") == nil {
		t.Fatalf("want a dedicated kmskey.Key under the bucket: %v", key)
	}
	if kp, _ := key.Policy("policy"); kp.Find("AccountUsesKeyThroughServices") == nil {
		t.Error("the bucket's own key must be usable through S3")
	}
	if alias := rec.Find("aws:kms/alias:Alias", "captures"); alias.Str("name") != "alias/modelfort/test/capturebucket/captures" {
		t.Errorf("key alias %q", alias.Str("name"))
	}
	sse := rec.Find(sseT, "captures")
	if sse.Str("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "aws:kms" ||
		sse.Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != key.Out("arn") || !sse.Bool("rules[0].bucketKeyEnabled") {
		t.Errorf("encryption: %v", sse.Inputs)
	}
	for _, name := range []string{"captures", "captures-access-logs"} {
		pab := rec.Find(pabT, name)
		for _, f := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			if !pab.Bool(f) {
				t.Errorf("%s: public access block %s is off", name, f)
			}
		}
		if rec.Find(ownershipT, name).Str("rule.objectOwnership") != "BucketOwnerEnforced" {
			t.Errorf("%s: ACLs are not disabled", name)
		}
		if rec.Find(versioningT, name).Str("versioningConfiguration.status") != "Enabled" {
			t.Errorf("%s: versioning is off", name)
		}
	}

	lc := rec.Find(lifecycleT, "captures")
	if lc.Str("bucket") != b.ID || !slices.Contains(lc.Dependencies, rec.Find(versioningT, "captures").URN) {
		t.Errorf("the lifecycle must configure the bucket once versioning is on: %v", lc.Dependencies)
	}
	if p := rule(t, lc, RuleExpireCaptures); lc.Num(p+".expiration.days") != 30 {
		t.Errorf("captures expire after %v days; want 30", lc.Get(p+".expiration"))
	}
	if p := rule(t, lc, RuleExpireNoncurrentVersion); lc.Num(p+".noncurrentVersionExpiration.noncurrentDays") != 1 || !lc.Bool(p+".expiration.expiredObjectDeleteMarker") {
		t.Errorf("noncurrent versions: %v", lc.Get(p))
	}
	if p := rule(t, lc, RuleAbortMultipartUploads); lc.Num(p+".abortIncompleteMultipartUpload.daysAfterInitiation") != 1 {
		t.Errorf("multipart uploads: %v", lc.Get(p))
	}

	logs := rec.Find(bucketT, "captures-access-logs")
	logging := rec.Find(loggingT, "captures")
	if logs == nil || logging.Str("bucket") != b.ID || logging.Str("targetBucket") != logs.ID || logging.Str("targetPrefix") != "access-logs/" {
		t.Errorf("access logging: %v", logging.Inputs)
	}
	if logs.Has(`tags["modelfort:purpose"]`) || logs.Bool("objectLockEnabled") {
		t.Errorf("the access-log bucket holds logs, not captures: %v", logs.Inputs)
	}
	if rec.Find(sseT, "captures-access-logs").Str("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "AES256" {
		t.Error("the access-log bucket must use SSE-S3, the only encryption log delivery supports")
	}
	if rec.Find(lifecycleT, "captures-access-logs").Num("rules[0].expiration.days") != wormbucket.AccessLogExpirationDays {
		t.Error("access logs must expire as wormbucket's do")
	}
	lp := policyOf(t, rec, "captures-access-logs")
	delivery := lp.Find(wormbucket.SidLogDelivery)
	if delivery == nil || !slices.Equal(delivery.Principal["Service"], []string{"logging.s3.amazonaws.com"}) ||
		!slices.Equal(delivery.Values("ArnLike", "aws:SourceArn"), []string{b.Out("arn")}) ||
		!slices.Equal(delivery.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("log delivery statement %+v", delivery)
	}
	if got := lp.Sids(); !slices.Equal(got, []string{wormbucket.SidDenyInsecureTransport, wormbucket.SidDenyOutdatedTLS, wormbucket.SidLogDelivery}) {
		t.Errorf("access-log bucket policy statements %v", got)
	}

	p := policyOf(t, rec, "captures")
	if got := p.Sids(); !slices.Equal(got, []string{wormbucket.SidDenyInsecureTransport, SidDenyObjectLock, wormbucket.SidDenyOutdatedTLS,
		wormbucket.SidDenyOtherEncryption, wormbucket.SidDenyOtherKey}) { // sorted
		t.Errorf("policy statements %v", got)
	}
	for sid, want := range map[string][3]string{
		wormbucket.SidDenyInsecureTransport: {"Bool", "aws:SecureTransport", "false"},
		wormbucket.SidDenyOutdatedTLS:       {"NumericLessThan", "s3:TlsVersion", "1.2"},
		wormbucket.SidDenyOtherEncryption:   {"StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", "aws:kms"},
		wormbucket.SidDenyOtherKey:          {"StringNotEqualsIfExists", "s3:x-amz-server-side-encryption-aws-kms-key-id", key.Out("arn")},
	} {
		s := p.Find(sid)
		if s.Effect != "Deny" || !slices.Equal(s.Principal["*"], []string{"*"}) || !slices.Equal(s.Values(want[0], want[1]), []string{want[2]}) {
			t.Errorf("%s: %+v", sid, s)
		}
	}
	if s := p.Find(wormbucket.SidDenyInsecureTransport); !slices.Equal(s.Resource, []string{b.Out("arn"), b.Out("arn") + "/*"}) || !slices.Equal(s.Action, []string{"s3:*"}) {
		t.Errorf("TLS denial must cover every action on the bucket and its objects: %+v", s)
	}
	if s := p.Find(SidDenyObjectLock); s.Effect != "Deny" || len(s.Condition) != 0 || !slices.Equal(s.Action, []string{"s3:PutBucketObjectLockConfiguration"}) ||
		!slices.Equal(s.Resource, []string{b.Out("arn")}) {
		t.Errorf("object lock must be denied to everyone: %+v", s)
	}
}

// TestPassesThePolicyPack: the policy pack's rules pass the bucket, object
// lock spared by its tag; in prod, protected, only the rule about the
// stack around it (replication to another region) remains.
func TestPassesThePolicyPack(t *testing.T) {
	rec, err := newBucket(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("dev:\n%s", rules.Table(vs))
	}
	if rec, err = newBucket(t, nil, pulumi.Protect(true)); err != nil {
		t.Fatal(err)
	}
	// Left out: the rules about the stack around it (replication to
	// another region, threat detection in its region).
	for _, v := range rules.Evaluate(rulestest.Stack(rec, "prod"), rules.All()) {
		if !slices.Contains([]string{"s3-replication", "guardduty-every-region", "security-hub-every-region", "config-recording-every-region"}, v.RuleID) {
			t.Errorf("prod: %s", v)
		}
	}
}

func TestOptions(t *testing.T) {
	rec, err := newBucket(t, &Args{
		BucketName:            "acme-captures",
		KMSKeyArn:             pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
		ExpirationDays:        7,
		NoncurrentVersionDays: 2,
		AbortMultipartDays:    3,
		AccessLogBucket:       pulumi.String("acme-logs"),
		AccessLogPrefix:       "s3/captures/",
		Tags:                  map[string]string{"data": "prompts", PurposeTag: "something-else"},
	})
	if err != nil {
		t.Fatal(err)
	}
	b := rec.Find(bucketT, "captures")
	if b.Str("bucket") != "acme-captures" || b.Str("tags.data") != "prompts" || b.Str(`tags["modelfort:purpose"]`) != Purpose {
		t.Errorf("bucket: %v", b.Inputs)
	}
	if len(rec.OfType(keyT)) != 0 || len(rec.OfType(bucketT)) != 1 {
		t.Errorf("a given key and log bucket must not be created again: %v", rec.Types())
	}
	if rec.Find(sseT, "captures").Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != "arn:aws:kms:us-east-1:123456789012:key/given" {
		t.Error("the given key does not encrypt the bucket")
	}
	if p := policyOf(t, rec, "captures").Find(wormbucket.SidDenyOtherKey); !slices.Equal(p.Values("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption-aws-kms-key-id"),
		[]string{"arn:aws:kms:us-east-1:123456789012:key/given"}) {
		t.Errorf("uploads must be held to the given key: %+v", p)
	}
	if l := rec.Find(loggingT, "captures"); l.Str("targetBucket") != "acme-logs" || l.Str("targetPrefix") != "s3/captures/" {
		t.Errorf("logging: %v", l.Inputs)
	}
	lc := rec.Find(lifecycleT, "captures")
	if lc.Num(rule(t, lc, RuleExpireCaptures)+".expiration.days") != 7 ||
		lc.Num(rule(t, lc, RuleExpireNoncurrentVersion)+".noncurrentVersionExpiration.noncurrentDays") != 2 ||
		lc.Num(rule(t, lc, RuleAbortMultipartUploads)+".abortIncompleteMultipartUpload.daysAfterInitiation") != 3 {
		t.Errorf("lifecycle: %v", lc.Inputs)
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"empty key ARN", &Args{KMSKeyArn: pulumi.String("")}, `KMSKeyArn "" is not a KMS key ARN`},
		{"key alias instead of ARN", &Args{KMSKeyArn: pulumi.String("alias/captures")}, `KMSKeyArn "alias/captures" is not a KMS key ARN`},
		{"bad name", &Args{BucketName: "Captures_Bucket"}, `BucketName "Captures_Bucket" is not a valid S3 bucket name`},
		{"negative expiration", &Args{ExpirationDays: -1}, "ExpirationDays is -1; allowed values are 1 to 3650 (0 means 30)"},
		{"expiration over ten years", &Args{ExpirationDays: 3651}, "ExpirationDays is 3651; allowed values are 1 to 3650 (0 means 30)"},
		{"noncurrent versions kept long", &Args{NoncurrentVersionDays: 31}, "NoncurrentVersionDays is 31; allowed values are 1 to 30 (0 means 1)"},
		{"negative multipart days", &Args{AbortMultipartDays: -2}, "AbortMultipartDays is -2; allowed values are 1 to 30 (0 means 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newBucket(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "capturebucket captures: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "capturebucket captures: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

// TestResourceOptionsReachChildren passes protect and a provider to the
// component: every resource below it (both buckets, their settings, the
// key) must carry them.
func TestResourceOptionsReachChildren(t *testing.T) {
	var region string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		b, err := NewBucket(ctx, "captures", nil, pulumi.Provider(eu), pulumi.Protect(true))
		if b != nil {
			region = b.Region
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "captures"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(p)
	}
	if region != "eu-west-1" || !strings.HasPrefix(rec.Find(keyT, "captures").Out("arn"), "arn:aws:kms:eu-west-1:") {
		t.Errorf("the bucket (%s) and its key are not in the provider's region", region)
	}
}

// TestExposesWhatOthersWaitFor: a writer that depends on the settings
// Bucket exposes waits for exactly those resources.
func TestExposesWhatOthersWaitFor(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		b, err := NewBucket(ctx, "captures", nil)
		if err != nil {
			return err
		}
		_, err = s3.NewBucketObjectv2(ctx, "first", &s3.BucketObjectv2Args{Bucket: b.BucketName, Key: pulumi.String("first")},
			pulumi.DependsOn([]pulumi.Resource{b.Policy, b.Versioning}))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	first := rec.Find("aws:s3/bucketObjectv2:BucketObjectv2", "first")
	for _, typ := range []string{policyT, versioningT} {
		if r := rec.Find(typ, "captures"); r == nil || !slices.Contains(first.Dependencies, r.URN) {
			t.Errorf("the object does not wait for %s: %v", typ, first.Dependencies)
		}
	}
}

// TestValidate: Validate fills in the defaults in place and its errors
// carry no prefix (NewBucket adds it).
func TestValidate(t *testing.T) {
	a := Args{}
	if err := a.Validate("captures"); err != nil {
		t.Fatal(err)
	}
	if a.ExpirationDays != DefaultExpirationDays || a.NoncurrentVersionDays != DefaultNoncurrentVersionDays ||
		a.AbortMultipartDays != DefaultAbortMultipartDays || a.AccessLogPrefix != DefaultAccessLogPrefix {
		t.Errorf("defaults: %+v", a)
	}
	err := (&Args{ExpirationDays: 4000}).Validate("captures")
	if err == nil || err.Error() != "ExpirationDays is 4000; allowed values are 1 to 3650 (0 means 30)" {
		t.Errorf("err = %v", err)
	}
}
