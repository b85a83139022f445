package replicatedbucket

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cos"

	"github.com/modelfort/modelfort/internal/campolicy"
	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	bucketType     = "tencentcloud:Cos/bucket:Bucket"
	policyType     = "tencentcloud:Cos/bucketPolicy:BucketPolicy"
	roleType       = "tencentcloud:Cam/role:Role"
	camPolicyType  = "tencentcloud:Cam/policy:Policy"
	attachmentType = "tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment"
	appID          = "1250000000"
)

// run creates a Bucket named "models" in ap-guangzhou with a replica
// provider in replicaRegion.
func run(t *testing.T, replicaRegion string, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String(replicaRegion)})
		if err != nil {
			return err
		}
		a := Args{}
		if args != nil {
			a = *args
		}
		if a.ReplicaProvider == nil {
			a.ReplicaProvider = dr
		}
		_, err = NewBucket(ctx, "models", &a, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
}

func mustPolicy(t *testing.T, doc string) *campolicy.Policy {
	t.Helper()
	p, err := campolicy.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// denies reports whether the bucket policy p has a deny statement for
// anyone on actions under the condition operator, key and value.
func denies(p *campolicy.Policy, action, operator, key, value string) bool {
	for _, s := range p.Statement {
		if s.Effect == "deny" && slices.Equal(s.Principal["qcs"], []string{campolicy.Anyone}) && slices.Contains(s.Action, action) &&
			(operator == "" && s.Condition == nil || slices.Equal(s.Values(operator, key), []string{value})) {
			return true
		}
	}
	return false
}

func TestDefaults(t *testing.T) {
	rec, err := run(t, "ap-shanghai", nil)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "models")
	if comp == nil {
		t.Fatalf("no component:\n%s", rec)
	}
	want := map[string]struct{ bucket, region string }{
		"models":              {"models-" + appID, "ap-guangzhou"},
		"models-logs":         {"models-logs-" + appID, "ap-guangzhou"},
		"models-replica":      {"models-replica-" + appID, "ap-shanghai"},
		"models-replica-logs": {"models-replica-logs-" + appID, "ap-shanghai"},
	}
	if n := len(rec.OfType(bucketType)); n != len(want) {
		t.Errorf("%d buckets; want %d", n, len(want))
	}
	for name, w := range want {
		b := rec.Find(bucketType, name)
		if b == nil || b.Parent != comp.URN {
			t.Fatalf("bucket %s: %+v", name, b)
		}
		if b.Str("bucket") != w.bucket || b.Region != w.region {
			t.Errorf("%s is %q in %s; want %q in %s", name, b.Str("bucket"), b.Region, w.bucket, w.region)
		}
		if b.Str("acl") != "private" || b.Str("encryptionAlgorithm") != "AES256" || !b.Bool("versioningEnable") || !b.Bool("multiAz") {
			t.Errorf("%s: acl %q, encryption %q, versioning %v, multiAz %v", name, b.Str("acl"), b.Str("encryptionAlgorithm"), b.Bool("versioningEnable"), b.Bool("multiAz"))
		}
		if b.Out("cosBucketUrl") != w.bucket+".cos."+w.region+".myqcloud.com" {
			t.Errorf("%s url %q", name, b.Out("cosBucketUrl"))
		}
		p := rec.Find(policyType, name)
		if p == nil || p.Str("bucket") != w.bucket || p.Region != w.region {
			t.Fatalf("policy of %s: %+v", name, p)
		}
		doc := mustPolicy(t, p.Str("policy"))
		resource := "qcs::cos:" + w.region + ":uid/" + appID + ":" + w.bucket + "/*"
		for _, s := range doc.Statement {
			if !slices.Equal(s.Resource, []string{resource}) {
				t.Errorf("%s: statement on %v; want %s", name, s.Resource, resource)
			}
		}
		if !denies(doc, "name/cos:*", "bool_equal", SecureTransportKey, "false") || !denies(doc, "name/cos:*", "numeric_less_than", TLSVersionKey, "1.2") {
			t.Errorf("%s: the policy does not deny plain HTTP and old TLS: %s", name, p.Str("policy"))
		}
		isLog := strings.HasSuffix(name, "-logs")
		if protects := denies(doc, "name/cos:DeleteObject", "string_like", VersionIDKey, "*") && denies(doc, "name/cos:DeleteMultipleObjects", "", "", ""); protects == isLog {
			t.Errorf("%s: version deletion denied = %v; want %v", name, protects, !isLog)
		}
		if isLog {
			if b.Bool("logEnable") || b.Num("lifecycleRules[0].expiration.days") != 365 || b.Has("replicaRules") {
				t.Errorf("%s: log bucket logs %v, expires after %v", name, b.Bool("logEnable"), b.Get("lifecycleRules"))
			}
			continue
		}
		logs := want[name+"-logs"].bucket
		if !b.Bool("logEnable") || b.Str("logTargetBucket") != logs || b.Str("logPrefix") != "access-logs/"+w.bucket+"/" {
			t.Errorf("%s logs to %q (%v) under %q; want %s", name, b.Str("logTargetBucket"), b.Bool("logEnable"), b.Str("logPrefix"), logs)
		}
		if b.Num("lifecycleRules[0].nonCurrentExpiration.nonCurrentDays") != 365 || b.Has("lifecycleRules[0].expiration") {
			t.Errorf("%s lifecycle %v", name, b.Get("lifecycleRules"))
		}
	}

	primary, replica := rec.Find(bucketType, "models"), rec.Find(bucketType, "models-replica")
	if replica.Has("replicaRules") || replica.Has("replicaRole") {
		t.Error("the replica replicates")
	}
	if primary.Str("replicaRole") != "qcs::cam::uin/100000000001:roleName/modelfort-cos-replication-models" {
		t.Errorf("replicaRole %q", primary.Str("replicaRole"))
	}
	rule := "replicaRules[0]."
	if primary.Str(rule+"destinationBucket") != "qcs::cos:ap-shanghai::models-replica-"+appID || primary.Str(rule+"status") != "Enabled" ||
		primary.Str(rule+"prefix") != "" || primary.Str(rule+"destinationStorageClass") != "STANDARD" || len(primary.Get("replicaRules").ArrayValue()) != 1 {
		t.Errorf("replication rules %v", primary.Get("replicaRules"))
	}

	role, camPolicy, att := rec.Find(roleType, "models-replication"), rec.Find(camPolicyType, "models-replication"), rec.Find(attachmentType, "models-replication")
	if role == nil || camPolicy == nil || att == nil {
		t.Fatalf("replication role %v, policy %v, attachment %v", role, camPolicy, att)
	}
	trust := mustPolicy(t, role.Str("document"))
	if len(trust.Statement) != 1 || !slices.Equal(trust.Statement[0].Principal["service"], []string{ReplicationService}) ||
		len(trust.Statement[0].Principal) != 1 || !slices.Equal(trust.Statement[0].Action, []string{"name/sts:AssumeRole"}) || trust.Statement[0].Effect != "allow" {
		t.Errorf("trust document %s", role.Str("document"))
	}
	if role.Bool("consoleLogin") || role.Str("name") != "modelfort-cos-replication-models" {
		t.Errorf("role %v", role.Inputs)
	}
	doc := mustPolicy(t, camPolicy.Str("document"))
	src := "qcs::cos:ap-guangzhou:uid/" + appID + ":models-" + appID + "/*"
	dst := "qcs::cos:ap-shanghai:uid/" + appID + ":models-replica-" + appID + "/*"
	if len(doc.Statement) != 2 ||
		!slices.Equal(doc.Statement[0].Resource, []string{src}) || !slices.Equal(doc.Statement[0].Action, ReplicationReadActions) ||
		!slices.Equal(doc.Statement[1].Resource, []string{dst}) || !slices.Equal(doc.Statement[1].Action, ReplicationWriteActions) {
		t.Errorf("the replication policy allows more or less than replication: %s", camPolicy.Str("document"))
	}
	for _, s := range doc.Statement {
		if s.Effect != "allow" || s.Condition != nil || slices.ContainsFunc(s.Action, func(a string) bool { return strings.Contains(a, "*") }) {
			t.Errorf("statement %+v", s)
		}
	}
	if att.Str("roleId") != role.ID || att.Str("policyId") != camPolicy.ID {
		t.Errorf("attachment %v; role %s, policy %s", att.Inputs, role.ID, camPolicy.ID)
	}
	if !slices.Contains(primary.Dependencies, att.URN) {
		t.Error("the primary bucket does not wait for the role's policy")
	}
}

