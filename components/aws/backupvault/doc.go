// Package backupvault provides Vault, an AWS Backup vault whose recovery
// points cannot be deleted early: encrypted with a customer-managed key,
// under a vault lock, filled by a backup plan whose schedule follows from a
// recovery point objective, and copied to a locked vault in a
// disaster-recovery region. Resources join the plan by carrying a tag.
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
// only AWS's managed backup and restore policies.
package backupvault
