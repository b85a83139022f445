package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("tencentcloud:region", "ap-beijing"), mocktest.Config("modelfort:replicaRegion", "ap-singapore"))
	if err != nil {
		t.Fatal(err)
	}
	primary, replica := rec.Find("tencentcloud:Cos/bucket:Bucket", "models"), rec.Find("tencentcloud:Cos/bucket:Bucket", "models-replica")
	if primary == nil || replica == nil || primary.Region != "ap-beijing" || replica.Region != "ap-singapore" {
		t.Fatalf("buckets: %+v, %+v", primary, replica)
	}
	if d := primary.Str("replicaRules[0].destinationBucket"); d != "qcs::cos:ap-singapore::modelfort-example-models-replica-1250000000" {
		t.Errorf("replicates to %q", d)
	}
}
