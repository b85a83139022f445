// Package wormbucket provides Bucket, an S3 bucket for data that must not be
// changed or lost (model weights, training data, audit logs): write once,
// read many. And Replication, which copies such a bucket to a bucket in a
// disaster-recovery region.
//
// A Bucket is, without any arguments: object-locked with a default
// retention (COMPLIANCE, 30 days), versioned, encrypted with SSE-KMS under a
// customer-managed key (its own, unless one is given) with an S3 Bucket Key,
// closed to the public (all four public-access blocks), free of ACLs
// (BucketOwnerEnforced), guarded by a bucket policy that denies requests
// without TLS, with TLS below 1.2, and uploads that ask for another key or
// another kind of encryption, logged to an access-log bucket, and cleaned of
// noncurrent versions and incomplete multipart uploads by lifecycle rules.
//
// S3 server access logs can only be delivered to a bucket with SSE-S3
// encryption and no default object-lock retention, so the access-log bucket
// that Bucket creates when none is given uses AES256 and no object lock.
//
// A Bucket's settings are resources of their own, registered after the
// component. A resource that needs one of them in force (a CloudTrail trail
// needs the bucket policy that lets it write) depends on that resource,
// which Bucket exposes (Policy, ObjectLock, Versioning), not on the
// component, whose children may not all be registered yet.
//
// A Replication copies every object version, delete marker and
// KMS-encrypted object under S3 Replication Time Control (15 minutes), the
// recovery point objective of replicated data, through a role that may do
// nothing else.
package wormbucket
