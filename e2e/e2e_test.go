// Package e2e runs the project's stacks through the real Pulumi engine
// against the offline cloud (scripts/stack.sh with CLOUD=offline): up, a
// second preview that must change nothing, an export whose resources are
// checked, and destroy, which prod's protected resources must refuse.
//
// The tests need the Pulumi CLI and the Go language host in .bin/, which
// "make test" provides; they are skipped unless MODELFORT_E2E=1.
package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// root is the repository's top directory.
var root = func() string {
	abs, err := filepath.Abs("..")
	if err != nil {
		panic(err)
	}
	return abs
}()

// shared is the offline backend, and with it the offline account, that the
// environment stacks and the Tencent Cloud stacks deploy into together, as
// a team's stacks share one account.
var shared string

// bin holds the publish and drill commands.
var bin string

func TestMain(m *testing.M) {
	if os.Getenv("MODELFORT_E2E") != "1" {
		os.Stdout.WriteString("e2e: skipped; run through \"make test\" (MODELFORT_E2E=1) to drive the real engine\n")
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "modelfort-e2e-")
	if err != nil {
		panic(err)
	}
	shared = dir
	// The commands that act on a deployed stack through the Automation
	// API, run through scripts/stack.sh --exec as make publish and make
	// drill run them.
	bin = filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./stacks/cmd/publish", "./stacks/cmd/drill")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		panic(fmt.Sprintf("building the commands: %v\n%s", err, out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// accountObjectsIn returns the URNs of the objects the offline account of
// a state directory holds, by stack.
func accountObjectsIn(t *testing.T, state string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(filepath.Join(state, "account", "objects"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var o struct {
			URN string `json:"urn"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		stack := strings.SplitN(strings.TrimPrefix(o.URN, "urn:pulumi:"), "::", 2)[0]
		out[stack] = append(out[stack], o.URN)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// workspace is one offline backend and work directory for a project.
type workspace struct {
	t       *testing.T
	state   string
	project string
	stack   string
}

func newWorkspace(t *testing.T, project, stack string) *workspace {
	return &workspace{t: t, state: t.TempDir(), project: project, stack: stack}
}

// pulumi runs a Pulumi command through scripts/stack.sh and returns its
// combined output and error.
func (w *workspace) pulumi(args ...string) (string, error) {
	w.t.Helper()
	cmd := exec.Command(filepath.Join(root, "scripts", "stack.sh"), append([]string{w.stack}, args...)...)
	cmd.Env = append(os.Environ(),
		"CLOUD=offline",
		"MODELFORT_STATE_DIR="+w.state,
		"MODELFORT_PROJECT_DIR="+w.project,
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// drillsOf are the drills each environment's test runs (dry runs offline).
var drillsOf = map[string][]string{
	"dev": {"region-outage"}, "staging": {"endpoint-failure"}, "prod": {"restore", "artifact-corruption"},
}

// artifact is the model artifact the tests publish.
var artifact = []byte("a distilled DeepSeek-R1, for the offline cloud")

// publish publishes data as the stack's model artifact, as make publish
// does, and returns its digest.
func (w *workspace) publish(data []byte) string {
	w.t.Helper()
	file := filepath.Join(w.t.TempDir(), "model.tar.gz")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		w.t.Fatal(err)
	}
	out := w.must("--exec", filepath.Join(bin, "publish"), "-stack", w.stack, "-file", file, "-poll", "10ms")
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	if !strings.Contains(out, "set modelfort:modelDigest="+digest) || !strings.Contains(out, "has arrived") {
		w.t.Errorf("publish did not verify the replica and set the digest:\n%s", out)
	}
	return digest
}

// must runs a Pulumi command that has to succeed.
func (w *workspace) must(args ...string) string {
	w.t.Helper()
	out, err := w.pulumi(args...)
	if err != nil {
		w.t.Fatalf("pulumi %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// stateResource is one resource of "pulumi stack export".
type stateResource struct {
	URN      string         `json:"urn"`
	Type     string         `json:"type"`
	ID       string         `json:"id"`
	Custom   bool           `json:"custom"`
	Protect  bool           `json:"protect"`
	Provider string         `json:"provider"`
	Parent   string         `json:"parent"`
	Inputs   map[string]any `json:"inputs"`
	Outputs  map[string]any `json:"outputs"`
}

func (w *workspace) export() []stateResource {
	w.t.Helper()
	out := w.must("stack", "export")
	var doc struct {
		Deployment struct {
			Resources []stateResource `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &doc); err != nil {
		w.t.Fatalf("stack export is not JSON: %v\n%s", err, out)
	}
	return doc.Deployment.Resources
}

func (w *workspace) outputs() map[string]any {
	w.t.Helper()
	out := w.must("stack", "output", "--json")
	var m map[string]any
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &m); err != nil {
		w.t.Fatalf("stack output is not JSON: %v\n%s", err, out)
	}
	return m
}

// destroy runs "pulumi destroy". A prod stack's must be refused for its
// protected resources and keep those of the kept types; any other must
// leave nothing in the state or in the account.
func (w *workspace) destroy(prod bool, kept ...string) {
	w.t.Helper()
	out, err := w.pulumi("destroy", "--yes")
	remaining := w.export()
	if prod {
		if err == nil || !strings.Contains(out, "protected") {
			w.t.Fatalf("destroy of prod should refuse because of protected resources; err=%v\n%s", err, out)
		}
		for _, typ := range kept {
			if len(ofType(remaining, typ)) == 0 {
				w.t.Errorf("prod lost its %s resources to a refused destroy", typ)
			}
		}
		return
	}
	if err != nil {
		w.t.Fatalf("destroy: %v\n%s", err, out)
	}
	if len(remaining) != 0 {
		w.t.Errorf("%d resources remain after destroy", len(remaining))
	}
	if left := accountObjectsIn(w.t, w.state)[w.stack]; len(left) != 0 {
		w.t.Errorf("the account still holds %d objects of %s: %v", len(left), w.stack, left)
	}
}

// statefulTypes are the resource types that hold data or keys: prod must
// protect every one of them.
var statefulTypes = []string{
	"aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:s3/bucketV2:BucketV2",
	"aws:backup/vault:Vault", "aws:cloudwatch/logGroup:LogGroup", "aws:cloudtrail/trail:Trail",
	"aws:rds/instance:Instance",
}

func ofType(rs []stateResource, typ string) []stateResource {
	var out []stateResource
	for _, r := range rs {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// TestEnvironmentStacks deploys dev and staging, then prod, into one
// offline account: each up succeeds, a second changes nothing; a copy of
// staging under another stack name is refused with AWS's message (the
// names AWS keeps unique in an account); destroying dev and staging leaves
// the account without their objects, and prod's destroy is refused.
func TestEnvironmentStacks(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		t.Run(env, func(t *testing.T) {
			checkedIn, err := os.ReadFile(filepath.Join(root, "Pulumi."+env+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			w := &workspace{t: t, state: shared, project: root, stack: env}
			// An empty account: the first up builds what lives long and
			// serves nothing, since nothing is published yet.
			up := w.must("up", "--yes")
			if !strings.Contains(up, "Loading policy packs...: done") || strings.Contains(up, "[mandatory]") || strings.Contains(up, "[advisory]") {
				t.Errorf("the policy pack did not run, or found violations:\n%s", up)
			}
			if outs := w.outputs(); outs["serving"] != false || !strings.Contains(fmt.Sprint(outs["nextStep"]), "make publish STACK="+env) {
				t.Errorf("before publishing: serving %v, nextStep %v", outs["serving"], outs["nextStep"])
			}
			if n := len(ofType(w.export(), "aws:sagemaker/model:Model")); n != 0 {
				t.Errorf("%d models before anything is published", n)
			}
			// Publish: into the offline account's S3, through the real
			// SDK; the replica verified; the digest set.
			digest := w.publish(artifact)
			// Serving in both regions, from the published artifact.
			up = w.must("up", "--yes")
			if strings.Contains(up, "[mandatory]") || strings.Contains(up, "[advisory]") {
				t.Errorf("the policy pack found violations:\n%s", up)
			}
			w.must("preview", "--expect-no-changes")

			rs := w.export()
			// The primary and the DR site's, and in prod (Shield on) the
			// us-east-1 one of CloudFront and Shield's Route 53 metrics.
			if n, want := len(ofType(rs, "pulumi:providers:aws")), map[bool]int{true: 3, false: 2}[env == "prod"]; n != want {
				t.Errorf("%d aws providers; want %d", n, want)
			}
			for _, r := range rs {
				if r.Custom && r.ID == "" {
					t.Errorf("%s has no ID", r.URN)
				}
			}
			stateful := 0
			for _, typ := range statefulTypes {
				for _, r := range ofType(rs, typ) {
					stateful++
					if r.Protect != (env == "prod") {
						t.Errorf("%s: protect is %v in %s", r.URN, r.Protect, env)
					}
				}
			}
			if stateful < 10 {
				t.Errorf("only %d stateful resources", stateful)
			}
			for _, k := range ofType(rs, "aws:kms/key:Key") {
				if k.Outputs["enableKeyRotation"] != true {
					t.Errorf("%s: key rotation is not on", k.URN)
				}
			}

			outs := w.outputs()
			for name, prefix := range map[string]string{
				"dataKeyArn":            "arn:aws:kms:us-east-1:123456789012:key/mrk-",
				"dataKeyReplicaArn":     "arn:aws:kms:us-west-2:123456789012:key/mrk-",
				"modelBucketArn":        "arn:aws:s3:::models-",
				"modelReplicaBucketArn": "arn:aws:s3:::models-replica-",
				"auditTrailArn":         "arn:aws:cloudtrail:us-east-1:123456789012:trail/modelfort-" + env,
				"backupCopyVaultArn":    "arn:aws:backup:us-west-2:123456789012:backup-vault:",
			} {
				if v, _ := outs[name].(string); !strings.HasPrefix(v, prefix) {
					t.Errorf("output %s is %q; want it to start with %q", name, v, prefix)
				}
			}
			key := "models/sha256/" + digest + "/deepseek-r1-distill-qwen-1.5b/model.tar.gz"
			if outs["serving"] != true || outs["modelDigest"] != digest || outs["modelArtifactKey"] != key {
				t.Errorf("after publishing: serving %v, digest %v, key %v", outs["serving"], outs["modelDigest"], outs["modelArtifactKey"])
			}
			models := ofType(rs, "aws:sagemaker/model:Model")
			for _, m := range models {
				c, _ := m.Inputs["primaryContainer"].(map[string]any)
				url, _ := c["modelDataUrl"].(string)
				if !strings.HasSuffix(url, "/"+key) || !strings.Contains(url, "://"+fmt.Sprint(outs["modelBucket"])+"/") && !strings.Contains(url, "://"+fmt.Sprint(outs["modelReplicaBucket"])+"/") {
					t.Errorf("%s reads %s", m.URN, url)
				}
			}
			if len(models) != 2 {
				t.Errorf("%d models; want one per region", len(models))
			}
			// The drills, offline a dry run, find every output they read in
			// the deployed stack (through the Automation API).
			for _, scenario := range drillsOf[env] {
				out := w.must("--exec", filepath.Join(bin, "drill"), "-stack", env, "-scenario", scenario, "-report", t.TempDir())
				if !strings.Contains(out, "# Drill (dry run): "+scenario+" on "+env) || !strings.Contains(out, "The stack has every output this drill reads") {
					t.Errorf("drill %s:\n%s", scenario, out)
				}
			}
			budget, _ := outs["recoveryBudget"].(map[string]any)
			rpo, _ := budget["rpoMinutes"].(map[string]any)
			rto, _ := budget["rtoSeconds"].(map[string]any)
			if rpo["modelArtifacts"] != float64(15) || rpo["metadataStore"] != float64(30) || rpo["worst"].(float64) > rpo["target"].(float64) || rto["worst"].(float64) > rto["target"].(float64) {
				t.Errorf("recoveryBudget = %v", outs["recoveryBudget"])
			}

			after, err := os.ReadFile(filepath.Join(root, "Pulumi."+env+".yaml"))
			if err != nil || !bytes.Equal(after, checkedIn) {
				t.Errorf("the offline run changed the checked-in Pulumi.%s.yaml", env)
			}
		})
	}

	t.Run("a copy of staging", func(t *testing.T) {
		// The same program and config under another stack name: its
		// explicit names (the trail's, modelfort-staging) are staging's.
		dir := t.TempDir()
		pulumiYaml, err := os.ReadFile(filepath.Join(root, "Pulumi.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		config, err := os.ReadFile(filepath.Join(root, "Pulumi.staging.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), append(pulumiYaml, []byte("main: "+root+"\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "Pulumi.staging-copy.yaml"), config, 0o644); err != nil {
			t.Fatal(err)
		}
		w := &workspace{t: t, state: shared, project: dir, stack: "staging-copy"}
		out, err := w.pulumi("up", "--yes", "--skip-preview")
		if err == nil || !strings.Contains(out, "TrailAlreadyExistsException: Trail modelfort-staging already exists for customer: 123456789012") ||
			!strings.Contains(out, "offline cloud rule CLOUDTRAIL-TRAIL-TAKEN") {
			t.Errorf("a copy of staging in the same account: err=%v\n%s", err, out)
		}
		w.must("destroy", "--yes")
		if left := accountObjectsIn(t, shared)["staging-copy"]; len(left) != 0 {
			t.Errorf("the copy's destroy left %d objects in the account: %v", len(left), left)
		}
	})

	for _, env := range []string{"dev", "staging", "prod"} {
		w := &workspace{t: t, state: shared, project: root, stack: env}
		w.destroy(env == "prod", "aws:s3/bucketV2:BucketV2", "aws:kms/key:Key")
	}
	objects := accountObjectsIn(t, shared)
	if len(objects["dev"]) != 0 || len(objects["staging"]) != 0 || len(objects["prod"]) == 0 {
		t.Errorf("after destroying dev and staging the account holds %d, %d and %d objects of dev, staging and prod; want 0, 0 and prod's",
			len(objects["dev"]), len(objects["staging"]), len(objects["prod"]))
	}
}

// TestRefreshFindsDriftOnlyWhereThereIs reads every resource back through
// the stand-in: none has drifted after an up; then a change made in the
// offline account out of band (a console user shortening a log group's
// retention) is drift that refresh records and the next up reverts.
func TestRefreshFindsDriftOnlyWhereThereIs(t *testing.T) {
	w := newWorkspace(t, root, "dev")
	w.must("up", "--yes", "--skip-preview")
	if out := w.must("refresh", "--yes", "--skip-preview"); strings.Contains(out, "updated") {
		t.Errorf("refresh right after up found drift:\n%s", out)
	}
	w.must("preview", "--expect-no-changes")

	var file string
	var object map[string]any
	dir := filepath.Join(w.state, "account", "objects", "aws:cloudwatch%2FlogGroup:LogGroup")
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || file != "" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		file = p
		return json.Unmarshal(b, &object)
	})
	if err != nil || file == "" {
		t.Fatalf("no log group in the offline account under %s: %v", dir, err)
	}
	object["outputs"].(map[string]any)["retentionInDays"] = 1
	b, err := json.Marshal(object)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := w.must("refresh", "--yes", "--skip-preview"); !strings.Contains(out, "1 updated") {
		t.Errorf("refresh did not record the changed retention as drift:\n%s", out)
	}
	if out, err := w.pulumi("preview", "--expect-no-changes"); err == nil {
		t.Errorf("after the drift, the program's retention is a change to make:\n%s", out)
	}
	w.must("up", "--yes", "--skip-preview")
	w.must("preview", "--expect-no-changes")
}

// TestTencentCloudStandIn runs a tencentcloud SDK program offline.
func TestTencentCloudStandIn(t *testing.T) {
	w := newWorkspace(t, filepath.Join(root, "e2e", "tencentcloud"), "offline")
	w.must("up", "--yes")
	w.must("preview", "--expect-no-changes")
	outs := w.outputs()
	if got, want := outs["bucketUrl"], "modelfort-e2e-1250000000.cos.ap-singapore.myqcloud.com"; got != want {
		t.Errorf("bucketUrl is %v; want %v", got, want)
	}
	if id, _ := outs["keyId"].(string); len(id) != 36 {
		t.Errorf("keyId is %q; want a UUID", id)
	}
	w.must("destroy", "--yes")
}

// realRun runs scripts/stack.sh with CLOUD=real and a fake pulumi on PATH
// that records each call and exits with exit for "stack select"; it
// returns the calls, stack.sh's output and its error.
func realRun(t *testing.T, selectExit int, args ...string) (calls, out string, err error) {
	t.Helper()
	dir := t.TempDir()
	record := filepath.Join(dir, "record")
	fake := "#!/bin/sh\n" +
		"if [ \"$1\" = version ]; then echo v3.259.0; exit 0; fi\n" +
		"echo \"args=$* home=${PULUMI_HOME:-unset} backend=${PULUMI_BACKEND_URL:-unset} pwd=$(pwd)\" >>" + record + "\n" +
		fmt.Sprintf("if [ \"$1 $2\" = \"stack select\" ]; then exit %d; fi\n", selectExit)
	if err := os.WriteFile(filepath.Join(dir, "pulumi"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "stack.sh"), args...)
	cmd.Env = []string{"CLOUD=real", "PATH=" + dir + ":" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"GOCACHE=" + goEnv(t, "GOCACHE"), "GOMODCACHE=" + goEnv(t, "GOMODCACHE"), "GOFLAGS=" + os.Getenv("GOFLAGS")}
	b, err := cmd.CombinedOutput()
	got, _ := os.ReadFile(record)
	return string(got), string(b), err
}

func goEnv(t *testing.T, key string) string {
	t.Helper()
	b, err := exec.Command("go", "env", key).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestRealCloudAppliesThePolicyPack runs CLOUD=real with a fake pulumi:
// it gets the user's environment, not the offline one; it selects the
// stack without creating it; and the preview applies the same policy pack
// as offline runs.
func TestRealCloudAppliesThePolicyPack(t *testing.T) {
	calls, out, err := realRun(t, 0, "prod", "preview")
	if err != nil {
		t.Fatalf("stack.sh: %v\n%s", err, out)
	}
	pack := filepath.Join(root, ".pulumi", "policy-pack-real", "policy-pack")
	want := "args=stack select prod home=unset backend=unset pwd=" + root + "\n" +
		"args=preview --policy-pack " + pack + " --stack prod home=unset backend=unset pwd=" + root + "\n"
	if calls != want {
		t.Errorf("the real-cloud run called\n%s\nwant\n%s", calls, want)
	}
	if fi, err := os.Stat(pack); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("the policy pack was not built: %v", err)
	}
}

// TestRealCloudNeverCreatesAStack: a stack the backend lacks fails with
// what to do, and nothing else runs; creating one is its own command.
func TestRealCloudNeverCreatesAStack(t *testing.T) {
	calls, out, err := realRun(t, 255, "prod", "up", "--yes")
	if err == nil || !strings.Contains(out, "there is no stack prod in the backend you are logged in to") || !strings.Contains(out, "make init STACK=prod") {
		t.Errorf("a missing stack: %v\n%s", err, out)
	}
	// It names the backend in its message (pulumi whoami), and runs
	// nothing else.
	if calls != "args=stack select prod home=unset backend=unset pwd="+root+"\n"+"args=whoami --verbose home=unset backend=unset pwd="+root+"\n" {
		t.Errorf("after a failed select, stack.sh called\n%s", calls)
	}
	calls, out, err = realRun(t, 0, "prod", "init", "--secrets-provider", "awskms://alias/modelfort-state?region=us-east-1")
	if err != nil || calls != "args=stack init prod --secrets-provider awskms://alias/modelfort-state?region=us-east-1 home=unset backend=unset pwd="+root+"\n" {
		t.Errorf("init: %v\n%s\n%s", err, calls, out)
	}
}

// TestPolicyPackRefusesAWeakProdStack previews a deliberately weak program
// as a prod stack: the policy pack must print each broken rule and fail
// the preview.
func TestPolicyPackRefusesAWeakProdStack(t *testing.T) {
	w := newWorkspace(t, filepath.Join(root, "e2e", "weakstack"), "prod")
	out, err := w.pulumi("preview")
	if err == nil {
		t.Fatalf("the preview of a weak prod stack succeeded:\n%s", out)
	}
	for _, rule := range []string{
		"s3-customer-key", "s3-versioning", "s3-object-lock", "s3-public-access-block", "s3-tls-only",
		"s3-replication", "s3-access-logging", "sg-no-open-ingress", "prod-stateful-protected",
	} {
		if !strings.Contains(out, "[mandatory]  "+rule) {
			t.Errorf("the pack did not report %s as mandatory", rule)
		}
	}
}

// TestMisspelledConfigKeyFailsThePreview: a key of the modelfort namespace
// that no declaration names fails the program before it registers
// anything, through the real engine and language host, with the key it
// probably meant.
func TestMisspelledConfigKeyFailsThePreview(t *testing.T) {
	dir := t.TempDir()
	pulumiYaml, err := os.ReadFile(filepath.Join(root, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile(filepath.Join(root, "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), append(pulumiYaml, []byte("main: "+root+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	// The stack file ends in its config block: the misspelling joins it.
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), append(config, []byte("  modelfort:retentionDay: \"7\"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, dir, "dev")
	out, err := w.pulumi("preview")
	if err == nil || !strings.Contains(out, "modelfort:retentionDay is not a configuration key of modelfort; did you mean modelfort:retentionDays?") {
		t.Errorf("a misspelled key: %v\n%s", err, out)
	}
}
