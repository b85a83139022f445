package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("tencentcloud:region", "ap-guangzhou"), mocktest.Config("modelfort:antiDdosInstance", "bgpip-00000001"))
	if err != nil {
		t.Fatal(err)
	}
	audit := rec.Find("tencentcloud:Audit/instance:Instance", "protection")
	if audit == nil || audit.Str("cosBucket") != "modelfort-example-audit" || !audit.Bool("enableKmsEncry") {
		t.Fatalf("audit: %+v", audit)
	}
	if rec.Find("tencentcloud:Dayu/ddosPolicyV2:DdosPolicyV2", "protection-bgpip-00000001") == nil {
		t.Error("no Anti-DDoS policy for the configured instance")
	}
}
