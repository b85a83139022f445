package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/modelfort/modelfort/internal/offlinecloud"
)

func TestOfflineIsTheDefault(t *testing.T) {
	for cloud, want := range map[string]bool{"": true, "offline": true, "real": false} {
		if got := defaultOffline(func(string) string { return cloud }); got != want {
			t.Errorf("CLOUD=%q: offline %v", cloud, got)
		}
	}
}

func TestFlags(t *testing.T) {
	env := func(string) string { return "" }
	f, err := parse([]string{"-stack", "dev", "-file", "m.tar.gz"}, env, &bytes.Buffer{})
	if err != nil || !f.offline || !f.setConfig || f.workDir != "." || f.name != "" {
		t.Errorf("defaults: %+v, %v", f, err)
	}
	for _, args := range [][]string{{"-file", "m"}, {"-stack", "dev"}, {"-stack", "dev", "-file", "m", "extra"}} {
		if _, err := parse(args, env, &bytes.Buffer{}); err == nil {
			t.Errorf("%q was taken", args)
		}
	}
}

var outputs = map[string]any{
	"modelBucket": "models-a1b2c3d", "modelReplicaBucket": "models-replica-e4f5a6b",
	"primaryRegion": "us-east-1", "drRegion": "us-west-2",
	"dataKeyArn":        "arn:aws:kms:us-east-1:123456789012:key/mrk-0123",
	"dataKeyReplicaArn": "arn:aws:kms:us-west-2:123456789012:key/mrk-0123",
	"environment":       "dev",
	"modelPrefix":       "models/",
	"modelArtifact":     "r1/model.tar.gz",
}

func TestTargetFromOutputs(t *testing.T) {
	got, err := TargetFrom("dev", outputs)
	want := Target{Bucket: "models-a1b2c3d", ReplicaBucket: "models-replica-e4f5a6b", PrimaryRegion: "us-east-1", DRRegion: "us-west-2",
		DataKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-0123", ReplicaKeyArn: "arn:aws:kms:us-west-2:123456789012:key/mrk-0123",
		Prefix: "models/"}
	if err != nil || got != want {
		t.Errorf("TargetFrom: %+v, %v", got, err)
	}
	_, err = TargetFrom("dev", map[string]any{"primaryRegion": "us-east-1", "drRegion": "us-west-2", "dataKeyArn": "k"})
	if err == nil || !strings.Contains(err.Error(), "modelBucket, modelReplicaBucket") || !strings.Contains(err.Error(), "make up STACK=dev") {
		t.Errorf("outputs of a stack not deployed: %v", err)
	}
}

func TestOptionsFromTheTarget(t *testing.T) {
	tg, _ := TargetFrom("dev", outputs)
	o := Options(tg, nil, nil, flags{file: "m.tar.gz", timeout: 5, poll: 1, partSize: 6 << 20}, "r1/model.tar.gz", nil)
	if o.Bucket != "models-a1b2c3d" || o.ReplicaBucket != "models-replica-e4f5a6b" || o.Prefix != "models/" || o.Name != "r1/model.tar.gz" ||
		o.KMSKeyArn != "arn:aws:kms:us-east-1:123456789012:key/mrk-0123" || o.ReplicaTimeout != 5 || o.PollInterval != 1 || o.PartSize != 6<<20 {
		t.Errorf("Options: %+v", o)
	}
}

func TestArtifactName(t *testing.T) {
	if n := artifactName("", "", "/tmp/x/model.tar.gz"); n != "model.tar.gz" {
		t.Errorf("the file's base name: %s", n)
	}
	if n := artifactName("", "r1/model.tar.gz", "/tmp/x/model.tar.gz"); n != "r1/model.tar.gz" {
		t.Errorf("the stack's: %s", n)
	}
	if n := artifactName("mine.tar.gz", "r1/model.tar.gz", "/tmp/x/model.tar.gz"); n != "mine.tar.gz" {
		t.Errorf("the flag's: %s", n)
	}
}

func TestTheRealClientTakesTheRegion(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	c, err := Client(context.Background(), "eu-west-1", "")
	if err != nil || c.Options().Region != "eu-west-1" || c.Options().BaseEndpoint != nil {
		t.Errorf("Client: %v", err)
	}
	c, err = Client(context.Background(), "us-west-2", "http://127.0.0.1:1")
	if err != nil || c.Options().Region != "us-west-2" || !c.Options().UsePathStyle {
		t.Errorf("the offline client: %v", err)
	}
}

// fakeStack is a deployed stack: its outputs and configuration.
type fakeStack struct {
	outputs map[string]any
	config  map[string]string
	sets    []string
}

func (s *fakeStack) Outputs(context.Context) (map[string]any, error) { return s.outputs, nil }

func (s *fakeStack) SetConfig(_ context.Context, key, value string) error {
	s.config[key] = value
	s.sets = append(s.sets, key+"="+value)
	return nil
}

