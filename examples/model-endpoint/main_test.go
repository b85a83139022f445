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
	cfg := rec.Find("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "deepseek-r1")
	if cfg == nil || cfg.Num("productionVariants[0].initialInstanceCount") != 2 || cfg.Str("kmsKeyArn") == "" {
		t.Fatalf("endpoint configuration: %v", cfg)
	}
	if rec.Find("aws:iam/rolePolicy:RolePolicy", "app-invokes-deepseek") == nil {
		t.Error("the app role was not granted the endpoint")
	}
}
