package drill

import (
	"context"
	"fmt"
	"time"
)

// Clock tells the time and waits: the real one in a drill, a fake one in
// tests (so that polls take no time and measurements are exact).
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx is done (then it returns ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx is done.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// TimeoutError is a wait that ran out of time.
type TimeoutError struct {
	What    string
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("timed out after %s waiting for %s", e.Timeout, e.What)
}

// poller runs the poll loops of one drill: every poll interval until the
// drill's deadline.
type poller struct {
	clock    Clock
	interval time.Duration
	deadline time.Time
	timeout  time.Duration
}

// until calls check every interval until it reports done, fails, the
// deadline passes (a *TimeoutError naming what) or ctx is done. check
// runs at once first.
func (p *poller) until(ctx context.Context, what string, check func(ctx context.Context, now time.Time) (bool, error)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		done, err := check(ctx, p.clock.Now())
		if err != nil || done {
			return err
		}
		if !p.clock.Now().Before(p.deadline) {
			return &TimeoutError{What: what, Timeout: p.timeout}
		}
		if err := p.clock.Sleep(ctx, p.interval); err != nil {
			return err
		}
	}
}
