package offlinecloud

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// inputs builds a property map from plain Go values.
func inputs(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }

// ruleCase is one input of a rule's type that the rule refuses (bad) or
// accepts (good). want is a piece of the message a refusal must carry.
type ruleCase struct {
	rule, typ string
	bad, good map[string]any
	want      string
}

func filters(typ, in, out string) map[string]any {
	return map[string]any{"contentPolicyConfig": map[string]any{"filtersConfigs": []any{
		map[string]any{"type": "HATE", "inputStrength": "HIGH", "outputStrength": "HIGH"},
		map[string]any{"type": typ, "inputStrength": in, "outputStrength": out},
	}}}
}

func rateLimit(n int) map[string]any {
	return map[string]any{"name": "acl", "rules": []any{
		map[string]any{"name": "managed", "statement": map[string]any{"managedRuleGroupStatement": map[string]any{"name": "x"}}},
		map[string]any{"name": "rate", "statement": map[string]any{"rateBasedStatement": map[string]any{"limit": n}}},
	}}
}

func backupPlan(cold, del int) map[string]any {
	return map[string]any{"name": "backup", "rules": []any{map[string]any{
		"ruleName":    "daily",
		"lifecycle":   map[string]any{"deleteAfter": 35},
		"copyActions": []any{map[string]any{"lifecycle": map[string]any{"coldStorageAfter": cold, "deleteAfter": del}}},
	}}}
}

func endpointConfig(instanceType string) map[string]any {
	return map[string]any{
		"name":               "primary-1a2b3c4",
		"kmsKeyArn":          "arn:aws:kms:us-east-1:123456789012:key/k",
		"productionVariants": []any{map[string]any{"variantName": "primary", "instanceType": instanceType}},
	}
}

