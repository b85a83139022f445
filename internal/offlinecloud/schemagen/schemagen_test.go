package schemagen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSDK is a provider SDK in the shape pulumi-language-go writes: a
// provider, one resource, one function and their types.
var fakeSDK = map[string]string{
	"provider.go": `package cloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type Provider struct {
	pulumi.ProviderResourceState
	// The region.
	Region pulumi.StringPtrOutput ` + "`pulumi:\"region\"`" + `
}

func NewProvider(ctx *pulumi.Context, name string, args *ProviderArgs, opts ...pulumi.ResourceOption) (*Provider, error) {
	if args.Region == nil {
		if d := internal.GetEnvOrDefault(nil, nil, "CLOUD_REGION"); d != nil {
			args.Region = pulumi.StringPtr(d.(string))
		}
	}
	if args.Retries == nil {
		args.Retries = pulumi.IntPtr(3)
	}
	if args.Key != nil {
		args.Key = pulumi.ToSecret(args.Key).(pulumi.StringPtrInput)
	}
	var resource Provider
	err := ctx.RegisterResource("pulumi:providers:cloud", name, args, &resource, opts...)
	return &resource, err
}

type providerArgs struct {
	// The region.
	Region *string ` + "`pulumi:\"region\"`" + `
	Retries *int ` + "`pulumi:\"retries\"`" + `
	Key *string ` + "`pulumi:\"key\"`" + `
	DefaultTags *ProviderDefaultTags ` + "`pulumi:\"defaultTags\"`" + `
}
`,
	"pulumiTypes.go": `package cloud

type ProviderDefaultTags struct {
	Tags map[string]string ` + "`pulumi:\"tags\"`" + `
}
`,
	"config/pulumiTypes.go": `package config

type DefaultTags struct {
	Tags map[string]string ` + "`pulumi:\"tags\"`" + `
}
`,
	"store/bucket.go": `package store

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Provides a bucket.
//
// ## Example Usage
type Bucket struct {
	pulumi.CustomResourceState

	// The bucket's name.
	Name pulumi.StringOutput ` + "`pulumi:\"name\"`" + `
	Rules BucketRuleArrayOutput ` + "`pulumi:\"rules\"`" + `
	Logging BucketLoggingPtrOutput ` + "`pulumi:\"logging\"`" + `
	Labels pulumi.StringArrayMapOutput ` + "`pulumi:\"labels\"`" + `
	Tier pulumi.StringOutput ` + "`pulumi:\"tier\"`" + `
	Secret pulumi.StringPtrOutput ` + "`pulumi:\"secret\"`" + `
	// Deprecated: use name.
	OldName pulumi.StringPtrOutput ` + "`pulumi:\"oldName\"`" + `
}

func NewBucket(ctx *pulumi.Context, name string, args *BucketArgs, opts ...pulumi.ResourceOption) (*Bucket, error) {
	if args.Tier == nil {
		return nil, errors.New("invalid value for required argument 'Tier'")
	}
	secrets := pulumi.AdditionalSecretOutputs([]string{"secret"})
	opts = append(opts, secrets)
	var resource Bucket
	err := ctx.RegisterResource("cloud:store/bucket:Bucket", name, args, &resource, opts...)
	return &resource, err
}

type bucketArgs struct {
	Name *string ` + "`pulumi:\"name\"`" + `
	Rules []BucketRule ` + "`pulumi:\"rules\"`" + `
	Logging *BucketLogging ` + "`pulumi:\"logging\"`" + `
	Labels map[string][]string ` + "`pulumi:\"labels\"`" + `
	Tier Tier ` + "`pulumi:\"tier\"`" + `
	Code pulumi.Archive ` + "`pulumi:\"code\"`" + `
}
`,
	"store/getBucket.go": `package store

// Reads a bucket.
func LookupBucket(ctx *pulumi.Context, args *LookupBucketArgs, opts ...pulumi.InvokeOption) (*LookupBucketResult, error) {
	var rv LookupBucketResult
	err := ctx.Invoke("cloud:store/getBucket:getBucket", args, &rv, opts...)
	return &rv, err
}

type LookupBucketArgs struct {
	Name string ` + "`pulumi:\"name\"`" + `
}

type LookupBucketResult struct {
	Name string ` + "`pulumi:\"name\"`" + `
	Rules []GetBucketRule ` + "`pulumi:\"rules\"`" + `
	Extra interface{} ` + "`pulumi:\"extra\"`" + `
}
`,
	"store/pulumiTypes.go": `package store

type BucketRule struct {
	// What the rule does.
	Action string ` + "`pulumi:\"action\"`" + `
	Next *BucketRule ` + "`pulumi:\"next\"`" + `
}

type BucketRuleArgs struct {
	Action pulumi.StringInput ` + "`pulumi:\"action\"`" + `
}

type BucketRuleArray []BucketRuleInput

type BucketLogging struct {
	Target *string ` + "`pulumi:\"target\"`" + `
}

type GetBucketRule struct {
	Action string ` + "`pulumi:\"action\"`" + `
}
`,
	"store/pulumiEnums.go": `package store

type Tier string
`,
}

