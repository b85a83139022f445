package aws

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/backupvault"
	"github.com/modelfort/modelfort/components/aws/metadatastore"
	"github.com/modelfort/modelfort/components/aws/modelendpoint"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

// Budget is the recovery budget that a configuration allows: how much data
// a disaster may lose (recovery point) and how long serving may be down
// (recovery time), in the worst case the settings permit.
type Budget struct {
	// ArtifactRPO is the recovery point of model artifacts: S3
	// Replication Time Control's target.
	ArtifactRPO time.Duration
	// BackupRPO is the recovery point of everything backed up: the backup
	// schedule's interval.
	BackupRPO time.Duration
	// MetadataRPO is the recovery point of the metadata store in the DR
	// region: how far its replicated automated backups (snapshots and
	// transaction logs) may lag the primary.
	MetadataRPO time.Duration
	// ProbeDetection is how long the HTTPS probe of the primary's health
	// route (which calls the guardrail and the model) takes to declare it
	// down: interval times failure threshold.
	ProbeDetection time.Duration
	// AlarmDetection is how long the model endpoint's error and latency
	// alarms, which Route 53 also watches, take to see a failing or slow
	// model: period times evaluation periods, and a period more for
	// SageMaker to publish the metrics.
	AlarmDetection time.Duration
	// Detection is the slower of the two: the primary is declared down
	// once either sees the failure, and the budget holds the slower.
	Detection time.Duration
	// DNS is how long resolvers may keep answering with the primary: the
	// failover records' TTL.
	DNS time.Duration
	// ScaleUp is how long the standby takes to grow to the primary's size
	// (zero when it already runs that size).
	ScaleUp time.Duration
}

// EndpointAlarmDetection is how long the model endpoint's failover alarms
// take to see a failure: their period times their evaluation periods,
// and one period more for SageMaker to publish the metrics.
var EndpointAlarmDetection = time.Duration(modelendpoint.DefaultAlarmPeriodSeconds*(modelendpoint.DefaultAlarmEvaluationPeriods+1)) * time.Second

// RPO is the worst recovery point: the largest of the three.
func (b Budget) RPO() time.Duration { return max(b.ArtifactRPO, b.BackupRPO, b.MetadataRPO) }

// RTO is the worst recovery time: detection, DNS and scale-up in a row.
func (b Budget) RTO() time.Duration { return b.Detection + b.DNS + b.ScaleUp }

// Budget computes the recovery budget of a configuration.
func (c Config) Budget() Budget {
	_, backup := backupvault.Schedule(time.Duration(c.BackupRPOHours) * time.Hour)
	b := Budget{
		ArtifactRPO:    wormbucket.ReplicationTimeMinutes * time.Minute,
		BackupRPO:      backup,
		MetadataRPO:    metadatastore.ReplicatedBackupRecoveryPoint,
		ProbeDetection: time.Duration(c.HealthCheckIntervalSeconds*c.HealthCheckFailureThreshold) * time.Second,
		AlarmDetection: EndpointAlarmDetection,
		DNS:            time.Duration(c.DNSTTLSeconds) * time.Second,
	}
	b.Detection = max(b.ProbeDetection, b.AlarmDetection)
	if c.StandbyInstances < c.PrimaryInstances {
		b.ScaleUp = time.Duration(c.ScaleUpMinutes) * time.Minute
	}
	return b
}

// checkBudget fails when the settings cannot meet the targets, naming the
// settings to change.
func (c Config) checkBudget() error {
	b := c.Budget()
	if target := time.Duration(c.RPOTargetMinutes) * time.Minute; b.RPO() > target {
		// Backups run at most hourly; replication needs its 15 minutes,
		// the metadata store's replicated backups their 30.
		if best := max(b.ArtifactRPO, b.MetadataRPO, time.Hour); target < best {
			return fmt.Errorf("no setting meets %s:rpoTargetMinutes %d: S3 replication needs %s, the metadata store's replicated backups %s and backups run at most hourly; "+
				"raise %s:rpoTargetMinutes to at least %d", Namespace, c.RPOTargetMinutes, b.ArtifactRPO, b.MetadataRPO, Namespace, int(best/time.Minute))
		}
		return fmt.Errorf("the recovery point objective is %s but %s:rpoTargetMinutes is %d: backups run every %s; "+
			"lower %s:backupRpoHours to %d or less", b.RPO(), Namespace, c.RPOTargetMinutes, b.BackupRPO,
			Namespace, int(target/time.Hour))
	}
	if target := time.Duration(c.RTOTargetMinutes) * time.Minute; b.RTO() > target {
		hint := fmt.Sprintf("lower %s:healthCheckFailureThreshold, %s:healthCheckIntervalSeconds or %s:dnsTtlSeconds (the endpoint's alarms take %s)",
			Namespace, Namespace, Namespace, b.AlarmDetection)
		if b.ScaleUp > 0 {
			hint = fmt.Sprintf("raise %s:standbyInstances to %d (%s:primaryInstances) to remove the %s scale-up, or %s",
				Namespace, c.PrimaryInstances, Namespace, b.ScaleUp, hint)
		}
		return fmt.Errorf("the worst-case recovery time is %s (detection %s + DNS %s + scale-up %s) but %s:rtoTargetMinutes is %d; %s",
			b.RTO(), b.Detection, b.DNS, b.ScaleUp, Namespace, c.RTOTargetMinutes, hint)
	}
	return nil
}

// Output is the budget as a stack output: minutes of data loss, seconds
// of downtime, and the targets they meet.
func (b Budget) Output(c Config) pulumi.Map {
	minutes := func(d time.Duration) pulumi.Int { return pulumi.Int(int(d / time.Minute)) }
	seconds := func(d time.Duration) pulumi.Int { return pulumi.Int(int(d / time.Second)) }
	return pulumi.Map{
		"rpoMinutes": pulumi.Map{
			"modelArtifacts": minutes(b.ArtifactRPO),
			"backups":        minutes(b.BackupRPO),
			"metadataStore":  minutes(b.MetadataRPO),
			"worst":          minutes(b.RPO()),
			"target":         pulumi.Int(c.RPOTargetMinutes),
		},
		"rtoSeconds": pulumi.Map{
			"probeDetection": seconds(b.ProbeDetection),
			"alarmDetection": seconds(b.AlarmDetection),
			"detection":      seconds(b.Detection),
			"dns":            seconds(b.DNS),
			"scaleUp":        seconds(b.ScaleUp),
			"worst":          seconds(b.RTO()),
			"target":         pulumi.Int(c.RTOTargetMinutes * 60),
		},
	}
}
