// Package lambdabuild builds a Go Lambda function, reproducibly, for the
// provided.al2023 runtime on arm64, and packages it as the zip Lambda
// deploys.
//
// The same source and the same Go toolchain give the same zip, byte for
// byte: the binary is built with -trimpath, without VCS stamps or a build
// ID, and zipped with one entry, "bootstrap", at a fixed mode and time. So
// the zip's hash (Artifact.SHA256, Lambda's sourceCodeHash) changes only
// when the function does, and a stack update does not redeploy an
// unchanged function.
//
// Zips are kept under a content-addressed cache directory
// (os.UserCacheDir()/modelfort/lambda, or $MODELFORT_LAMBDA_CACHE), written
// through a temporary file and a rename, so that several processes may
// build at once. Within one process each package is built once.
package lambdabuild

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// GuardedInvokePackage is the import path of the guarded invoke function's
// main package.
const GuardedInvokePackage = "github.com/modelfort/modelfort/handlers/guardedinvoke/bootstrap"

// CacheEnv names the environment variable that overrides the cache
// directory.
const CacheEnv = "MODELFORT_LAMBDA_CACHE"

// Artifact is a built function, ready for Lambda.
type Artifact struct {
	// Path is the zip file, named after its content's SHA-256.
	Path string
	// SHA256 is the base64 of the zip's SHA-256, as Lambda's
	// sourceCodeHash expects it.
	SHA256 string
}

// zipTime is the modification time of the zip's entry: the earliest an
// MS-DOS timestamp can say, so that it says nothing about the build.
var zipTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// memo remembers each package's artifact for the life of the process,
// keyed by package and cache directory.
var memo sync.Map // string -> *memoEntry

type memoEntry struct {
	mu  sync.Mutex
	art *Artifact
}

// GuardedInvoke builds the guarded invoke function (GuardedInvokePackage).
func GuardedInvoke(ctx context.Context) (Artifact, error) {
	return Build(ctx, GuardedInvokePackage)
}

// Build builds the main package pkg (an import path, resolved from the
// current directory's module) for linux/arm64 and returns its zip. Each
// package is built once per process; a failure is not remembered, so a
// later call tries again.
func Build(ctx context.Context, pkg string) (Artifact, error) {
	dir, err := CacheDir()
	if err != nil {
		return Artifact{}, fmt.Errorf("building Lambda function %s: %w", pkg, err)
	}
	v, _ := memo.LoadOrStore(pkg+"\x00"+dir, &memoEntry{})
	e := v.(*memoEntry)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.art != nil {
		// Someone may have emptied the cache since; build again if so.
		if _, err := os.Stat(e.art.Path); err == nil {
			return *e.art, nil
		}
	}
	art, err := build(ctx, pkg, dir)
	if err != nil {
		return Artifact{}, err
	}
	e.art = &art
	return art, nil
}

// CacheDir is where zips are kept: $MODELFORT_LAMBDA_CACHE if set, else
// modelfort/lambda under the user's cache directory.
func CacheDir() (string, error) {
	if d := os.Getenv(CacheEnv); d != "" {
		return filepath.Abs(d)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("there is no user cache directory for the zips (set %s): %w", CacheEnv, err)
	}
	return filepath.Join(d, "modelfort", "lambda"), nil
}

// build compiles pkg and stores its zip under cacheDir, without the memo.
func build(ctx context.Context, pkg, cacheDir string) (Artifact, error) {
	if pkg == "" {
		return Artifact{}, errors.New("building a Lambda function needs a package import path, but it is empty")
	}
	tmp, err := os.MkdirTemp("", "modelfort-lambdabuild-")
	if err != nil {
		return Artifact{}, fmt.Errorf("building Lambda function %s: %w", pkg, err)
	}
	defer os.RemoveAll(tmp)

	bin := filepath.Join(tmp, "bootstrap")
	if err := compile(ctx, pkg, bin); err != nil {
		return Artifact{}, err
	}
	if err := checkExecutable(bin); err != nil {
		return Artifact{}, fmt.Errorf("building Lambda function %s gave no arm64 Linux executable (is it a main package?): %w", pkg, err)
	}
	zipped, err := zipBootstrap(bin)
	if err != nil {
		return Artifact{}, fmt.Errorf("zipping Lambda function %s: %w", pkg, err)
	}
	sum := sha256.Sum256(zipped)
	path, err := store(cacheDir, hex.EncodeToString(sum[:])+".zip", zipped)
	if err != nil {
		return Artifact{}, fmt.Errorf("storing Lambda function %s: %w", pkg, err)
	}
	return Artifact{Path: path, SHA256: base64.StdEncoding.EncodeToString(sum[:])}, nil
}

// goCommand is the go command of the toolchain running this program if it
// has one, else the one on PATH.
func goCommand() string {
	if root := runtime.GOROOT(); root != "" {
		exe := filepath.Join(root, "bin", "go")
		if runtime.GOOS == "windows" {
			exe += ".exe"
		}
		if fi, err := os.Stat(exe); err == nil && !fi.IsDir() {
			return exe
		}
	}
	return "go"
}

// compile runs go build for linux/arm64 without cgo, with every input to
// the binary that could vary between machines or runs pinned or removed.
func compile(ctx context.Context, pkg, out string) error {
	cmd := exec.CommandContext(ctx, goCommand(), "build",
		"-trimpath",
		"-buildvcs=false",
		"-tags", "lambda.norpc",
		"-ldflags", "-s -w -buildid=",
		"-o", out,
		pkg,
	)
	cmd.Env = append(os.Environ(),
		"GOOS=linux",
		"GOARCH=arm64",
		"GOARM64=v8.0",
		"CGO_ENABLED=0",
	)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if ctx.Err() != nil {
			return fmt.Errorf("building Lambda function %s was cut short: %w", pkg, ctx.Err())
		}
		if msg == "" {
			return fmt.Errorf("building Lambda function %s failed: %w", pkg, err)
		}
		return fmt.Errorf("building Lambda function %s failed (%w); go build said:\n%s", pkg, err, msg)
	}
	return nil
}

// checkExecutable makes sure go build wrote an arm64 Linux executable:
// given a package that is not main, it writes an archive instead.
func checkExecutable(bin string) error {
	f, err := elf.Open(bin)
	if err != nil {
		return err
	}
	defer f.Close()
	if f.Type != elf.ET_EXEC || f.Machine != elf.EM_AARCH64 {
		return fmt.Errorf("the output is an ELF %v for %v, not an executable for %v", f.Type, f.Machine, elf.EM_AARCH64)
	}
	return nil
}

// zipBootstrap zips the binary as the single entry "bootstrap", mode 0755,
// at zipTime, deflated: the same binary always gives the same bytes.
func zipBootstrap(bin string) ([]byte, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	hdr := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate, Modified: zipTime}
	hdr.SetMode(0o755)
	w, err := zw.CreateHeader(hdr)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// store writes data to dir/name through a temporary file and a rename, so
// that a reader never sees a partial zip and concurrent writers (of the
// same content, since the name is its hash) do not collide.
func store(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if existing, err := os.ReadFile(path); err == nil && bytes.Equal(existing, data) {
		return path, nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		// On systems where a rename does not replace, another process
		// may have stored the same content first.
		if existing, rerr := os.ReadFile(path); rerr == nil && bytes.Equal(existing, data) {
			return path, nil
		}
		return "", err
	}
	return path, nil
}