func TestOptions(t *testing.T) {
	rec, err := run(t, "ap-shanghai", &Args{
		Name: "weights", ReplicaName: "weights-dr", ReplicaStorageClass: "STANDARD_IA",
		LogBucket: "shared-logs-" + appID, ReplicaLogBucket: "shared-logs-dr-" + appID, AccessLogPrefix: "cos/",
		NoncurrentVersionDays: 30, SingleAZ: true, AllowVersionDeletion: true, Tags: map[string]string{"team": "ml"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.OfType(bucketType)); n != 2 {
		t.Errorf("%d buckets; want no dedicated log buckets", n)
	}
	primary, replica := rec.Find(bucketType, "models"), rec.Find(bucketType, "models-replica")
	if primary.Str("bucket") != "weights-"+appID || replica.Str("bucket") != "weights-dr-"+appID {
		t.Errorf("names %q, %q", primary.Str("bucket"), replica.Str("bucket"))
	}
	if primary.Str("logTargetBucket") != "shared-logs-"+appID || replica.Str("logTargetBucket") != "shared-logs-dr-"+appID || primary.Str("logPrefix") != "cos/weights-"+appID+"/" {
		t.Errorf("logging %q %q %q", primary.Str("logTargetBucket"), replica.Str("logTargetBucket"), primary.Str("logPrefix"))
	}
	for _, b := range []*mocktest.Resource{primary, replica} {
		if b.Bool("multiAz") || b.Num("lifecycleRules[0].nonCurrentExpiration.nonCurrentDays") != 30 || b.Str("tags.team") != "ml" {
			t.Errorf("%s: %v", b.Name, b.Inputs)
		}
		if !b.Bool("versioningEnable") || b.Str("encryptionAlgorithm") != "AES256" {
			t.Errorf("%s: options loosened versioning or encryption", b.Name)
		}
		doc := mustPolicy(t, rec.Find(policyType, b.Name).Str("policy"))
		if slices.Contains(doc.Actions("deny"), "name/cos:DeleteMultipleObjects") || !denies(doc, "name/cos:*", "bool_equal", SecureTransportKey, "false") {
			t.Errorf("%s: policy %v", b.Name, doc)
		}
	}
	if primary.Str("replicaRules[0].destinationStorageClass") != "STANDARD_IA" || primary.Str("replicaRules[0].destinationBucket") != "qcs::cos:ap-shanghai::weights-dr-"+appID {
		t.Errorf("rule %v", primary.Get("replicaRules"))
	}
	if rec.Find(roleType, "models-replication").Str("tags.team") != "ml" {
		t.Error("tags did not reach the role")
	}
}

// TestMultiAZWhereOffered: a region without multi-AZ COS gets a single-AZ
// bucket; the primary stays multi-AZ.
func TestMultiAZWhereOffered(t *testing.T) {
	rec, err := run(t, "na-siliconvalley", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Find(bucketType, "models").Bool("multiAz") || rec.Find(bucketType, "models-replica").Bool("multiAz") ||
		rec.Find(bucketType, "models-replica-logs").Bool("multiAz") {
		t.Errorf("multiAz: primary %v, replica %v", rec.Find(bucketType, "models").Get("multiAz"), rec.Find(bucketType, "models-replica").Get("multiAz"))
	}
}

func TestRejections(t *testing.T) {
	long := strings.Repeat("a", 40)
	for _, tt := range []struct {
		region string
		args   Args
		want   string
	}{
		{"ap-guangzhou", Args{}, "ReplicaProvider acts in ap-guangzhou, the bucket's own region"},
		{"ap-shanghai", Args{Name: "Models"}, `Name is "Models"; allowed values are lower-case letters`},
		{"ap-shanghai", Args{ReplicaName: "x-"}, `ReplicaName is "x-"`},
		{"ap-shanghai", Args{Name: "a", ReplicaName: "a"}, `ReplicaName is "a", the same as Name`},
		{"ap-shanghai", Args{Name: long}, `Name "` + long + `" makes the bucket name`},
		{"ap-shanghai", Args{Name: strings.Repeat("b", 35), ReplicaName: "r"}, `Name "` + strings.Repeat("b", 35) + `-logs" makes the bucket name`},
		{"ap-shanghai", Args{ReplicaStorageClass: "ARCHIVE"}, `ReplicaStorageClass is "ARCHIVE"; allowed values are STANDARD, STANDARD_IA, INTELLIGENT_TIERING`},
		{"ap-shanghai", Args{NoncurrentVersionDays: 3651}, "NoncurrentVersionDays is 3651; allowed values are 1 to 3650"},
		{"ap-shanghai", Args{NoncurrentVersionDays: -1}, "NoncurrentVersionDays is -1"},
		{"ap-shanghai", Args{LogRetentionDays: -2}, "LogRetentionDays is -2"},
		{"ap-shanghai", Args{LogBucket: "logs"}, `LogBucket is "logs"; give a full bucket name ending with -1250000000`},
		{"ap-shanghai", Args{ReplicaLogBucket: "logs-1"}, `ReplicaLogBucket is "logs-1"`},
	} {
		rec, err := run(t, tt.region, &tt.args)
		if err == nil || !strings.Contains(err.Error(), "replicatedbucket models: "+tt.want) {
			t.Errorf("%+v: err = %v; want %q", tt.args, err, tt.want)
		}
		if len(rec.OfType(Type)) != 0 || len(rec.OfType(bucketType)) != 0 || len(rec.OfType(roleType)) != 0 {
			t.Errorf("%+v: registered before failing:\n%s", tt.args, rec)
		}
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewBucket(ctx, "models", nil)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "replicatedbucket models: ReplicaProvider is nil") || len(rec.Resources) != 0 {
		t.Errorf("nil args: %v\n%s", err, rec)
	}
}

// TestRejectsAnotherAccount: the replica provider must act for the same
// account (APPID), since the replication role lives in the primary's.
func TestRejectsAnotherAccount(t *testing.T) {
	calls := 0
	getInfo := func(resource.PropertyMap) (resource.PropertyMap, error) {
		calls++
		id := appID
		if calls == 2 {
			id = "1300000000"
		}
		return resource.NewPropertyMapFromMap(map[string]any{"appId": id, "ownerUin": "100000000001"}), nil
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		_, err = NewBucket(ctx, "models", &Args{ReplicaProvider: dr})
		return err
	}, mocktest.Invoke("tencentcloud:User/getInfo:getInfo", getInfo))
	if err == nil || !strings.Contains(err.Error(), "ReplicaProvider acts for APPID 1300000000, the bucket for 1250000000") {
		t.Errorf("err = %v", err)
	}
	if len(rec.OfType(Type)) != 0 || len(rec.OfType(bucketType)) != 0 {
		t.Errorf("registered before failing:\n%s", rec)
	}
}

// TestResourceOptionsReachChildren passes protect and a provider: every
// resource below the component is protected, the primary's resources use
// the given provider and the replica's the replica provider.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		bj, err := tencentcloud.NewProvider(ctx, "bj", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-beijing")})
		if err != nil {
			return err
		}
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-singapore")})
		if err != nil {
			return err
		}
		b, err := NewBucket(ctx, "models", &Args{ReplicaProvider: dr}, pulumi.Provider(bj), pulumi.Protect(true))
		if err != nil {
			return err
		}
		if b.Region != "ap-beijing" || b.ReplicaRegion != "ap-singapore" || !b.MultiAZ || !b.ReplicaMultiAZ || b.FullName != "models-"+appID {
			t.Errorf("component fields %+v", b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "models")
	if !comp.Protect {
		t.Error("the component is not protected")
	}
	isReplica := func(r *mocktest.Resource) bool {
		return r.Name == "models-replica" || strings.HasPrefix(r.Name, "models-replica-")
	}
	isPrimary := func(r *mocktest.Resource) bool { return !isReplica(r) }
	// The replica's resources act in the replica provider's region on
	// purpose; protect reaches them too.
	problems := rec.OptionsReach(comp, mocktest.Reach{Region: "ap-beijing", Protect: true, Skip: isReplica})
	problems = append(problems, rec.OptionsReach(comp, mocktest.Reach{Region: "ap-singapore", Protect: true, Skip: isPrimary})...)
	for _, p := range problems {
		t.Error(p)
	}
	for _, r := range rec.Descendants(comp) {
		wantProvider := "::bj::"
		if isReplica(r) {
			wantProvider = "::dr::"
		}
		if r.Custom && !strings.Contains(r.Provider, wantProvider) {
			t.Errorf("%s acts through %q; want %s", r.URN, r.Provider, wantProvider)
		}
	}
}

// TestGapNoKMSEncryptionNoObjectLock shows what the provider cannot do:
// COS buckets take no KMS key and no object lock, and lifecycle rules
// cannot abort multipart uploads. The buckets get SSE-COS (AES256) and a
// policy that denies version deletion instead. When a provider upgrade adds
// any of these fields, this test fails: use it in Bucket.
func TestGapNoKMSEncryptionNoObjectLock(t *testing.T) {
	for typ, fields := range map[reflect.Type][]string{
		reflect.TypeOf(cos.BucketArgs{}):          {"KmsId", "KmsKeyId", "ObjectLockEnabled", "EnableObjectLock", "ObjectLock"},
		reflect.TypeOf(cos.BucketLifecycleRule{}): {"AbortIncompleteMultipartUpload", "AbortIncompleteMultipartUploads"},
	} {
		for _, f := range fields {
			if _, ok := typ.FieldByName(f); ok {
				t.Errorf("%s now has %s: Bucket should use it", typ, f)
			}
		}
	}
	rec, err := run(t, "ap-shanghai", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rec.OfType(bucketType) {
		if b.Str("encryptionAlgorithm") != EncryptionAlgorithm {
			t.Errorf("%s: encryption %q", b.Name, b.Str("encryptionAlgorithm"))
		}
	}
	doc := mustPolicy(t, rec.Find(policyType, "models").Str("policy"))
	if !denies(doc, "name/cos:DeleteObject", "string_like", VersionIDKey, "*") {
		t.Error("without object lock, the policy must deny deleting versions")
	}
}
