// Command pulumi-resource-modelfort is the plugin of the modelfort
// component package: the Pulumi engine starts it to construct modelfort's
// components for programs in any language. Install it with
//
//	pulumi plugin install resource modelfort 0.1.0 --file pulumi-resource-modelfort
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/modelfort/modelfort/provider"
)

func main() {
	if err := provider.Run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
