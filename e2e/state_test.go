package e2e

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stateFixtures are the states that an offline "pulumi up" of each stack
// wrote at an earlier commit, exported with "pulumi stack export" and
// gzipped: e2e/testdata/state/STACK.json.gz. e2e/testdata/state/README.md
// names the commit each comes from and how to make them again.
var stateFixtures = []string{"dev", "staging", "prod", "tencent-dev", "tencent-prod"}

// TestStateFromEarlierReleasesPreviewsWithoutChanges imports each stack's
// state from an earlier commit into a fresh offline backend and previews
// the current program over it: nothing may change. A user who deployed
// that commit and updates modelfort sees the same; a rename without an
// alias, a changed input or a lost protect flag fails here.
func TestStateFromEarlierReleasesPreviewsWithoutChanges(t *testing.T) {
	for _, stack := range stateFixtures {
		t.Run(stack, func(t *testing.T) {
			fixture := filepath.Join(root, "e2e", "testdata", "state", stack+".json.gz")
			state := filepath.Join(t.TempDir(), stack+".json")
			if err := gunzip(fixture, state); err != nil {
				t.Fatal(err)
			}
			w := newWorkspace(t, root, stack)
			imported, err := resourceCount(state)
			if err != nil {
				t.Fatal(err)
			}
			w.must("stack", "import", "--file", state)
			out := w.must("preview", "--expect-no-changes", "--diff")
			if !strings.Contains(out, fmt.Sprintf("%d unchanged", imported)) {
				t.Errorf("want all %d imported resources unchanged:\n%s", imported, out)
			}
			if !strings.Contains(out, "Policy Packs run:") || strings.Contains(out, "[mandatory]") || strings.Contains(out, "[advisory]") {
				t.Errorf("the policy pack did not run, or found violations:\n%s", out)
			}
		})
	}
}

func gunzip(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, zr); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// resourceCount is the number of resources in an exported state file.
func resourceCount(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var doc struct {
		Deployment struct {
			Resources []json.RawMessage `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return 0, err
	}
	return len(doc.Deployment.Resources), nil
}
