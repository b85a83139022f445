package rules

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// rdsProps are the properties of an RDS instance that every database
// rule passes, changed by the given pairs (nil removes a property).
func rdsProps(kv ...any) map[string]any {
	m := map[string]any{
		"storageEncrypted": true, "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k",
		"iamDatabaseAuthenticationEnabled": true, "publiclyAccessible": false, "dbSubnetGroupName": "metadata",
		"manageMasterUserPassword": true, "deletionProtection": true, "skipFinalSnapshot": false,
		"finalSnapshotIdentifier": "metadata-final", "multiAz": true, "backupRetentionPeriod": 7,
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(m, kv[i].(string))
			continue
		}
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// databaseViolations evaluates every rule over one RDS instance in env
// and returns the IDs of the rules it breaks, with their messages.
func databaseViolations(env string, props map[string]any) map[string]string {
	db := res(rdsInstanceType, "metadata", props)
	db.Protect = true
	out := map[string]string{}
	for _, v := range Evaluate(&Stack{Environment: env, Resources: []*Resource{db}}, All()) {
		out[v.RuleID] += v.Message + "; "
	}
	return out
}

func TestDatabaseRulesPassASecureInstance(t *testing.T) {
	for _, env := range []string{"dev", ProdEnvironment} {
		if vs := databaseViolations(env, rdsProps()); len(vs) != 0 {
			t.Errorf("%s: %v", env, vs)
		}
	}
}

func TestDatabaseRulesFlagEachLoosening(t *testing.T) {
	tests := []struct {
		rule     string
		props    map[string]any
		want     string
		prodOnly bool
	}{
		{"rds-storage-encrypted-cmk", rdsProps("storageEncrypted", false), "storage encryption is off", false},
		{"rds-storage-encrypted-cmk", rdsProps("storageEncrypted", nil), "storage encryption is off", false},
		{"rds-storage-encrypted-cmk", rdsProps("kmsKeyId", nil), "AWS managed key aws/rds", false},
		{"rds-storage-encrypted-cmk", rdsProps("kmsKeyId", "arn:aws:kms:us-east-1:123456789012:alias/aws/rds"), "an AWS managed key", false},
		{"rds-iam-auth", rdsProps("iamDatabaseAuthenticationEnabled", nil), "IAM database authentication is off", false},
		{"rds-not-public", rdsProps("publiclyAccessible", true), "publicly accessible", false},
		{"rds-not-public", rdsProps("dbSubnetGroupName", nil), "default VPC", false},
		{"rds-managed-master-password", rdsProps("manageMasterUserPassword", nil, "password", "hunter22hunter22"), "is given a password", false},
		{"rds-managed-master-password", rdsProps("password", "hunter22hunter22"), "is given a password", false},
		{"rds-managed-master-password", rdsProps("manageMasterUserPassword", false), "does not manage the master user password", false},
		{"rds-deletion-protection", rdsProps("deletionProtection", false), "deletion protection is off", true},
		{"rds-final-snapshot", rdsProps("skipFinalSnapshot", true), "without a final snapshot", true},
		{"rds-multi-az", rdsProps("multiAz", nil), "one availability zone", true},
		{"rds-backup-retention", rdsProps("backupRetentionPeriod", 3), "kept 3 day(s); want at least 7", false},
		{"rds-backup-retention", rdsProps("backupRetentionPeriod", nil), "no backup retention is set", false},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			prod := databaseViolations(ProdEnvironment, tt.props)
			if !strings.Contains(prod[tt.rule], tt.want) {
				t.Errorf("prod: %v; want %s: %q", prod, tt.rule, tt.want)
			}
			dev := databaseViolations("dev", tt.props)
			if _, flagged := dev[tt.rule]; flagged == tt.prodOnly {
				t.Errorf("dev: %v; a prod-only rule (%v) flags only prod", dev, tt.prodOnly)
			}
			for id := range prod {
				if id != tt.rule {
					t.Errorf("%s also flagged: %s", tt.rule, prod[id])
				}
			}
		})
	}
}

