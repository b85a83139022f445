package main

import (
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	cfg := rec.Find("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "deepseek-r1")
	if cfg == nil || cfg.Num("productionVariants[0].initialInstanceCount") != 2 || cfg.Str("kmsKeyArn") == "" {
		t.Fatalf("endpoint configuration: %v", cfg)
	}
	// Captures go to the endpoint's own capture bucket, never to the
	// artifacts' bucket.
	capture, models := rec.Find("aws:s3/bucketV2:BucketV2", "deepseek-r1-capture"), rec.Find("aws:s3/bucketV2:BucketV2", "models")
	if capture == nil || cfg.Num("dataCaptureConfig.initialSamplingPercentage") != 10 ||
		!strings.HasPrefix(cfg.Str("dataCaptureConfig.destinationS3Uri"), "s3://"+capture.ID+"/") ||
		strings.Contains(cfg.Str("dataCaptureConfig.destinationS3Uri"), models.ID) {
		t.Errorf("data capture: %v", cfg.Get("dataCaptureConfig"))
	}
	if a := rec.Find("aws:cloudwatch/metricAlarm:MetricAlarm", "deepseek-r1-5xx"); a == nil || a.Num("period") != 60 || a.Num("evaluationPeriods") != 3 {
		t.Errorf("5XX alarm: %v", a)
	}
	if rec.Find("aws:iam/rolePolicy:RolePolicy", "app-invokes-deepseek") == nil {
		t.Error("the app role was not granted the endpoint")
	}
}

func TestCapturePercentFromConfig(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config(mocktest.Project+":capturePercent", "5"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg := rec.Find("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "deepseek-r1"); cfg.Num("dataCaptureConfig.initialSamplingPercentage") != 5 {
		t.Errorf("sampling: %v", cfg.Get("dataCaptureConfig.initialSamplingPercentage"))
	}
}
