// Command worm-bucket-replication is an example of wormbucket.Bucket and
// wormbucket.Replication: an object-locked bucket for model artifacts in
// the primary region, its copy in a disaster-recovery region, each with
// its own key, and replication between them under S3 Replication Time
// Control, with alarms when the copy falls more than 15 minutes behind
// (in the DR region, where S3 publishes the latency) or an object fails
// to replicate (in the primary region), each mailed to alarmEmail.
// Delete markers are not replicated (the default): a delete in the
// primary leaves the DR copy serving the last version.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi config set alarmEmail oncall@example.com
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

func program(ctx *pulumi.Context) error {
	drRegion := config.Get(ctx, "drRegion")
	if drRegion == "" {
		drRegion = "us-west-2"
	}
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	// A short GOVERNANCE retention keeps the example easy to clean up; the
	// default is COMPLIANCE for 30 days.
	retention := &wormbucket.Retention{Mode: wormbucket.Governance, Days: 1}
	models, err := wormbucket.NewBucket(ctx, "models", &wormbucket.Args{Retention: retention})
	if err != nil {
		return err
	}
	replica, err := wormbucket.NewBucket(ctx, "models-replica", &wormbucket.Args{Retention: retention}, pulumi.Provider(dr))
	if err != nil {
		return err
	}
	alarmEmail := config.Get(ctx, "alarmEmail")
	if alarmEmail == "" {
		alarmEmail = "oncall@example.com"
	}
	repl, err := wormbucket.NewReplication(ctx, "models", &wormbucket.ReplicationArgs{
		Source: models, Destination: replica,
		AlarmEmails: []string{alarmEmail},
	})
	if err != nil {
		return err
	}
	ctx.Export("bucket", models.BucketName)
	ctx.Export("replicaBucket", replica.BucketName)
	ctx.Export("replicationRole", repl.RoleArn)
	ctx.Export("recoveryPointMinutes", repl.RecoveryPointMinutes)
	// How long after the recovery point is missed the latency alarm fires.
	ctx.Export("latencyAlarmDetectionMinutes", pulumi.Int(int(repl.Detection.Minutes())))
	ctx.Export("latencyAlarm", repl.LatencyAlarmName)
	ctx.Export("failedAlarm", repl.FailedAlarmName)
	ctx.Export("alarmTopic", repl.AlarmTopicArn)
	ctx.Export("drAlarmTopic", repl.DestinationAlarmTopicArn)
	return nil
}

func main() {
	pulumi.Run(program)
}
