package kmskey

import (
	"slices"
	"sort"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// UseActions are what a key user may do.
var UseActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}

// SidEventBridgeUsesKey is the statement that lets EventBridge use the key
// for SNS topics of this account and region; SNSTopicEncryptionContext the
// condition key it is held by.
const (
	SidEventBridgeUsesKey     = "EventBridgeUsesKeyForTopicsOfThisAccount"
	SNSTopicEncryptionContext = "kms:EncryptionContext:aws:sns:topicArn"
)

// AdminActions are what a key administrator may do: manage, never use.
var AdminActions = []string{
	"kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*",
	"kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion",
	"kms:TagResource", "kms:UntagResource", "kms:Update*",
}

// policy is the key policy for the key, or its replica, in env.
func (a *Args) policy(ctx *pulumi.Context, env awsenv.Env, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	any := pulumi.StringArray{pulumi.String("*")}
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("RootManagesKeyAndEnablesIAMPolicies"),
			Actions:    pulumi.StringArray{pulumi.String("kms:*")},
			Resources:  any,
			Principals: iampolicy.Principals("AWS", pulumi.String(env.RootArn())),
		},
	}
	// Administrators manage and users use: named principals, apart.
	for _, named := range []struct {
		sid        string
		actions    []string
		principals []pulumi.StringInput
	}{
		{"AdministratorsManageButDoNotUse", AdminActions, a.Administrators},
		{"UsersEncryptAndDecrypt", UseActions, a.Users},
	} {
		if len(named.principals) > 0 {
			stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String(named.sid),
				Actions:    pulumi.ToStringArray(named.actions),
				Resources:  any,
				Principals: iampolicy.Principals("AWS", named.principals...),
			})
		}
	}
	if len(a.ViaServices) > 0 {
		var endpoints []string
		for _, s := range sorted(a.ViaServices) {
			endpoints = append(endpoints, env.ServiceEndpoint(s))
		}
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("AccountUsesKeyThroughServices"),
			Actions:    pulumi.ToStringArray(UseActions),
			Resources:  any,
			Principals: iampolicy.Principals("AWS", pulumi.String("*")),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "kms:ViaService", iampolicy.Strings(endpoints...)...),
				iampolicy.Condition("StringEquals", "kms:CallerAccount", pulumi.String(env.AccountId)),
			},
		})
	}
	var services []pulumi.StringInput
	for _, svc := range sorted(a.ServicePrincipals) {
		if svc == "logs" {
			// CloudWatch Logs signs as a regional principal and names the
			// log group in the encryption context, not the source account.
			stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String("CloudWatchLogsUsesKeyForThisAccount"),
				Actions:    pulumi.ToStringArray(UseActions),
				Resources:  any,
				Principals: iampolicy.Principals("Service", pulumi.String(env.ServiceEndpoint("logs"))),
				Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
					pulumi.Sprintf("arn:%s:logs:%s:%s:log-group:*", env.Partition, env.Region, env.AccountId))},
			})
			continue
		}
		if svc == "events" {
			// EventBridge does not send aws:SourceAccount to KMS when it
			// delivers to an encrypted SNS topic, and SNS does not support
			// that condition there
			// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html):
			// it is held to topics of this account and region through the
			// encryption context SNS gives KMS instead.
			stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String(SidEventBridgeUsesKey),
				Actions:    pulumi.ToStringArray(UseActions),
				Resources:  any,
				Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("events"))),
				Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringLike", SNSTopicEncryptionContext,
					pulumi.Sprintf("arn:%s:sns:%s:%s:*", env.Partition, env.Region, env.AccountId))},
			})
			continue
		}
		services = append(services, pulumi.String(env.ServicePrincipal(svc)))
	}
	if len(services) > 0 {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("ServicesUseKeyForThisAccount"),
			Actions:    pulumi.ToStringArray(UseActions),
			Resources:  any,
			Principals: iampolicy.Principals("Service", services...),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			},
		})
	}
	return iampolicy.Document(ctx, stmts, opts...)
}

// sorted returns xs sorted, without repeats.
func sorted(xs []string) []string {
	out := slices.Clone(xs)
	sort.Strings(out)
	return slices.Compact(out)
}
