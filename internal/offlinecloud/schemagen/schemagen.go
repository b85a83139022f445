// Package schemagen writes a Pulumi package schema for a chosen set of a
// provider's resources and functions, reading them from the source of the
// provider's Go SDK: a resource's outputs from its struct (the fields
// tagged `pulumi:"..."`), its inputs from its unexported plain args struct,
// its required inputs and secrets from its New function, a function's
// inputs and outputs from its Args and Result structs, and the object
// types they reach from the package's pulumiTypes*.go. Descriptions are
// the first paragraph of the doc comments, trimmed.
//
// The offline stand-in of package offlinecloud serves what it writes, so
// that "pulumi package get-schema", Pulumi YAML and SDK generators work
// without the real provider plugin. It is not a command (every command
// under offlinecloud/cmd is installed as a plugin): the test of
// offlinecloud runs it.
package schemagen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Generator reads one provider's Go SDK.
type Generator struct {
	dir        string // the SDK's provider package, such as …/sdk/go/aws
	importPath string // its import path
	pkgName    string // the provider's package name, such as "aws"
	fset       *token.FileSet
	pkgs       map[string]*goPackage // by directory under dir ("" is dir)

	types map[string]Object
	decls map[string]*typeDecl // the Go type behind each type token
}

// New returns a Generator for the Go SDK package at dir, whose import path
// is importPath, of the provider pkgName.
func New(dir, importPath, pkgName string) *Generator {
	return &Generator{
		dir:        dir,
		importPath: importPath,
		pkgName:    pkgName,
		fset:       token.NewFileSet(),
		pkgs:       map[string]*goPackage{},
	}
}

type goPackage struct {
	dir       string // under Generator.dir
	module    string // the module of its tokens: "s3", "index", "config"
	files     map[string]*ast.File
	all       bool // every file is parsed
	typesRead bool // pulumiTypes*.go and pulumiEnums.go are parsed
	structs   map[string]*typeDecl
	named     map[string]ast.Expr // other named types: their underlying type
	funcs     map[string]*ast.FuncDecl
}

type typeDecl struct {
	name string
	doc  *ast.CommentGroup
	st   *ast.StructType
	pkg  *goPackage
}

// pkg returns the Go package of a token's module ("index" is the root).
func (g *Generator) pkg(module string) *goPackage {
	dir := strings.ToLower(module)
	if module == "index" {
		dir = ""
	}
	p, ok := g.pkgs[dir]
	if !ok {
		p = &goPackage{dir: dir, module: module, files: map[string]*ast.File{}, structs: map[string]*typeDecl{}, named: map[string]ast.Expr{}, funcs: map[string]*ast.FuncDecl{}}
		g.pkgs[dir] = p
	}
	return p
}

// parse reads one file of p; a file that does not exist reads as nothing.
func (g *Generator) parse(p *goPackage, name string) error {
	if _, ok := p.files[name]; ok {
		return nil
	}
	path := filepath.Join(g.dir, p.dir, name)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		p.files[name] = nil
		return nil
	}
	f, err := parser.ParseFile(g.fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	p.files[name] = f
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				p.funcs[d.Name.Name] = d
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				doc := ts.Doc
				if doc == nil && len(d.Specs) == 1 {
					doc = d.Doc
				}
				if st, ok := ts.Type.(*ast.StructType); ok {
					p.structs[ts.Name.Name] = &typeDecl{name: ts.Name.Name, doc: doc, st: st, pkg: p}
				} else {
					p.named[ts.Name.Name] = ts.Type
				}
			}
		}
	}
	return nil
}

// parseWhere reads the files of p whose names match keep.
func (g *Generator) parseWhere(p *goPackage, keep func(name string) bool) error {
	entries, err := os.ReadDir(filepath.Join(g.dir, p.dir))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && keep(n) {
			if err := g.parse(p, n); err != nil {
				return err
			}
		}
	}
	return nil
}

func isTypesFile(name string) bool {
	return strings.HasPrefix(name, "pulumiTypes") || name == "pulumiEnums.go"
}

