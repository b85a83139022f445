package drill

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// The artifact-corruption drill: ransomware or a poisoning overwrites the
// model artifact. The model bucket is versioned and object-locked, so the
// overwrite is a new version and the previous one stays, locked; the
// drill shows that verification by digest detects the overwrite and that
// copying the locked version back recovers the artifact.
//
// It works on a copy of the artifact under drills/, never on the artifact
// the endpoints serve. On a bucket with default object-lock retention
// every version the drill writes is locked too, until its retention ends
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html);
// a PUT to such a bucket must carry an integrity checksum
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html).
// CopyObject copies a given version with ?versionId= in CopySource, and
// copies objects of up to 5 GB
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).

func init() {
	register(&scenario{
		name:    "artifact-corruption",
		summary: "A drill copy of the model artifact is overwritten as ransomware would; verification must detect it and the locked previous version recover it",
		needs:   []string{outModelBucket, outModelReplicaBucket, outModelArtifactKey, outModelDigest},
		plan:    planCorruption,
		run:     runCorruption,
	})
}

// maxCopyObject is the largest object one CopyObject copies.
const maxCopyObject = 5 << 30

// drillKey is where the drill copies the artifact: drills/UNIX/BASE.
func drillKey(key string, at time.Time) string {
	return "drills/" + strconv.FormatInt(at.Unix(), 10) + "/" + path.Base(key)
}

