// Package audittrail provides Trail, the account's audit record: a
// multi-Region CloudTrail trail with log file validation, encrypted with a
// customer-managed key, delivered into a WORM bucket (wormbucket.Bucket)
// and to a KMS-encrypted CloudWatch Logs group, optionally recording S3
// data events of chosen buckets, with CloudTrail Insights on API call and
// API error rates (NoInsights turns them off), and optionally a GuardDuty
// detector with S3 protection.
//
// The key is the trail's own, usable by CloudTrail and CloudWatch Logs for
// this account only, and through S3; the log bucket's policy lets
// CloudTrail write for this trail alone, and CloudTrail checks that policy
// when the trail is created, so the trail waits for the bucket policy
// itself (wormbucket.Bucket.Policy), not for the bucket component.
//
// GuardDuty is off unless asked for: a detector is a per-account,
// per-region singleton that is often managed by an AWS Organizations
// administrator account, and creating a second one fails. Threat detection
// per region (GuardDuty owned or verified, Security Hub, AWS Config) is
// package threatdetection's; the GuardDuty field stays for the state of
// stacks that use it.
package audittrail
