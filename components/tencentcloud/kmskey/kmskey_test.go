package kmskey

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kms"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const keyType = "tencentcloud:Kms/key:Key"

func newKey(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewKey(ctx, "models", args, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
}

func TestDefaults(t *testing.T) {
	rec, err := newKey(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp, key := rec.Find(Type, "models"), rec.Find(keyType, "models")
	if comp == nil || key == nil || key.Parent != comp.URN {
		t.Fatalf("want a %s with a child key:\n%s", Type, rec)
	}
	if !key.Bool("keyRotationEnabled") || !key.Bool("isEnabled") || key.Num("pendingDeleteWindowInDays") != 30 || key.Str("keyUsage") != KeyUsage {
		t.Errorf("rotation %v, enabled %v, window %v, usage %q", key.Bool("keyRotationEnabled"), key.Bool("isEnabled"),
			key.Num("pendingDeleteWindowInDays"), key.Str("keyUsage"))
	}
	if key.Str("alias") != "modelfort-models" || key.Str("description") != "modelfort key models" || key.Has("tags") {
		t.Errorf("alias %q, description %q, tags %v", key.Str("alias"), key.Str("description"), key.Get("tags"))
	}
	if key.Region != "ap-guangzhou" || len(key.ID) != 36 {
		t.Errorf("key %q in %s", key.ID, key.Region)
	}
}

func TestOptions(t *testing.T) {
	rec, err := newKey(t, &Args{Alias: "weights_key", Description: "model weights", PendingDeleteWindowDays: 7, Tags: map[string]string{"team": "ml"}})
	if err != nil {
		t.Fatal(err)
	}
	key := rec.Find(keyType, "models")
	if key.Str("alias") != "weights_key" || key.Str("description") != "model weights" || key.Num("pendingDeleteWindowInDays") != 7 || key.Str("tags.team") != "ml" {
		t.Errorf("options did not reach the key: %v", key.Inputs)
	}
	if !key.Bool("keyRotationEnabled") {
		t.Error("options turned rotation off")
	}
}

func TestRejections(t *testing.T) {
	for _, tt := range []struct {
		args Args
		want string
	}{
		{Args{PendingDeleteWindowDays: 6}, "PendingDeleteWindowDays is 6; allowed values are 7 to 30"},
		{Args{PendingDeleteWindowDays: 31}, "PendingDeleteWindowDays is 31; allowed values are 7 to 30"},
		{Args{Alias: "KMS-mine"}, `Alias is "KMS-mine"; allowed values are`},
		{Args{Alias: "-x"}, `Alias is "-x"`},
		{Args{Alias: strings.Repeat("a", 61)}, "Alias is"},
		{Args{Description: strings.Repeat("d", 1025)}, "Description is 1025 bytes"},
	} {
		rec, err := newKey(t, &tt.args)
		if err == nil || !strings.Contains(err.Error(), "kmskey models: "+tt.want) {
			t.Errorf("%+v: err = %v; want %q", tt.args, err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%+v: registered before failing:\n%s", tt.args, rec)
		}
	}
}

// TestValidateFillsDefaultsInPlace: Validate is what NewKey runs on a copy
// of its Args; its errors carry no prefix, the package function's do.
func TestValidateFillsDefaultsInPlace(t *testing.T) {
	a := Args{}
	if err := a.Validate("models"); err != nil {
		t.Fatal(err)
	}
	if a.Alias != "modelfort-models" || a.Description != "modelfort key models" || a.PendingDeleteWindowDays != DefaultPendingDeleteWindowDays {
		t.Errorf("defaults %+v", a)
	}
	bad := Args{PendingDeleteWindowDays: 6}
	if err := bad.Validate("models"); err == nil || strings.HasPrefix(err.Error(), "kmskey") {
		t.Errorf("Validate: %v", err)
	}
	if err := Validate("models", &bad); err == nil || !strings.HasPrefix(err.Error(), "kmskey models: PendingDeleteWindowDays is 6") || bad.PendingDeleteWindowDays != 6 {
		t.Errorf("the package's Validate: %v, args %+v", err, bad)
	}
}

// TestResourceOptionsReachTheKey passes protect and a provider of another
// region to the component: they reach every resource below it.
func TestResourceOptionsReachTheKey(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		sh, err := tencentcloud.NewProvider(ctx, "sh", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		k, err := NewKey(ctx, "models", nil, pulumi.Provider(sh), pulumi.Protect(true))
		if err != nil {
			return err
		}
		if k.Region != "ap-shanghai" {
			t.Errorf("Region = %s", k.Region)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, key := rec.Find(Type, "models"), rec.Find(keyType, "models")
	if !comp.Protect {
		t.Error("the component is not protected")
	}
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "ap-shanghai", Protect: true}) {
		t.Error(p)
	}
	if !strings.Contains(key.Provider, "::sh::") {
		t.Errorf("the key is in %s through %q, not the provider's region", key.Region, key.Provider)
	}
}

// TestGapNoKeyPolicyNoMultiRegion shows what the provider cannot do: a KMS
// key has no key policy and no multi-region replica. When a provider
// upgrade adds either, this test fails: use it in Key.
func TestGapNoKeyPolicyNoMultiRegion(t *testing.T) {
	args := reflect.TypeOf(kms.KeyArgs{})
	for _, field := range []string{"Policy", "KeyPolicy", "MultiRegion", "ReplicaRegions"} {
		if _, ok := args.FieldByName(field); ok {
			t.Errorf("kms.KeyArgs now has %s: Key should use it", field)
		}
	}
	rec, err := newKey(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rec.OfType(keyType)); got != 1 {
		t.Errorf("%d keys; want one key, no replica", got)
	}
}
