package offlinecloud

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/modelfort/modelfort/internal/offlinecloud/schemagen"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite schema_aws.json from the pulumi-aws Go SDK as it is now")

const (
	awsSDKModule     = "github.com/pulumi/pulumi-aws/sdk/v6"
	awsSchemaFile    = "schema_aws.json"
	awsSDKImportPath = awsSDKModule + "/go/aws"
)

// schemaSources are the directories, from this one, whose Go source
// creates the resources and calls the functions the schema must hold.
var schemaSources = []string{"../../components", "../../stacks", "../../internal"}

// awsSchemaTokens are what the schema must hold: the resource types of
// AWS.Kinds, of the golden records and of the components' source, and the
// functions the stand-in answers and the components call.
type awsSchemaTokens struct {
	resources, functions []string
	gen                  *schemagen.Generator
	err                  error
}

var (
	awsTokensOnce sync.Once
	awsTokens     awsSchemaTokens
)

func schemaTokens(t *testing.T) awsSchemaTokens {
	t.Helper()
	awsTokensOnce.Do(func() { awsTokens = findSchemaTokens() })
	if awsTokens.err != nil {
		t.Fatal(awsTokens.err)
	}
	return awsTokens
}

func findSchemaTokens() awsSchemaTokens {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", awsSDKModule).Output()
	if err != nil {
		return awsSchemaTokens{err: err}
	}
	gen := schemagen.New(filepath.Join(strings.TrimSpace(string(out)), "go", "aws"), awsSDKImportPath, "aws")
	res, fns := map[string]bool{}, map[string]bool{}
	for tok := range AWS.Kinds {
		res[tok] = true
	}
	for tok := range AWS.Invokes {
		fns[tok] = true
	}
	for tok := range AWS.AccountInvokes {
		fns[tok] = true
	}
	golden, err := goldenAWSTypes()
	if err != nil {
		return awsSchemaTokens{err: err}
	}
	for _, tok := range golden {
		res[tok] = true
	}
	usedRes, usedFns, err := gen.Referenced(schemaSources...)
	if err != nil {
		return awsSchemaTokens{err: err}
	}
	for _, tok := range usedRes {
		res[tok] = true
	}
	for _, tok := range usedFns {
		fns[tok] = true
	}
	return awsSchemaTokens{resources: sortedSet(res), functions: sortedSet(fns), gen: gen}
}

// goldenAWSTypes returns the aws resource types of the golden records
// (testdata/resources/*.json of the repository root).
func goldenAWSTypes() ([]string, error) {
	files, err := filepath.Glob("../../testdata/resources/*.json")
	if err != nil {
		return nil, err
	}
	types := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var rs []struct {
			URN string `json:"urn"`
		}
		if err := json.Unmarshal(b, &rs); err != nil {
			return nil, err
		}
		for _, r := range rs {
			if typ := string(resource.URN(r.URN).Type()); strings.HasPrefix(typ, "aws:") {
				types[typ] = true
			}
		}
	}
	return sortedSet(types), nil
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// awsSchemaBase is what the schema says of the package itself.
func awsSchemaBase() schemagen.Spec {
	return schemagen.Spec{
		Name:        AWS.Package,
		DisplayName: "AWS",
		Version:     AWS.Version,
		Description: "A Pulumi package for creating and managing Amazon Web Services (AWS) cloud resources. " +
			"Served by modelfort's offline stand-in (internal/offlinecloud): only the provider, the resource types and the functions modelfort uses.",
		Keywords:   []string{"pulumi", "aws"},
		Homepage:   "https://pulumi.io",
		License:    "Apache-2.0",
		Repository: "https://github.com/pulumi/pulumi-aws",
		Publisher:  "Pulumi",
		Meta:       map[string]string{"moduleFormat": "(.*)(?:/[^/]*)"},
		Language: map[string]any{
			"go":     map[string]any{"importBasePath": awsSDKImportPath, "generateResourceContainerTypes": true},
			"nodejs": map[string]any{"packageName": "@pulumi/aws"},
			"python": map[string]any{"packageName": "pulumi_aws"},
		},
	}
}

