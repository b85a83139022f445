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
	trail := rec.Find("aws:cloudtrail/trail:Trail", "audit")
	models := rec.Find("aws:s3/bucketV2:BucketV2", "models")
	if trail == nil || models == nil || trail.Str("eventSelectors[0].dataResources[0].values[0]") != models.Out("arn")+"/" {
		t.Fatalf("trail %v does not record the model bucket's data events", trail)
	}
}
