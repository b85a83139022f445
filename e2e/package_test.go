package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestComponentPackageFromYAML runs the component package's Pulumi YAML
// example (examples/yaml-secure-storage) through the real engine, the YAML
// language host and the modelfort plugin, against the offline cloud:
// preview, up (the policy pack finds nothing), a preview that changes
// nothing, and destroy, which leaves nothing in the account. On the way
// it follows what the YAML program wrote to the resources that carry it:
// the key's ARN into the bucket's encryption, the region name into the
// replica's provider, the bucket into the backup selection, the incident
// topic into the vault's notifications.
func TestComponentPackageFromYAML(t *testing.T) {
	w := newWorkspace(t, filepath.Join(root, "examples", "yaml-secure-storage"), "offline")
	w.must("preview")
	up := w.must("up", "--yes", "--skip-preview")
	if !strings.Contains(up, "Loading policy packs...: done") || strings.Contains(up, "[mandatory]") || strings.Contains(up, "[advisory]") {
		t.Errorf("the policy pack did not run, or found violations:\n%s", up)
	}
	w.must("preview", "--expect-no-changes")

	rs := w.export()
	byURN := map[string]stateResource{}
	for _, r := range rs {
		byURN[r.URN] = r
	}
	// one returns the resource of type typ named resName within the
	// program's component of type component named name.
	one := func(typ, resName, component, name string) stateResource {
		t.Helper()
		for _, r := range ofType(rs, typ) {
			if !strings.HasSuffix(r.URN, "::"+resName) {
				continue
			}
			for p := byURN[r.Parent]; p.URN != ""; p = byURN[p.Parent] {
				if p.Type == component && strings.HasSuffix(p.URN, "::"+name) {
					return r
				}
			}
		}
		t.Fatalf("no %s %s in the %s %s", typ, resName, component, name)
		return stateResource{}
	}
	for _, typ := range []string{"modelfort:aws:Key", "modelfort:aws:WormBucket", "modelfort:aws:Guardrail", "modelfort:aws:Incidents", "modelfort:aws:BackupVault"} {
		if n := len(ofType(rs, typ)); n == 0 {
			t.Errorf("no %s component in the state", typ)
		}
	}
	if n := len(ofType(rs, "pulumi:providers:modelfort")); n != 1 {
		t.Errorf("%d modelfort providers; want the default one", n)
	}
	outs := w.outputs()
	if outs["account"] != "123456789012" {
		t.Errorf("account = %v; want the offline account, through the aws package's getCallerIdentity", outs["account"])
	}

	// The key: rotation on, its replica through the provider the package
	// made of "replicaRegion: us-west-2".
	key := one("aws:kms/key:Key", "key", "modelfort:aws:Key", "key")
	if key.Outputs["enableKeyRotation"] != true || key.Outputs["arn"] != outs["keyArn"] {
		t.Errorf("the key: rotation %v, arn %v; the stack's keyArn %v", key.Outputs["enableKeyRotation"], key.Outputs["arn"], outs["keyArn"])
	}
	replica := one("aws:kms/replicaKey:ReplicaKey", "key-replica", "modelfort:aws:Key", "key")
	// A provider reference is URN::ID.
	prov := byURN[replica.Provider[:strings.LastIndex(replica.Provider, "::")]]
	if prov.Inputs["region"] != "us-west-2" || !strings.HasPrefix(fmt.Sprint(replica.Outputs["arn"]), "arn:aws:kms:us-west-2:") {
		t.Errorf("the replica key's provider %s has region %v; its arn %v", replica.Provider, prov.Inputs["region"], replica.Outputs["arn"])
	}

	// The bucket: encrypted with the key the program passed (an output of
	// another component, on the wire), object lock on.
	sse := one("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "models", "modelfort:aws:WormBucket", "models")
	if b, _ := json.Marshal(sse.Inputs["rules"]); !strings.Contains(string(b), fmt.Sprint(outs["keyArn"])) || !strings.Contains(string(b), "aws:kms") {
		t.Errorf("the model bucket's encryption %s does not use the key %v", b, outs["keyArn"])
	}
	lock := one("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "models", "modelfort:aws:WormBucket", "models")
	if b, _ := json.Marshal(lock.Inputs["rule"]); !strings.Contains(string(b), "COMPLIANCE") {
		t.Errorf("the model bucket's object lock: %s", b)
	}

	// The backup selection selects the model bucket; the vault notifies
	// the incident topic; the copy vault is in us-west-2.
	bucketArn := "arn:aws:s3:::" + fmt.Sprint(outs["modelBucket"])
	selected := false
	for _, r := range ofType(rs, "aws:backup/selection:Selection") {
		if res, _ := r.Inputs["resources"].([]any); slices.Contains(res, any(bucketArn)) {
			selected = true
		}
	}
	if !selected {
		t.Errorf("no backup selection selects %s", bucketArn)
	}
	notified := false
	for _, r := range ofType(rs, "aws:backup/vaultNotifications:VaultNotifications") {
		if r.Inputs["snsTopicArn"] == outs["incidentTopicArn"] {
			notified = true
		}
	}
	if !notified {
		t.Errorf("no vault notifies the incident topic %v", outs["incidentTopicArn"])
	}
	if !strings.HasPrefix(fmt.Sprint(outs["backupCopyVaultArn"]), "arn:aws:backup:us-west-2:123456789012:backup-vault:") {
		t.Errorf("backupCopyVaultArn = %v", outs["backupCopyVaultArn"])
	}
	// The incident topic has the on-call subscriber.
	subscribed := false
	for _, r := range ofType(rs, "aws:sns/topicSubscription:TopicSubscription") {
		if r.Inputs["topic"] == outs["incidentTopicArn"] && r.Inputs["endpoint"] == "oncall@example.com" {
			subscribed = true
		}
	}
	if !subscribed {
		t.Errorf("oncall@example.com is not subscribed to the incident topic")
	}

	// The plugin serves the schema a TypeScript or Python team's
	// "pulumi package add" reads, and the aws stand-in its own.
	schema := w.must("--exec", "pulumi", "package", "get-schema", "modelfort")
	for _, typ := range []string{"modelfort:aws:Key", "modelfort:aws:WormBucket", "modelfort:aws:BackupVault"} {
		if !strings.Contains(schema, `"`+typ+`"`) {
			t.Errorf("the plugin's schema has no %s", typ)
		}
	}
	awsSchema := w.must("--exec", "pulumi", "package", "get-schema", "aws")
	if !strings.Contains(awsSchema, `"aws:s3/bucketV2:BucketV2"`) || !strings.Contains(awsSchema, `"aws:index/getCallerIdentity:getCallerIdentity"`) {
		t.Errorf("the aws stand-in's schema lacks the bucket or getCallerIdentity")
	}
	w.destroy(false)
}

// TestComponentPackageRefusesBadInput: a YAML program whose argument the
// component refuses fails its preview with the component's own message,
// naming the field and the allowed values, and creates nothing.
func TestComponentPackageRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	program := `name: modelfort-e2e-yaml-refused
runtime: yaml
resources:
  key:
    type: modelfort:aws:Key
    properties:
      deletionWindowDays: 3
`
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(program), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.offline.yaml"), []byte("config:\n  aws:region: us-east-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, dir, "offline")
	out, err := w.pulumi("up", "--yes", "--skip-preview")
	if err == nil || !strings.Contains(out, "kmskey key: DeletionWindowDays is 3; allowed values are 7 to 30") {
		t.Errorf("up with deletionWindowDays 3: err=%v\n%s", err, out)
	}
	if rs := w.export(); len(ofType(rs, "aws:kms/key:Key")) != 0 {
		t.Errorf("a refused key was created")
	}
}