// TestAWSSchemaIsGenerated keeps schema_aws.json, the schema the aws
// stand-in serves, what the generator writes from the pulumi-aws Go SDK
// for the tokens modelfort uses. After a change of those, rewrite it with
//
//	go test ./internal/offlinecloud -run TestAWSSchemaIsGenerated -update-schema
func TestAWSSchemaIsGenerated(t *testing.T) {
	tokens := schemaTokens(t)
	spec, err := tokens.gen.Schema(awsSchemaBase(), tokens.resources, tokens.functions)
	if err != nil {
		t.Fatal(err)
	}
	b, err := schemagen.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if *updateSchema {
		if err := os.WriteFile(awsSchemaFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(awsSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from what the generator writes now:\n%s\nRewrite it with -update-schema and review its diff.", awsSchemaFile, firstSchemaDifference(string(want), string(b)))
	}
}

// firstSchemaDifference shows the first line at which two texts differ.
func firstSchemaDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  checked in: %s\n  generated:  %s", i+1, wl, gl)
		}
	}
	return ""
}

// readAWSSchema reads the checked-in schema.
func readAWSSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(awsSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", awsSchemaFile, err)
	}
	return s
}

// TestAWSSchemaHasEveryToken checks that the schema holds every resource
// type of AWS.Kinds, every function the stand-in answers, and every
// resource type and function the golden records and the components use.
func TestAWSSchemaHasEveryToken(t *testing.T) {
	s := readAWSSchema(t)
	resources, _ := s["resources"].(map[string]any)
	functions, _ := s["functions"].(map[string]any)
	check := func(section map[string]any, what, tok string) {
		if _, ok := section[tok]; !ok {
			t.Errorf("%s has no %s %s (regenerate it with -update-schema)", awsSchemaFile, what, tok)
		}
	}
	for tok := range AWS.Kinds {
		check(resources, "resource", tok)
	}
	for tok := range AWS.Invokes {
		check(functions, "function", tok)
	}
	for tok := range AWS.AccountInvokes {
		check(functions, "function", tok)
	}
	golden, err := goldenAWSTypes()
	if err != nil {
		t.Fatal(err)
	}
	if len(golden) == 0 {
		t.Fatal("the golden records name no aws resource type")
	}
	for _, tok := range golden {
		check(resources, "resource", tok)
	}
	tokens := schemaTokens(t)
	for _, tok := range tokens.resources {
		check(resources, "resource", tok)
	}
	for _, tok := range tokens.functions {
		check(functions, "function", tok)
	}
	provider, _ := s["provider"].(map[string]any)
	inputs, _ := provider["inputProperties"].(map[string]any)
	config, _ := s["config"].(map[string]any)
	variables, _ := config["variables"].(map[string]any)
	for _, name := range []string{"region", "profile", "accessKey", "secretKey", "token", "sharedConfigFiles",
		"sharedCredentialsFiles", "skipCredentialsValidation", "skipRegionValidation", "skipRequestingAccountId",
		"skipMetadataApiCheck", "maxRetries", "allowedAccountIds", "defaultTags", "assumeRole"} {
		check(inputs, "provider input", name)
		check(variables, "config variable", name)
	}
	for _, name := range []string{"accessKey", "secretKey", "token"} {
		if p, _ := inputs[name].(map[string]any); p["secret"] != true {
			t.Errorf("the provider input %s is not secret", name)
		}
	}
}

