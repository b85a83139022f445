package rules

import (
	"fmt"
	"strings"
)

// rdsInstanceType is an RDS DB instance (the metadata store's).
const rdsInstanceType = "aws:rds/instance:Instance"

// MinBackupRetentionDays is the automated backup retention below which
// rds-backup-retention flags an instance.
const MinBackupRetentionDays = 7

// replicaOfAnother reports whether an instance is a read replica, which
// inherits its credentials, encryption and backups from its source.
func replicaOfAnother(r *Resource) bool {
	src, known := r.Str("replicateSourceDb")
	return !known || src != ""
}

// databaseRules check the metadata store's RDS instances.
var databaseRules = []Rule{
	{
		ID:          "rds-storage-encrypted-cmk",
		Description: "RDS DB instances encrypt their storage with a customer-managed KMS key.",
		Anchors:     []string{"CKV_AWS_16", "AwsSolutions-RDS2", "tfsec:aws-rds-encrypt-instance-storage-data"},
		Level:       Mandatory,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			if on, known := r.Bool("storageEncrypted"); known && !on {
				return []string{"storage encryption is off"}
			}
			key, known := r.Str("kmsKeyId")
			switch {
			case !known:
				return nil
			case key == "":
				return []string{"the storage is encrypted with the AWS managed key aws/rds, not a customer-managed key"}
			case strings.Contains(key, "alias/aws/"):
				return []string{"the storage is encrypted with an AWS managed key (" + key + ")"}
			}
			return nil
		},
	},
	{
		ID:          "rds-iam-auth",
		Description: "RDS DB instances accept IAM database authentication.",
		Anchors:     []string{"CKV_AWS_161"},
		Level:       Mandatory,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			return requireTrue(r, "iamDatabaseAuthenticationEnabled", "IAM database authentication is off")
		},
	},
	{
		ID:          "rds-not-public",
		Description: "RDS DB instances are not publicly accessible and sit in a DB subnet group of their own, never the default VPC.",
		Anchors:     []string{"CKV_AWS_17"},
		Level:       Mandatory,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			out := requireNotTrue(r, "publiclyAccessible", "the instance is publicly accessible")
			if !replicaOfAnother(r) {
				out = append(out, requireSet(r, "dbSubnetGroupName", "the instance has no DB subnet group: it would go to the default VPC")...)
			}
			return out
		},
	},
	{
		ID:          "rds-managed-master-password",
		Description: "RDS DB instances let RDS manage and rotate the master user password in Secrets Manager, and are never given a plaintext password.",
		Anchors:     []string{"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html"},
		Level:       Mandatory,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			var out []string
			if v, ok := r.Props["password"]; ok && !v.IsNull() {
				out = append(out, "the instance is given a password, which Pulumi keeps in its state and no one rotates")
			}
			if !replicaOfAnother(r) {
				out = append(out, requireTrue(r, "manageMasterUserPassword", "RDS does not manage the master user password (manageMasterUserPassword)")...)
			}
			return out
		},
	},
	{
		ID:          "rds-deletion-protection",
		Description: "In prod, RDS DB instances have deletion protection on.",
		Anchors:     []string{"CKV_AWS_293", "AwsSolutions-RDS10"},
		Level:       Mandatory,
		ProdOnly:    true,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			return requireTrue(r, "deletionProtection", "deletion protection is off")
		},
	},
	{
		ID:          "rds-final-snapshot",
		Description: "In prod, RDS DB instances take a final snapshot when they are deleted.",
		Anchors:     []string{"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html"},
		Level:       Mandatory,
		ProdOnly:    true,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			return requireNotTrue(r, "skipFinalSnapshot", "the instance is deleted without a final snapshot (skipFinalSnapshot)")
		},
	},
	{
		ID:          "rds-multi-az",
		Description: "In prod, RDS DB instances run Multi-AZ, with a standby in a second availability zone.",
		Anchors:     []string{"CKV_AWS_157", "AwsSolutions-RDS3"},
		Level:       Mandatory,
		ProdOnly:    true,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			return requireTrue(r, "multiAz", "the instance runs in one availability zone")
		},
	},
	{
		ID:          "rds-backup-retention",
		Description: fmt.Sprintf("RDS DB instances keep automated backups (point-in-time recovery) for at least %d days.", MinBackupRetentionDays),
		Anchors:     []string{"CKV_AWS_133"},
		Level:       Advisory,
		Types:       []string{rdsInstanceType},
		CheckResource: func(r *Resource) []string {
			if replicaOfAnother(r) {
				return nil
			}
			days, known := r.Num("backupRetentionPeriod")
			if !known {
				return nil
			}
			if v, _ := r.Get("backupRetentionPeriod"); v.IsNull() {
				return []string{fmt.Sprintf("no backup retention is set: RDS keeps automated backups 1 day; want at least %d", MinBackupRetentionDays)}
			}
			if days < MinBackupRetentionDays {
				return []string{fmt.Sprintf("automated backups are kept %v day(s); want at least %d", days, MinBackupRetentionDays)}
			}
			return nil
		},
	},
}
