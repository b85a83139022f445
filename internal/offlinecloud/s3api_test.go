package offlinecloud

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// s3Account is a memory account with the buckets given as "NAME@REGION".
func s3Account(t *testing.T, buckets ...string) *Account {
	t.Helper()
	a := NewMemoryAccount(Settings{})
	for _, b := range buckets {
		name, region, _ := strings.Cut(b, "@")
		if err := a.Put(Record{Type: typeS3Bucket, Region: region, ID: name, Outputs: resource.PropertyMap{"bucket": resource.NewProperty(name)}}); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// replicationRecord puts a replication configuration of source into the
// account with the given rules.
func replicationRecord(t *testing.T, a *Account, region, source string, rules ...map[string]any) {
	t.Helper()
	var rs []any
	for _, r := range rules {
		rs = append(rs, r)
	}
	if err := a.Put(Record{Type: typeS3Replication, Region: region, ID: source, Outputs: inputs(map[string]any{"bucket": source, "role": "arn:aws:iam::123456789012:role/replication", "rules": rs})}); err != nil {
		t.Fatal(err)
	}
}

// kmsRule replicates everything, SSE-KMS objects included, into dest.
func kmsRule(dest, replicaKey string) map[string]any {
	return map[string]any{
		"id": "all", "status": "Enabled", "filter": map[string]any{"prefix": ""},
		"sourceSelectionCriteria": map[string]any{"sseKmsEncryptedObjects": map[string]any{"status": "Enabled"}},
		"destination":             map[string]any{"bucket": "arn:aws:s3:::" + dest, "encryptionConfiguration": map[string]any{"replicaKmsKeyId": replicaKey}},
	}
}

// s3Fake serves the offline S3 over a, plain HTTP or TLS, and returns a
// client of the real SDK pointed at it.
func s3Fake(t *testing.T, a *Account, tls bool) *s3.Client {
	t.Helper()
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(NewS3Handler(a))
	} else {
		srv = httptest.NewServer(NewS3Handler(a))
	}
	t.Cleanup(srv.Close)
	return s3.NewFromConfig(aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIAOFFLINE", "offline", ""),
		HTTPClient:  srv.Client(),
		// What config.LoadDefaultConfig gives a client by default.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenSupported,
	}, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.UsePathStyle = true
	})
}

func sha256B64(b []byte) string {
	s := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

func apiCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

func TestS3PutHeadGetKeepTheObjectInTheAccount(t *testing.T) {
	a := s3Account(t, "models@us-east-1")
	c := s3Fake(t, a, false)
	ctx := context.Background()
	body := []byte("weights")
	put, err := c.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String("models"), Key: aws.String("models/sha256/ab/model.tar.gz"), Body: bytes.NewReader(body),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256, ChecksumSHA256: aws.String(sha256B64(body)),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String("arn:aws:kms:us-east-1:123456789012:key/mrk-1"),
		Metadata: map[string]string{"sha256": "ab"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(put.VersionId) == "" || aws.ToString(put.ChecksumSHA256) != sha256B64(body) {
		t.Errorf("PutObject answered version %q, checksum %q", aws.ToString(put.VersionId), aws.ToString(put.ChecksumSHA256))
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("models"), Key: aws.String("models/sha256/ab/model.tar.gz"), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(head.ChecksumSHA256) != sha256B64(body) || head.ChecksumType != types.ChecksumTypeFullObject ||
		head.Metadata["sha256"] != "ab" || aws.ToString(head.VersionId) != aws.ToString(put.VersionId) ||
		head.ServerSideEncryption != types.ServerSideEncryptionAwsKms || aws.ToString(head.SSEKMSKeyId) != "arn:aws:kms:us-east-1:123456789012:key/mrk-1" ||
		aws.ToInt64(head.ContentLength) != int64(len(body)) || head.ReplicationStatus != "" {
		t.Errorf("HeadObject: %+v", head)
	}
	plain, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("models"), Key: aws.String("models/sha256/ab/model.tar.gz")})
	if err != nil || plain.ChecksumSHA256 != nil {
		t.Errorf("HeadObject without ChecksumMode returns checksum %v (%v); S3 returns it only when asked", plain.ChecksumSHA256, err)
	}
	get, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("models"), Key: aws.String("models/sha256/ab/model.tar.gz"), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(get.Body)
	if err != nil || !bytes.Equal(got, body) {
		t.Errorf("GetObject: %q, %v", got, err)
	}
	rec, ok, err := a.Get(typeS3Object, "us-east-1", "models/models/sha256/ab/model.tar.gz")
	if err != nil || !ok {
		t.Fatalf("the account holds no record of the object: %v", err)
	}
	if str(rec.Outputs["bucket"]) != "models" || str(rec.Outputs["key"]) != "models/sha256/ab/model.tar.gz" ||
		str(rec.Outputs["checksumSha256"]) != sha256B64(body) || str(rec.Outputs["versionId"]) != aws.ToString(put.VersionId) ||
		rec.Outputs["contentLength"].NumberValue() != float64(len(body)) || str(rec.Outputs["metadata"].ObjectValue()["sha256"]) != "ab" {
		t.Errorf("the record: %v", rec.Outputs)
	}
}

func TestS3RefusesABodyThatDoesNotMatchItsChecksum(t *testing.T) {
	a := s3Account(t, "models@us-east-1")
	c := s3Fake(t, a, false)
	_, err := c.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String("models"), Key: aws.String("m"), Body: strings.NewReader("changed on the way"),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256, ChecksumSHA256: aws.String(sha256B64([]byte("what was sent"))),
	})
	if apiCode(err) != "BadDigest" || !strings.Contains(err.Error(), "The SHA256 you specified did not match the calculated checksum.") {
		t.Fatalf("PutObject: %v; want BadDigest", err)
	}
	if objs, _ := a.List(typeS3Object); len(objs) != 0 {
		t.Errorf("a refused put left %d objects", len(objs))
	}
}

