package stackconfig

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	good := map[string]string{
		"aws:region": "us-east-1", "modelfort:environment": "dev", "modelfort:retentionDays": "7",
		"modelfort:shield": "false", "modelfort:incidents": `{"emails":["oncall@example.com"]}`,
		"tencentcloud:region": "ap-guangzhou", "modelfort:zoneCount": "2",
	}
	if err := Check(good); err != nil {
		t.Errorf("declared keys refused: %v", err)
	}
	for _, tc := range []struct {
		key, value, want string
	}{
		{"modelfort:retentionDay", "7", "modelfort:retentionDay is not a configuration key of modelfort; did you mean modelfort:retentionDays?"},
		{"modelfort:RetentionDays", "7", "did you mean modelfort:retentionDays?"},
		{"modelfort:replicationEverywhere", "true", "modelfort:replicationEverywhere is not a configuration key of modelfort (the keys are listed"},
		{"modelfort:retentionDays", "seven", `modelfort:retentionDays is "seven"; it must be a whole number`},
		{"modelfort:shield", "yes", `modelfort:shield is "yes"; allowed values are true and false`},
		{"modelfort:incidents", "oncall@example.com", `modelfort:incidents is "oncall@example.com"; it must be an object`},
	} {
		cfg := map[string]string{"modelfort:environment": "dev", tc.key: tc.value}
		if err := Check(cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%s: %v; want %q", tc.key, tc.value, err, tc.want)
		}
	}
}

func TestDeclarations(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Declared() {
		if seen[d.Name] || d.Description == "" || len(d.Clouds) == 0 ||
			(d.Type != String && d.Type != Integer && d.Type != Boolean && d.Type != Object) {
			t.Errorf("declaration %+v", d)
		}
		seen[d.Name] = true
	}
}
