package drill

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRegionOutage(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The fake's primary turns unhealthy 60s into the experiment, Route 53
	// answers with the DR site 30s later; the experiment lasts 10 minutes,
	// the answer comes back 150s after it.
	if res.Detect != 60*time.Second || res.Failover != 30*time.Second || res.Recover != 150*time.Second || res.DataLost != 0 {
		t.Errorf("detect %s, failover %s, recover %s, data lost %s; want 1m0s, 30s, 2m30s, 0s", res.Detect, res.Failover, res.Recover, res.DataLost)
	}
	if res.Aborted || len(res.Missing) > 0 {
		t.Errorf("aborted %t, missing %v", res.Aborted, res.Missing)
	}
	for _, want := range []string{"baseline", "preflight", "start fault", "detected", "failed over", "fault ended", "recovered"} {
		if !slices.Contains(stepNames(res), want) {
			t.Errorf("no step %q in %v", want, stepNames(res))
		}
	}
	if len(f.stopped) > 0 || len(f.metrics) > 0 {
		t.Errorf("a drill that went well stopped %v and put %v", f.stopped, f.metrics)
	}
	// Each API in its region: FIS in the primary, Route 53's health
	// metrics and Route 53 itself in us-east-1.
	for service, want := range map[string]string{"fis": primaryRegion, "monitoring": "us-east-1", "route53": "us-east-1"} {
		if got := regions(f.Calls(service)); !slices.Equal(got, []string{want}) {
			t.Errorf("%s calls signed for %v, want %s", service, got, want)
		}
	}
	r := NewReport(*res)
	if r.Failed() || r.Verdict() != Pass {
		t.Errorf("verdict %s:\n%s", r.Verdict(), r.Markdown())
	}
	if l := line(t, r, "time to detect", "rtoSeconds.detection"); l.Status != Pass || l.Measured != "1m0s" || l.Budget != "4m0s (rtoSeconds.detection)" {
		t.Errorf("detect line %+v", l)
	}
	if l := line(t, r, "time to fail over (detect + DNS change)", "rtoSeconds.worst"); l.Status != Pass || l.Measured != "1m30s" {
		t.Errorf("failover line %+v", l)
	}
	if l := line(t, r, "experiment completed", ""); l.Status != Pass {
		t.Errorf("experiment line %+v", l)
	}
}

// The guard: the DR site turning unhealthy mid-drill halts the
// experiment both ways and aborts the drill.
func TestRegionOutageGuardAborts(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	f.World.DRUnhealthyAfter = 70 * time.Second
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Aborted {
		t.Fatalf("not aborted: %+v", res)
	}
	if len(f.metrics) != 1 {
		t.Fatalf("stop metrics put: %+v", f.metrics)
	}
	m := f.metrics[0]
	if m != (metricPut{Region: primaryRegion, Namespace: "modelfort/Drills", Name: "StopRequested", Dimension: "Experiment", DimensionValue: "modelfort-dev-region-outage", Value: 1}) {
		t.Errorf("stop metric %+v", m)
	}
	if !slices.Equal(f.stopped, []string{"EXP1"}) {
		t.Errorf("StopExperiment calls %v", f.stopped)
	}
	if res.Detect != 60*time.Second || !slices.Contains(res.Missing, MeasureFailover) {
		t.Errorf("detect %s, missing %v", res.Detect, res.Missing)
	}
	if !slices.Contains(stepNames(res), "halted") {
		t.Errorf("the halt was not seen through: %v", stepNames(res))
	}
	r := NewReport(*res)
	if !r.Failed() || r.Verdict() != "ABORTED" {
		t.Errorf("verdict %s", r.Verdict())
	}
	if md := r.Markdown(); !strings.Contains(md, "Aborted: the DR site's serving health check turned unhealthy") {
		t.Errorf("report:\n%s", md)
	}
}

// cancellingClock cancels the drill's context at its nth sleep, as an
// interrupt would.
type cancellingClock struct {
	*fakeClock
	cancel context.CancelFunc
	n      int
}

func (c *cancellingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.n--
	if c.n == 0 {
		c.cancel()
	}
	return c.fakeClock.Sleep(ctx, d)
}

func TestRegionOutageInterruptHalts(t *testing.T) {
	f, clock, opts := setup(t, "region-outage")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts.Clock = &cancellingClock{fakeClock: clock, cancel: cancel, n: 3}
	res, err := Run(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if res == nil || !res.Aborted || !slices.Equal(f.stopped, []string{"EXP1"}) || len(f.metrics) != 1 {
		t.Errorf("an interrupted drill must halt its experiment: stopped %v, metrics %v", f.stopped, f.metrics)
	}
}

func TestRegionOutageTimeoutHalts(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	f.World.FlipAfter = 24 * time.Hour
	f.World.DetectAfter = 24 * time.Hour
	opts.Timeout = 5 * time.Minute
	res, err := run(t, opts)
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err %v", err)
	}
	if !res.Aborted || !slices.Equal(f.stopped, []string{"EXP1"}) {
		t.Errorf("a timed-out drill must halt: stopped %v", f.stopped)
	}
	r := NewReport(*res)
	if l := line(t, r, "time to detect", "rtoSeconds.detection"); l.Status != Fail || l.Measured != "not reached" {
		t.Errorf("detect line %+v", l)
	}
}

func TestRegionOutageStartFails(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	f.StartFails = "stop condition alarm is in ALARM"
	res, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), stopAlarm) || !strings.Contains(err.Error(), "in ALARM") {
		t.Fatalf("err %v", err)
	}
	if len(f.stopped) > 0 || res.Aborted {
		t.Errorf("nothing started, nothing to stop: %v", f.stopped)
	}
	if r := NewReport(*res); !r.Failed() {
		t.Error("a drill that could not start must fail")
	}
}

func TestRegionOutageNeedsHealthyStart(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	f.World.PrimaryDownBefore = true
	_, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "primary site's serving health check "+primaryCheck+" is unhealthy") {
		t.Fatalf("err %v", err)
	}
	if len(f.Calls("fis")) > 0 {
		t.Errorf("no experiment may start from an unhealthy primary: %v", f.Calls("fis"))
	}
}

// An experiment that fails ends the fault; the drill says so.
func TestRegionOutageExperimentFails(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	f.ExperimentLasts = 30 * time.Second
	f.ExperimentEnds = "failed"
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport(*res)
	if l := line(t, r, "experiment completed", ""); l.Status != Fail {
		t.Errorf("line %+v", l)
	}
	if l := line(t, r, "time to fail over (detect + DNS change)", "rtoSeconds.worst"); l.Status != Fail {
		t.Errorf("line %+v", l)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "ended (failed) before Route 53 failed over") {
		t.Errorf("notes %v", res.Notes)
	}
}

// With a coarse poll, recovery counts from FIS's own end time, not from
// the poll that saw it.
func TestRegionOutageRecoveryFromExperimentEnd(t *testing.T) {
	f, _, opts := setup(t, "region-outage")
	opts.Poll = time.Minute
	f.ExperimentLasts = 10*time.Minute + 30*time.Second
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Detect != time.Minute || res.Failover != time.Minute || res.Recover != 150*time.Second {
		t.Errorf("detect %s, failover %s, recover %s; want 1m0s, 1m0s, 2m30s", res.Detect, res.Failover, res.Recover)
	}
}
