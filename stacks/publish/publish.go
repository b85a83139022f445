// Package publish uploads a model artifact to the model bucket under its
// content address and waits until S3 replication has copied it to the
// disaster-recovery bucket, so that the stacks (which serve only once
// modelfort:modelDigest names a published artifact) never point an
// endpoint at an artifact that is missing, or differs, in either region.
//
// The key is content-addressed: PREFIX + "sha256/" + DIGEST + "/" + NAME
// (see internal/modelartifact). An object found there whose SHA-256 is not
// DIGEST is therefore corrupt or was tampered with, and Publish refuses it
// rather than serving it or overwriting it.
//
// Integrity rests on S3's additional checksums
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html):
// the upload carries the SHA-256 computed here before it is sent, S3
// computes its own and refuses a body that changed on the way (BadDigest),
// and stores the checksum with the object, where HeadObject returns it
// (ChecksumMode ENABLED). An artifact of up to 5 GiB goes up in one
// PutObject, whose checksum is the SHA-256 of the whole object; a larger
// one needs a multipart upload (PutObject's limit is 5 GB:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html),
// whose SHA-256 checksum is S3's composite, the SHA-256 of the parts'
// SHA-256s followed by "-" and the number of parts (S3 offers no
// full-object SHA-256 for multipart uploads). Every object also carries
// the artifact's hex digest in its user metadata (x-amz-meta-sha256, and
// x-amz-meta-sha256-part-size for a multipart upload, so that the
// composite can be computed again from the file).
//
// The checksum also meets Object Lock's demand of a Content-MD5 or
// x-amz-sdk-checksum-algorithm header on every upload to a bucket with a
// retention period
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
//
// Replication copies object metadata and checksums and re-encrypts an
// SSE-KMS object with the replication rule's replica key
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html);
// the source reports PENDING, COMPLETED or FAILED, a failed object is never
// retried by S3
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-status.html).
package publish

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/modelfort/modelfort/internal/modelartifact"
)

// User metadata of a published object (x-amz-meta-...).
const (
	// MetadataDigest holds the artifact's SHA-256 in hex.
	MetadataDigest = "sha256"
	// MetadataPartSize holds the part size of a multipart upload, in
	// bytes, which its composite checksum depends on.
	MetadataPartSize = "sha256-part-size"
)

// Limits of S3 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html).
const (
	// MaxSinglePut is the largest object one PutObject uploads (5 GB).
	MaxSinglePut = 5 << 30
	// MinPartSize is the smallest part of a multipart upload but the last.
	MinPartSize = 5 << 20
	// MaxParts is the most parts a multipart upload has.
	MaxParts = 10000
)

// Defaults of Options.
const (
	DefaultPartSize       = 64 << 20
	DefaultReplicaTimeout = 30 * time.Minute
	DefaultPollInterval   = 15 * time.Second
)

// Options say what to publish where.
type Options struct {
	// Source is a client of the model bucket's region, Replica one of
	// the replica bucket's region.
	Source, Replica *s3.Client
	// Bucket is the model bucket, ReplicaBucket its replica in the
	// disaster-recovery region.
	Bucket, ReplicaBucket string
	// Prefix is where artifacts live in the bucket ("models/"), Name the
	// artifact's name under its digest, File the path of the artifact.
	Prefix, Name, File string
	// KMSKeyArn is the data key the object is encrypted with (SSE-KMS);
	// replication re-encrypts the replica with the replica key. Empty
	// leaves encryption to the bucket's default.
	KMSKeyArn string
	// MultipartThreshold is the size above which the artifact goes up in
	// parts (default and at most MaxSinglePut); PartSize the size of a
	// part (default DefaultPartSize, at least MinPartSize, raised so that
	// the parts are no more than MaxParts).
	MultipartThreshold, PartSize int64
	// ReplicaTimeout bounds the wait for the replica (default
	// DefaultReplicaTimeout); PollInterval is the time between two looks
	// (default DefaultPollInterval).
	ReplicaTimeout, PollInterval time.Duration
	// Log receives progress, a line at a time (nil: none).
	Log io.Writer
}

