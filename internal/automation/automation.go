// Package automation reaches a deployed stack through Pulumi's Automation
// API, for the commands that act on one (make publish, make drill): its
// outputs, and its config. It uses the caller's pulumi CLI, backend and
// secrets provider; offline, scripts/stack.sh --exec sets those up and runs
// the command in the stack's project directory.
package automation

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// Outputs returns the outputs of stack, a stack of the Pulumi project in
// workDir. Secret outputs come back in the clear.
func Outputs(ctx context.Context, stack, workDir string) (map[string]any, error) {
	s, err := auto.SelectStackLocalSource(ctx, stack, workDir)
	if err != nil {
		return nil, fmt.Errorf("select stack %s of the project in %s (the Automation API needs the pulumi CLI and its backend): %w", stack, workDir, err)
	}
	outs, err := s.Outputs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the outputs of stack %s: %w", stack, err)
	}
	outputs := make(map[string]any, len(outs))
	for k, v := range outs {
		outputs[k] = v.Value
	}
	return outputs, nil
}

// SetConfig sets a plain config value of stack, as "pulumi config set"
// does: in the project's Pulumi.STACK.yaml.
func SetConfig(ctx context.Context, stack, workDir, key, value string) error {
	s, err := auto.SelectStackLocalSource(ctx, stack, workDir)
	if err != nil {
		return fmt.Errorf("select stack %s of the project in %s: %w", stack, workDir, err)
	}
	if err := s.SetConfig(ctx, key, auto.ConfigValue{Value: value}); err != nil {
		return fmt.Errorf("set %s of stack %s: %w", key, stack, err)
	}
	return nil
}
