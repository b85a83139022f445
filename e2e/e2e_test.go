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
	"encoding/json"
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

func TestMain(m *testing.M) {
	if os.Getenv("MODELFORT_E2E") != "1" {
		os.Stdout.WriteString("e2e: skipped; run through \"make test\" (MODELFORT_E2E=1) to drive the real engine\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
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

// statefulTypes are the resource types that hold data or keys: prod must
// protect every one of them.
var statefulTypes = []string{
	"aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:s3/bucketV2:BucketV2",
	"aws:backup/vault:Vault", "aws:cloudwatch/logGroup:LogGroup", "aws:cloudtrail/trail:Trail",
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

// TestEnvironmentStacks deploys each environment's stack offline.
func TestEnvironmentStacks(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		t.Run(env, func(t *testing.T) {
			checkedIn, err := os.ReadFile(filepath.Join(root, "Pulumi."+env+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			w := newWorkspace(t, root, env)
			up := w.must("up", "--yes")
			if !strings.Contains(up, "Loading policy packs...: done") || strings.Contains(up, "[mandatory]") || strings.Contains(up, "[advisory]") {
				t.Errorf("the policy pack did not run, or found violations:\n%s", up)
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
			budget, _ := outs["recoveryBudget"].(map[string]any)
			rpo, _ := budget["rpoMinutes"].(map[string]any)
			rto, _ := budget["rtoSeconds"].(map[string]any)
			if rpo["modelArtifacts"] != float64(15) || rpo["worst"].(float64) > rpo["target"].(float64) || rto["worst"].(float64) > rto["target"].(float64) {
				t.Errorf("recoveryBudget = %v", outs["recoveryBudget"])
			}

			out, err := w.pulumi("destroy", "--yes")
			remaining := w.export()
			if env == "prod" {
				if err == nil || !strings.Contains(out, "protected") {
					t.Fatalf("destroy of prod should refuse because of protected resources; err=%v\n%s", err, out)
				}
				if len(ofType(remaining, "aws:s3/bucketV2:BucketV2")) == 0 || len(ofType(remaining, "aws:kms/key:Key")) == 0 {
					t.Errorf("prod lost its buckets or keys to a refused destroy")
				}
			} else {
				if err != nil {
					t.Fatalf("destroy: %v\n%s", err, out)
				}
				if len(remaining) != 0 {
					t.Errorf("%d resources remain after destroy", len(remaining))
				}
			}

			after, err := os.ReadFile(filepath.Join(root, "Pulumi."+env+".yaml"))
			if err != nil || !bytes.Equal(after, checkedIn) {
				t.Errorf("the offline run changed the checked-in Pulumi.%s.yaml", env)
			}
		})
	}
}

// TestRefreshFindsNoDrift reads every resource back through the stand-in.
func TestRefreshFindsNoDrift(t *testing.T) {
	w := newWorkspace(t, root, "dev")
	w.must("up", "--yes", "--skip-preview")
	w.must("refresh", "--yes", "--skip-preview")
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

// TestRealCloudNeverLoadsStandIns runs CLOUD=real with a fake pulumi on
// PATH and checks that it gets the user's environment, not the offline one.
func TestRealCloudNeverLoadsStandIns(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, "record")
	fake := "#!/bin/sh\n" +
		"if [ \"$1\" = version ]; then echo v3.259.0; exit 0; fi\n" +
		"echo \"args=$* home=${PULUMI_HOME:-unset} backend=${PULUMI_BACKEND_URL:-unset} pwd=$(pwd)\" >>" + record + "\n"
	if err := os.WriteFile(filepath.Join(dir, "pulumi"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "stack.sh"), "prod", "preview")
	cmd.Env = []string{"CLOUD=real", "PATH=" + dir + ":" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("stack.sh: %v\n%s", err, out)
	}
	got, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	want := "args=stack select --create prod home=unset backend=unset pwd=" + root + "\n" +
		"args=preview --stack prod home=unset backend=unset pwd=" + root + "\n"
	if string(got) != want {
		t.Errorf("the real-cloud run called\n%s\nwant\n%s", got, want)
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