func TestDatabaseRuleLevels(t *testing.T) {
	levels := map[string]Level{}
	prodOnly := map[string]bool{}
	for _, r := range databaseRules {
		levels[r.ID], prodOnly[r.ID] = r.Level, r.ProdOnly
	}
	for _, id := range []string{"rds-storage-encrypted-cmk", "rds-iam-auth", "rds-not-public", "rds-managed-master-password", "rds-deletion-protection"} {
		if levels[id] != Mandatory {
			t.Errorf("%s must be mandatory", id)
		}
	}
	if levels["rds-backup-retention"] != Advisory || prodOnly["rds-backup-retention"] {
		t.Error("rds-backup-retention is advisory outside prod")
	}
	for _, id := range []string{"rds-deletion-protection", "rds-final-snapshot", "rds-multi-az"} {
		if !prodOnly[id] {
			t.Errorf("%s applies to prod only", id)
		}
	}
}

// TestDatabaseRulesSayNothingOfUnknowns: values not known yet (a preview)
// are never violations; a password not known yet is still a password.
func TestDatabaseRulesSayNothingOfUnknowns(t *testing.T) {
	props := rdsProps()
	db := res(rdsInstanceType, "metadata", props)
	db.Protect = true
	for _, k := range []string{"storageEncrypted", "kmsKeyId", "iamDatabaseAuthenticationEnabled", "publiclyAccessible", "dbSubnetGroupName",
		"manageMasterUserPassword", "deletionProtection", "skipFinalSnapshot", "multiAz", "backupRetentionPeriod"} {
		db.Props[resource.PropertyKey(k)] = unknown
	}
	if vs := Evaluate(&Stack{Environment: ProdEnvironment, Resources: []*Resource{db}}, All()); len(vs) != 0 {
		t.Errorf("unknown values flagged: %s", Table(vs))
	}
	db.Props["password"] = unknown
	vs := Evaluate(&Stack{Environment: ProdEnvironment, Resources: []*Resource{db}}, All())
	if len(vs) != 1 || vs[0].RuleID != "rds-managed-master-password" {
		t.Errorf("a password from another resource's output: %s", Table(vs))
	}
}

// TestDatabaseRulesSpareReadReplicas: a read replica inherits its
// credentials, subnet group and backups from its source.
func TestDatabaseRulesSpareReadReplicas(t *testing.T) {
	vs := databaseViolations("dev", rdsProps("replicateSourceDb", "arn:aws:rds:us-east-1:123456789012:db:metadata",
		"manageMasterUserPassword", nil, "dbSubnetGroupName", nil, "backupRetentionPeriod", nil))
	if len(vs) != 0 {
		t.Errorf("read replica: %v", vs)
	}
}

func TestRDSInstancesAreStateful(t *testing.T) {
	if !contains(StatefulTypes, rdsInstanceType) {
		t.Error("RDS instances must be protected in prod (StatefulTypes)")
	}
}

// The database rules join the cases of
// TestEveryRuleHasAPassingAndAViolatingCase.
func init() {
	db := func(env string, kv ...any) *Stack {
		r := res(rdsInstanceType, "metadata", rdsProps(kv...))
		r.Protect = true
		return one(env, r)
	}
	for id, fail := range map[string]*Stack{
		"rds-storage-encrypted-cmk":   db("dev", "kmsKeyId", nil),
		"rds-iam-auth":                db("dev", "iamDatabaseAuthenticationEnabled", false),
		"rds-not-public":              db("dev", "publiclyAccessible", true),
		"rds-managed-master-password": db("dev", "password", "hunter22hunter22"),
		"rds-deletion-protection":     db(ProdEnvironment, "deletionProtection", false),
		"rds-final-snapshot":          db(ProdEnvironment, "skipFinalSnapshot", true),
		"rds-multi-az":                db(ProdEnvironment, "multiAz", false),
		"rds-backup-retention":        db("dev", "backupRetentionPeriod", 1),
	} {
		cases[id] = struct{ pass, fail *Stack }{db(fail.Environment), fail}
	}
}
