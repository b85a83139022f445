package audittrail

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	trailT    = "aws:cloudtrail/trail:Trail"
	logGroupT = "aws:cloudwatch/logGroup:LogGroup"
	keyT      = "aws:kms/key:Key"
	bucketT   = "aws:s3/bucketV2:BucketV2"
	detectorT = "aws:guardduty/detector:Detector"
)

func newTrail(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewTrail(ctx, "audit", args, opts...)
		return err
	})
}

func TestDefaults(t *testing.T) {
	rec, err := newTrail(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	trail := rec.Find(trailT, "audit")
	key := rec.Find(keyT, "audit")
	bucket := rec.Find(bucketT, "audit-logs")
	lg := rec.Find(logGroupT, "audit")
	if trail == nil || key == nil || bucket == nil || lg == nil {
		t.Fatalf("missing parts:\n%s", rec)
	}
	for _, f := range []string{"isMultiRegionTrail", "includeGlobalServiceEvents", "enableLogFileValidation", "enableLogging"} {
		if !trail.Bool(f) {
			t.Errorf("trail %s is off", f)
		}
	}
	if trail.Str("name") != "modelfort-audit" || trail.Str("kmsKeyId") != key.Out("arn") || trail.Str("s3BucketName") != bucket.ID ||
		trail.Str("cloudWatchLogsGroupArn") != lg.Out("arn")+":*" || trail.Has("eventSelectors") {
		t.Errorf("trail: %v", trail.Inputs)
	}
	if lg.Str("kmsKeyId") != key.Out("arn") || lg.Num("retentionInDays") != 365 {
		t.Errorf("log group: %v", lg.Inputs)
	}
	if rec.Find(wormbucket.Type, "audit-logs") == nil {
		t.Error("the trail must deliver into a WORM bucket")
	}
	lock := rec.Find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "audit-logs")
	if lock.Str("rule.defaultRetention.mode") != "COMPLIANCE" || lock.Num("rule.defaultRetention.days") != 365 {
		t.Errorf("log bucket retention: %v", lock.Get("rule"))
	}
	if sse := rec.Find("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "audit-logs"); sse.Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != key.Out("arn") {
		t.Error("the log bucket must use the trail's key, so that the bucket policy accepts CloudTrail's uploads")
	}
	bp, err := rec.Find("aws:s3/bucketPolicy:BucketPolicy", "audit-logs").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	put := bp.Find("Writer0PutsObjects")
	if put == nil || !slices.Equal(put.Principal["Service"], []string{"cloudtrail.amazonaws.com"}) ||
		!slices.Equal(put.Values("StringEquals", "aws:SourceArn"), []string{trail.Out("arn")}) {
		t.Errorf("CloudTrail's write statement %+v must name the trail's real ARN %s", put, trail.Out("arn"))
	}
	kp, _ := key.Policy("policy")
	if kp.Find("CloudWatchLogsUsesKeyForThisAccount") == nil || !slices.Contains(kp.Find("ServicesUseKeyForThisAccount").Principal["Service"], "cloudtrail.amazonaws.com") {
		t.Errorf("key policy statements %v", kp.Sids())
	}
	role := rec.Find("aws:iam/role:Role", "audit-to-logs")
	if trail.Str("cloudWatchLogsRoleArn") != role.Out("arn") {
		t.Error("the trail does not deliver through its role")
	}
	rp, _ := rec.Find("aws:iam/rolePolicy:RolePolicy", "audit-to-logs").Policy("policy")
	if s := rp.Statement[0]; !slices.Equal(s.Action, []string{"logs:CreateLogStream", "logs:PutLogEvents"}) || !slices.Equal(s.Resource, []string{lg.Out("arn") + ":log-stream:*"}) {
		t.Errorf("delivery role policy %+v", s)
	}
	if len(rec.OfType(detectorT)) != 0 {
		t.Error("GuardDuty is on without being asked for")
	}
	if got := []string{trail.Str("insightSelectors[0].insightType"), trail.Str("insightSelectors[1].insightType")}; !slices.Equal(got, []string{"ApiCallRateInsight", "ApiErrorRateInsight"}) {
		t.Errorf("Insights: %v", trail.Get("insightSelectors"))
	}
}