// readTypes reads the files that declare p's object types and enums.
func (g *Generator) readTypes(p *goPackage) error {
	if p.typesRead {
		return nil
	}
	p.typesRead = true
	return g.parseWhere(p, isTypesFile)
}

// readAll reads every file of p.
func (g *Generator) readAll(p *goPackage) error {
	if p.all {
		return nil
	}
	p.all = true
	return g.parseWhere(p, func(string) bool { return true })
}

// findFunc returns the function of p that calls method (RegisterResource,
// Invoke) with the token tok, looking in the file hint first.
func (g *Generator) findFunc(p *goPackage, hint, method, tok string) (*ast.FuncDecl, error) {
	find := func(files map[string]*ast.File) *ast.FuncDecl {
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			f := files[n]
			if f == nil {
				continue
			}
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && calls(fd, method) == tok {
					return fd
				}
			}
		}
		return nil
	}
	if err := g.parse(p, hint); err != nil {
		return nil, err
	}
	if fd := find(map[string]*ast.File{hint: p.files[hint]}); fd != nil {
		return fd, nil
	}
	if err := g.readAll(p); err != nil {
		return nil, err
	}
	if fd := find(p.files); fd != nil {
		return fd, nil
	}
	return nil, fmt.Errorf("%s is not in the SDK (no function of %s calls %s with it)", tok, filepath.Join(g.dir, p.dir), method)
}

// calls returns the token a function passes to ctx.METHOD, or "".
func calls(fd *ast.FuncDecl, method string) string {
	tok := ""
	if fd.Body == nil {
		return ""
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || tok != "" {
			return tok == ""
		}
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == method && len(c.Args) > 0 {
			if lit, ok := c.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				tok, _ = strconv.Unquote(lit.Value)
			}
		}
		return true
	})
	return tok
}

// splitToken splits "aws:s3/bucketV2:BucketV2" into "s3" and "bucketV2".
func splitToken(tok string) (module, file string, err error) {
	parts := strings.Split(tok, ":")
	if len(parts) != 3 {
		return "", "", fmt.Errorf("%q is not a PACKAGE:MODULE/NAME:Name token", tok)
	}
	module, file, ok := strings.Cut(parts[1], "/")
	if !ok {
		return "", "", fmt.Errorf("%q is not a PACKAGE:MODULE/NAME:Name token", tok)
	}
	return module, file, nil
}

// Referenced returns the resource and function tokens that the Go source
// under srcDirs (test files aside) reaches through the SDK: the New
// functions of resources, and the Get and Lookup functions (and their
// Output forms) of data sources. The provider resource is left out.
func (g *Generator) Referenced(srcDirs ...string) (resources, functions []string, err error) {
	res, fns := map[string]bool{}, map[string]bool{}
	for _, root := range srcDirs {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				// The go command ignores these directories too.
				if n := d.Name(); path != root && (n == "testdata" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			imports := map[string]string{} // local name -> directory under g.dir
			for _, imp := range f.Imports {
				ip, _ := strconv.Unquote(imp.Path.Value)
				if ip != g.importPath && !strings.HasPrefix(ip, g.importPath+"/") {
					continue
				}
				sub := strings.TrimPrefix(strings.TrimPrefix(ip, g.importPath), "/")
				name := filepath.Base(ip)
				if imp.Name != nil {
					name = imp.Name.Name
				}
				imports[name] = sub
			}
			var walkErr error
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok || walkErr != nil {
					return walkErr == nil
				}
				x, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				sub, ok := imports[x.Name]
				if !ok {
					return true
				}
				tok, isResource, err := g.tokenOf(sub, sel.Sel.Name)
				switch {
				case err != nil:
					walkErr = fmt.Errorf("%s: %s.%s: %w", path, x.Name, sel.Sel.Name, err)
				case tok == "" || strings.HasPrefix(tok, "pulumi:providers:"):
				case isResource:
					res[tok] = true
				default:
					fns[tok] = true
				}
				return true
			})
			return walkErr
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return sortedKeys(res), sortedKeys(fns), nil
}

