package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("modelfort:drRegion", "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	replica := rec.Find("aws:kms/replicaKey:ReplicaKey", "models-replica")
	if replica == nil || replica.Region != "eu-west-1" {
		t.Fatalf("replica: %+v", replica)
	}
	if rec.Find("aws:iam/rolePolicy:RolePolicy", "inference-reads-models") == nil {
		t.Error("the inference role was not granted the key")
	}
}