// ruleCases holds a refused and an accepted input for every rule.
var ruleCases = []ruleCase{
	{"KMS-ALIAS-PREFIX", "aws:kms/alias:Alias", map[string]any{"name": "modelfort/audit"}, map[string]any{"name": "alias/modelfort/audit"}, `must start with the prefix "alias/"`},
	{"KMS-ALIAS-NAME", "aws:kms/alias:Alias", map[string]any{"name": "alias/model fort"}, map[string]any{"name": "alias/model_fort-1"}, "Value 'alias/model fort' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$"},
	{"KMS-ALIAS-NAME", "aws:kms/alias:Alias", map[string]any{"name": "alias/" + strings.Repeat("a", 251)}, map[string]any{"name": "alias/" + strings.Repeat("a", 250)}, "Member must have length less than or equal to 256"},
	{"KMS-ALIAS-RESERVED", "aws:kms/alias:Alias", map[string]any{"name": "alias/aws/s3"}, map[string]any{"name": "alias/awsome"}, "InvalidAliasNameException"},
	{"KMS-DELETION-WINDOW", "aws:kms/key:Key", map[string]any{"deletionWindowInDays": 5}, map[string]any{"deletionWindowInDays": 7}, "Value '5' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7"},
	{"KMS-DELETION-WINDOW", "aws:kms/replicaKey:ReplicaKey", map[string]any{"deletionWindowInDays": 31}, map[string]any{"deletionWindowInDays": 30}, "Member must have value less than or equal to 30"},
	{"LOGS-RETENTION", "aws:cloudwatch/logGroup:LogGroup", map[string]any{"retentionInDays": 2}, map[string]any{"retentionInDays": 365}, "Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30"},
	{"LOGS-RETENTION", "aws:cloudwatch/logGroup:LogGroup", map[string]any{"retentionInDays": 366}, map[string]any{"retentionInDays": 0}, "InvalidParameterException"},
	{"LOGS-GROUP-NAME", "aws:cloudwatch/logGroup:LogGroup", map[string]any{"name": "audit logs"}, map[string]any{"name": "/aws/vendedlogs/audit-1#a.b"}, "at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern"},
	{"LOGS-GROUP-NAME", "aws:cloudwatch/logGroup:LogGroup", map[string]any{"name": strings.Repeat("a", 513)}, map[string]any{"name": strings.Repeat("a", 512)}, "Member must have length less than or equal to 512"},
	{"IAM-ROLE-NAME", "aws:iam/role:Role", map[string]any{"name": "access/audit"}, map[string]any{"name": "access+audit=1,2.x@y-z_"}, "ValidationError: 1 validation error detected: Value 'access/audit' at 'roleName'"},
	{"IAM-ROLE-NAME", "aws:iam/role:Role", map[string]any{"name": strings.Repeat("r", 65)}, map[string]any{"name": strings.Repeat("r", 64)}, "Member must have length less than or equal to 64"},
	{"IAM-ROLE-PATH", "aws:iam/role:Role", map[string]any{"path": "modelfort/"}, map[string]any{"path": "/modelfort/"}, "at 'path' failed to satisfy constraint"},
	{"IAM-ROLE-SESSION", "aws:iam/role:Role", map[string]any{"maxSessionDuration": 900}, map[string]any{"maxSessionDuration": 43200}, "Value '900' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600"},
	{"IAM-ROLE-SESSION", "aws:iam/role:Role", map[string]any{"maxSessionDuration": 43201}, map[string]any{"maxSessionDuration": 3600}, "Member must have value less than or equal to 43200"},
	{"IAM-ROLE-POLICY-NAME", "aws:iam/rolePolicy:RolePolicy", map[string]any{"name": "read logs"}, map[string]any{"name": "read-logs"}, "at 'policyName'"},
	{"S3-BUCKET-NAME", "aws:s3/bucketV2:BucketV2", map[string]any{"bucket": "Models-1"}, map[string]any{"bucket": "models-1"}, "InvalidBucketName: The specified bucket is not valid."},
	{"S3-BUCKET-NAME", "aws:s3/bucketV2:BucketV2", map[string]any{"bucket": "ab"}, map[string]any{"bucket": "abc"}, "between 3 and 63"},
	{"S3-BUCKET-NAME", "aws:s3/bucketV2:BucketV2", map[string]any{"bucket": "models..logs"}, map[string]any{"bucket": "models.logs"}, "two adjacent periods"},
	{"S3-BUCKET-NAME", "aws:s3/bucketV2:BucketV2", map[string]any{"bucket": "192.168.5.4"}, map[string]any{"bucket": "192.168.5.4a"}, "IP address"},
	{"S3-BUCKET-NAME", "aws:s3/bucketV2:BucketV2", map[string]any{"bucket": "xn--models"}, map[string]any{"bucket": "x-models"}, "prefix xn--"},
	{"S3-BUCKET-NAME", "aws:s3/bucketV2:BucketV2", map[string]any{"bucket": "models-s3alias"}, map[string]any{"bucket": "models-s3alia"}, "suffix -s3alias"},
	{"S3-BUCKET-NAME", "aws:s3/bucketV2:BucketV2", map[string]any{"bucket": "-models"}, map[string]any{"bucket": "0models"}, "begin and end with a letter or number"},
	{"BEDROCK-GUARDRAIL-NAME", "aws:bedrock/guardrail:Guardrail", map[string]any{"name": "dr guardrail"}, map[string]any{"name": "dr-guard_rail1"}, "Value 'dr guardrail' at 'name'"},
	{"BEDROCK-GUARDRAIL-NAME", "aws:bedrock/guardrail:Guardrail", map[string]any{"name": strings.Repeat("g", 51)}, map[string]any{"name": strings.Repeat("g", 50)}, "less than or equal to 50"},
	{"BEDROCK-GUARDRAIL-MESSAGING", "aws:bedrock/guardrail:Guardrail", map[string]any{"blockedInputMessaging": strings.Repeat("m", 501)}, map[string]any{"blockedInputMessaging": strings.Repeat("m", 500)}, "at 'blockedInputMessaging' failed to satisfy constraint: Member must have length less than or equal to 500"},
	{"BEDROCK-GUARDRAIL-MESSAGING", "aws:bedrock/guardrail:Guardrail", map[string]any{"blockedOutputsMessaging": ""}, map[string]any{"blockedOutputsMessaging": "withheld"}, "at 'blockedOutputsMessaging' failed to satisfy constraint: Member must have length greater than or equal to 1"},
	{"BEDROCK-FILTER-STRENGTH", "aws:bedrock/guardrail:Guardrail", filters("VIOLENCE", "HIGHEST", "HIGH"), filters("VIOLENCE", "LOW", "MEDIUM"), "Value 'HIGHEST' at 'contentPolicyConfig.filtersConfig.2.member.inputStrength' failed to satisfy constraint: Member must satisfy enum value set: [NONE, LOW, MEDIUM, HIGH]"},
	{"BEDROCK-PROMPT-ATTACK-OUTPUT", "aws:bedrock/guardrail:Guardrail", filters("PROMPT_ATTACK", "HIGH", "HIGH"), filters("PROMPT_ATTACK", "HIGH", "NONE"), "PROMPT_ATTACK content filter strength for response must be NONE"},
	{"ROUTE53-HC-INTERVAL", "aws:route53/healthCheck:HealthCheck", map[string]any{"requestInterval": 5}, map[string]any{"requestInterval": 10}, "Value '5' at 'healthCheckConfig.requestInterval' failed to satisfy constraint: Member must have value greater than or equal to 10"},
	{"ROUTE53-HC-INTERVAL", "aws:route53/healthCheck:HealthCheck", map[string]any{"requestInterval": 60}, map[string]any{"requestInterval": 30}, "less than or equal to 30"},
	{"ROUTE53-HC-THRESHOLD", "aws:route53/healthCheck:HealthCheck", map[string]any{"failureThreshold": 11}, map[string]any{"failureThreshold": 3}, "Value '11' at 'healthCheckConfig.failureThreshold'"},
	{"ROUTE53-HC-THRESHOLD", "aws:route53/healthCheck:HealthCheck", map[string]any{"failureThreshold": 0}, map[string]any{"failureThreshold": 1}, "greater than or equal to 1"},
	{"ROUTE53-HC-REGIONS", "aws:route53/healthCheck:HealthCheck", map[string]any{"regions": []any{"us-east-1", "us-west-2"}}, map[string]any{"regions": []any{"us-east-1", "us-west-2", "eu-west-1"}}, "Value '[us-east-1, us-west-2]' at 'healthCheckConfig.regions' failed to satisfy constraint: Member must have length greater than or equal to 3"},
	{"SAGEMAKER-MODEL-NAME", "aws:sagemaker/model:Model", map[string]any{"name": "primary_model"}, map[string]any{"name": "primary--model-1"}, "Value 'primary_model' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"},
	{"SAGEMAKER-MODEL-NAME", "aws:sagemaker/model:Model", map[string]any{"name": strings.Repeat("m", 64)}, map[string]any{"name": strings.Repeat("m", 63)}, "at 'modelName'"},
	{"SAGEMAKER-ENDPOINT-CONFIG-NAME", "aws:sagemaker/endpointConfiguration:EndpointConfiguration", map[string]any{"name": "primary-"}, map[string]any{"name": "primary-1"}, "at 'endpointConfigName'"},
	{"SAGEMAKER-KMS-NVME", "aws:sagemaker/endpointConfiguration:EndpointConfiguration", endpointConfig("ml.g5.2xlarge"), endpointConfig("ml.p3.2xlarge"), "You can't request a KmsKeyId when using an instance type with local storage (ml.g5.2xlarge)"},
	{"SAGEMAKER-ENDPOINT-NAME", "aws:sagemaker/endpoint:Endpoint", map[string]any{"name": "-primary"}, map[string]any{"name": "Primary-1"}, "at 'endpointName'"},
	{"WAF-WEBACL-NAME", "aws:wafv2/webAcl:WebAcl", map[string]any{"name": "primary acl"}, map[string]any{"name": "primary-acl_1"}, "Value 'primary acl' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w\\-]+$"},
	{"WAF-WEBACL-NAME", "aws:wafv2/webAcl:WebAcl", map[string]any{"name": strings.Repeat("w", 129)}, map[string]any{"name": strings.Repeat("w", 128)}, "less than or equal to 128"},
	{"WAF-RATE-LIMIT", "aws:wafv2/webAcl:WebAcl", rateLimit(5), rateLimit(10), "Value '5' at 'rules.2.member.statement.rateBasedStatement.limit' failed to satisfy constraint: Member must have value greater than or equal to 10"},
	{"WAF-RATE-LIMIT", "aws:wafv2/webAcl:WebAcl", rateLimit(2000000001), rateLimit(2000000000), "less than or equal to 2000000000"},
	{"CLOUDTRAIL-TRAIL-NAME", "aws:cloudtrail/trail:Trail", map[string]any{"name": "my--trail"}, map[string]any{"name": "modelfort-prod"}, "InvalidTrailNameException: This exception is thrown when the provided trail name is not valid."},
	{"CLOUDTRAIL-TRAIL-NAME", "aws:cloudtrail/trail:Trail", map[string]any{"name": "ab"}, map[string]any{"name": "abc"}, "between 3 and 128"},
	{"CLOUDTRAIL-TRAIL-NAME", "aws:cloudtrail/trail:Trail", map[string]any{"name": "trail-"}, map[string]any{"name": "trail.1"}, "end with a letter or number"},
	{"CLOUDTRAIL-TRAIL-NAME", "aws:cloudtrail/trail:Trail", map[string]any{"name": "10.0.0.1"}, map[string]any{"name": "arn:aws:cloudtrail:us-east-1:123456789012:trail/x"}, "IP address"},
	{"BACKUP-VAULT-NAME", "aws:backup/vault:Vault", map[string]any{"name": "backup.vault"}, map[string]any{"name": "backup-vault_1"}, "Value 'backup.vault' at 'backupVaultName'"},
	{"BACKUP-VAULT-NAME", "aws:backup/vault:Vault", map[string]any{"name": strings.Repeat("v", 51)}, map[string]any{"name": strings.Repeat("v", 50)}, "^[a-zA-Z0-9\\-\\_]{2,50}$"},
	{"BACKUP-COLD-90", "aws:backup/plan:Plan", backupPlan(30, 100), backupPlan(30, 120), "Error in rule daily : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays"},
	{"BACKUP-LOCK-CHANGEABLE", "aws:backup/vaultLockConfiguration:VaultLockConfiguration", map[string]any{"changeableForDays": 2}, map[string]any{"changeableForDays": 3}, "you must set ChangeableForDays to 3 or greater"},
}