// tokenOf returns the token that the SDK function name of the package in
// directory sub registers or invokes; "" for any other name.
func (g *Generator) tokenOf(sub, name string) (tok string, isResource bool, err error) {
	var hint, method string
	fn := name
	switch {
	case strings.HasPrefix(name, "New"):
		hint, method = lowerFirst(strings.TrimPrefix(name, "New"))+".go", "RegisterResource"
	case strings.HasPrefix(name, "Get"), strings.HasPrefix(name, "Lookup"):
		fn = strings.TrimSuffix(name, "Output")
		rest := strings.TrimPrefix(strings.TrimPrefix(fn, "Get"), "Lookup")
		hint, method = "get"+rest+".go", "Invoke"
	default:
		return "", false, nil
	}
	p, ok := g.pkgs[sub]
	if !ok {
		p = g.pkg(sub) // its module is set from the tokens it holds
		p.module = ""
		if sub == "" {
			p.module = "index"
		}
	}
	if err := g.parse(p, hint); err != nil {
		return "", false, err
	}
	fd, ok := p.funcs[fn]
	if !ok {
		if err := g.readAll(p); err != nil {
			return "", false, err
		}
		if fd, ok = p.funcs[fn]; !ok {
			return "", false, nil
		}
	}
	return calls(fd, method), method == "RegisterResource", nil
}

// Schema returns the schema of base (its name, version and metadata) with
// the provider, its configuration, the given resources and functions, and
// the object types they reach.
func (g *Generator) Schema(base Spec, resources, functions []string) (*Spec, error) {
	g.types = map[string]Object{}
	g.decls = map[string]*typeDecl{}
	s := base
	s.Resources = map[string]Resource{}
	s.Functions = map[string]Function{}
	var err error
	if s.Provider, s.Config, err = g.provider(); err != nil {
		return nil, fmt.Errorf("the provider: %w", err)
	}
	for _, tok := range resources {
		if s.Resources[tok], err = g.resource(tok); err != nil {
			return nil, err
		}
	}
	for _, tok := range functions {
		if s.Functions[tok], err = g.function(tok); err != nil {
			return nil, err
		}
	}
	s.Types = g.types
	return &s, nil
}

func (g *Generator) resource(tok string) (Resource, error) {
	module, file, err := splitToken(tok)
	if err != nil {
		return Resource{}, err
	}
	p := g.pkg(module)
	p.module = module
	fd, err := g.findFunc(p, file+".go", "RegisterResource", tok)
	if err != nil {
		return Resource{}, err
	}
	r, err := g.resourceOf(p, fd)
	if err != nil {
		return Resource{}, fmt.Errorf("%s: %w", tok, err)
	}
	return r, nil
}

// resourceOf reads the resource whose New function is fd.
func (g *Generator) resourceOf(p *goPackage, fd *ast.FuncDecl) (Resource, error) {
	name := strings.TrimPrefix(fd.Name.Name, "New")
	out, ok := p.structs[name]
	if !ok {
		return Resource{}, fmt.Errorf("no type %s", name)
	}
	argsName := ""
	if params := fd.Type.Params.List; len(params) >= 3 {
		if star, ok := params[2].Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok {
				argsName = lowerFirst(id.Name)
			}
		}
	}
	in, ok := p.structs[argsName]
	if !ok {
		return Resource{}, fmt.Errorf("no plain args type %q", argsName)
	}
	required, secretIn, secretOut, defaults := newFuncFacts(fd)

	var r Resource
	var err error
	r.Description, r.DeprecationMessage = describe(out.doc, 300)
	if r.Properties, r.Required, err = g.fields(p, out.st, g.outputType); err != nil {
		return Resource{}, err
	}
	for name, prop := range r.Properties {
		if secretOut[name] {
			prop.Secret = true
			r.Properties[name] = prop
		}
	}
	goNames := map[string]string{} // Go field name -> property name
	if r.InputProperties, _, err = g.fields(p, in.st, g.plainType); err != nil {
		return Resource{}, err
	}
	for _, f := range in.st.Fields.List {
		if tag := pulumiTag(f); tag != "" {
			for _, n := range f.Names {
				goNames[n.Name] = tag
			}
		}
	}
	for _, goName := range required {
		if tag, ok := goNames[goName]; ok {
			r.RequiredInputs = append(r.RequiredInputs, tag)
		}
	}
	sort.Strings(r.RequiredInputs)
	for goName := range secretIn {
		if tag, ok := goNames[goName]; ok {
			prop := r.InputProperties[tag]
			prop.Secret = true
			r.InputProperties[tag] = prop
		}
	}
	for goName, d := range defaults {
		if tag, ok := goNames[goName]; ok {
			prop := r.InputProperties[tag]
			prop.Default, prop.DefaultInfo = d.value, d.info
			r.InputProperties[tag] = prop
		}
	}
	return r, nil
}

