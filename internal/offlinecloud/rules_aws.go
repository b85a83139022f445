package offlinecloud

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/modelfort/modelfort/internal/instancestorage"
)

// Sources of the AWS rules: the API reference of each operation.
const (
	srcKMSCreateAlias          = "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html"
	srcKMSScheduleKeyDeletion  = "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html"
	srcLogsPutRetentionPolicy  = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html"
	srcLogsCreateLogGroup      = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html"
	srcIAMCreateRole           = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"
	srcIAMPutRolePolicy        = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html"
	srcS3BucketNamingRules     = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"
	srcBedrockCreateGuardrail  = "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateGuardrail.html"
	srcBedrockContentFilter    = "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GuardrailContentFilterConfig.html"
	srcRoute53HealthCheck      = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"
	srcSageMakerCreateModel    = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html"
	srcSageMakerCreateEPConfig = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html"
	srcSageMakerCreateEndpoint = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpoint.html"
	srcWAFCreateWebACL         = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html"
	srcWAFRateBasedStatement   = "https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html"
	srcCloudTrailCreateTrail   = "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html"
	srcBackupCreateVault       = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html"
	srcBackupLifecycle         = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html"
	srcBackupVaultLock         = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html"
)

// logRetentionDays are the values PutRetentionPolicy accepts.
var logRetentionDays = []string{"1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180", "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653"}

