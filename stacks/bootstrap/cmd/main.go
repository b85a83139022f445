// Command bootstrap is the Pulumi program of the bootstrap project
// (bootstrap/Pulumi.yaml): the state backend, the secrets key and the CI
// deploy roles of one AWS account. See docs/deploying.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/stacks/bootstrap"
)

func main() {
	pulumi.Run(bootstrap.Program)
}