// TestNoInsights: the loosening turns Insights off, and only that.
func TestNoInsights(t *testing.T) {
	rec, err := newTrail(t, &Args{NoInsights: true})
	if err != nil {
		t.Fatal(err)
	}
	if trail := rec.Find(trailT, "audit"); trail.Has("insightSelectors") || !trail.Bool("isMultiRegionTrail") {
		t.Errorf("trail: %v", trail.Inputs)
	}
}

// TestTrailWaitsForTheBucketPolicy: CloudTrail refuses to create a trail
// whose bucket policy does not let it write yet, so the trail must depend
// on the bucket policy itself (and on the object lock, so that the first
// log files are locked, and on the delivery role's policy), as the
// harness records it. Depending on the bucket component instead would
// depend on whichever of its children happened to be registered by then
// (this test failed about once in 20 runs that way).
func TestTrailWaitsForTheBucketPolicy(t *testing.T) {
	rec, err := newTrail(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	trail := rec.Find(trailT, "audit")
	for typ, name := range map[string]string{
		"aws:s3/bucketPolicy:BucketPolicy":                                       "audit-logs",
		"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": "audit-logs",
		"aws:iam/rolePolicy:RolePolicy":                                          "audit-to-logs",
	} {
		if want := rec.Find(typ, name); want == nil || !slices.Contains(trail.Dependencies, want.URN) {
			t.Errorf("the trail does not wait for %s %s; its dependencies: %v", typ, name, trail.Dependencies)
		}
	}
}

func TestOptions(t *testing.T) {
	rec, err := newTrail(t, &Args{
		TrailName:        "org-audit",
		BucketRetention:  &wormbucket.Retention{Mode: wormbucket.Governance, Days: 1},
		LogRetentionDays: 90,
		DataEventBuckets: []pulumi.StringInput{pulumi.String("arn:aws:s3:::models")},
		GuardDuty:        true,
	})
	if err != nil {
		t.Fatal(err)
	}
	trail := rec.Find(trailT, "audit")
	if trail.Str("name") != "org-audit" || trail.Str("eventSelectors[0].dataResources[0].type") != "AWS::S3::Object" ||
		!slices.Equal(trail.Strs("eventSelectors[0].dataResources[0].values"), []string{"arn:aws:s3:::models/"}) ||
		trail.Str("eventSelectors[0].readWriteType") != "All" || !trail.Bool("eventSelectors[0].includeManagementEvents") ||
		trail.Str("insightSelectors[0].insightType") != "ApiCallRateInsight" {
		t.Errorf("trail: %v", trail.Inputs)
	}
	if rec.Find(logGroupT, "audit").Num("retentionInDays") != 90 {
		t.Error("log retention")
	}
	if rec.Find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "audit-logs").Str("rule.defaultRetention.mode") != "GOVERNANCE" {
		t.Error("bucket retention")
	}
	det := rec.Find(detectorT, "audit")
	feat := rec.Find("aws:guardduty/detectorFeature:DetectorFeature", "audit-s3")
	if det == nil || !det.Bool("enable") || feat == nil || feat.Str("name") != "S3_DATA_EVENTS" || feat.Str("status") != "ENABLED" || feat.Str("detectorId") != det.ID {
		t.Errorf("GuardDuty: %v, %v", det, feat)
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"log retention", &Args{LogRetentionDays: 10}, "LogRetentionDays is 10; allowed values are [1 3 5"},
		{"trail name", &Args{TrailName: "-x"}, `TrailName "-x" is not allowed`},
		{"bucket retention of 0", &Args{BucketRetention: &wormbucket.Retention{Mode: wormbucket.Compliance}}, "BucketRetention: wormbucket audit-logs: Retention is 0"},
		{"nil data bucket", &Args{DataEventBuckets: []pulumi.StringInput{nil}}, "DataEventBuckets[0] is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newTrail(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "audittrail audit: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "audittrail audit: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

// TestResourceOptionsReachStatefulChildren passes protect and a provider
// to the component: every resource below it (key, bucket and its
// settings, log group, role, trail, detector) must carry them.
func TestResourceOptionsReachStatefulChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewTrail(ctx, "audit", &Args{GuardDuty: true}, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "audit"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(p)
	}
	if arn := rec.Find(trailT, "audit").Out("arn"); !strings.HasPrefix(arn, "arn:aws:cloudtrail:eu-west-1:") {
		t.Errorf("the trail %s is not in the provider's region", arn)
	}
}
