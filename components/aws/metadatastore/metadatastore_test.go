package metadatastore

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	instanceT    = "aws:rds/instance:Instance"
	subnetGroupT = "aws:rds/subnetGroup:SubnetGroup"
	paramGroupT  = "aws:rds/parameterGroup:ParameterGroup"
	replicationT = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"
	roleT        = "aws:iam/role:Role"
	attachmentT  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	keyT         = "aws:kms/key:Key"
	replicaKeyT  = "aws:kms/replicaKey:ReplicaKey"
	logGroupT    = "aws:cloudwatch/logGroup:LogGroup"
	subnetT      = "aws:ec2/subnet:Subnet"
	sgT          = "aws:ec2/securityGroup:SecurityGroup"
)

// network creates, with the given options, a VPC with a private subnet in
// each of two zones of region and the database tier's security group.
func network(ctx *pulumi.Context, region string, opts ...pulumi.ResourceOption) ([]pulumi.StringInput, []pulumi.StringInput, error) {
	vpc, err := ec2.NewVpc(ctx, "net", &ec2.VpcArgs{CidrBlock: pulumi.String("10.30.0.0/16")}, opts...)
	if err != nil {
		return nil, nil, err
	}
	var subnets []pulumi.StringInput
	for i, zone := range []string{"a", "b"} {
		sn, err := ec2.NewSubnet(ctx, "db-"+zone, &ec2.SubnetArgs{
			VpcId: vpc.ID(), CidrBlock: pulumi.Sprintf("10.30.%d.0/24", i), AvailabilityZone: pulumi.String(region + zone),
		}, opts...)
		if err != nil {
			return nil, nil, err
		}
		subnets = append(subnets, sn.ID().ToStringOutput())
	}
	sg, err := ec2.NewSecurityGroup(ctx, "database", &ec2.SecurityGroupArgs{VpcId: vpc.ID(), Description: pulumi.String("database tier")}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return subnets, []pulumi.StringInput{sg.ID().ToStringOutput()}, nil
}

// run runs a program that builds the network and a store named
// "metadata" from args (SubnetIds and SecurityGroupIds filled in when
// empty); configure, when set, changes args inside the program (to give a
// provider, say).
func run(t *testing.T, args Args, configure func(ctx *pulumi.Context, a *Args) error, opts ...pulumi.ResourceOption) (*mocktest.Recording, *Store, error) {
	t.Helper()
	var store *Store
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		subnets, groups, err := network(ctx, "us-east-1")
		if err != nil {
			return err
		}
		a := args
		if a.SubnetIds == nil {
			a.SubnetIds = subnets
		}
		if a.SecurityGroupIds == nil {
			a.SecurityGroupIds = groups
		}
		if configure != nil {
			if err := configure(ctx, &a); err != nil {
				return err
			}
		}
		store, err = NewStore(ctx, "metadata", &a, opts...)
		return err
	})
	return rec, store, err
}

// withDR adds a provider in us-west-2 as the ReplicaProvider.
func withDR(ctx *pulumi.Context, a *Args) error {
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
	a.ReplicaProvider = dr
	return err
}

