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
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	bucketType     = "tencentcloud:Cos/bucket:Bucket"
	policyType     = "tencentcloud:Cos/bucketPolicy:BucketPolicy"
	roleType       = "tencentcloud:Cam/role:Role"
	camPolicyType  = "tencentcloud:Cam/policy:Policy"
	attachmentType = "tencentcloud:Cam/rolePolicyAttachment:RolePolicyAttachment"
	appID          = "1250000000"
	// initiator is the offline account's root identity, as COS names a
	// request's initiator.
	initiator = "qcs::cam::uin/100000000001:uin/100000000001"
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
		if !denies(doc, "name/cos:*", "bool_equal", SecureTransportKey, "false") {
			t.Errorf("%s: the policy does not deny plain HTTP: %s", name, p.Str("policy"))
		}
		// COS honours cos:tls-version in ap-beijing only.
		if denies(doc, "name/cos:*", "numeric_less_than", TLSVersionKey, "1.2") {
			t.Errorf("%s: a TLS statement %s does not honour: %s", name, w.region, p.Str("policy"))
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
	// COS replicates as the request initiator, the identity that deploys;
	// the multi-AZ primary replicates into the multi-AZ replica's class.
	if primary.Str("replicaRole") != initiator {
		t.Errorf("replicaRole %q; want the initiator %s", primary.Str("replicaRole"), initiator)
	}
	rule := "replicaRules[0]."
	if primary.Str(rule+"destinationBucket") != "qcs::cos:ap-shanghai::models-replica-"+appID || primary.Str(rule+"status") != "Enabled" ||
		primary.Str(rule+"prefix") != "" || primary.Str(rule+"destinationStorageClass") != "MAZ_STANDARD" || len(primary.Get("replicaRules").ArrayValue()) != 1 {
		t.Errorf("replication rules %v", primary.Get("replicaRules"))
	}
	if !slices.Contains(primary.PropertyDependencies["replicaRules"], replica.URN) {
		t.Error("the primary's replication rule does not wait for the replica")
	}
	// No CAM role: COS documents no service principal that assumes one
	// for replication.
	for _, typ := range []string{roleType, camPolicyType, attachmentType} {
		if n := len(rec.OfType(typ)); n != 0 {
			t.Errorf("%d %s", n, typ)
		}
	}
}

// TestReplicationRoleIsTheInitiator: a sub-user's deployment replicates
// as that sub-user, in the form PUT Bucket replication demands.
func TestReplicationRoleIsTheInitiator(t *testing.T) {
	getInfo := func(resource.PropertyMap) (resource.PropertyMap, error) {
		return resource.NewPropertyMapFromMap(map[string]any{"appId": appID, "ownerUin": "100000000001", "uin": "100000000011"}), nil
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		_, err = NewBucket(ctx, "models", &Args{ReplicaProvider: dr})
		return err
	}, mocktest.Invoke("tencentcloud:User/getInfo:getInfo", getInfo))
	if err != nil {
		t.Fatal(err)
	}
	const want = "qcs::cam::uin/100000000001:uin/100000000011"
	if got := rec.Find(bucketType, "models").Str("replicaRole"); got != want {
		t.Errorf("replicaRole %q; want %s", got, want)
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
	// Single-AZ: the replica's class as given.
	if primary.Str("replicaRules[0].destinationStorageClass") != "STANDARD_IA" || primary.Str("replicaRules[0].destinationBucket") != "qcs::cos:ap-shanghai::weights-dr-"+appID {
		t.Errorf("rule %v", primary.Get("replicaRules"))
	}
}

// TestKMSEncryption: EncryptionAlgorithm KMS gives every bucket SSE-KMS
// (the provider cannot name a key: COS uses the CMK it creates).
func TestKMSEncryption(t *testing.T) {
	rec, err := run(t, "ap-shanghai", &Args{EncryptionAlgorithm: "KMS"})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rec.OfType(bucketType) {
		if b.Str("encryptionAlgorithm") != "KMS" || !b.Bool("versioningEnable") {
			t.Errorf("%s: encryption %q", b.Name, b.Str("encryptionAlgorithm"))
		}
	}
	// An account that has not activated KMS refuses SSE-KMS, as COS does.
	_, err = mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		_, err = NewBucket(ctx, "models", &Args{ReplicaProvider: dr, EncryptionAlgorithm: "KMS"})
		return err
	}, mocktest.AccountSettings(offlinecloud.Settings{Tencent: offlinecloud.TencentSettings{InactiveServices: []string{offlinecloud.ServiceKMS}}}))
	if err == nil || !strings.Contains(err.Error(), "COS-SSE-KMS-ACTIVATED") {
		t.Errorf("SSE-KMS without KMS: %v", err)
	}
}

