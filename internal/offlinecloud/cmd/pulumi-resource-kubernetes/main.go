// Command pulumi-resource-kubernetes is the offline stand-in for the kubernetes provider
// plugin. "make plugins" installs it into the project's own PULUMI_HOME,
// never into the user's; see package offlinecloud for what it does.
package main

import (
	"fmt"
	"os"

	"github.com/modelfort/modelfort/internal/offlinecloud"
)

func main() {
	if err := offlinecloud.Serve(offlinecloud.Kubernetes); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