// Result is what Publish did.
type Result struct {
	// Digest is the artifact's SHA-256 in hex, Key its content address.
	Digest, Key string
	// Size is the artifact's size in bytes; Parts the number of parts it
	// went up in (1 for a single PutObject).
	Size  int64
	Parts int
	// Checksum is the object's SHA-256 checksum as S3 reports it
	// (base64; "VALUE-N" for a multipart upload).
	Checksum string
	// VersionID is the source object's version, ReplicaVersionID the
	// replica's.
	VersionID, ReplicaVersionID string
	// ReplicaKMSKeyID is the key the replica is encrypted with.
	ReplicaKMSKeyID string
	// Uploaded is false when the object was already there, with the same
	// digest.
	Uploaded bool
}

// Key is the content address of an artifact: prefix + "sha256/" +
// digestHex + "/" + name.
func Key(prefix, digestHex, name string) string {
	return modelartifact.Key(prefix, digestHex, name)
}

// Digest reads r to its end and returns the SHA-256 of what it read, in
// hex, and how many bytes it read.
func Digest(r io.Reader) (hexDigest string, size int64, err error) {
	h := sha256.New()
	size, err = io.Copy(h, r)
	if err != nil {
		return "", size, err
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// layout is the artifact as it will go up: its digest and, for a
// multipart upload, the SHA-256 of each part.
type layout struct {
	size, partSize int64
	digest         []byte
	parts          [][]byte // nil for a single PutObject
}

func (l layout) hex() string { return hex.EncodeToString(l.digest) }

// checksum is the SHA-256 checksum S3 reports for the object.
func (l layout) checksum() string {
	if l.parts == nil {
		return base64.StdEncoding.EncodeToString(l.digest)
	}
	return composite(l.parts)
}

// composite is S3's checksum of a multipart upload: the checksum of the
// parts' binary checksums, "-", the number of parts.
func composite(parts [][]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil)) + "-" + strconv.Itoa(len(parts))
}

// partSize is the part size for an artifact of size bytes.
func (o *Options) partSize(size int64) int64 {
	p := o.PartSize
	if p == 0 {
		p = DefaultPartSize
	}
	if least := (size + MaxParts - 1) / MaxParts; p < least {
		p = least
	}
	return p
}

// read hashes the file in one pass: the whole and, when partSize > 0,
// each part.
func read(f *os.File, size, partSize int64) (layout, error) {
	l := layout{size: size, partSize: partSize}
	whole := sha256.New()
	if partSize <= 0 {
		if _, err := io.Copy(whole, io.NewSectionReader(f, 0, size)); err != nil {
			return l, err
		}
	}
	for off := int64(0); partSize > 0 && off < size; off += partSize {
		part := sha256.New()
		if _, err := io.Copy(io.MultiWriter(whole, part), io.NewSectionReader(f, off, min(partSize, size-off))); err != nil {
			return l, err
		}
		l.parts = append(l.parts, part.Sum(nil))
	}
	l.digest = whole.Sum(nil)
	return l, nil
}

func (o *Options) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

