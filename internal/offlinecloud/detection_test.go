package offlinecloud

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const (
	malwareTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"malware-protection-plan.guardduty.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	fsbpArn      = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
)

func malwarePlan(role, bucket string) map[string]any {
	in := map[string]any{
		"protectedResource": map[string]any{"s3Bucket": map[string]any{"bucketName": bucket}},
		"actions":           []any{map[string]any{"taggings": []any{map[string]any{"status": "ENABLED"}}}},
	}
	if role != "" {
		in["role"] = role
	}
	return in
}

func configRule(owner, id string) map[string]any {
	return map[string]any{"name": "r", "source": map[string]any{"owner": owner, "sourceIdentifier": id}}
}

// The threat detection rules join the cases of TestRulesRefuseAndAccept,
// TestUniqueNamesAreClaimedAndReleased and TestPrerequisitesRefuseAndAccept:
// each has a refused and an accepted case.
func init() {
	ruleCases = append(ruleCases,
		ruleCase{"CONFIG-MANAGED-RULE", typeConfigRule, configRule("AWS", "VPC_DEFAULT_SG_CLOSED"), configRule("AWS", "VPC_DEFAULT_SECURITY_GROUP_CLOSED"),
			"InvalidParameterValueException: The sourceIdentifier VPC_DEFAULT_SG_CLOSED is invalid."},
		ruleCase{"CONFIG-MANAGED-RULE", typeConfigRule, configRule("AWS", "s3_bucket_versioning_enabled"), configRule("CUSTOM_LAMBDA", "arn:aws:lambda:us-east-1:123456789012:function:f"),
			"sourceIdentifiers that can be used when AWS is the Owner"},
	)
	uniqueCases = append(uniqueCases,
		uniqueCase{"GUARDDUTY-DETECTOR-TAKEN", typeGuardDutyDetector, AWS, AWSEnv("us-east-1"), map[string]any{"enable": true},
			"BadRequestException: The request is rejected because a detector already exists for the current account."},
		uniqueCase{"CONFIG-RECORDER-TAKEN", typeConfigRecorder, AWS, AWSEnv("us-east-1"), map[string]any{"name": "detection", "roleArn": "arn:aws:iam::123456789012:role/r"},
			"MaxNumberOfConfigurationRecordersExceededException: Failed to put configuration recorder 'detection' because the maximum number of configuration recorders: 1 is reached."},
		uniqueCase{"SECURITYHUB-ACCOUNT-TAKEN", typeSecurityHubAccount, AWS, AWSEnv("us-east-1"), map[string]any{"enableDefaultStandards": false},
			"ResourceConflictException: Account is already subscribed to Security Hub"},
		uniqueCase{"IAM-SLR-TAKEN", typeIAMServiceLinkedRole, AWS, AWSEnv("us-east-1"), map[string]any{"awsServiceName": "config.amazonaws.com"},
			"InvalidInput: Service role name AWSServiceRoleForConfig has been taken in this account, please try a different suffix."},
	)
	const roleArn = "arn:aws:iam::123456789012:role/scan"
	prereqCases = append(prereqCases,
		prereqCase{
			rule: "GUARDDUTY-MALWARE-ROLE", typ: typeMalwareProtectionPlan,
			in: malwarePlan(roleArn, "models"),
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-east-1", typeS3Bucket, "models", map[string]any{"bucket": "models"})
				create(t, a, "us-east-1", typeIAMRole, "scan", map[string]any{"name": "scan", "assumeRolePolicy": malwareTrust})
				create(t, a, "us-east-1", typeIAMRolePolicy, "scan", map[string]any{"name": "scan", "role": "scan", "policy": allow("s3:ListBucket")})
			},
			want: "InvalidInputException: The request was rejected because provided IAM role does not have the required permissions to validate S3 bucket ownership.",
		},
		prereqCase{
			rule: "GUARDDUTY-MALWARE-BUCKET", typ: typeMalwareProtectionPlan,
			in: malwarePlan("", "models"),
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-west-2", typeS3Bucket, "elsewhere", map[string]any{"bucket": "models-west"})
				create(t, a, "us-east-1", typeS3Bucket, "models", map[string]any{"bucket": "models"})
			},
			want: "the S3 bucket models is not a bucket of this account in this region",
		},
		prereqCase{
			rule: "SECURITYHUB-ENABLED", typ: typeSecurityHubStandard,
			in: map[string]any{"standardsArn": fsbpArn},
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-east-1", typeSecurityHubAccount, "hub", map[string]any{"enableDefaultStandards": false})
			},
			want: "InvalidAccessException: Account 123456789012 is not subscribed to AWS Security Hub",
		},
		prereqCase{
			rule: "CONFIG-CHANNEL-RECORDER", typ: typeConfigDeliveryChannel,
			in: map[string]any{"name": "detection", "s3BucketName": "config"},
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-west-2", typeConfigRecorder, "west", map[string]any{"name": "west", "roleArn": "r"})
				create(t, a, "us-east-1", typeConfigRecorder, "east", map[string]any{"name": "detection", "roleArn": "r"})
			},
			want: "NoAvailableConfigurationRecorderException: Configuration recorder is not available to put delivery channel.",
		},
		prereqCase{
			rule: "CONFIG-STATUS-CHANNEL", typ: typeConfigRecorderStatus,
			in: map[string]any{"name": "detection", "isEnabled": true},
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-east-1", typeConfigRecorder, "east", map[string]any{"name": "detection", "roleArn": "r"})
				create(t, a, "us-east-1", typeConfigDeliveryChannel, "east", map[string]any{"name": "detection", "s3BucketName": "config"})
			},
			want: "NoAvailableDeliveryChannelException: Delivery channel is not available to start configuration recorder.",
		},
		prereqCase{
			rule: "CONFIG-RULE-RECORDER", typ: typeConfigRule,
			in: configRule("AWS", "VPC_DEFAULT_SECURITY_GROUP_CLOSED"),
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-east-1", typeConfigRecorder, "east", map[string]any{"name": "detection", "roleArn": "r"})
			},
			want: "NoAvailableConfigurationRecorderException",
		},
	)
}

