package drill

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// What the serving drills watch, shared by region-outage and
// endpoint-failure.
//
// A site's serving health check is CALCULATED, and Route 53's
// GetHealthCheckStatus cannot read those: "You can't use
// GetHealthCheckStatus to get the status of a calculated health check"
// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHealthCheckStatus.html).
// Its status is read instead where the Route 53 console reads it: the
// HealthCheckStatus metric (1 healthy, 0 unhealthy, one-minute data
// points) in the AWS/Route53 namespace, dimension HealthCheckId, in
// us-east-1
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html).
// Which site Route 53 answers with is read with TestDNSAnswer, which asks
// Route 53's own name servers and so sees a failover as soon as Route 53
// makes it, before any resolver's cache
// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_TestDNSAnswer.html).

const (
	healthNamespace = "AWS/Route53"
	healthMetric    = "HealthCheckStatus"
	healthDimension = "HealthCheckId"
	// healthPeriod is the metric's resolution.
	healthPeriod = time.Minute
	// healthLookback is how far back a read looks for the newest point.
	healthLookback = 5 * time.Minute
	// failoverRecordType is the type of the failover records at
	// domainName (components/aws/failover/records.go: CNAME to each
	// site's API Gateway domain).
	failoverRecordType = r53types.RRTypeCname
)

// healthState is what Route 53 last said of a health check.
type healthState int

const (
	healthUnknown healthState = iota
	healthHealthy
	healthUnhealthy
)

func (h healthState) String() string {
	return [...]string{"unknown (no data)", "healthy", "unhealthy"}[h]
}

// health reads a health check's newest status. at dates it: the end of
// the data point's minute (the latest moment the status can have begun),
// or now when that is earlier.
func (d *drill) health(ctx context.Context, id string, now time.Time) (state healthState, at time.Time, err error) {
	out, err := d.clients.CloudWatch(Route53Region).GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-healthLookback)),
		EndTime:   aws.Time(now),
		ScanBy:    cwtypes.ScanByTimestampDescending,
		MetricDataQueries: []cwtypes.MetricDataQuery{{
			Id: aws.String("status"),
			MetricStat: &cwtypes.MetricStat{
				Metric: &cwtypes.Metric{
					Namespace:  aws.String(healthNamespace),
					MetricName: aws.String(healthMetric),
					Dimensions: []cwtypes.Dimension{{Name: aws.String(healthDimension), Value: aws.String(id)}},
				},
				Period: aws.Int32(int32(healthPeriod / time.Second)),
				// Minimum: a minute in which the check was unhealthy at
				// all reads as unhealthy.
				Stat: aws.String("Minimum"),
			},
			ReturnData: aws.Bool(true),
		}},
	})
	if err != nil {
		return healthUnknown, now, fmt.Errorf("read the status of health check %s (CloudWatch %s %s, %s): %w", id, healthNamespace, healthMetric, Route53Region, err)
	}
	newest := -1
	var ts []time.Time
	var values []float64
	for _, r := range out.MetricDataResults {
		if aws.ToString(r.Id) == "status" {
			ts, values = r.Timestamps, r.Values
		}
	}
	for i := range min(len(ts), len(values)) {
		if newest < 0 || ts[i].After(ts[newest]) {
			newest = i
		}
	}
	if newest < 0 {
		return healthUnknown, now, nil
	}
	at = ts[newest].Add(healthPeriod)
	if at.After(now) {
		at = now
	}
	if values[newest] < 1 {
		return healthUnhealthy, at, nil
	}
	return healthHealthy, at, nil
}

// dnsAnswer is what Route 53's name servers answer for the failover
// record: its response code and the sorted record data.
type dnsAnswer struct {
	Code string
	Data []string
}

func (a dnsAnswer) String() string {
	if len(a.Data) == 0 {
		return a.Code + " (no data)"
	}
	return strings.Join(a.Data, ", ")
}

// equal is the same answer.
func (a dnsAnswer) equal(b dnsAnswer) bool { return a.Code == b.Code && slices.Equal(a.Data, b.Data) }

// answers is an answer with data: NOERROR and at least one record.
func (a dnsAnswer) answers() bool { return a.Code == "NOERROR" && len(a.Data) > 0 }

func (d *drill) dnsAnswer(ctx context.Context) (dnsAnswer, error) {
	out, err := d.clients.Route53().TestDNSAnswer(ctx, &route53.TestDNSAnswerInput{
		HostedZoneId: aws.String(d.out.HostedZoneID),
		RecordName:   aws.String(d.out.DomainName),
		RecordType:   failoverRecordType,
	})
	if err != nil {
		return dnsAnswer{}, fmt.Errorf("TestDNSAnswer %s %s in zone %s: %w", d.out.DomainName, failoverRecordType, d.out.HostedZoneID, err)
	}
	a := dnsAnswer{Code: aws.ToString(out.ResponseCode), Data: slices.Clone(out.RecordData)}
	slices.Sort(a.Data)
	return a, nil
}