func (o *Options) check() error {
	var missing []string
	for _, f := range []struct {
		name string
		ok   bool
	}{
		{"Source", o.Source != nil}, {"Replica", o.Replica != nil}, {"Bucket", o.Bucket != ""},
		{"ReplicaBucket", o.ReplicaBucket != ""}, {"Name", o.Name != ""}, {"File", o.File != ""},
	} {
		if !f.ok {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("publish: %s not set", strings.Join(missing, ", "))
	}
	if strings.HasPrefix(o.Name, "/") || strings.Contains(o.Name, "..") {
		return fmt.Errorf("publish: the name %q is not a relative name under the digest (such as model.tar.gz)", o.Name)
	}
	if o.PartSize != 0 && o.PartSize < MinPartSize {
		return fmt.Errorf("publish: a part of %d bytes is smaller than S3's minimum of %d (5 MiB)", o.PartSize, MinPartSize)
	}
	if o.PartSize > MaxSinglePut {
		return fmt.Errorf("publish: a part of %d bytes is larger than S3's maximum of %d (5 GiB)", o.PartSize, int64(MaxSinglePut))
	}
	if o.MultipartThreshold < 0 || o.MultipartThreshold > MaxSinglePut {
		return fmt.Errorf("publish: the multipart threshold %d is outside 0 to %d (PutObject's limit)", o.MultipartThreshold, int64(MaxSinglePut))
	}
	return nil
}

// Publish uploads o.File to o.Bucket under its content address, unless the
// same artifact is there already, and waits until its replica in
// o.ReplicaBucket carries the same checksum. It refuses an object at the
// address whose digest differs, and fails when replication of the object
// failed or the replica has not arrived within o.ReplicaTimeout.
func Publish(ctx context.Context, o Options) (Result, error) {
	if err := o.check(); err != nil {
		return Result{}, err
	}
	f, err := os.Open(o.File)
	if err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Result{}, fmt.Errorf("publish: %w", err)
	}
	threshold := o.MultipartThreshold
	if threshold == 0 {
		threshold = MaxSinglePut
	}
	var partSize int64
	if st.Size() > threshold {
		partSize = o.partSize(st.Size())
	}
	o.logf("hashing %s (%d bytes)", o.File, st.Size())
	l, err := read(f, st.Size(), partSize)
	if err != nil {
		return Result{}, fmt.Errorf("publish: reading %s: %w", o.File, err)
	}
	res := Result{Digest: l.hex(), Key: Key(o.Prefix, l.hex(), o.Name), Size: l.size, Parts: max(1, len(l.parts)), Checksum: l.checksum()}
	o.logf("sha256 %s", res.Digest)

	head, err := headObject(ctx, o.Source, o.Bucket, res.Key)
	switch {
	case err != nil:
		return res, err
	case head != nil:
		if err := o.same(ctx, f, l, head, o.Source, o.Bucket, res.Key); err != nil {
			return res, err
		}
		res.VersionID = aws.ToString(head.VersionId)
		res.Checksum = aws.ToString(head.ChecksumSHA256)
		res.Parts = 1
		if _, n, ok := strings.Cut(res.Checksum, "-"); ok {
			res.Parts, _ = strconv.Atoi(n)
		}
		o.logf("s3://%s/%s is already there with the same SHA-256 (version %s): nothing to upload", o.Bucket, res.Key, res.VersionID)
	case l.parts == nil:
		o.logf("uploading to s3://%s/%s", o.Bucket, res.Key)
		if res.VersionID, err = o.put(ctx, f, l, res.Key); err != nil {
			return res, err
		}
		res.Uploaded = true
	default:
		o.logf("uploading to s3://%s/%s in %d parts of %d bytes", o.Bucket, res.Key, len(l.parts), l.partSize)
		if res.VersionID, err = o.multipart(ctx, f, l, res.Key); err != nil {
			return res, err
		}
		res.Uploaded = true
	}
	want := expectation{digest: res.Digest, checksum: res.Checksum, meta: res.Digest}
	if head != nil {
		want.meta = head.Metadata[MetadataDigest]
	} else {
		// What S3 now reports of the object must be what was sent.
		if head, err = headObject(ctx, o.Source, o.Bucket, res.Key); err == nil && head == nil {
			err = fmt.Errorf("publish: s3://%s/%s is missing right after its upload", o.Bucket, res.Key)
		}
		if err != nil {
			return res, err
		}
		if err := want.check(ctx, head, o.Source, o.Bucket, res.Key); err != nil {
			return res, fmt.Errorf("publish: s3://%s/%s as S3 reports it after the upload is not the artifact whose SHA-256 is %s: %v", o.Bucket, res.Key, res.Digest, err)
		}
		o.logf("uploaded: version %s, SHA-256 checksum %s", res.VersionID, res.Checksum)
	}
	replica, err := o.waitReplica(ctx, want, res.Key)
	if err != nil {
		return res, err
	}
	res.ReplicaVersionID = aws.ToString(replica.VersionId)
	res.ReplicaKMSKeyID = aws.ToString(replica.SSEKMSKeyId)
	o.logf("the replica s3://%s/%s has arrived (version %s) with the same SHA-256", o.ReplicaBucket, res.Key, res.ReplicaVersionID)
	return res, nil
}

