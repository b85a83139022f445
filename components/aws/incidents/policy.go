package incidents

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Publishers are the services that publish to the topic, as service
// principals of this account: CloudWatch (alarm actions), EventBridge (the
// rules' targets) and AWS Backup (vault notifications).
var Publishers = []string{"backup", "cloudwatch", "events"}

// Statement IDs of the topic policy and of the key policy.
const (
	SidServicesPublish       = "ServicesOfThisAccountPublish"
	SidDenyInsecureTransport = "DenyInsecureTransport"
)

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

// ownKey creates the topic's key (kmskey.Key, alias
// alias/PROJECT/STACK/incidents/NAME): the account uses it through SNS
// only, and the Publishers use it themselves, CloudWatch and AWS Backup
// for this account, EventBridge for SNS topics of this account and region
// (see kmskey's ServicePrincipals).
func (a *Args) ownKey(ctx *pulumi.Context, name string, in pulumi.ResourceOrInvokeOption) (pulumi.StringInput, *kmskey.Key, error) {
	return encryption.KeyOrOwn(ctx, pkg, name, nil, kmskey.Args{
		Description:       "modelfort incident routing " + name,
		ViaServices:       []string{"sns"},
		ServicePrincipals: Publishers,
		Tags:              a.Tags,
	}, in)
}
