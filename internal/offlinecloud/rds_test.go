package offlinecloud

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// rdsInstance is a DB instance's inputs that every RDS rule accepts,
// changed by the given pairs.
func rdsInstance(kv ...any) map[string]any {
	m := map[string]any{
		"identifier": "metadata-1a2b3c4", "engine": "postgres", "instanceClass": "db.t4g.medium",
		"allocatedStorage": 20, "maxAllocatedStorage": 100, "backupRetentionPeriod": 7,
		"monitoringInterval": 60, "monitoringRoleArn": "arn:aws:iam::123456789012:role/rds-monitoring",
		"skipFinalSnapshot": false, "finalSnapshotIdentifier": "metadata-1a2b3c4-final",
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

// The RDS rules, names and prerequisites join the tables of
// TestRulesRefuseAndAccept, TestUniqueNamesAreClaimedAndReleased and
// TestPrerequisitesRefuseAndAccept (and so the tests that keep those
// tables complete).
func init() {
	ruleCases = append(ruleCases,
		ruleCase{"RDS-INSTANCE-IDENTIFIER", typeRDSInstance, rdsInstance("identifier", "1metadata"), rdsInstance("identifier", "Metadata-1"), "The parameter DBInstanceIdentifier is not a valid identifier. Identifiers must begin with a letter"},
		ruleCase{"RDS-INSTANCE-IDENTIFIER", typeRDSInstance, rdsInstance("identifier", "meta--data"), rdsInstance("identifier", "meta-data"), "must not end with a hyphen or contain two consecutive hyphens"},
		ruleCase{"RDS-INSTANCE-IDENTIFIER", typeRDSInstance, rdsInstance("identifier", "metadata-"), rdsInstance("identifier", "m"), "not a valid identifier"},
		ruleCase{"RDS-INSTANCE-IDENTIFIER", typeRDSInstance, rdsInstance("identifier", "meta_data"), rdsInstance("identifier", "meta0data"), "must contain only ASCII letters, digits, and hyphens"},
		ruleCase{"RDS-INSTANCE-IDENTIFIER", typeRDSInstance, rdsInstance("identifier", "m"+strings.Repeat("a", 63)), rdsInstance("identifier", "m"+strings.Repeat("a", 62)), "is not a valid identifier because it is longer than 63 characters"},
		ruleCase{"RDS-BACKUP-RETENTION", typeRDSInstance, rdsInstance("backupRetentionPeriod", 36), rdsInstance("backupRetentionPeriod", 35), "expected backup_retention_period to be in the range (0 - 35), got 36"},
		ruleCase{"RDS-BACKUP-RETENTION", typeRDSInstance, rdsInstance("backupRetentionPeriod", -1), rdsInstance("backupRetentionPeriod", 0), "got -1"},
		ruleCase{"RDS-MONITORING-INTERVAL", typeRDSInstance, rdsInstance("monitoringInterval", 20), rdsInstance("monitoringInterval", 15), "expected monitoring_interval to be one of [0 1 5 10 15 30 60], got 20"},
		ruleCase{"RDS-FINAL-SNAPSHOT", typeRDSInstance, rdsInstance("finalSnapshotIdentifier", nil), rdsInstance("finalSnapshotIdentifier", nil, "skipFinalSnapshot", true), finalSnapshotRequired},
		ruleCase{"RDS-FINAL-SNAPSHOT", typeRDSInstance, rdsInstance("finalSnapshotIdentifier", nil, "skipFinalSnapshot", nil), rdsInstance("skipFinalSnapshot", nil), finalSnapshotRequired},
		ruleCase{"RDS-FINAL-SNAPSHOT", typeRDSInstance, rdsInstance("finalSnapshotIdentifier", "final--snapshot"), rdsInstance("finalSnapshotIdentifier", "final-snapshot"), "The parameter FinalDBSnapshotIdentifier is not a valid identifier"},
		ruleCase{"RDS-MAX-STORAGE", typeRDSInstance, rdsInstance("maxAllocatedStorage", 21), rdsInstance("maxAllocatedStorage", 22), "InvalidParameterCombination: Invalid max storage size for postgres"},
		ruleCase{"RDS-MAX-STORAGE", typeRDSInstance, rdsInstance("allocatedStorage", 100, "maxAllocatedStorage", 109), rdsInstance("allocatedStorage", 100, "maxAllocatedStorage", 110), "Invalid max storage size"},
		ruleCase{"RDS-MAX-STORAGE", typeRDSInstance, rdsInstance("allocatedStorage", 100, "maxAllocatedStorage", 100), rdsInstance("allocatedStorage", 100, "maxAllocatedStorage", 0), "Invalid max storage size"},
	)
	uniqueCases = append(uniqueCases,
		uniqueCase{"RDS-INSTANCE-TAKEN", typeRDSInstance, AWS, AWSEnv("us-east-1"),
			rdsInstance("identifier", "metadata", "monitoringInterval", 0, "monitoringRoleArn", nil), "DBInstanceAlreadyExists: DB instance already exists"},
		uniqueCase{"RDS-SUBNET-GROUP-TAKEN", typeRDSSubnetGroup, AWS, AWSEnv("us-east-1"),
			map[string]any{"name": "metadata"}, "DBSubnetGroupAlreadyExists: The DB subnet group 'metadata' already exists."},
		uniqueCase{"RDS-PARAMETER-GROUP-TAKEN", typeRDSParameterGroup, AWS, AWSEnv("us-east-1"),
			map[string]any{"name": "metadata", "family": "postgres17"}, "DBParameterGroupAlreadyExists: A DB parameter group with the same name exists."},
	)
	prereqCases = append(prereqCases,
		prereqCase{
			rule: "RDS-SUBNET-GROUP-AZS", typ: typeRDSSubnetGroup,
			in: map[string]any{"name": "metadata", "subnetIds": []any{"subnet-0a", "subnet-0b"}},
			setup: func(t *testing.T, a *Account) {
				putSubnet(t, a, "us-east-1", "subnet-0a", "us-east-1a", "vpc-1")
				putSubnet(t, a, "us-east-1", "subnet-0b", "us-east-1b", "vpc-1")
			},
			want: rdsInvalidSubnet,
		},
		prereqCase{
			rule: "RDS-DB-SUBNET-GROUP", typ: typeRDSInstance,
			in: rdsInstance("dbSubnetGroupName", "metadata", "monitoringInterval", 0, "monitoringRoleArn", nil),
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-east-1", typeRDSSubnetGroup, "metadata", map[string]any{"name": "metadata"})
			},
			want: "DBSubnetGroupNotFoundFault: DBSubnetGroup 'metadata' not found.",
		},
		prereqCase{
			rule: "RDS-MONITORING-ROLE", typ: typeRDSInstance,
			in: rdsInstance(),
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-east-1", typeIAMRole, "rds-monitoring", map[string]any{"name": "rds-monitoring", "assumeRolePolicy": monitoringTrust("monitoring.rds.amazonaws.com")})
			},
			want: rdsMonitoringRoleMessage,
		},
	)
}

