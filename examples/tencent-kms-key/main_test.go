package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("tencentcloud:region", "ap-singapore"))
	if err != nil {
		t.Fatal(err)
	}
	key := rec.Find("tencentcloud:Kms/key:Key", "models")
	if key == nil || key.Region != "ap-singapore" || !key.Bool("keyRotationEnabled") || key.Str("alias") != "modelfort-models" {
		t.Fatalf("key: %+v", key)
	}
}
