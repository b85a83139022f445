package drill

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/fis"
	fistypes "github.com/aws/aws-sdk-go-v2/service/fis/types"
)

// The region-outage drill: the stack's AWS FIS experiment template takes
// the primary region's serving path down; Route 53 must see it and answer
// with the DR site, and come back once the experiment ends.
//
// Experiment states: pending, initiating, running, then completed,
// stopping/stopped, failed or cancelled
// (https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html).
// The experiment's stop condition is a CloudWatch alarm on a metric the
// drill can put (faultInjection.stopMetric*); FIS stops an experiment
// whose stop-condition alarm goes to ALARM
// (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html).
// The guard puts that metric and calls StopExperiment as well, so that
// either stops it.

func init() {
	register(&scenario{
		name:    "region-outage",
		summary: "AWS FIS takes the primary region's serving path down; Route 53 must fail over to the DR site and back",
		needs:   []string{outDomainName, outHostedZoneID, outHealthCheckIDs, outFaultInjection},
		plan:    planRegionOutage,
		run:     runRegionOutage,
	})
}

// experimentEnded are the states of an experiment that no longer runs.
func experimentEnded(s fistypes.ExperimentStatus) bool {
	switch s {
	case fistypes.ExperimentStatusCompleted, fistypes.ExperimentStatusStopped,
		fistypes.ExperimentStatusFailed, fistypes.ExperimentStatusCancelled:
		return true
	}
	return false
}

// errGuard is the guard halting a drill.
var errGuard = errors.New("the DR site's serving health check turned unhealthy")

func planRegionOutage(o *Outputs, _ *Options) []Step {
	f := o.FaultInjection
	steps := servingPlan(o)
	return append(steps,
		Step{Name: "start fault", Detail: fmt.Sprintf("fis StartExperiment (%s): template %s", f.Region, f.RegionOutageTemplateID)},
		Step{Name: "watch", Detail: fmt.Sprintf("every poll: cloudwatch GetMetricData (%s) of %s (guard: DR) and %s (primary); route53 TestDNSAnswer %s; fis GetExperiment (%s)",
			Route53Region, o.HealthCheckIDs.DR, o.HealthCheckIDs.Primary, o.DomainName, f.Region)},
		Step{Name: "detected", Detail: fmt.Sprintf("time to detect: until %s reads unhealthy (budget rtoSeconds.detection %ds)", o.HealthCheckIDs.Primary, o.Budget.RTOSeconds.Detection)},
		Step{Name: "failed over", Detail: "time to fail over: until TestDNSAnswer differs from the baseline"},
		Step{Name: "guard", Detail: fmt.Sprintf("if %s (DR) reads unhealthy: cloudwatch PutMetricData (%s) %s/%s %s=%s value 1 (alarm %s) and fis StopExperiment; the drill is aborted",
			o.HealthCheckIDs.DR, f.Region, f.StopMetricNamespace, f.StopMetricName, f.StopMetricDimension, f.StopMetricDimensionValue, f.StopAlarmName)},
		Step{Name: "fault ended", Detail: fmt.Sprintf("fis GetExperiment (%s) until completed, stopped, failed or cancelled", f.Region)},
		Step{Name: "recovered", Detail: fmt.Sprintf("time to recover: until %s is healthy and TestDNSAnswer is the baseline again", o.HealthCheckIDs.Primary)},
	)
}

