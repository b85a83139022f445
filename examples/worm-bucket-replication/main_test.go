package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	cfg := rec.Find("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "models")
	replica := rec.Find("aws:s3/bucketV2:BucketV2", "models-replica")
	if cfg == nil || replica == nil || replica.Region != "us-west-2" || cfg.Str("rules[0].destination.bucket") != replica.Out("arn") {
		t.Fatalf("replication %v to %v", cfg, replica)
	}
}