// TestMultiAZWhereOffered: each bucket is multi-AZ where its region
// offers it; a multi-AZ primary replicates only into a multi-AZ replica
// (in a MAZ_ class), so a replica region without multi-AZ storage needs
// SingleAZ.
func TestMultiAZWhereOffered(t *testing.T) {
	rec, err := run(t, "na-siliconvalley", nil)
	if err == nil || !strings.Contains(err.Error(), "replicatedbucket models: ReplicaProvider acts in na-siliconvalley, where COS has no multi-AZ buckets; the primary in ap-guangzhou is multi-AZ") ||
		!strings.Contains(err.Error(), "or set SingleAZ") || len(rec.OfType(bucketType)) != 0 {
		t.Errorf("a multi-AZ primary with a single-AZ replica: %v", err)
	}

	rec, err = run(t, "na-siliconvalley", &Args{SingleAZ: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rec.OfType(bucketType) {
		if b.Bool("multiAz") {
			t.Errorf("%s is multi-AZ with SingleAZ", b.Name)
		}
	}
	if c := rec.Find(bucketType, "models").Str("replicaRules[0].destinationStorageClass"); c != "STANDARD" {
		t.Errorf("single-AZ replica class %q", c)
	}

	// A single-AZ primary may replicate into a multi-AZ replica.
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := tencentcloud.NewProvider(ctx, "dr", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-hongkong")})
		if err != nil {
			return err
		}
		b, err := NewBucket(ctx, "models", &Args{ReplicaProvider: dr, ReplicaStorageClass: "INTELLIGENT_TIERING"})
		if err == nil && (b.MultiAZ || !b.ReplicaMultiAZ || b.ReplicaStorageClass != "MAZ_INTELLIGENT_TIERING") {
			t.Errorf("component fields %+v", b)
		}
		return err
	}, mocktest.Config("tencentcloud:region", "na-siliconvalley"))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(bucketType, "models").Bool("multiAz") || !rec.Find(bucketType, "models-replica").Bool("multiAz") ||
		rec.Find(bucketType, "models").Str("replicaRules[0].destinationStorageClass") != "MAZ_INTELLIGENT_TIERING" {
		t.Errorf("primary %v, replica %v", rec.Find(bucketType, "models").Inputs, rec.Find(bucketType, "models-replica").Get("multiAz"))
	}
}

// TestTLSOnlyWhereHonoured: the policy denies TLS below 1.2 only where COS
// honours cos:tls-version (ap-beijing); it denies plain HTTP everywhere.
func TestTLSOnlyWhereHonoured(t *testing.T) {
	for region, want := range map[string]bool{"ap-beijing": true, "ap-guangzhou": false, "ap-singapore": false} {
		doc := BucketPolicy(region, "qcs::cos:"+region+":uid/"+appID+":b-"+appID+"/*", true)
		if got := denies(&doc, "name/cos:*", "numeric_less_than", TLSVersionKey, MinTLSVersion); got != want {
			t.Errorf("%s: TLS statement %v; want %v", region, got, want)
		}
		if !denies(&doc, "name/cos:*", "bool_equal", SecureTransportKey, "false") {
			t.Errorf("%s: no secure-transport deny", region)
		}
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
		{"ap-shanghai", Args{ReplicaStorageClass: "MAZ_STANDARD"}, `ReplicaStorageClass is "MAZ_STANDARD"`},
		{"ap-shanghai", Args{EncryptionAlgorithm: "SM4"}, `EncryptionAlgorithm is "SM4"; allowed values are AES256, KMS`},
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
		if b.Region != "ap-beijing" || b.ReplicaRegion != "ap-singapore" || !b.MultiAZ || !b.ReplicaMultiAZ || b.FullName != "models-"+appID ||
			b.ReplicaStorageClass != "MAZ_STANDARD" {
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
	// In ap-beijing COS honours cos:tls-version: the primary's policy
	// denies TLS below 1.2; the replica's, in ap-singapore, has no such
	// statement.
	if doc := mustPolicy(t, rec.Find(policyType, "models").Str("policy")); !denies(doc, "name/cos:*", "numeric_less_than", TLSVersionKey, "1.2") {
		t.Error("the ap-beijing policy does not deny old TLS")
	}
	if doc := mustPolicy(t, rec.Find(policyType, "models-replica").Str("policy")); denies(doc, "name/cos:*", "numeric_less_than", TLSVersionKey, "1.2") {
		t.Error("the ap-singapore policy has a TLS statement COS does not honour there")
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
// COS buckets take no KMS key of one's own (only SSE-KMS with the CMK COS
// creates, EncryptionAlgorithm KMS) and no object lock, and lifecycle
// rules cannot abort multipart uploads. The buckets get SSE-COS (AES256)
// by default and a policy that denies version deletion instead. When a
// provider upgrade adds any of these fields, this test fails: use it in
// Bucket.
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
		if b.Str("encryptionAlgorithm") != DefaultEncryptionAlgorithm {
			t.Errorf("%s: encryption %q", b.Name, b.Str("encryptionAlgorithm"))
		}
	}
	doc := mustPolicy(t, rec.Find(policyType, "models").Str("policy"))
	if !denies(doc, "name/cos:DeleteObject", "string_like", VersionIDKey, "*") {
		t.Error("without object lock, the policy must deny deleting versions")
	}
}