// TestAWSSchemaIsWellFormed checks the checked-in schema as a Pulumi
// package schema: its name and version, every property's type, every
// "$ref" resolving to a type it holds, and every required property
// being one of the properties.
func TestAWSSchemaIsWellFormed(t *testing.T) {
	s := readAWSSchema(t)
	if s["name"] != "aws" || s["version"] != AWS.Version {
		t.Errorf("name %v, version %v; want aws %s", s["name"], s["version"], AWS.Version)
	}
	types, _ := s["types"].(map[string]any)
	var checkProp func(where string, p any)
	checkProp = func(where string, p any) {
		m, ok := p.(map[string]any)
		if !ok {
			t.Errorf("%s: not an object", where)
			return
		}
		if ref, ok := m["$ref"].(string); ok {
			switch {
			case ref == "pulumi.json#/Any", ref == "pulumi.json#/Archive", ref == "pulumi.json#/Asset":
			case strings.HasPrefix(ref, "#/types/"):
				if _, ok := types[strings.TrimPrefix(ref, "#/types/")]; !ok {
					t.Errorf("%s: $ref %s names no type of the schema", where, ref)
				}
			default:
				t.Errorf("%s: $ref %s", where, ref)
			}
			return
		}
		switch m["type"] {
		case "string", "integer", "number", "boolean":
		case "array":
			if m["items"] == nil {
				t.Errorf("%s: an array without items", where)
				return
			}
			checkProp(where+"[]", m["items"])
		case "object":
			if m["additionalProperties"] == nil {
				t.Errorf("%s: an object property without additionalProperties", where)
				return
			}
			checkProp(where+"{}", m["additionalProperties"])
		default:
			t.Errorf("%s: type %v", where, m["type"])
		}
	}
	checkProps := func(where string, obj map[string]any, propsKey, requiredKey string) {
		props, ok := obj[propsKey].(map[string]any)
		if obj[propsKey] != nil && !ok {
			t.Errorf("%s: %s is not an object", where, propsKey)
		}
		for name, p := range props {
			checkProp(where+"."+name, p)
		}
		if requiredKey == "" || obj[requiredKey] == nil {
			return
		}
		req, ok := obj[requiredKey].([]any)
		if !ok {
			t.Errorf("%s: %s is not a list", where, requiredKey)
		}
		for _, r := range req {
			if _, ok := props[r.(string)]; !ok {
				t.Errorf("%s: required %v is not a property", where, r)
			}
		}
	}
	for tok, ty := range types {
		obj, _ := ty.(map[string]any)
		if obj["type"] != "object" || obj["properties"] == nil {
			t.Errorf("type %s: not an object with properties", tok)
			continue
		}
		if !strings.HasPrefix(tok, "aws:") {
			t.Errorf("type %s is not the package's", tok)
		}
		checkProps("type "+tok, obj, "properties", "required")
	}
	resources, _ := s["resources"].(map[string]any)
	if len(resources) == 0 {
		t.Error("no resources")
	}
	provider, _ := s["provider"].(map[string]any)
	resources["provider"] = provider
	for tok, r := range resources {
		obj, _ := r.(map[string]any)
		checkProps("resource "+tok, obj, "properties", "required")
		checkProps("resource "+tok, obj, "inputProperties", "requiredInputs")
	}
	functions, _ := s["functions"].(map[string]any)
	for tok, f := range functions {
		fn, _ := f.(map[string]any)
		for _, key := range []string{"inputs", "outputs"} {
			if fn[key] == nil {
				continue
			}
			obj, _ := fn[key].(map[string]any)
			checkProps("function "+tok+" "+key, obj, "properties", "required")
		}
		if fn["outputs"] == nil {
			t.Errorf("function %s has no outputs", tok)
		}
	}
	config, _ := s["config"].(map[string]any)
	checkProps("config", config, "variables", "")

	// Every type is reached from the package (no leftovers).
	reached := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && strings.HasPrefix(ref, "#/types/") {
				tok := strings.TrimPrefix(ref, "#/types/")
				if !reached[tok] {
					reached[tok] = true
					walk(types[tok])
				}
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(map[string]any{"r": resources, "f": functions, "c": config})
	for tok := range types {
		if !reached[tok] {
			t.Errorf("type %s is not used", tok)
		}
	}
}

// TestProviderServesTheAWSSchema asks the aws stand-in for its schema, as
// "pulumi package get-schema aws" and Pulumi YAML do.
func TestProviderServesTheAWSSchema(t *testing.T) {
	ctx := context.Background()
	want, err := os.ReadFile(awsSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewProvider(AWS).GetSchema(ctx, plugin.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Schema, want) {
		t.Errorf("GetSchema serves %d bytes, not the %d of %s", len(got.Schema), len(want), awsSchemaFile)
	}
	if _, err := NewProvider(AWS).GetSchema(ctx, plugin.GetSchemaRequest{SubpackageName: "other"}); err == nil {
		t.Error("GetSchema of a subpackage must fail")
	}
	for _, c := range []*Cloud{TencentCloud, Kubernetes} {
		if _, err := NewProvider(c).GetSchema(ctx, plugin.GetSchemaRequest{}); err == nil || !strings.Contains(err.Error(), "serves no schema") {
			t.Errorf("%s: GetSchema: %v; want an error saying it serves no schema", c.Package, err)
		}
	}
}
