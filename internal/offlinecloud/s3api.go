package offlinecloud

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"io"
	"net"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The offline S3: a path-style subset of the S3 REST API over the offline
// account, so that the real AWS SDK's S3 client (aws-sdk-go-v2
// service/s3, BaseEndpoint and UsePathStyle) can publish a model artifact
// where an offline `pulumi up` created the buckets. What it serves:
//
//   - PutObject, HeadObject, GetObject, HeadBucket, and multipart uploads
//     (CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
//     AbortMultipartUpload). Anything else is 501 NotImplemented.
//   - A bucket is a record of type aws:s3/bucketV2:BucketV2 whose ID is the
//     bucket's name; another is NoSuchBucket. An object is a record of type
//     aws:s3/bucketObjectv2:BucketObjectv2 in its bucket's region, whose ID
//     is "BUCKET/KEY" and whose outputs carry the names the aws provider
//     gives BucketObjectv2 (bucket, key, versionId, etag, checksumSha256,
//     metadata, serverSideEncryption, kmsKeyId, contentBase64, ...), plus
//     contentLength, checksumType, replicationStatus and lastModified. The
//     account keeps the current version of each key only.
//   - Checksums: a body is refused with S3's BadDigest when a Content-MD5
//     or x-amz-checksum-* value (a header or an aws-chunked trailer) does
//     not match it. The SDK's default (RequestChecksumCalculation
//     WhenSupported) adds a CRC32 header over HTTP and, over HTTPS, an
//     aws-chunked body with a trailing checksum; both are decoded and
//     checked, so clients need no special setting. An upload without any
//     checksum gets S3's default CRC64NVME.
//   - Replication: a put into a bucket that has a replication configuration
//     record (aws:s3/bucketReplicationConfig:BucketReplicationConfig) with an
//     enabled rule matching the key is copied at once to each destination
//     bucket (the same key, version ID, metadata and checksums; SSE-KMS
//     objects only when the rule selects them, re-encrypted with the rule's
//     replica key) with ReplicationStatus REPLICA, and the source is marked
//     COMPLETED: what S3 does eventually, done before the put returns. A
//     destination bucket the account lacks marks the source FAILED. Tag
//     filters are not weighed; replicas are not replicated further.
//   - No authentication: signatures are not checked. Objects larger than
//     S3MaxObjectBytes are refused (EntityTooLarge): the content is kept in
//     the account's record. Multipart uploads in progress live in the
//     handler's memory.
//
// Sources: srcS3Errors, srcS3BadDigest, srcS3Checksums, srcS3Multipart,
// srcS3Replication, srcS3ReplicationStatus, srcS3WhatReplicates.

// Sources of the offline S3's behaviour.
const (
	srcS3Errors            = "https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html"
	srcS3BadDigest         = "https://github.com/aws/aws-sdk-ruby/issues/3322"
	srcS3Checksums         = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html"
	srcS3ChecksumDefault   = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_Checksum.html"
	srcS3Multipart         = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html"
	srcS3Replication       = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html"
	srcS3ReplicationStatus = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-status.html"
	srcS3WhatReplicates    = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html"
)

// Type tokens of S3 buckets and objects in the account.
const (
	S3BucketType = typeS3Bucket
	S3ObjectType = typeS3Object
)

const (
	typeS3Object      = "aws:s3/bucketObjectv2:BucketObjectv2"
	typeS3Replication = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	typeS3Encryption  = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
)

// S3MaxObjectBytes is the largest object the offline S3 keeps (its content
// lives in the account's record). S3's own limits are 5 GiB for one PUT
// and 10,000 parts of at most 5 GiB for a multipart upload (srcS3Multipart).
const S3MaxObjectBytes = 64 << 20

// s3MinPartBytes is S3's smallest part but the last of a multipart upload:
// "5 MiB to 5 GiB. There is no minimum size limit on the last part of your
// multipart upload." (srcS3Multipart). The offline S3 keeps it.
const s3MinPartBytes = 5 << 20

// Replication statuses S3 reports in x-amz-replication-status
// (srcS3ReplicationStatus).
const (
	ReplicationPending   = "PENDING"
	ReplicationCompleted = "COMPLETED"
	ReplicationFailed    = "FAILED"
	ReplicationReplica   = "REPLICA"
)

// s3Checksum is one of S3's additional checksum algorithms (srcS3Checksums).
type s3Checksum struct {
	alg    string // as S3 spells it: CRC32, SHA256, ...
	header string // x-amz-checksum-...
	output string // the aws provider's attribute: checksumCrc32, ...
	new    func() hash.Hash
}

// crc64NVME is the CRC-64/NVME table (polynomial 0xad93d23594c93659,
// reflected; Go's crc64 takes the reversed form and applies the initial
// and final all-ones itself).
var crc64NVME = crc64.MakeTable(0x9a6c9329ac4bc9b5)

