package drill

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Statuses of a report line.
const (
	Pass        = "PASS"
	Fail        = "FAIL"
	NotMeasured = "NOT MEASURED"
	// Info is a measurement with no budget to meet.
	Info = "INFO"
)

// measures are the measurements each scenario takes.
var measures = map[string][]string{
	"region-outage":       {MeasureDetect, MeasureFailover, MeasureRecover, MeasureDataLost},
	"endpoint-failure":    {MeasureDetect, MeasureFailover, MeasureRecover, MeasureDataLost},
	"restore":             {MeasureRecover, MeasureDataLost},
	"artifact-corruption": {MeasureDetect, MeasureRecover, MeasureDataLost},
}

// Line is one comparison of a measurement with its budget.
type Line struct {
	Name string `json:"name"`
	// Measured and Budget are for people: "4m10s", "not reached".
	Measured string `json:"measured"`
	Budget   string `json:"budget"`
	Status   string `json:"status"`
	// MeasuredSeconds and BudgetSeconds are for machines; absent where
	// nothing was measured or there is no budget.
	MeasuredSeconds *float64 `json:"measuredSeconds,omitempty"`
	BudgetSeconds   *float64 `json:"budgetSeconds,omitempty"`
}

// Report is a drill's Result judged against the stack's recovery budget.
type Report struct {
	Result Result
	Lines  []Line
}

// NewReport judges res against its budget: detection within
// rtoSeconds.detection and detection plus failover within
// rtoSeconds.worst and rtoSeconds.target (serving drills), data lost
// within the scenario's recovery point (none for serving,
// rpoMinutes.backups and .target for a restore, rpoMinutes.modelArtifacts
// for artifacts), and every check. Recovery times have no budget and are
// reported as information.
func NewReport(res Result) Report {
	r := Report{Result: res}
	b := res.Budget
	switch res.Scenario {
	case "region-outage", "endpoint-failure":
		r.budgetLine("time to detect", []string{MeasureDetect}, res.Detect, seconds(b.RTOSeconds.Detection), "rtoSeconds.detection")
		total := res.Detect + res.Failover
		r.budgetLine("time to fail over (detect + DNS change)", []string{MeasureDetect, MeasureFailover}, total, seconds(b.RTOSeconds.Worst), "rtoSeconds.worst")
		r.budgetLine("time to fail over (detect + DNS change)", []string{MeasureDetect, MeasureFailover}, total, seconds(b.RTOSeconds.Target), "rtoSeconds.target")
		r.budgetLine("data lost", nil, 0, 0, "none: serving keeps no state")
		r.infoLine("time to recover (fail back)", MeasureRecover, res.Recover)
	case "restore":
		r.budgetLine("data lost (age of the newest recovery point)", []string{MeasureDataLost}, res.DataLost, minutes(b.RPOMinutes.Backups), "rpoMinutes.backups")
		r.budgetLine("data lost (age of the newest recovery point)", []string{MeasureDataLost}, res.DataLost, minutes(b.RPOMinutes.Target), "rpoMinutes.target")
		r.infoLine("time to restore (restore job)", MeasureRecover, res.Recover)
	case "artifact-corruption":
		r.budgetLine("data lost", []string{MeasureDataLost, MeasureRecover}, res.DataLost, minutes(b.RPOMinutes.ModelArtifacts), "rpoMinutes.modelArtifacts")
		r.infoLine("time to detect (verification)", MeasureDetect, res.Detect)
		r.infoLine("time to recover (locked version back, verified)", MeasureRecover, res.Recover)
	}
	for _, c := range res.Checks {
		l := Line{Name: c.Name, Measured: c.Detail, Budget: "must hold", Status: Pass}
		if !c.OK {
			l.Status = Fail
		}
		r.Lines = append(r.Lines, l)
	}
	return r
}

func secs(d time.Duration) *float64 {
	s := d.Seconds()
	return &s
}

// budgetLine compares a measurement (taken when none of needs is
// missing) with a budget.
func (r *Report) budgetLine(name string, needs []string, measured, budget time.Duration, budgetName string) {
	l := Line{Name: name, Budget: fmt.Sprintf("%s (%s)", fmtDuration(budget), budgetName), BudgetSeconds: secs(budget)}
	switch {
	case r.Result.DryRun:
		l.Measured, l.Status = "not measured", NotMeasured
	case r.Result.missingAny(needs):
		l.Measured, l.Status = "not reached", Fail
	default:
		l.Measured, l.MeasuredSeconds = fmtDuration(measured), secs(measured)
		l.Status = Pass
		if measured > budget {
			l.Status = Fail
		}
	}
	r.Lines = append(r.Lines, l)
}

// infoLine reports a measurement with no budget; one not reached fails.
func (r *Report) infoLine(name, need string, measured time.Duration) {
	l := Line{Name: name, Budget: "none", Status: Info}
	switch {
	case r.Result.DryRun:
		l.Measured, l.Status = "not measured", NotMeasured
	case r.Result.missingAny([]string{need}):
		l.Measured, l.Status = "not reached", Fail
	default:
		l.Measured, l.MeasuredSeconds = fmtDuration(measured), secs(measured)
	}
	r.Lines = append(r.Lines, l)
}

