package drill

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A serving drill slower than the budget fails its report.
func TestReportServingBreach(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	f.World.DetectAfter = 5 * time.Minute
	f.World.FlipAfter = 5*time.Minute + 30*time.Second
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport(*res)
	if !r.Failed() || r.Verdict() != Fail {
		t.Fatalf("verdict %s", r.Verdict())
	}
	if l := line(t, r, "time to detect", "rtoSeconds.detection"); l.Status != Fail || l.Measured != "5m0s" || *l.MeasuredSeconds != 300 || *l.BudgetSeconds != 240 {
		t.Errorf("line %+v", l)
	}
	if l := line(t, r, "time to fail over (detect + DNS change)", "rtoSeconds.worst"); l.Status != Fail || l.Measured != "5m30s" {
		t.Errorf("line %+v", l)
	}
	if l := line(t, r, "time to fail over (detect + DNS change)", "rtoSeconds.target"); l.Status != Pass {
		t.Errorf("line %+v", l)
	}
	md := r.Markdown()
	if !strings.Contains(md, "| time to detect | 5m0s | 4m0s (rtoSeconds.detection) | FAIL |") || !strings.Contains(md, "| verdict | **FAIL** |") {
		t.Errorf("report:\n%s", md)
	}
}

// A recovery point older than the backup RPO fails the restore report.
func TestReportRestoreBreach(t *testing.T) {
	f, clock, opts := setup(t, "restore")
	f.RecoveryPoints = []fakeRecoveryPoint{{Arn: "arn:aws:backup:eu-central-1:1:recovery-point:stale", ResourceArn: modelArn, Status: "COMPLETED", Created: clock.Now().Add(-2 * time.Hour)}}
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport(*res)
	if !r.Failed() {
		t.Fatal("not failed")
	}
	if l := line(t, r, "data lost (age of the newest recovery point)", "rpoMinutes.backups"); l.Status != Fail || l.Measured != "2h0m0s" {
		t.Errorf("line %+v", l)
	}
	if l := line(t, r, "data lost (age of the newest recovery point)", "rpoMinutes.target"); l.Status != Pass {
		t.Errorf("line %+v", l)
	}
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenario, Verdict string
		Failed            bool
		Measured          map[string]*float64 `json:"measuredSeconds"`
		Lines             []Line
		Budget            struct {
			RPO map[string]int `json:"rpoMinutes"`
		} `json:"recoveryBudget"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scenario != "restore" || doc.Verdict != Fail || !doc.Failed || doc.Measured["dataLost"] == nil || *doc.Measured["dataLost"] != 7200 ||
		doc.Measured["detect"] != nil || doc.Budget.RPO["backups"] != 60 || len(doc.Lines) != len(r.Lines) {
		t.Errorf("JSON:\n%s", b)
	}
}

func TestReportCells(t *testing.T) {
	r := NewReport(Result{Scenario: "restore", Stack: "dev", Checks: []Check{{Name: "a|b", OK: true, Detail: "x\ny"}}})
	if md := r.Markdown(); !strings.Contains(md, `| a\|b | x y | must hold | PASS |`) {
		t.Errorf("report:\n%s", md)
	}
}
