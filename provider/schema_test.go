package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/modelfort/modelfort/provider/internal/sdkgen"
)

var update = flag.Bool("update", false, "rewrite schema.json (and the Go SDK) from the code and the components' docs")

// TestSchemaIsCurrent checks that schema.json, which the plugin serves, is
// what the code declares now, with the descriptions of the components'
// docs; -update rewrites it.
func TestSchemaIsCurrent(t *testing.T) {
	got, err := generateSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, schemaJSON) {
		t.Errorf("schema.json is not what the code declares; run: cd provider && go test -run TestSchemaIsCurrent -update .")
	}
}

// TestGoSDKIsCurrent checks that the checked-in Go SDK (sdk/go/modelfort)
// is what gen-go-sdk makes of schema.json; -update rewrites it.
func TestGoSDKIsCurrent(t *testing.T) {
	files, err := sdkgen.Go(schemaJSON)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := sdkgen.Write(filepath.Join("sdk", "go"), files); err != nil {
			t.Fatal(err)
		}
		return
	}
	onDisk := map[string][]byte{}
	err = filepath.WalkDir(filepath.Join("sdk", "go"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(filepath.Join("sdk", "go"), path)
		onDisk[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, b := range files {
		if !bytes.Equal(onDisk[path], b) {
			t.Errorf("sdk/go/%s is not what the generator makes of schema.json; run: cd provider && go run ./cmd/gen-go-sdk", path)
		}
		delete(onDisk, path)
	}
	for path := range onDisk {
		t.Errorf("sdk/go/%s is not generated any more; run: cd provider && go run ./cmd/gen-go-sdk", path)
	}
}

// TestSchemaBinds checks that the schema is one Pulumi's code generators
// accept, and that every served component, its inputs and outputs are
// described.
func TestSchemaBinds(t *testing.T) {
	var spec pschema.PackageSpec
	if err := json.Unmarshal(schemaJSON, &spec); err != nil {
		t.Fatal(err)
	}
	if _, diags, err := pschema.BindSpec(spec, pschema.NewNullLoader(), pschema.ValidationOptions{}); err != nil || diags.HasErrors() {
		t.Fatalf("the schema does not bind: %v %v", err, diags)
	}
	if len(spec.Resources) != len(catalog) {
		t.Errorf("the schema has %d resources; the package serves %d components", len(spec.Resources), len(catalog))
	}
	for _, e := range catalog {
		r, ok := spec.Resources[e.Token]
		if !ok {
			t.Errorf("%s is not in the schema", e.Token)
			continue
		}
		if !r.IsComponent || r.Description == "" {
			t.Errorf("%s: component %v, description %q", e.Token, r.IsComponent, r.Description)
		}
		for name, prop := range r.InputProperties {
			if prop.Description == "" {
				t.Errorf("%s: input %s has no description", e.Token, name)
			}
		}
		if len(r.Properties) == 0 {
			t.Errorf("%s has no outputs", e.Token)
		}
	}
	for tok, typ := range spec.Types {
		if typ.Description == "" {
			t.Errorf("type %s has no description", tok)
		}
		for name, prop := range typ.Properties {
			if prop.Description == "" {
				t.Errorf("type %s: property %s has no description", tok, name)
			}
		}
	}
}

// generateSchema returns the schema infer derives from the code, with
// descriptions from the doc comments of the wire types and of the
// components they stand for, and each component's README introduction.
func generateSchema() ([]byte, error) {
	prov, err := Inferred()
	if err != nil {
		return nil, err
	}
	spec, err := p.GetSchema(context.Background(), Name, Version, prov)
	if err != nil {
		return nil, err
	}
	docs := map[string]*typeDocs{}
	for _, e := range catalog {
		res, ok := spec.Resources[e.Token]
		if !ok {
			return nil, fmt.Errorf("%s is not in the inferred schema", e.Token)
		}
		comp := e.Component
		for comp.Kind() == reflect.Pointer {
			comp = comp.Elem()
		}
		dir, err := sourceDir(comp.PkgPath())
		if err != nil {
			return nil, err
		}
		if res.Description, err = readmeIntro(filepath.Join(dir, "README.md")); err != nil {
			return nil, err
		}
		outs, err := docsOf(docs, comp.PkgPath(), comp.Name())
		if err != nil {
			return nil, err
		}
		describe(res.Properties, comp, outs, nil)
		wire, err := docsOf(docs, e.Args.PkgPath(), e.Args.Name())
		if err != nil {
			return nil, err
		}
		args, err := docsOf(docs, comp.PkgPath(), "Args")
		if err != nil {
			return nil, err
		}
		describe(res.InputProperties, e.Args, wire, args)
		spec.Resources[e.Token] = res
		if err := describeNested(&spec, docs, e.Args, comp.PkgPath(), map[reflect.Type]bool{}); err != nil {
			return nil, err
		}
	}
	out, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// describeNested describes the object types that the wire type t reaches,
// from their own docs or those of the component package's type of the
// same name.
func describeNested(spec *pschema.PackageSpec, docs map[string]*typeDocs, t reflect.Type, compPkg string, seen map[reflect.Type]bool) error {
	for _, f := range reflect.VisibleFields(t) {
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct || ft.PkgPath() != t.PkgPath() || seen[ft] || !strings.Contains(string(f.Tag), "pulumi:") {
			continue
		}
		seen[ft] = true
		tok := fmt.Sprintf("%s:aws:%s", Name, ft.Name())
		typ, ok := spec.Types[tok]
		if !ok {
			return fmt.Errorf("%s (for %s.%s) is not in the inferred schema", tok, t.Name(), f.Name)
		}
		wire, err := docsOf(docs, ft.PkgPath(), ft.Name())
		if err != nil {
			return err
		}
		comp, err := mirrored(docs, wire, compPkg, ft.Name())
		if err != nil {
			return err
		}
		typ.Description = comp.doc
		if !mirror.MatchString(wire.doc) {
			typ.Description = firstNonEmpty(wire.doc, comp.doc)
		}
		describe(typ.Properties, ft, wire, comp)
		spec.Types[tok] = typ
		if err := describeNested(spec, docs, ft, compPkg, seen); err != nil {
			return err
		}
	}
	return nil
}

// mirror finds the component type a wire type stands for in its doc
// comment: "Retention is wormbucket.Retention on the wire."
var mirror = regexp.MustCompile(`\b(?:is|are) ([a-z]+)\.([A-Za-z]+) on the wire`)

// mirrored returns the docs of the component type that the wire type
// with docs wire stands for, as its doc comment names it; else the type
// of the same name in the component's package compPkg.
func mirrored(docs map[string]*typeDocs, wire *typeDocs, compPkg, name string) (*typeDocs, error) {
	if m := mirror.FindStringSubmatch(wire.doc); m != nil {
		return docsOf(docs, "github.com/modelfort/modelfort/components/aws/"+m[1], m[2])
	}
	return docsOf(docs, compPkg, name)
}

// describe sets the descriptions of props, the properties of Go struct t:
// a field's own doc comment, else that of the field of the same name in
// fallback (the component's type the wire type stands for).
func describe(props map[string]pschema.PropertySpec, t reflect.Type, own, fallback *typeDocs) {
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		prop, ok := props[name]
		if name == "" || !ok {
			continue
		}
		d := own.fields[f.Name]
		if d == "" && fallback != nil {
			d = fallback.field(f.Name)
		}
		prop.Description = d
		props[name] = prop
	}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// typeDocs are a Go type's doc comment and its fields', by field name,
// with those of the structs it embeds.
type typeDocs struct {
	doc    string
	fields map[string]string
}

// field returns the doc of the named field, matched without regard to
// case ("KmsKeyArn" finds KMSKeyArn's).
func (d *typeDocs) field(name string) string {
	if s, ok := d.fields[name]; ok {
		return s
	}
	for n, s := range d.fields {
		if strings.EqualFold(n, name) {
			return s
		}
	}
	return ""
}

// docsOf returns the docs of the type named name in the Go package at
// import path pkg, parsing the package once (an empty result for a type
// it does not declare).
func docsOf(cache map[string]*typeDocs, pkg, name string) (*typeDocs, error) {
	if _, parsed := cache[pkg]; !parsed {
		dir, err := sourceDir(pkg)
		if err != nil {
			return nil, err
		}
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		cache[pkg] = nil
		embeds := map[string][]string{}
		for _, p := range pkgs {
			for _, f := range p.Files {
				for _, decl := range f.Decls {
					g, ok := decl.(*ast.GenDecl)
					if !ok || g.Tok != token.TYPE {
						continue
					}
					for _, s := range g.Specs {
						ts := s.(*ast.TypeSpec)
						st, ok := ts.Type.(*ast.StructType)
						if !ok {
							continue
						}
						d := &typeDocs{doc: text(firstDoc(ts.Doc, g.Doc)), fields: map[string]string{}}
						prev := ""
						var embedded []string
						for _, fl := range st.Fields.List {
							if id, ok := fl.Type.(*ast.Ident); ok && len(fl.Names) == 0 {
								embedded = append(embedded, id.Name)
								continue
							}
							doc := text(fl.Doc)
							for _, n := range fl.Names {
								// A comment over a group ("Arn and KeyId
								// identify the key.") covers the fields it
								// names.
								if doc == "" && strings.Contains(prev, n.Name) {
									doc = prev
								}
								d.fields[n.Name] = doc
							}
							prev = doc
						}
						cache[pkg+"."+ts.Name.Name] = d
						embeds[pkg+"."+ts.Name.Name] = embedded
					}
				}
			}
		}
		// The fields of embedded structs are the embedder's.
		for key, names := range embeds {
			for _, n := range names {
				if e := cache[pkg+"."+n]; e != nil && cache[key] != nil {
					for f, doc := range e.fields {
						if _, ok := cache[key].fields[f]; !ok {
							cache[key].fields[f] = doc
						}
					}
				}
			}
		}
	}
	if d := cache[pkg+"."+name]; d != nil {
		return d, nil
	}
	return &typeDocs{fields: map[string]string{}}, nil
}

func firstDoc(docs ...*ast.CommentGroup) *ast.CommentGroup {
	for _, d := range docs {
		if d != nil {
			return d
		}
	}
	return nil
}

// text is a doc comment as schema text: its paragraphs, each on one line.
func text(c *ast.CommentGroup) string {
	if c == nil {
		return ""
	}
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(c.Text()), "\n\n") {
		paras = append(paras, strings.Join(strings.Fields(p), " "))
	}
	return strings.Join(paras, "\n\n")
}

// sourceDir is the directory of a Go package of this repository.
func sourceDir(pkg string) (string, error) {
	const mod = "github.com/modelfort/modelfort"
	switch {
	case pkg == mod+"/provider":
		return ".", nil
	case strings.HasPrefix(pkg, mod+"/"):
		return filepath.Join("..", strings.TrimPrefix(pkg, mod+"/")), nil
	}
	return "", fmt.Errorf("%s is not a package of this repository", pkg)
}

var relativeLink = regexp.MustCompile(`\[([^\]]+)\]\((\.\.?/)[^)]*\)`)

// readmeIntro is the first paragraph of a component's README after its
// title and its line of names, with relative links reduced to their text.
func readmeIntro(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var para []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "`") {
			if len(para) > 0 {
				break
			}
			continue
		}
		para = append(para, line)
	}
	if len(para) == 0 {
		return "", fmt.Errorf("%s has no introduction", path)
	}
	return relativeLink.ReplaceAllString(strings.Join(para, " "), "$1"), nil
}
