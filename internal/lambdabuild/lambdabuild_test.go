package lambdabuild

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Building the real function cross-compiles the AWS SDK for arm64, which
// takes a while the first time (the build cache serves later runs).
func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a Lambda function; skipped with -short")
	}
}

func TestBuildIsReproducible(t *testing.T) {
	skipIfShort(t)
	ctx := context.Background()
	a, err := build(ctx, GuardedInvokePackage, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := build(ctx, GuardedInvokePackage, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if a.Path == b.Path {
		t.Fatalf("both builds were stored at %s; the test meant two cache directories", a.Path)
	}
	za, zb := read(t, a.Path), read(t, b.Path)
	if !bytes.Equal(za, zb) {
		t.Fatalf("two builds gave different zips (%d and %d bytes)", len(za), len(zb))
	}
	if a.SHA256 != b.SHA256 {
		t.Errorf("two builds gave hashes %s and %s", a.SHA256, b.SHA256)
	}
	sum := sha256.Sum256(za)
	if want := base64.StdEncoding.EncodeToString(sum[:]); a.SHA256 != want {
		t.Errorf("SHA256 = %s, want the zip's %s", a.SHA256, want)
	}
	if want := hex.EncodeToString(sum[:]) + ".zip"; filepath.Base(a.Path) != want {
		t.Errorf("the zip is named %s, want %s", filepath.Base(a.Path), want)
	}
	checkZip(t, za)
}

// checkZip asserts that the zip holds exactly bootstrap, mode 0755, at the
// fixed time, and that bootstrap is an arm64 Linux executable.
func checkZip(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the artifact is not a zip: %v", err)
	}
	if len(zr.File) != 1 {
		t.Fatalf("the zip holds %d entries, want 1", len(zr.File))
	}
	f := zr.File[0]
	if f.Name != "bootstrap" {
		t.Errorf("the entry is %q, want bootstrap", f.Name)
	}
	if f.Mode() != 0o755 {
		t.Errorf("the entry's mode is %v, want 0755", f.Mode())
	}
	if f.Method != zip.Deflate {
		t.Errorf("the entry's method is %d, want Deflate", f.Method)
	}
	if !f.Modified.Equal(zipTime) {
		t.Errorf("the entry's time is %v, want %v", f.Modified, zipTime)
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	ef, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("bootstrap is not an ELF file: %v", err)
	}
	if ef.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is for %v, want EM_AARCH64", ef.Machine)
	}
	if ef.Type != elf.ET_EXEC {
		t.Errorf("bootstrap is of type %v, want ET_EXEC", ef.Type)
	}
	// -trimpath: no path of this machine's module cache or checkout.
	if wd, _ := os.Getwd(); strings.Contains(string(bin), wd) {
		t.Errorf("bootstrap holds the build directory %s; -trimpath did not apply", wd)
	}
}

func TestBuildMemoAndCacheEnv(t *testing.T) {
	skipIfShort(t)
	dir := t.TempDir()
	t.Setenv(CacheEnv, dir)
	ctx := context.Background()
	a, err := GuardedInvoke(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(a.Path) != dir {
		t.Errorf("the zip is at %s, want it under %s", a.Path, dir)
	}
	start := time.Now()
	b, err := GuardedInvoke(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("a second build gave %+v, want the memoized %+v", b, a)
	}
	// Nothing but the zip is left in the cache directory.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the cache directory holds %v, want the zip alone", names)
	}
	t.Logf("memoized build took %v", time.Since(start))

	// A zip removed from the cache is built again.
	if err := os.Remove(a.Path); err != nil {
		t.Fatal(err)
	}
	c, err := GuardedInvoke(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c != a {
		t.Errorf("a rebuild gave %+v, want %+v", c, a)
	}
	if _, err := os.Stat(c.Path); err != nil {
		t.Errorf("the rebuilt zip is missing: %v", err)
	}
}

func TestBuildBadPackage(t *testing.T) {
	const pkg = "github.com/modelfort/modelfort/handlers/no/such/package"
	_, err := build(context.Background(), pkg, t.TempDir())
	if err == nil {
		t.Fatal("building a package that does not exist succeeded")
	}
	if !strings.Contains(err.Error(), pkg) {
		t.Errorf("the error does not name the package: %v", err)
	}
	if !strings.Contains(err.Error(), "go build said") {
		t.Errorf("the error does not carry go's output: %v", err)
	}
}

func TestBuildLibraryPackage(t *testing.T) {
	// A package that is not main compiles, but gives no executable.
	const pkg = "github.com/modelfort/modelfort/internal/lambdabuild"
	_, err := build(context.Background(), pkg, t.TempDir())
	if err == nil {
		t.Fatal("building a library package succeeded")
	}
	if !strings.Contains(err.Error(), pkg) || !strings.Contains(err.Error(), "main package") {
		t.Errorf("the error does not name the package and say why: %v", err)
	}
}

func TestStoreIsAtomicAndIdempotent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "cache")
	data := []byte("zip bytes")
	p1, err := store(dir, "x.zip", data)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := store(dir, "x.zip", data)
	if err != nil || p1 != p2 {
		t.Fatalf("storing again: %s, %v; want %s", p2, err, p1)
	}
	if got := read(t, p1); !bytes.Equal(got, data) {
		t.Errorf("stored %q, want %q", got, data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want 1 (no temporary left)", len(entries))
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