// awsRules are the values AWS refuses in the inputs of the resource types
// modelfort creates, keyed by type token. The pulumi-aws provider sends
// these inputs to the API operation named in each rule's source, so a
// refusal reads as the operation's error would.
var awsRules = map[string][]Rule{
	"aws:kms/alias:Alias": {
		{
			ID: "KMS-ALIAS-PREFIX", Property: "name",
			Refuses: "an alias name that does not begin with `alias/`",
			Message: `ValidationException: Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`,
			Source:  srcKMSCreateAlias,
			check: eachString("name", func(s string, _ []int) (string, bool) {
				return `ValidationException: Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`, !strings.HasPrefix(s, "alias/")
			}),
		},
		{
			ID: "KMS-ALIAS-NAME", Property: "name",
			Refuses: "an alias name of other characters than `a-zA-Z0-9:/_-`, or longer than 256",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
			Source:  srcKMSCreateAlias,
			check: all(
				length("name", "ValidationException", "aliasName", 1, 256),
				pattern("name", "ValidationException", "aliasName", `^[a-zA-Z0-9:/_-]+$`, `[a-zA-Z0-9:/_-]+`),
			),
		},
		{
			ID: "KMS-ALIAS-RESERVED", Property: "name",
			Refuses: "an alias name under `alias/aws/`, reserved for AWS managed keys",
			Message: "InvalidAliasNameException: The request was rejected because the specified alias name is not valid. (The alias name for a customer managed key cannot begin with alias/aws/: the prefix is reserved for AWS managed keys.)",
			Source:  srcKMSCreateAlias,
			check: eachString("name", func(s string, _ []int) (string, bool) {
				return "InvalidAliasNameException: The request was rejected because the specified alias name is not valid. (The alias name for a customer managed key cannot begin with alias/aws/: the prefix is reserved for AWS managed keys.)", strings.HasPrefix(s, "alias/aws/")
			}),
		},
	},
	"aws:kms/key:Key":               {kmsDeletionWindow},
	"aws:kms/replicaKey:ReplicaKey": {kmsDeletionWindow},

	"aws:cloudwatch/logGroup:LogGroup": {
		{
			ID: "LOGS-RETENTION", Property: "retentionInDays",
			Refuses: "a retention other than " + strings.Join(logRetentionDays, ", ") + " days (0, never expire, is the provider's and is allowed)",
			Message: "InvalidParameterException: 1 validation error detected: Value 'X' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, ...]",
			Source:  srcLogsPutRetentionPolicy,
			check: eachNumber("retentionInDays", func(n float64, _ []int) (string, bool) {
				v := fmt.Sprint(n)
				for _, ok := range logRetentionDays {
					if v == ok {
						return "", false
					}
				}
				return validation("InvalidParameterException", v, "retentionInDays", "Member must satisfy enum value set: ["+strings.Join(logRetentionDays, ", ")+"]"), n != 0
			}),
		},
		{
			ID: "LOGS-GROUP-NAME", Property: "name",
			Refuses: "a log group name of other characters than `.-_/#A-Za-z0-9`, or longer than 512",
			Message: "InvalidParameterException: 1 validation error detected: Value 'X' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
			Source:  srcLogsCreateLogGroup,
			check: all(
				length("name", "InvalidParameterException", "logGroupName", 1, 512),
				pattern("name", "InvalidParameterException", "logGroupName", `[\.\-_/#A-Za-z0-9]+`, ""),
			),
		},
	},

	"aws:iam/role:Role": {
		{
			ID: "IAM-ROLE-NAME", Property: "name",
			Refuses: "a role name of other characters than letters, digits and `_+=,.@-`, or longer than 64",
			Message: "ValidationError: 1 validation error detected: Value 'X' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
			Source:  srcIAMCreateRole,
			check: all(
				length("name", "ValidationError", "roleName", 1, 64),
				pattern("name", "ValidationError", "roleName", `[\w+=,.@-]+`, ""),
			),
		},
		{
			ID: "IAM-ROLE-PATH", Property: "path",
			Refuses: "a path that is not `/` or does not begin and end with `/`, or longer than 512",
			Message: "ValidationError: 1 validation error detected: Value 'X' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
			Source:  srcIAMCreateRole,
			check: all(
				length("path", "ValidationError", "path", 1, 512),
				pattern("path", "ValidationError", "path", `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, `(/)|(/[\x21-\x7E]+/)`),
			),
		},
		{
			ID: "IAM-ROLE-SESSION", Property: "maxSessionDuration",
			Refuses: "a maximum session duration outside 3600 to 43200 seconds",
			Message: "ValidationError: 1 validation error detected: Value 'X' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
			Source:  srcIAMCreateRole,
			check:   valueRange("maxSessionDuration", "ValidationError", "maxSessionDuration", 3600, 43200),
		},
	},
	"aws:iam/rolePolicy:RolePolicy": {
		{
			ID: "IAM-ROLE-POLICY-NAME", Property: "name",
			Refuses: "an inline policy name of other characters than letters, digits and `_+=,.@-`, or longer than 128",
			Message: "ValidationError: 1 validation error detected: Value 'X' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
			Source:  srcIAMPutRolePolicy,
			check: all(
				length("name", "ValidationError", "policyName", 1, 128),
				pattern("name", "ValidationError", "policyName", `[\w+=,.@-]+`, ""),
			),
		},
	},

	"aws:s3/bucketV2:BucketV2": {
		{
			ID: "S3-BUCKET-NAME", Property: "bucket",
			Refuses: "a bucket name outside 3 to 63 characters, with other characters than `a-z0-9.-`, not beginning and ending with a letter or digit, with `..`, shaped as an IP address, with a reserved prefix (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffix (`-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`)",
			Message: "InvalidBucketName: The specified bucket is not valid.",
			Source:  srcS3BucketNamingRules,
			check: eachString("bucket", func(s string, _ []int) (string, bool) {
				why := s3BucketNameProblem(s)
				return "InvalidBucketName: The specified bucket is not valid. (" + why + ")", why != ""
			}),
		},
	},

	"aws:bedrock/guardrail:Guardrail": {
		{
			ID: "BEDROCK-GUARDRAIL-NAME", Property: "name",
			Refuses: "a guardrail name of other characters than `0-9a-zA-Z-_`, or longer than 50",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_]+$",
			Source:  srcBedrockCreateGuardrail,
			check: all(
				length("name", "ValidationException", "name", 1, 50),
				pattern("name", "ValidationException", "name", `^[0-9a-zA-Z-_]+$`, `[0-9a-zA-Z_-]+`),
			),
		},
		{
			ID: "BEDROCK-GUARDRAIL-MESSAGING", Property: "blockedInputMessaging",
			Refuses: "a blocked input or output message that is empty or longer than 500 characters",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'blockedInputMessaging' failed to satisfy constraint: Member must have length less than or equal to 500",
			Source:  srcBedrockCreateGuardrail,
			check: all(
				length("blockedInputMessaging", "ValidationException", "blockedInputMessaging", 1, 500),
				length("blockedOutputsMessaging", "ValidationException", "blockedOutputsMessaging", 1, 500),
			),
		},
		{
			ID: "BEDROCK-FILTER-STRENGTH", Property: "contentPolicyConfig.filtersConfigs[].inputStrength",
			Refuses: "a content filter strength other than NONE, LOW, MEDIUM, HIGH",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'contentPolicyConfig.filtersConfig.1.member.inputStrength' failed to satisfy constraint: Member must satisfy enum value set: [NONE, LOW, MEDIUM, HIGH]",
			Source:  srcBedrockContentFilter,
			check: all(
				enum("contentPolicyConfig.filtersConfigs[].inputStrength", "ValidationException", "contentPolicyConfig.filtersConfig.%d.member.inputStrength", "NONE", "LOW", "MEDIUM", "HIGH"),
				enum("contentPolicyConfig.filtersConfigs[].outputStrength", "ValidationException", "contentPolicyConfig.filtersConfig.%d.member.outputStrength", "NONE", "LOW", "MEDIUM", "HIGH"),
			),
		},
		{
			ID: "BEDROCK-PROMPT-ATTACK-OUTPUT", Property: "contentPolicyConfig.filtersConfigs[].outputStrength",
			Refuses: "a PROMPT_ATTACK filter whose output strength is not NONE (the filter applies to prompts only)",
			Message: "ValidationException: PROMPT_ATTACK content filter strength for response must be NONE",
			Source:  srcBedrockContentFilter,
			check:   promptAttackOutput,
		},
	},

	"aws:route53/healthCheck:HealthCheck": {
		{
			ID: "ROUTE53-HC-INTERVAL", Property: "requestInterval",
			Refuses: "a request interval outside 10 to 30 seconds",
			Message: "InvalidInput: 1 validation error detected: Value 'X' at 'healthCheckConfig.requestInterval' failed to satisfy constraint: Member must have value greater than or equal to 10",
			Source:  srcRoute53HealthCheck,
			check:   valueRange("requestInterval", "InvalidInput", "healthCheckConfig.requestInterval", 10, 30),
		},
		{
			ID: "ROUTE53-HC-THRESHOLD", Property: "failureThreshold",
			Refuses: "a failure threshold outside 1 to 10",
			Message: "InvalidInput: 1 validation error detected: Value 'X' at 'healthCheckConfig.failureThreshold' failed to satisfy constraint: Member must have value less than or equal to 10",
			Source:  srcRoute53HealthCheck,
			check:   valueRange("failureThreshold", "InvalidInput", "healthCheckConfig.failureThreshold", 1, 10),
		},
		{
			ID: "ROUTE53-HC-REGIONS", Property: "regions",
			Refuses: "a list of checker regions with fewer than 3 or more than 64 entries",
			Message: "InvalidInput: 1 validation error detected: Value '[X]' at 'healthCheckConfig.regions' failed to satisfy constraint: Member must have length greater than or equal to 3",
			Source:  srcRoute53HealthCheck,
			check:   listLength("regions", "InvalidInput", "healthCheckConfig.regions", 3, 64),
		},
	},

	"aws:sagemaker/model:Model": {
		{
			ID: "SAGEMAKER-MODEL-NAME", Property: "name",
			Refuses: "a model name that breaks `" + sageMakerNamePattern + "` (letters, digits and inner hyphens, at most 63)",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + sageMakerNamePattern,
			Source:  srcSageMakerCreateModel,
			check:   sageMakerName("modelName"),
		},
	},
	"aws:sagemaker/endpointConfiguration:EndpointConfiguration": {
		{
			ID: "SAGEMAKER-ENDPOINT-CONFIG-NAME", Property: "name",
			Refuses: "an endpoint configuration name that breaks `" + sageMakerNamePattern + "`",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'endpointConfigName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + sageMakerNamePattern,
			Source:  srcSageMakerCreateEPConfig,
			check:   sageMakerName("endpointConfigName"),
		},
		{
			ID: "SAGEMAKER-KMS-NVME", Property: "kmsKeyArn",
			Refuses: "a KMS key for an endpoint configuration whose production variants use an instance type with local NVMe storage (internal/instancestorage)",
			Message: "ValidationException: You can't request a KmsKeyId when using an instance type with local storage (X): local storage volumes are encrypted using a hardware module on the instance",
			Source:  srcSageMakerCreateEPConfig,
			check:   sageMakerKMSOnNVMe,
		},
	},
	"aws:sagemaker/endpoint:Endpoint": {
		{
			ID: "SAGEMAKER-ENDPOINT-NAME", Property: "name",
			Refuses: "an endpoint name that breaks `" + sageMakerNamePattern + "`",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + sageMakerNamePattern,
			Source:  srcSageMakerCreateEndpoint,
			check:   sageMakerName("endpointName"),
		},
	},

	"aws:wafv2/webAcl:WebAcl": {
		{
			ID: "WAF-WEBACL-NAME", Property: "name",
			Refuses: "a web ACL name of other characters than word characters and `-`, or longer than 128",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w\\-]+$",
			Source:  srcWAFCreateWebACL,
			check: all(
				length("name", "ValidationException", "name", 1, 128),
				pattern("name", "ValidationException", "name", `^[\w\-]+$`, `[\w\-]+`),
			),
		},
		{
			ID: "WAF-RATE-LIMIT", Property: "rules[].statement.rateBasedStatement.limit",
			Refuses: "a rate-based rule limit outside 10 to 2,000,000,000 requests",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'rules.1.member.statement.rateBasedStatement.limit' failed to satisfy constraint: Member must have value greater than or equal to 10",
			Source:  srcWAFRateBasedStatement,
			check:   valueRange("rules[].statement.rateBasedStatement.limit", "ValidationException", "rules.%d.member.statement.rateBasedStatement.limit", 10, 2000000000),
		},
	},

	"aws:cloudtrail/trail:Trail": {
		{
			ID: "CLOUDTRAIL-TRAIL-NAME", Property: "name",
			Refuses: "a trail name outside 3 to 128 characters, of other characters than `a-zA-Z0-9._-`, not beginning and ending with a letter or digit, with adjacent `.`, `_` or `-`, or shaped as an IP address",
			Message: "InvalidTrailNameException: This exception is thrown when the provided trail name is not valid.",
			Source:  srcCloudTrailCreateTrail,
			check: eachString("name", func(s string, _ []int) (string, bool) {
				why := trailNameProblem(s)
				return "InvalidTrailNameException: This exception is thrown when the provided trail name is not valid. (" + why + ")", why != ""
			}),
		},
	},

	"aws:backup/vault:Vault": {
		{
			ID: "BACKUP-VAULT-NAME", Property: "name",
			Refuses: "a vault name of other characters than `a-zA-Z0-9-_`, or outside 2 to 50 characters",
			Message: "ValidationException: 1 validation error detected: Value 'X' at 'backupVaultName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\-\\_]{2,50}$",
			Source:  srcBackupCreateVault,
			check:   pattern("name", "ValidationException", "backupVaultName", `^[a-zA-Z0-9\-\_]{2,50}$`, `[a-zA-Z0-9\-_]{2,50}`),
		},
	},
	"aws:backup/plan:Plan": {
		{
			ID: "BACKUP-COLD-90", Property: "rules[].lifecycle.deleteAfter",
			Refuses: "a lifecycle (of a rule or a copy action) that deletes a recovery point less than 90 days after moving it to cold storage",
			Message: "InvalidParameterValueException: Error in rule X : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays",
			Source:  srcBackupLifecycle,
			check:   backupColdStorage,
		},
	},
	"aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
		{
			ID: "BACKUP-LOCK-CHANGEABLE", Property: "changeableForDays",
			Refuses: "a vault lock whose changeable period is shorter than 3 days (the 72-hour cooling-off period)",
			Message: "InvalidParameterValueException: Backup enforces a 72-hour cooling-off period before Vault Lock takes effect and becomes immutable. Therefore, you must set ChangeableForDays to 3 or greater.",
			Source:  srcBackupVaultLock,
			check: eachNumber("changeableForDays", func(n float64, _ []int) (string, bool) {
				return "InvalidParameterValueException: Backup enforces a 72-hour cooling-off period before Vault Lock takes effect and becomes immutable. Therefore, you must set ChangeableForDays to 3 or greater.", n < 3
			}),
		},
	},
}

// kmsDeletionWindow is the waiting period of ScheduleKeyDeletion, which the
// provider sends when the key is destroyed.
var kmsDeletionWindow = Rule{
	ID: "KMS-DELETION-WINDOW", Property: "deletionWindowInDays",
	Refuses: "a key deletion window outside 7 to 30 days",
	Message: "ValidationException: 1 validation error detected: Value 'X' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
	Source:  srcKMSScheduleKeyDeletion,
	check:   valueRange("deletionWindowInDays", "ValidationException", "pendingWindowInDays", 7, 30),
}

// promptAttackOutput refuses a PROMPT_ATTACK filter with an output strength.
func promptAttackOutput(in resource.PropertyMap) []violation {
	var out []violation
	for _, f := range lookup(in, "contentPolicyConfig.filtersConfigs[]") {
		if !f.v.IsObject() {
			continue
		}
		m := f.v.ObjectValue()
		typ, ok1 := known(m["type"])
		strength, ok2 := known(m["outputStrength"])
		if ok1 && ok2 && typ.IsString() && strength.IsString() && typ.StringValue() == "PROMPT_ATTACK" && strength.StringValue() != "NONE" {
			out = append(out, violation{f.path + ".outputStrength", "ValidationException: PROMPT_ATTACK content filter strength for response must be NONE"})
		}
	}
	return out
}

// sageMakerKMSOnNVMe refuses a KMS key for an endpoint configuration whose
// variants run on instance types with local NVMe storage.
func sageMakerKMSOnNVMe(in resource.PropertyMap) []violation {
	key, ok := known(in["kmsKeyArn"])
	if !ok || !key.IsString() || key.StringValue() == "" {
		return nil
	}
	var out []violation
	for _, a := range lookup(in, "productionVariants[].instanceType") {
		if a.v.IsString() && instancestorage.HasNVMe(a.v.StringValue()) {
			out = append(out, violation{"kmsKeyArn", fmt.Sprintf("ValidationException: You can't request a KmsKeyId when using an instance type with local storage (%s): local storage volumes are encrypted using a hardware module on the instance", a.v.StringValue())})
		}
	}
	return out
}

// backupColdStorage refuses a lifecycle that deletes a recovery point less
// than 90 days after it moves to cold storage.
func backupColdStorage(in resource.PropertyMap) []violation {
	var out []violation
	for _, rule := range lookup(in, "rules[]") {
		if !rule.v.IsObject() {
			continue
		}
		name := ""
		if v, ok := known(rule.v.ObjectValue()["ruleName"]); ok && v.IsString() {
			name = v.StringValue()
		}
		in := resource.PropertyMap{"r": rule.v}
		for _, a := range append(lookup(in, "r.lifecycle"), lookup(in, "r.copyActions[].lifecycle")...) {
			if !a.v.IsObject() {
				continue
			}
			cold, ok1 := known(a.v.ObjectValue()["coldStorageAfter"])
			del, ok2 := known(a.v.ObjectValue()["deleteAfter"])
			if !ok1 || !ok2 || !cold.IsNumber() || !del.IsNumber() || cold.NumberValue() <= 0 {
				continue
			}
			if del.NumberValue() < cold.NumberValue()+90 {
				path := rule.path + strings.TrimPrefix(a.path, "r") + ".deleteAfter"
				out = append(out, violation{path, "InvalidParameterValueException: Error in rule " + name + " : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays"})
			}
		}
	}
	return out
}

var (
	s3BucketChars = regexp.MustCompile(`^[a-z0-9.-]+$`)
	trailChars    = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
	trailAdjacent = regexp.MustCompile(`[._-]{2}`)
)

func alnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// s3BucketNameProblem returns the naming rule a general purpose bucket name
// breaks, or "" if it breaks none.
func s3BucketNameProblem(s string) string {
	switch {
	case len(s) < 3 || len(s) > 63:
		return "bucket names must be between 3 and 63 characters long"
	case !s3BucketChars.MatchString(s):
		return "bucket names can consist only of lowercase letters, numbers, periods and hyphens"
	case !alnum(s[0]) || !alnum(s[len(s)-1]):
		return "bucket names must begin and end with a letter or number"
	case strings.Contains(s, ".."):
		return "bucket names must not contain two adjacent periods"
	case isIPv4(s):
		return "bucket names must not be formatted as an IP address"
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(s, p) {
			return "bucket names must not start with the prefix " + p
		}
	}
	for _, suf := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3"} {
		if strings.HasSuffix(s, suf) {
			return "bucket names must not end with the suffix " + suf
		}
	}
	return ""
}

// trailNameProblem returns the requirement of CreateTrail's Name that a
// trail name breaks, or "" if it breaks none. A trail ARN is not a name
// and is left alone.
func trailNameProblem(s string) string {
	switch {
	case strings.HasPrefix(s, "arn:"):
		return ""
	case len(s) < 3 || len(s) > 128:
		return "trail names must be between 3 and 128 characters"
	case !trailChars.MatchString(s):
		return "trail names must contain only ASCII letters, numbers, periods, underscores or dashes"
	case !alnum(s[0]) || !alnum(s[len(s)-1]):
		return "trail names must start with a letter or number, and end with a letter or number"
	case trailAdjacent.MatchString(s):
		return "trail names must have no adjacent periods, underscores or dashes"
	case isIPv4(s):
		return "trail names must not be in IP address format"
	}
	return ""
}
