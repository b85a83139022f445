package drill

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/modelfort/modelfort/stacks/publish"
)

// Options configure a drill.
type Options struct {
	// Stack names the stack (for the report and the hint to run make up).
	Stack string
	// Scenario is one of Scenarios().
	Scenario string
	// Outputs are the stack's outputs, as the Automation API or
	// "pulumi stack output --json" give them.
	Outputs map[string]any
	// DryRun calls no AWS API: it validates the outputs and lists the
	// steps a real run would take.
	DryRun bool
	// Clients make the AWS clients; required unless DryRun.
	Clients *Clients
	// Clock tells the time and waits; RealClock when nil.
	Clock Clock
	// Poll is the interval between polls (10s when zero); Timeout bounds
	// the whole drill (45m when zero).
	Poll, Timeout time.Duration
	// Keep keeps what a drill made for inspection: the report says so
	// instead of asking the operator to delete it.
	Keep bool
	// Verify checks an object's SHA-256 against a hex digest;
	// publish.Verify when nil.
	Verify VerifyFunc
	// Log receives progress lines as the drill goes; none when nil.
	Log io.Writer
}

// VerifyFunc checks that the object bucket/key hashes to the hex SHA-256
// wantHex, returning an error when it does not or cannot be read.
type VerifyFunc func(ctx context.Context, client *s3.Client, bucket, key, wantHex string) error

// Defaults of Options.
const (
	DefaultPoll    = 10 * time.Second
	DefaultTimeout = 45 * time.Minute
	// haltTimeout bounds what a drill does to undo its fault after it
	// was interrupted or failed (stop the experiment, restore health
	// checks), with a context of its own.
	haltTimeout = 2 * time.Minute
)

// Step is one thing a drill did (or, in a dry run, would do).
type Step struct {
	Name string `json:"name"`
	// At is when it happened; zero in a dry run.
	At time.Time `json:"at,omitzero"`
	// Duration is how long it took or waited, where that matters.
	Duration time.Duration `json:"-"`
	Detail   string        `json:"detail,omitempty"`
}

// Check is a yes-or-no finding of a drill, such as "the replica's
// artifact matches its digest"; a failed check fails the report.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

// Measurements a scenario can take, for Result.Missing.
const (
	MeasureDetect   = "detect"
	MeasureFailover = "failover"
	MeasureRecover  = "recover"
	MeasureDataLost = "dataLost"
)

// Result is what a drill measured.
type Result struct {
	Scenario string
	Stack    string
	DryRun   bool
	Started  time.Time
	Finished time.Time
	Steps    []Step
	// Detect is from the fault to its detection; Failover from detection
	// to Route 53 answering with the DR site; Recover from the end of the
	// fault (or the start of a restore) to service as before. Zero where
	// the scenario does not measure it.
	Detect, Failover, Recover time.Duration
	// DataLost is how much data (as time) a recovery would lose.
	DataLost time.Duration
	// Aborted is a drill its guard halted.
	Aborted bool
	// Missing names measurements (Measure*) the scenario takes but did
	// not reach; the report fails them.
	Missing []string
	Checks  []Check
	Notes   []string
	// Budget is the stack's recovery budget the report compares with.
	Budget Budget
}

// scenario is one drill.
type scenario struct {
	name    string
	summary string
	// needs are the outputs it reads, beyond the common ones.
	needs []string
	// plan lists the steps of a real run, for a dry run; run runs it.
	plan func(o *Outputs, opts *Options) []Step
	run  func(ctx context.Context, d *drill) error
}

// scenarios are the drills by name; each file registers its own.
var scenarios = map[string]*scenario{}

func register(s *scenario) { scenarios[s.name] = s }

