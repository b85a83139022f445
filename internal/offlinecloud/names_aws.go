package offlinecloud

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Sources of the AWS uniqueness rules: the API reference of the create
// operation, which lists the error, or a public report of the message.
const (
	srcS3CreateBucket           = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html"
	srcS3AlreadyOwned           = "https://github.com/ceph/s3-tests/issues/30"
	srcIAMPolicyExists          = "https://github.com/trussworks/terraform-aws-logs/issues/269"
	srcBackupCreatePlan         = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupPlan.html"
	srcSNSCreateTopic           = "https://github.com/MassTransit/MassTransit/issues/3720"
	srcAPIGatewayCreateDomain   = "https://github.com/zappa/Zappa/issues/532"
	srcRoute53ChangeRecordSets  = "https://github.com/kinvolk-archives/lokomotive-kubernetes/issues/181"
	srcShieldCreateProtection   = "https://github.com/getmoto/moto/blob/master/moto/shield/models.py"
	srcEC2CreateSecurityGroup   = "https://github.com/hashicorp/terraform/issues/15428"
	srcKMSAliasAlreadyExists    = "https://github.com/cloudbees-oss/terraform-aws-cloudbees-ci-eks-addon/issues/66"
	srcTrailAlreadyExists       = "https://github.com/trussworks/terraform-aws-logs/issues/269"
	srcLogsGroupAlreadyExists   = "https://github.com/grycap/scar/issues/82"
	srcWAFDuplicateItem         = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html"
	srcBedrockGuardrailConflict = "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateGuardrail.html#API_CreateGuardrail_Errors"
	srcLambdaCreateFunction     = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"
	// The create operations of restore testing list AlreadyExistsException
	// ("The required resource already exists.") among their errors; the
	// text a duplicate name gets was not found, so the messages follow the
	// vault's, as BACKUP-PLAN-TAKEN's do.
	srcBackupCreateRestoreTestingPlan      = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html"
	srcBackupCreateRestoreTestingSelection = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html"
)