// monitoringTrust is a trust policy that lets service assume a role.
func monitoringTrust(service string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service + `"},"Action":"sts:AssumeRole"}]}`
}

// putSubnet stores a subnet in the account, as a stack that created it
// would have.
func putSubnet(t *testing.T, a *Account, region, id, zone, vpc string) {
	t.Helper()
	err := a.Put(Record{Type: typeEC2Subnet, Region: region, ID: id, URN: string(urnOf("dev", typeEC2Subnet, id)),
		Outputs: inputs(map[string]any{"id": id, "availabilityZone": zone, "vpcId": vpc})})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRDSShapes: an instance's ID is its resource ID, its ARN names its
// identifier, its address is IDENTIFIER.RANDOM.REGION.rds.amazonaws.com,
// its port the engine's, and the secret RDS manages for the master user
// is encrypted with the key the program gives; the groups are known by
// their names; replicated backups by their ARN in the destination region.
func TestRDSShapes(t *testing.T) {
	env := AWSEnv("eu-west-1")
	in := rdsInstance("manageMasterUserPassword", true, "masterUserSecretKmsKeyId", "arn:aws:kms:eu-west-1:123456789012:key/k")
	id, out, err := AWS.Create(env, typeRDSInstance, urn(typeRDSInstance, "metadata"), inputs(in), false)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^db-[A-Z0-9]{26}$`).MatchString(id) || out["resourceId"].StringValue() != id {
		t.Errorf("id %q, resourceId %v; want db- and 26 upper-case letters and digits", id, out["resourceId"])
	}
	if got := out["arn"].StringValue(); got != "arn:aws:rds:eu-west-1:123456789012:db:metadata-1a2b3c4" {
		t.Errorf("arn %q", got)
	}
	addr := out["address"].StringValue()
	if !regexp.MustCompile(`^metadata-1a2b3c4\.[a-z0-9]{12}\.eu-west-1\.rds\.amazonaws\.com$`).MatchString(addr) ||
		out["port"].NumberValue() != 5432 || out["endpoint"].StringValue() != addr+":5432" {
		t.Errorf("address %q, port %v, endpoint %v", addr, out["port"], out["endpoint"])
	}
	secrets := out["masterUserSecrets"].ArrayValue()
	if len(secrets) != 1 {
		t.Fatalf("masterUserSecrets %v; want one", secrets)
	}
	secret := secrets[0].ObjectValue()
	if !regexp.MustCompile(`^arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-[0-9a-f-]{36}-[a-z0-9]{6}$`).MatchString(secret["secretArn"].StringValue()) ||
		secret["kmsKeyId"].StringValue() != "arn:aws:kms:eu-west-1:123456789012:key/k" || secret["secretStatus"].StringValue() != "active" {
		t.Errorf("master user secret %v", secret)
	}

	// Without a managed password there is no secret; a port given is kept.
	_, out, err = AWS.Create(env, typeRDSInstance, urn(typeRDSInstance, "other"), inputs(rdsInstance("port", 6543)), false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out["masterUserSecrets"].ArrayValue()); n != 0 || out["port"].NumberValue() != 6543 || !strings.HasSuffix(out["endpoint"].StringValue(), ":6543") {
		t.Errorf("secrets %d, port %v, endpoint %v", n, out["port"], out["endpoint"])
	}

	for typ, arn := range map[string]string{
		typeRDSSubnetGroup:    "arn:aws:rds:eu-west-1:123456789012:subgrp:metadata",
		typeRDSParameterGroup: "arn:aws:rds:eu-west-1:123456789012:pg:metadata",
	} {
		id, out, err := AWS.Create(env, typ, urn(typ, "x"), inputs(map[string]any{"name": "metadata", "family": "postgres17"}), false)
		if err != nil || id != "metadata" || out["arn"].StringValue() != arn {
			t.Errorf("%s: id %q, arn %v, %v", typ, id, out["arn"], err)
		}
	}

	id, out, err = AWS.Create(AWSEnv("us-west-2"), typeRDSBackupsReplica, urn(typeRDSBackupsReplica, "metadata"),
		inputs(map[string]any{"sourceDbInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:metadata", "retentionPeriod": 7}), false)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^arn:aws:rds:us-west-2:123456789012:auto-backup:ab-[a-z0-9]{38}$`).MatchString(id) || out.HasValue("arn") {
		t.Errorf("replicated backups: id %q, outputs %v", id, out)
	}
}

