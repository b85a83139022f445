package aws

import (
	"slices"
	"strings"
	"testing"
)

// servingTypes are what a stack builds only once an artifact is published.
var servingTypes = []string{
	"aws:sagemaker/model:Model", "aws:sagemaker/endpoint:Endpoint", "aws:bedrock/guardrail:Guardrail",
	"aws:lambda/function:Function", "aws:apigateway/restApi:RestApi", "aws:route53/record:Record", "aws:route53/healthCheck:HealthCheck",
}

// TestFirstUpServesNothingUntilPublished: in an empty account, a stack
// without a published artifact builds what lives long (keys, buckets,
// vaults, networks, the publish role) and no serving; the publish role
// can write the prefix the artifact goes under.
func TestFirstUpServesNothingUntilPublished(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		rec, err := run(t, env, map[string]string{Namespace + ":modelDigest": ""})
		if err != nil {
			t.Fatalf("%s without a published artifact: %v", env, err)
		}
		for _, typ := range servingTypes {
			if n := len(rec.OfType(typ)); n != 0 {
				t.Errorf("%s: %d %s before anything is published", env, n, typ)
			}
		}
		for typ, want := range map[string]int{
			"aws:s3/bucketV2:BucketV2": 4, "aws:backup/vault:Vault": 2, "aws:ec2/vpc:Vpc": 2, "aws:kms/replicaKey:ReplicaKey": 1,
		} {
			if n := len(rec.OfType(typ)); n < want {
				t.Errorf("%s: %d %s; want at least %d", env, n, typ, want)
			}
		}
		publish := rec.Find("aws:iam/role:Role", "access-publish")
		if publish == nil {
			t.Fatalf("%s: no publish role: %v", env, rec.Types())
		}
		if rec.Find("aws:iam/role:Role", "access-invoke") != nil {
			t.Errorf("%s: an invoke role with nothing to invoke", env)
		}
	}
}

// TestServingReadsThePublishedArtifact: with the digest in its config,
// each site's model reads the content-addressed key from its own region's
// copy: the primary from the model bucket, the DR site from the replica
// that publish waited for.
func TestServingReadsThePublishedArtifact(t *testing.T) {
	rec, err := run(t, "staging", nil)
	if err != nil {
		t.Fatal(err)
	}
	key := "models/sha256/" + testDigest + "/" + DefaultModelArtifact
	for site, bucket := range map[string]string{"primary": "models", "dr": "models-replica"} {
		m := rec.Find("aws:sagemaker/model:Model", site)
		b := rec.Find("aws:s3/bucketV2:BucketV2", bucket)
		if m == nil || b == nil {
			t.Fatalf("%s: model %v, bucket %v", site, m, b)
		}
		url := m.Inputs["primaryContainer"].ObjectValue()["modelDataUrl"].StringValue()
		if want := "s3://" + b.ID + "/" + key; url != want {
			t.Errorf("%s's model reads %s; want %s", site, url, want)
		}
		if m.Region != b.Region {
			t.Errorf("%s's model in %s reads a bucket in %s", site, m.Region, b.Region)
		}
	}
}

// TestAnUnpublishedDigestIsRefused: a digest whose artifact is not in the
// buckets fails the run with SageMaker's words, as a real "up" would.
func TestAnUnpublishedDigestIsRefused(t *testing.T) {
	other := strings.Repeat("ab", 32)
	_, err := run(t, "dev", map[string]string{Namespace + ":modelDigest": other})
	if err == nil || !strings.Contains(err.Error(), "Could not find model data at s3://") || !strings.Contains(err.Error(), other) {
		t.Errorf("a digest nothing was published under: %v", err)
	}
	_, err = run(t, "dev", map[string]string{Namespace + ":modelDigest": "sha256:" + other})
	if err == nil || !strings.Contains(err.Error(), "modelfort:modelDigest is") {
		t.Errorf("a malformed digest: %v", err)
	}
}

