package aws

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

// The architecture doc holds the picture of what the stacks compose; the
// README may hold a copy of its diagram.
const (
	archDoc    = "../../docs/architecture.md"
	archReadme = "../../README.md"
)

// archPrefix starts the type token of every AWS component.
const archPrefix = "modelfort:aws:"

var (
	// archMermaidBlock is a fenced ```mermaid block of a Markdown file.
	archMermaidBlock = regexp.MustCompile("(?ms)^```mermaid\n(.*?)^```[ \t]*$")
	// archTypeToken is a component type token wherever the diagram has one.
	archTypeToken = regexp.MustCompile(archPrefix + `[A-Za-z]+`)
	// archNodeLabel is the quoted label of a node or subgraph: ["..."] (also
	// inside (["..."]) and the like).
	archNodeLabel = regexp.MustCompile(`\["([^"]*)"\]`)
	// archComponentName is a component's registered name.
	archComponentName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// diagram is what a Mermaid diagram claims about the components.
type archDiagram struct {
	// types are the component type tokens it names anywhere.
	types map[string]bool
	// instances are its boxes that name one component: a label whose
	// first line is the component's name and whose second is its type
	// token, as "type name".
	instances map[string]bool
}

// archMermaidBlocks returns the bodies of the Mermaid blocks of a Markdown
// file.
func archMermaidBlocks(md string) []string {
	var out []string
	for _, m := range archMermaidBlock.FindAllStringSubmatch(md, -1) {
		out = append(out, m[1])
	}
	return out
}

// archParseDiagram reads the component boxes of a Mermaid flowchart. A label
// that names a type token anywhere but in its first line (a component's
// name) or its second (the token) is an error: the test could not tell
// which component it means.
func archParseDiagram(t *testing.T, body string) archDiagram {
	t.Helper()
	d := archDiagram{types: map[string]bool{}, instances: map[string]bool{}}
	for _, tok := range archTypeToken.FindAllString(body, -1) {
		d.types[tok] = true
	}
	for _, m := range archNodeLabel.FindAllStringSubmatch(body, -1) {
		lines := strings.Split(m[1], "<br/>")
		for i, line := range lines {
			if !strings.Contains(line, archPrefix) {
				continue
			}
			switch {
			case i == 0 && archTypeToken.FindString(line) == line:
				// A type without one instance: the components' own keys.
			case i == 1 && archTypeToken.FindString(line) == line && archComponentName.MatchString(lines[0]):
				d.instances[line+" "+lines[0]] = true
			default:
				t.Errorf("diagram label %q: a type token belongs alone on the first line, or on the second under the component's name", m[1])
			}
		}
	}
	return d
}

// composed are the component types and the components (as "type name")
// of a recording, and its top-level components: those whose parent is
// not a component of modelfort.
func archComposed(rec *mocktest.Recording) (types, all, topLevel map[string]bool) {
	types, all, topLevel = map[string]bool{}, map[string]bool{}, map[string]bool{}
	byURN := map[string]*mocktest.Resource{}
	for _, r := range rec.Resources {
		byURN[string(r.URN)] = r
	}
	for _, r := range rec.Resources {
		if r.Custom || !strings.HasPrefix(r.Type, archPrefix) {
			continue
		}
		types[r.Type] = true
		all[r.Type+" "+r.Name] = true
		if p := byURN[string(r.Parent)]; p == nil || !strings.HasPrefix(p.Type, archPrefix) {
			topLevel[r.Type+" "+r.Name] = true
		}
	}
	return types, all, topLevel
}

// archMissing returns the keys of want that have is without, sorted.
func archMissing(want, have map[string]bool) []string {
	var out []string
	for k := range want {
		if !have[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// TestArchitectureDiagramMatchesTheStacks checks the picture of
// docs/architecture.md against what prod (which composes everything:
// Shield, threat detection, serving) really composes: every component
// type is in it, every top-level component has its box (name and type),
// and it names no type or component that the stacks do not compose. A
// Mermaid block of the README that names components must be the same
// diagram.
func TestArchitectureDiagramMatchesTheStacks(t *testing.T) {
	doc, err := os.ReadFile(archDoc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := archMermaidBlocks(string(doc))
	if len(blocks) != 1 {
		t.Fatalf("%s has %d Mermaid blocks; want the one diagram", archDoc, len(blocks))
	}
	body := blocks[0]
	if !strings.HasPrefix(body, "flowchart ") {
		t.Errorf("%s: the diagram is not a flowchart: %.40q", archDoc, body)
	}
	d := archParseDiagram(t, body)

	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	types, all, topLevel := archComposed(rec)
	if len(types) == 0 {
		t.Fatal("prod composed no component")
	}
	if m := archMissing(types, d.types); len(m) > 0 {
		t.Errorf("component types prod composes and the diagram lacks: %v", m)
	}
	if m := archMissing(d.types, types); len(m) > 0 {
		t.Errorf("component types the diagram names and prod does not compose: %v", m)
	}
	if m := archMissing(topLevel, d.instances); len(m) > 0 {
		t.Errorf("components of prod without their box (name, then type) in the diagram: %v", m)
	}
	if m := archMissing(d.instances, all); len(m) > 0 {
		t.Errorf("boxes of the diagram for components prod does not compose: %v", m)
	}

	// The README's copy, once it has one, is this diagram.
	md, err := os.ReadFile(archReadme)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range archMermaidBlocks(string(md)) {
		if archTypeToken.MatchString(b) && b != body {
			t.Errorf("README.md's Mermaid block %d names components and differs from the diagram of %s; copy it from there", i+1, archDoc)
		}
	}
}

// TestArchitectureParseDiagram checks the reading of labels the test relies on.
func TestArchitectureParseDiagram(t *testing.T) {
	d := archParseDiagram(t, strings.Join([]string{
		`flowchart TB`,
		`  a["models<br/>modelfort:aws:WormBucket<br/>artifacts"]`,
		`  subgraph f ["failover<br/>modelfort:aws:RegionalFailover"]`,
		`  end`,
		`  k["modelfort:aws:Key<br/>each component's own keys"]`,
		`  c(["client"]) -->|"modelfort:aws:FrontDoor"| a`,
	}, "\n"))
	wantTypes := []string{"modelfort:aws:FrontDoor", "modelfort:aws:Key", "modelfort:aws:RegionalFailover", "modelfort:aws:WormBucket"}
	wantInstances := []string{"modelfort:aws:RegionalFailover failover", "modelfort:aws:WormBucket models"}
	if got := slices.Sorted(maps.Keys(d.types)); !slices.Equal(got, wantTypes) {
		t.Errorf("types %v; want %v", got, wantTypes)
	}
	if got := slices.Sorted(maps.Keys(d.instances)); !slices.Equal(got, wantInstances) {
		t.Errorf("instances %v; want %v", got, wantInstances)
	}
	blocks := archMermaidBlocks("text\n```mermaid\nflowchart TB\n  a\n```\nmore\n```go\nx\n```\n")
	if len(blocks) != 1 || blocks[0] != "flowchart TB\n  a\n" {
		t.Errorf("mermaid blocks %q", blocks)
	}
}