func (g *Generator) function(tok string) (Function, error) {
	module, file, err := splitToken(tok)
	if err != nil {
		return Function{}, err
	}
	p := g.pkg(module)
	p.module = module
	fd, err := g.findFunc(p, file+".go", "Invoke", tok)
	if err != nil {
		return Function{}, err
	}
	var f Function
	f.Description, f.DeprecationMessage = describe(fd.Doc, 300)
	if params := fd.Type.Params.List; len(params) >= 2 {
		if obj, err := g.object(p, params[1].Type); err != nil {
			return Function{}, fmt.Errorf("%s: inputs: %w", tok, err)
		} else if obj != nil && len(obj.Properties) > 0 {
			f.Inputs = obj
		}
	}
	if res := fd.Type.Results; res != nil && len(res.List) > 0 {
		obj, err := g.object(p, res.List[0].Type)
		if err != nil {
			return Function{}, fmt.Errorf("%s: outputs: %w", tok, err)
		}
		f.Outputs = obj
	}
	return f, nil
}

// object reads the plain struct *T of p as a function's inputs or outputs.
func (g *Generator) object(p *goPackage, e ast.Expr) (*Object, error) {
	star, ok := e.(*ast.StarExpr)
	if !ok {
		return nil, nil
	}
	id, ok := star.X.(*ast.Ident)
	if !ok {
		return nil, nil
	}
	d, ok := p.structs[id.Name]
	if !ok {
		return nil, fmt.Errorf("no type %s", id.Name)
	}
	props, req, err := g.fields(p, d.st, g.plainType)
	if err != nil {
		return nil, err
	}
	return &Object{Properties: props, Required: req}, nil
}

// provider reads the provider resource and the configuration variables,
// which are its inputs (with the object types of the config package).
func (g *Generator) provider() (Resource, Config, error) {
	p := g.pkg("index")
	fd, err := g.findFunc(p, "provider.go", "RegisterResource", "pulumi:providers:"+g.pkgName)
	if err != nil {
		return Resource{}, Config{}, err
	}
	r, err := g.resourceOf(p, fd)
	if err != nil {
		return Resource{}, Config{}, err
	}
	r.Description = fmt.Sprintf("The provider type for the %s package.", g.pkgName)
	cfg := Config{Variables: map[string]Property{}}
	cp := g.pkg("config")
	if err := g.readTypes(cp); err != nil {
		return Resource{}, Config{}, err
	}
	for name, prop := range r.InputProperties {
		if d, ok := cp.structs[upperFirst(name)]; ok && hasRef(&prop) {
			ref, err := g.typeRef(d)
			if err != nil {
				return Resource{}, Config{}, err
			}
			prop = withRef(prop, ref)
		}
		cfg.Variables[name] = prop
	}
	return r, cfg, nil
}

func hasRef(p *Property) bool {
	switch {
	case p == nil:
		return false
	case strings.HasPrefix(p.Ref, "#/types/"):
		return true
	}
	return hasRef(p.Items) || hasRef(p.AdditionalProperties)
}

// withRef returns p with its object type reference replaced by ref.
func withRef(p Property, ref string) Property {
	switch {
	case strings.HasPrefix(p.Ref, "#/types/"):
		p.Ref = ref
	case p.Items != nil:
		items := withRef(*p.Items, ref)
		p.Items = &items
	case p.AdditionalProperties != nil:
		v := withRef(*p.AdditionalProperties, ref)
		p.AdditionalProperties = &v
	}
	return p
}

type defaultValue struct {
	value any
	info  *DefaultInfo
}