// TestMetadataStoreSitsInItsTier follows the metadata store to what keeps
// it: the instance runs in the primary site's database tier and private
// subnets, encrypted with the data key; the tier admits the model
// endpoints' tier alone, on 5432, and sends nothing; its automated backups
// are replicated to the DR region under the data key's replica. In prod
// it keeps deletion protection, Multi-AZ and protect.
func TestMetadataStoreSitsInItsTier(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		rec, err := run(t, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		db := rec.Find("aws:rds/instance:Instance", "metadata")
		tier := rec.Find("aws:ec2/securityGroup:SecurityGroup", "primary-database")
		endpoints := rec.Find("aws:ec2/securityGroup:SecurityGroup", "primary-endpoint")
		key := rec.Find("aws:kms/key:Key", "data")
		if db == nil || tier == nil || endpoints == nil || key == nil {
			t.Fatalf("%s: instance %v, tier %v, endpoint tier %v, data key %v", env, db, tier, endpoints, key)
		}
		if sgs := db.Strs("vpcSecurityGroupIds"); len(sgs) != 1 || sgs[0] != tier.ID {
			t.Errorf("%s: the instance is in groups %v; want the database tier %s", env, sgs, tier.ID)
		}
		var private []string
		for _, s := range rec.OfType("aws:ec2/subnet:Subnet") {
			if strings.HasPrefix(s.Name, "primary-private-") {
				private = append(private, s.ID)
			}
		}
		group := rec.Find("aws:rds/subnetGroup:SubnetGroup", "metadata")
		if got := group.Strs("subnetIds"); len(private) < 2 || !sameSet(got, private) || db.Str("dbSubnetGroupName") != group.Str("name") {
			t.Errorf("%s: the instance's subnets %v; want the primary's private subnets %v", env, got, private)
		}
		if db.Str("kmsKeyId") != key.Out("arn") || !db.Bool("storageEncrypted") || !db.Bool("iamDatabaseAuthenticationEnabled") ||
			db.Str("masterUserSecretKmsKeyId") != key.Out("arn") || db.Bool("publiclyAccessible") {
			t.Errorf("%s: instance %v", env, db.Inputs)
		}
		ingress, egress := 0, 0
		for _, r := range rec.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
			if r.Str("securityGroupId") != tier.ID {
				continue
			}
			ingress++
			if r.Str("referencedSecurityGroupId") != endpoints.ID || r.Num("fromPort") != 5432 || r.Num("toPort") != 5432 || r.Str("ipProtocol") != "tcp" {
				t.Errorf("%s: the database tier admits %v", env, r.Inputs)
			}
		}
		for _, r := range rec.OfType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") {
			if r.Str("securityGroupId") == tier.ID {
				egress++
			}
		}
		if ingress != 1 || egress != 0 {
			t.Errorf("%s: the database tier has %d ingress and %d egress rules; want 1 and 0", env, ingress, egress)
		}
		copy := rec.Find("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "metadata")
		replica := rec.Find("aws:kms/replicaKey:ReplicaKey", "data-replica")
		if copy == nil || replica == nil || copy.Region != "us-west-2" || copy.Str("sourceDbInstanceArn") != db.Out("arn") || copy.Str("kmsKeyId") != replica.Out("arn") {
			t.Errorf("%s: backup replication %v", env, copy)
		}
		prod := env == "prod"
		if db.Bool("deletionProtection") != prod || db.Bool("multiAz") != prod || db.Protect != prod || db.Bool("skipFinalSnapshot") {
			t.Errorf("%s: deletion protection %v, Multi-AZ %v, protect %v, skip final snapshot %v",
				env, db.Bool("deletionProtection"), db.Bool("multiAz"), db.Protect, db.Bool("skipFinalSnapshot"))
		}
	}
}

// TestRegionOutageCutsThePrimarySite: the drills' FIS template targets
// every private subnet of the primary site, and stops on its stop alarm.
func TestRegionOutageCutsThePrimarySite(t *testing.T) {
	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	tpl := rec.Find("aws:fis/experimentTemplate:ExperimentTemplate", "drills-region-outage")
	stop := rec.Find("aws:cloudwatch/metricAlarm:MetricAlarm", "drills-stop")
	if tpl == nil || stop == nil {
		t.Fatalf("template %v, stop alarm %v", tpl, stop)
	}
	var want []string
	for _, s := range rec.OfType("aws:ec2/subnet:Subnet") {
		if strings.HasPrefix(s.Name, "primary-private-") {
			want = append(want, s.Out("arn"))
		}
	}
	if got := tpl.Strs("targets[0].resourceArns"); len(want) < 2 || !sameSet(got, want) || tpl.Region != "us-east-1" {
		t.Errorf("the outage targets %v in %s; want the primary's private subnets %v", got, tpl.Region, want)
	}
	if tpl.Str("stopConditions[0].source") != "aws:cloudwatch:alarm" || tpl.Str("stopConditions[0].value") != stop.Out("arn") {
		t.Errorf("stop conditions %v; want the stop alarm %s", tpl.Get("stopConditions"), stop.Out("arn"))
	}
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(s string) bool { return !slices.Contains(b, s) })
}
