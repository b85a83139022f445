package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	if err != nil {
		t.Fatal(err)
	}
	third := rec.Find("tencentcloud:Subnet/instance:Instance", "serving-ap-guangzhou-3")
	if n := len(rec.OfType("tencentcloud:Subnet/instance:Instance")); n != 3 || third == nil || third.Str("cidrBlock") != "10.20.32.0/20" {
		t.Fatalf("%d subnets; the third: %+v", n, third)
	}
	if n := len(rec.OfType("tencentcloud:Security/group:Group")); n != 3 {
		t.Errorf("%d security groups", n)
	}
}
