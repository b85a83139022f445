package backupvault

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// VaultEvents are the events each vault notifies its topic of: the
// events that report failed jobs and restores, among the current
// BackupVaultEvents of PutBackupVaultNotifications
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultNotifications.html;
// BACKUP_JOB_FAILED, RESTORE_JOB_FAILED and the other *_SUCCESSFUL and
// *_FAILED job events there are deprecated and notify of nothing).
//
// BACKUP_JOB_COMPLETED reports every finished backup job, successful or
// not; what to watch is its State message attribute: FAILED, ABORTED or
// EXPIRED rather than COMPLETED
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/sns-notifications.html).
// RESTORE_JOB_COMPLETED reports every restore, the restore tests' too, so
// that a restore nobody planned is seen as well as a failed one.
var VaultEvents = []string{
	"BACKUP_JOB_COMPLETED",
	"COPY_JOB_FAILED",
	"RESTORE_JOB_COMPLETED",
	"S3_BACKUP_OBJECT_FAILED",
	"S3_RESTORE_OBJECT_FAILED",
}

// topicKeyServices are the services that use a notification topic's own
// key themselves. AWS Backup publishes to the topic, and a service that
// publishes to an encrypted topic must be allowed kms:GenerateDataKey*
// and kms:Decrypt by the key's policy
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
// A kmskey.Key grants that to the services of its ServicePrincipals.
func topicKeyServices() []string {
	return []string{"backup"}
}

// notifications makes vault notify a topic in env's region of
// VaultEvents: given, or a topic of its own named name-notifications,
// encrypted with a key of its own, to which only AWS Backup of this
// account may publish and NotificationEmails subscribe. It returns the
// topic's ARN and the topic (nil when given). in makes the resources
// children of the component; where places them (a provider for the
// copy's region).
func (a *Args) notifications(ctx *pulumi.Context, name string, vault *backup.Vault, given pulumi.StringInput, env awsenv.Env, in pulumi.ResourceOrInvokeOption, where ...pulumi.ResourceOption) (pulumi.StringOutput, *sns.Topic, error) {
	opts := append([]pulumi.ResourceOption{in}, where...)
	var topic *sns.Topic
	var topicArn pulumi.StringOutput
	notifyOpts := opts
	if given != nil {
		topicArn = given.ToStringOutput()
	} else {
		keyArn, _, err := encryption.KeyOrOwn(ctx, pkg, name+"-notifications", nil, kmskey.Args{
			Description:       "modelfort backup notifications of vault " + name,
			ViaServices:       []string{"sns"},
			ServicePrincipals: topicKeyServices(),
			Tags:              a.Tags,
		}, opts...)
		if err != nil {
			return topicArn, nil, err
		}
		if topic, err = sns.NewTopic(ctx, name+"-notifications", &sns.TopicArgs{
			KmsMasterKeyId: keyArn,
			Tags:           tags.Of(a.Tags),
		}, opts...); err != nil {
			return topicArn, nil, err
		}
		topicArn = topic.Arn
		// AWS Backup publishes as its service principal; aws:SourceAccount
		// keeps other accounts' vaults from using the topic (AWS Backup
		// notifies topics of the vault's own account only:
		// https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html).
		policy, err := sns.NewTopicPolicy(ctx, name+"-notifications", &sns.TopicPolicyArgs{
			Arn: topic.Arn,
			Policy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String("AWSBackupPublishes"),
				Actions:    iampolicy.Strings("SNS:Publish"),
				Resources:  pulumi.StringArray{topic.Arn},
				Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("backup"))),
				Conditions: iam.GetPolicyDocumentStatementConditionArray{
					iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
				},
			}}, in),
		}, opts...)
		if err != nil {
			return topicArn, nil, err
		}
		// AWS Backup can publish once the policy is in place.
		notifyOpts = append(slices.Clip(opts), pulumi.DependsOn([]pulumi.Resource{policy}))
		for i, email := range a.NotificationEmails {
			if _, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-notifications-%d", name, i), &sns.TopicSubscriptionArgs{
				Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
			}, opts...); err != nil {
				return topicArn, nil, err
			}
		}
	}
	_, err := backup.NewVaultNotifications(ctx, name, &backup.VaultNotificationsArgs{
		BackupVaultName:   vault.Name,
		SnsTopicArn:       topicArn,
		BackupVaultEvents: pulumi.ToStringArray(a.NotificationEvents),
	}, notifyOpts...)
	return topicArn, topic, err
}
