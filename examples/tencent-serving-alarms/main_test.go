package main

import (
	"slices"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("tencentcloud:region", "ap-shanghai"), mocktest.Config("alarms:noticeId", "notice-oncall01"))
	if err != nil {
		t.Fatal(err)
	}
	policies := rec.OfType("tencentcloud:Monitor/alarmPolicy:AlarmPolicy")
	if len(policies) != 3 {
		t.Fatalf("policies %v", rec.Types())
	}
	for _, p := range policies {
		if !slices.Equal(p.Strs("noticeIds"), []string{"notice-oncall01"}) {
			t.Errorf("%s notifies %v", p.Name, p.Strs("noticeIds"))
		}
	}
	cluster := rec.Find("tencentcloud:Kubernetes/cluster:Cluster", "serving")
	tke := rec.Find("tencentcloud:Monitor/alarmPolicy:AlarmPolicy", "serving-tke")
	if tke.Str("remark") != "modelfort-tke-"+cluster.ID {
		t.Errorf("the node policy watches %q; want the cluster %s", tke.Str("remark"), cluster.ID)
	}
	binding := rec.Find("tencentcloud:Monitor/policyBindingObject:PolicyBindingObject", "serving-clb")
	if binding == nil || binding.Str("policyId") != rec.Find("tencentcloud:Monitor/alarmPolicy:AlarmPolicy", "serving-clb").ID {
		t.Fatalf("clb binding %v", binding)
	}
	// The workload's topic is in the CLB's log set.
	clbSet := rec.Find("tencentcloud:Cls/logset:Logset", "serving")
	topic := rec.Find("tencentcloud:Cls/topic:Topic", "serving-workload")
	if clbSet == nil || topic == nil || topic.Str("logsetId") != clbSet.ID || rec.Find("tencentcloud:Cls/logset:Logset", "serving-workload") != nil {
		t.Errorf("topic %v; want it in the CLB's log set %v", topic, clbSet)
	}
}
