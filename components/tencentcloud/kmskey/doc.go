// Package kmskey provides Key, a customer-managed Tencent Cloud KMS key
// (CMK) that is safe by default: symmetric (ENCRYPT_DECRYPT), enabled,
// rotated yearly by KMS, and recoverable for 30 days after its deletion is
// scheduled.
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how Key gets as close as
// it can:
//
//   - A Tencent Cloud KMS key has no key policy: who may use it is decided
//     by CAM policies alone. Key therefore writes no policy; grant use with
//     CAM policies on the key's resource name (Key.ResourceName).
//   - There are no multi-region keys: a key lives in one region. For a
//     second region, create a second Key with that region's provider; the
//     two have different key material.
package kmskey
