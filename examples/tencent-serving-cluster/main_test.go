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
	pool := rec.Find("tencentcloud:Kubernetes/nodePool:NodePool", "serving")
	if pool == nil || len(pool.Strs("subnetIds")) != 2 || pool.Str("autoScalingConfig.instanceType") != "GN7.2XLARGE32" {
		t.Fatalf("node pool: %+v", pool)
	}
	ep := rec.Find("tencentcloud:Kubernetes/clusterEndpoint:ClusterEndpoint", "serving")
	if ep == nil || ep.Bool("clusterInternet") || !ep.Bool("clusterIntranet") {
		t.Errorf("endpoint: %+v", ep)
	}
}
