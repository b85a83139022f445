package mocktest

import (
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type box struct{ pulumi.ResourceState }

// program registers a component with two keys: one through the default
// provider, one through an explicit provider in eu-west-1, with options.
func program(ctx *pulumi.Context) error {
	comp := &box{}
	if err := ctx.RegisterComponentResource("modelfort:test:Box", "box", comp); err != nil {
		return err
	}
	prov, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
	if err != nil {
		return err
	}
	a, err := kms.NewKey(ctx, "a", &kms.KeyArgs{EnableKeyRotation: pulumi.Bool(true)}, pulumi.Parent(comp))
	if err != nil {
		return err
	}
	_, err = kms.NewKey(ctx, "b", &kms.KeyArgs{Description: pulumi.String("dr")},
		pulumi.Parent(comp), pulumi.Provider(prov), pulumi.Protect(true), pulumi.RetainOnDelete(true),
		pulumi.DependsOn([]pulumi.Resource{a}), pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("old-b")}}))
	if err != nil {
		return err
	}
	_, err = aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
	return err
}

func TestRunRecordsInputsAndOptions(t *testing.T) {
	rec, err := Run(program)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find("modelfort:test:Box", "box")
	a, b := rec.Find("aws:kms/key:Key", "a"), rec.Find("aws:kms/key:Key", "b")
	if comp == nil || a == nil || b == nil {
		t.Fatalf("missing registrations:\n%s", rec)
	}
	if !a.Bool("enableKeyRotation") || b.Str("description") != "dr" {
		t.Errorf("inputs: a %v, b %v", a.Inputs, b.Inputs)
	}
	if a.Parent != comp.URN || b.Parent != comp.URN || len(rec.Children(comp)) != 2 {
		t.Errorf("parents: a %s, b %s; want %s", a.Parent, b.Parent, comp.URN)
	}
	if a.Protect || a.RetainOnDelete || !b.Protect || !b.RetainOnDelete {
		t.Errorf("protect/retain: a %v/%v, b %v/%v", a.Protect, a.RetainOnDelete, b.Protect, b.RetainOnDelete)
	}
	if len(b.Dependencies) != 1 || b.Dependencies[0] != a.URN {
		t.Errorf("dependencies of b: %v", b.Dependencies)
	}
	if len(b.Aliases) != 1 || !strings.Contains(b.Aliases[0], "name=old-b") {
		t.Errorf("aliases of b: %v", b.Aliases)
	}
	if a.Provider != "" || !strings.HasPrefix(b.Provider, "urn:pulumi:test::modelfort::pulumi:providers:aws::dr::") {
		t.Errorf("providers: a %q, b %q", a.Provider, b.Provider)
	}
	if a.Region != "us-east-1" || b.Region != "eu-west-1" {
		t.Errorf("regions: a %q, b %q", a.Region, b.Region)
	}
	if !strings.HasPrefix(b.Out("arn"), "arn:aws:kms:eu-west-1:123456789012:key/") {
		t.Errorf("b's arn %q", b.Out("arn"))
	}
	if len(rec.Calls) != 1 || rec.Calls[0].Token != "aws:index/getCallerIdentity:getCallerIdentity" {
		t.Errorf("calls: %v", rec.Calls)
	}
	if rec.Types()["aws:kms/key:Key"] != 2 {
		t.Errorf("types: %v", rec.Types())
	}
}

