package provider_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/modelfort/modelfort/provider"
)

// TestSchemaServesEveryComponent checks that infer derives a schema from
// every wire type, with the components' Go tokens and the nested types in
// the components' module.
func TestSchemaServesEveryComponent(t *testing.T) {
	prov, err := provider.Inferred()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := p.GetSchema(context.Background(), provider.Name, provider.Version, prov)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Resources map[string]struct {
			IsComponent     bool                       `json:"isComponent"`
			InputProperties map[string]json.RawMessage `json:"inputProperties"`
		} `json:"resources"`
		Types map[string]json.RawMessage `json:"types"`
	}
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{
		"modelfort:aws:Key", "modelfort:aws:WormBucket", "modelfort:aws:CaptureBucket", "modelfort:aws:Guardrail",
		"modelfort:aws:WebAcl", "modelfort:aws:Incidents", "modelfort:aws:AuditTrail", "modelfort:aws:BackupVault",
		"modelfort:aws:PrivateVpc", "modelfort:aws:SecurityGroups", "modelfort:aws:AccessRoles",
		"modelfort:aws:ThreatDetection", "modelfort:aws:ShieldProtection", "modelfort:aws:MetadataStore",
		"modelfort:aws:FaultInjection",
	} {
		r, ok := spec.Resources[tok]
		if !ok {
			t.Errorf("the schema has no resource %s", tok)
			continue
		}
		if !r.IsComponent {
			t.Errorf("%s is not a component", tok)
		}
	}
	if _, ok := spec.Resources["modelfort:aws:BackupVault"].InputProperties["recoveryPointObjectiveHours"]; !ok {
		t.Error("BackupVault has no input recoveryPointObjectiveHours")
	}
	for tok := range spec.Types {
		if !strings.HasPrefix(tok, "modelfort:aws:") {
			t.Errorf("type %s is not in the components' module aws", tok)
		}
	}
	for _, tok := range []string{"modelfort:aws:Retention", "modelfort:aws:SecurityGroupTier", "modelfort:aws:SecurityGroupRule", "modelfort:aws:ProtectedResource", "modelfort:aws:RegionOutage"} {
		if _, ok := spec.Types[tok]; !ok {
			t.Errorf("the schema has no type %s", tok)
		}
	}
}
