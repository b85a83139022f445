// Command gen-go-sdk writes the modelfort package's Go SDK (sdk/go/modelfort)
// from schema.json. Run it from the provider directory after the schema
// changes:
//
//	go test -run TestSchemaIsCurrent -update . && go run ./cmd/gen-go-sdk
//
// TestGoSDKIsCurrent checks that the checked-in SDK is what it writes.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/modelfort/modelfort/provider/internal/sdkgen"
)

func main() {
	schemaPath := flag.String("schema", "schema.json", "the package schema")
	out := flag.String("out", "sdk/go", "where the SDK goes (replaced): files land in OUT/modelfort")
	flag.Parse()
	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen-go-sdk:", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	files, err := sdkgen.Go(b)
	if err != nil {
		return err
	}
	if err := sdkgen.Write(out, files); err != nil {
		return err
	}
	fmt.Printf("wrote %d files into %s\n", len(files), out)
	return nil
}
