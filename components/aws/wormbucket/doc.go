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
// A Replication copies every new object version and KMS-encrypted object
// under S3 Replication Time Control (15 minutes), the recovery point
// objective of replicated data, through a role that may do nothing else,
// and watches it: S3 publishes the rule's replication metrics (namespace
// AWS/S3, dimensions SourceBucket, DestinationBucket and RuleId) per
// minute, ReplicationLatency in the destination's region and
// OperationsFailedReplication in the source's ("Using S3 Replication
// metrics", https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html),
// and an alarm can only watch a metric and notify a topic of its own
// region. So an alarm in the destination's region fires when the replica
// is more than 15 minutes behind (Maximum above 900 s in 3 of 3 one-minute
// periods: Detection, 3 minutes after the recovery point is missed), and
// one in the source's region on any failed operation (Sum above 0 in a
// minute); each notifies an encrypted topic of its region (given, or the
// component's own, with AlarmEmails subscribed).
//
// Delete markers are not replicated unless ReplicateDeleteMarkers says so.
// An attacker (or a mistake) with write access to the source can delete
// objects: object lock keeps their versions, but a delete without a
// version ID adds a delete marker that makes the key read as deleted, and
// a replicated marker does the same to the replica ("S3 behaves as if the
// object was deleted in both source and destination buckets", "Replicating
// delete markers between buckets",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-marker-replication.html).
// Unreplicated, the DR copy keeps serving the last good version of every
// key; the cost is that a deliberate delete must be made in the replica
// too. Deletes of a specific version are never replicated ("How delete
// operations affect replication",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html).
// Earlier releases replicated delete markers.
package wormbucket