// newFuncFacts reads what a resource's New function says of its args (by
// Go field name): the required ones, the ones it makes secret, and the
// defaults it fills in; and which outputs it makes secret (by property).
func newFuncFacts(fd *ast.FuncDecl) (required []string, secretIn, secretOut map[string]bool, defaults map[string]defaultValue) {
	secretIn, secretOut, defaults = map[string]bool{}, map[string]bool{}, map[string]defaultValue{}
	const prefix = "invalid value for required argument '"
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); err == nil && strings.HasPrefix(s, prefix) {
				required = append(required, strings.TrimSuffix(strings.TrimPrefix(s, prefix), "'"))
			}
		case *ast.CallExpr:
			switch selName(n.Fun) {
			case "pulumi.ToSecret":
				if len(n.Args) == 1 {
					if f := argsField(n.Args[0]); f != "" {
						secretIn[f] = true
					}
				}
			case "pulumi.AdditionalSecretOutputs":
				if len(n.Args) == 1 {
					if cl, ok := n.Args[0].(*ast.CompositeLit); ok {
						for _, e := range cl.Elts {
							if lit, ok := e.(*ast.BasicLit); ok {
								s, _ := strconv.Unquote(lit.Value)
								secretOut[s] = true
							}
						}
					}
				}
			}
		case *ast.IfStmt:
			// if args.X == nil { ... default ... }
			be, ok := n.Cond.(*ast.BinaryExpr)
			if !ok || be.Op != token.EQL {
				return true
			}
			if id, ok := be.Y.(*ast.Ident); !ok || id.Name != "nil" {
				return true
			}
			field := argsField(be.X)
			if field == "" {
				return true
			}
			var d defaultValue
			ast.Inspect(n.Body, func(m ast.Node) bool {
				c, ok := m.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch name := selName(c.Fun); {
				case name == "internal.GetEnvOrDefault":
					for i, a := range c.Args {
						if i == 0 {
							if v, ok := literal(a); ok {
								d.value = v
							}
						}
						if i >= 2 {
							if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
								s, _ := strconv.Unquote(lit.Value)
								if d.info == nil {
									d.info = &DefaultInfo{}
								}
								d.info.Environment = append(d.info.Environment, s)
							}
						}
					}
				case strings.HasPrefix(name, "pulumi.") && strings.HasSuffix(name, "Ptr") && len(c.Args) == 1:
					if v, ok := literal(c.Args[0]); ok {
						d.value = v
					}
				}
				return true
			})
			if d.value != nil || d.info != nil {
				defaults[field] = d
			}
		}
		return true
	})
	return required, secretIn, secretOut, defaults
}

// literal reads a constant: a string, a number or a boolean.
func literal(e ast.Expr) (any, bool) {
	switch e := e.(type) {
	case *ast.Ident:
		switch e.Name {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	case *ast.BasicLit:
		switch e.Kind {
		case token.STRING:
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		case token.INT:
			n, err := strconv.ParseInt(e.Value, 0, 64)
			return n, err == nil
		case token.FLOAT:
			f, err := strconv.ParseFloat(e.Value, 64)
			return f, err == nil
		}
	}
	return nil, false
}

// selName renders pkg.Name; "" for anything else.
func selName(e ast.Expr) string {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return x.Name + "." + sel.Sel.Name
}

// argsField returns X of args.X; "" for anything else.
func argsField(e ast.Expr) string {
	if n := selName(e); strings.HasPrefix(n, "args.") {
		return strings.TrimPrefix(n, "args.")
	}
	return ""
}

type typeFunc func(p *goPackage, e ast.Expr) (prop Property, required bool, err error)

// fields reads the pulumi-tagged fields of a struct.
func (g *Generator) fields(p *goPackage, st *ast.StructType, typeOf typeFunc) (map[string]Property, []string, error) {
	props := map[string]Property{}
	var required []string
	for _, f := range st.Fields.List {
		tag := pulumiTag(f)
		if tag == "" {
			continue
		}
		prop, req, err := typeOf(p, f.Type)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", tag, err)
		}
		prop.Description, prop.DeprecationMessage = describe(f.Doc, 200)
		props[tag] = prop
		if req {
			required = append(required, tag)
		}
	}
	sort.Strings(required)
	return props, required, nil
}

