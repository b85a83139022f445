// Command runbook prints the disaster-recovery runbook of a stack as
// markdown, from its Pulumi.<stack>.yaml and, if given, a file holding
// "pulumi stack output --json". "make runbook STACK=prod" runs it.
//
//	go run ./stacks/cmd/runbook -stack prod [-outputs outputs.json] > runbooks/prod.md
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	stacks "github.com/modelfort/modelfort/stacks/aws"
)

func main() {
	stack := flag.String("stack", "dev", "the stack (its Pulumi.<stack>.yaml is read)")
	dir := flag.String("dir", ".", "the directory that holds Pulumi.<stack>.yaml")
	outputsFile := flag.String("outputs", "", "a file with the stack's outputs as JSON (optional)")
	flag.Parse()
	if err := run(os.Stdout, *stack, *dir, *outputsFile); err != nil {
		fmt.Fprintln(os.Stderr, "runbook:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, stack, dir, outputsFile string) error {
	values, err := stacks.ReadStackFile(filepath.Join(dir, "Pulumi."+stack+".yaml"))
	if err != nil {
		return err
	}
	cfg, err := stacks.ParseConfig(func(k string) string { return values[k] })
	if err != nil {
		return err
	}
	outputs := map[string]any{}
	if outputsFile != "" {
		b, err := os.ReadFile(outputsFile)
		if err != nil {
			return err
		}
		if len(b) > 0 {
			if err := json.Unmarshal(b, &outputs); err != nil {
				return fmt.Errorf("%s: %w", outputsFile, err)
			}
		}
	}
	md, err := stacks.Runbook(stack, cfg, outputs)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, md)
	return err
}
