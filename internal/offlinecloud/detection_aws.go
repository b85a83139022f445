package offlinecloud

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// GuardDuty, Security Hub, AWS Config and the IAM service-linked role:
// what threat detection (components/aws/threatdetection) creates. They
// join the AWS tables here, so that the tables of the other services stay
// as they are.

// Threat detection resource types.
const (
	typeGuardDutyDetector      = "aws:guardduty/detector:Detector"
	typeGuardDutyFeature       = "aws:guardduty/detectorFeature:DetectorFeature"
	typeMalwareProtectionPlan  = "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"
	typeSecurityHubAccount     = "aws:securityhub/account:Account"
	typeSecurityHubStandard    = "aws:securityhub/standardsSubscription:StandardsSubscription"
	typeConfigRecorder         = "aws:cfg/recorder:Recorder"
	typeConfigDeliveryChannel  = "aws:cfg/deliveryChannel:DeliveryChannel"
	typeConfigRecorderStatus   = "aws:cfg/recorderStatus:RecorderStatus"
	typeConfigRule             = "aws:cfg/rule:Rule"
	typeIAMServiceLinkedRole   = "aws:iam/serviceLinkedRole:ServiceLinkedRole"
	tokenGetGuardDutyDetector  = "aws:guardduty/getDetector:getDetector"
	guardDutyS3DataEvents      = "S3_DATA_EVENTS"
	malwareProtectionPrincipal = "malware-protection-plan.guardduty.amazonaws.com"
)

// Sources of the threat detection rules. Where AWS documents the exception
// but not its text, the text is the one users report from the API (the
// issue cited).
const (
	srcGuardDutyDetectorExists = "https://github.com/hashicorp/terraform-provider-aws/issues/11780"
	srcGuardDutyMalwareRole    = "https://docs.aws.amazon.com/guardduty/latest/ug/troubleshoot-malware-protection-s3-iam-role-permissions-error.html"
	srcSecurityHubSubscribed   = "https://github.com/nozaq/terraform-aws-secure-baseline/issues/158"
	srcSecurityHubNotEnabled   = "https://github.com/joshlarsen/aws-recon/issues/65"
	srcConfigRecorderMax       = "https://github.com/trussworks/terraform-aws-config/issues/69"
	srcConfigChannelRecorder   = "https://github.com/newrelic/aws-log-ingestion/issues/77"
	srcConfigStatusChannel     = "https://github.com/aws/aws-cdk/issues/9001"
	srcConfigRuleRecorder      = "https://github.com/aws-quickstart/quickstart-compliance-common/pull/6"
	srcConfigManagedRules      = "https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html"
	srcIAMServiceLinkedRole    = "https://github.com/common-voice/common-voice/pull/2196"
)

// ConfigManagedRuleIdentifiers are the AWS Config managed rule identifiers
// the stand-in knows (the ones modelfort uses, each checked against its
// page in the AWS Config developer guide); a rule of owner AWS with
// another identifier is refused, as AWS refuses an unknown one.
var ConfigManagedRuleIdentifiers = []string{
	"CLOUDTRAIL_S3_DATAEVENTS_ENABLED", "CLOUDWATCH_ALARM_ACTION_CHECK", "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
	"CLOUD_TRAIL_ENABLED", "CLOUD_TRAIL_ENCRYPTION_ENABLED", "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
	"CMK_BACKING_KEY_ROTATION_ENABLED", "CW_LOGGROUP_RETENTION_PERIOD_CHECK", "DB_INSTANCE_BACKUP_ENABLED",
	"EC2_SECURITY_GROUP_ATTACHED_TO_ENI", "EC2_SECURITY_GROUP_ATTACHED_TO_ENI_PERIODIC", "GUARDDUTY_ENABLED_CENTRALIZED",
	"IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", "MULTI_REGION_CLOUD_TRAIL_ENABLED", "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
	"RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED", "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "RDS_MULTI_AZ_SUPPORT",
	"RDS_STORAGE_ENCRYPTED", "S3_BUCKET_ACL_PROHIBITED", "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
	"S3_BUCKET_LOGGING_ENABLED", "S3_BUCKET_PUBLIC_READ_PROHIBITED", "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
	"S3_BUCKET_SSL_REQUESTS_ONLY", "S3_BUCKET_VERSIONING_ENABLED", "S3_DEFAULT_ENCRYPTION_KMS",
	"SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", "SECURITYHUB_ENABLED", "SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED",
	"VPC_DEFAULT_SECURITY_GROUP_CLOSED", "VPC_FLOW_LOGS_ENABLED", "WAFV2_LOGGING_ENABLED",
}

