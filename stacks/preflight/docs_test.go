package preflight

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListPermissions keeps docs/preflight.md's IAM policy and check
// table true to the code.
func TestDocsListPermissions(t *testing.T) {
	b, err := os.ReadFile("../../docs/preflight.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, a := range Permissions {
		if a != "sts:GetCallerIdentity" && !strings.Contains(doc, `"`+a+`"`) {
			t.Errorf("docs/preflight.md's policy lacks %s", a)
		}
	}
	for _, c := range []string{CheckCredentials, CheckShield, CheckEndpointQuota, CheckCertificate, CheckHostedZone, CheckAPIGatewayLog, CheckGuardDuty} {
		if !strings.Contains(doc, "| "+c) {
			t.Errorf("docs/preflight.md has no row of %s", c)
		}
	}
}
