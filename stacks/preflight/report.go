package preflight

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Write prints the report: a table of every check, what to do about each
// one that fails or warns, and the verdict.
func (r Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "preflight of stack %s (%s: %s, DR %s) against %s\n\n", r.Stack, r.Environment, r.PrimaryRegion, r.DRRegion, r.Target)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tCHECK\tREGION\tFOUND")
	for _, x := range r.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", x.Status, x.Check, x.Region, x.Found)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var todo []Result
	warnings := 0
	for _, x := range r.Results {
		if x.Status == Warn {
			warnings++
		}
		if x.Do != "" && (x.Status.Fails() || x.Status == Warn) {
			todo = append(todo, x)
		}
	}
	if len(todo) > 0 {
		b.WriteString("\nWhat to do:\n")
		for _, x := range todo {
			fmt.Fprintf(&b, "  - %s, %s (%s): %s\n", x.Check, x.Region, x.Status, x.Do)
		}
	}
	b.WriteString("\n")
	switch n := r.Failures(); {
	case n > 0:
		fmt.Fprintf(&b, "%d of %d checks fail: `%s` would fail or deploy a stack short of what it needs. Do what each says, then run preflight again.\n", n, len(r.Results), r.Up)
	case warnings > 0:
		fmt.Fprintf(&b, "Every check passes, with %d warning(s): the account can take stack %s (`%s`).\n", warnings, r.Stack, r.Up)
	default:
		fmt.Fprintf(&b, "Every check passes: the account can take stack %s (`%s`).\n", r.Stack, r.Up)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
