package instancestorage

import "testing"

func TestHasNVMe(t *testing.T) {
	for typ, want := range map[string]bool{
		"ml.g5.2xlarge": true, "ml.p4d.24xlarge": true, "ml.g4dn.xlarge": true,
		"ml.p3.2xlarge": false, "ml.m5.large": false, "g5.2xlarge": false, "": false,
	} {
		if got := HasNVMe(typ); got != want {
			t.Errorf("HasNVMe(%q) = %v; want %v", typ, got, want)
		}
	}
	if f, ok := Family("ml.inf2.xlarge"); !ok || f != "inf2" {
		t.Errorf("Family = %q, %v", f, ok)
	}
}