var s3Checksums = []s3Checksum{
	{"CRC32", "x-amz-checksum-crc32", "checksumCrc32", func() hash.Hash { return crc32.NewIEEE() }},
	{"CRC32C", "x-amz-checksum-crc32c", "checksumCrc32c", func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) }},
	{"CRC64NVME", "x-amz-checksum-crc64nvme", "checksumCrc64nvme", func() hash.Hash { return crc64.New(crc64NVME) }},
	{"SHA1", "x-amz-checksum-sha1", "checksumSha1", sha1.New},
	{"SHA256", "x-amz-checksum-sha256", "checksumSha256", sha256.New},
}

func checksumOf(alg string) (s3Checksum, bool) {
	for _, c := range s3Checksums {
		if strings.EqualFold(c.alg, alg) {
			return c, true
		}
	}
	return s3Checksum{}, false
}

func (c s3Checksum) sum(b []byte) []byte {
	h := c.new()
	h.Write(b)
	return h.Sum(nil)
}

// s3Object is an object as the offline S3 keeps it in a record.
type s3Object struct {
	Bucket, Key, VersionID, ETag, ContentType string
	Modified                                  time.Time
	Metadata                                  map[string]string
	SSE, KMSKeyID                             string
	// ChecksumAlgorithm is the algorithm the object was uploaded with;
	// Checksums holds its value (base64; "VALUE-N" for a composite of N
	// parts), ChecksumType FULL_OBJECT or COMPOSITE.
	ChecksumAlgorithm, ChecksumType string
	Checksums                       map[string]string
	ReplicationStatus               string
	Content                         []byte
}

func s3ObjectID(bucket, key string) string { return bucket + "/" + key }

func (o *s3Object) outputs(region string) resource.PropertyMap {
	meta := resource.PropertyMap{}
	for k, v := range o.Metadata {
		meta[resource.PropertyKey(k)] = resource.NewProperty(v)
	}
	out := resource.PropertyMap{
		"id":                   resource.NewProperty(s3ObjectID(o.Bucket, o.Key)),
		"arn":                  resource.NewProperty("arn:" + AWSEnv(region).Partition + ":s3:::" + o.Bucket + "/" + o.Key),
		"bucket":               resource.NewProperty(o.Bucket),
		"key":                  resource.NewProperty(o.Key),
		"versionId":            resource.NewProperty(o.VersionID),
		"etag":                 resource.NewProperty(o.ETag),
		"contentType":          resource.NewProperty(o.ContentType),
		"contentLength":        resource.NewProperty(float64(len(o.Content))),
		"lastModified":         resource.NewProperty(o.Modified.UTC().Format(time.RFC3339)),
		"metadata":             resource.NewProperty(meta),
		"serverSideEncryption": resource.NewProperty(o.SSE),
		"contentBase64":        resource.NewProperty(base64.StdEncoding.EncodeToString(o.Content)),
	}
	if o.KMSKeyID != "" {
		out["kmsKeyId"] = resource.NewProperty(o.KMSKeyID)
	}
	if o.ChecksumAlgorithm != "" {
		out["checksumAlgorithm"] = resource.NewProperty(o.ChecksumAlgorithm)
		out["checksumType"] = resource.NewProperty(o.ChecksumType)
	}
	for alg, v := range o.Checksums {
		if c, ok := checksumOf(alg); ok {
			out[resource.PropertyKey(c.output)] = resource.NewProperty(v)
		}
	}
	if o.ReplicationStatus != "" {
		out["replicationStatus"] = resource.NewProperty(o.ReplicationStatus)
	}
	return out
}

// objectFromRecord reads an object record, whether the offline S3 wrote it
// or a program created it with s3.BucketObjectv2 (content, contentBase64).
func objectFromRecord(r Record) *s3Object {
	out := r.Outputs
	o := &s3Object{
		Bucket: str(out["bucket"]), Key: str(out["key"]), VersionID: str(out["versionId"]),
		ETag: str(out["etag"]), ContentType: str(out["contentType"]),
		SSE: str(out["serverSideEncryption"]), KMSKeyID: str(out["kmsKeyId"]),
		ChecksumAlgorithm: str(out["checksumAlgorithm"]), ChecksumType: str(out["checksumType"]),
		ReplicationStatus: str(out["replicationStatus"]),
		Metadata:          map[string]string{}, Checksums: map[string]string{},
	}
	if t, err := time.Parse(time.RFC3339, str(out["lastModified"])); err == nil {
		o.Modified = t
	}
	if m, ok := known(out["metadata"]); ok && m.IsObject() {
		for k, v := range m.ObjectValue() {
			o.Metadata[strings.ToLower(string(k))] = str(v)
		}
	}
	for _, c := range s3Checksums {
		if v := str(out[resource.PropertyKey(c.output)]); v != "" {
			o.Checksums[c.alg] = v
		}
	}
	if b, err := base64.StdEncoding.DecodeString(str(out["contentBase64"])); err == nil && len(b) > 0 {
		o.Content = b
	} else {
		o.Content = []byte(str(out["content"]))
	}
	if o.ETag == "" {
		sum := md5.Sum(o.Content)
		o.ETag = hex.EncodeToString(sum[:])
	}
	return o
}

