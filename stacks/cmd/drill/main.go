// Command drill runs a disaster-recovery drill against a stack and writes
// its report, measured against the stack's recoveryBudget, as Markdown
// and JSON. "make drill STACK=prod SCENARIO=region-outage" runs it.
//
//	go run ./stacks/cmd/drill -stack prod -scenario region-outage [-outputs outputs.json] [-report drills]
//
// The scenarios are region-outage, endpoint-failure, restore and
// artifact-corruption (see package stacks/drill). With CLOUD unset or
// "offline" the drill is a dry run: it calls no AWS API, checks that the
// stack has the outputs the drill reads and lists the steps a real run
// takes; CLOUD=real runs it against AWS with the default credentials.
// The stack's outputs come from the Automation API (the Pulumi project in
// -work-dir), or from a "pulumi stack output --json" file (-outputs).
// The exit status is 1 when the drill fails a line of its report, is
// aborted by its guard or cannot run, 2 for bad flags.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/modelfort/modelfort/internal/automation"
	"github.com/modelfort/modelfort/stacks/drill"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		var ue *usageError
		if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
			if !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(os.Stderr, "drill:", err)
			}
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "drill:", err)
		os.Exit(1)
	}
}

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("drill", flag.ContinueOnError)
	fs.SetOutput(stdout)
	stack := fs.String("stack", "", "the stack to drill (required)")
	scenario := fs.String("scenario", "", "the drill: "+strings.Join(drill.Scenarios(), " | "))
	workDir := fs.String("work-dir", ".", "the Pulumi project directory, for the Automation API")
	outputsFile := fs.String("outputs", "", `read the stack's outputs from this "pulumi stack output --json" file instead of the Automation API`)
	reportDir := fs.String("report", "drills", "the directory the report is written to")
	dryRun := fs.Bool("dry-run", false, "call no AWS API: list the steps and validate the outputs (the default unless CLOUD=real)")
	poll := fs.Duration("poll", drill.DefaultPoll, "the interval between polls")
	timeout := fs.Duration("timeout", drill.DefaultTimeout, "the longest the drill may take")
	keep := fs.Bool("keep", false, "keep what the drill made (the restored bucket) instead of asking for its deletion")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected arguments %q", fs.Args())
	case *stack == "":
		return usagef("-stack is required")
	case *scenario == "":
		return usagef("-scenario is required; the scenarios are %s", strings.Join(drill.Scenarios(), ", "))
	case *poll <= 0 || *timeout <= 0:
		return usagef("-poll and -timeout must be positive")
	}
	if _, err := drill.NeededOutputs(*scenario); err != nil {
		return usagef("%v", err)
	}
	switch cloud := os.Getenv("CLOUD"); cloud {
	case "", "offline":
		if set["dry-run"] && !*dryRun {
			return usagef("CLOUD is %q: offline, a drill can only dry-run; set CLOUD=real to drill the real cloud", cloud)
		}
		*dryRun = true
	case "real":
	default:
		return usagef("CLOUD is %q; allowed values are offline, real", cloud)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	outputs, err := readOutputs(ctx, *stack, *workDir, *outputsFile)
	if err != nil {
		return err
	}
	opts := drill.Options{
		Stack: *stack, Scenario: *scenario, Outputs: outputs, DryRun: *dryRun,
		Poll: *poll, Timeout: *timeout, Keep: *keep, Log: stdout,
	}
	if !*dryRun {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return fmt.Errorf("load the AWS configuration: %w", err)
		}
		opts.Clients = drill.NewClients(cfg)
	}
	res, err := drill.Run(ctx, opts)
	if res == nil {
		return err
	}
	report := drill.NewReport(*res)
	md, js, werr := writeReport(*reportDir, report)
	fmt.Fprintf(stdout, "\n%s\n", report.Markdown())
	if werr == nil {
		fmt.Fprintf(stdout, "wrote %s and %s\n", md, js)
	}
	if err := errors.Join(err, werr); err != nil {
		return err
	}
	if report.Failed() {
		var failed []string
		for _, l := range report.Lines {
			if l.Status == drill.Fail {
				failed = append(failed, l.Name)
			}
		}
		if res.Aborted {
			return fmt.Errorf("the drill was aborted (see %s)", md)
		}
		return fmt.Errorf("the drill failed: %s (see %s)", strings.Join(failed, "; "), md)
	}
	return nil
}

// readOutputs reads the stack's outputs from file, or else from the stack
// in workDir through the Automation API.
func readOutputs(ctx context.Context, stack, workDir, file string) (map[string]any, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		outputs := map[string]any{}
		if len(strings.TrimSpace(string(b))) > 0 {
			if err := json.Unmarshal(b, &outputs); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
		}
		return outputs, nil
	}
	return automation.Outputs(ctx, stack, workDir)
}

// writeReport writes the report into dir as STACK-SCENARIO-TIME.md and
// .json ("-dry-run" before the extension for a dry run).
func writeReport(dir string, r drill.Report) (md, js string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	res := r.Result
	base := fmt.Sprintf("%s-%s-%s", strings.ReplaceAll(res.Stack, "/", "-"), res.Scenario, res.Started.UTC().Format("20060102T150405Z"))
	if res.DryRun {
		base += "-dry-run"
	}
	md = filepath.Join(dir, base+".md")
	js = filepath.Join(dir, base+".json")
	b, err := r.JSON()
	if err != nil {
		return md, js, err
	}
	if err := os.WriteFile(md, []byte(r.Markdown()), 0o644); err != nil {
		return md, js, err
	}
	return md, js, os.WriteFile(js, append(b, '\n'), 0o644)
}
