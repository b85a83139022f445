package threatdetection

import "strings"

// ManagedRule is an AWS Config managed rule the component creates in each
// region (source owner AWS), and the policy-pack rule it mirrors at run
// time: the pack checks a stack's resources at preview, the managed rule
// checks every resource of the region after deployment, so that drift is
// caught, not only what a program asked for.
type ManagedRule struct {
	// Identifier is the managed rule's identifier (SourceIdentifier).
	Identifier string
	// Mirrors are the IDs of the policy-pack rules (policy/rules) that
	// check the same property at preview; empty when the property can
	// only be seen at run time (a security group no interface uses).
	Mirrors []string
	// Parameters are the rule's input parameters, or nil for its
	// defaults.
	Parameters map[string]string
	// Global marks a rule of global (IAM) resources: created only where
	// the recorder records global resources (not with NoGlobalResources).
	Global bool
}

// Doc is the rule's page in the AWS Config developer guide.
func (r ManagedRule) Doc() string {
	return "https://docs.aws.amazon.com/config/latest/developerguide/" + r.Name() + ".html"
}

// Name is the rule's name as AWS's guide spells it, the identifier in
// lower case with '-': "vpc-default-security-group-closed".
func (r ManagedRule) Name() string {
	return strings.ReplaceAll(strings.ToLower(r.Identifier), "_", "-")
}

// ManagedRules are the AWS Config managed rules of every region, in the
// order they are created. Periodic rules run every 24 hours, the default
// of a managed rule without MaximumExecutionFrequency (which AWS refuses
// on a rule triggered by configuration changes, so none is set).
var ManagedRules = []ManagedRule{
	// Network: the default security group, unused security groups
	// (design: "regular review of security groups with removal of unused
	// ones"), flow logs, public IPs.
	{Identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED", Mirrors: []string{"vpc-default-security-group-closed"}},
	{Identifier: "EC2_SECURITY_GROUP_ATTACHED_TO_ENI_PERIODIC"},
	{Identifier: "VPC_FLOW_LOGS_ENABLED", Mirrors: []string{"vpc-flow-logs"}},
	{Identifier: "SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", Mirrors: []string{"vpc-no-public-ip-mapping"}},
	// S3.
	{Identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED", Mirrors: []string{"s3-public-access-block"}},
	{Identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", Mirrors: []string{"s3-public-access-block"}},
	{Identifier: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", Mirrors: []string{"s3-customer-key"}},
	{Identifier: "S3_DEFAULT_ENCRYPTION_KMS", Mirrors: []string{"s3-customer-key"}},
	{Identifier: "S3_BUCKET_SSL_REQUESTS_ONLY", Mirrors: []string{"s3-tls-only"}},
	{Identifier: "S3_BUCKET_VERSIONING_ENABLED", Mirrors: []string{"s3-versioning"}},
	{Identifier: "S3_BUCKET_ACL_PROHIBITED", Mirrors: []string{"s3-acls-disabled"}},
	{Identifier: "S3_BUCKET_LOGGING_ENABLED", Mirrors: []string{"s3-access-logging"}},
	// KMS.
	{Identifier: "CMK_BACKING_KEY_ROTATION_ENABLED", Mirrors: []string{"kms-rotation"}},
	// CloudTrail and CloudWatch.
	{Identifier: "CLOUD_TRAIL_ENABLED", Mirrors: []string{"cloudtrail-secure"}},
	{Identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED", Mirrors: []string{"cloudtrail-secure"}},
	{Identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", Mirrors: []string{"cloudtrail-secure"}},
	{Identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED", Mirrors: []string{"cloudtrail-secure"}},
	{Identifier: "CLOUDTRAIL_S3_DATAEVENTS_ENABLED"},
	{Identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED", Mirrors: []string{"log-group-kms-retention"}},
	{Identifier: "CW_LOGGROUP_RETENTION_PERIOD_CHECK", Mirrors: []string{"log-group-kms-retention"}},
	// An alarm must notify someone; OK and INSUFFICIENT_DATA actions are
	// not required (the rule's defaults require the latter).
	{Identifier: "CLOUDWATCH_ALARM_ACTION_CHECK", Mirrors: []string{"alarm-notifies-subscribers"},
		Parameters: map[string]string{"alarmActionRequired": "true", "insufficientDataActionRequired": "false", "okActionRequired": "false"}},
	// RDS.
	{Identifier: "RDS_STORAGE_ENCRYPTED", Mirrors: []string{"rds-storage-encrypted-cmk"}},
	{Identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", Mirrors: []string{"rds-not-public"}},
	{Identifier: "RDS_INSTANCE_DELETION_PROTECTION_ENABLED", Mirrors: []string{"rds-deletion-protection"}},
	{Identifier: "RDS_MULTI_AZ_SUPPORT", Mirrors: []string{"rds-multi-az"}},
	{Identifier: "RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED", Mirrors: []string{"rds-iam-auth"}},
	{Identifier: "DB_INSTANCE_BACKUP_ENABLED", Mirrors: []string{"rds-backup-retention"}},
	// SageMaker, WAF.
	{Identifier: "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", Mirrors: []string{"sagemaker-endpoint-kms"}},
	{Identifier: "WAFV2_LOGGING_ENABLED", Mirrors: []string{"waf-logging"}},
	// Threat detection itself, so that a detector or hub turned off after
	// deployment shows.
	{Identifier: "GUARDDUTY_ENABLED_CENTRALIZED"},
	{Identifier: "SECURITYHUB_ENABLED"},
	// IAM is global: evaluated where global resources are recorded.
	{Identifier: "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", Mirrors: []string{"iam-no-wildcard-admin"}, Global: true},
}

// ManagedRuleIdentifiers are the identifiers of ManagedRules.
func ManagedRuleIdentifiers() []string {
	out := make([]string, len(ManagedRules))
	for i, r := range ManagedRules {
		out[i] = r.Identifier
	}
	return out
}