// s3Error is an error in S3's XML shape (srcS3Errors).
type s3Error struct {
	XMLName    xml.Name `xml:"Error"`
	Status     int      `xml:"-"`
	Code       string   `xml:"Code"`
	Message    string   `xml:"Message"`
	BucketName string   `xml:"BucketName,omitempty"`
	Key        string   `xml:"Key,omitempty"`
	UploadID   string   `xml:"UploadId,omitempty"`
	// The digests of a BadDigest: S3 "includes as detail elements the
	// digest we calculated, and the digest you told us to expect".
	ExpectedDigest   string `xml:"ExpectedDigest,omitempty"`
	CalculatedDigest string `xml:"CalculatedDigest,omitempty"`
	RequestID        string `xml:"RequestId"`
	HostID           string `xml:"HostId"`
}

func (e *s3Error) Error() string { return e.Code + ": " + e.Message }

func errNoSuchBucket(b string) *s3Error {
	return &s3Error{Status: http.StatusNotFound, Code: "NoSuchBucket", Message: "The specified bucket does not exist", BucketName: b}
}

func errNoSuchKey(k string) *s3Error {
	return &s3Error{Status: http.StatusNotFound, Code: "NoSuchKey", Message: "The specified key does not exist.", Key: k}
}

func errNoSuchUpload(id string) *s3Error {
	return &s3Error{Status: http.StatusNotFound, Code: "NoSuchUpload", Message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", UploadID: id}
}

func errBadDigest(alg, want, got string) *s3Error {
	return &s3Error{Status: http.StatusBadRequest, Code: "BadDigest", Message: "The " + alg + " you specified did not match the calculated checksum.", ExpectedDigest: want, CalculatedDigest: got}
}

func errTooLarge() *s3Error {
	return &s3Error{Status: http.StatusBadRequest, Code: "EntityTooLarge", Message: fmt.Sprintf("Your proposed upload exceeds the maximum allowed size (the offline S3 keeps objects of up to %d bytes).", S3MaxObjectBytes)}
}

func errInvalidRequest(msg string) *s3Error {
	return &s3Error{Status: http.StatusBadRequest, Code: "InvalidRequest", Message: msg}
}

// s3Server is the handler NewS3Handler returns.
type s3Server struct {
	a       *Account
	mu      sync.Mutex
	uploads map[string]*s3Upload
	now     func() time.Time
}

// s3Upload is a multipart upload in progress.
type s3Upload struct {
	obj   s3Object // bucket, key, metadata, encryption, checksum algorithm
	parts map[int]s3Part
}

type s3Part struct {
	data     []byte
	etag     string
	checksum []byte // of the upload's algorithm
}

// NewS3Handler serves a path-style subset of the S3 API over an account's
// buckets and objects (see the comment at the top of s3api.go and
// docs/offline-cloud.md, "The offline S3").
func NewS3Handler(a *Account) http.Handler {
	return &s3Server{a: a, uploads: map[string]*s3Upload{}, now: time.Now}
}

// PutObject writes an object into a bucket of the account (in region) as
// `make publish` would through the offline S3: with its SHA-256 as the
// object's checksum and, in hex, as its "sha256" metadata, the bucket's
// default encryption, a new version, and replication as the bucket's
// rules say. Unit tests use it to publish without a server.
func PutObject(a *Account, region, bucket, key string, body []byte) error {
	s := &s3Server{a: a, now: time.Now}
	at, err := s.bucketRegion(bucket)
	if err != nil {
		return err
	}
	if region != "" && at != region {
		return fmt.Errorf("the bucket %s is in %s, not %s", bucket, at, region)
	}
	if len(body) > S3MaxObjectBytes {
		return errTooLarge()
	}
	sum := sha256.Sum256(body)
	etag := md5.Sum(body)
	o := s3Object{
		Bucket: bucket, Key: key, ContentType: "application/octet-stream", Content: body,
		ETag: hex.EncodeToString(etag[:]), Metadata: map[string]string{"sha256": hex.EncodeToString(sum[:])},
		ChecksumAlgorithm: "SHA256", ChecksumType: "FULL_OBJECT",
		Checksums: map[string]string{"SHA256": base64.StdEncoding.EncodeToString(sum[:])},
	}
	if o.SSE, o.KMSKeyID, err = s.encryption("", "", bucket); err != nil {
		return err
	}
	return s.store(&o, at)
}

// ServeS3 serves NewS3Handler(a) on a free port of 127.0.0.1 and returns
// its endpoint (http://127.0.0.1:PORT, for an S3 client's BaseEndpoint
// with UsePathStyle) and a function that stops it.
func ServeS3(a *Account) (endpoint string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("starting the offline S3: %w", err)
	}
	srv := &http.Server{Handler: NewS3Handler(a), ReadHeaderTimeout: 30 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}, nil
}