func (res *Result) missingAny(names []string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return slices.Contains(res.Missing, n) })
}

// Failed is a report with a failed line or an aborted drill: the drill
// command exits non-zero.
func (r Report) Failed() bool {
	return r.Result.Aborted || slices.ContainsFunc(r.Lines, func(l Line) bool { return l.Status == Fail })
}

// Verdict is the report's one word.
func (r Report) Verdict() string {
	switch {
	case r.Result.DryRun:
		return "DRY RUN"
	case r.Result.Aborted:
		return "ABORTED"
	case r.Failed():
		return Fail
	}
	return Pass
}

// fmtDuration writes d to the second, "0s" for zero.
func fmtDuration(d time.Duration) string {
	return d.Round(time.Second).String()
}

// Markdown renders the report.
func (r Report) Markdown() string {
	res := r.Result
	var b strings.Builder
	title := "Drill"
	if res.DryRun {
		title = "Drill (dry run)"
	}
	fmt.Fprintf(&b, "# %s: %s on %s\n\n", title, res.Scenario, res.Stack)
	fmt.Fprintf(&b, "%s\n\n", Summary(res.Scenario))
	fmt.Fprintf(&b, "| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| verdict | **%s** |\n", r.Verdict())
	if !res.DryRun {
		fmt.Fprintf(&b, "| started | %s |\n", res.Started.UTC().Format(time.RFC3339))
		fmt.Fprintf(&b, "| took | %s |\n", fmtDuration(res.Finished.Sub(res.Started)))
	}
	fmt.Fprintf(&b, "\n## Against the recovery budget\n\n")
	fmt.Fprintf(&b, "| measurement | measured | budget | result |\n|---|---|---|---|\n")
	for _, l := range r.Lines {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(l.Name), cell(l.Measured), cell(l.Budget), l.Status)
	}
	if res.DryRun {
		fmt.Fprintf(&b, "\n## Steps a real run takes\n\n")
		for i, s := range res.Steps {
			fmt.Fprintf(&b, "%d. **%s**: %s\n", i+1, s.Name, s.Detail)
		}
	} else {
		fmt.Fprintf(&b, "\n## Steps\n\n| at | step | detail |\n|---|---|---|\n")
		for _, s := range res.Steps {
			at := "+" + fmtDuration(s.At.Sub(res.Started))
			if s.Duration > 0 {
				at += " (took " + fmtDuration(s.Duration) + ")"
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", at, cell(s.Name), cell(s.Detail))
		}
	}
	if len(res.Notes) > 0 {
		fmt.Fprintf(&b, "\n## Notes\n\n")
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.String()
}

// cell escapes a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// JSON renders the report for machines.
func (r Report) JSON() ([]byte, error) {
	res := r.Result
	type step struct {
		Step
		OffsetSeconds   float64 `json:"offsetSeconds"`
		DurationSeconds float64 `json:"durationSeconds,omitempty"`
	}
	steps := make([]step, 0, len(res.Steps))
	for _, s := range res.Steps {
		st := step{Step: s, DurationSeconds: s.Duration.Seconds()}
		if !s.At.IsZero() {
			st.OffsetSeconds = s.At.Sub(res.Started).Seconds()
		}
		steps = append(steps, st)
	}
	measured := func(d time.Duration, m string) *float64 {
		if res.DryRun || slices.Contains(res.Missing, m) || !slices.Contains(measures[res.Scenario], m) {
			return nil
		}
		return secs(d)
	}
	doc := map[string]any{
		"scenario": res.Scenario,
		"stack":    res.Stack,
		"dryRun":   res.DryRun,
		"aborted":  res.Aborted,
		"verdict":  r.Verdict(),
		"failed":   r.Failed(),
		"started":  res.Started.UTC().Format(time.RFC3339),
		"finished": res.Finished.UTC().Format(time.RFC3339),
		"measuredSeconds": map[string]*float64{
			"detect":   measured(res.Detect, MeasureDetect),
			"failover": measured(res.Failover, MeasureFailover),
			"recover":  measured(res.Recover, MeasureRecover),
			"dataLost": measured(res.DataLost, MeasureDataLost),
		},
		"missing": nonNil(res.Missing),
		"lines":   r.Lines,
		"checks":  nonNil(res.Checks),
		"steps":   steps,
		"notes":   nonNil(res.Notes),
		"recoveryBudget": map[string]any{
			"rpoMinutes": map[string]int{
				"modelArtifacts": res.Budget.RPOMinutes.ModelArtifacts, "backups": res.Budget.RPOMinutes.Backups,
				"worst": res.Budget.RPOMinutes.Worst, "target": res.Budget.RPOMinutes.Target,
			},
			"rtoSeconds": map[string]int{
				"probeDetection": res.Budget.RTOSeconds.ProbeDetection, "alarmDetection": res.Budget.RTOSeconds.AlarmDetection,
				"detection": res.Budget.RTOSeconds.Detection, "dns": res.Budget.RTOSeconds.DNS, "scaleUp": res.Budget.RTOSeconds.ScaleUp,
				"worst": res.Budget.RTOSeconds.Worst, "target": res.Budget.RTOSeconds.Target,
			},
		},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
