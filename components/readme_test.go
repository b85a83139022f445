// Package components holds one test that keeps every component's README in
// step with its code: each component folder has a README with the
// sections a user looks for, and each Args type's input table lists
// exactly its fields.
package components

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// sections are the headings every component README has.
var sections = []string{"## Example", "## Inputs", "## Outputs", "## Secure defaults", "## Loosening"}

// argsTypes returns, for a package directory, each exported struct type
// whose name ends in "Args" and its exported fields.
func argsTypes(t *testing.T, dir string) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					st, ok := ts.Type.(*ast.StructType)
					if !ok || !ts.Name.IsExported() || !strings.HasSuffix(ts.Name.Name, "Args") {
						continue
					}
					var fields []string
					for _, field := range st.Fields.List {
						for _, n := range field.Names {
							if n.IsExported() {
								fields = append(fields, n.Name)
							}
						}
					}
					sort.Strings(fields)
					out[ts.Name.Name] = fields
				}
			}
		}
	}
	return out
}

var (
	backticked = regexp.MustCompile("`([A-Za-z][A-Za-z0-9]*)`")
	inputsHead = regexp.MustCompile("^#{2,3} Inputs.*`([A-Za-z.]*Args)`")
)

// inputTables returns the rows of each input table of a README: for each
// Args type named in an "Inputs" heading, the field names in the first
// column of the table below it.
func inputTables(readme string) map[string][]string {
	out := map[string][]string{}
	current := ""
	for _, line := range strings.Split(readme, "\n") {
		if strings.HasPrefix(line, "#") {
			current = ""
			if m := inputsHead.FindStringSubmatch(line); m != nil {
				current = m[1][strings.LastIndex(m[1], ".")+1:]
				out[current] = nil
			}
			continue
		}
		if current == "" || !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		for _, m := range backticked.FindAllStringSubmatch(cells[1], -1) {
			out[current] = append(out[current], m[1])
		}
	}
	for k := range out {
		sort.Strings(out[k])
		out[k] = slices.Compact(out[k])
	}
	return out
}

// TestEveryComponentReadmeMatchesItsArgs fails when a component folder
// has no README, misses a section, or when an Args field has no row in
// its input table or a row names no field.
func TestEveryComponentReadmeMatchesItsArgs(t *testing.T) {
	dirs, err := filepath.Glob("*/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 19 {
		t.Fatalf("found %d component folders", len(dirs))
	}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		t.Run(dir, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, "README.md"))
			if err != nil {
				t.Fatalf("no README: %v", err)
			}
			readme := string(b)
			for _, s := range sections {
				if !strings.Contains(readme, "\n"+s) {
					t.Errorf("README has no %q section", s)
				}
			}
			tables := inputTables(readme)
			for typ, fields := range argsTypes(t, dir) {
				rows, ok := tables[typ]
				if !ok {
					t.Errorf("README has no input table for %s (a heading \"## Inputs: `%s`\")", typ, typ)
					continue
				}
				for _, f := range fields {
					if !slices.Contains(rows, f) {
						t.Errorf("%s.%s has no row in the README's input table", typ, f)
					}
				}
				for _, r := range rows {
					if !slices.Contains(fields, r) {
						t.Errorf("the README's input table of %s has a row %s, which is no field", typ, r)
					}
				}
			}
			for typ := range tables {
				if _, ok := argsTypes(t, dir)[typ]; !ok {
					t.Errorf("the README has an input table for %s, which the package does not declare", typ)
				}
			}
		})
	}
}
