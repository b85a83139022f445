package rulestest

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
)

type box struct{ pulumi.ResourceState }

// TestStackCarriesWhatTheRulesRead: custom resources only, their inputs,
// ID, protect flag, parent and property dependencies; and a rule run over
// it finds what is wrong.
func TestStackCarriesWhatTheRulesRead(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		comp := &box{}
		if err := ctx.RegisterComponentResource("modelfort:test:Box", "box", comp); err != nil {
			return err
		}
		key, err := kms.NewKey(ctx, "k", &kms.KeyArgs{EnableKeyRotation: pulumi.Bool(false)}, pulumi.Parent(comp), pulumi.Protect(true))
		if err != nil {
			return err
		}
		_, err = s3.NewBucketV2(ctx, "b", &s3.BucketV2Args{Tags: pulumi.StringMap{"key": key.Arn}}, pulumi.Parent(comp))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s := Stack(rec, "prod")
	if s.Environment != "prod" || len(s.Resources) != 2 {
		t.Fatalf("environment %q, %d resources; want prod and the two custom resources", s.Environment, len(s.Resources))
	}
	key, bucket := s.OfType("aws:kms/key:Key")[0], s.OfType("aws:s3/bucketV2:BucketV2")[0]
	if id, _ := key.Str("id"); id == "" || !key.Protect || key.Parent == "" {
		t.Errorf("key: id %q, protect %v, parent %q", id, key.Protect, key.Parent)
	}
	if deps := bucket.PropertyDependencies["tags"]; len(deps) != 1 || deps[0] != key.URN {
		t.Errorf("bucket tags depend on %v; want the key", deps)
	}
	found := false
	for _, v := range rules.Evaluate(s, rules.All()) {
		if v.RuleID == "kms-rotation" && v.URN == key.URN {
			found = true
		}
	}
	if !found {
		t.Error("kms-rotation did not report the key without rotation")
	}
}
