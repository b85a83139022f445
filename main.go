// Command modelfort is the Pulumi program of the modelfort project
// (Pulumi.yaml): the per-environment stacks of package stacks/aws, or,
// when the stack's modelfort:cloud is "tencentcloud", those of package
// stacks/tencentcloud (stacks tencent-dev, tencent-prod).
package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	awsstacks "github.com/modelfort/modelfort/stacks/aws"
	tcstacks "github.com/modelfort/modelfort/stacks/tencentcloud"
)

// program runs the stack program of the cloud that modelfort:cloud names:
// "aws" (or nothing) for package stacks/aws, "tencentcloud" for package
// stacks/tencentcloud.
func program(ctx *pulumi.Context) error {
	switch cloud := config.Get(ctx, tcstacks.CloudKey); cloud {
	case "", "aws":
		return awsstacks.Program(ctx)
	case tcstacks.Cloud:
		return tcstacks.Program(ctx)
	default:
		return fmt.Errorf("%s is %q; allowed values are aws (the default) and %s", tcstacks.CloudKey, cloud, tcstacks.Cloud)
	}
}

func main() {
	pulumi.Run(program)
}