func (s *s3Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	var err error
	switch {
	case bucket == "":
		err = s.notImplemented(r)
	case key == "" && r.Method == http.MethodHead:
		err = s.headBucket(w, bucket)
	case key == "":
		err = s.notImplemented(r)
	case r.Method == http.MethodPost && q.Has("uploads"):
		err = s.createUpload(w, r, bucket, key)
	case r.Method == http.MethodPost && q.Has("uploadId"):
		err = s.completeUpload(w, r, bucket, key, q.Get("uploadId"))
	case r.Method == http.MethodPut && q.Has("uploadId"):
		err = s.uploadPart(w, r, bucket, key, q.Get("uploadId"), q.Get("partNumber"))
	case r.Method == http.MethodDelete && q.Has("uploadId"):
		err = s.abortUpload(w, q.Get("uploadId"))
	case r.Method == http.MethodPut && r.Header.Get("x-amz-copy-source") == "" && onlyQuery(q):
		err = s.putObject(w, r, bucket, key)
	case (r.Method == http.MethodGet || r.Method == http.MethodHead) && onlyQuery(q, "versionId"):
		err = s.getObject(w, r, bucket, key)
	default:
		err = s.notImplemented(r)
	}
	if err != nil {
		writeS3Error(w, r, err)
	}
}

// onlyQuery says whether a request's query has no parameters but the
// SDK's operation name (x-id) and those allowed.
func onlyQuery(q map[string][]string, allowed ...string) bool {
	for k := range q {
		if k != "x-id" && !slices.Contains(allowed, k) {
			return false
		}
	}
	return true
}

func (s *s3Server) notImplemented(r *http.Request) error {
	return &s3Error{Status: http.StatusNotImplemented, Code: "NotImplemented", Message: "A header or query you provided implies functionality that is not implemented (the offline S3 serves PutObject, HeadObject, GetObject, HeadBucket and multipart uploads; not " + r.Method + " " + r.URL.RequestURI() + ")."}
}

func writeS3Error(w http.ResponseWriter, r *http.Request, err error) {
	var e *s3Error
	if !errors.As(err, &e) {
		e = &s3Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "We encountered an internal error. Please try again. (offline S3: " + err.Error() + ")"}
	}
	e.RequestID = requestID()
	e.HostID = "offline"
	w.Header().Set("x-amz-request-id", e.RequestID)
	if r.Method == http.MethodHead { // a HEAD response has no body
		w.WriteHeader(e.Status)
		return
	}
	b, _ := xml.Marshal(e)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(e.Status)
	_, _ = w.Write(append([]byte(xml.Header), b...))
}

func requestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

// versionID returns a new version ID, shaped like S3's (32 URL-safe
// characters).
func versionID() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// bucketRegion returns the region of an account's bucket.
func (s *s3Server) bucketRegion(bucket string) (string, error) {
	buckets, err := s.a.List(typeS3Bucket)
	if err != nil {
		return "", err
	}
	for _, b := range buckets {
		if b.ID == bucket {
			return b.Region, nil
		}
	}
	return "", errNoSuchBucket(bucket)
}

func (s *s3Server) headBucket(w http.ResponseWriter, bucket string) error {
	region, err := s.bucketRegion(bucket)
	if err != nil {
		return err
	}
	w.Header().Set("x-amz-bucket-region", region)
	w.WriteHeader(http.StatusOK)
	return nil
}

// readBody reads a request's payload, decoding an aws-chunked body (the
// SDK's streaming uploads with trailing checksums), up to
// S3MaxObjectBytes. It returns the trailers of an aws-chunked body.
func readBody(r *http.Request, limit int64) ([]byte, map[string]string, error) {
	chunked := strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") ||
		strings.HasPrefix(r.Header.Get("x-amz-content-sha256"), "STREAMING-")
	if !chunked {
		b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil {
			return nil, nil, err
		}
		if int64(len(b)) > limit {
			return nil, nil, errTooLarge()
		}
		return b, nil, nil
	}
	br := bufio.NewReader(r.Body)
	var body bytes.Buffer
	trailers := map[string]string{}
	line := func() (string, error) {
		l, err := br.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && l != "") {
			return "", err
		}
		return strings.TrimRight(l, "\r\n"), nil
	}
	malformed := func(what string) error {
		return errInvalidRequest("The aws-chunked body is malformed: " + what + ".")
	}
	for {
		l, err := line()
		if err != nil {
			return nil, nil, malformed("a chunk header is missing")
		}
		sizeHex, _, _ := strings.Cut(l, ";")
		size, err := strconv.ParseInt(strings.TrimSpace(sizeHex), 16, 64)
		if err != nil || size < 0 {
			return nil, nil, malformed("the chunk size " + strconv.Quote(sizeHex) + " is not hexadecimal")
		}
		if size == 0 {
			break
		}
		if int64(body.Len())+size > limit {
			return nil, nil, errTooLarge()
		}
		if _, err := io.CopyN(&body, br, size); err != nil {
			return nil, nil, malformed("a chunk is shorter than its size")
		}
		if l, err := line(); err != nil || l != "" {
			return nil, nil, malformed("a chunk does not end with CRLF")
		}
	}
	for {
		l, err := line()
		if err != nil || l == "" {
			break
		}
		name, value, ok := strings.Cut(l, ":")
		if ok {
			trailers[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
		}
	}
	return body.Bytes(), trailers, nil
}