// cloudOf is the stand-in of a type token's package.
func cloudOf(typ string) *Cloud {
	if strings.HasPrefix(typ, TencentCloud.Package+":") {
		return TencentCloud
	}
	return AWS
}

// documented says whether a rule's source is its cloud's documentation:
// AWS's, or for Tencent Cloud its documentation, the provider's source or
// the SDK's error codes.
func documented(c *Cloud, source string) bool {
	prefixes := []string{"https://docs.aws.amazon.com/"}
	if c == TencentCloud {
		prefixes = []string{"https://www.tencentcloud.com/", "https://cloud.tencent.com/", providerSource, "https://github.com/TencentCloud/tencentcloud-sdk-go/"}
	}
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(source, p) })
}

// TestRulesRefuseAndAccept checks every rule with a value its cloud
// refuses and one it accepts.
func TestRulesRefuseAndAccept(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.rule, func(t *testing.T) {
			c := cloudOf(tc.typ)
			refused := c.Refusals(tc.typ, inputs(tc.bad))
			var found *Refusal
			for i := range refused {
				if refused[i].RuleID == tc.rule {
					found = &refused[i]
				}
			}
			if found == nil {
				t.Fatalf("%s did not refuse %v (refusals: %v)", tc.rule, tc.bad, refused)
			}
			if !strings.Contains(found.Message, tc.want) {
				t.Errorf("message %q; want it to contain %q", found.Message, tc.want)
			}
			if !documented(c, found.Source) {
				t.Errorf("source %q is not %s documentation", found.Source, c.Package)
			}
			if got := c.Refusals(tc.typ, inputs(tc.good)); len(got) > 0 {
				t.Errorf("%v was refused: %v", tc.good, got)
			}
		})
	}
}

