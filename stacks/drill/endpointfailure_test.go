package drill

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEndpointFailure(t *testing.T) {
	f, _, opts := setup(t, "endpoint-failure")
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Detection 60s into the inversion, failover 30s later; the fault
	// ends when the checks are put back (right after the failover, 90s
	// in) and the answer comes back 150s later.
	if res.Detect != 60*time.Second || res.Failover != 30*time.Second || res.Recover != 150*time.Second {
		t.Errorf("detect %s, failover %s, recover %s", res.Detect, res.Failover, res.Recover)
	}
	want := []string{
		endpointCheck1 + " inverted=true", endpointCheck2 + " inverted=true",
		endpointCheck1 + " inverted=false", endpointCheck2 + " inverted=false",
	}
	if !slices.Equal(f.updates, want) {
		t.Errorf("updates %v, want %v", f.updates, want)
	}
	// Versions: 3 and 5 read, each update one more.
	if f.HealthChecks[endpointCheck1].Version != 5 || f.HealthChecks[endpointCheck2].Version != 7 {
		t.Errorf("versions %d, %d", f.HealthChecks[endpointCheck1].Version, f.HealthChecks[endpointCheck2].Version)
	}
	if got := regions(f.Calls("route53")); !slices.Equal(got, []string{"us-east-1"}) {
		t.Errorf("route53 signed for %v", got)
	}
	if r := NewReport(*res); r.Failed() {
		t.Errorf("report:\n%s", r.Markdown())
	}
}

func assertRestored(t *testing.T, f *fakeAWS) {
	t.Helper()
	for id, hc := range f.HealthChecks {
		if hc.Inverted {
			t.Errorf("health check %s is left inverted (updates %v)", id, f.updates)
		}
	}
}

// A failure after the first inversion still puts it back.
func TestEndpointFailureRestoresWhenInvertingFails(t *testing.T) {
	f, _, opts := setup(t, "endpoint-failure")
	f.UpdateFails = func(id string, inverted bool) string {
		if id == endpointCheck2 && inverted {
			return "InvalidInput"
		}
		return ""
	}
	res, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "invert health check "+endpointCheck2) {
		t.Fatalf("err %v", err)
	}
	assertRestored(t, f)
	if !slices.Equal(f.updates, []string{endpointCheck1 + " inverted=true", endpointCheck1 + " inverted=false"}) {
		t.Errorf("updates %v", f.updates)
	}
	if r := NewReport(*res); !r.Failed() {
		t.Error("the report must fail")
	}
}

// A failure while watching (here the timeout) still puts them back.
func TestEndpointFailureRestoresOnTimeout(t *testing.T) {
	f, _, opts := setup(t, "endpoint-failure")
	f.World.DetectAfter, f.World.FlipAfter = 24*time.Hour, 24*time.Hour
	opts.Timeout = 3 * time.Minute
	_, err := run(t, opts)
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err %v", err)
	}
	assertRestored(t, f)
}

// An interrupt cancels the drill's context; the checks are put back with
// one of their own.
func TestEndpointFailureRestoresOnInterrupt(t *testing.T) {
	f, clock, opts := setup(t, "endpoint-failure")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts.Clock = &cancellingClock{fakeClock: clock, cancel: cancel, n: 2}
	_, err := Run(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	assertRestored(t, f)
	if len(f.updates) != 4 {
		t.Errorf("updates %v", f.updates)
	}
}

func TestEndpointFailureGuard(t *testing.T) {
	f, _, opts := setup(t, "endpoint-failure")
	f.World.DRUnhealthyAfter = 30 * time.Second
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	assertRestored(t, f)
	if !res.Aborted {
		t.Error("not aborted")
	}
	if r := NewReport(*res); r.Verdict() != "ABORTED" || !r.Failed() {
		t.Errorf("verdict %s", r.Verdict())
	}
}

// Someone changed a check during the drill: the drill's version no
// longer matches, and it puts Inverted back without one.
func TestEndpointFailureRestoreVersionMismatch(t *testing.T) {
	f, _, opts := setup(t, "endpoint-failure")
	f.UpdateFails = func(id string, inverted bool) string {
		if id == endpointCheck1 && !inverted {
			f.UpdateFails = nil
			f.MismatchOnce[id] = true
		}
		return ""
	}
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	assertRestored(t, f)
	if !strings.Contains(strings.Join(res.Notes, "\n"), "Health check "+endpointCheck1+" changed during the drill") {
		t.Errorf("notes %v", res.Notes)
	}
}

func TestEndpointFailureRestoreFails(t *testing.T) {
	f, _, opts := setup(t, "endpoint-failure")
	f.UpdateFails = func(id string, inverted bool) string {
		if id == endpointCheck2 && !inverted {
			return "InvalidInput"
		}
		return ""
	}
	res, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "put health check "+endpointCheck2+" back") {
		t.Fatalf("err %v", err)
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "RESTORE FAILED") || !strings.Contains(notes, uninvertCommand(endpointCheck2)) {
		t.Errorf("notes %v", res.Notes)
	}
	if f.HealthChecks[endpointCheck1].Inverted {
		t.Error("the other check must be put back all the same")
	}
}

func TestEndpointFailureRefusesInvertedCheck(t *testing.T) {
	f, _, opts := setup(t, "endpoint-failure")
	f.HealthChecks[endpointCheck2].Inverted = true
	_, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "inverted already") || !strings.Contains(err.Error(), "--no-inverted") {
		t.Fatalf("err %v", err)
	}
	if len(f.updates) > 0 {
		t.Errorf("updates %v", f.updates)
	}
}
