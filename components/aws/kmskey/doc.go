// Package kmskey provides Key, a customer-managed AWS KMS key that is safe
// by default: rotation on, a 30-day deletion window, an alias, and a key
// policy that keeps administrators and users apart and lets AWS services
// use the key only on behalf of this account.
//
// The key policy gives kms:* to the account root alone, which lets IAM
// policies grant the key; GrantEncryptDecrypt and GrantDecrypt write such
// policies, so that callers never write KMS policy JSON.
//
// With a ReplicaProvider the key is a multi-Region primary key, and a
// replica key with the same policy (written for its own region) and the
// same alias lives in the provider's region, so that data encrypted in the
// primary region can be decrypted in a disaster-recovery region.
//
// Every other AWS component encrypts with a kmskey.Key of its own unless
// its caller gives a key ARN (package internal/encryption).
package kmskey