// offlineAccount is an account directory as `make up` leaves it: the
// model buckets and the replication between them.
func offlineAccount(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	a, err := offlinecloud.OpenAccount(dir)
	if err != nil {
		t.Fatal(err)
	}
	put := func(typ, region, id string, out map[string]any) {
		if err := a.Put(offlinecloud.Record{Type: typ, Region: region, ID: id, Outputs: resource.NewPropertyMapFromMap(out)}); err != nil {
			t.Fatal(err)
		}
	}
	put(offlinecloud.S3BucketType, "us-east-1", "models-a1b2c3d", map[string]any{"bucket": "models-a1b2c3d"})
	put(offlinecloud.S3BucketType, "us-west-2", "models-replica-e4f5a6b", map[string]any{"bucket": "models-replica-e4f5a6b"})
	put("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "us-east-1", "models-a1b2c3d", map[string]any{
		"bucket": "models-a1b2c3d",
		"rules": []any{map[string]any{
			"id": "replicate-everything-to-us-west-2", "status": "Enabled", "filter": map[string]any{"prefix": ""},
			"sourceSelectionCriteria": map[string]any{"sseKmsEncryptedObjects": map[string]any{"status": "Enabled"}},
			"destination": map[string]any{"bucket": "arn:aws:s3:::models-replica-e4f5a6b",
				"encryptionConfiguration": map[string]any{"replicaKmsKeyId": "arn:aws:kms:us-west-2:123456789012:key/mrk-0123"}},
		}},
	})
	return dir
}

func TestPublishOfflineSetsTheDigest(t *testing.T) {
	dir := offlineAccount(t)
	env := func(k string) string {
		if k == offlinecloud.AccountDirEnv {
			return dir
		}
		return ""
	}
	file := filepath.Join(t.TempDir(), "model.tar.gz")
	if err := os.WriteFile(file, []byte("a distilled model"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("a distilled model"))
	digest := hex.EncodeToString(sum[:])
	st := &fakeStack{outputs: outputs, config: map[string]string{}}
	d := deps{
		stack:   func(context.Context, string, string) (Stack, error) { return st, nil },
		account: func() (*offlinecloud.Account, error) { return offlinecloud.OpenAccount(dir) },
	}
	var out bytes.Buffer
	if err := run(context.Background(), &out, []string{"-stack", "dev", "-file", file, "-poll", "1ms"}, env, d); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if _, set := st.config[KeyArtifact]; st.config[KeyDigest] != digest || set {
		t.Errorf("the stack's configuration: %v", st.config)
	}
	for _, want := range []string{"uploaded s3://models-a1b2c3d/models/sha256/" + digest + "/r1/model.tar.gz", "replica s3://models-replica-e4f5a6b/", "next: make up STACK=dev"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	// The objects are in the account's directory, where the stand-in
	// plugins (SAGEMAKER-MODEL-DATA) find them.
	a, _ := offlinecloud.OpenAccount(dir)
	for _, o := range []struct{ region, id string }{
		{"us-east-1", "models-a1b2c3d/models/sha256/" + digest + "/r1/model.tar.gz"},
		{"us-west-2", "models-replica-e4f5a6b/models/sha256/" + digest + "/r1/model.tar.gz"},
	} {
		if _, ok, err := a.Get(offlinecloud.S3ObjectType, o.region, o.id); !ok || err != nil {
			t.Errorf("the account lacks %s in %s (%v)", o.id, o.region, err)
		}
	}

	// Again, with the configuration written and -set-config=false: found
	// in place, nothing set, the commands to run shown.
	st.sets = nil
	out.Reset()
	if err := run(context.Background(), &out, []string{"-stack", "dev", "-file", file, "-poll", "1ms", "-set-config=false"}, env, d); err != nil {
		t.Fatal(err)
	}
	if len(st.sets) != 0 || !strings.Contains(out.String(), "found in place") ||
		!strings.Contains(out.String(), "pulumi config set "+KeyDigest+" "+digest+" --stack dev") || strings.Contains(out.String(), KeyArtifact) {
		t.Errorf("sets %v; output:\n%s", st.sets, out.String())
	}
}

func TestPublishOfflineNeedsTheOfflineAccount(t *testing.T) {
	file := filepath.Join(t.TempDir(), "model.tar.gz")
	if err := os.WriteFile(file, []byte("m"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), &bytes.Buffer{}, []string{"-stack", "dev", "-file", file}, func(string) string { return "" }, deps{})
	if err == nil || !strings.Contains(err.Error(), "make publish") {
		t.Errorf("run: %v", err)
	}
}

// The stack through the Automation API and the Pulumi CLI, against a
// file backend.
func TestTheAutomationStack(t *testing.T) {
	bin, err := exec.LookPath("pulumi")
	if err != nil {
		t.Skip("no pulumi on PATH (make tools builds .bin/pulumi)")
	}
	tmp := t.TempDir()
	t.Setenv("PULUMI_HOME", filepath.Join(tmp, "home"))
	t.Setenv("PULUMI_BACKEND_URL", "file://"+filepath.Join(tmp, "backend"))
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "offline")
	t.Setenv("PULUMI_SKIP_UPDATE_CHECK", "true")
	t.Setenv("PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK", "true")
	t.Setenv("PULUMI_ACCESS_TOKEN", "")
	proj := filepath.Join(tmp, "project")
	if err := os.MkdirAll(filepath.Join(tmp, "backend"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, "Pulumi.yaml"), []byte("name: modelfort\nruntime: go\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, _ := openStack(ctx, "dev", proj)
	if _, err := st.Outputs(ctx); err == nil {
		t.Error("the outputs of a stack that does not exist")
	}
	init := exec.Command(bin, "stack", "init", "dev", "--non-interactive")
	init.Dir = proj
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("pulumi stack init: %v\n%s", err, out)
	}
	if err := st.SetConfig(ctx, KeyDigest, strings.Repeat("0f", 32)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(proj, "Pulumi.dev.yaml"))
	if err != nil || !strings.Contains(string(b), "  "+KeyDigest+": "+strings.Repeat("0f", 32)) {
		t.Errorf("Pulumi.dev.yaml after SetConfig: %v\n%s", err, b)
	}
	if out, err := st.Outputs(ctx); err != nil || len(out) != 0 {
		t.Errorf("the outputs of a stack never deployed: %v %v", out, err)
	}
}
