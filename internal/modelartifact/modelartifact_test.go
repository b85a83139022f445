package modelartifact

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	sum := sha256.Sum256([]byte("a model"))
	d := hex.EncodeToString(sum[:])
	if !ValidDigest(d) {
		t.Fatalf("%s is not a valid digest", d)
	}
	if got, want := Key("models/", d, "r1/model.tar.gz"), "models/sha256/"+d+"/r1/model.tar.gz"; got != want {
		t.Errorf("Key = %q; want %q", got, want)
	}
	for _, bad := range []string{"", d[:63], strings.ToUpper(d), "sha256:" + d, d + "0"} {
		if ValidDigest(bad) {
			t.Errorf("ValidDigest(%q) = true", bad)
		}
	}
}