func init() {
	// A feature's ID is DETECTOR/NAME (terraform-provider-aws
	// internal/service/guardduty/detector_feature.go).
	awsKinds[typeGuardDutyFeature] = Kind{ID: Template("{$detectorId}/{$name}"), NoARN: true, ForceNew: []string{"detectorId", "name"}}
	// A plan's ID is GuardDuty's (20 characters); its ARN is
	// malware-protection-plan/ID
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonguardduty.html).
	awsKinds[typeMalwareProtectionPlan] = Kind{
		ID:       Template("{hex17}abc"),
		ARN:      Template("arn:{partition}:guardduty:{region}:{account}:malware-protection-plan/{id}"),
		ForceNew: []string{"protectedResource"},
		Computed: map[string]Attr{"status": Value("ACTIVE"), "createdAt": Value("2026-01-01T00:00:00Z")},
	}
	// Security Hub's account resource is known by the account ID, its ARN
	// is the hub's; a subscription's ID is its ARN, subscription/PATH of
	// the standard's ARN.
	awsKinds[typeSecurityHubAccount] = Kind{ID: Template("{account}"), ARN: Template("arn:{partition}:securityhub:{region}:{account}:hub/default")}
	awsKinds[typeSecurityHubStandard] = Kind{ID: standardsSubscriptionID, NoARN: true, ForceNew: []string{"standardsArn"}}
	// AWS Config's recorder, delivery channel and status are known by
	// their names ("default" when none is given); a rule by its name, with
	// an ARN of its own ID (config-rule/config-rule-xxxxxx) and that ID.
	awsKinds[typeConfigRecorder] = Kind{ID: configName, NoARN: true, ForceNew: []string{"name"}}
	awsKinds[typeConfigDeliveryChannel] = Kind{ID: configName, NoARN: true, ForceNew: []string{"name"}}
	awsKinds[typeConfigRecorderStatus] = Kind{ID: configName, NoARN: true, ForceNew: []string{"name"}}
	awsKinds[typeConfigRule] = Kind{
		Autoname: "name",
		ID:       Template("{$name}"),
		ARN:      Template("arn:{partition}:config:{region}:{account}:config-rule/config-rule-{hex8}"),
		ForceNew: []string{"name"},
		Computed: map[string]Attr{"ruleId": Template("config-rule-{hex8}")},
	}
	// A service-linked role's ID is its ARN,
	// role/aws-service-role/SERVICE/NAME.
	awsKinds[typeIAMServiceLinkedRole] = Kind{
		ID:       serviceLinkedRoleARN,
		ARN:      serviceLinkedRoleARN,
		ForceNew: []string{"awsServiceName", "customSuffix"},
		Computed: map[string]Attr{
			"name":       serviceLinkedRoleNameAttr,
			"path":       Template("/aws-service-role/{$awsServiceName}/"),
			"uniqueId":   upper("AROA{hex17}"),
			"createDate": Value("2026-01-01T00:00:00Z"),
		},
	}

	awsRules[typeConfigRule] = append(awsRules[typeConfigRule], configRuleIdentifier)
	awsNames[typeGuardDutyDetector] = append(awsNames[typeGuardDutyDetector], guardDutyDetectorTaken)
	awsNames[typeConfigRecorder] = append(awsNames[typeConfigRecorder], configRecorderTaken)
	awsNames[typeSecurityHubAccount] = append(awsNames[typeSecurityHubAccount], securityHubTaken)
	awsNames[typeIAMServiceLinkedRole] = append(awsNames[typeIAMServiceLinkedRole], serviceLinkedRoleTaken)
	awsPrerequisites[typeMalwareProtectionPlan] = append(awsPrerequisites[typeMalwareProtectionPlan], malwarePlanRole, malwarePlanBucket)
	awsPrerequisites[typeSecurityHubStandard] = append(awsPrerequisites[typeSecurityHubStandard], securityHubEnabled)
	awsPrerequisites[typeConfigDeliveryChannel] = append(awsPrerequisites[typeConfigDeliveryChannel], configChannelRecorder)
	awsPrerequisites[typeConfigRecorderStatus] = append(awsPrerequisites[typeConfigRecorderStatus], configStatusChannel)
	awsPrerequisites[typeConfigRule] = append(awsPrerequisites[typeConfigRule], configRuleRecorder)
	if AWS.AccountInvokes == nil {
		AWS.AccountInvokes = map[string]AccountInvokeFunc{}
	}
	AWS.AccountInvokes[tokenGetGuardDutyDetector] = GuardDutyDetectorIn
}

