package drill

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// The endpoint-failure drill: the primary's endpoint health checks (the
// CLOUDWATCH_METRIC checks on its model's error and latency alarms) are
// inverted, so Route 53 takes them, and with them the calculated serving
// check, for unhealthy, as if the model failed. Measured like a region
// outage; the checks are always put back, also when the drill fails or is
// interrupted.
//
// "Inverted: Specify whether you want Amazon Route 53 to invert the status
// of a health check, for example, to consider a health check unhealthy
// when it otherwise would be considered healthy." HealthCheckVersion makes
// an update fail with HealthCheckVersionMismatch when the check changed
// since it was read, so that the drill never overwrites someone else's
// change; UpdateHealthCheck changes only the elements it is given
// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_UpdateHealthCheck.html).

func init() {
	register(&scenario{
		name:    "endpoint-failure",
		summary: "The primary's endpoint health checks are inverted as if its model failed; Route 53 must fail over to the DR site and back",
		needs:   []string{outDomainName, outHostedZoneID, outHealthCheckIDs, outEndpointHealthCheckIDs},
		plan:    planEndpointFailure,
		run:     runEndpointFailure,
	})
}

func planEndpointFailure(o *Outputs, _ *Options) []Step {
	ids := strings.Join(o.EndpointHealthCheckIDs.Primary, ", ")
	steps := servingPlan(o)
	return append(steps,
		Step{Name: "read checks", Detail: fmt.Sprintf("route53 GetHealthCheck (global) of %s: their HealthCheckVersion; none may be inverted already", ids)},
		Step{Name: "start fault", Detail: fmt.Sprintf("route53 UpdateHealthCheck (global) of %s: Inverted=true with the HealthCheckVersion read", ids)},
		Step{Name: "watch", Detail: fmt.Sprintf("every poll: cloudwatch GetMetricData (%s) of %s (guard: DR) and %s (primary); route53 TestDNSAnswer %s",
			Route53Region, o.HealthCheckIDs.DR, o.HealthCheckIDs.Primary, o.DomainName)},
		Step{Name: "detected", Detail: fmt.Sprintf("time to detect: until %s reads unhealthy (budget rtoSeconds.detection %ds)", o.HealthCheckIDs.Primary, o.Budget.RTOSeconds.Detection)},
		Step{Name: "failed over", Detail: "time to fail over: until TestDNSAnswer differs from the baseline"},
		Step{Name: "guard", Detail: fmt.Sprintf("if %s (DR) reads unhealthy: restore at once; the drill is aborted", o.HealthCheckIDs.DR)},
		Step{Name: "restore", Detail: fmt.Sprintf("route53 UpdateHealthCheck (global) of %s: Inverted=false; always, also on error or interrupt", ids)},
		Step{Name: "recovered", Detail: fmt.Sprintf("time to recover: until %s is healthy and TestDNSAnswer is the baseline again", o.HealthCheckIDs.Primary)},
	)
}

// invertedCheck is a health check the drill inverted, and the version its
// update gave it.
type invertedCheck struct {
	id      string
	version int64
}