// TestRDSAutonamesLowerCase: the identifier and the groups' names are
// generated from the logical name, in lower case, as RDS stores them.
func TestRDSAutonamesLowerCase(t *testing.T) {
	for typ, prop := range map[string]string{typeRDSInstance: "identifier", typeRDSSubnetGroup: "name", typeRDSParameterGroup: "name"} {
		got := AWS.Check(typ, urn(typ, "MetaData"), nil, resource.PropertyMap{}, []byte("seed"))[resource.PropertyKey(prop)]
		if !got.IsString() || !regexp.MustCompile(`^metadata-[0-9a-f]{7}$`).MatchString(got.StringValue()) {
			t.Errorf("%s: generated %s %v", typ, prop, got)
		}
	}
	// A generated identifier passes the identifier rule.
	in := AWS.Check(typeRDSInstance, urn(typeRDSInstance, "metadata"), nil, inputs(rdsInstance("identifier", nil)), []byte("seed"))
	if refusals := AWS.Refusals(typeRDSInstance, in); len(refusals) != 0 {
		t.Errorf("a generated identifier was refused: %v", refusals)
	}
}

// TestRDSSubnetGroupNeedsTwoZonesOfOneVPC: subnets in one zone, in two
// VPCs, or in another region are refused as CreateDBSubnetGroup refuses
// them.
func TestRDSSubnetGroupNeedsTwoZonesOfOneVPC(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	putSubnet(t, a, "us-east-1", "subnet-a1", "us-east-1a", "vpc-1")
	putSubnet(t, a, "us-east-1", "subnet-a2", "us-east-1a", "vpc-1")
	putSubnet(t, a, "us-east-1", "subnet-b", "us-east-1b", "vpc-1")
	putSubnet(t, a, "us-east-1", "subnet-other", "us-east-1c", "vpc-2")
	putSubnet(t, a, "us-west-2", "subnet-west", "us-west-2a", "vpc-3")
	for _, tt := range []struct {
		subnets []any
		want    string
	}{
		{[]any{"subnet-a1", "subnet-a2"}, "DBSubnetGroupDoesNotCoverEnoughAZs: The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: us-east-1a. Add subnets to cover at least 2 AZs."},
		{[]any{"subnet-a1", "subnet-other"}, rdsInvalidSubnet},
		{[]any{"subnet-a1", "subnet-west"}, rdsInvalidSubnet},
		{[]any{"subnet-a1", "subnet-a2", "subnet-b"}, ""},
	} {
		name := strings.Join(strs(tt.subnets), "+")
		_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeRDSSubnetGroup, urnOf("dev", typeRDSSubnetGroup, name), inputs(map[string]any{"name": name, "subnetIds": tt.subnets}), false)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "RDS-SUBNET-GROUP-AZS")):
			t.Errorf("%s: %v; want %q", name, err, tt.want)
		}
	}
}