// configName is a Config object's name, "default" when none is given.
func configName(r *Instance) (resource.PropertyValue, error) {
	if v, ok := known(r.Inputs["name"]); ok && v.IsString() && v.StringValue() != "" {
		return v, nil
	}
	return resource.NewProperty("default"), nil
}

func standardsSubscriptionID(r *Instance) (resource.PropertyValue, error) {
	arn, err := r.expand("{$standardsArn}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	_, path, _ := strings.Cut(arn, ":standards/")
	return Template("arn:{partition}:securityhub:{region}:{account}:subscription/" + path)(r)
}

// serviceLinkedRoleName is the role AWS names for a service: the ones
// modelfort uses by AWS's spelling, else AWSServiceRoleFor and the
// service's first label, capitalised; a custom suffix follows "_".
func serviceLinkedRoleName(in resource.PropertyMap) string {
	service := str(in["awsServiceName"])
	name, ok := map[string]string{
		"config.amazonaws.com":      "AWSServiceRoleForConfig",
		"guardduty.amazonaws.com":   "AWSServiceRoleForAmazonGuardDuty",
		"securityhub.amazonaws.com": "AWSServiceRoleForSecurityHub",
	}[service]
	if !ok {
		label, _, _ := strings.Cut(service, ".")
		name = "AWSServiceRoleFor" + strings.ToUpper(label[:min(1, len(label))]) + label[min(1, len(label)):]
	}
	if s := str(in["customSuffix"]); s != "" {
		name += "_" + s
	}
	return name
}

func serviceLinkedRoleNameAttr(r *Instance) (resource.PropertyValue, error) {
	return resource.NewProperty(serviceLinkedRoleName(r.Inputs)), nil
}

func serviceLinkedRoleARN(r *Instance) (resource.PropertyValue, error) {
	return Template("arn:{partition}:iam::{account}:role/aws-service-role/{$awsServiceName}/" + serviceLinkedRoleName(r.Inputs))(r)
}

// perRegion is a Unique's key for an object of which the account holds
// one per region, shown by its name input (or "default").
func perRegion(space string) func(Env, resource.PropertyMap) (string, string, bool) {
	return func(env Env, in resource.PropertyMap) (string, string, bool) {
		shown := "default"
		if v, ok := known(in["name"]); ok && v.IsString() && v.StringValue() != "" {
			shown = v.StringValue()
		}
		return strings.Join([]string{env.Partition, env.Account, env.Region, space}, "/"), shown, true
	}
}

const guardDutyDetectorExists = "BadRequestException: The request is rejected because a detector already exists for the current account."

var guardDutyDetectorTaken = Unique{
	ID: "GUARDDUTY-DETECTOR-TAKEN", Property: "(none: one per region)", Scope: "account and region",
	Message: guardDutyDetectorExists,
	Source:  srcGuardDutyDetectorExists,
	key:     perRegion("guardduty-detector"),
}

var configRecorderTaken = Unique{
	ID: "CONFIG-RECORDER-TAKEN", Property: "name", Scope: "account and region (one recorder, whatever its name)",
	Message: "MaxNumberOfConfigurationRecordersExceededException: Failed to put configuration recorder '{name}' because the maximum number of configuration recorders: 1 is reached.",
	Source:  srcConfigRecorderMax,
	key:     perRegion("config-recorder"),
}

var securityHubTaken = Unique{
	ID: "SECURITYHUB-ACCOUNT-TAKEN", Property: "(none: one per region)", Scope: "account and region",
	Message: "ResourceConflictException: Account is already subscribed to Security Hub",
	Source:  srcSecurityHubSubscribed,
	key:     perRegion("securityhub"),
}

var serviceLinkedRoleTaken = Unique{
	ID: "IAM-SLR-TAKEN", Property: "awsServiceName", Scope: "account (one role per service and suffix)",
	Message: "InvalidInput: Service role name {name} has been taken in this account, please try a different suffix.",
	Source:  srcIAMServiceLinkedRole,
	key: func(env Env, in resource.PropertyMap) (string, string, bool) {
		if v, ok := known(in["awsServiceName"]); !ok || !v.IsString() {
			return "", "", false
		}
		name := serviceLinkedRoleName(in)
		return strings.Join([]string{env.Partition, env.Account, "iam-role", strings.ToLower(name)}, "/"), name, true
	},
}

var configRuleIdentifier = Rule{
	ID: "CONFIG-MANAGED-RULE", Property: "source.sourceIdentifier",
	Refuses: "a rule of owner `AWS` whose identifier is not an AWS Config managed rule the stand-in knows (`offlinecloud.ConfigManagedRuleIdentifiers`; wording not seen from a live call)",
	Message: "InvalidParameterValueException: The sourceIdentifier X is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner.",
	Source:  srcConfigManagedRules,
	check: func(in resource.PropertyMap) []violation {
		owner := lookup(in, "source.owner")
		if len(owner) != 1 || !owner[0].v.IsString() || owner[0].v.StringValue() != "AWS" {
			return nil
		}
		return eachString("source.sourceIdentifier", func(s string, _ []int) (string, bool) {
			return "InvalidParameterValueException: The sourceIdentifier " + s + " is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner.",
				!slices.Contains(ConfigManagedRuleIdentifiers, s)
		})(in)
	},
}

// inRegion says whether the account holds an object of a type in the
// region, optionally one whose input equals a value.
func inRegion(a *Account, env Env, typ string, match func(Record) bool) (bool, error) {
	objs, err := a.List(typ)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(objs, func(o Record) bool { return o.Region == env.Region && (match == nil || match(o)) }), nil
}

var securityHubEnabled = Prerequisite{
	ID:       "SECURITYHUB-ENABLED",
	Requires: "a standards subscription in a region where the account has enabled Security Hub (`aws:securityhub/account:Account`)",
	Message:  "InvalidAccessException: Account X is not subscribed to AWS Security Hub",
	Source:   srcSecurityHubNotEnabled,
	check: func(a *Account, env Env, _ resource.PropertyMap) (string, error) {
		ok, err := inRegion(a, env, typeSecurityHubAccount, nil)
		if err != nil || ok {
			return "", err
		}
		return fmt.Sprintf("InvalidAccessException: Account %s is not subscribed to AWS Security Hub", env.Account), nil
	},
}

var configChannelRecorder = Prerequisite{
	ID:       "CONFIG-CHANNEL-RECORDER",
	Requires: "a delivery channel in a region where the account has a configuration recorder (`aws:cfg/recorder:Recorder`)",
	Message:  "NoAvailableConfigurationRecorderException: Configuration recorder is not available to put delivery channel.",
	Source:   srcConfigChannelRecorder,
	check: func(a *Account, env Env, _ resource.PropertyMap) (string, error) {
		ok, err := inRegion(a, env, typeConfigRecorder, nil)
		if err != nil || ok {
			return "", err
		}
		return "NoAvailableConfigurationRecorderException: Configuration recorder is not available to put delivery channel.", nil
	},
}

var configStatusChannel = Prerequisite{
	ID:       "CONFIG-STATUS-CHANNEL",
	Requires: "a recorder status that starts recording (`isEnabled`) in a region where the account has a delivery channel (`aws:cfg/deliveryChannel:DeliveryChannel`)",
	Message:  "NoAvailableDeliveryChannelException: Delivery channel is not available to start configuration recorder.",
	Source:   srcConfigStatusChannel,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		if v, ok := known(in["isEnabled"]); !ok || !v.IsBool() || !v.BoolValue() {
			return "", nil
		}
		ok, err := inRegion(a, env, typeConfigDeliveryChannel, nil)
		if err != nil || ok {
			return "", err
		}
		return "NoAvailableDeliveryChannelException: Delivery channel is not available to start configuration recorder.", nil
	},
}