func runRegionOutage(ctx context.Context, d *drill) (err error) {
	f := d.out.FaultInjection
	base, err := d.servingPreflight(ctx)
	if err != nil {
		return err
	}
	d.servingNotes()
	client := d.clients.FIS(f.Region)
	w := &watch{base: base, start: d.clock.Now()}
	started, err := client.StartExperiment(ctx, &fis.StartExperimentInput{
		ExperimentTemplateId: aws.String(f.RegionOutageTemplateID),
		ClientToken:          aws.String(d.id),
		Tags:                 map[string]string{"Name": d.id},
	})
	if err != nil {
		d.missing(MeasureDetect, MeasureFailover, MeasureRecover)
		return fmt.Errorf("start the FIS experiment of template %s in %s (FIS refuses while the stop alarm %s is in ALARM, as after an earlier halt: wait for it to return to OK): %w",
			f.RegionOutageTemplateID, f.Region, f.StopAlarmName, err)
	}
	id := aws.ToString(started.Experiment.Id)
	d.step("start fault", "FIS experiment %s of template %s in %s", id, f.RegionOutageTemplateID, f.Region)
	d.note("FIS experiment %s (template %s, %s).", id, f.RegionOutageTemplateID, f.Region)

	var status fistypes.ExperimentStatus
	var endedAt time.Time
	experiment := func(ctx context.Context, now time.Time) error {
		out, err := client.GetExperiment(ctx, &fis.GetExperimentInput{Id: aws.String(id)})
		if err != nil {
			return fmt.Errorf("GetExperiment %s: %w", id, err)
		}
		if out.Experiment == nil || out.Experiment.State == nil {
			return fmt.Errorf("GetExperiment %s: no state in the answer", id)
		}
		if prev := status; out.Experiment.State.Status != prev {
			status = out.Experiment.State.Status
			d.step("experiment "+string(status), "%s", strings.TrimSpace(fmt.Sprintf("FIS experiment %s is %s %s", id, status, aws.ToString(out.Experiment.State.Reason))))
		}
		if endedAt.IsZero() && experimentEnded(status) {
			// FIS's own end time when it has one (it can be up to a
			// poll earlier than this look), the look's otherwise.
			endedAt = now
			if end := out.Experiment.EndTime; end != nil && end.Before(now) && end.After(w.start) {
				endedAt = *end
			}
		}
		return nil
	}
	// Whatever stops the drill while the fault is on (the guard, an
	// interrupt, the timeout, an API error) halts the experiment.
	halted := false
	halt := func(reason string) error {
		halted = true
		return d.haltExperiment(ctx, id, reason)
	}
	defer func() {
		if endedAt.IsZero() && !halted {
			reason := "the drill stopped"
			if err != nil {
				reason = "the drill stopped: " + err.Error()
			}
			err = errors.Join(err, halt(reason))
		}
	}()
	// guarded is a look at the DR site (the guard) and the experiment.
	guarded := func(ctx context.Context, now time.Time) error {
		if bad, err := d.drUnhealthy(ctx, now); err != nil || bad {
			if bad {
				err = errGuard
			}
			return err
		}
		return experiment(ctx, now)
	}

	// Until Route 53 fails over (or the experiment ends first).
	err = d.poll.until(ctx, "Route 53 to fail over to the DR site", func(ctx context.Context, now time.Time) (bool, error) {
		if err := guarded(ctx, now); err != nil {
			return false, err
		}
		if !endedAt.IsZero() {
			return true, nil
		}
		return d.observeFailover(ctx, w, now)
	})
	d.servingMeasure(w)
	if errors.Is(err, errGuard) {
		d.missing(MeasureRecover)
		return halt(err.Error())
	}
	if err != nil {
		d.missing(MeasureRecover)
		return err
	}
	if !endedAt.IsZero() && w.failedAt.IsZero() {
		d.note("The experiment ended (%s) before Route 53 failed over: the fault did not last long enough, or did not take the primary down.", status)
	}

	// Until the experiment ends, still guarded.
	err = d.poll.until(ctx, "the FIS experiment to end", func(ctx context.Context, now time.Time) (bool, error) {
		if !endedAt.IsZero() {
			return true, nil
		}
		if err := guarded(ctx, now); err != nil {
			return false, err
		}
		return !endedAt.IsZero(), nil
	})
	if errors.Is(err, errGuard) {
		d.missing(MeasureRecover)
		return halt(err.Error())
	}
	if err != nil {
		d.missing(MeasureRecover)
		return err
	}
	d.step("fault ended", "FIS experiment %s is %s", id, status)
	d.check("experiment completed", status == fistypes.ExperimentStatusCompleted, "FIS experiment %s ended %s", id, status)

	// Until the primary serves again.
	err = d.poll.until(ctx, "the primary to recover", func(ctx context.Context, now time.Time) (bool, error) {
		return d.observeRecovery(ctx, base, now)
	})
	if err != nil {
		d.missing(MeasureRecover)
		return err
	}
	d.res.Recover = d.clock.Now().Sub(endedAt)
	return nil
}

// haltExperiment stops a running experiment both ways, with a context of
// its own: it puts the stop-condition metric (FIS then stops the
// experiment through its stop alarm) and calls StopExperiment. The drill
// is marked aborted.
func (d *drill) haltExperiment(ctx context.Context, id, reason string) error {
	f := d.out.FaultInjection
	ctx, cancel := undoContext(ctx)
	defer cancel()
	d.res.Aborted = true
	d.note("Aborted: %s. The drill halted FIS experiment %s.", reason, id)
	var errs []error
	_, err := d.clients.CloudWatch(f.Region).PutMetricData(ctx, &cloudwatch.PutMetricDataInput{
		Namespace: aws.String(f.StopMetricNamespace),
		MetricData: []cwtypes.MetricDatum{{
			MetricName: aws.String(f.StopMetricName),
			Dimensions: []cwtypes.Dimension{{Name: aws.String(f.StopMetricDimension), Value: aws.String(f.StopMetricDimensionValue)}},
			Timestamp:  aws.Time(d.clock.Now()),
			Value:      aws.Float64(1),
			Unit:       cwtypes.StandardUnitCount,
		}},
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("put the stop metric %s/%s: %w", f.StopMetricNamespace, f.StopMetricName, err))
	} else {
		d.step("halt: stop metric", "PutMetricData %s/%s %s=%s 1 (stop alarm %s)", f.StopMetricNamespace, f.StopMetricName, f.StopMetricDimension, f.StopMetricDimensionValue, f.StopAlarmName)
	}
	client := d.clients.FIS(f.Region)
	if _, err := client.StopExperiment(ctx, &fis.StopExperimentInput{Id: aws.String(id)}); err != nil {
		errs = append(errs, fmt.Errorf("StopExperiment %s: %w", id, err))
	} else {
		d.step("halt: stop experiment", "StopExperiment %s", id)
	}
	if len(errs) == 2 {
		d.note("HALT FAILED: stop FIS experiment %s by hand: aws fis stop-experiment --id %s --region %s", id, id, f.Region)
		return errors.Join(errs...)
	}
	// Wait (briefly) to see it stop.
	p := &poller{clock: d.clock, interval: d.poll.interval, deadline: d.clock.Now().Add(haltTimeout), timeout: haltTimeout}
	var status fistypes.ExperimentStatus
	werr := p.until(ctx, "the FIS experiment to stop", func(ctx context.Context, _ time.Time) (bool, error) {
		out, err := client.GetExperiment(ctx, &fis.GetExperimentInput{Id: aws.String(id)})
		if err != nil {
			return false, err
		}
		if out.Experiment != nil && out.Experiment.State != nil {
			status = out.Experiment.State.Status
		}
		return experimentEnded(status), nil
	})
	if werr != nil {
		d.note("Check that FIS experiment %s stopped: after the halt it was %q (%v).", id, status, werr)
	} else {
		d.step("halted", "FIS experiment %s is %s", id, status)
	}
	return errors.Join(errs...)
}
