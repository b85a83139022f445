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
	b := rec.Find("aws:s3/bucketV2:BucketV2", "captures")
	if b == nil || b.Bool("objectLockEnabled") || b.Str(`tags["modelfort:purpose"]`) != "data-capture" {
		t.Fatalf("capture bucket: %v", b)
	}
	if l := rec.OfType("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"); len(l) != 0 {
		t.Errorf("a capture bucket must have no object lock: %v", l)
	}
	lc := rec.Find("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "captures")
	if lc == nil || lc.Str("rules[0].id") != "expire-captures" || lc.Num("rules[0].expiration.days") != 14 {
		t.Errorf("lifecycle: %v", lc)
	}
}