// TestEveryRuleHasCases keeps the table above complete.
func TestEveryRuleHasCases(t *testing.T) {
	cases := map[string]bool{}
	for _, tc := range ruleCases {
		cases[tc.rule] = true
	}
	for _, c := range []*Cloud{AWS, TencentCloud} {
		for typ, rules := range c.Rules {
			if _, ok := c.Kinds[typ]; !ok {
				t.Errorf("rules for %s, a type the stand-in does not shape", typ)
			}
			for _, r := range rules {
				if !cases[r.ID] {
					t.Errorf("rule %s has no refused and accepted case in ruleCases", r.ID)
				}
				if r.Property == "" || r.Refuses == "" || r.Message == "" || r.Source == "" || r.check == nil {
					t.Errorf("rule %s is incomplete: %+v", r.ID, r)
				}
			}
		}
	}
}

// TestRulesSkipUnknownValues: a value not known yet (a computed output
// during preview) is never refused, nor is a missing one.
func TestRulesSkipUnknownValues(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewProperty(""))
	cases := map[string]resource.PropertyMap{
		"aws:s3/bucketV2:BucketV2":         {"bucket": unknown},
		"aws:kms/alias:Alias":              {"name": resource.NewProperty(resource.Output{Known: false})},
		"aws:cloudwatch/logGroup:LogGroup": {"retentionInDays": unknown, "name": unknown},
		"aws:wafv2/webAcl:WebAcl":          {"rules": resource.NewProperty([]resource.PropertyValue{unknown})},
		"aws:sagemaker/endpointConfiguration:EndpointConfiguration": {
			"kmsKeyArn":          unknown,
			"productionVariants": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{"instanceType": resource.NewProperty("ml.g5.2xlarge")})}),
		},
		"aws:iam/role:Role": {},
	}
	for typ, in := range cases {
		if got := AWS.Refusals(typ, in); len(got) > 0 {
			t.Errorf("%s: refused what is not known: %v", typ, got)
		}
	}
	// A secret is known: its value is checked.
	secret := resource.PropertyMap{"bucket": resource.MakeSecret(resource.NewProperty("Bad_Bucket"))}
	if got := AWS.Refusals("aws:s3/bucketV2:BucketV2", secret); len(got) != 1 {
		t.Errorf("a secret bucket name was not checked: %v", got)
	}
}

