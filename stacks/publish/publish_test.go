package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	dataKey    = "arn:aws:kms:us-east-1:123456789012:key/mrk-0123"
	replicaKey = "arn:aws:kms:us-west-2:123456789012:key/mrk-0123"
)

// fake is an offline account with the model bucket (us-east-1) and its
// replica (us-west-2), served by the offline S3.
type fake struct {
	a                *offlinecloud.Account
	source, replica  *s3.Client
	corruptNextWrite bool
	forbidReplica    bool
}

// newFake serves the account; replicateTo names the destination of the
// model bucket's replication rule ("" for none).
func newFake(t *testing.T, replicateTo string) *fake {
	t.Helper()
	f := &fake{a: offlinecloud.NewMemoryAccount(offlinecloud.Settings{})}
	for _, b := range []struct{ name, region string }{{"models", "us-east-1"}, {"replica", "us-west-2"}} {
		if err := f.a.Put(offlinecloud.Record{Type: offlinecloud.S3BucketType, Region: b.region, ID: b.name, Outputs: resource.PropertyMap{"bucket": resource.NewProperty(b.name)}}); err != nil {
			t.Fatal(err)
		}
	}
	if replicateTo != "" {
		rule := map[string]any{
			"id": "replicate-everything", "status": "Enabled", "filter": map[string]any{"prefix": ""},
			"sourceSelectionCriteria": map[string]any{"sseKmsEncryptedObjects": map[string]any{"status": "Enabled"}},
			"destination":             map[string]any{"bucket": "arn:aws:s3:::" + replicateTo, "encryptionConfiguration": map[string]any{"replicaKmsKeyId": replicaKey}},
		}
		rec := offlinecloud.Record{Type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", Region: "us-east-1", ID: "models",
			Outputs: resource.NewPropertyMapFromMap(map[string]any{"bucket": "models", "rules": []any{rule}})}
		if err := f.a.Put(rec); err != nil {
			t.Fatal(err)
		}
	}
	h := offlinecloud.NewS3Handler(f.a)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.corruptNextWrite && r.Method == http.MethodPut {
			// A body that changes on the way: one byte flipped.
			f.corruptNextWrite = false
			b, _ := io.ReadAll(r.Body)
			b[0] ^= 0xff
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		if f.forbidReplica && strings.HasPrefix(r.URL.Path, "/replica/") {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client := func(region string) *s3.Client {
		return s3.NewFromConfig(aws.Config{
			Region: region, Credentials: credentials.NewStaticCredentialsProvider("AKIAOFFLINE", "offline", ""),
			RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
			ResponseChecksumValidation: aws.ResponseChecksumValidationWhenSupported,
		}, func(o *s3.Options) { o.BaseEndpoint, o.UsePathStyle = aws.String(srv.URL), true })
	}
	f.source, f.replica = client("us-east-1"), client("us-west-2")
	return f
}

func (f *fake) options(file string) Options {
	return Options{
		Source: f.source, Replica: f.replica, Bucket: "models", ReplicaBucket: "replica",
		Prefix: "models/", Name: "model.tar.gz", File: file, KMSKeyArn: dataKey,
		ReplicaTimeout: time.Minute, PollInterval: time.Millisecond,
	}
}

// record returns the account's record of an object.
func (f *fake) record(t *testing.T, region, bucket, key string) offlinecloud.Record {
	t.Helper()
	r, ok, err := f.a.Get(offlinecloud.S3ObjectType, region, bucket+"/"+key)
	if err != nil || !ok {
		t.Fatalf("the account has no object s3://%s/%s in %s (%v)", bucket, key, region, err)
	}
	return r
}

func artifact(t *testing.T, body []byte) (path, digest string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "model.tar.gz")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	return path, hex.EncodeToString(sum[:])
}

func str(v resource.PropertyValue) string {
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func TestDigestAndKey(t *testing.T) {
	d, n, err := Digest(strings.NewReader("abc"))
	if err != nil || n != 3 || d != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Digest(abc) = %s, %d, %v", d, n, err)
	}
	if k := Key("models/", d, "r1/model.tar.gz"); k != "models/sha256/"+d+"/r1/model.tar.gz" {
		t.Errorf("Key = %s", k)
	}
}

func TestPublishUploadsAndWaitsForTheReplica(t *testing.T) {
	f := newFake(t, "replica")
	file, digest := artifact(t, []byte("a distilled model"))
	var log bytes.Buffer
	o := f.options(file)
	o.Log = &log
	res, err := Publish(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	key := "models/sha256/" + digest + "/model.tar.gz"
	if res.Digest != digest || res.Key != key || !res.Uploaded || res.Parts != 1 || res.Size != 17 ||
		res.VersionID == "" || res.ReplicaVersionID != res.VersionID || res.ReplicaKMSKeyID != replicaKey {
		t.Errorf("Result: %+v", res)
	}
	sum, _ := hex.DecodeString(digest)
	src := f.record(t, "us-east-1", "models", key)
	if str(src.Outputs["checksumSha256"]) != base64.StdEncoding.EncodeToString(sum) || str(src.Outputs["checksumType"]) != "FULL_OBJECT" ||
		str(src.Outputs["metadata"].ObjectValue()[MetadataDigest]) != digest ||
		str(src.Outputs["serverSideEncryption"]) != "aws:kms" || str(src.Outputs["kmsKeyId"]) != dataKey ||
		str(src.Outputs["replicationStatus"]) != "COMPLETED" {
		t.Errorf("the source object: %v", src.Outputs)
	}
	rep := f.record(t, "us-west-2", "replica", key)
	if str(rep.Outputs["replicationStatus"]) != "REPLICA" || str(rep.Outputs["kmsKeyId"]) != replicaKey {
		t.Errorf("the replica: %v", rep.Outputs)
	}
	if !strings.Contains(log.String(), "uploading to s3://models/"+key) || !strings.Contains(log.String(), "has arrived") {
		t.Errorf("progress:\n%s", log.String())
	}
	if err := Verify(context.Background(), f.replica, "replica", key, digest); err != nil {
		t.Errorf("Verify of the replica: %v", err)
	}
}

func TestRepublishingIsANoOp(t *testing.T) {
	f := newFake(t, "replica")
	file, _ := artifact(t, []byte("a distilled model"))
	first, err := Publish(context.Background(), f.options(file))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Publish(context.Background(), f.options(file))
	if err != nil {
		t.Fatal(err)
	}
	if again.Uploaded || again.VersionID != first.VersionID || again.ReplicaVersionID != first.ReplicaVersionID || again.Digest != first.Digest {
		t.Errorf("the second publish: %+v; the first: %+v", again, first)
	}
}

func TestAnotherObjectAtTheKeyIsRefused(t *testing.T) {
	f := newFake(t, "replica")
	file, digest := artifact(t, []byte("a distilled model"))
	key := Key("models/", digest, "model.tar.gz")
	// Something else was written there, with metadata that lies too.
	if err := offlinecloud.PutObject(f.a, "us-east-1", "models", key, []byte("a tampered model")); err != nil {
		t.Fatal(err)
	}
	before := f.record(t, "us-east-1", "models", key)
	lie := before.Outputs.Copy()
	lie["metadata"] = resource.NewProperty(resource.PropertyMap{MetadataDigest: resource.NewProperty(digest)})
	before.Outputs = lie
	if err := f.a.Put(before); err != nil {
		t.Fatal(err)
	}
	_, err := Publish(context.Background(), f.options(file))
	if err == nil || !strings.Contains(err.Error(), "content-addressed") || !strings.Contains(err.Error(), "corrupt or was tampered with") || !strings.Contains(err.Error(), "s3://models/"+key) {
		t.Fatalf("Publish: %v; want a refusal that explains the content address", err)
	}
	if after := f.record(t, "us-east-1", "models", key); str(after.Outputs["versionId"]) != str(before.Outputs["versionId"]) {
		t.Error("the refused object was written over")
	}
}

func TestAReplicaThatNeverArrivesTimesOut(t *testing.T) {
	f := newFake(t, "") // no replication rule
	file, _ := artifact(t, []byte("a distilled model"))
	o := f.options(file)
	o.ReplicaTimeout = 10 * time.Millisecond
	res, err := Publish(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "has not arrived within 10ms") || !strings.Contains(err.Error(), "no enabled replication rule") {
		t.Fatalf("Publish: %v", err)
	}
	if !res.Uploaded || res.VersionID == "" {
		t.Errorf("the upload itself: %+v", res)
	}
}

func TestFailedReplicationFails(t *testing.T) {
	f := newFake(t, "gone") // a destination the account lacks
	file, _ := artifact(t, []byte("a distilled model"))
	_, err := Publish(context.Background(), f.options(file))
	if err == nil || !strings.Contains(err.Error(), "FAILED") || !strings.Contains(err.Error(), "does not retry") {
		t.Fatalf("Publish: %v", err)
	}
}

func TestAReplicaThatDiffersIsRefused(t *testing.T) {
	f := newFake(t, "replica")
	file, digest := artifact(t, []byte("a distilled model"))
	res, err := Publish(context.Background(), f.options(file))
	if err != nil {
		t.Fatal(err)
	}
	rep := f.record(t, "us-west-2", "replica", res.Key)
	rep.Outputs = rep.Outputs.Copy()
	rep.Outputs["checksumSha256"] = resource.NewProperty(base64.StdEncoding.EncodeToString(make([]byte, 32)))
	if err := f.a.Put(rep); err != nil {
		t.Fatal(err)
	}
	_, err = Publish(context.Background(), f.options(file))
	if err == nil || !strings.Contains(err.Error(), "the replica s3://replica/"+res.Key+" is not the artifact whose SHA-256 is "+digest) {
		t.Fatalf("Publish: %v", err)
	}
}

func TestVerifyDetectsACorruptedArtifact(t *testing.T) {
	f := newFake(t, "replica")
	file, digest := artifact(t, []byte("a distilled model"))
	res, err := Publish(context.Background(), f.options(file))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(context.Background(), f.source, "models", res.Key, digest); err != nil {
		t.Fatalf("Verify of the published artifact: %v", err)
	}
	// The bytes change under the key; the stored checksum does not.
	rec := f.record(t, "us-east-1", "models", res.Key)
	rec.Outputs = rec.Outputs.Copy()
	rec.Outputs["contentBase64"] = resource.NewProperty(base64.StdEncoding.EncodeToString([]byte("a distilled modem")))
	if err := f.a.Put(rec); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("a distilled modem"))
	err = Verify(context.Background(), f.source, "models", res.Key, digest)
	for _, want := range []string{"s3://models/" + res.Key, digest, hex.EncodeToString(sum[:])} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Verify: %v; want it to name %s", err, want)
		}
	}
	if err := Verify(context.Background(), f.source, "models", "models/missing", digest); err == nil || !strings.Contains(err.Error(), "s3://models/models/missing") {
		t.Errorf("Verify of a missing object: %v", err)
	}
}