// verifyChecksums checks every checksum a request gives for a body (headers,
// Content-MD5, trailers) and returns those of S3's algorithms, by
// algorithm, as base64.
func verifyChecksums(r *http.Request, body []byte, trailers map[string]string) (map[string]string, error) {
	if md := r.Header.Get("Content-MD5"); md != "" {
		sum := md5.Sum(body)
		if got := base64.StdEncoding.EncodeToString(sum[:]); got != md {
			return nil, &s3Error{Status: http.StatusBadRequest, Code: "BadDigest", Message: "The Content-MD5 you specified did not match what we received.", ExpectedDigest: md, CalculatedDigest: got}
		}
	}
	given := map[string]string{}
	for _, c := range s3Checksums {
		v := r.Header.Get(c.header)
		if t, ok := trailers[c.header]; ok {
			v = t
		}
		if v == "" {
			continue
		}
		if got := base64.StdEncoding.EncodeToString(c.sum(body)); got != v {
			return nil, errBadDigest(c.alg, v, got)
		}
		given[c.alg] = v
	}
	return given, nil
}

// encryption returns the encryption of a new object: the request's, or
// the bucket's default (an
// aws:s3/bucketServerSideEncryptionConfigurationV2 record), or SSE-S3,
// which S3 applies to every new object.
func (s *s3Server) encryption(sse, key, bucket string) (string, string, error) {
	if sse != "" {
		return sse, key, nil
	}
	configs, err := s.a.List(typeS3Encryption)
	if err != nil {
		return "", "", err
	}
	for _, c := range configs {
		if str(c.Outputs["bucket"]) != bucket && c.ID != bucket {
			continue
		}
		for _, d := range lookup(c.Outputs, "rules[].applyServerSideEncryptionByDefault") {
			if v, ok := known(d.v); ok && v.IsObject() {
				return str(v.ObjectValue()["sseAlgorithm"]), str(v.ObjectValue()["kmsMasterKeyId"]), nil
			}
		}
	}
	return "AES256", "", nil
}

// newObject reads what a PutObject or CreateMultipartUpload says of the
// object to be: metadata, content type, encryption.
func (s *s3Server) newObject(r *http.Request, bucket, key string) (s3Object, error) {
	o := s3Object{Bucket: bucket, Key: key, ContentType: r.Header.Get("Content-Type"), Metadata: map[string]string{}, Checksums: map[string]string{}}
	if o.ContentType == "" {
		o.ContentType = "binary/octet-stream"
	}
	for name, vs := range r.Header {
		if m, ok := strings.CutPrefix(strings.ToLower(name), "x-amz-meta-"); ok && len(vs) > 0 {
			o.Metadata[m] = vs[0]
		}
	}
	var err error
	o.SSE, o.KMSKeyID, err = s.encryption(r.Header.Get("x-amz-server-side-encryption"), r.Header.Get("x-amz-server-side-encryption-aws-kms-key-id"), bucket)
	return o, err
}

func (s *s3Server) putObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	region, err := s.bucketRegion(bucket)
	if err != nil {
		return err
	}
	body, trailers, err := readBody(r, S3MaxObjectBytes)
	if err != nil {
		return err
	}
	given, err := verifyChecksums(r, body, trailers)
	if err != nil {
		return err
	}
	o, err := s.newObject(r, bucket, key)
	if err != nil {
		return err
	}
	o.Content = body
	// The algorithm the client named, or the one whose value it sent, or
	// S3's default CRC64NVME for an upload without a checksum
	// (srcS3ChecksumDefault).
	alg := strings.ToUpper(r.Header.Get("x-amz-sdk-checksum-algorithm"))
	if _, ok := given[alg]; !ok {
		alg = ""
		for _, c := range s3Checksums {
			if _, ok := given[c.alg]; ok {
				alg = c.alg
				break
			}
		}
	}
	if alg == "" {
		alg = "CRC64NVME"
		given[alg] = base64.StdEncoding.EncodeToString(s3Checksums[2].sum(body))
	}
	o.ChecksumAlgorithm, o.ChecksumType = alg, "FULL_OBJECT"
	o.Checksums = map[string]string{alg: given[alg]}
	sum := md5.Sum(body)
	o.ETag = hex.EncodeToString(sum[:])
	if err := s.store(&o, region); err != nil {
		return err
	}
	s.objectHeaders(w, &o, true)
	w.WriteHeader(http.StatusOK)
	return nil
}

// store writes a new version of an object into the account and replicates
// it.
func (s *s3Server) store(o *s3Object, region string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.VersionID = versionID()
	o.Modified = s.now().UTC().Truncate(time.Second)
	o.ReplicationStatus = ""
	status, err := s.replicate(o)
	if err != nil {
		return err
	}
	o.ReplicationStatus = status
	return s.a.Put(Record{Type: typeS3Object, Region: region, ID: s3ObjectID(o.Bucket, o.Key), Outputs: o.outputs(region)})
}