// headObject returns an object's head with its checksums, or nil when
// there is no such object.
func headObject(ctx context.Context, c *s3.Client, bucket, key string) (*s3.HeadObjectOutput, error) {
	out, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
	if notFound(err) {
		return nil, nil
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusForbidden {
		// HeadObject needs s3:GetObject; a missing object reads as 403
		// without s3:ListBucket on the bucket, and the checksum of an
		// SSE-KMS object needs kms:Decrypt on its key
		// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
		return nil, fmt.Errorf("publish: looking at s3://%s/%s is forbidden: publishing needs s3:GetObject on the key and s3:ListBucket on the bucket "+
			"(without it S3 answers 403, not 404, for an object not there yet) and kms:Decrypt on the bucket's key, in both regions: %w", bucket, key, err)
	}
	if err != nil {
		return nil, fmt.Errorf("publish: looking at s3://%s/%s: %w", bucket, key, err)
	}
	return out, nil
}

// notFound says whether err is S3's answer for a missing object (HEAD
// requests get a 404 without a body, which the SDK names NotFound).
func notFound(err error) bool {
	var nf *types.NotFound
	var nk *types.NoSuchKey
	var api smithy.APIError
	return errors.As(err, &nf) || errors.As(err, &nk) || errors.As(err, &api) && (api.ErrorCode() == "NotFound" || api.ErrorCode() == "NoSuchKey")
}

// same checks that an object found at the artifact's address holds the
// artifact: its metadata digest and SHA-256 checksum (a composite one
// computed again from the file with the part size the object records). An
// object without a SHA-256 checksum is read whole and hashed.
func (o *Options) same(ctx context.Context, f *os.File, l layout, head *s3.HeadObjectOutput, c *s3.Client, bucket, key string) error {
	want := l.hex()
	refuse := func(what string) error {
		return fmt.Errorf("publish: s3://%s/%s (version %s) is not the artifact whose SHA-256 is %s: %s. The key is content-addressed, "+
			"so the object there is corrupt or was tampered with; publish does not serve it or write over it. "+
			"Find out how it got there (CloudTrail data events of the bucket) before you publish again",
			bucket, key, aws.ToString(head.VersionId), want, what)
	}
	if d := head.Metadata[MetadataDigest]; d != "" && d != want {
		return refuse("its metadata names SHA-256 " + d)
	}
	got := aws.ToString(head.ChecksumSHA256)
	if got == "" {
		o.logf("s3://%s/%s has no SHA-256 checksum; reading it to compare", bucket, key)
		if err := Verify(ctx, c, bucket, key, want); err != nil {
			return refuse(err.Error())
		}
		return nil
	}
	expect := base64.StdEncoding.EncodeToString(l.digest)
	if strings.Contains(got, "-") {
		ps, err := strconv.ParseInt(head.Metadata[MetadataPartSize], 10, 64)
		if err != nil || ps <= 0 {
			o.logf("s3://%s/%s has a composite checksum and no part size; reading it to compare", bucket, key)
			if err := Verify(ctx, c, bucket, key, want); err != nil {
				return refuse(err.Error())
			}
			return nil
		}
		if ps == l.partSize {
			expect = composite(l.parts)
		} else {
			again, err := read(f, l.size, ps)
			if err != nil {
				return fmt.Errorf("publish: reading %s: %w", o.File, err)
			}
			expect = composite(again.parts)
		}
	}
	if got != expect {
		return refuse(fmt.Sprintf("its SHA-256 checksum is %s, the artifact's %s", got, expect))
	}
	return nil
}

func (o *Options) encryption() (types.ServerSideEncryption, *string) {
	if o.KMSKeyArn == "" {
		return "", nil
	}
	return types.ServerSideEncryptionAwsKms, aws.String(o.KMSKeyArn)
}

// put uploads the artifact in one PutObject with its SHA-256, which S3
// checks against the body it receives.
func (o *Options) put(ctx context.Context, f *os.File, l layout, key string) (string, error) {
	sse, kms := o.encryption()
	out, err := o.Source.PutObject(ctx, &s3.PutObjectInput{
		Bucket:               aws.String(o.Bucket),
		Key:                  aws.String(key),
		Body:                 io.NewSectionReader(f, 0, l.size),
		ContentLength:        aws.Int64(l.size),
		ContentType:          aws.String("application/octet-stream"),
		ChecksumAlgorithm:    types.ChecksumAlgorithmSha256,
		ChecksumSHA256:       aws.String(l.checksum()),
		ServerSideEncryption: sse,
		SSEKMSKeyId:          kms,
		Metadata:             map[string]string{MetadataDigest: l.hex()},
	})
	if err != nil {
		return "", fmt.Errorf("publish: uploading %s to s3://%s/%s: %w", o.File, o.Bucket, key, err)
	}
	if got := aws.ToString(out.ChecksumSHA256); got != "" && got != l.checksum() {
		return "", fmt.Errorf("publish: S3 stored s3://%s/%s with SHA-256 checksum %s, not the artifact's %s", o.Bucket, key, got, l.checksum())
	}
	return aws.ToString(out.VersionId), nil
}

// multipart uploads the artifact in parts, each with its SHA-256, and
// checks the composite checksum S3 computes; a failed upload is aborted.
func (o *Options) multipart(ctx context.Context, f *os.File, l layout, key string) (version string, err error) {
	sse, kms := o.encryption()
	created, err := o.Source.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket:               aws.String(o.Bucket),
		Key:                  aws.String(key),
		ContentType:          aws.String("application/octet-stream"),
		ChecksumAlgorithm:    types.ChecksumAlgorithmSha256,
		ServerSideEncryption: sse,
		SSEKMSKeyId:          kms,
		Metadata:             map[string]string{MetadataDigest: l.hex(), MetadataPartSize: strconv.FormatInt(l.partSize, 10)},
	})
	if err != nil {
		return "", fmt.Errorf("publish: starting the multipart upload of %s to s3://%s/%s: %w", o.File, o.Bucket, key, err)
	}
	id := created.UploadId
	defer func() {
		if err != nil {
			// Best effort: the parts of an upload never completed are
			// billed until it is aborted.
			_, _ = o.Source.AbortMultipartUpload(context.WithoutCancel(ctx), &s3.AbortMultipartUploadInput{Bucket: aws.String(o.Bucket), Key: aws.String(key), UploadId: id})
		}
	}()
	var parts []types.CompletedPart
	for i, sum := range l.parts {
		off := int64(i) * l.partSize
		n := min(l.partSize, l.size-off)
		number := aws.Int32(int32(i + 1))
		b64 := base64.StdEncoding.EncodeToString(sum)
		out, err := o.Source.UploadPart(ctx, &s3.UploadPartInput{
			Bucket:            aws.String(o.Bucket),
			Key:               aws.String(key),
			UploadId:          id,
			PartNumber:        number,
			Body:              io.NewSectionReader(f, off, n),
			ContentLength:     aws.Int64(n),
			ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
			ChecksumSHA256:    aws.String(b64),
		})
		if err != nil {
			return "", fmt.Errorf("publish: uploading part %d of %d of %s to s3://%s/%s: %w", i+1, len(l.parts), o.File, o.Bucket, key, err)
		}
		parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: number, ChecksumSHA256: aws.String(b64)})
		o.logf("part %d of %d uploaded", i+1, len(l.parts))
	}
	done, err := o.Source.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: aws.String(o.Bucket), Key: aws.String(key), UploadId: id,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	})
	if err != nil {
		return "", fmt.Errorf("publish: completing the multipart upload of %s to s3://%s/%s: %w", o.File, o.Bucket, key, err)
	}
	if got := aws.ToString(done.ChecksumSHA256); got != l.checksum() {
		return "", fmt.Errorf("publish: S3 assembled s3://%s/%s with SHA-256 checksum %q, not the parts' composite %s", o.Bucket, key, got, l.checksum())
	}
	return aws.ToString(done.VersionId), nil
}

