package aws

import (
	"strings"
	"testing"
	"time"

	"github.com/modelfort/modelfort/components/aws/failover"
)

func TestBudgets(t *testing.T) {
	for env, want := range map[string]struct{ rpo, rto, scaleUp time.Duration }{
		// Detection is the endpoint's alarms' 4 minutes (3 one-minute
		// periods and one of publishing delay), slower than every probe.
		"dev":     {24 * time.Hour, 4*time.Minute + time.Minute, 0},
		"staging": {12 * time.Hour, 4*time.Minute + time.Minute + 10*time.Minute, 10 * time.Minute},
		"prod":    {4 * time.Hour, 4*time.Minute + time.Minute, 0},
	} {
		values := stackConfig(t, env)
		cfg, err := ParseConfig(func(k string) string { return values[k] })
		if err != nil {
			t.Fatal(err)
		}
		b := cfg.Budget()
		// The budget and the failover component agree on the probe's
		// detection; the deployed component's worst case is checked
		// against the budget in TestFailoverFollowsTheModel.
		if got := failover.WorstCaseFailover(cfg.HealthCheckIntervalSeconds, cfg.HealthCheckFailureThreshold, 0); got != b.ProbeDetection || b.Detection != max(b.ProbeDetection, b.AlarmDetection) {
			t.Errorf("%s: budget probe detection %s, failover.WorstCaseFailover %s, detection %s", env, b.ProbeDetection, got, b.Detection)
		}
		if b.RPO() != want.rpo || b.RTO() != want.rto || b.ScaleUp != want.scaleUp || b.ArtifactRPO != 15*time.Minute {
			t.Errorf("%s: RPO %s, RTO %s (scale-up %s); want %s, %s (%s)", env, b.RPO(), b.RTO(), b.ScaleUp, want.rpo, want.rto, want.scaleUp)
		}
	}
}

func TestRunbook(t *testing.T) {
	values := stackConfig(t, "prod")
	cfg, err := ParseConfig(func(k string) string { return values[k] })
	if err != nil {
		t.Fatal(err)
	}
	md, err := Runbook("prod", cfg, map[string]any{"modelReplicaBucket": "models-replica-123", "backupVault": "backup-9"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# Disaster-recovery runbook: prod",
		"| worst-case downtime (RTO) | 5m0s (detection 4m0s + DNS 1m0s + standby scale-up 0s); target 30m0s |",
		"| detection | the slower of the health probe (30s) and the endpoint's alarms (4m0s) |",
		"| us-west-2 | 2 × ml.p3.2xlarge (warm standby) | 4 |",
		"aws s3api list-object-versions --bucket models-replica-123 --region us-west-2",
		"`backup-9`",
		"<modelBucket>", // not deployed: a placeholder
		"## Drills",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the runbook lacks %q", want)
		}
	}
	if strings.Contains(md, "auto\nscaling grows it") {
		t.Error("prod's standby runs the primary's size: no scale-up paragraph")
	}
	dev := stackConfig(t, "dev")
	dcfg, _ := ParseConfig(func(k string) string { return dev[k] })
	dmd, _ := Runbook("dev", dcfg, nil)
	staging := stackConfig(t, "staging")
	scfg, _ := ParseConfig(func(k string) string { return staging[k] })
	smd, _ := Runbook("staging", scfg, nil)
	if !strings.Contains(smd, "The standby runs 1 instance(s), fewer than the primary's 2") || strings.Contains(dmd, "The standby runs") {
		t.Error("only a runbook whose standby is smaller than the primary explains the scale-up")
	}
}