// TestCheckFailsWithTheAWSMessage drives the provider's Check as the
// engine does: a refused value is a check failure on its property, with
// AWS's wording, the rule and its source.
func TestCheckFailsWithTheAWSMessage(t *testing.T) {
	p := NewProvider(AWS)
	typ := "aws:cloudwatch/logGroup:LogGroup"
	resp, err := p.Check(context.Background(), plugin.CheckRequest{
		URN: urn(typ, "audit"), Type: "aws:cloudwatch/logGroup:LogGroup",
		News: inputs(map[string]any{"name": "audit-1", "retentionInDays": 400}),
	})
	if err != nil || len(resp.Failures) != 0 {
		t.Fatalf("a valid log group failed the check: %v %v", resp.Failures, err)
	}
	resp, err = p.Check(context.Background(), plugin.CheckRequest{
		URN: urn(typ, "audit"), Type: "aws:cloudwatch/logGroup:LogGroup",
		News: inputs(map[string]any{"retentionInDays": 2}),
	})
	if err != nil || len(resp.Failures) != 1 {
		t.Fatalf("failures %v, %v; want one", resp.Failures, err)
	}
	f := resp.Failures[0]
	if f.Property != "retentionInDays" ||
		!strings.HasPrefix(f.Reason, "InvalidParameterException: 1 validation error detected: Value '2' at 'retentionInDays'") ||
		!strings.Contains(f.Reason, "LOGS-RETENTION") || !strings.Contains(f.Reason, srcLogsPutRetentionPolicy) {
		t.Errorf("failure %+v", f)
	}
	// The autonamed name is checked too, and is valid.
	if !resp.Properties["name"].IsString() {
		t.Errorf("check lost the generated name: %v", resp.Properties)
	}
}
