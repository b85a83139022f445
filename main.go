// Command modelfort is the Pulumi program of the modelfort project
// (Pulumi.yaml): the per-environment stacks of package stacks (AWS), or,
// when the stack's modelfort:cloud is "tencentcloud", those of package
// stacks/tencent (stacks tencent-dev, tencent-prod).
package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/stacks"
	"github.com/modelfort/modelfort/stacks/tencent"
)

// program runs the stack program of the cloud that modelfort:cloud names:
// "aws" (or nothing) for package stacks, "tencentcloud" for package
// stacks/tencent.
func program(ctx *pulumi.Context) error {
	switch cloud := config.Get(ctx, tencent.CloudKey); cloud {
	case "", "aws":
		return stacks.Program(ctx)
	case tencent.Cloud:
		return tencent.Program(ctx)
	default:
		return fmt.Errorf("%s is %q; allowed values are aws (the default) and %s", tencent.CloudKey, cloud, tencent.Cloud)
	}
}

func main() {
	pulumi.Run(program)
}