// replicate copies a new object to the destinations of the source
// bucket's enabled replication rules that select it, and returns the
// source's replication status: "" when no rule selects it, FAILED when a
// destination bucket is missing, COMPLETED otherwise (srcS3ReplicationStatus,
// srcS3WhatReplicates, srcS3Replication).
func (s *s3Server) replicate(o *s3Object) (string, error) {
	configs, err := s.a.List(typeS3Replication)
	if err != nil {
		return "", err
	}
	type dest struct{ bucket, kmsKey string }
	var dests []dest
	for _, c := range configs {
		if str(c.Outputs["bucket"]) != o.Bucket && c.ID != o.Bucket {
			continue
		}
		for _, at := range lookup(c.Outputs, "rules[]") {
			rule, ok := known(at.v)
			if !ok || !rule.IsObject() {
				continue
			}
			rm := rule.ObjectValue()
			if str(rm["status"]) != "Enabled" || !strings.HasPrefix(o.Key, rulePrefix(rm)) {
				continue
			}
			// SSE-KMS objects replicate only when the rule selects them.
			if o.SSE == "aws:kms" && !hasValue(rm, "sourceSelectionCriteria.sseKmsEncryptedObjects.status", "Enabled") {
				continue
			}
			arn := firstString(rm, "destination.bucket")
			d := dest{bucket: arn[strings.LastIndexByte(arn, ':')+1:], kmsKey: firstString(rm, "destination.encryptionConfiguration.replicaKmsKeyId")}
			if d.bucket != "" && !slices.Contains(dests, d) {
				dests = append(dests, d)
			}
		}
	}
	if len(dests) == 0 {
		return "", nil
	}
	status := ReplicationCompleted
	for _, d := range dests {
		region, err := s.bucketRegion(d.bucket)
		var e *s3Error
		if errors.As(err, &e) {
			status = ReplicationFailed
			continue
		}
		if err != nil {
			return "", err
		}
		replica := *o
		replica.Bucket, replica.ReplicationStatus = d.bucket, ReplicationReplica
		if o.SSE == "aws:kms" && d.kmsKey != "" {
			replica.KMSKeyID = d.kmsKey
		}
		if err := s.a.Put(Record{Type: typeS3Object, Region: region, ID: s3ObjectID(replica.Bucket, replica.Key), Outputs: replica.outputs(region)}); err != nil {
			return "", err
		}
	}
	return status, nil
}

// rulePrefix is the key prefix a replication rule selects (filter.prefix,
// filter.and.prefix or the older rule-level prefix).
func rulePrefix(rule resource.PropertyMap) string {
	for _, p := range []string{"filter.prefix", "filter.and.prefix", "prefix"} {
		if v := firstString(rule, p); v != "" {
			return v
		}
	}
	return ""
}

func firstString(m resource.PropertyMap, path string) string {
	for _, at := range lookup(m, path) {
		if v := str(at.v); v != "" {
			return v
		}
	}
	return ""
}

func hasValue(m resource.PropertyMap, path, want string) bool { return firstString(m, path) == want }

// object returns an object of a bucket, or S3's error.
func (s *s3Server) object(bucket, key string) (*s3Object, error) {
	region, err := s.bucketRegion(bucket)
	if err != nil {
		return nil, err
	}
	rec, ok, err := s.a.Get(typeS3Object, region, s3ObjectID(bucket, key))
	if err != nil {
		return nil, err
	}
	if !ok {
		// An object a program created with s3.BucketObjectv2 has the
		// provider's ID; find it by bucket and key.
		objs, err := s.a.List(typeS3Object)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if str(o.Outputs["bucket"]) == bucket && str(o.Outputs["key"]) == key {
				return objectFromRecord(o), nil
			}
		}
		return nil, errNoSuchKey(key)
	}
	return objectFromRecord(rec), nil
}

// objectHeaders writes an object's headers; checksums only when asked
// (x-amz-checksum-mode: ENABLED on a read, always on a write).
func (s *s3Server) objectHeaders(w http.ResponseWriter, o *s3Object, checksums bool) {
	h := w.Header()
	h.Set("ETag", strconv.Quote(o.ETag))
	if o.VersionID != "" {
		h.Set("x-amz-version-id", o.VersionID)
	}
	if o.SSE != "" {
		h.Set("x-amz-server-side-encryption", o.SSE)
	}
	if o.KMSKeyID != "" {
		h.Set("x-amz-server-side-encryption-aws-kms-key-id", o.KMSKeyID)
	}
	if checksums {
		for alg, v := range o.Checksums {
			if c, ok := checksumOf(alg); ok {
				h.Set(c.header, v)
			}
		}
		if o.ChecksumType != "" {
			h.Set("x-amz-checksum-type", o.ChecksumType)
		}
	}
}

