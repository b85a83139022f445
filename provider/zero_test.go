package provider_test

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/audittrail"
	"github.com/modelfort/modelfort/components/aws/backupvault"
	"github.com/modelfort/modelfort/components/aws/capturebucket"
	"github.com/modelfort/modelfort/components/aws/guardrail"
	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/privatevpc"
	"github.com/modelfort/modelfort/components/aws/threatdetection"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

// TestOmittedArgumentsKeepTheSecureDefaults: a program that gives a
// component no arguments gets exactly what a Go program gets from the
// zero Args, its secure defaults: the same resources with the same
// inputs (the guardrail's default PII handling, the bucket's object
// lock, the keys' rotation, ...). A wire conversion that turned an
// omitted field into a non-nil empty value (an empty PII map, an empty
// retention) would change them and fail here.
func TestOmittedArgumentsKeepTheSecureDefaults(t *testing.T) {
	for typ, goZero := range map[string]func(ctx *pulumi.Context) error{
		"modelfort:aws:Key": func(ctx *pulumi.Context) error { _, err := kmskey.NewKey(ctx, "c1", nil); return err },
		"modelfort:aws:WormBucket": func(ctx *pulumi.Context) error {
			_, err := wormbucket.NewBucket(ctx, "c1", nil)
			return err
		},
		"modelfort:aws:CaptureBucket": func(ctx *pulumi.Context) error {
			_, err := capturebucket.NewBucket(ctx, "c1", nil)
			return err
		},
		"modelfort:aws:Guardrail": func(ctx *pulumi.Context) error {
			_, err := guardrail.NewGuardrail(ctx, "c1", nil)
			return err
		},
		"modelfort:aws:WebAcl":      func(ctx *pulumi.Context) error { _, err := webacl.NewACL(ctx, "c1", nil); return err },
		"modelfort:aws:AuditTrail":  func(ctx *pulumi.Context) error { _, err := audittrail.NewTrail(ctx, "c1", nil); return err },
		"modelfort:aws:BackupVault": func(ctx *pulumi.Context) error { _, err := backupvault.NewVault(ctx, "c1", nil); return err },
		"modelfort:aws:PrivateVpc":  func(ctx *pulumi.Context) error { _, err := privatevpc.NewVpc(ctx, "c1", nil); return err },
		"modelfort:aws:ThreatDetection": func(ctx *pulumi.Context) error {
			_, err := threatdetection.NewDetection(ctx, "c1", nil)
			return err
		},
	} {
		t.Run(typ, func(t *testing.T) {
			wire := newMocks()
			if _, err := construct(t, wire, typ, "c1", map[string]any{}); err != nil {
				t.Fatalf("with no arguments: %v", err)
			}
			direct := newMocks()
			if err := pulumi.RunErr(goZero, pulumi.WithMocks("modelfort", "test", direct)); err != nil {
				t.Fatalf("the Go component with zero Args: %v", err)
			}
			got, want := registered(t, wire), registered(t, direct)
			if len(want) == 0 {
				t.Fatal("the Go component registered nothing")
			}
			for key, in := range want {
				if got[key] != in {
					t.Errorf("%s: through the package\n%s\nfrom Go\n%s", key, got[key], in)
				}
			}
			for key := range got {
				if _, ok := want[key]; !ok {
					t.Errorf("%s: registered through the package only", key)
				}
			}
		})
	}
}

// registered is each custom resource the mocks saw, "TYPE NAME", with its
// inputs as JSON.
func registered(t *testing.T, m *mocks) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range m.resources {
		if !r.Custom {
			continue
		}
		b, err := json.Marshal(plain(resource.NewObjectProperty(r.Inputs)))
		if err != nil {
			t.Fatal(err)
		}
		out[r.Type+" "+r.Name] = string(b)
	}
	return out
}

// plain is v without secret and output wrappers, maps with sorted keys.
func plain(v resource.PropertyValue) any {
	for v.IsSecret() || v.IsOutput() {
		if v.IsSecret() {
			v = v.SecretValue().Element
		} else {
			v = v.OutputValue().Element
		}
	}
	switch {
	case v.IsObject():
		m := map[string]any{}
		keys := v.ObjectValue().StableKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, k := range keys {
			m[string(k)] = plain(v.ObjectValue()[k])
		}
		return m
	case v.IsArray():
		var a []any
		for _, e := range v.ArrayValue() {
			a = append(a, plain(e))
		}
		return a
	}
	return v.V
}