// The SDK's default checksums: a CRC32 header over HTTP, an aws-chunked
// body with a trailing checksum over HTTPS; every algorithm checks out,
// and reads validate with the SDK's own computation.
func TestS3TakesTheSDKsDefaultChecksums(t *testing.T) {
	for _, tls := range []bool{false, true} {
		for _, alg := range []types.ChecksumAlgorithm{"", types.ChecksumAlgorithmCrc32, types.ChecksumAlgorithmCrc32c, types.ChecksumAlgorithmCrc64nvme, types.ChecksumAlgorithmSha1, types.ChecksumAlgorithmSha256} {
			name := string(alg)
			if name == "" {
				name = "sdk-default"
			}
			t.Run(fmt.Sprintf("tls=%v/%s", tls, name), func(t *testing.T) {
				a := s3Account(t, "models@us-east-1")
				c := s3Fake(t, a, tls)
				ctx := context.Background()
				body := bytes.Repeat([]byte("0123456789abcdef"), 4096)
				if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("models"), Key: aws.String("k"), Body: bytes.NewReader(body), ChecksumAlgorithm: alg}); err != nil {
					t.Fatal(err)
				}
				get, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("models"), Key: aws.String("k"), ChecksumMode: types.ChecksumModeEnabled})
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(get.Body)
				if err != nil || !bytes.Equal(got, body) {
					t.Fatalf("read back %d bytes (%v); want %d", len(got), err, len(body))
				}
				want := string(alg)
				if want == "" {
					want = "CRC32" // the SDK's default algorithm
				}
				rec, _, _ := a.Get(typeS3Object, "us-east-1", "models/k")
				if str(rec.Outputs["checksumAlgorithm"]) != want {
					t.Errorf("stored with %s; want %s", str(rec.Outputs["checksumAlgorithm"]), want)
				}
			})
		}
	}
}

