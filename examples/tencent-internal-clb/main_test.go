package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("tencentcloud:region", "ap-shanghai"))
	if err != nil {
		t.Fatal(err)
	}
	lb := rec.Find("tencentcloud:Clb/instance:Instance", "serving")
	group := rec.Find("tencentcloud:Security/group:Group", "serving-clb")
	if lb == nil || lb.Str("networkType") != "INTERNAL" || lb.Has("masterZoneId") || lb.Has("slaveZoneId") || !lb.Bool("loadBalancerPassToTarget") {
		t.Fatalf("clb: %+v", lb)
	}
	if sgs := lb.Strs("securityGroups"); len(sgs) != 1 || sgs[0] != group.ID {
		t.Errorf("security groups %v; want the clb tier %s", sgs, group.ID)
	}
}