// pulumiTag returns the property name of a struct field, or "".
func pulumiTag(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	s, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return ""
	}
	const key = `pulumi:"`
	i := strings.Index(s, key)
	if i < 0 {
		return ""
	}
	s = s[i+len(key):]
	name, _, _ := strings.Cut(s[:strings.IndexByte(s, '"')], ",")
	return name
}

var primitives = map[string]string{
	"string":  "string",
	"int":     "integer",
	"float64": "number",
	"bool":    "boolean",
}

// plainType maps a field type of a plain struct: required unless it is a
// pointer, slice, map or interface.
func (g *Generator) plainType(p *goPackage, e ast.Expr) (Property, bool, error) {
	switch e := e.(type) {
	case *ast.StarExpr:
		prop, _, err := g.plainType(p, e.X)
		return prop, false, err
	case *ast.ArrayType:
		items, _, err := g.plainType(p, e.Elt)
		return Property{Type: "array", Items: &items}, false, err
	case *ast.MapType:
		if k, ok := e.Key.(*ast.Ident); !ok || k.Name != "string" {
			return Property{}, false, fmt.Errorf("a map whose keys are not strings")
		}
		v, _, err := g.plainType(p, e.Value)
		return Property{Type: "object", AdditionalProperties: &v}, false, err
	case *ast.InterfaceType:
		return Property{Ref: "pulumi.json#/Any"}, false, nil
	case *ast.SelectorExpr:
		switch selName(e) {
		case "pulumi.Archive":
			return Property{Ref: "pulumi.json#/Archive"}, false, nil
		case "pulumi.Asset", "pulumi.AssetOrArchive":
			return Property{Ref: "pulumi.json#/Asset"}, false, nil
		}
		return Property{}, false, fmt.Errorf("unknown type %s", selName(e))
	case *ast.Ident:
		if t, ok := primitives[e.Name]; ok {
			return Property{Type: t}, true, nil
		}
		if e.Name == "any" {
			return Property{Ref: "pulumi.json#/Any"}, false, nil
		}
		prop, err := g.named(p, e.Name)
		return prop, err == nil, err
	}
	return Property{}, false, fmt.Errorf("unknown type %T", e)
}

// named maps a type declared in p: a plain struct is an object type, an
// enum its underlying primitive.
func (g *Generator) named(p *goPackage, name string) (Property, error) {
	if _, ok := p.structs[name]; !ok {
		if _, ok := p.named[name]; !ok {
			if err := g.readTypes(p); err != nil {
				return Property{}, err
			}
		}
	}
	if d, ok := p.structs[name]; ok {
		ref, err := g.typeRef(d)
		return Property{Ref: ref}, err
	}
	if u, ok := p.named[name].(*ast.Ident); ok {
		if t, ok := primitives[u.Name]; ok {
			return Property{Type: t}, nil
		}
	}
	return Property{}, fmt.Errorf("no plain type or enum %s in %s", name, filepath.Join(g.dir, p.dir))
}

// outputType maps a field type of a resource struct (pulumi.StringOutput,
// FooArrayOutput, ...): required when it is neither a Ptr, an Array nor a
// Map output.
func (g *Generator) outputType(p *goPackage, e ast.Expr) (Property, bool, error) {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && x.Name == "pulumi" && strings.HasSuffix(e.Sel.Name, "Output") {
			return g.outputName(nil, strings.TrimSuffix(e.Sel.Name, "Output"))
		}
	case *ast.Ident:
		if strings.HasSuffix(e.Name, "Output") {
			return g.outputName(p, strings.TrimSuffix(e.Name, "Output"))
		}
	}
	return Property{}, false, fmt.Errorf("not an output type: %s", types(e))
}

var pulumiOutputs = map[string]Property{
	"String":         {Type: "string"},
	"ID":             {Type: "string"},
	"URN":            {Type: "string"},
	"Int":            {Type: "integer"},
	"Float64":        {Type: "number"},
	"Bool":           {Type: "boolean"},
	"Any":            {Ref: "pulumi.json#/Any"},
	"":               {Ref: "pulumi.json#/Any"},
	"Archive":        {Ref: "pulumi.json#/Archive"},
	"Asset":          {Ref: "pulumi.json#/Asset"},
	"AssetOrArchive": {Ref: "pulumi.json#/Asset"},
}

