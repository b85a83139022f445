package incidents

import (
	"encoding/json"
	"fmt"
)

// Kinds of EventBridge rules, the keys of Routing.RuleArns and
// Routing.Rules, and the suffixes of the rules' logical names.
const (
	KindGuardDuty   = "guardduty"
	KindSecurityHub = "securityhub"
	KindBackup      = "backup"
	KindShield      = "shield"
)

// Event sources and detail types of the routed events.
const (
	// GuardDutySource and GuardDutyFinding: GuardDuty publishes each new
	// finding, and each update of one, to EventBridge in the region where
	// it was found
	// (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-guardduty.html,
	// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html).
	GuardDutySource  = "aws.guardduty"
	GuardDutyFinding = "GuardDuty Finding"
	// SecurityHubSource and SecurityHubFindingsImported: Security Hub CSPM
	// sends every new and updated finding, one per event, as "Security Hub
	// Findings - Imported", the finding (ASFF) in detail.findings
	// (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.html).
	SecurityHubSource           = "aws.securityhub"
	SecurityHubFindingsImported = "Security Hub Findings - Imported"
	// BackupSource and the job detail types: AWS Backup sends a state
	// change of each backup, copy and restore job
	// (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html,
	// https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html).
	BackupSource = "aws.backup"
	// ShieldSource and CloudTrailAPICall: Shield Advanced sends
	// EventBridge nothing of its own; its API calls arrive as CloudTrail
	// management events, in us-east-1 where Shield's API is
	// (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-shield.html).
	// Attacks are seen through the DDoSDetected metric's alarms instead.
	ShieldSource      = "aws.shield"
	CloudTrailAPICall = "AWS API Call via CloudTrail"
	// ShieldRegion is where Shield Advanced's API, and so its events, are.
	ShieldRegion = "us-east-1"
)

// ShieldWeakeningCalls are the Shield Advanced API calls routed: each
// removes or weakens a protection, its detection or mitigation, or the
// Shield Response Team's means to help
// (https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_Operations.html).
var ShieldWeakeningCalls = []string{
	"DeleteProtection", "DeleteProtectionGroup", "DeleteSubscription",
	"DisableApplicationLayerAutomaticResponse", "DisableProactiveEngagement",
	"DisassociateDRTLogBucket", "DisassociateDRTRole", "DisassociateHealthCheck",
	"UpdateEmergencyContactSettings",
}

// BackupDetailTypes are the AWS Backup job events routed.
var BackupDetailTypes = []string{"Backup Job State Change", "Copy Job State Change", "Restore Job State Change"}

// BackupFailedStates are the job states routed: a backup job ends FAILED,
// ABORTED or EXPIRED rather than COMPLETED
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupJob.html);
// a copy or restore job FAILED or ABORTED
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html).
var BackupFailedStates = []string{"ABORTED", "EXPIRED", "FAILED"}

// SecurityHubLabels and SecurityHubWorkflow select the Security Hub
// findings routed: severity label HIGH or CRITICAL
// (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Severity.html),
// workflow status NEW, so that a finding someone has taken up (NOTIFIED,
// SUPPRESSED, RESOLVED) is not routed again on each update
// (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Workflow.html).
var (
	SecurityHubLabels   = []string{"CRITICAL", "HIGH"}
	SecurityHubWorkflow = []string{"NEW"}
)

// GuardDutyPattern matches GuardDuty findings of severity min or more,
// with EventBridge's numeric matching on detail.severity
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-numeric-matching).
func GuardDutyPattern(min float64) string {
	return pattern(map[string]any{
		"source":      []string{GuardDutySource},
		"detail-type": []string{GuardDutyFinding},
		"detail": map[string]any{
			"severity": []any{map[string]any{"numeric": []any{">=", min}}},
		},
	})
}

// SecurityHubPattern matches imported Security Hub findings labelled HIGH
// or CRITICAL whose workflow status is NEW. detail.findings is a list of
// one finding; a pattern matches a list when one of its elements matches
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html).
func SecurityHubPattern() string {
	return pattern(map[string]any{
		"source":      []string{SecurityHubSource},
		"detail-type": []string{SecurityHubFindingsImported},
		"detail": map[string]any{
			"findings": map[string]any{
				"Severity": map[string]any{"Label": SecurityHubLabels},
				"Workflow": map[string]any{"Status": SecurityHubWorkflow},
			},
		},
	})
}

// BackupPattern matches backup, copy and restore jobs that failed, were
// aborted or expired. Backup and copy job events report detail.state,
// restore job events detail.status, as the AWS Backup API does ("Some
// events report status: COMPLETED whereas other events report state:
// COMPLETED",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html),
// so the pattern matches either with "$or"
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-complex-example-or).
func BackupPattern() string {
	return pattern(map[string]any{
		"source":      []string{BackupSource},
		"detail-type": BackupDetailTypes,
		"detail": map[string]any{
			"$or": []any{
				map[string]any{"state": BackupFailedStates},
				map[string]any{"status": BackupFailedStates},
			},
		},
	})
}

// ShieldPattern matches the Shield Advanced API calls of
// ShieldWeakeningCalls, as CloudTrail records them.
func ShieldPattern() string {
	return pattern(map[string]any{
		"source":      []string{ShieldSource},
		"detail-type": []string{CloudTrailAPICall},
		"detail": map[string]any{
			"eventSource": []string{"shield.amazonaws.com"},
			"eventName":   ShieldWeakeningCalls,
		},
	})
}

// pattern renders an event pattern; encoding/json sorts map keys, so the
// text is stable from run to run.
func pattern(p map[string]any) string {
	b, err := json.Marshal(p)
	if err != nil {
		panic(fmt.Sprintf("incidents: event pattern %v: %v", p, err))
	}
	return string(b)
}