func TestS3ChecksAnAWSChunkedTrailer(t *testing.T) {
	a := s3Account(t, "models@us-east-1")
	h := NewS3Handler(a)
	send := func(trailer string) *httptest.ResponseRecorder {
		body := "5\r\nhello\r\n6\r\n world\r\n0\r\n" + trailer + "\r\n\r\n"
		r := httptest.NewRequest(http.MethodPut, "/models/k?x-id=PutObject", strings.NewReader(body))
		r.Header.Set("Content-Encoding", "aws-chunked")
		r.Header.Set("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
		r.Header.Set("x-amz-trailer", "x-amz-checksum-sha256")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := send("x-amz-checksum-sha256:" + sha256B64([]byte("hello world"))); w.Code != http.StatusOK {
		t.Fatalf("a good trailer: %d %s", w.Code, w.Body)
	}
	w := send("x-amz-checksum-sha256:" + sha256B64([]byte("hello there")))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<Code>BadDigest</Code>") {
		t.Errorf("a wrong trailer: %d %s", w.Code, w.Body)
	}
	rec, _, _ := a.Get(typeS3Object, "us-east-1", "models/k")
	if b, _ := base64.StdEncoding.DecodeString(str(rec.Outputs["contentBase64"])); string(b) != "hello world" {
		t.Errorf("stored %q", b)
	}
}

func TestCRC64NVMEIsTheStandardOne(t *testing.T) {
	// The check value of CRC-64/NVME (the CRC catalogue's "123456789").
	if got := crc64.Checksum([]byte("123456789"), crc64NVME); got != 0xae8b14860a799888 {
		t.Errorf("CRC-64/NVME(123456789) = %#x", got)
	}
}

func TestS3ErrorsHaveS3sShape(t *testing.T) {
	a := s3Account(t, "models@us-east-1")
	c := s3Fake(t, a, false)
	ctx := context.Background()
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("nowhere"), Key: aws.String("k"), Body: strings.NewReader("x")})
	if apiCode(err) != "NoSuchBucket" {
		t.Errorf("a put into a bucket the account lacks: %v", err)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("models"), Key: aws.String("missing")})
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("GetObject of a missing key: %v", err)
	}
	_, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("models"), Key: aws.String("missing")})
	var nf *types.NotFound
	if !errors.As(err, &nf) {
		t.Errorf("HeadObject of a missing key: %v", err)
	}
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("models")}); err != nil {
		t.Errorf("HeadBucket: %v", err)
	}
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("nowhere")}); !errors.As(err, &nf) {
		t.Errorf("HeadBucket of a missing bucket: %v", err)
	}
	_, err = c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("models")})
	if apiCode(err) != "NotImplemented" {
		t.Errorf("ListObjectsV2: %v", err)
	}
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("models"), Key: aws.String("big"), Body: bytes.NewReader(make([]byte, S3MaxObjectBytes+1))})
	if apiCode(err) != "EntityTooLarge" {
		t.Errorf("an object over the cap: %v", err)
	}
}

// upload runs a multipart upload of parts with SHA-256 checksums.
func upload(ctx context.Context, c *s3.Client, bucket, key string, parts ...[]byte) (*s3.CompleteMultipartUploadOutput, error) {
	created, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String(key), ChecksumAlgorithm: types.ChecksumAlgorithmSha256, Metadata: map[string]string{"sha256": "x"}})
	if err != nil {
		return nil, err
	}
	var done []types.CompletedPart
	for i, p := range parts {
		out, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String(bucket), Key: aws.String(key), UploadId: created.UploadId, PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(p), ChecksumAlgorithm: types.ChecksumAlgorithmSha256, ChecksumSHA256: aws.String(sha256B64(p))})
		if err != nil {
			return nil, err
		}
		done = append(done, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(int32(i + 1)), ChecksumSHA256: out.ChecksumSHA256})
	}
	return c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String(key), UploadId: created.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: done}})
}

