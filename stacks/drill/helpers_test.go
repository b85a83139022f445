package drill

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A stack's names, as its outputs give them.
const (
	primaryRegion  = "eu-west-1"
	drRegion       = "eu-central-1"
	domain         = "api.models.example.com"
	zoneID         = "Z0123456789ABC"
	primaryCheck   = "hc-primary-serving"
	drCheck        = "hc-dr-serving"
	endpointCheck1 = "hc-primary-errors"
	endpointCheck2 = "hc-primary-latency"
	templateID     = "EXTregionoutage1"
	stopAlarm      = "modelfort-dev-drill-stop"
	copyVault      = "modelfort-dev-copy"
	modelBucket    = "modelfort-dev-models-abc123"
	replicaBucket  = "modelfort-dev-models-replica-abc123"
	modelArn       = "arn:aws:s3:::" + modelBucket
	artifactKey    = "models/sha256/" + "PLACEHOLDER" + "/model.tar.gz"
	backupRole     = "arn:aws:iam::123456789012:role/modelfort-dev-backup"
	replicaKey     = "arn:aws:kms:eu-central-1:123456789012:key/mrk-0123"
	primaryTarget  = "d-primary.execute-api.eu-west-1.amazonaws.com"
	drTarget       = "d-dr.execute-api.eu-central-1.amazonaws.com"
)

// modelBody is the published artifact; modelDigest its SHA-256.
var (
	modelBody   = []byte("weights of a small model\n")
	modelDigest = func() string { s := sha256.Sum256(modelBody); return hex.EncodeToString(s[:]) }()
	modelKey    = strings.Replace(artifactKey, "PLACEHOLDER", modelDigest, 1)
)

// testOutputs are a stack's outputs as "pulumi stack output --json"
// gives them (numbers are float64 once decoded).
func testOutputs(t *testing.T) map[string]any {
	t.Helper()
	doc := map[string]any{
		"environment": "dev", "primaryRegion": primaryRegion, "drRegion": drRegion,
		"domainName": domain, "hostedZoneId": zoneID,
		"healthCheckIds":         map[string]any{"primary": primaryCheck, "dr": drCheck},
		"endpointHealthCheckIds": map[string]any{"primary": []any{endpointCheck1, endpointCheck2}, "dr": []any{"hc-dr-errors"}},
		"faultInjection": map[string]any{
			"region": primaryRegion, "regionOutageTemplateId": templateID, "stopAlarmName": stopAlarm,
			"stopMetricNamespace": "modelfort/Drills", "stopMetricName": "StopRequested",
			"stopMetricDimension": "Experiment", "stopMetricDimensionValue": "modelfort-dev-region-outage",
		},
		"backupVault":        "modelfort-dev",
		"backupCopyVaultArn": "arn:aws:backup:" + drRegion + ":123456789012:backup-vault:" + copyVault,
		"backupRoleArn":      backupRole,
		"dataKeyReplicaArn":  replicaKey,
		"modelBucket":        modelBucket, "modelBucketArn": modelArn, "modelReplicaBucket": replicaBucket,
		"modelArtifactKey": modelKey, "modelDigest": modelDigest,
		"recoveryBudget": map[string]any{
			"rpoMinutes": map[string]any{"modelArtifacts": 15, "backups": 60, "worst": 60, "target": 240},
			"rtoSeconds": map[string]any{"probeDetection": 90, "alarmDetection": 240, "detection": 240, "dns": 60, "scaleUp": 0, "worst": 300, "target": 7200},
		},
	}
	// Through JSON, as the command reads them.
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// setup is a fake AWS with the stack's buckets and a recovery point, and
// options that drive it with a fake clock and a 10-second poll.
func setup(t *testing.T, scenario string) (*fakeAWS, *fakeClock, Options) {
	t.Helper()
	clock := newFakeClock()
	f := newFakeAWS(t, clock)
	f.World = world{DetectAfter: 60 * time.Second, FlipAfter: 90 * time.Second, HealAfter: 120 * time.Second, FlipBackAfter: 150 * time.Second}
	f.ExperimentLasts = 10 * time.Minute
	f.RestoreTakes = 25 * time.Minute
	now := clock.Now()
	f.Buckets[modelBucket] = &fakeBucket{Region: primaryRegion, Objects: map[string][]*fakeVersion{}}
	f.Buckets[replicaBucket] = &fakeBucket{Region: drRegion, Objects: map[string][]*fakeVersion{}}
	f.put(f.Buckets[modelBucket], modelKey, modelBody, now)
	f.put(f.Buckets[replicaBucket], modelKey, modelBody, now)
	f.RecoveryPoints = []fakeRecoveryPoint{
		{Arn: "arn:aws:backup:eu-central-1:123456789012:recovery-point:old", ResourceArn: modelArn, Status: "COMPLETED", Created: now.Add(-3 * time.Hour)},
		{Arn: "arn:aws:backup:eu-central-1:123456789012:recovery-point:newest", ResourceArn: modelArn, Status: "COMPLETED", Created: now.Add(-40 * time.Minute)},
		{Arn: "arn:aws:backup:eu-central-1:123456789012:recovery-point:partial", ResourceArn: modelArn, Status: "PARTIAL", Created: now.Add(-5 * time.Minute)},
		{Arn: "arn:aws:backup:eu-central-1:123456789012:recovery-point:other", ResourceArn: "arn:aws:s3:::other", Status: "COMPLETED", Created: now.Add(-time.Minute)},
	}
	opts := Options{
		Stack: "dev", Scenario: scenario, Outputs: testOutputs(t),
		Clients: f.clients(), Clock: clock, Poll: 10 * time.Second, Timeout: time.Hour,
		Log: testLog{t},
	}
	return f, clock, opts
}

// testLog sends a drill's progress to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func run(t *testing.T, opts Options) (*Result, error) {
	t.Helper()
	return Run(context.Background(), opts)
}

// stepNames are the names of a result's steps.
func stepNames(res *Result) []string {
	var names []string
	for _, s := range res.Steps {
		names = append(names, s.Name)
	}
	return names
}

// line is the report line named name whose budget mentions budget.
func line(t *testing.T, r Report, name, budget string) Line {
	t.Helper()
	for _, l := range r.Lines {
		if l.Name == name && strings.Contains(l.Budget, budget) {
			return l
		}
	}
	t.Fatalf("no line %q (%s) in %+v", name, budget, r.Lines)
	return Line{}
}

// regions are the distinct regions of calls.
func regions(calls []call) []string {
	seen := map[string]bool{}
	var rs []string
	for _, c := range calls {
		if !seen[c.Region] {
			seen[c.Region] = true
			rs = append(rs, c.Region)
		}
	}
	return rs
}

func ops(calls []call) []string {
	var os []string
	for _, c := range calls {
		os = append(os, c.Op)
	}
	return os
}