func writeFakeSDK(t *testing.T) string {
	dir := t.TempDir()
	for name, src := range fakeSDK {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestSchemaOfAFakeSDK(t *testing.T) {
	g := New(writeFakeSDK(t), "example.com/sdk/go/cloud", "cloud")
	s, err := g.Schema(Spec{Name: "cloud", Version: "1.0.0"}, []string{"cloud:store/bucket:Bucket"}, []string{"cloud:store/getBucket:getBucket"})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got any, want string) {
		t.Helper()
		if js(got) != want {
			t.Errorf("%s:\n got  %s\n want %s", what, js(got), want)
		}
	}
	b := s.Resources["cloud:store/bucket:Bucket"]
	check("description", b.Description, `"Provides a bucket."`)
	check("required outputs", b.Required, `["name","tier"]`)
	check("required inputs", b.RequiredInputs, `["tier"]`)
	check("rules", b.Properties["rules"], `{"type":"array","items":{"$ref":"#/types/cloud:store/BucketRule:BucketRule"}}`)
	check("logging", b.Properties["logging"], `{"$ref":"#/types/cloud:store/BucketLogging:BucketLogging"}`)
	check("labels", b.Properties["labels"], `{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}}}`)
	check("secret output", b.Properties["secret"], `{"type":"string","secret":true}`)
	check("deprecated", b.Properties["oldName"], `{"type":"string","deprecationMessage":"use name."}`)
	check("labels input", b.InputProperties["labels"], `{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}}}`)
	check("enum input", b.InputProperties["tier"], `{"type":"string"}`)
	check("archive input", b.InputProperties["code"], `{"$ref":"pulumi.json#/Archive"}`)
	check("recursive type", s.Types["cloud:store/BucketRule:BucketRule"], `{"type":"object","properties":{"action":{"type":"string","description":"What the rule does."},"next":{"$ref":"#/types/cloud:store/BucketRule:BucketRule"}},"required":["action"]}`)

	f := s.Functions["cloud:store/getBucket:getBucket"]
	check("function", f, `{"description":"Reads a bucket.","inputs":{"properties":{"name":{"type":"string"}},"required":["name"]},"outputs":{"properties":{"extra":{"$ref":"pulumi.json#/Any"},"name":{"type":"string"},"rules":{"type":"array","items":{"$ref":"#/types/cloud:store/getBucketRule:getBucketRule"}}},"required":["name"]}}`)

	check("provider region", s.Provider.InputProperties["region"], `{"type":"string","description":"The region.","defaultInfo":{"environment":["CLOUD_REGION"]}}`)
	check("provider retries", s.Provider.InputProperties["retries"], `{"type":"integer","default":3}`)
	check("provider key", s.Provider.InputProperties["key"], `{"type":"string","secret":true}`)
	check("provider tags", s.Provider.InputProperties["defaultTags"], `{"$ref":"#/types/cloud:index/ProviderDefaultTags:ProviderDefaultTags"}`)
	check("config tags", s.Config.Variables["defaultTags"], `{"$ref":"#/types/cloud:config/defaultTags:defaultTags"}`)
	check("config key", s.Config.Variables["key"], `{"type":"string","secret":true}`)

	if _, err := g.Schema(Spec{}, []string{"cloud:store/nothing:Nothing"}, nil); err == nil || !strings.Contains(err.Error(), "not in the SDK") {
		t.Errorf("a token the SDK lacks: %v", err)
	}
}

func TestReferencedFindsResourcesAndFunctions(t *testing.T) {
	g := New(writeFakeSDK(t), "example.com/sdk/go/cloud", "cloud")
	src := t.TempDir()
	prog := `package prog

import (
	"example.com/sdk/go/cloud"
	st "example.com/sdk/go/cloud/store"
)

func run(ctx *pulumi.Context) {
	cloud.NewProvider(ctx, "p", nil)
	st.NewBucket(ctx, "b", &st.BucketArgs{Rules: st.BucketRuleArray{}})
	st.LookupBucketOutput(ctx, st.LookupBucketOutputArgs{})
}
`
	if err := os.WriteFile(filepath.Join(src, "prog.go"), []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	res, fns, err := g.Referenced(src)
	if err != nil {
		t.Fatal(err)
	}
	if js(res) != `["cloud:store/bucket:Bucket"]` || js(fns) != `["cloud:store/getBucket:getBucket"]` {
		t.Errorf("referenced %v %v", res, fns)
	}
}

func TestTrim(t *testing.T) {
	long := strings.Repeat("word ", 30) + "end. " + strings.Repeat("more ", 30)
	if got := trim(long, 200); len(got) > 200+len("…") || !strings.HasSuffix(got, "end.") && !strings.HasSuffix(got, "…") {
		t.Errorf("trim: %q", got)
	}
	if got := trim("short.", 200); got != "short." {
		t.Errorf("trim: %q", got)
	}
}
