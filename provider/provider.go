// Package provider serves modelfort's components as the Pulumi component
// package "modelfort", so that programs in any Pulumi language can use
// them: Pulumi YAML by type token, TypeScript, Python, Go and .NET through
// an SDK that "pulumi package add" generates from the package's schema.
//
// Each served component keeps its Go type token (modelfort:aws:Key is
// kmskey.Key) and its validation: the provider converts the wire-friendly
// arguments (plain values, outputs of other resources, region names where
// the Go API takes a provider) into the component's Args and calls its
// constructor, so a program in any language gets the same secure defaults
// and the same errors as a Go program.
package provider

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Name is the package's name: the plugin is pulumi-resource-modelfort.
const Name = "modelfort"

// Version is the package's version, the plugin's.
const Version = "0.1.0"

// GoImportPath is where the generated Go SDK lives.
const GoImportPath = "github.com/modelfort/modelfort/provider/sdk/go/modelfort"

// schemaJSON is the package's schema as served: what the components'
// code declares, with descriptions taken from their doc comments
// (TestSchemaIsCurrent keeps it so; "go test -run TestSchemaIsCurrent
// -update" rewrites it).
//
//go:embed schema.json
var schemaJSON []byte

// New returns the provider, serving the checked-in schema.
func New() (p.Provider, error) {
	prov, err := Inferred()
	if err != nil {
		return p.Provider{}, err
	}
	var spec map[string]any
	if err := json.Unmarshal(schemaJSON, &spec); err != nil {
		return p.Provider{}, fmt.Errorf("the embedded schema.json: %w", err)
	}
	prov.GetSchema = func(context.Context, p.GetSchemaRequest) (p.GetSchemaResponse, error) {
		return p.GetSchemaResponse{Schema: string(schemaJSON)}, nil
	}
	return prov, nil
}

// Inferred returns the provider as infer derives it from the code, whose
// schema has no descriptions yet: New serves the checked-in schema.
func Inferred() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("modelfort").
		WithDescription("Secure-by-default, disaster-ready AI model serving on AWS: customer-managed KMS keys, object-locked (WORM) buckets, audit trails, locked backup vaults, Bedrock guardrails, web ACLs and incident routing.").
		WithKeywords("aws", "security", "disaster-recovery", "sagemaker", "bedrock", "kind/component", "category/infrastructure").
		WithRepository("https://github.com/modelfort/modelfort").
		WithLicense("Apache-2.0").
		WithPublisher("modelfort").
		WithGoImportPath(GoImportPath).
		// The wire types of nested arguments live in this Go package;
		// their tokens take the components' module.
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "aws"}).
		WithComponents(components...).
		Build()
}

// Run serves the provider to the Pulumi engine; the plugin's main calls it.
func Run(ctx context.Context) error {
	prov, err := New()
	if err != nil {
		return err
	}
	return prov.Run(ctx, Name, Version)
}

// served is one component of the package: its type token, the Go
// component's own, and its constructor from wire arguments A.
type served[A any, O pulumi.ComponentResource] struct {
	module    tokens.ModuleName
	name      tokens.TypeName
	construct func(ctx *pulumi.Context, name string, args A, opts ...pulumi.ResourceOption) (O, error)
}

// serve makes a component of the package from its Go type token
// ("modelfort:aws:Key") and constructor.
func serve[A any, O pulumi.ComponentResource](typ string, construct func(ctx *pulumi.Context, name string, args A, opts ...pulumi.ResourceOption) (O, error)) infer.InferredComponent {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 || parts[0] != Name {
		panic(fmt.Sprintf("provider: %q is not a type token of package %s", typ, Name))
	}
	catalog = append(catalog, entry{Token: typ, Args: reflect.TypeFor[A](), Component: reflect.TypeFor[O]()})
	return infer.Component(served[A, O]{module: tokens.ModuleName(parts[1]), name: tokens.TypeName(parts[2]), construct: construct})
}

// entry records a served component's Go types, whose doc comments the
// schema's descriptions come from.
type entry struct {
	Token string
	// Args is the wire arguments' type; Component the component's
	// (a pointer to the Go component's struct).
	Args, Component reflect.Type
}

// catalog lists the served components, in the order of components.
var catalog []entry

func (s served[A, O]) Construct(ctx *pulumi.Context, name, _ string, args A, opts pulumi.ResourceOption) (O, error) {
	return s.construct(ctx, name, args, opts)
}

// Annotate gives the component its Go type token. infer also calls it on
// a zero value, which has none.
func (s served[A, O]) Annotate(a infer.Annotator) {
	if s.module != "" {
		a.SetToken(s.module, s.name)
	}
}
