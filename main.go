// Command modelfort is the Pulumi program of the modelfort project
// (Pulumi.yaml): the per-environment stacks of package stacks.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/stacks"
)

func main() {
	pulumi.Run(stacks.Program)
}
