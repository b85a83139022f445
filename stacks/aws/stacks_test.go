package aws

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

// stackConfig reads the config values of a checked-in Pulumi.<env>.yaml.
func stackConfig(t *testing.T, env string) map[string]string {
	t.Helper()
	values, err := ReadStackFile("../../Pulumi." + env + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// testArtifact is the model artifact the tests publish, and its digest.
var (
	testArtifact = []byte("a distilled DeepSeek-R1")
	testDigest   = func() string { sum := sha256.Sum256(testArtifact); return hex.EncodeToString(sum[:]) }()
)

// published are the options of a stack whose artifact was published
// (make publish) before the run: the digest in its config, the artifact
// in both model buckets.
func published(t *testing.T, env string) []mocktest.Option {
	t.Helper()
	cfg, err := ParseConfig(func(k string) string {
		if k == Namespace+":modelDigest" {
			return testDigest
		}
		return stackConfig(t, env)[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return []mocktest.Option{
		mocktest.Config(Namespace+":modelDigest", testDigest),
		mocktest.Published("models", cfg.ArtifactKey(), testArtifact),
		mocktest.Published("models-replica", cfg.ArtifactKey(), testArtifact),
	}
}

// run runs the program with a checked-in stack's config, changed by
// overrides ("" removes a key), after its artifact was published (unless
// overrides set modelfort:modelDigest).
func run(t *testing.T, env string, overrides map[string]string, more ...mocktest.Option) (*mocktest.Recording, error) {
	t.Helper()
	cfg := stackConfig(t, env)
	for k, v := range overrides {
		cfg[k] = v
	}
	opts := []mocktest.Option{mocktest.Stack(env)}
	if _, ok := overrides[Namespace+":modelDigest"]; !ok {
		opts = append(opts, published(t, env)...)
	}
	opts = append(opts, more...)
	for k, v := range cfg {
		if v != "" {
			opts = append(opts, mocktest.Config(k, v))
		}
	}
	return mocktest.Run(Program, opts...)
}

// TestEnvironmentsShareOneAccount deploys dev, staging and prod into one
// offline account, as a team with one AWS account does: no name that AWS
// keeps unique (bucket, role, alias, log group, trail, vault, guardrail,
// endpoint, web ACL, topic, record) is claimed twice. A fourth stack that
// copies prod's program under another stack name but keeps its explicit
// names is refused with AWS's message.
func TestEnvironmentsShareOneAccount(t *testing.T) {
	account := offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	for _, env := range []string{"dev", "staging", "prod"} {
		if _, err := run(t, env, nil, mocktest.Account(account)); err != nil {
			t.Fatalf("%s in the account of the others: %v", env, err)
		}
	}
	// Prod's trail name (modelfort-prod) is explicit: a second stack with
	// prod's config collides on it, or on another of its names.
	_, err := mocktest.Run(Program, append(configOptions(t, "prod"), mocktest.Stack("prod-copy"), mocktest.Account(account))...)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a copy of prod in the same account: %v", err)
	}
}

// configOptions are a checked-in stack's config as mocktest options.
func configOptions(t *testing.T, env string) []mocktest.Option {
	var opts []mocktest.Option
	for k, v := range stackConfig(t, env) {
		opts = append(opts, mocktest.Config(k, v))
	}
	return opts
}

// statefulTypes are the resource types that hold data or keys.
var statefulTypes = []string{
	"aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:s3/bucketV2:BucketV2",
	"aws:backup/vault:Vault", "aws:cloudwatch/logGroup:LogGroup", "aws:cloudtrail/trail:Trail",
}

func TestDeploymentSpansTwoRegions(t *testing.T) {
	rec, err := run(t, "dev", nil)
	if err != nil {
		t.Fatal(err)
	}
	for role, region := range map[string]string{"primary": "us-east-1", "dr": "us-west-2"} {
		prov := rec.Find("pulumi:providers:aws", role)
		if prov == nil || prov.Str("region") != region || prov.Str(`defaultTags.tags["modelfort:environment"]`) != "dev" {
			t.Fatalf("provider %s: %+v", role, prov)
		}
	}
	key := rec.Find("aws:kms/key:Key", "data")
	replica := rec.Find("aws:kms/replicaKey:ReplicaKey", "data-replica")
	if !key.Bool("multiRegion") || key.Region != "us-east-1" || replica.Region != "us-west-2" {
		t.Errorf("data key in %s (multiRegion %v), replica in %s", key.Region, key.Bool("multiRegion"), replica.Region)
	}
	models, replicaBucket := rec.Find("aws:s3/bucketV2:BucketV2", "models"), rec.Find("aws:s3/bucketV2:BucketV2", "models-replica")
	if models.Region != "us-east-1" || replicaBucket.Region != "us-west-2" {
		t.Errorf("model buckets in %s and %s", models.Region, replicaBucket.Region)
	}
	sse := func(name string) string {
		return rec.Find("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", name).
			Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId")
	}
	if sse("models") != key.Out("arn") || sse("models-replica") != replica.Out("arn") {
		t.Errorf("model buckets encrypted with %s and %s; want the data key and its replica", sse("models"), sse("models-replica"))
	}
	cfg := rec.Find("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "models")
	if cfg.Str("rules[0].destination.bucket") != replicaBucket.Out("arn") || cfg.Str("rules[0].destination.encryptionConfiguration.replicaKmsKeyId") != replica.Out("arn") {
		t.Errorf("replication: %v", cfg.Get("rules[0].destination"))
	}
	lock := rec.Find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "models")
	if lock.Str("rule.defaultRetention.mode") != "GOVERNANCE" || lock.Num("rule.defaultRetention.days") != 1 {
		t.Errorf("dev retention: %v", lock.Get("rule"))
	}
	trail := rec.Find("aws:cloudtrail/trail:Trail", "audit")
	if trail.Str("name") != "modelfort-dev" || !slices.Equal(trail.Strs("eventSelectors[0].dataResources[0].values"), []string{models.Out("arn") + "/"}) {
		t.Errorf("trail: %v", trail.Inputs)
	}
	copyVault := rec.Find("aws:backup/vault:Vault", "backup-copy")
	if copyVault == nil || copyVault.Region != "us-west-2" {
		t.Errorf("backup copy vault: %+v", copyVault)
	}
	if rec.Find("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backup").Has("changeableForDays") {
		t.Error("dev's vault lock must stay removable (governance mode)")
	}
}

func TestProdProtectsEveryStatefulResource(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		rec, err := run(t, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, typ := range statefulTypes {
			for _, r := range rec.OfType(typ) {
				n++
				if r.Protect != (env == "prod") {
					t.Errorf("%s: %s protect = %v", env, r.URN, r.Protect)
				}
			}
		}
		if n < 10 {
			t.Errorf("%s: only %d stateful resources", env, n)
		}
	}
}

func TestProdIsCompliant(t *testing.T) {
	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"models", "models-replica", "audit-logs"} {
		lock := rec.Find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", name)
		if lock.Str("rule.defaultRetention.mode") != "COMPLIANCE" {
			t.Errorf("%s retention %v", name, lock.Get("rule"))
		}
	}
	if rec.Find("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backup").Num("changeableForDays") != 3 {
		t.Error("prod's vault lock must become immutable")
	}
	if rec.Find("aws:backup/plan:Plan", "backup").Str("rules[0].schedule") != "cron(0 0/4 * * ? *)" {
		t.Error("prod backs up every 4 hours")
	}
}

func TestConfigRejections(t *testing.T) {
	tests := []struct {
		env, key, value string
		want            string
	}{
		{"dev", "modelfort:environment", "qa", `modelfort:environment is "qa"; allowed values are dev, prod, staging`},
		{"dev", "modelfort:environment", "", `modelfort:environment is ""`},
		{"dev", "aws:region", "mars-1", `aws:region is "mars-1"`},
		{"dev", "modelfort:drRegion", "", `modelfort:drRegion is ""`},
		{"dev", "modelfort:drRegion", "us-east-1", "the same as aws:region"},
		{"dev", "modelfort:retentionMode", "FOREVER", `modelfort:retentionMode is "FOREVER"; allowed values are COMPLIANCE and GOVERNANCE`},
		{"prod", "modelfort:retentionMode", "GOVERNANCE", "modelfort:retentionMode is GOVERNANCE; the prod environment demands COMPLIANCE"},
		{"dev", "modelfort:retentionDays", "0", "modelfort:retentionDays is 0; allowed values are 1 to 36500"},
		{"dev", "modelfort:retentionDays", "one", `modelfort:retentionDays is "one"; it must be a whole number`},
		{"dev", "modelfort:backupRpoHours", "0", "modelfort:backupRpoHours is 0"},
		{"dev", "modelfort:guardDuty", "maybe", `modelfort:guardDuty is "maybe"`},
		{"prod", "modelfort:shield", "false", "modelfort:shield is false; the prod environment demands Shield Advanced"},
		{"prod", "modelfort:standbyInstances", "1", "modelfort:standbyInstances is 1; the prod environment allows 2 to 2"},
		{"prod", "modelfort:primaryInstances", "1", "modelfort:primaryInstances is 1; the prod environment needs at least 2"},
		{"dev", "modelfort:standbyInstances", "2", "modelfort:standbyInstances is 2; the dev environment allows 1 to 1"},
		{"dev", "modelfort:healthCheckIntervalSeconds", "20", "modelfort:healthCheckIntervalSeconds is 20; allowed values are 10 and 30"},
		{"dev", "modelfort:healthCheckFailureThreshold", "0", "modelfort:healthCheckFailureThreshold is 0; allowed values are 1 to 10"},
		{"dev", "modelfort:dnsTtlSeconds", "-1", "modelfort:dnsTtlSeconds is -1"},
		{"prod", "modelfort:backupRpoHours", "6", "backups run every 6h0m0s; lower modelfort:backupRpoHours to 4 or less"},
		{"prod", "modelfort:rpoTargetMinutes", "10", "no setting meets modelfort:rpoTargetMinutes 10: S3 replication needs 15m0s, the metadata store's replicated backups 30m0s and backups run at most hourly; raise modelfort:rpoTargetMinutes to at least 60"},
		{"prod", "modelfort:dnsTtlSeconds", "3600", "the worst-case recovery time is 1h4m0s (detection 4m0s + DNS 1h0m0s + scale-up 0s) but modelfort:rtoTargetMinutes is 30; lower modelfort:healthCheckFailureThreshold"},
		{"dev", "modelfort:instanceStorage", "true", "modelfort:instanceStorage is true but ml.p3.2xlarge has no local NVMe storage; set it to false"},
		{"dev", "modelfort:maxNewTokens", "2048", "modelfort:maxNewTokens is 2048: at modelfort:tokensPerSecond 50 an answer takes up to 40.96s, and the guardrail 2s more, beyond the 27s the handler may wait (modelfort:integrationTimeoutSeconds 29 less 2s); lower modelfort:maxNewTokens to 1250"},
		{"dev", "modelfort:maxNewTokens", "8192", "modelfort:maxNewTokens is 8192; allowed values are 1 to 8191"},
		{"dev", "modelfort:integrationTimeoutSeconds", "301", "modelfort:integrationTimeoutSeconds is 301; allowed values are 4 to 300"},
		{"dev", "modelfort:maxModelLength", "32768", "modelfort:maxModelLength 32768 leaves prompts of 31744 tokens, whose requests take up to 191488 bytes; the web ACL inspects at most 65536"},
		{"dev", "modelfort:tokensPerSecond", "0", "modelfort:tokensPerSecond is 0"},
		{"dev", "modelfort:capturePercent", "101", "modelfort:capturePercent is 101"},
		{"dev", "modelfort:instanceType", "p3", `modelfort:instanceType is "p3"`},
		{"dev", "modelfort:modelArtifact", "../x", `modelfort:modelArtifact is "../x"`},
		{"dev", "modelfort:domainName", "LLM", `modelfort:domainName is "LLM"`},
		{"dev", "modelfort:hostedZoneId", "", `modelfort:hostedZoneId is ""`},
		{"dev", "modelfort:drCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/1", "modelfort:drCertificateArn is \"arn:aws:acm:us-east-1:123456789012:certificate/1\"; give the ACM certificate of llm.dev.example.com in us-west-2"},
		{"prod", "modelfort:cdnCertificateArn", "arn:aws:acm:us-west-2:123456789012:certificate/1", "give the ACM certificate of llm-edge.prod.example.com in us-east-1"},
		{"prod", "modelfort:cdnDomainName", "llm.prod.example.com", "other than llm.prod.example.com"},
		{"staging", "modelfort:rtoTargetMinutes", "5", "raise modelfort:standbyInstances to 2 (modelfort:primaryInstances) to remove the 10m0s scale-up"},
	}
	for _, tt := range tests {
		t.Run(tt.env+"/"+tt.key+"="+tt.value, func(t *testing.T) {
			rec, err := run(t, tt.env, map[string]string{tt.key: tt.value})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want it to contain %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("bad config registered %d resources", len(rec.Resources))
			}
		})
	}
}

// prodMinimum is the least configuration a prod stack needs.
func prodMinimum(extra map[string]string) func(string) string {
	m := map[string]string{
		"modelfort:environment": "prod", "aws:region": "eu-west-1", "modelfort:drRegion": "eu-central-1",
		"modelfort:shield": "true", "modelfort:backupRpoHours": "4",
		"modelfort:domainName": "llm.example.com", "modelfort:hostedZoneId": "Z123",
		"modelfort:primaryCertificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/abc",
		"modelfort:drCertificateArn":      "arn:aws:acm:eu-central-1:111122223333:certificate/def",
		"modelfort:cdnDomainName":         "edge.example.com",
		"modelfort:cdnCertificateArn":     "arn:aws:acm:us-east-1:111122223333:certificate/123",
		"modelfort:incidents":             `{"emails": ["oncall@example.com"]}`,
		"modelfort:shieldResponse":        `{"contacts": [{"email": "soc@example.com", "phone": "+15555550100"}]}`,
	}
	for k, v := range extra {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

func TestProfileDefaults(t *testing.T) {
	cfg, err := ParseConfig(prodMinimum(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RetentionMode != "COMPLIANCE" || cfg.RetentionDays != 30 || cfg.GuardDuty || cfg.PrimaryInstances != 2 || cfg.StandbyInstances != 2 ||
		cfg.HealthCheckIntervalSeconds != 10 || cfg.HealthCheckFailureThreshold != 3 || cfg.DNSTTLSeconds != 60 || cfg.RTOTargetMinutes != 30 {
		t.Errorf("prod defaults: %+v", cfg)
	}
	// prod's default RPO target (4h) rejects the default daily backups.
	_, err = ParseConfig(prodMinimum(map[string]string{"modelfort:backupRpoHours": "24"}))
	if err == nil || !strings.Contains(err.Error(), "lower modelfort:backupRpoHours to 4 or less") {
		t.Errorf("prod with daily backups: %v", err)
	}
}

// TestCheckedInStackConfigs keeps each Pulumi.<env>.yaml valid and true to
// its name.
func TestCheckedInStackConfigs(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		values := stackConfig(t, env)
		cfg, err := ParseConfig(func(k string) string { return values[k] })
		if err != nil {
			t.Errorf("Pulumi.%s.yaml: %v", env, err)
		}
		if cfg.Environment != env {
			t.Errorf("Pulumi.%s.yaml declares environment %q", env, cfg.Environment)
		}
	}
}

func TestEdge(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		rec, err := run(t, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		for role, region := range map[string]string{"primary": "us-east-1", "dr": "us-west-2"} {
			api := rec.Find("aws:apigateway/restApi:RestApi", role)
			acl := rec.Find("aws:wafv2/webAcl:WebAcl", role)
			domain := rec.Find("aws:apigateway/domainName:DomainName", role)
			if api == nil || acl == nil || api.Region != region || domain.Str("domainName") != "llm."+env+".example.com" || domain.Str("securityPolicy") != "TLS_1_2" {
				t.Errorf("%s %s front door: api %v, web ACL %v, domain %v", env, role, api, acl, domain)
			}
		}
		records := rec.OfType("aws:route53/record:Record")
		policies := map[string]bool{}
		for _, r := range records {
			policies[r.Str("failoverRoutingPolicies[0].type")] = true
			if r.Str("zoneId") != "Z0"+strings.ToUpper(env)+"000000000000000" {
				t.Errorf("%s: record in zone %q", env, r.Str("zoneId"))
			}
		}
		if !policies["PRIMARY"] || !policies["SECONDARY"] {
			t.Errorf("%s: failover records %v", env, policies)
		}
		// The HTTPS probes run at the environment's interval (the other
		// checks are calculated or watch alarms).
		want := map[string]float64{"dev": 30, "prod": 10}[env]
		probes := 0
		for _, hc := range rec.OfType("aws:route53/healthCheck:HealthCheck") {
			if hc.Str("type") != "HTTPS" {
				continue
			}
			probes++
			if hc.Num("requestInterval") != want || hc.Num("failureThreshold") != 3 {
				t.Errorf("%s: probe %s: %v", env, hc.Name, hc.Inputs)
			}
		}
		if probes != 2 {
			t.Errorf("%s: %d HTTPS probes; want one per region", env, probes)
		}
		cdn := rec.OfType("aws:cloudfront/distribution:Distribution")
		shield := rec.OfType("aws:shield/protection:Protection")
		if env == "prod" && (len(cdn) != 1 || len(shield) < 2 || cdn[0].Region != "us-east-1") {
			t.Errorf("prod: %d distributions, %d Shield protections", len(cdn), len(shield))
		}
		if env == "dev" && (len(cdn) != 0 || len(shield) != 0 || len(rec.OfType("aws:shield/subscription:Subscription")) != 0) {
			t.Errorf("dev: %d distributions, %d Shield protections", len(cdn), len(shield))
		}
	}
}

// TestEdgeNamesFollowTheSharedRules: the domain names and certificates of
// the configuration are checked with internal/verify, the rules the
// components apply.
func TestEdgeNamesFollowTheSharedRules(t *testing.T) {
	for name, ok := range map[string]bool{
		"llm.example.com": true, "_llm.example.com": true, "a.b.example.io": true,
		"llm": false, "LLM.example.com": false, "llm.example.com.": false, "-llm.example.com": false,
		strings.Repeat("a.", 126) + "com": false, // 255 characters
	} {
		_, err := ParseConfig(prodMinimum(map[string]string{"modelfort:domainName": name}))
		if rejected := err != nil && strings.Contains(err.Error(), "modelfort:domainName is"); rejected == ok {
			t.Errorf("domain name %q: err = %v", name, err)
		}
	}
	_, err := ParseConfig(prodMinimum(map[string]string{"modelfort:primaryCertificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/ABC"}))
	if err == nil || !strings.Contains(err.Error(), "modelfort:primaryCertificateArn is") {
		t.Errorf("a certificate ID with upper-case letters: %v", err)
	}
}
