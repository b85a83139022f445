// Package capturebucket provides Bucket, an S3 bucket for data captured
// from inference (the prompts and answers that SageMaker data capture
// records): personal data that must be kept apart from model artifacts,
// kept briefly, and erasable on request.
//
// A Bucket is, without any arguments: encrypted with SSE-KMS under a
// customer-managed key (its own, unless one is given) with an S3 Bucket
// Key, closed to the public (all four public-access blocks), free of ACLs
// (BucketOwnerEnforced), guarded by a bucket policy that denies requests
// without TLS or with TLS below 1.2, uploads that ask for another key or
// another kind of encryption, and turning on object lock, logged to an
// access-log bucket, and versioned, with lifecycle rules that expire
// every object 30 days after it was written, remove noncurrent versions
// one day after they became noncurrent, and abort incomplete multipart
// uploads after a day.
//
// It has no object lock, on purpose: a write-once bucket (package
// wormbucket) could not honour a request to erase a person's data. Here an
// object deleted (or expired) becomes a noncurrent version that the
// lifecycle removes within NoncurrentVersionDays, and an operator can
// erase every version of an object at once. The bucket carries the tag
// modelfort:purpose=data-capture, by which the policy pack's
// s3-object-lock rule spares it; every other S3 rule applies.
//
// S3 server access logs can only be delivered to a bucket with SSE-S3
// encryption and no default object-lock retention, so the access-log
// bucket that Bucket creates when none is given uses AES256 and no object
// lock, as wormbucket's does.
//
// A Bucket's settings are resources of their own, registered after the
// component; a resource that needs one in force (an endpoint that starts
// capturing) depends on that resource (Policy, Versioning), not on the
// component.
package capturebucket