// expectation is what a copy of the artifact carries: its metadata
// digest and SHA-256 checksum as the source object has them (an object
// found in place may predate them: without a checksum, the copy is read
// whole and hashed).
type expectation struct {
	digest, checksum, meta string
}

func (e expectation) check(ctx context.Context, head *s3.HeadObjectOutput, c *s3.Client, bucket, key string) error {
	if d := head.Metadata[MetadataDigest]; d != e.meta {
		return fmt.Errorf("its metadata names SHA-256 %q, not %q", d, e.meta)
	}
	if e.checksum == "" {
		return Verify(ctx, c, bucket, key, e.digest)
	}
	if got := aws.ToString(head.ChecksumSHA256); got != e.checksum {
		return fmt.Errorf("its SHA-256 checksum is %q, not %s", got, e.checksum)
	}
	return nil
}

// waitReplica looks at the replica until it has arrived with the
// artifact's checksum, the source's replication has failed, or the time
// is up.
func (o *Options) waitReplica(ctx context.Context, want expectation, key string) (*s3.HeadObjectOutput, error) {
	timeout, every := o.ReplicaTimeout, o.PollInterval
	if timeout <= 0 {
		timeout = DefaultReplicaTimeout
	}
	if every <= 0 {
		every = DefaultPollInterval
	}
	deadline := time.Now().Add(timeout)
	o.logf("waiting up to %s for the replica s3://%s/%s", timeout, o.ReplicaBucket, key)
	status := types.ReplicationStatus("")
	for {
		replica, err := headObject(ctx, o.Replica, o.ReplicaBucket, key)
		if err != nil {
			return nil, err
		}
		if replica != nil {
			if err := want.check(ctx, replica, o.Replica, o.ReplicaBucket, key); err != nil {
				return nil, fmt.Errorf("publish: the replica s3://%s/%s is not the artifact whose SHA-256 is %s: %v. "+
					"The key is content-addressed, so the replica is corrupt or was tampered with; the DR site must not serve it", o.ReplicaBucket, key, want.digest, err)
			}
			return replica, nil
		}
		source, err := headObject(ctx, o.Source, o.Bucket, key)
		if err != nil {
			return nil, err
		}
		if source == nil {
			return nil, fmt.Errorf("publish: s3://%s/%s is gone while its replica was awaited", o.Bucket, key)
		}
		status = source.ReplicationStatus
		if status == types.ReplicationStatusFailed {
			return nil, fmt.Errorf("publish: S3 reports that replication of s3://%s/%s (version %s) to s3://%s FAILED; S3 does not retry a failed object "+
				"(replication's role, KMS permissions or the destination bucket are the usual causes: see the bucket's OperationFailedReplication metric). "+
				"Fix the cause, then replicate the object with S3 Batch Replication (publish finds it in place and does not upload it again)",
				o.Bucket, key, aws.ToString(source.VersionId), o.ReplicaBucket)
		}
		left := time.Until(deadline)
		if left <= 0 {
			why := "its replication status is " + string(status)
			if status == "" {
				why = "S3 reports no replication status for it, so no enabled replication rule of the bucket selects it"
			}
			return nil, fmt.Errorf("publish: the replica s3://%s/%s has not arrived within %s (%s); the DR site must not use the artifact until it has. "+
				"Run publish again to keep waiting", o.ReplicaBucket, key, timeout, why)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("publish: waiting for the replica s3://%s/%s: %w", o.ReplicaBucket, key, ctx.Err())
		case <-time.After(min(every, left)):
		}
	}
}

