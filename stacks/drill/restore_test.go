package drill

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRestore(t *testing.T) {
	f, clock, opts := setup(t, "restore")
	start := clock.Now()
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The newest COMPLETED point of the bucket is 40 minutes old (a newer
	// PARTIAL one and another bucket's do not count); the job takes 25.
	if res.DataLost != 40*time.Minute || res.Recover != 25*time.Minute {
		t.Errorf("data lost %s, recover %s", res.DataLost, res.Recover)
	}
	if len(f.restoreJobs) != 1 {
		t.Fatalf("restore jobs %v", f.restoreJobs)
	}
	j := f.restoreJobs["JOB1"]
	bucket := replicaBucket + "-drill-" + strconv.FormatInt(start.Unix(), 10)
	want := map[string]string{"DestinationBucketName": bucket, "NewBucket": "true", "Encrypted": "true", "EncryptionType": "SSE-KMS", "KMSKey": replicaKey}
	if !maps.Equal(j.Metadata, want) {
		t.Errorf("metadata %v, want %v", j.Metadata, want)
	}
	if j.RecoveryPoint != "arn:aws:backup:eu-central-1:123456789012:recovery-point:newest" || j.Role != backupRole || j.ResourceType != "S3" || j.Region != drRegion {
		t.Errorf("job %+v", j)
	}
	if got := regions(f.Calls("backup")); !slices.Equal(got, []string{drRegion}) {
		t.Errorf("backup calls signed for %v", got)
	}
	if !slices.Equal(f.restoredBuckets, []string{bucket}) {
		t.Errorf("restored %v", f.restoredBuckets)
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "aws s3 rb s3://"+bucket+" --force --region "+drRegion) {
		t.Errorf("the report must name the bucket to delete: %v", res.Notes)
	}
	r := NewReport(*res)
	if r.Failed() {
		t.Errorf("report:\n%s", r.Markdown())
	}
	if l := line(t, r, "data lost (age of the newest recovery point)", "rpoMinutes.backups"); l.Status != Pass || l.Measured != "40m0s" || l.Budget != "1h0m0s (rpoMinutes.backups)" {
		t.Errorf("line %+v", l)
	}
	if l := line(t, r, "restored artifact verifies", ""); l.Status != Pass {
		t.Errorf("line %+v", l)
	}
	if l := line(t, r, "time to restore (restore job)", ""); l.Status != Info || l.Measured != "25m0s" {
		t.Errorf("line %+v", l)
	}
}

func TestRestoreKeep(t *testing.T) {
	_, _, opts := setup(t, "restore")
	opts.Keep = true
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	if strings.Contains(notes, "aws s3 rb") || !strings.Contains(notes, "is kept (-keep)") {
		t.Errorf("notes %v", res.Notes)
	}
}

func TestRestoreNoRecoveryPoint(t *testing.T) {
	f, _, opts := setup(t, "restore")
	f.RecoveryPoints = f.RecoveryPoints[2:3] // PARTIAL only
	res, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "no COMPLETED recovery point of "+modelArn+" in the copy vault "+copyVault) ||
		!strings.Contains(err.Error(), "1 PARTIAL") {
		t.Fatalf("err %v", err)
	}
	if len(f.restoreJobs) > 0 {
		t.Error("no restore without a recovery point")
	}
	if r := NewReport(*res); !r.Failed() || line(t, r, "data lost (age of the newest recovery point)", "rpoMinutes.backups").Measured != "not reached" {
		t.Errorf("report:\n%s", r.Markdown())
	}
	f.RecoveryPoints = nil
	if _, err := run(t, opts); err == nil || !strings.Contains(err.Error(), "(recovery points: none at all)") {
		t.Fatalf("err %v", err)
	}
}

func TestRestoreJobFails(t *testing.T) {
	f, _, opts := setup(t, "restore")
	f.RestoreEnds = "FAILED"
	res, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "restore job JOB1 ended FAILED: fake failed") {
		t.Fatalf("err %v", err)
	}
	r := NewReport(*res)
	if !r.Failed() || line(t, r, "time to restore (restore job)", "").Status != Fail {
		t.Errorf("report:\n%s", r.Markdown())
	}
}

func TestRestoreBucketName(t *testing.T) {
	at := time.Unix(1748779200, 0)
	if got := restoreBucketName("models-replica", at); got != "models-replica-drill-1748779200" {
		t.Errorf("got %s", got)
	}
	long := strings.Repeat("a", 50) + "-bcdefghij.k"
	got := restoreBucketName(long, at)
	if len(got) > 63 || !regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`).MatchString(got) || !strings.HasSuffix(got, "-drill-1748779200") {
		t.Errorf("got %s (%d)", got, len(got))
	}
	// A cut that ends in '-' or '.' loses it.
	got = restoreBucketName(strings.Repeat("a", 45)+"-.xyz", at)
	if strings.Contains(got, "--") || strings.Contains(got, ".-") || len(got) > 63 {
		t.Errorf("got %s", got)
	}
}

func TestVaultName(t *testing.T) {
	if n, err := vaultName("arn:aws:backup:eu-central-1:123456789012:backup-vault:my-copy"); err != nil || n != "my-copy" {
		t.Errorf("%s, %v", n, err)
	}
	for _, bad := range []string{"my-copy", "arn:aws:s3:::bucket", "arn:aws:backup:eu-central-1:123456789012:backup-plan:x", "arn:aws:backup:r:1:backup-vault:"} {
		if _, err := vaultName(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