// Scenarios are the names of the drills, sorted.
func Scenarios() []string {
	var names []string
	for n := range scenarios {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Summary is a one-line description of a scenario.
func Summary(name string) string {
	if s, ok := scenarios[name]; ok {
		return s.summary
	}
	return ""
}

// UnknownScenarioError is a scenario that does not exist.
type UnknownScenarioError struct{ Name string }

func (e *UnknownScenarioError) Error() string {
	return fmt.Sprintf("unknown scenario %q; the scenarios are %s", e.Name, strings.Join(Scenarios(), ", "))
}

// NeededOutputs are the outputs a scenario reads.
func NeededOutputs(name string) ([]string, error) {
	s, ok := scenarios[name]
	if !ok {
		return nil, &UnknownScenarioError{Name: name}
	}
	return append(slices.Clone(commonOutputs), s.needs...), nil
}

// Run runs the drill opts describe. It returns the Result whenever the
// drill got as far as starting (even with an error, so that the report
// shows how far it went), and nil only when it could not start: an
// unknown scenario, missing outputs, no clients.
func Run(ctx context.Context, opts Options) (*Result, error) {
	sc, ok := scenarios[opts.Scenario]
	if !ok {
		return nil, &UnknownScenarioError{Name: opts.Scenario}
	}
	out, err := ParseOutputs(opts.Stack, opts.Outputs, sc.needs)
	if err != nil {
		return nil, err
	}
	if opts.Clock == nil {
		opts.Clock = RealClock{}
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Verify == nil {
		opts.Verify = publish.Verify
	}
	res := &Result{Scenario: sc.name, Stack: opts.Stack, DryRun: opts.DryRun, Started: opts.Clock.Now(), Budget: out.Budget}
	if opts.DryRun {
		res.Steps = sc.plan(out, &opts)
		needed, _ := NeededOutputs(sc.name)
		res.Notes = append(res.Notes,
			"Dry run: no AWS API was called; the steps are those a real run takes (CLOUD=real).",
			"The stack has every output this drill reads: "+strings.Join(needed, ", ")+".")
		res.Finished = res.Started
		return res, nil
	}
	if opts.Clients == nil {
		return nil, errors.New("drill: no AWS clients for a real run")
	}
	d := &drill{
		opts: &opts, out: out, res: res, clock: opts.Clock, clients: opts.Clients,
		id: fmt.Sprintf("modelfort-drill-%s-%d", sanitize(opts.Stack), res.Started.Unix()),
	}
	d.poll = &poller{clock: opts.Clock, interval: opts.Poll, deadline: res.Started.Add(opts.Timeout), timeout: opts.Timeout}
	d.logf("drill %s on stack %s (%s, DR %s)", sc.name, opts.Stack, out.PrimaryRegion, out.DRRegion)
	err = sc.run(ctx, d)
	res.Finished = d.clock.Now()
	if err != nil {
		d.note("The drill stopped with an error: %v", err)
	}
	return res, err
}

// drill is one run of a scenario.
type drill struct {
	opts    *Options
	out     *Outputs
	res     *Result
	clock   Clock
	clients *Clients
	poll    *poller
	// id names what the drill makes (experiment, restore job, keys).
	id string
}

func (d *drill) logf(format string, args ...any) {
	if d.opts.Log == nil {
		return
	}
	elapsed := d.clock.Now().Sub(d.res.Started).Round(time.Second)
	fmt.Fprintf(d.opts.Log, "[+%s] %s\n", elapsed, fmt.Sprintf(format, args...))
}

// step records a step that happened now.
func (d *drill) step(name, format string, args ...any) {
	d.stepTook(name, 0, format, args...)
}

// stepTook records a step that happened now and took (or waited) took.
func (d *drill) stepTook(name string, took time.Duration, format string, args ...any) {
	s := Step{Name: name, At: d.clock.Now(), Duration: took, Detail: fmt.Sprintf(format, args...)}
	d.res.Steps = append(d.res.Steps, s)
	if took > 0 {
		d.logf("%s (%s): %s", name, took, s.Detail)
	} else {
		d.logf("%s: %s", name, s.Detail)
	}
}

func (d *drill) note(format string, args ...any) {
	d.res.Notes = append(d.res.Notes, fmt.Sprintf(format, args...))
}

func (d *drill) check(name string, ok bool, format string, args ...any) {
	d.res.Checks = append(d.res.Checks, Check{Name: name, OK: ok, Detail: fmt.Sprintf(format, args...)})
	status := "ok"
	if !ok {
		status = "FAILED"
	}
	d.logf("check %s: %s: %s", name, status, fmt.Sprintf(format, args...))
}

func (d *drill) missing(measurements ...string) {
	for _, m := range measurements {
		if !slices.Contains(d.res.Missing, m) {
			d.res.Missing = append(d.res.Missing, m)
		}
	}
}

// undoContext is a context for undoing a fault: not cancelled with ctx
// (an interrupt must still restore), bounded by haltTimeout.
func undoContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), haltTimeout)
}

// sanitize keeps lower-case letters, digits and '-' of s, for names.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteRune('-')
		}
	}
	return b.String()
}