// DigestMismatchError is an object whose content does not hash to the
// digest it should: corrupt, or tampered with.
type DigestMismatchError struct {
	Bucket, Key, VersionID string
	Size                   int64
	Want, Got              string
}

func (e *DigestMismatchError) Error() string {
	return fmt.Sprintf("verify: s3://%s/%s (version %s, %d bytes) has SHA-256 %s, not %s: the artifact is corrupt or was tampered with",
		e.Bucket, e.Key, e.VersionID, e.Size, e.Got, e.Want)
}

// Verify reads an object whole, streaming, and checks that its SHA-256 is
// wantHex (hex, either case). A content that differs is a
// *DigestMismatchError; any other error means the object could not be
// read. The drills use it to detect a corrupted artifact.
func Verify(ctx context.Context, client *s3.Client, bucket, key, wantHex string) error {
	want := strings.ToLower(wantHex)
	if !modelartifact.ValidDigest(want) {
		return fmt.Errorf("verify: s3://%s/%s: %q is not a hex SHA-256 digest", bucket, key, wantHex)
	}
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)},
		// The comparison is this function's: the SDK's own validation
		// would stop at a mismatch without saying what the content is.
		func(o *s3.Options) { o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired })
	if err != nil {
		return fmt.Errorf("verify: reading s3://%s/%s (want SHA-256 %s): %w", bucket, key, want, err)
	}
	defer out.Body.Close()
	got, n, err := Digest(out.Body)
	if err != nil {
		return fmt.Errorf("verify: reading s3://%s/%s (want SHA-256 %s) after %d bytes: %w", bucket, key, want, n, err)
	}
	if got != want {
		return &DigestMismatchError{Bucket: bucket, Key: key, VersionID: aws.ToString(out.VersionId), Size: n, Want: want, Got: got}
	}
	return nil
}
