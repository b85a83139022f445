// Package replicatedbucket provides Bucket, a private Tencent Cloud COS
// bucket for data that must not be lost (model weights, audit logs),
// replicated to a bucket in a second region.
//
// A Bucket is, with only its ReplicaProvider given: two buckets (the
// primary in the component's region, the replica in the replica
// provider's region), each private (ACL private), versioned, encrypted at
// rest (SSE-COS, AES256, unless EncryptionAlgorithm is KMS), multi-AZ
// where the region offers it (see MultiAZRegions), logging access to a log
// bucket of its region, expiring noncurrent versions after 365 days, and
// guarded by a bucket policy that denies requests without HTTPS, requests
// with TLS below 1.2 where COS honours that condition (TLSVersionRegions:
// ap-beijing only), and the permanent deletion of object versions.
// Cross-region replication copies every new object version and delete
// marker of the primary to the replica, in the replica's storage class
// (its multi-AZ form, MAZ_..., in a multi-AZ replica: COS replicates
// objects of a multi-AZ bucket only into multi-AZ storage, so a multi-AZ
// primary needs a replica region with multi-AZ storage, or SingleAZ).
//
// COS replicates as the request initiator that PUT Bucket replication
// names in its Role, "qcs::cam::uin/<OwnerUin>:uin/<SubUin>": Bucket gives
// the identity the primary's provider acts as (user.getInfo's uin), which
// must keep read access to the primary and write access to the replica.
// COS documents no CAM service role for replication, so Bucket creates
// none.
//
// Bucket names are "NAME-APPID", as COS demands; the APPID comes from the
// provider (user.getInfo).
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how Bucket gets as close
// as it can:
//
//   - Server-side encryption is "AES256" (SSE-COS, keys managed by COS) or
//     "KMS" (SSE-KMS with the default CMK COS creates in KMS; the account
//     must have activated KMS). The provider cannot name a customer-managed
//     key, so objects are not encrypted with a kmskey.Key; clients that
//     need their own key encrypt before upload (envelope encryption with
//     KMS).
//   - There is no object lock (WORM retention). The closest the provider
//     allows is versioning, replication, and a bucket policy that denies
//     DeleteObject with a version ID and DeleteMultipleObjects to everyone,
//     so that no request can destroy a version; lifecycle expiry, run by
//     COS itself, still removes noncurrent versions. Unlike COMPLIANCE
//     object lock, an administrator can remove that policy.
//   - Lifecycle rules cannot abort incomplete multipart uploads.
//   - Access-log delivery needs the account's COS log-delivery
//     authorization (the service role CLS_QcsRole, a one-time,
//     account-wide grant in the console); Bucket does not create it.
package replicatedbucket
