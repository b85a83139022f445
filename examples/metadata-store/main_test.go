package main

import (
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	db := rec.Find("aws:rds/instance:Instance", "metadata")
	if db == nil || !db.Bool("storageEncrypted") || !db.Bool("iamDatabaseAuthenticationEnabled") || db.Bool("publiclyAccessible") ||
		!db.Bool("manageMasterUserPassword") || !db.Bool("multiAz") || !db.Bool("deletionProtection") {
		t.Fatalf("metadata store: %v", db)
	}
	database := rec.Find("aws:ec2/securityGroup:SecurityGroup", "metadata-database")
	if database == nil || db.Str("vpcSecurityGroupIds[0]") != database.ID {
		t.Errorf("the store is not in the database tier's group: %v", db.Get("vpcSecurityGroupIds"))
	}
	repl := rec.Find("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "metadata")
	if repl == nil || repl.Region != "us-west-2" || repl.Str("sourceDbInstanceArn") != db.Out("arn") {
		t.Errorf("backup replication: %v", repl)
	}
	policy := rec.Find("aws:iam/rolePolicy:RolePolicy", "trainer-connects")
	if policy == nil || !strings.Contains(policy.Str("policy"), `"rds-db:connect"`) || !strings.Contains(policy.Str("policy"), ":dbuser:"+db.ID+"/trainer") {
		t.Errorf("the trainer's policy: %v", policy)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("the policy pack flags the example:\n%s", rules.Table(vs))
	}
}
