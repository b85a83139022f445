package main

import (
	"os"
	"regexp"
	"runtime/debug"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

const (
	sdkModule = "github.com/pulumi/pulumi/sdk/v3"
	// sdkFloor and sdkCeiling bound the sdk/v3 versions whose dependencies
	// the module proxy serves in full. An unpinned "go mod tidy" picks
	// v3.175.0 (what pulumi-aws asks for), which lacks go/pulumi/policyx.
	sdkFloor   = "v3.259.0"
	sdkCeiling = "v3.263.0"
)

func requires(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(path, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range f.Require {
		out[r.Mod.Path] = r.Mod.Version
	}
	return out
}

// TestPinnedVersions keeps go.mod on the versions that build here.
func TestPinnedVersions(t *testing.T) {
	req := requires(t, "go.mod")
	sdk := req[sdkModule]
	if semver.Compare(sdk, sdkFloor) < 0 || semver.Compare(sdk, sdkCeiling) > 0 {
		t.Errorf("go.mod requires %s %s; pin it to %s..%s", sdkModule, sdk, sdkFloor, sdkCeiling)
	}
	for mod, want := range map[string]string{
		"github.com/pulumi/pulumi-aws/sdk/v6":                  "v6.83.2",
		"github.com/tencentcloudstack/pulumi-tencentcloud/sdk": "v0.1.2",
	} {
		if req[mod] != want {
			t.Errorf("go.mod requires %s %q; want %s, the only version the module proxy serves here", mod, req[mod], want)
		}
	}
	// One sdk/v3 everywhere: the CLI's tools module and the linked binary.
	if cli := requires(t, "tools/pulumi-cli/go.mod")[sdkModule]; cli != sdk {
		t.Errorf("tools/pulumi-cli requires %s %s, go.mod %s", sdkModule, cli, sdk)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("no build info")
	}
	for _, dep := range info.Deps {
		if dep.Path == sdkModule && dep.Version != sdk {
			t.Errorf("the test binary links %s %s, go.mod says %s", sdkModule, dep.Version, sdk)
		}
	}
	script, err := os.ReadFile("scripts/tools.sh")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^want=(\S+)$`).FindSubmatch(script); m == nil || string(m[1]) != requires(t, "tools/pulumi-cli/go.mod")["github.com/pulumi/pulumi/pkg/v3"] {
		t.Errorf("scripts/tools.sh wants CLI %q; tools/pulumi-cli builds pkg/v3 %s", m, requires(t, "tools/pulumi-cli/go.mod")["github.com/pulumi/pulumi/pkg/v3"])
	}
}