// TestThreatDetectionShapes: IDs and ARNs as the provider and AWS spell
// them.
func TestThreatDetectionShapes(t *testing.T) {
	env := AWSEnv("eu-west-1")
	id, out, err := AWS.Create(env, typeIAMServiceLinkedRole, urn(typeIAMServiceLinkedRole, "slr"), inputs(map[string]any{"awsServiceName": "config.amazonaws.com"}), false)
	want := "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
	if err != nil || id != want || out["arn"].StringValue() != want || out["name"].StringValue() != "AWSServiceRoleForConfig" {
		t.Errorf("service-linked role: %v %q %v", err, id, out)
	}
	id, _, err = AWS.Create(env, typeSecurityHubStandard, urn(typeSecurityHubStandard, "s"),
		inputs(map[string]any{"standardsArn": "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0"}), false)
	if err != nil || id != "arn:aws:securityhub:eu-west-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0" {
		t.Errorf("subscription: %v %q", err, id)
	}
	if id, _, _ := AWS.Create(env, typeConfigRecorder, urn(typeConfigRecorder, "r"), inputs(map[string]any{"roleArn": want}), false); id != "default" {
		t.Errorf("a recorder without a name is %q, not default", id)
	}
	if id, _, _ := AWS.Create(env, typeGuardDutyFeature, urn(typeGuardDutyFeature, "f"), inputs(map[string]any{"detectorId": "d1", "name": "S3_DATA_EVENTS", "status": "ENABLED"}), false); id != "d1/S3_DATA_EVENTS" {
		t.Errorf("feature ID %q", id)
	}
}

// TestOneRecorderPerRegion: a second recorder (another name) in the
// region is refused; another region's is free.
func TestOneRecorderPerRegion(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	create(t, a, "us-east-1", typeConfigRecorder, "a", map[string]any{"name": "a", "roleArn": "r"})
	create(t, a, "us-west-2", typeConfigRecorder, "b", map[string]any{"name": "a", "roleArn": "r"})
	_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeConfigRecorder, urnOf("staging", typeConfigRecorder, "c"), inputs(map[string]any{"name": "other", "roleArn": "r"}), false)
	if err == nil || !strings.Contains(err.Error(), "Failed to put configuration recorder 'other'") {
		t.Errorf("a second recorder of another name: %v", err)
	}
}

// TestGetDetector answers from the account's settings (the organization's
// detector) and from a detector a stack created, with its features; a
// region without one fails.
func TestGetDetector(t *testing.T) {
	a := NewMemoryAccount(Settings{AWS: AWSSettings{GuardDutyOrganizationDetectors: map[string]GuardDutyDetector{
		"us-east-1": {ID: "org1", Status: "ENABLED", Features: map[string]string{"S3_DATA_EVENTS": "ENABLED"}},
	}}})
	out, err := GuardDutyDetectorIn(a, AWSEnv("us-east-1"), resource.PropertyMap{})
	if err != nil || out["id"].StringValue() != "org1" || out["status"].StringValue() != "ENABLED" ||
		out["features"].ArrayValue()[0].ObjectValue()["name"].StringValue() != "S3_DATA_EVENTS" {
		t.Errorf("organization's detector: %v %v", err, out)
	}
	if _, err := GuardDutyDetectorIn(a, AWSEnv("eu-west-1"), resource.PropertyMap{}); err == nil || !strings.Contains(err.Error(), "empty result") {
		t.Errorf("a region without a detector: %v", err)
	}
	det := create(t, a, "eu-west-1", typeGuardDutyDetector, "d", map[string]any{"enable": true})
	out, err = GuardDutyDetectorIn(a, AWSEnv("eu-west-1"), resource.PropertyMap{})
	if err != nil || out["id"].StringValue() != det || len(out["features"].ArrayValue()) != 0 {
		t.Errorf("a stack's detector without features: %v %v", err, out)
	}
	create(t, a, "eu-west-1", typeGuardDutyFeature, "f", map[string]any{"detectorId": det, "name": "S3_DATA_EVENTS", "status": "ENABLED"})
	out, _ = GuardDutyDetectorIn(a, AWSEnv("eu-west-1"), resource.PropertyMap{})
	if len(out["features"].ArrayValue()) != 1 {
		t.Errorf("features: %v", out["features"])
	}
}

// TestGetDetectorReadsTheAccount: the plugins and the harness answer from
// the account they act in, its settings included.
func TestGetDetectorReadsTheAccount(t *testing.T) {
	var st Settings
	if err := json.Unmarshal([]byte(`{"aws":{"guardDutyOrganizationDetectors":{"us-east-1":{"id":"org1","status":"DISABLED"}}}}`), &st); err != nil {
		t.Fatal(err)
	}
	out, err := AWS.InvokeIn(NewMemoryAccount(st), AWSEnv("us-east-1"), tokenGetGuardDutyDetector, resource.PropertyMap{})
	if err != nil || out["status"].StringValue() != "DISABLED" {
		t.Errorf("%v %v", err, out)
	}
}