func TestDefaults(t *testing.T) {
	rec, store, err := run(t, Args{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "metadata")
	db := rec.Find(instanceT, "metadata")
	if comp == nil || db == nil || db.Parent != comp.URN {
		t.Fatalf("want a %s with a child DB instance:\n%v", Type, rec.Types())
	}
	key := rec.Find(keyT, "metadata")
	if key == nil || rec.Find(kmskey.Type, "metadata") == nil {
		t.Fatal("want a dedicated kmskey.Key")
	}
	keyArn := key.Out("arn")
	kp, err := key.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	via := kp.Find("AccountUsesKeyThroughServices")
	if via == nil || !slices.Equal(via.Values("StringEquals", "kms:ViaService"), []string{"rds.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"}) {
		t.Errorf("the store's key must be usable through RDS and Secrets Manager: %+v", via)
	}
	if kp.Find("CloudWatchLogsUsesKeyForThisAccount") == nil {
		t.Error("the store's key must let CloudWatch Logs encrypt the exported logs")
	}
	if rec.Find(replicaKeyT, "metadata") != nil || rec.Find(replicationT, "metadata") != nil {
		t.Error("no replica without a ReplicaProvider")
	}

	for path, want := range map[string]any{
		"engine": "postgres", "engineVersion": DefaultEngineVersion, "instanceClass": "db.t4g.medium",
		"storageType": "gp3", "allocatedStorage": 20.0, "maxAllocatedStorage": 100.0,
		"storageEncrypted": true, "kmsKeyId": keyArn,
		"dbName": "modelfort", "username": "modelfort_admin",
		"manageMasterUserPassword": true, "masterUserSecretKmsKeyId": keyArn,
		"iamDatabaseAuthenticationEnabled": true, "publiclyAccessible": false, "port": 5432.0,
		"multiAz": true, "deletionProtection": true, "skipFinalSnapshot": false,
		"backupRetentionPeriod": 7.0, "copyTagsToSnapshot": true, "deleteAutomatedBackups": false,
		"autoMinorVersionUpgrade": true, "allowMajorVersionUpgrade": false,
		"performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": keyArn, "performanceInsightsRetentionPeriod": 7.0,
		"monitoringInterval": 60.0,
	} {
		got := db.Get(path)
		switch w := want.(type) {
		case string:
			if db.Str(path) != w {
				t.Errorf("%s = %v; want %q", path, got, w)
			}
		case bool:
			if !db.Has(path) || db.Bool(path) != w {
				t.Errorf("%s = %v; want %v", path, got, w)
			}
		case float64:
			if db.Num(path) != w {
				t.Errorf("%s = %v; want %v", path, got, w)
			}
		}
	}
	if db.Has("password") {
		t.Error("the instance must never be given a password")
	}
	id := db.Str("identifier")
	if !strings.HasPrefix(id, "metadata-") || len(id) != len("metadata-")+7 || db.Str("finalSnapshotIdentifier") != id+"-final" {
		t.Errorf("identifier %q, final snapshot %q", id, db.Str("finalSnapshotIdentifier"))
	}
	if got := db.Get("enabledCloudwatchLogsExports").ArrayValue(); len(got) != 2 || got[0].StringValue() != "postgresql" || got[1].StringValue() != "upgrade" {
		t.Errorf("log exports %v", got)
	}

	// No default VPC: the subnet group holds the given subnets; the
	// security group is the database tier's.
	sg := rec.Find(subnetGroupT, "metadata")
	subnets := rec.OfType(subnetT)
	var subnetIDs []string
	for _, sn := range subnets {
		subnetIDs = append(subnetIDs, sn.ID)
	}
	if sg == nil || db.Str("dbSubnetGroupName") != sg.ID || len(sg.Strs("subnetIds")) != 2 ||
		!slices.Contains(subnetIDs, sg.Str("subnetIds[0]")) || !slices.Contains(subnetIDs, sg.Str("subnetIds[1]")) {
		t.Errorf("subnet group %v, instance's %q", sg.Inputs, db.Str("dbSubnetGroupName"))
	}
	if db.Str("vpcSecurityGroupIds[0]") != rec.OfType(sgT)[0].ID || len(db.Get("vpcSecurityGroupIds").ArrayValue()) != 1 {
		t.Errorf("security groups %v", db.Get("vpcSecurityGroupIds"))
	}

	pg := rec.Find(paramGroupT, "metadata")
	if pg == nil || db.Str("parameterGroupName") != pg.ID || pg.Str("family") != "postgres17" {
		t.Fatalf("parameter group %v", pg)
	}
	params := map[string]string{}
	for i := range pg.Get("parameters").ArrayValue() {
		p := pg.Get("parameters").ArrayValue()[i].ObjectValue()
		params[p["name"].StringValue()] = p["value"].StringValue()
	}
	for k, v := range map[string]string{"rds.force_ssl": "1", "log_connections": "1", "log_disconnections": "1"} {
		if params[k] != v {
			t.Errorf("parameter %s = %q; want %q", k, params[k], v)
		}
	}

	// Enhanced monitoring with a role of its own: trusted by RDS
	// monitoring of this account only, the managed policy alone.
	role := rec.Find(roleT, "metadata-monitoring")
	if role == nil || db.Str("monitoringRoleArn") != role.Out("arn") {
		t.Fatalf("monitoring role %v; instance's %q", role, db.Str("monitoringRoleArn"))
	}
	trust, err := role.Policy("assumeRolePolicy")
	if err != nil {
		t.Fatal(err)
	}
	if len(trust.Statement) != 1 || !slices.Equal(trust.Statement[0].Principal["Service"], []string{MonitoringService}) ||
		!slices.Equal(trust.Statement[0].Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("monitoring trust %+v", trust.Statement)
	}
	att := rec.OfType(attachmentT)
	if len(att) != 1 || att[0].Str("role") != role.ID || att[0].Str("policyArn") != "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" {
		t.Errorf("monitoring role's policies %v", att)
	}
	if !slices.Contains(db.Dependencies, att[0].URN) {
		t.Error("the instance must wait for the monitoring role's policy")
	}

	// The exported logs go to log groups made beforehand, encrypted and
	// expiring.
	for _, export := range LogExports {
		lg := rec.Find(logGroupT, "metadata-"+export)
		if lg == nil || lg.Str("name") != "/aws/rds/instance/"+id+"/"+export || lg.Str("kmsKeyId") != keyArn || lg.Num("retentionInDays") != 365 ||
			!slices.Contains(db.Dependencies, lg.URN) {
			t.Errorf("log group of %s: %v", export, lg)
		}
	}

	if store.Region != "us-east-1" || store.ReplicaRegion != "" || store.RecoveryPoint != 0 || store.BackupRetentionDays != 7 || store.Replication != nil || store.Key == nil {
		t.Errorf("store %+v", store)
	}
}

// TestOutputs: the outputs are the instance's, the master user secret is
// the one RDS manages with the store's key.
func TestOutputs(t *testing.T) {
	var arn, id, resourceID, address, secret, replicated, keyArn string
	var port int
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		subnets, groups, err := network(ctx, "us-east-1")
		if err != nil {
			return err
		}
		s, err := NewStore(ctx, "metadata", &Args{SubnetIds: subnets, SecurityGroupIds: groups})
		if err != nil {
			return err
		}
		pulumi.All(s.Arn, s.Identifier, s.ResourceId, s.Address, s.Port, s.MasterUserSecretArn, s.ReplicatedBackupsArn, s.KMSKeyArn).ApplyT(func(v []any) error {
			arn, id, resourceID, address = v[0].(string), v[1].(string), v[2].(string), v[3].(string)
			port, secret, replicated, keyArn = v[4].(int), v[5].(string), v[6].(string), v[7].(string)
			return nil
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db := rec.Find(instanceT, "metadata")
	if arn != db.Out("arn") || id != db.Str("identifier") || resourceID != db.ID || !strings.HasPrefix(resourceID, "db-") ||
		address != db.Out("address") || port != Port || replicated != "" || keyArn != rec.Find(keyT, "metadata").Out("arn") {
		t.Errorf("outputs: %q %q %q %q %d %q %q", arn, id, resourceID, address, port, replicated, keyArn)
	}
	if !strings.HasPrefix(secret, "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-") {
		t.Errorf("master user secret %q", secret)
	}
}

// TestLooseningFields: each loosening field changes exactly its setting.
func TestLooseningFields(t *testing.T) {
	for _, tt := range []struct {
		name  string
		args  Args
		check func(t *testing.T, db *mocktest.Resource)
	}{
		{"SingleAZ", Args{SingleAZ: true}, func(t *testing.T, db *mocktest.Resource) {
			if db.Bool("multiAz") || !db.Bool("deletionProtection") || db.Bool("skipFinalSnapshot") {
				t.Errorf("multiAz %v", db.Get("multiAz"))
			}
		}},
		{"AllowDeletion", Args{AllowDeletion: true}, func(t *testing.T, db *mocktest.Resource) {
			if db.Bool("deletionProtection") || !db.Has("deletionProtection") || !db.Bool("multiAz") || db.Str("finalSnapshotIdentifier") == "" {
				t.Errorf("deletionProtection %v", db.Get("deletionProtection"))
			}
		}},
		{"SkipFinalSnapshot", Args{SkipFinalSnapshot: true}, func(t *testing.T, db *mocktest.Resource) {
			if !db.Bool("skipFinalSnapshot") || db.Has("finalSnapshotIdentifier") || !db.Bool("deletionProtection") {
				t.Errorf("skipFinalSnapshot %v, finalSnapshotIdentifier %v", db.Get("skipFinalSnapshot"), db.Get("finalSnapshotIdentifier"))
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, _, err := run(t, tt.args, nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, rec.Find(instanceT, "metadata"))
		})
	}
}

// TestOptions: the sizing and naming fields reach the instance.
func TestOptions(t *testing.T) {
	rec, store, err := run(t, Args{
		KMSKeyArn:                 pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
		Identifier:                "training-metadata",
		InstanceClass:             "db.r7g.large",
		EngineVersion:             "16.4",
		AllocatedStorageGiB:       100,
		MaxAllocatedStorageGiB:    500,
		DatabaseName:              "training",
		MasterUsername:            "owner",
		BackupRetentionDays:       14,
		MonitoringIntervalSeconds: 15,
		LogRetentionDays:          90,
		Tags:                      map[string]string{"data": "metadata"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := rec.Find(instanceT, "metadata")
	given := "arn:aws:kms:us-east-1:123456789012:key/given"
	if db.Str("identifier") != "training-metadata" || db.Str("finalSnapshotIdentifier") != "training-metadata-final" ||
		db.Str("instanceClass") != "db.r7g.large" || db.Str("engineVersion") != "16.4" || db.Num("allocatedStorage") != 100 ||
		db.Num("maxAllocatedStorage") != 500 || db.Str("dbName") != "training" || db.Str("username") != "owner" ||
		db.Num("backupRetentionPeriod") != 14 || db.Num("monitoringInterval") != 15 || db.Str("tags.data") != "metadata" {
		t.Errorf("instance %v", db.Inputs)
	}
	for _, p := range []string{"kmsKeyId", "masterUserSecretKmsKeyId", "performanceInsightsKmsKeyId"} {
		if db.Str(p) != given {
			t.Errorf("%s = %q; want the given key", p, db.Str(p))
		}
	}
	if len(rec.OfType(keyT)) != 0 || store.Key != nil {
		t.Error("a given key must not be created again")
	}
	if rec.Find(paramGroupT, "metadata").Str("family") != "postgres16" {
		t.Error("the parameter group's family follows the engine's major version")
	}
	if lg := rec.Find(logGroupT, "metadata-postgresql"); lg.Str("name") != "/aws/rds/instance/training-metadata/postgresql" || lg.Num("retentionInDays") != 90 || lg.Str("kmsKeyId") != given {
		t.Errorf("log group %v", lg.Inputs)
	}
}

// TestReplicationInTheDRRegion: with a ReplicaProvider, the automated
// backups of the instance are replicated by a resource of the DR
// provider, encrypted with the replica of the store's key, with the same
// retention; the recovery point enters the store.
func TestReplicationInTheDRRegion(t *testing.T) {
	rec, store, err := run(t, Args{BackupRetentionDays: 10}, withDR)
	if err != nil {
		t.Fatal(err)
	}
	db, repl := rec.Find(instanceT, "metadata"), rec.Find(replicationT, "metadata")
	replica := rec.Find(replicaKeyT, "metadata-replica")
	if repl == nil || replica == nil {
		t.Fatalf("replication %v, replica key %v", repl, replica)
	}
	if repl.Region != "us-west-2" || repl.Parent != rec.Find(Type, "metadata").URN {
		t.Errorf("the replication acts in %q under %s; want us-west-2, under the store", repl.Region, repl.Parent)
	}
	if repl.Str("sourceDbInstanceArn") != db.Out("arn") || repl.Str("kmsKeyId") != replica.Out("arn") || repl.Num("retentionPeriod") != 10 {
		t.Errorf("replication %v", repl.Inputs)
	}
	if !strings.HasPrefix(replica.Out("arn"), "arn:aws:kms:us-west-2:") {
		t.Errorf("replica key %q", replica.Out("arn"))
	}
	if store.ReplicaRegion != "us-west-2" || store.RecoveryPoint != ReplicatedBackupRecoveryPoint || ReplicatedBackupRecoveryPoint != 30*time.Minute {
		t.Errorf("store: replica region %q, recovery point %v", store.ReplicaRegion, store.RecoveryPoint)
	}
}

// TestReplicationWithGivenKeys: a given key and its given replica.
func TestReplicationWithGivenKeys(t *testing.T) {
	replicaKey := "arn:aws:kms:us-west-2:123456789012:key/mrk-1"
	rec, _, err := run(t, Args{
		KMSKeyArn:        pulumi.String("arn:aws:kms:us-east-1:123456789012:key/mrk-1"),
		ReplicaKMSKeyArn: pulumi.String(replicaKey),
	}, withDR)
	if err != nil {
		t.Fatal(err)
	}
	if repl := rec.Find(replicationT, "metadata"); repl == nil || repl.Str("kmsKeyId") != replicaKey || repl.Region != "us-west-2" {
		t.Errorf("replication %v", repl)
	}
	if len(rec.OfType(keyT)) != 0 || len(rec.OfType(replicaKeyT)) != 0 {
		t.Error("given keys must not be created again")
	}
}

// TestKeyChain follows the key through every use: the store's key
// encrypts the storage, the master user secret, Performance Insights and
// the log groups; its replica, the replicated backups of that instance.
func TestKeyChain(t *testing.T) {
	rec, _, err := run(t, Args{}, withDR)
	if err != nil {
		t.Fatal(err)
	}
	key := rec.Find(keyT, "metadata")
	if !key.Bool("multiRegion") {
		t.Fatal("with a replica the store's key is multi-Region")
	}
	byArn := func(typ, arn string) *mocktest.Resource {
		for _, r := range rec.OfType(typ) {
			if r.Out("arn") == arn {
				return r
			}
		}
		return nil
	}
	db := rec.Find(instanceT, "metadata")
	for _, p := range []string{"kmsKeyId", "masterUserSecretKmsKeyId", "performanceInsightsKmsKeyId"} {
		if byArn(keyT, db.Str(p)) != key {
			t.Errorf("%s does not lead to the store's key", p)
		}
	}
	secrets := db.Outputs["masterUserSecrets"].ArrayValue()
	if len(secrets) != 1 {
		t.Fatalf("master user secrets %v", secrets)
	}
	if secret := secrets[0].ObjectValue()["kmsKeyId"].StringValue(); byArn(keyT, secret) != key {
		t.Errorf("the managed secret is encrypted with %q", secret)
	}
	for _, lg := range rec.OfType(logGroupT) {
		if byArn(keyT, lg.Str("kmsKeyId")) != key {
			t.Errorf("log group %s is not encrypted with the store's key", lg.Name)
		}
	}
	repl := rec.Find(replicationT, "metadata")
	replica := byArn(replicaKeyT, repl.Str("kmsKeyId"))
	if replica == nil || replica.Str("primaryKeyArn") != key.Out("arn") || replica.Region != repl.Region {
		t.Errorf("the replicated backups' key %q is not the replica of the store's key in their region", repl.Str("kmsKeyId"))
	}
	if byArn(instanceT, repl.Str("sourceDbInstanceArn")) != db {
		t.Error("the replication does not replicate the store's instance")
	}
}

func TestConnectPolicy(t *testing.T) {
	var doc, resourceID string
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		subnets, groups, err := network(ctx, "us-east-1")
		if err != nil {
			return err
		}
		s, err := NewStore(ctx, "metadata", &Args{SubnetIds: subnets, SecurityGroupIds: groups})
		if err != nil {
			return err
		}
		pulumi.All(s.ConnectPolicy("trainer"), s.ResourceId).ApplyT(func(v []any) error {
			doc, resourceID = v[0].(string), v[1].(string)
			return nil
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, perr := mocktest.ParsePolicy(doc)
	if perr != nil {
		t.Fatalf("policy %q: %v", doc, perr)
	}
	want := "arn:aws:rds-db:us-east-1:123456789012:dbuser:" + resourceID + "/trainer"
	if len(p.Statement) != 1 || p.Statement[0].Effect != "Allow" || !slices.Equal(p.Statement[0].Action, []string{"rds-db:connect"}) ||
		!slices.Equal(p.Statement[0].Resource, []string{want}) || !strings.HasPrefix(resourceID, "db-") {
		t.Errorf("policy %+v; want rds-db:connect on %s", p.Statement, want)
	}
}

// TestConnectPolicyRefusesWildcardsAndTheMaster: a wildcard or the master
// user fails the output.
func TestConnectPolicyRefusesWildcardsAndTheMaster(t *testing.T) {
	for user, want := range map[string]string{
		"*":               "is not a PostgreSQL user name",
		"app-*":           "is not a PostgreSQL user name",
		"":                "is not a PostgreSQL user name",
		"modelfort_admin": "is the master user",
	} {
		_, err := mocktest.Run(func(ctx *pulumi.Context) error {
			subnets, groups, err := network(ctx, "us-east-1")
			if err != nil {
				return err
			}
			s, err := NewStore(ctx, "metadata", &Args{SubnetIds: subnets, SecurityGroupIds: groups})
			if err != nil {
				return err
			}
			ctx.Export("policy", s.ConnectPolicy(user))
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v; want %q", user, err, want)
		}
	}
}

// TestPassesThePolicyPack: the store passes every rule in dev; in prod,
// protected, too.
func TestPassesThePolicyPack(t *testing.T) {
	rec, _, err := run(t, Args{}, withDR)
	if err != nil {
		t.Fatal(err)
	}
	// The test's own network is not a modelfort VPC: only what the store
	// creates counts.
	ours := func(v rules.Violation) bool { return strings.Contains(v.URN, Type) }
	for _, v := range rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()) {
		if ours(v) {
			t.Errorf("dev: %s", v)
		}
	}
	rec, _, err = run(t, Args{}, withDR, pulumi.Protect(true))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range rules.Evaluate(rulestest.Stack(rec, "prod"), rules.All()) {
		if ours(v) {
			t.Errorf("prod: %s", v)
		}
	}
}

// TestPolicyPackFlagsLoosening: the loosening fields that the policy pack
// flags, in prod.
func TestPolicyPackFlagsLoosening(t *testing.T) {
	rec, _, err := run(t, Args{SingleAZ: true, AllowDeletion: true, SkipFinalSnapshot: true, BackupRetentionDays: 3}, nil, pulumi.Protect(true))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range rules.Evaluate(rulestest.Stack(rec, "prod"), rules.All()) {
		if strings.Contains(v.URN, instanceT) {
			got[v.RuleID] = true
		}
	}
	for _, id := range []string{"rds-multi-az", "rds-deletion-protection", "rds-final-snapshot", "rds-backup-retention"} {
		if !got[id] {
			t.Errorf("rule %s did not flag the loosened store (flagged: %v)", id, got)
		}
	}
}

func TestRejections(t *testing.T) {
	sn := []pulumi.StringInput{pulumi.String("subnet-a"), pulumi.String("subnet-b")}
	sg := []pulumi.StringInput{pulumi.String("sg-1")}
	valid := func(a Args) *Args { a.SubnetIds, a.SecurityGroupIds = sn, sg; return &a }
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"nil args", nil, "SubnetIds has 0 subnet(s); give at least 2"},
		{"one subnet", &Args{SubnetIds: sn[:1], SecurityGroupIds: sg}, "SubnetIds has 1 subnet(s)"},
		{"nil subnet", &Args{SubnetIds: []pulumi.StringInput{sn[0], nil}, SecurityGroupIds: sg}, "SubnetIds[1] is nil"},
		{"no security group", &Args{SubnetIds: sn}, "SecurityGroupIds is empty"},
		{"nil security group", &Args{SubnetIds: sn, SecurityGroupIds: []pulumi.StringInput{nil}}, "SecurityGroupIds[0] is nil"},
		{"key alias", valid(Args{KMSKeyArn: pulumi.String("alias/data")}), `KMSKeyArn "alias/data" is not a KMS key ARN`},
		{"key of another region", valid(Args{KMSKeyArn: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/k")}), "KMSKeyArn \"arn:aws:kms:eu-west-1:123456789012:key/k\" is a key of eu-west-1; it must be a key of us-east-1"},
		{"replica key without provider", valid(Args{ReplicaKMSKeyArn: pulumi.String("arn:aws:kms:us-west-2:123456789012:key/k")}), "ReplicaKMSKeyArn is set without ReplicaProvider"},
		{"bad identifier", valid(Args{Identifier: "Meta--data"}), `Identifier "Meta--data" is not a DB instance identifier`},
		{"bad class", valid(Args{InstanceClass: "t4g.medium"}), `InstanceClass "t4g.medium" is not a DB instance class`},
		{"old engine", valid(Args{EngineVersion: "13"}), `EngineVersion is "13"; allowed values are a PostgreSQL major version (14, 15, 16, 17, 18)`},
		{"bad engine", valid(Args{EngineVersion: "latest"}), `EngineVersion is "latest"`},
		{"small storage", valid(Args{AllocatedStorageGiB: 10}), "AllocatedStorageGiB is 10; allowed values are 20 to 65536 (0 means 20)"},
		{"threshold too close", valid(Args{AllocatedStorageGiB: 100, MaxAllocatedStorageGiB: 105}), "MaxAllocatedStorageGiB is 105; allowed values are 110 (10% above AllocatedStorageGiB"},
		{"bad database name", valid(Args{DatabaseName: "model-fort"}), `DatabaseName "model-fort" is not allowed`},
		{"reserved user", valid(Args{MasterUsername: "postgres"}), `MasterUsername "postgres" is not allowed`},
		{"retention too long", valid(Args{BackupRetentionDays: 36}), "BackupRetentionDays is 36; allowed values are 1 to 35 (0 means 7)"},
		{"no backups", valid(Args{BackupRetentionDays: -1}), "BackupRetentionDays is -1"},
		{"bad interval", valid(Args{MonitoringIntervalSeconds: 20}), "MonitoringIntervalSeconds is 20; allowed values are [1 5 10 15 30 60] (0 means 60)"},
		{"bad log retention", valid(Args{LogRetentionDays: 2}), "LogRetentionDays is 2; allowed values are"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
				_, err := NewStore(ctx, "metadata", tt.args)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "metadatastore metadata: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "metadatastore metadata: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing: %v", rec.Types())
			}
		})
	}
}

// TestReplicaRejections: a replica in the store's region, or a given key
// without its replica, is refused before anything is registered.
func TestReplicaRejections(t *testing.T) {
	for name, tt := range map[string]struct {
		region string
		args   Args
		want   string
	}{
		"same region":             {"us-east-1", Args{}, "ReplicaProvider acts in us-east-1, the store's own region"},
		"given key, no replica":   {"us-west-2", Args{KMSKeyArn: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/k")}, "ReplicaKMSKeyArn is not set"},
		"replica key elsewhere":   {"us-west-2", Args{KMSKeyArn: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/k"), ReplicaKMSKeyArn: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/k")}, "it must be a key of us-west-2"},
		"replica key is an alias": {"us-west-2", Args{KMSKeyArn: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/k"), ReplicaKMSKeyArn: pulumi.String("alias/data")}, `ReplicaKMSKeyArn "alias/data" is not a KMS key ARN`},
	} {
		t.Run(name, func(t *testing.T) {
			rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
				dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(tt.region)})
				if err != nil {
					return err
				}
				a := tt.args
				a.SubnetIds = []pulumi.StringInput{pulumi.String("subnet-a"), pulumi.String("subnet-b")}
				a.SecurityGroupIds = []pulumi.StringInput{pulumi.String("sg-1")}
				a.ReplicaProvider = dr
				_, err = NewStore(ctx, "metadata", &a)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "metadatastore metadata: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			for _, r := range rec.Resources {
				if !strings.HasPrefix(r.Type, "pulumi:providers:") {
					t.Errorf("registered %s before failing", r.URN)
				}
			}
		})
	}
}

// TestResourceOptionsReachChildren: protect and the provider reach every
// resource below the store; the replication acts in the DR region.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
		if err != nil {
			return err
		}
		subnets, groups, err := network(ctx, "eu-west-1", pulumi.Provider(eu))
		if err != nil {
			return err
		}
		_, err = NewStore(ctx, "metadata", &Args{SubnetIds: subnets, SecurityGroupIds: groups, ReplicaProvider: dr}, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	inDR := func(r *mocktest.Resource) bool {
		return r.Type == replicationT || r.Type == replicaKeyT || r.Type == "aws:kms/alias:Alias" && r.Name == "metadata-replica"
	}
	comp := rec.Find(Type, "metadata")
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true, Skip: inDR}) {
		t.Error(p)
	}
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-central-1", Protect: true, Skip: func(r *mocktest.Resource) bool { return !inDR(r) }}) {
		t.Error(p)
	}
}

// TestValidate: Validate fills in the defaults in place and its errors
// carry no prefix.
func TestValidate(t *testing.T) {
	a := Args{SubnetIds: []pulumi.StringInput{pulumi.String("a"), pulumi.String("b")}, SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg")}}
	if err := a.Validate("metadata"); err != nil {
		t.Fatal(err)
	}
	if a.InstanceClass != DefaultInstanceClass || a.EngineVersion != DefaultEngineVersion || a.AllocatedStorageGiB != 20 || a.MaxAllocatedStorageGiB != 100 ||
		a.DatabaseName != "modelfort" || a.MasterUsername != DefaultMasterUsername || a.BackupRetentionDays != 7 || a.MonitoringIntervalSeconds != 60 || a.LogRetentionDays != 365 {
		t.Errorf("defaults: %+v", a)
	}
	big := Args{SubnetIds: a.SubnetIds, SecurityGroupIds: a.SecurityGroupIds, AllocatedStorageGiB: 200}
	if err := big.Validate("metadata"); err != nil || big.MaxAllocatedStorageGiB != 220 {
		t.Errorf("a default threshold below the allocated storage must rise to 10%% above it: %d, %v", big.MaxAllocatedStorageGiB, err)
	}
	if err := (&Args{}).Validate("metadata"); err == nil || strings.HasPrefix(err.Error(), "metadatastore") {
		t.Errorf("err = %v", err)
	}
}

func TestDefaultIdentifier(t *testing.T) {
	a, b := defaultIdentifier("modelfort", "dev", "metadata"), defaultIdentifier("modelfort", "staging", "metadata")
	if a == b || !validIdentifier(a) || !strings.HasPrefix(a, "metadata-") {
		t.Errorf("%q, %q", a, b)
	}
	for _, name := range []string{"Meta_Data", "9lives", "--x--", strings.Repeat("long-", 20), "_"} {
		if id := defaultIdentifier("p", "s", name); !validIdentifier(id) {
			t.Errorf("%q -> %q, not an identifier", name, id)
		}
	}
}

// TestPreview: a preview, where every computed output is unknown, builds
// the same store.
func TestPreview(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		subnets, groups, err := network(ctx, "us-east-1")
		if err != nil {
			return err
		}
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		s, err := NewStore(ctx, "metadata", &Args{SubnetIds: subnets, SecurityGroupIds: groups, ReplicaProvider: dr})
		if err != nil {
			return err
		}
		ctx.Export("policy", s.ConnectPolicy("trainer"))
		return nil
	}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(instanceT, "metadata") == nil || rec.Find(replicationT, "metadata") == nil {
		t.Errorf("preview: %v", rec.Types())
	}
}

// TestStorageThresholdAtItsMinimum: the smallest threshold Validate
// accepts (10% above the allocated storage) is one RDS accepts too.
func TestStorageThresholdAtItsMinimum(t *testing.T) {
	rec, _, err := run(t, Args{AllocatedStorageGiB: 100, MaxAllocatedStorageGiB: 110}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if db := rec.Find(instanceT, "metadata"); db.Num("maxAllocatedStorage") != 110 {
		t.Errorf("maxAllocatedStorage %v", db.Get("maxAllocatedStorage"))
	}
}