func TestS3MultipartUploadHasACompositeChecksum(t *testing.T) {
	a := s3Account(t, "models@us-east-1")
	c := s3Fake(t, a, false)
	ctx := context.Background()
	p1, p2, p3 := bytes.Repeat([]byte{1}, 5<<20), bytes.Repeat([]byte{2}, 5<<20), []byte("tail")
	done, err := upload(ctx, c, "models", "big", p1, p2, p3)
	if err != nil {
		t.Fatal(err)
	}
	var sums []byte
	for _, p := range [][]byte{p1, p2, p3} {
		s := sha256.Sum256(p)
		sums = append(sums, s[:]...)
	}
	want := sha256B64(sums) + "-3"
	if aws.ToString(done.ChecksumSHA256) != want || done.ChecksumType != types.ChecksumTypeComposite || aws.ToString(done.VersionId) == "" {
		t.Errorf("CompleteMultipartUpload: checksum %q type %q version %q; want %q COMPOSITE", aws.ToString(done.ChecksumSHA256), done.ChecksumType, aws.ToString(done.VersionId), want)
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("models"), Key: aws.String("big"), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil || aws.ToString(head.ChecksumSHA256) != want || head.Metadata["sha256"] != "x" || aws.ToInt64(head.ContentLength) != 10<<20+4 {
		t.Errorf("HeadObject: %+v, %v", head, err)
	}
	get, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("models"), Key: aws.String("big"), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(get.Body)
	if !bytes.Equal(got, append(append(append([]byte{}, p1...), p2...), p3...)) {
		t.Error("the assembled object differs from its parts")
	}

	// S3's rules: parts but the last of at least 5 MiB, a part's body
	// matching its checksum, an upload that exists.
	if _, err := upload(ctx, c, "models", "small", []byte("a"), []byte("b")); apiCode(err) != "EntityTooSmall" {
		t.Errorf("parts under 5 MiB: %v", err)
	}
	created, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("models"), Key: aws.String("bad"), ChecksumAlgorithm: types.ChecksumAlgorithmSha256})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String("models"), Key: aws.String("bad"), UploadId: created.UploadId, PartNumber: aws.Int32(1), Body: strings.NewReader("b"), ChecksumAlgorithm: types.ChecksumAlgorithmSha256, ChecksumSHA256: aws.String(sha256B64([]byte("a")))})
	if apiCode(err) != "BadDigest" {
		t.Errorf("a part that does not match its checksum: %v", err)
	}
	if _, err := c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String("models"), Key: aws.String("bad"), UploadId: created.UploadId}); err != nil {
		t.Errorf("AbortMultipartUpload: %v", err)
	}
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String("models"), Key: aws.String("bad"), UploadId: created.UploadId, PartNumber: aws.Int32(1), Body: strings.NewReader("b")})
	var nsu *types.NoSuchUpload
	if !errors.As(err, &nsu) && apiCode(err) != "NoSuchUpload" {
		t.Errorf("a part of an aborted upload: %v", err)
	}
}

func TestS3ReplicatesAsTheBucketsRulesSay(t *testing.T) {
	ctx := context.Background()
	put := func(t *testing.T, c *s3.Client, key string, kms bool) {
		t.Helper()
		in := &s3.PutObjectInput{Bucket: aws.String("models"), Key: aws.String(key), Body: strings.NewReader("w"), Metadata: map[string]string{"sha256": "d"}}
		if kms {
			in.ServerSideEncryption, in.SSEKMSKeyId = types.ServerSideEncryptionAwsKms, aws.String("arn:aws:kms:us-east-1:123456789012:key/mrk-1")
		}
		if _, err := c.PutObject(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	status := func(t *testing.T, c *s3.Client, key string) types.ReplicationStatus {
		t.Helper()
		h, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("models"), Key: aws.String(key)})
		if err != nil {
			t.Fatal(err)
		}
		return h.ReplicationStatus
	}

	t.Run("replicated", func(t *testing.T) {
		a := s3Account(t, "models@us-east-1", "replica@us-west-2")
		replicationRecord(t, a, "us-east-1", "models", kmsRule("replica", "arn:aws:kms:us-west-2:123456789012:key/mrk-1"))
		c := s3Fake(t, a, false)
		put(t, c, "models/m", true)
		if s := status(t, c, "models/m"); s != types.ReplicationStatusCompleted {
			t.Errorf("the source's status is %q; want COMPLETED", s)
		}
		src, _, _ := a.Get(typeS3Object, "us-east-1", "models/models/m")
		rep, ok, _ := a.Get(typeS3Object, "us-west-2", "replica/models/m")
		if !ok {
			t.Fatal("no replica in the destination's region")
		}
		if str(rep.Outputs["replicationStatus"]) != "REPLICA" || str(rep.Outputs["versionId"]) != str(src.Outputs["versionId"]) ||
			str(rep.Outputs["checksumCrc32"]) != str(src.Outputs["checksumCrc32"]) || str(rep.Outputs["kmsKeyId"]) != "arn:aws:kms:us-west-2:123456789012:key/mrk-1" ||
			str(rep.Outputs["metadata"].ObjectValue()["sha256"]) != "d" {
			t.Errorf("the replica: %v", rep.Outputs)
		}
		h, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("replica"), Key: aws.String("models/m")})
		if err != nil || h.ReplicationStatus != types.ReplicationStatusReplica {
			t.Errorf("HeadObject of the replica: %+v, %v", h, err)
		}
	})
	t.Run("not selected", func(t *testing.T) {
		a := s3Account(t, "models@us-east-1", "replica@us-west-2")
		logsOnly := kmsRule("replica", "k")
		logsOnly["filter"] = map[string]any{"prefix": "logs/"}
		noKMS := kmsRule("replica", "k")
		delete(noKMS, "sourceSelectionCriteria")
		disabled := kmsRule("replica", "k")
		disabled["status"] = "Disabled"
		replicationRecord(t, a, "us-east-1", "models", logsOnly, disabled)
		c := s3Fake(t, a, false)
		put(t, c, "models/a", false)
		replicationRecord(t, a, "us-east-1", "models", noKMS)
		put(t, c, "models/b", true)
		for _, k := range []string{"models/a", "models/b"} {
			if s := status(t, c, k); s != "" {
				t.Errorf("%s: status %q; an object no rule selects has none", k, s)
			}
			if _, ok, _ := a.Get(typeS3Object, "us-west-2", "replica/"+k); ok {
				t.Errorf("%s was replicated", k)
			}
		}
	})
	t.Run("failed", func(t *testing.T) {
		a := s3Account(t, "models@us-east-1")
		replicationRecord(t, a, "us-east-1", "models", kmsRule("gone", "k"))
		c := s3Fake(t, a, false)
		put(t, c, "models/m", true)
		if s := status(t, c, "models/m"); s != types.ReplicationStatusFailed {
			t.Errorf("status %q with a destination the account lacks; want FAILED", s)
		}
	})
}