func (s *s3Server) getObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	o, err := s.object(bucket, key)
	if err != nil {
		return err
	}
	if v := r.URL.Query().Get("versionId"); v != "" && v != o.VersionID {
		return &s3Error{Status: http.StatusNotFound, Code: "NoSuchVersion", Message: "The specified version does not exist.", Key: key}
	}
	s.objectHeaders(w, o, strings.EqualFold(r.Header.Get("x-amz-checksum-mode"), "ENABLED"))
	h := w.Header()
	h.Set("Content-Type", o.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(o.Content)))
	h.Set("Accept-Ranges", "bytes")
	if !o.Modified.IsZero() {
		h.Set("Last-Modified", o.Modified.UTC().Format(http.TimeFormat))
	}
	keys := make([]string, 0, len(o.Metadata))
	for k := range o.Metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.Set("x-amz-meta-"+k, o.Metadata[k])
	}
	if o.ReplicationStatus != "" {
		h.Set("x-amz-replication-status", o.ReplicationStatus)
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(o.Content)
	}
	return nil
}

func writeXML(w http.ResponseWriter, v any) error {
	b, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(append([]byte(xml.Header), b...))
	return err
}

const s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

func (s *s3Server) createUpload(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	if _, err := s.bucketRegion(bucket); err != nil {
		return err
	}
	o, err := s.newObject(r, bucket, key)
	if err != nil {
		return err
	}
	if alg := r.Header.Get("x-amz-checksum-algorithm"); alg != "" {
		c, ok := checksumOf(alg)
		if !ok {
			return errInvalidRequest("Checksum algorithm " + alg + " is not supported.")
		}
		o.ChecksumAlgorithm = c.alg
	}
	id := versionID()
	s.mu.Lock()
	s.uploads[id] = &s3Upload{obj: o, parts: map[int]s3Part{}}
	s.mu.Unlock()
	if o.ChecksumAlgorithm != "" {
		w.Header().Set("x-amz-checksum-algorithm", o.ChecksumAlgorithm)
		w.Header().Set("x-amz-checksum-type", "COMPOSITE")
	}
	return writeXML(w, struct {
		XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
		NS       string   `xml:"xmlns,attr"`
		Bucket   string   `xml:"Bucket"`
		Key      string   `xml:"Key"`
		UploadID string   `xml:"UploadId"`
	}{NS: s3Namespace, Bucket: bucket, Key: key, UploadID: id})
}

func (s *s3Server) upload(bucket, key, id string) (*s3Upload, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.uploads[id]
	if !ok || u.obj.Bucket != bucket || u.obj.Key != key {
		return nil, errNoSuchUpload(id)
	}
	return u, nil
}