func TestRunOptions(t *testing.T) {
	var account string
	rec, err := Run(func(ctx *pulumi.Context) error {
		id, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
		if err != nil {
			return err
		}
		account = id.AccountId
		if v, ok := ctx.GetConfig("modelfort:token"); !ok || v != "s3cret" || !ctx.IsConfigSecret("modelfort:token") {
			return errors.New("the secret config value did not arrive as a secret")
		}
		_, err = kms.NewKey(ctx, "k", &kms.KeyArgs{})
		return err
	}, Config("aws:region", "ap-south-1"), Stack("prod"), Secret("modelfort:token", "s3cret"),
		Invoke("aws:index/getCallerIdentity:getCallerIdentity", func(resource.PropertyMap) (resource.PropertyMap, error) {
			return resource.NewPropertyMapFromMap(map[string]any{"accountId": "999999999999", "arn": "a", "id": "i", "userId": "u"}), nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	k := rec.Find("aws:kms/key:Key", "k")
	if account != "999999999999" || k.Region != "ap-south-1" || !strings.HasPrefix(string(k.URN), "urn:pulumi:prod::") {
		t.Errorf("account %q, region %q, urn %s", account, k.Region, k.URN)
	}
}

func TestPreviewLeavesComputedOutputsUnknown(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		_, err := kms.NewKey(ctx, "k", &kms.KeyArgs{})
		return err
	}
	rec, err := Run(program, Preview())
	if err != nil {
		t.Fatal(err)
	}
	if k := rec.Find("aws:kms/key:Key", "k"); !k.Outputs["arn"].IsComputed() || k.ID != "" {
		t.Errorf("during a preview a new key's ARN is %v and its ID %q; want both unknown", k.Outputs["arn"], k.ID)
	}
	rec, err = Run(program)
	if err != nil {
		t.Fatal(err)
	}
	if k := rec.Find("aws:kms/key:Key", "k"); k.Out("arn") == "" || k.ID == "" {
		t.Error("outside a preview the key's ARN and ID are known")
	}
}

func TestRunReturnsTheProgramsError(t *testing.T) {
	want := errors.New("bad args")
	rec, err := Run(func(ctx *pulumi.Context) error { return want })
	if !errors.Is(err, want) && (err == nil || !strings.Contains(err.Error(), "bad args")) {
		t.Errorf("err = %v; want the program's error", err)
	}
	if len(rec.Resources) != 0 {
		t.Errorf("resources registered: %v", rec)
	}
}

// TestOptionsReachWalksEveryDescendant: the check covers children of
// children, and reports each resource that misses the region or protect.
func TestOptionsReachWalksEveryDescendant(t *testing.T) {
	rec, err := Run(func(ctx *pulumi.Context) error {
		outer := &box{}
		if err := ctx.RegisterComponentResource("modelfort:test:Box", "outer", outer, pulumi.Protect(true)); err != nil {
			return err
		}
		inner := &box{}
		if err := ctx.RegisterComponentResource("modelfort:test:Box", "inner", inner, pulumi.Parent(outer)); err != nil {
			return err
		}
		if _, err := kms.NewKey(ctx, "deep", &kms.KeyArgs{}, pulumi.Parent(inner)); err != nil {
			return err
		}
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = kms.NewKey(ctx, "elsewhere", &kms.KeyArgs{}, pulumi.Parent(outer), pulumi.Provider(eu), pulumi.Protect(false))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	outer := rec.Find("modelfort:test:Box", "outer")
	if n := len(rec.Descendants(outer)); n != 3 {
		t.Errorf("%d descendants; want inner, deep and elsewhere", n)
	}
	problems := rec.OptionsReach(outer, Reach{Region: "us-east-1", Protect: true})
	joined := strings.Join(problems, "\n")
	if len(problems) != 2 || !strings.Contains(joined, `elsewhere acts in "eu-west-1"`) || !strings.Contains(joined, "elsewhere: protect is false") {
		t.Errorf("problems:\n%s", joined)
	}
	skipped := rec.OptionsReach(outer, Reach{Region: "us-east-1", Protect: true, Skip: func(r *Resource) bool { return r.Name == "elsewhere" }})
	if len(skipped) != 0 {
		t.Errorf("with elsewhere skipped: %v", skipped)
	}
	if got := rec.OptionsReach(rec.Find(kmsKeyType, "deep"), Reach{Region: "us-east-1"}); len(got) != 1 || !strings.Contains(got[0], "no custom resource below it") {
		t.Errorf("a resource without children: %v", got)
	}
}

const kmsKeyType = "aws:kms/key:Key"