var configRuleRecorder = Prerequisite{
	ID:       "CONFIG-RULE-RECORDER",
	Requires: "a Config rule in a region where the account has a configuration recorder (the text is CloudFormation's, as the cited report quotes it)",
	Message:  "NoAvailableConfigurationRecorderException: You must create a configuration recorder before you can create or update a Config rule",
	Source:   srcConfigRuleRecorder,
	check: func(a *Account, env Env, _ resource.PropertyMap) (string, error) {
		ok, err := inRegion(a, env, typeConfigRecorder, nil)
		if err != nil || ok {
			return "", err
		}
		return "NoAvailableConfigurationRecorderException: You must create a configuration recorder before you can create or update a Config rule", nil
	},
}

const malwareRoleRefused = "InvalidInputException: The request was rejected because provided IAM role does not have the required permissions to validate S3 bucket ownership."

// malwarePlanRole: GuardDuty assumes the plan's role and validates the
// bucket's ownership with s3:ListBucket when the plan is created.
var malwarePlanRole = Prerequisite{
	ID:       "GUARDDUTY-MALWARE-ROLE",
	Requires: "a Malware Protection plan whose `role` is a role of the account that `malware-protection-plan.guardduty.amazonaws.com` may assume, with a policy allowing `s3:ListBucket` (weighed by action, as `LAMBDA-VPC-ROLE` does)",
	Message:  malwareRoleRefused,
	Source:   srcGuardDutyMalwareRole,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		arn, ok := known(in["role"])
		if !ok || !arn.IsString() {
			return "", nil
		}
		role, found, err := roleOf(a, env, arn.StringValue())
		if err != nil {
			return "", err
		}
		if !found || !lets(str(role.Outputs["assumeRolePolicy"]), malwareProtectionPrincipal, "sts:AssumeRole") {
			return malwareRoleRefused, nil
		}
		docs, err := rolePolicies(a, env, role)
		if err != nil {
			return "", err
		}
		allowed, denied := false, false
		for _, d := range docs {
			al, de := grants(d, "s3:ListBucket")
			allowed, denied = allowed || al, denied || de
		}
		if !allowed || denied {
			return malwareRoleRefused, nil
		}
		return "", nil
	},
}