func (s *s3Server) uploadPart(w http.ResponseWriter, r *http.Request, bucket, key, id, number string) error {
	n, err := strconv.Atoi(number)
	if err != nil || n < 1 || n > 10000 {
		return &s3Error{Status: http.StatusBadRequest, Code: "InvalidArgument", Message: "Part number must be an integer between 1 and 10000, inclusive"}
	}
	u, err := s.upload(bucket, key, id)
	if err != nil {
		return err
	}
	body, trailers, err := readBody(r, S3MaxObjectBytes)
	if err != nil {
		return err
	}
	given, err := verifyChecksums(r, body, trailers)
	if err != nil {
		return err
	}
	p := s3Part{data: body}
	if alg := u.obj.ChecksumAlgorithm; alg != "" {
		for other := range given {
			if other != alg {
				return errInvalidRequest(fmt.Sprintf("Checksum Type mismatch occurred, expected checksum Type: %s, actual checksum Type: %s", strings.ToLower(alg), strings.ToLower(other)))
			}
		}
		c, _ := checksumOf(alg)
		p.checksum = c.sum(body)
		w.Header().Set(c.header, base64.StdEncoding.EncodeToString(p.checksum))
	}
	sum := md5.Sum(body)
	p.etag = hex.EncodeToString(sum[:])
	s.mu.Lock()
	size := int64(len(body))
	for i, q := range u.parts {
		if i != n {
			size += int64(len(q.data))
		}
	}
	if size > S3MaxObjectBytes {
		s.mu.Unlock()
		return errTooLarge()
	}
	u.parts[n] = p
	s.mu.Unlock()
	w.Header().Set("ETag", strconv.Quote(p.etag))
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *s3Server) abortUpload(w http.ResponseWriter, id string) error {
	s.mu.Lock()
	_, ok := s.uploads[id]
	delete(s.uploads, id)
	s.mu.Unlock()
	if !ok {
		return errNoSuchUpload(id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// completedPart is a part as CompleteMultipartUpload names it.
type completedPart struct {
	PartNumber        int
	ETag              string
	ChecksumCRC32     string
	ChecksumCRC32C    string
	ChecksumCRC64NVME string
	ChecksumSHA1      string
	ChecksumSHA256    string
}

func (p completedPart) checksum(alg string) string {
	switch alg {
	case "CRC32":
		return p.ChecksumCRC32
	case "CRC32C":
		return p.ChecksumCRC32C
	case "CRC64NVME":
		return p.ChecksumCRC64NVME
	case "SHA1":
		return p.ChecksumSHA1
	case "SHA256":
		return p.ChecksumSHA256
	}
	return ""
}

// completeUpload assembles the parts. The object's checksum is S3's
// composite for the upload's algorithm: the checksum of the concatenated
// binary checksums of the parts, then "-" and the number of parts
// (srcS3Checksums); without an algorithm, S3's default full-object
// CRC64NVME.
func (s *s3Server) completeUpload(w http.ResponseWriter, r *http.Request, bucket, key, id string) error {
	region, err := s.bucketRegion(bucket)
	if err != nil {
		return err
	}
	u, err := s.upload(bucket, key, id)
	if err != nil {
		return err
	}
	var req struct {
		Parts []completedPart `xml:"Part"`
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(b, &req); err != nil || len(req.Parts) == 0 {
		return &s3Error{Status: http.StatusBadRequest, Code: "MalformedXML", Message: "The XML you provided was not well-formed or did not validate against our published schema"}
	}
	s.mu.Lock()
	o, err := u.assemble(r, req.Parts)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := s.store(&o, region); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.uploads, id)
	s.mu.Unlock()
	s.objectHeaders(w, &o, false)
	result := struct {
		XMLName  xml.Name `xml:"CompleteMultipartUploadResult"`
		NS       string   `xml:"xmlns,attr"`
		Location string   `xml:"Location"`
		Bucket   string   `xml:"Bucket"`
		Key      string   `xml:"Key"`
		ETag     string   `xml:"ETag"`
		completedChecksums
	}{NS: s3Namespace, Location: "/" + bucket + "/" + key, Bucket: bucket, Key: key, ETag: strconv.Quote(o.ETag)}
	result.set(&o)
	return writeXML(w, result)
}

// assemble checks the parts CompleteMultipartUpload names against those
// uploaded and returns the object they make.
func (u *s3Upload) assemble(r *http.Request, parts []completedPart) (s3Object, error) {
	o := u.obj
	var content, checksums, etags []byte
	for i, cp := range parts {
		if i > 0 && cp.PartNumber <= parts[i-1].PartNumber {
			return o, &s3Error{Status: http.StatusBadRequest, Code: "InvalidPartOrder", Message: "The list of parts was not in ascending order. The parts list must be specified in order by part number."}
		}
		p, ok := u.parts[cp.PartNumber]
		invalid := &s3Error{Status: http.StatusBadRequest, Code: "InvalidPart", Message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."}
		if !ok || strings.Trim(cp.ETag, `"`) != p.etag {
			return o, invalid
		}
		if o.ChecksumAlgorithm != "" {
			if v := cp.checksum(o.ChecksumAlgorithm); v != "" && v != base64.StdEncoding.EncodeToString(p.checksum) {
				return o, invalid
			}
		}
		if i < len(parts)-1 && len(p.data) < s3MinPartBytes {
			return o, &s3Error{Status: http.StatusBadRequest, Code: "EntityTooSmall", Message: "Your proposed upload is smaller than the minimum allowed object size."}
		}
		content = append(content, p.data...)
		checksums = append(checksums, p.checksum...)
		tag, _ := hex.DecodeString(p.etag)
		etags = append(etags, tag...)
	}
	o.Content = content
	n := strconv.Itoa(len(parts))
	if o.ChecksumAlgorithm != "" {
		c, _ := checksumOf(o.ChecksumAlgorithm)
		composite := base64.StdEncoding.EncodeToString(c.sum(checksums))
		if want := r.Header.Get(c.header); want != "" && want != composite && want != composite+"-"+n {
			return o, errBadDigest(c.alg, want, composite+"-"+n)
		}
		o.ChecksumType = "COMPOSITE"
		o.Checksums = map[string]string{c.alg: composite + "-" + n}
	} else {
		o.ChecksumAlgorithm, o.ChecksumType = "CRC64NVME", "FULL_OBJECT"
		o.Checksums = map[string]string{"CRC64NVME": base64.StdEncoding.EncodeToString(s3Checksums[2].sum(content))}
	}
	sum := md5.Sum(etags)
	o.ETag = hex.EncodeToString(sum[:]) + "-" + n
	return o, nil
}

// completedChecksums are the checksum elements of
// CompleteMultipartUploadResult.
type completedChecksums struct {
	ChecksumCRC32     string `xml:"ChecksumCRC32,omitempty"`
	ChecksumCRC32C    string `xml:"ChecksumCRC32C,omitempty"`
	ChecksumCRC64NVME string `xml:"ChecksumCRC64NVME,omitempty"`
	ChecksumSHA1      string `xml:"ChecksumSHA1,omitempty"`
	ChecksumSHA256    string `xml:"ChecksumSHA256,omitempty"`
	ChecksumType      string `xml:"ChecksumType,omitempty"`
}

func (c *completedChecksums) set(o *s3Object) {
	v := o.Checksums[o.ChecksumAlgorithm]
	switch o.ChecksumAlgorithm {
	case "CRC32":
		c.ChecksumCRC32 = v
	case "CRC32C":
		c.ChecksumCRC32C = v
	case "CRC64NVME":
		c.ChecksumCRC64NVME = v
	case "SHA1":
		c.ChecksumSHA1 = v
	case "SHA256":
		c.ChecksumSHA256 = v
	}
	c.ChecksumType = o.ChecksumType
}
