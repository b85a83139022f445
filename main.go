// Command modelfort is the Pulumi program of the modelfort project
// (Pulumi.yaml): the per-environment stacks of package stacks/aws, or,
// when the stack's modelfort:cloud is "tencentcloud", those of package
// stacks/tencentcloud (stacks tencent-dev, tencent-prod).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	awsstacks "github.com/modelfort/modelfort/stacks/aws"
	"github.com/modelfort/modelfort/stacks/stackconfig"
	tcstacks "github.com/modelfort/modelfort/stacks/tencentcloud"
)

// program runs the stack program of the cloud that modelfort:cloud names:
// "aws" (or nothing) for package stacks/aws, "tencentcloud" for package
// stacks/tencentcloud.
func program(ctx *pulumi.Context) error {
	if err := checkConfig(os.Getenv(pulumi.EnvConfig)); err != nil {
		return err
	}
	switch cloud := config.Get(ctx, tcstacks.CloudKey); cloud {
	case "", "aws":
		return awsstacks.Program(ctx)
	case tcstacks.Cloud:
		return tcstacks.Program(ctx)
	default:
		return fmt.Errorf("%s is %q; allowed values are aws (the default) and %s", tcstacks.CloudKey, cloud, tcstacks.Cloud)
	}
}

// checkConfig refuses a stack configuration that holds a modelfort key
// nobody declared (a misspelling would otherwise be ignored, its default
// used) or a value not of its key's type. raw is the configuration as the
// language host passes it ($PULUMI_CONFIG, a JSON object); empty under
// unit-test mocks, which pass the configuration another way.
func checkConfig(raw string) error {
	if raw == "" {
		return nil
	}
	var cfg map[string]string
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		return fmt.Errorf("reading the stack configuration: %w", err)
	}
	return stackconfig.Check(cfg)
}

func main() {
	pulumi.Run(program)
}
