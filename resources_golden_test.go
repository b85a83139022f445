package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/resources/*.json from the program as it is now")

// goldenResource is what a resource's golden record keeps: everything a
// "pulumi preview" would show as a change (its URN, so its type, name and
// parents; its inputs; its provider; protect and retainOnDelete).
type goldenResource struct {
	URN            string         `json:"urn"`
	Custom         bool           `json:"custom,omitempty"`
	Provider       string         `json:"provider,omitempty"`
	Protect        bool           `json:"protect,omitempty"`
	RetainOnDelete bool           `json:"retainOnDelete,omitempty"`
	Inputs         map[string]any `json:"inputs,omitempty"`
}

// TestResourcesMatchTheGoldenRecord runs every checked-in stack under mocks
// and compares what it registers with testdata/resources/STACK.json, so
// that a change of a resource (a renamed URN, an input, a lost protect
// flag) shows up in review as a change of that file. A refactoring must
// leave the files as they are; a deliberate change rewrites them with
//
//	go test -run TestResourcesMatchTheGoldenRecord . -update-golden
//
// and the diff of testdata/ is the change the stacks will see.
func TestResourcesMatchTheGoldenRecord(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "prod", "tencent-dev", "tencent-prod"} {
		t.Run(stack, func(t *testing.T) {
			rec, err := runStack(t, stack, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []goldenResource
			for _, r := range rec.Resources {
				g := goldenResource{URN: string(r.URN), Custom: r.Custom, Protect: r.Protect, RetainOnDelete: r.RetainOnDelete}
				if r.Custom {
					g.Inputs = r.Inputs.Mappable()
					if i := strings.LastIndex(r.Provider, "::"); i > 0 {
						g.Provider = r.Provider[:i] // the provider's URN; its ID is the stand-in's
					}
				}
				got = append(got, g)
			}
			sort.Slice(got, func(i, j int) bool { return got[i].URN < got[j].URN })
			b, err := json.MarshalIndent(got, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			b = append(b, '\n')
			path := filepath.Join("testdata", "resources", stack+".json")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (write it with -update-golden)", err)
			}
			if !bytes.Equal(b, want) {
				t.Errorf("the resources of %s differ from %s:\n%s\nIf the change is deliberate, rewrite the file with -update-golden and review its diff.", stack, path, firstDifference(string(want), string(b)))
			}
		})
	}
}

// firstDifference shows the lines around the first line where want and
// got differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			from := max(0, i-3)
			var b strings.Builder
			for j := from; j < i+4; j++ {
				if j < len(w) {
					b.WriteString("- " + w[j] + "\n")
				}
			}
			for j := from; j < i+4; j++ {
				if j < len(g) {
					b.WriteString("+ " + g[j] + "\n")
				}
			}
			return b.String()
		}
	}
	return ""
}
