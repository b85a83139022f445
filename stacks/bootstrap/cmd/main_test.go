package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
	awsstacks "github.com/modelfort/modelfort/stacks/aws"
	"github.com/modelfort/modelfort/stacks/bootstrap"
)

// TestCheckedInBootstrapProject: bootstrap/Pulumi.yaml runs this command,
// and its checked-in stack file deploys, through the program the command
// runs, the state bucket and its DR replica and a deploy role per
// environment the file lists.
func TestCheckedInBootstrapProject(t *testing.T) {
	project, err := os.ReadFile("../../../bootstrap/Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(project), "main: ../stacks/bootstrap/cmd\n") {
		t.Errorf("bootstrap/Pulumi.yaml does not run this command:\n%s", project)
	}
	values, err := awsstacks.ReadStackFile(filepath.Join("..", "..", "..", "bootstrap", "Pulumi.bootstrap.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var opts []mocktest.Option
	for k, v := range values {
		opts = append(opts, mocktest.Config(k, v))
	}
	rec, err := mocktest.Run(bootstrap.Program, opts...)
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]bool{}
	for _, b := range rec.OfType("aws:s3/bucketV2:BucketV2") {
		if strings.Contains(b.Out("bucket"), "pulumi-state") {
			regions[b.Region] = true
		}
	}
	if !regions["us-east-1"] || !regions["us-west-2"] {
		t.Errorf("state buckets in %v; want the primary and the DR region", regions)
	}
	deploy := 0
	for _, r := range rec.OfType("aws:iam/role:Role") {
		if strings.Contains(r.Str("assumeRolePolicy"), ":environment:") {
			deploy++
		}
	}
	if deploy != 3 {
		t.Errorf("%d roles trusted by a GitHub environment; want one per environment of the file (3)", deploy)
	}
}