// TestRDSMonitoringRoleMustTrustRDS: a role that another service assumes
// is refused, as RDS refuses it.
func TestRDSMonitoringRoleMustTrustRDS(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	create(t, a, "us-east-1", typeIAMRole, "rds-monitoring", map[string]any{"name": "rds-monitoring", "assumeRolePolicy": monitoringTrust("lambda.amazonaws.com")})
	_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeRDSInstance, urnOf("dev", typeRDSInstance, "db"), inputs(rdsInstance()), false)
	if err == nil || !strings.Contains(err.Error(), rdsMonitoringRoleMessage) {
		t.Errorf("err = %v; want %q", err, rdsMonitoringRoleMessage)
	}
	// With enhanced monitoring a role is required.
	_, _, err = AWS.CreateIn(a, AWSEnv("us-east-1"), typeRDSInstance, urnOf("dev", typeRDSInstance, "db"), inputs(rdsInstance("monitoringRoleArn", nil)), false)
	if err == nil || !strings.Contains(err.Error(), rdsMonitoringRoleMissing) || !strings.Contains(err.Error(), "RDS-MONITORING-ROLE") {
		t.Errorf("err = %v; want %q", err, rdsMonitoringRoleMissing)
	}
	// Without enhanced monitoring no role is needed.
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeRDSInstance, urnOf("dev", typeRDSInstance, "db"),
		inputs(rdsInstance("monitoringInterval", 0, "monitoringRoleArn", nil)), false); err != nil {
		t.Error(err)
	}
}

// TestRDSRulesSkipUnknownValues: values not known yet are not refused; a
// monitoring role not known yet (absent from a preview's inputs) is no
// refusal either, since the role is checked at Create.
func TestRDSRulesSkipUnknownValues(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewProperty(""))
	if got := AWS.Refusals(typeRDSInstance, inputs(rdsInstance("monitoringRoleArn", nil))); len(got) > 0 {
		t.Errorf("refused a monitoring role not known yet: %v", got)
	}
	in := inputs(rdsInstance())
	for _, k := range []resource.PropertyKey{"identifier", "backupRetentionPeriod", "monitoringInterval", "finalSnapshotIdentifier", "maxAllocatedStorage"} {
		in[k] = unknown
	}
	if got := AWS.Refusals(typeRDSInstance, in); len(got) > 0 {
		t.Errorf("refused what is not known: %v", got)
	}
	in = inputs(rdsInstance("finalSnapshotIdentifier", nil))
	in["skipFinalSnapshot"] = unknown
	if got := AWS.Refusals(typeRDSInstance, in); len(got) > 0 {
		t.Errorf("refused a final snapshot not known yet: %v", got)
	}
}
