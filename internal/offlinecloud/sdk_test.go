package offlinecloud

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestKindsMatchTheSDKs checks the Kinds tables against the provider SDKs'
// source: every listed type exists, every computed attribute is an output
// of it, and every autonamed or replacing property is one of its inputs. A
// typo would otherwise leave a real output unset in offline runs.
func TestKindsMatchTheSDKs(t *testing.T) {
	sdks := map[*Cloud]string{
		AWS:          "github.com/pulumi/pulumi-aws/sdk/v6",
		TencentCloud: "github.com/tencentcloudstack/pulumi-tencentcloud/sdk",
	}
	for c, mod := range sdks {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
		if err != nil {
			t.Fatalf("locating %s: %v", mod, err)
		}
		dir := filepath.Join(strings.TrimSpace(string(out)), "go", c.Package)
		for typ, k := range c.Kinds {
			parts := strings.Split(typ, ":")
			module, file, _ := strings.Cut(parts[1], "/")
			name := parts[2]
			src, err := os.ReadFile(filepath.Join(dir, strings.ToLower(module), file+".go"))
			if err != nil {
				t.Errorf("%s: not in the SDK: %v", typ, err)
				continue
			}
			outputs := fields(src, name)
			inputs := fields(src, strings.ToLower(name[:1])+name[1:]+"Args")
			if !k.NoARN && !outputs["arn"] {
				t.Errorf("%s has no arn output; set NoARN", typ)
			}
			for attr := range k.Computed {
				if !outputs[attr] {
					t.Errorf("%s: computed attribute %q is not an output of the SDK's type", typ, attr)
				}
			}
			for _, in := range append([]string{k.Autoname}, k.ForceNew...) {
				if in != "" && !inputs[in] {
					t.Errorf("%s: %q is not an input of the SDK's type", typ, in)
				}
			}
		}
	}
}

// fields returns the pulumi property names of a struct in Go source.
func fields(src []byte, structName string) map[string]bool {
	body := regexp.MustCompile(`(?s)\ntype ` + structName + ` struct \{(.*?)\n\}`).FindSubmatch(src)
	out := map[string]bool{}
	if body == nil {
		return out
	}
	for _, m := range regexp.MustCompile(`pulumi:"([A-Za-z0-9]+)"`).FindAllSubmatch(body[1], -1) {
		out[string(m[1])] = true
	}
	return out
}
