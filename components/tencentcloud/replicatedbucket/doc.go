// Package replicatedbucket provides Bucket, a private Tencent Cloud COS
// bucket for data that must not be lost (model weights, audit logs),
// replicated to a bucket in a second region.
//
// A Bucket is, with only its ReplicaProvider given: two buckets (the
// primary in the component's region, the replica in the replica
// provider's region), each private (ACL private), versioned, encrypted at
// rest (SSE-COS, AES256), multi-AZ where the region offers it (see
// MultiAZRegions), logging access to a log bucket of its region, expiring
// noncurrent versions after 365 days, and guarded by a bucket policy that
// denies requests without HTTPS, requests with TLS below 1.2, and the
// permanent deletion of object versions. Cross-region replication copies
// every new object version and delete marker of the primary to the replica
// through a CAM role that COS assumes and whose policy allows only reading
// the primary's objects and writing the replica's.
//
// Bucket names are "NAME-APPID", as COS demands; the APPID comes from the
// provider (user.getInfo).
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how Bucket gets as close
// as it can:
//
//   - Server-side encryption accepts only "AES256" (SSE-COS, keys managed
//     by COS). SSE-KMS with a customer-managed key is not offered, so
//     objects are not encrypted with a kmskey.Key; clients that need their
//     own key encrypt before upload (envelope encryption with KMS).
//   - There is no object lock (WORM retention). The closest the provider
//     allows is versioning, replication, and a bucket policy that denies
//     DeleteObject with a version ID and DeleteMultipleObjects to everyone,
//     so that no request can destroy a version; lifecycle expiry, run by
//     COS itself, still removes noncurrent versions. Unlike COMPLIANCE
//     object lock, an administrator can remove that policy.
//   - Lifecycle rules cannot abort incomplete multipart uploads.
//   - Access-log delivery needs the account's COS log-delivery
//     authorization (a one-time, account-wide grant in the console); the
//     provider cannot create it.
//   - The provider documents replicaRole as a sub-user
//     ("qcs::cam::uin/OWNER:uin/SUB"); Bucket passes a role
//     ("qcs::cam::uin/OWNER:roleName/ROLE") so that replication runs with
//     the replication permissions alone.
package replicatedbucket
