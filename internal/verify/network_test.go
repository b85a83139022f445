package verify

import (
	"net/netip"
	"testing"
)

func TestIsPrivateIPv4Block(t *testing.T) {
	for s, want := range map[string]bool{
		"10.0.0.0/16": true, "10.0.0.0/8": true, "172.16.0.0/12": true, "172.20.0.0/18": true, "192.168.0.0/24": true,
		"10.0.0.1/16":    true, // inside; whether it is written masked is the caller's rule
		"8.8.0.0/16":     false,
		"172.0.0.0/8":    false, // wider than 172.16.0.0/12
		"0.0.0.0/0":      false,
		"fd00::/8":       false,
		"192.169.0.0/16": false,
	} {
		if got := IsPrivateIPv4Block(netip.MustParsePrefix(s)); got != want {
			t.Errorf("IsPrivateIPv4Block(%s) = %v; want %v", s, got, want)
		}
	}
	if IsPrivateIPv4Block(netip.Prefix{}) {
		t.Error("the zero prefix is private")
	}
}