// copySource is CopyObject's CopySource for bucket/key (at version, when
// given): URL-encoded, each key segment apart so that '/' stays.
func copySource(bucket, key, version string) string {
	segs := strings.Split(key, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	src := bucket + "/" + strings.Join(segs, "/")
	if version != "" {
		src += "?versionId=" + url.QueryEscape(version)
	}
	return src
}

func planCorruption(o *Outputs, opts *Options) []Step {
	if o.ModelDigest == "" || o.ModelArtifactKey == "" {
		return []Step{{Name: "stop", Detail: "no model is published yet (modelDigest is empty): a real run stops here; publish a model first"}}
	}
	key := drillKey(o.ModelArtifactKey, opts.Clock.Now())
	return []Step{
		{Name: "verify primary", Detail: fmt.Sprintf("s3 GetObject (%s) %s/%s: its SHA-256 must be %s", o.PrimaryRegion, o.ModelBucket, o.ModelArtifactKey, o.ModelDigest)},
		{Name: "verify replica", Detail: fmt.Sprintf("s3 GetObject (%s) %s/%s: its SHA-256 must be %s", o.DRRegion, o.ModelReplicaBucket, o.ModelArtifactKey, o.ModelDigest)},
		{Name: "copy", Detail: fmt.Sprintf("s3 HeadObject then CopyObject (%s) %s/%s to %s (like it): the good, locked version", o.PrimaryRegion, o.ModelBucket, o.ModelArtifactKey, key)},
		{Name: "lock", Detail: "s3 HeadObject of that version: its object-lock mode and retain-until date"},
		{Name: "corrupt", Detail: fmt.Sprintf("s3 PutObject (%s) %s/%s: other bytes, a new version", o.PrimaryRegion, o.ModelBucket, key)},
		{Name: "detected", Detail: "time to detect: s3 GetObject; verification must fail"},
		{Name: "recover", Detail: "s3 CopyObject of the good version (CopySource ?versionId=) over the drill key"},
		{Name: "recovered", Detail: fmt.Sprintf("time to recover: s3 GetObject; verification must pass (data lost 0, budget rpoMinutes.modelArtifacts %d)", o.Budget.RPOMinutes.ModelArtifacts)},
		{Name: "clean up", Detail: "none possible: the drill's versions stay until their object-lock retention ends"},
	}
}

func runCorruption(ctx context.Context, d *drill) error {
	o := d.out
	if o.ModelDigest == "" || o.ModelArtifactKey == "" {
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		return errors.New("no model is published yet (modelDigest is empty): publish a model before this drill")
	}
	primary := d.clients.S3(o.PrimaryRegion)
	verify := func(ctx context.Context, client *s3.Client, bucket, key string) (ok bool, err error) {
		err = d.opts.Verify(ctx, client, bucket, key, o.ModelDigest)
		if err != nil && isAPIError(err) {
			return false, err
		}
		return err == nil, err
	}

	// The published artifact, in both buckets.
	ok, err := verify(ctx, primary, o.ModelBucket, o.ModelArtifactKey)
	if !ok {
		d.check("primary artifact verifies", false, "s3://%s/%s: %v", o.ModelBucket, o.ModelArtifactKey, err)
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		if isAPIError(err) {
			return err
		}
		d.note("The published artifact itself does not match modelDigest: treat it as corrupted (restore it from its locked previous version or the replica) before drilling.")
		return nil
	}
	d.check("primary artifact verifies", true, "s3://%s/%s has SHA-256 %s", o.ModelBucket, o.ModelArtifactKey, o.ModelDigest)
	if ok, err := verify(ctx, d.clients.S3(o.DRRegion), o.ModelReplicaBucket, o.ModelArtifactKey); ok {
		d.check("replica artifact verifies", true, "s3://%s/%s has SHA-256 %s", o.ModelReplicaBucket, o.ModelArtifactKey, o.ModelDigest)
	} else {
		d.check("replica artifact verifies", false, "s3://%s/%s (%s): %v", o.ModelReplicaBucket, o.ModelArtifactKey, o.DRRegion, err)
	}

	// A drill copy: the good version.
	head, err := primary.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(o.ModelBucket), Key: aws.String(o.ModelArtifactKey)})
	if err != nil {
		return fmt.Errorf("HeadObject s3://%s/%s: %w", o.ModelBucket, o.ModelArtifactKey, err)
	}
	if size := aws.ToInt64(head.ContentLength); size > maxCopyObject {
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		return fmt.Errorf("s3://%s/%s has %d bytes, more than the 5 GB one CopyObject copies: this drill needs an artifact of at most 5 GB", o.ModelBucket, o.ModelArtifactKey, size)
	}
	key := drillKey(o.ModelArtifactKey, d.res.Started)
	cp, err := primary.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket:     aws.String(o.ModelBucket),
		Key:        aws.String(key),
		CopySource: aws.String(copySource(o.ModelBucket, o.ModelArtifactKey, "")),
	})
	if err != nil {
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		return fmt.Errorf("copy s3://%s/%s to %s: %w", o.ModelBucket, o.ModelArtifactKey, key, err)
	}
	good := aws.ToString(cp.VersionId)
	if good == "" || good == "null" {
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		return fmt.Errorf("s3://%s gave the copy no version ID: the bucket is not versioned, and an overwrite would destroy the artifact", o.ModelBucket)
	}
	d.step("copy", "s3://%s/%s (version %s) from %s", o.ModelBucket, key, good, o.ModelArtifactKey)
	d.note("The drill's objects stay in s3://%s/%s: the copy (version %s), its corrupted overwrite and the recovered version; object lock keeps each until its retention ends, and the drill deletes nothing.", o.ModelBucket, key, good)

	lock, err := primary.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(o.ModelBucket), Key: aws.String(key), VersionId: aws.String(good)})
	if err != nil {
		return fmt.Errorf("HeadObject s3://%s/%s version %s: %w", o.ModelBucket, key, good, err)
	}
	until := aws.ToTime(lock.ObjectLockRetainUntilDate)
	locked := lock.ObjectLockMode != "" && until.After(d.clock.Now())
	if locked {
		d.check("previous version locked", true, "version %s is under %s retention until %s", good, lock.ObjectLockMode, until.UTC().Format(time.RFC3339))
	} else {
		d.check("previous version locked", false, "version %s has no object-lock retention in force (mode %q, until %v): an attacker could delete it", good, lock.ObjectLockMode, until)
	}

	// The attack: other bytes over the drill copy.
	start := d.clock.Now()
	corrupt := fmt.Appendf(nil, "%s: a corrupted model artifact stands here instead of %s\n", d.id, o.ModelArtifactKey)
	put, err := primary.PutObject(ctx, &s3.PutObjectInput{
		Bucket:            aws.String(o.ModelBucket),
		Key:               aws.String(key),
		Body:              bytes.NewReader(corrupt),
		ChecksumAlgorithm: s3types.ChecksumAlgorithmSha256,
	})
	if err != nil {
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		return fmt.Errorf("overwrite s3://%s/%s: %w", o.ModelBucket, key, err)
	}
	d.step("corrupt", "s3://%s/%s overwritten: version %s", o.ModelBucket, key, aws.ToString(put.VersionId))

	ok, err = verify(ctx, primary, o.ModelBucket, key)
	if isAPIError(err) {
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		return err
	}
	if ok {
		d.check("corruption detected", false, "s3://%s/%s still verifies after the overwrite", o.ModelBucket, key)
		d.missing(MeasureDetect, MeasureRecover, MeasureDataLost)
		return nil
	}
	detectedAt := d.clock.Now()
	d.res.Detect = detectedAt.Sub(start)
	d.check("corruption detected", true, "%v", err)
	d.step("detected", "verification fails: %v", err)

	// The recovery: the locked version copied back.
	back, err := primary.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket:     aws.String(o.ModelBucket),
		Key:        aws.String(key),
		CopySource: aws.String(copySource(o.ModelBucket, key, good)),
	})
	if err != nil {
		d.missing(MeasureRecover, MeasureDataLost)
		return fmt.Errorf("copy version %s back over s3://%s/%s: %w", good, o.ModelBucket, key, err)
	}
	d.step("recover", "version %s copied back: version %s", good, aws.ToString(back.VersionId))
	ok, err = verify(ctx, primary, o.ModelBucket, key)
	if !ok {
		d.check("artifact recovered", false, "s3://%s/%s: %v", o.ModelBucket, key, err)
		d.missing(MeasureRecover, MeasureDataLost)
		if isAPIError(err) {
			return err
		}
		return nil
	}
	d.res.Recover = d.clock.Now().Sub(detectedAt)
	d.res.DataLost = 0
	d.check("artifact recovered", true, "s3://%s/%s has SHA-256 %s again", o.ModelBucket, key, o.ModelDigest)
	d.step("recovered", "verification passes")
	return nil
}
