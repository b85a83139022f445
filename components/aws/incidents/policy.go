package incidents

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// Publishers are the services that publish to the topic, as service
// principals of this account: CloudWatch (alarm actions), EventBridge (the
// rules' targets) and AWS Backup (vault notifications).
var Publishers = []string{"backup", "cloudwatch", "events"}

// Statement IDs of the topic policy and of the key policy.
const (
	SidServicesPublish        = "ServicesOfThisAccountPublish"
	SidDenyInsecureTransport  = "DenyInsecureTransport"
	SidRootManagesKey         = "RootManagesKeyAndEnablesIAMPolicies"
	SidAccountUsesKeyViaSNS   = "AccountUsesKeyThroughSNS"
	SidServicesUseKey         = "CloudWatchAndBackupUseKeyForThisAccount"
	SidEventBridgeUsesKey     = "EventBridgeUsesKeyForTopicsOfThisAccount"
	EventBridgeEncryptionCtxt = "kms:EncryptionContext:aws:sns:topicArn"
)

// PublisherKeyActions are what a service that publishes to an encrypted
// topic needs of its key
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
var PublisherKeyActions = []string{"kms:Decrypt", "kms:GenerateDataKey*"}

// topicActions are the actions of SNS's default topic policy, which the
// TLS-only statement denies without TLS
// (https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit
// shows the statement for SNS:Publish).
var topicActions = []string{
	"SNS:AddPermission", "SNS:DeleteTopic", "SNS:GetTopicAttributes", "SNS:ListSubscriptionsByTopic",
	"SNS:Publish", "SNS:RemovePermission", "SNS:SetTopicAttributes", "SNS:Subscribe",
}

// topicPolicy lets the Publishers of this account publish to the topic,
// and nothing without TLS. aws:SourceAccount keeps other accounts' alarms,
// rules and vaults from using it as a confused deputy
// (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html;
// EventBridge: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions;
// CloudWatch: https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger;
// AWS Backup: https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html).
// The account's own principals need no statement: in one account an IAM
// policy suffices.
func topicPolicy(ctx *pulumi.Context, topic pulumi.StringInput, env awsenv.Env, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	var services []pulumi.StringInput
	for _, s := range Publishers {
		services = append(services, pulumi.String(env.ServicePrincipal(s)))
	}
	return iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidServicesPublish),
			Actions:    iampolicy.Strings("SNS:Publish"),
			Resources:  pulumi.StringArray{topic},
			Principals: iampolicy.Principals("Service", services...),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidDenyInsecureTransport),
			Effect:     pulumi.String("Deny"),
			Actions:    iampolicy.Strings(topicActions...),
			Resources:  pulumi.StringArray{topic},
			Principals: iampolicy.Anyone(),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("Bool", "aws:SecureTransport", pulumi.String("false")),
			},
		},
	}, opts...)
}

// keyPolicy is the policy of the topic's own key. It is written here, not
// by kmskey.Key, because EventBridge cannot use a key under the condition
// that kmskey puts on every service principal: "Adding the
// aws:SourceAccount and aws:SourceArn to a AWS KMS policy is not supported
// for EventBridge-to-encrypted topics"
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html, as
// quoted in https://github.com/awslabs/landing-zone-accelerator-on-aws/issues/407).
// EventBridge is held instead to topics of this account and region by the
// encryption context SNS binds to the topic's messages,
// kms:EncryptionContext:aws:sns:topicArn (as AWS's own examples hold
// publishers, https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html).
// CloudWatch and AWS Backup keep aws:SourceAccount, which they send.
func keyPolicy(ctx *pulumi.Context, env awsenv.Env, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	any := pulumi.StringArray{pulumi.String("*")}
	return iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidRootManagesKey),
			Actions:    iampolicy.Strings("kms:*"),
			Resources:  any,
			Principals: iampolicy.Principals("AWS", pulumi.String(env.RootArn())),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidAccountUsesKeyViaSNS),
			Actions:    pulumi.ToStringArray(kmskey.UseActions),
			Resources:  any,
			Principals: iampolicy.Principals("AWS", pulumi.String("*")),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.String(env.ServiceEndpoint("sns"))),
				iampolicy.Condition("StringEquals", "kms:CallerAccount", pulumi.String(env.AccountId)),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidServicesUseKey),
			Actions:    iampolicy.Strings(PublisherKeyActions...),
			Resources:  any,
			Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("backup")), pulumi.String(env.ServicePrincipal("cloudwatch"))),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidEventBridgeUsesKey),
			Actions:    iampolicy.Strings(PublisherKeyActions...),
			Resources:  any,
			Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("events"))),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringLike", EventBridgeEncryptionCtxt, pulumi.Sprintf("arn:%s:sns:%s:%s:*", env.Partition, env.Region, env.AccountId)),
			},
		},
	}, opts...)
}

// ownKey creates the topic's key (rotated, with kmskey's deletion window)
// and its alias, alias/PROJECT/STACK/incidents/NAME.
func (a *Args) ownKey(ctx *pulumi.Context, name string, env awsenv.Env, in pulumi.ResourceOrInvokeOption) (*kms.Key, error) {
	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String("modelfort incident routing " + name),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(kmskey.DefaultDeletionWindowDays),
		Policy:               keyPolicy(ctx, env, in),
		Tags:                 tags.Of(a.Tags),
	}, in)
	if err != nil {
		return nil, err
	}
	// An alias holds no data: it is never protected, so that renaming it
	// (a replacement) stays possible where the key is protected, as
	// kmskey's.
	_, err = kms.NewAlias(ctx, name, &kms.AliasArgs{
		Name:        pulumi.String(kmskey.DefaultAlias(ctx, pkg+"/"+name)),
		TargetKeyId: key.KeyId,
	}, in, pulumi.Protect(false))
	return key, err
}
