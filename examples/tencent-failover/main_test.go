package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	for _, active := range []string{"", "ap-shanghai"} {
		opts := []mocktest.Option{mocktest.Config("tencentcloud:region", "ap-guangzhou")}
		if active != "" {
			opts = append(opts, mocktest.Config("modelfort:active", active))
		}
		rec, err := mocktest.Run(program, opts...)
		if err != nil {
			t.Fatal(err)
		}
		record := rec.Find("tencentcloud:PrivateDns/record:Record", "serving")
		region := map[string]string{"": "ap-guangzhou", "ap-shanghai": "ap-shanghai"}[active]
		lb := rec.Find("tencentcloud:Clb/instance:Instance", region)
		if record == nil || lb == nil || !lb.Outputs["clbVips"].IsArray() || record.Str("recordValue") != lb.Outputs["clbVips"].ArrayValue()[0].StringValue() {
			t.Errorf("active %q: the name does not point at %s's load balancer: record %v, lb %v", active, region, record, lb)
		}
	}
}
