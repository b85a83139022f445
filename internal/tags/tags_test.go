package tags

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestOf(t *testing.T) {
	if m := Of(nil); m == nil || len(m) != 0 {
		t.Errorf("Of(nil) = %v; want an empty map", m)
	}
	if m := Of(map[string]string{"team": "ml"}); m["team"] != pulumi.String("ml") {
		t.Errorf("Of = %v", m)
	}
}

func TestNamedComponentKeysWin(t *testing.T) {
	caller := map[string]string{"team": "ml", "Name": "caller's"}
	m := Named(caller, "vpc-a", "modelfort:tier", "endpoint")
	if m["Name"] != pulumi.String("vpc-a") || m["team"] != pulumi.String("ml") || m["modelfort:tier"] != pulumi.String("endpoint") || len(m) != 3 {
		t.Errorf("Named = %v", m)
	}
	p := NamedMap(caller, "vpc-a", "modelfort:tier", "endpoint")
	if p["Name"] != "vpc-a" || p["team"] != "ml" || p["modelfort:tier"] != "endpoint" || len(p) != 3 {
		t.Errorf("NamedMap = %v", p)
	}
	if caller["Name"] != "caller's" {
		t.Error("the caller's map was changed")
	}
}