// malwarePlanBucket: the protected bucket must be the account's, in the
// plan's region.
var malwarePlanBucket = Prerequisite{
	ID:       "GUARDDUTY-MALWARE-BUCKET",
	Requires: "a Malware Protection plan whose bucket is a bucket of the account in the plan's region (the troubleshooting guide's \"Cross-region enablement\"; the text is the stand-in's)",
	Message:  "InvalidInputException: The request was rejected because the S3 bucket X is not a bucket of this account in this region.",
	Source:   srcGuardDutyMalwareRole,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		b := lookup(in, "protectedResource.s3Bucket.bucketName")
		if len(b) != 1 || !b[0].v.IsString() {
			return "", nil
		}
		_, held, err := a.Get(typeS3Bucket, env.Region, b[0].v.StringValue())
		if err != nil || held {
			return "", err
		}
		return "InvalidInputException: The request was rejected because the S3 bucket " + b[0].v.StringValue() + " is not a bucket of this account in this region.", nil
	},
}

// GuardDutyDetectorIn answers getDetector in an account: the region's
// detector the settings hold (the organization's), else one a stack
// created, with the features its DetectorFeature objects set. A region
// without one fails as the provider does ("reading this account's single
// GuardDuty Detector: empty result", terraform-provider-aws
// internal/service/guardduty/detector_data_source.go; not seen from a live
// call).
func GuardDutyDetectorIn(a *Account, env Env, args resource.PropertyMap) (resource.PropertyMap, error) {
	s, err := a.Settings()
	if err != nil {
		return nil, err
	}
	want := str(args["id"])
	var id, status string
	features := map[string]string{}
	if d, ok := s.AWS.GuardDutyOrganizationDetectors[env.Region]; ok && (want == "" || want == d.ID) {
		id, status = d.ID, d.Status
		for k, v := range d.Features {
			features[k] = v
		}
	} else {
		detectors, err := a.List(typeGuardDutyDetector)
		if err != nil {
			return nil, err
		}
		for _, d := range detectors {
			if d.Region == env.Region && (want == "" || want == d.ID) {
				id, status = d.ID, "DISABLED"
				if v, ok := known(d.Outputs["enable"]); !ok || (v.IsBool() && v.BoolValue()) {
					status = "ENABLED"
				}
			}
		}
		feats, err := a.List(typeGuardDutyFeature)
		if err != nil {
			return nil, err
		}
		for _, f := range feats {
			if f.Region == env.Region && str(f.Outputs["detectorId"]) == id {
				features[str(f.Outputs["name"])] = str(f.Outputs["status"])
			}
		}
	}
	if id == "" {
		return nil, fmt.Errorf("reading this account's single GuardDuty Detector: empty result")
	}
	if status == "" {
		status = "ENABLED"
	}
	names := make([]string, 0, len(features))
	for k := range features {
		names = append(names, k)
	}
	slices.Sort(names)
	var list []any
	for _, n := range names {
		list = append(list, map[string]any{"name": n, "status": features[n], "additionalConfigurations": []any{}})
	}
	if list == nil {
		list = []any{}
	}
	return props(map[string]any{
		"id":                         id,
		"arn":                        fmt.Sprintf("arn:%s:guardduty:%s:%s:detector/%s", env.Partition, env.Region, env.Account, id),
		"status":                     status,
		"features":                   list,
		"findingPublishingFrequency": "FIFTEEN_MINUTES",
		"serviceRoleArn":             fmt.Sprintf("arn:%s:iam::%s:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty", env.Partition, env.Account),
		"tags":                       map[string]any{},
	}), nil
}