func runEndpointFailure(ctx context.Context, d *drill) (err error) {
	ids := d.out.EndpointHealthCheckIDs.Primary
	if len(ids) == 0 {
		return errors.New("endpointHealthCheckIds.primary is empty: the primary has no endpoint health checks to invert")
	}
	base, err := d.servingPreflight(ctx)
	if err != nil {
		return err
	}
	d.servingNotes()
	r53 := d.clients.Route53()

	versions := map[string]int64{}
	for _, id := range ids {
		out, err := r53.GetHealthCheck(ctx, &route53.GetHealthCheckInput{HealthCheckId: aws.String(id)})
		if err != nil {
			return fmt.Errorf("GetHealthCheck %s: %w", id, err)
		}
		hc := out.HealthCheck
		if hc == nil || hc.HealthCheckVersion == nil {
			return fmt.Errorf("GetHealthCheck %s: no health check version in the answer", id)
		}
		if hc.HealthCheckConfig != nil && aws.ToBool(hc.HealthCheckConfig.Inverted) {
			return fmt.Errorf("health check %s is inverted already, perhaps by an interrupted drill; put it back before a drill: %s", id, uninvertCommand(id))
		}
		versions[id] = *hc.HealthCheckVersion
	}
	d.step("read checks", "endpoint health checks %s, none inverted", strings.Join(ids, ", "))

	var inverted []*invertedCheck
	restored := false
	restore := func() error {
		restored = true
		return d.uninvert(ctx, inverted)
	}
	defer func() {
		if !restored {
			err = errors.Join(err, restore())
		}
	}()

	w := &watch{base: base, start: d.clock.Now()}
	for _, id := range ids {
		out, err := r53.UpdateHealthCheck(ctx, &route53.UpdateHealthCheckInput{
			HealthCheckId:      aws.String(id),
			HealthCheckVersion: aws.Int64(versions[id]),
			Inverted:           aws.Bool(true),
		})
		if err != nil {
			d.missing(MeasureDetect, MeasureFailover, MeasureRecover)
			return fmt.Errorf("invert health check %s: %w", id, err)
		}
		c := &invertedCheck{id: id, version: versions[id] + 1}
		if out.HealthCheck != nil && out.HealthCheck.HealthCheckVersion != nil {
			c.version = *out.HealthCheck.HealthCheckVersion
		}
		inverted = append(inverted, c)
	}
	d.step("start fault", "inverted %s", strings.Join(ids, ", "))

	err = d.poll.until(ctx, "Route 53 to fail over to the DR site", func(ctx context.Context, now time.Time) (bool, error) {
		if bad, err := d.drUnhealthy(ctx, now); err != nil || bad {
			if bad {
				err = errGuard
			}
			return false, err
		}
		return d.observeFailover(ctx, w, now)
	})
	d.servingMeasure(w)
	if errors.Is(err, errGuard) {
		d.res.Aborted = true
		d.missing(MeasureRecover)
		d.note("Aborted: %s; the drill put the endpoint health checks back at once.", err)
		return restore()
	}
	if err != nil {
		d.missing(MeasureRecover)
		return err
	}

	restoredAt := d.clock.Now()
	if err := restore(); err != nil {
		d.missing(MeasureRecover)
		return err
	}
	err = d.poll.until(ctx, "the primary to recover", func(ctx context.Context, now time.Time) (bool, error) {
		return d.observeRecovery(ctx, base, now)
	})
	if err != nil {
		d.missing(MeasureRecover)
		return err
	}
	d.res.Recover = d.clock.Now().Sub(restoredAt)
	return nil
}

// uninvert sets Inverted=false on the checks the drill inverted, with a
// context of its own so that an interrupt still restores them. An update
// that finds the check changed since (HealthCheckVersionMismatch) is sent
// again without a version: the drill's own change must be undone, and
// UpdateHealthCheck touches only Inverted.
func (d *drill) uninvert(ctx context.Context, checks []*invertedCheck) error {
	if len(checks) == 0 {
		return nil
	}
	ctx, cancel := undoContext(ctx)
	defer cancel()
	r53 := d.clients.Route53()
	var errs []error
	var done []string
	for _, c := range checks {
		in := &route53.UpdateHealthCheckInput{
			HealthCheckId:      aws.String(c.id),
			HealthCheckVersion: aws.Int64(c.version),
			Inverted:           aws.Bool(false),
		}
		_, err := r53.UpdateHealthCheck(ctx, in)
		var mismatch *r53types.HealthCheckVersionMismatch
		if errors.As(err, &mismatch) {
			d.note("Health check %s changed during the drill (version %d is no longer current); Inverted=false was set without a version.", c.id, c.version)
			in.HealthCheckVersion = nil
			_, err = r53.UpdateHealthCheck(ctx, in)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("put health check %s back (Inverted=false): %w", c.id, err))
			d.note("RESTORE FAILED: health check %s is still inverted; put it back by hand: %s", c.id, uninvertCommand(c.id))
			continue
		}
		done = append(done, c.id)
	}
	if len(done) > 0 {
		d.step("restore", "Inverted=false on %s", strings.Join(done, ", "))
	}
	return errors.Join(errs...)
}

func uninvertCommand(id string) string {
	return "aws route53 update-health-check --health-check-id " + id + " --no-inverted"
}
