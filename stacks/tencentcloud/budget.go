package tencentcloud

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/servingalarms"
)

// AlarmDetection is how long the load balancer's unhealthy-backend alarm
// takes to fire.
const AlarmDetection = servingalarms.BackendDetection

// Budget is the recovery budget a configuration allows: how much data a
// regional disaster may lose (recovery point) and how long serving may be
// down (recovery time), in the worst case the settings permit.
//
// Failover on Tencent Cloud is operator-driven (package failover): the
// load balancer's unhealthy-backend alarm reaches the receivers, on-call
// sets modelfort:activeRegion and runs "pulumi up", the name's TTL runs
// out, and the warm standby grows to the primary's size.
type Budget struct {
	// ReplicationRPO is the recovery point of the model artifacts and
	// audit logs in the replica region: the COS replication lag the
	// configuration assumes (COS documents no bound).
	ReplicationRPO time.Duration
	// Detection is how long the unhealthy-backend alarm takes to fire.
	Detection time.Duration
	// Response is how long on-call takes from the alarm to a finished
	// failover "pulumi up".
	Response time.Duration
	// DNS is how long clients may keep the old address: the name's TTL.
	DNS time.Duration
	// ScaleUp is how long the standby takes to reach the primary's size
	// (zero when it already runs that size).
	ScaleUp time.Duration
}

// RPO is the worst recovery point.
func (b Budget) RPO() time.Duration { return b.ReplicationRPO }

// RTO is the worst recovery time: detection, response, DNS and scale-up
// in a row.
func (b Budget) RTO() time.Duration { return b.Detection + b.Response + b.DNS + b.ScaleUp }

// Budget computes the recovery budget of a configuration.
func (c Config) Budget() Budget {
	b := Budget{
		ReplicationRPO: time.Duration(c.ReplicationMinutes) * time.Minute,
		Detection:      AlarmDetection,
		Response:       time.Duration(c.ResponseMinutes) * time.Minute,
		DNS:            time.Duration(c.DNSTTLSeconds) * time.Second,
	}
	if c.ReplicaMinNodes < c.MinNodes {
		b.ScaleUp = time.Duration(c.ScaleUpMinutes) * time.Minute
	}
	return b
}

// checkBudget fails when the settings cannot meet the targets, naming the
// settings to change.
func (c Config) checkBudget() error {
	b := c.Budget()
	if target := time.Duration(c.RPOTargetMinutes) * time.Minute; b.RPO() > target {
		return fmt.Errorf("the recovery point is %s (the COS replication lag %s:replicationMinutes assumes) but %s:rpoTargetMinutes is %d; "+
			"raise the target, or lower %s:replicationMinutes once a drill has measured a shorter lag", b.RPO(), Namespace, Namespace, c.RPOTargetMinutes, Namespace)
	}
	if target := time.Duration(c.RTOTargetMinutes) * time.Minute; b.RTO() > target {
		hint := fmt.Sprintf("lower %s:responseMinutes or %s:dnsTtlSeconds (the alarm takes %s)", Namespace, Namespace, b.Detection)
		if b.ScaleUp > 0 {
			hint = fmt.Sprintf("raise %s:replicaMinNodes to %d (%s:minNodes) to remove the %s scale-up, or %s", Namespace, c.MinNodes, Namespace, b.ScaleUp, hint)
		}
		return fmt.Errorf("the worst-case recovery time is %s (detection %s + response %s + DNS %s + scale-up %s) but %s:rtoTargetMinutes is %d; %s",
			b.RTO(), b.Detection, b.Response, b.DNS, b.ScaleUp, Namespace, c.RTOTargetMinutes, hint)
	}
	return nil
}

// Output is the budget as a stack output, in the shape of the AWS
// stacks': minutes of data loss, seconds of downtime, and the targets.
func (b Budget) Output(c Config) pulumi.Map {
	minutes := func(d time.Duration) pulumi.Int { return pulumi.Int(int(d / time.Minute)) }
	seconds := func(d time.Duration) pulumi.Int { return pulumi.Int(int(d / time.Second)) }
	return pulumi.Map{
		"rpoMinutes": pulumi.Map{
			"replication": minutes(b.ReplicationRPO),
			"worst":       minutes(b.RPO()),
			"target":      pulumi.Int(c.RPOTargetMinutes),
		},
		"rtoSeconds": pulumi.Map{
			"detection": seconds(b.Detection),
			"response":  seconds(b.Response),
			"dns":       seconds(b.DNS),
			"scaleUp":   seconds(b.ScaleUp),
			"worst":     seconds(b.RTO()),
			"target":    pulumi.Int(c.RTOTargetMinutes * 60),
		},
	}
}