// awsNames are the names AWS lets one object hold at a time, keyed by the
// type token of the resources that hold them.
var awsNames = map[string][]Unique{
	"aws:s3/bucketV2:BucketV2": {{
		ID: "S3-BUCKET-TAKEN", Property: "bucket", Scope: "partition (every account)",
		Message: "BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it.",
		Source:  srcS3AlreadyOwned,
		key:     nameIn("partition", "s3", "bucket", nil),
	}},
	"aws:iam/role:Role": {{
		ID: "IAM-ROLE-TAKEN", Property: "name", Scope: "account",
		Message: "EntityAlreadyExists: Role with name {name} already exists.",
		Source:  "https://github.com/terraform-community-modules/tf_aws_nat/issues/13",
		key:     nameIn("account", "iam-role", "name", strings.ToLower),
	}},
	"aws:iam/policy:Policy": {{
		ID: "IAM-POLICY-TAKEN", Property: "name", Scope: "account (and path)",
		Message: "EntityAlreadyExists: A policy called {name} already exists. Duplicate names are not allowed.",
		Source:  srcIAMPolicyExists,
		key:     nameIn("account", "iam-policy", "name", strings.ToLower),
	}},
	"aws:kms/alias:Alias": {{
		ID: "KMS-ALIAS-TAKEN", Property: "name", Scope: "account and region",
		Message: "AlreadyExistsException: An alias with the name arn:{partition}:kms:{region}:{account}:{name} already exists",
		Source:  srcKMSAliasAlreadyExists,
		key:     nameIn("region", "kms-alias", "name", nil),
	}},
	"aws:cloudwatch/logGroup:LogGroup": {{
		ID: "LOGS-GROUP-TAKEN", Property: "name", Scope: "account and region",
		Message: "ResourceAlreadyExistsException: The specified log group already exists",
		Source:  srcLogsGroupAlreadyExists,
		key:     nameIn("region", "log-group", "name", nil),
	}},
	"aws:sagemaker/model:Model": {{
		ID: "SAGEMAKER-MODEL-TAKEN", Property: "name", Scope: "account and region (case-insensitive)",
		Message: `ValidationException: Cannot create already existing model "arn:{partition}:sagemaker:{region}:{account}:model/{name}".`,
		Source:  "https://github.com/astronomer/astronomer-providers/issues/1055",
		key:     lowerShown(nameIn("region", "sagemaker-model", "name", strings.ToLower)),
	}},
	"aws:sagemaker/endpointConfiguration:EndpointConfiguration": {{
		ID: "SAGEMAKER-ENDPOINT-CONFIG-TAKEN", Property: "name", Scope: "account and region (case-insensitive)",
		Message: `ValidationException: Cannot create already existing endpoint configuration "arn:{partition}:sagemaker:{region}:{account}:endpoint-config/{name}".`,
		Source:  "https://github.com/awslabs/spot-tagging-bot-for-digital-assets/issues/2",
		key:     lowerShown(nameIn("region", "sagemaker-endpoint-config", "name", strings.ToLower)),
	}},
	"aws:sagemaker/endpoint:Endpoint": {{
		ID: "SAGEMAKER-ENDPOINT-TAKEN", Property: "name", Scope: "account and region (case-insensitive)",
		Message: `ValidationException: Cannot create already existing endpoint "arn:{partition}:sagemaker:{region}:{account}:endpoint/{name}".`,
		Source:  "https://github.com/aws/amazon-sagemaker-examples/issues/2491",
		key:     lowerShown(nameIn("region", "sagemaker-endpoint", "name", strings.ToLower)),
	}},
	"aws:backup/vault:Vault": {{
		ID: "BACKUP-VAULT-TAKEN", Property: "name", Scope: "account and region",
		Message: "AlreadyExistsException: A Backup vault with the name {name} already exists",
		Source:  "https://github.com/trackit/terraform-boilerplate/issues/17",
		key:     nameIn("region", "backup-vault", "name", nil),
	}},
	"aws:backup/plan:Plan": {{
		ID: "BACKUP-PLAN-TAKEN", Property: "name", Scope: "account and region",
		Message: "AlreadyExistsException: A Backup plan with the name {name} already exists",
		Source:  srcBackupCreatePlan,
		key:     nameIn("region", "backup-plan", "name", nil),
	}},
	// A restore testing plan name is unique in the account and region; a
	// selection's within its plan (RestoreTestingSelectionName: "the unique
	// name of the restore testing selection that belongs to the related
	// restore testing plan").
	"aws:backup/restoreTestingPlan:RestoreTestingPlan": {{
		ID: "BACKUP-RESTORE-TESTING-PLAN-TAKEN", Property: "name", Scope: "account and region",
		Message: "AlreadyExistsException: A restore testing plan with the name {name} already exists",
		Source:  srcBackupCreateRestoreTestingPlan,
		key:     nameIn("region", "backup-restore-testing-plan", "name", nil),
	}},
	"aws:backup/restoreTestingSelection:RestoreTestingSelection": {{
		ID: "BACKUP-RESTORE-TESTING-SELECTION-TAKEN", Property: "name", Scope: "restore testing plan (account and region)",
		Message: "AlreadyExistsException: A restore testing selection with the name {name} already exists in restore testing plan {$restoreTestingPlanName}",
		Source:  srcBackupCreateRestoreTestingSelection,
		key: func(env Env, in resource.PropertyMap) (string, string, bool) {
			plan, ok := known(in["restoreTestingPlanName"])
			if !ok || !plan.IsString() {
				return "", "", false
			}
			return nameIn("region", "backup-restore-testing-selection/"+plan.StringValue(), "name", nil)(env, in)
		},
	}},
	"aws:cloudtrail/trail:Trail": {{
		ID: "CLOUDTRAIL-TRAIL-TAKEN", Property: "name", Scope: "account and region",
		Message: "TrailAlreadyExistsException: Trail {name} already exists for customer: {account}",
		Source:  srcTrailAlreadyExists,
		key:     nameIn("region", "trail", "name", nil),
	}},
	"aws:bedrock/guardrail:Guardrail": {{
		ID: "BEDROCK-GUARDRAIL-TAKEN", Property: "name", Scope: "account and region",
		Message: "ConflictException: A guardrail with the name {name} already exists.",
		Source:  srcBedrockGuardrailConflict,
		key:     nameIn("region", "guardrail", "name", nil),
	}},
	"aws:wafv2/webAcl:WebAcl": {{
		ID: "WAF-WEBACL-TAKEN", Property: "name", Scope: "account, region and scope (CLOUDFRONT in us-east-1)",
		Message: "WAFDuplicateItemException: WAF couldn’t perform the operation because the resource that you tried to save is a duplicate of an existing one.",
		Source:  srcWAFDuplicateItem,
		key: func(env Env, in resource.PropertyMap) (string, string, bool) {
			scope, ok := known(in["scope"])
			if !ok || !scope.IsString() {
				return "", "", false
			}
			return nameIn("region", "webacl-"+scope.StringValue(), "name", nil)(env, in)
		},
	}},
	"aws:lambda/function:Function": {{
		ID: "LAMBDA-FUNCTION-TAKEN", Property: "name", Scope: "account and region",
		Message: "ResourceConflictException: Function already exist: {name}",
		Source:  srcLambdaCreateFunction,
		key:     nameIn("region", "lambda-function", "name", nil),
	}},
	"aws:sns/topic:Topic": {{
		ID: "SNS-TOPIC-TAKEN", Property: "name", Scope: "account and region",
		Message: "InvalidParameter: Invalid parameter: Tags Reason: Topic already exists with different tags",
		Source:  srcSNSCreateTopic,
		key:     nameIn("region", "sns-topic", "name", nil),
	}},
	"aws:apigateway/domainName:DomainName": {{
		ID: "APIGW-DOMAIN-TAKEN", Property: "domainName", Scope: "account and region",
		Message: "BadRequestException: The domain name you provided already exists.",
		Source:  srcAPIGatewayCreateDomain,
		key:     nameIn("region", "apigw-domain", "domainName", strings.ToLower),
	}},
	"aws:route53/record:Record": {{
		ID: "ROUTE53-RECORD-TAKEN", Property: "name", Scope: "hosted zone (name, type and set identifier)",
		Message: "InvalidChangeBatch: [Tried to create resource record set [name='{name}'] but it already exists]",
		Source:  srcRoute53ChangeRecordSets,
		key:     route53RecordName,
	}},
	"aws:shield/protection:Protection": {{
		ID: "SHIELD-PROTECTION-TAKEN", Property: "resourceArn", Scope: "account (one protection per resource)",
		Message: "ResourceAlreadyExistsException: The referenced protection already exists.",
		Source:  srcShieldCreateProtection,
		key:     nameIn("account", "shield-protection", "resourceArn", nil),
	}},
	"aws:ec2/securityGroup:SecurityGroup": {{
		ID: "EC2-SG-TAKEN", Property: "name", Scope: "VPC",
		Message: "InvalidGroup.Duplicate: The security group '{name}' already exists for VPC '{$vpcId}'",
		Source:  srcEC2CreateSecurityGroup,
		key: func(env Env, in resource.PropertyMap) (string, string, bool) {
			vpc, ok := known(in["vpcId"])
			if !ok || !vpc.IsString() {
				return "", "", false
			}
			return nameIn("region", "sg-"+vpc.StringValue(), "name", nil)(env, in)
		},
	}},
}

// lowerShown shows a name in lower case, as SageMaker spells names in ARNs.
func lowerShown(f func(Env, resource.PropertyMap) (string, string, bool)) func(Env, resource.PropertyMap) (string, string, bool) {
	return func(env Env, in resource.PropertyMap) (string, string, bool) {
		k, shown, ok := f(env, in)
		return k, strings.ToLower(shown), ok
	}
}

// route53RecordName is a record's name in its zone: the name (lower case,
// without the final dot), the type and the set identifier.
func route53RecordName(_ Env, in resource.PropertyMap) (string, string, bool) {
	var parts []string
	for _, k := range []resource.PropertyKey{"zoneId", "name", "type"} {
		v, ok := known(in[k])
		if !ok || !v.IsString() {
			return "", "", false
		}
		parts = append(parts, strings.TrimSuffix(strings.ToLower(v.StringValue()), "."))
	}
	shown := parts[1] + ".', type='" + strings.ToUpper(parts[2])
	if v, ok := known(in["setIdentifier"]); ok && v.IsString() {
		parts = append(parts, v.StringValue())
		shown += "', set-identifier='" + v.StringValue()
	}
	return "route53/" + strings.Join(parts, "/"), shown, true
}