// servingPreflight takes the DNS baseline and checks that both sites are
// healthy: a drill needs a known-good start, and its guard a DR site it
// can see.
func (d *drill) servingPreflight(ctx context.Context) (dnsAnswer, error) {
	base, err := d.dnsAnswer(ctx)
	if err != nil {
		return base, err
	}
	if !base.answers() {
		return base, fmt.Errorf("Route 53 answers %s for %s: the failover record does not answer, so a failover could not be seen", base, d.out.DomainName)
	}
	d.step("baseline", "TestDNSAnswer %s %s: %s", d.out.DomainName, failoverRecordType, base)
	now := d.clock.Now()
	for _, site := range []struct{ name, id string }{{"primary", d.out.HealthCheckIDs.Primary}, {"DR", d.out.HealthCheckIDs.DR}} {
		state, _, err := d.health(ctx, site.id, now)
		if err != nil {
			return base, err
		}
		if state != healthHealthy {
			return base, fmt.Errorf("the %s site's serving health check %s is %s before the drill: a drill starts from two healthy sites", site.name, site.id, state)
		}
	}
	d.step("preflight", "serving health checks healthy: primary %s, DR %s (CloudWatch %s %s, %s)",
		d.out.HealthCheckIDs.Primary, d.out.HealthCheckIDs.DR, healthNamespace, healthMetric, Route53Region)
	return base, nil
}

// servingPlan is the dry-run form of servingPreflight.
func servingPlan(o *Outputs) []Step {
	return []Step{
		{Name: "baseline", Detail: fmt.Sprintf("route53 TestDNSAnswer (global): %s %s in zone %s", o.DomainName, failoverRecordType, o.HostedZoneID)},
		{Name: "preflight", Detail: fmt.Sprintf("cloudwatch GetMetricData (%s): %s %s of health checks %s (primary) and %s (DR) must be healthy",
			Route53Region, healthNamespace, healthMetric, o.HealthCheckIDs.Primary, o.HealthCheckIDs.DR)},
	}
}

// watch is the state of the serving drills' failover watch.
type watch struct {
	base       dnsAnswer
	start      time.Time
	detectedAt time.Time
	failedAt   time.Time
	answer     dnsAnswer
}

// observeFailover takes one look: the primary's health (until it is seen
// unhealthy) and the DNS answer. It reports done once Route 53 answers
// with something else than the baseline; an answer that changed proves
// detection too (Route 53 fails over only from an unhealthy primary), so
// detection is dated no later than the change.
func (d *drill) observeFailover(ctx context.Context, w *watch, now time.Time) (bool, error) {
	if w.detectedAt.IsZero() {
		state, at, err := d.health(ctx, d.out.HealthCheckIDs.Primary, now)
		if err != nil {
			return false, err
		}
		if state == healthUnhealthy {
			w.detectedAt = latest(at, w.start)
			d.step("detected", "the primary's serving health check %s is unhealthy (data point to %s)", d.out.HealthCheckIDs.Primary, at.UTC().Format(time.RFC3339))
		}
	}
	a, err := d.dnsAnswer(ctx)
	if err != nil {
		return false, err
	}
	if a.equal(w.base) || !a.answers() {
		return false, nil
	}
	w.failedAt, w.answer = now, a
	if w.detectedAt.IsZero() {
		w.detectedAt = now
		d.step("detected", "Route 53 changed its answer before the health check's metric showed it")
	}
	d.step("failed over", "Route 53 answers %s (was %s)", a, w.base)
	return true, nil
}

// observeRecovery reports done once the primary is healthy and Route 53
// answers as before the drill.
func (d *drill) observeRecovery(ctx context.Context, base dnsAnswer, now time.Time) (bool, error) {
	state, _, err := d.health(ctx, d.out.HealthCheckIDs.Primary, now)
	if err != nil || state != healthHealthy {
		return false, err
	}
	a, err := d.dnsAnswer(ctx)
	if err != nil || !a.equal(base) {
		return false, err
	}
	d.step("recovered", "the primary is healthy and Route 53 answers %s again", a)
	return true, nil
}

// drUnhealthy is the guard: the DR site's serving check turned unhealthy.
func (d *drill) drUnhealthy(ctx context.Context, now time.Time) (bool, error) {
	state, _, err := d.health(ctx, d.out.HealthCheckIDs.DR, now)
	return state == healthUnhealthy, err
}

// servingMeasure records detection and failover from a watch.
func (d *drill) servingMeasure(w *watch) {
	if w.detectedAt.IsZero() {
		d.missing(MeasureDetect)
	} else {
		d.res.Detect = w.detectedAt.Sub(w.start)
	}
	if w.failedAt.IsZero() {
		d.missing(MeasureFailover)
	} else {
		d.res.Failover = w.failedAt.Sub(w.detectedAt)
	}
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// servingNotes are what a serving drill's report says of what it cannot
// see.
func (d *drill) servingNotes() {
	d.note("Failover is measured at Route 53's name servers (TestDNSAnswer); resolvers may keep answering with the primary for up to the record's TTL (rtoSeconds.dns = %ds) more.", d.out.Budget.RTOSeconds.DNS)
	d.note("Health is read from one-minute data points of CloudWatch's %s metric, each dated at the end of its minute: detection is measured to within a minute, never earlier than it happened.", healthMetric)
	d.note("Data lost: none; serving keeps no state, so the recovery point of a serving failover is zero.")
}