func TestServeS3ServesTheAccountOnLoopback(t *testing.T) {
	a := s3Account(t, "models@us-east-1")
	endpoint, stop, err := ServeS3(a)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if !strings.HasPrefix(endpoint, "http://127.0.0.1:") {
		t.Errorf("endpoint %s", endpoint)
	}
	c := s3.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIAOFFLINE", "offline", "")},
		func(o *s3.Options) { o.BaseEndpoint, o.UsePathStyle = aws.String(endpoint), true })
	if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("models"), Key: aws.String("k"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	if objs, _ := a.List(typeS3Object); len(objs) != 1 {
		t.Errorf("%d objects in the account", len(objs))
	}
}

// An object a program created with s3.BucketObjectv2 is served too.
func TestS3ServesObjectsAProgramCreated(t *testing.T) {
	a := s3Account(t, "models@us-east-1")
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeS3Object, urnOf("dev", typeS3Object, "weights"), inputs(map[string]any{"bucket": "models", "key": "models/w", "content": "hello"}), false); err != nil {
		t.Fatal(err)
	}
	c := s3Fake(t, a, false)
	get, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("models"), Key: aws.String("models/w")})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(get.Body); string(b) != "hello" {
		t.Errorf("read %q", b)
	}
}

func TestPutObjectPublishesWithoutAServer(t *testing.T) {
	a := s3Account(t, "models@us-east-1", "replica@us-west-2")
	replicationRecord(t, a, "us-east-1", "models", kmsRule("replica", "k"))
	body := []byte("weights")
	if err := PutObject(a, "us-east-1", "models", "models/w", body); err != nil {
		t.Fatal(err)
	}
	c := s3Fake(t, a, false)
	for _, b := range []string{"models", "replica"} {
		h, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("models/w"), ChecksumMode: types.ChecksumModeEnabled})
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		sum := sha256.Sum256(body)
		if aws.ToString(h.ChecksumSHA256) != sha256B64(body) || h.Metadata["sha256"] != fmt.Sprintf("%x", sum) {
			t.Errorf("%s: checksum %q, metadata %v", b, aws.ToString(h.ChecksumSHA256), h.Metadata)
		}
	}
	if err := PutObject(a, "us-west-2", "models", "k", body); err == nil {
		t.Error("a put naming the wrong region was taken")
	}
	if err := PutObject(a, "us-east-1", "nowhere", "k", body); err == nil || !strings.Contains(err.Error(), "NoSuchBucket") {
		t.Errorf("a put into a missing bucket: %v", err)
	}
}
