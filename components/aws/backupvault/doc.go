// Package backupvault provides Vault, an AWS Backup vault whose recovery
// points cannot be deleted early: encrypted with a customer-managed key,
// under a vault lock, filled by a backup plan whose schedule follows from a
// recovery point objective, and copied to a locked vault in a
// disaster-recovery region. Resources join the plan by carrying a tag, or
// by name (Args.Resources: the stacks name their model-artifact and audit
// log buckets, which nothing tags).
//
// The vault lock is in compliance mode by default: once ChangeableForDays
// have passed, no one (not even the account root or AWS) can remove the
// lock, shorten retention, or delete the vault while it holds recovery
// points. GovernanceMode loosens that for environments that must be torn
// down.
//
// The plan backs up at the longest interval that divides a day evenly
// (1, 2, 3, 4, 6, 8, 12 or 24 hours) and still meets the recovery point
// objective, through a role that AWS Backup alone may assume and that holds
// only AWS's managed backup and restore policies, the general ones and the
// S3 ones that backing up and restoring buckets takes.
//
// Nobody hears of a backup that fails unless someone is told: each vault
// notifies an SNS topic of its own region (a vault notifies no other
// region's topic), encrypted with a key of its own, that AWS Backup of
// this account alone may publish to, of failed backup, copy and S3 object
// jobs and of every restore (VaultEvents). A backup that is never
// restored may not restore: a restore testing plan restores, every
// quarter by default, the newest S3 recovery point of the copy vault in
// the disaster-recovery region (of the vault, without a copy), the
// restore drill a disaster would need, through a role that holds the
// restore policies only. NoRestoreTesting loosens that.
package backupvault
