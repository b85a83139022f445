// Package threatdetection provides Detection, a region's threat
// detection: GuardDuty with S3 protection (a detector of its own, or the
// organization's, verified through the getDetector data source before
// anything is registered), GuardDuty Malware Protection for S3 on chosen
// buckets (every new object scanned and tagged with the result), Security
// Hub with one named standard (AWS Foundational Security Best Practices by
// default), and AWS Config recording every supported resource type with
// the managed rules of ManagedRules, the run-time counterparts of the
// policy pack's rules (a default security group with rules, a security
// group no interface uses, a public or unencrypted bucket, a key without
// rotation, ...), so that drift after deployment is caught, not only what
// a preview saw.
//
// GuardDuty, Security Hub and AWS Config act per region: create one
// Detection per region the stack uses, through the region's provider.
// Three things are account-wide and need a decision, which Args express:
// a region's GuardDuty detector is one per account (GuardDuty), often the
// organization administrator's (GuardDuty.OrganizationManaged); the AWS
// Config service-linked role is one per account (create it in one region,
// pass its ConfigRoleArn to the others); and global (IAM) resources should
// be recorded in one region only (NoGlobalResources elsewhere).
//
// The zero value is the secure default. Loosenings are named fields:
// GuardDuty.OrganizationManaged, NoSecurityHub, NoConfig,
// NoGlobalResources, ExcludeRules.
package threatdetection