// outputName maps the name of an output type less "Output": a plain type of
// p (nil for package pulumi), or one wrapped in Ptr, Array and Map.
func (g *Generator) outputName(p *goPackage, name string) (Property, bool, error) {
	if p == nil {
		if prop, ok := pulumiOutputs[name]; ok {
			return prop, true, nil
		}
	} else if _, isStruct := p.structs[name]; isStruct || isEnum(p, name) {
		prop, err := g.named(p, name)
		return prop, true, err
	} else if !p.typesRead {
		if err := g.readTypes(p); err != nil {
			return Property{}, false, err
		}
		return g.outputName(p, name)
	}
	switch {
	case strings.HasSuffix(name, "Ptr"):
		prop, _, err := g.outputName(p, strings.TrimSuffix(name, "Ptr"))
		return prop, false, err
	case strings.HasSuffix(name, "Array"):
		items, _, err := g.outputName(p, strings.TrimSuffix(name, "Array"))
		return Property{Type: "array", Items: &items}, false, err
	case strings.HasSuffix(name, "Map"):
		v, _, err := g.outputName(p, strings.TrimSuffix(name, "Map"))
		return Property{Type: "object", AdditionalProperties: &v}, false, err
	}
	return Property{}, false, fmt.Errorf("unknown output type %sOutput", name)
}

func isEnum(p *goPackage, name string) bool {
	u, ok := p.named[name].(*ast.Ident)
	return ok && primitives[u.Name] != ""
}

func types(e ast.Expr) string {
	if n := selName(e); n != "" {
		return n
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return fmt.Sprintf("%T", e)
}

// typeRef returns the reference to the object type of a plain struct,
// adding the type (and the types it reaches) to the schema.
func (g *Generator) typeRef(d *typeDecl) (string, error) {
	name := d.name
	if d.pkg.module == "config" {
		name = lowerFirst(name)
	} else if rest, ok := strings.CutPrefix(name, "Get"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
		name = lowerFirst(name) // a function's type, as the provider names it
	}
	if d.pkg.module == "" {
		return "", fmt.Errorf("the module of %s is unknown", filepath.Join(g.dir, d.pkg.dir))
	}
	tok := g.pkgName + ":" + d.pkg.module + "/" + name + ":" + name
	ref := "#/types/" + tok
	if prev, ok := g.decls[tok]; ok {
		if prev != d {
			return "", fmt.Errorf("two Go types are %s", tok)
		}
		return ref, nil
	}
	g.decls[tok] = d
	props, req, err := g.fields(d.pkg, d.st, g.plainType)
	if err != nil {
		return "", fmt.Errorf("%s: %w", d.name, err)
	}
	desc, _ := describe(d.doc, 200)
	if strings.HasPrefix(desc, d.name+" ") {
		desc = "" // the generated "Foo is an input type ..." says nothing
	}
	g.types[tok] = Object{Description: desc, Type: "object", Properties: props, Required: req}
	return ref, nil
}

// describe returns the first paragraph of a doc comment, at most max bytes
// long, and its deprecation message.
func describe(cg *ast.CommentGroup, max int) (desc, deprecated string) {
	if cg == nil {
		return "", ""
	}
	for _, para := range strings.Split(cg.Text(), "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		switch {
		case para == "":
		case strings.HasPrefix(para, "Deprecated:"):
			deprecated = strings.TrimSpace(strings.TrimPrefix(para, "Deprecated:"))
		case desc == "" && !strings.HasPrefix(para, "#") && !strings.HasPrefix(para, "```") && !strings.HasPrefix(para, ">"):
			desc = para
		}
	}
	return trim(desc, max), trim(deprecated, max)
}

// trim cuts s to at most max bytes: at the end of a sentence if one ends
// in the second half, otherwise at a space, marked with an ellipsis.
func trim(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := s[:max]
	if i := strings.LastIndex(cut, ". "); i > max/2 {
		return cut[:i+1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