func TestABodyChangedOnTheWayIsRefusedBadDigest(t *testing.T) {
	f := newFake(t, "replica")
	file, digest := artifact(t, []byte("a distilled model"))
	f.corruptNextWrite = true
	_, err := Publish(context.Background(), f.options(file))
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "BadDigest" {
		t.Fatalf("Publish: %v; want S3's BadDigest", err)
	}
	if _, ok, _ := f.a.Get(offlinecloud.S3ObjectType, "us-east-1", "models/"+Key("models/", digest, "model.tar.gz")); ok {
		t.Error("the changed body was stored")
	}
}

func TestMultipartUploadOfALargeArtifact(t *testing.T) {
	f := newFake(t, "replica")
	body := bytes.Repeat([]byte("0123456789abcdef"), (11<<20)/16) // 11 MiB: parts of 5, 5 and 1 MiB
	file, digest := artifact(t, body)
	o := f.options(file)
	o.MultipartThreshold, o.PartSize = 6<<20, MinPartSize
	res, err := Publish(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uploaded || res.Parts != 3 || !strings.HasSuffix(res.Checksum, "-3") || res.Digest != digest || res.ReplicaVersionID != res.VersionID {
		t.Errorf("Result: %+v", res)
	}
	src := f.record(t, "us-east-1", "models", res.Key)
	if str(src.Outputs["checksumType"]) != "COMPOSITE" || str(src.Outputs["checksumSha256"]) != res.Checksum ||
		str(src.Outputs["metadata"].ObjectValue()[MetadataPartSize]) != "5242880" || str(src.Outputs["kmsKeyId"]) != dataKey {
		t.Errorf("the source object: checksum %s %s, metadata %v", str(src.Outputs["checksumType"]), str(src.Outputs["checksumSha256"]), src.Outputs["metadata"])
	}
	if err := Verify(context.Background(), f.replica, "replica", res.Key, digest); err != nil {
		t.Errorf("Verify of the replica: %v", err)
	}
	// Publishing again finds it in place, whatever the part size now.
	o.PartSize = 6 << 20
	again, err := Publish(context.Background(), o)
	if err != nil || again.Uploaded || again.VersionID != res.VersionID || again.Parts != 3 {
		t.Errorf("the second publish: %+v, %v", again, err)
	}
	// A part changed on the way is refused.
	g := newFake(t, "replica")
	g.corruptNextWrite = true
	o.Source, o.Replica = g.source, g.replica
	_, err = Publish(context.Background(), o)
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "BadDigest" {
		t.Errorf("a corrupted part: %v; want BadDigest", err)
	}
	if _, ok, _ := g.a.Get(offlinecloud.S3ObjectType, "us-east-1", "models/"+res.Key); ok {
		t.Error("an object was assembled from a corrupted part")
	}
}

func TestOptionsAreChecked(t *testing.T) {
	f := newFake(t, "replica")
	file, _ := artifact(t, []byte("x"))
	for _, c := range []struct {
		change func(*Options)
		want   string
	}{
		{func(o *Options) { o.Source, o.ReplicaBucket = nil, "" }, "Source, ReplicaBucket not set"},
		{func(o *Options) { o.Name = "../x" }, "not a relative name"},
		{func(o *Options) { o.PartSize = 1 << 20 }, "smaller than S3's minimum"},
		{func(o *Options) { o.MultipartThreshold = 6 << 30 }, "PutObject's limit"},
		{func(o *Options) { o.File = filepath.Join(t.TempDir(), "missing") }, "no such file"},
	} {
		o := f.options(file)
		c.change(&o)
		if _, err := Publish(context.Background(), o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Publish: %v; want %q", err, c.want)
		}
	}
}

func TestThePartSizeFitsTenThousandParts(t *testing.T) {
	o := Options{}
	if p := o.partSize(1 << 30); p != DefaultPartSize {
		t.Errorf("1 GiB: parts of %d", p)
	}
	if p := o.partSize(1 << 40); p*MaxParts < 1<<40 {
		t.Errorf("1 TiB: parts of %d do not fit 10,000", p)
	}
}

func TestAForbiddenLookSaysWhichPermissions(t *testing.T) {
	f := newFake(t, "replica")
	f.forbidReplica = true
	file, _ := artifact(t, []byte("a distilled model"))
	_, err := Publish(context.Background(), f.options(file))
	if err == nil || !strings.Contains(err.Error(), "s3:ListBucket") || !strings.Contains(err.Error(), "s3://replica/") {
		t.Fatalf("Publish: %v", err)
	}
}
