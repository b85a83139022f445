package drill

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/modelfort/modelfort/stacks/publish"
)

func TestArtifactCorruption(t *testing.T) {
	f, clock, opts := setup(t, "artifact-corruption")
	verified := 0
	opts.Verify = func(ctx context.Context, client *s3.Client, bucket, key, wantHex string) error {
		verified++
		return publish.Verify(ctx, client, bucket, key, wantHex)
	}
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if verified != 4 {
		t.Errorf("Verify called %d times; want 4 (primary, replica, corrupted, recovered)", verified)
	}
	key := drillKey(modelKey, clock.Now())
	if key != "drills/"+strconv.FormatInt(clock.Now().Unix(), 10)+"/model.tar.gz" {
		t.Errorf("drill key %s", key)
	}
	vs := f.Buckets[modelBucket].Objects[key]
	if len(vs) != 3 || !bytes.Equal(vs[0].Body, modelBody) || bytes.Equal(vs[1].Body, modelBody) || !bytes.Equal(vs[2].Body, modelBody) {
		t.Fatalf("the drill key's versions: %d", len(vs))
	}
	// The published artifact itself is untouched.
	if len(f.Buckets[modelBucket].Objects[modelKey]) != 1 {
		t.Error("the published artifact was written to")
	}
	wantOps := []string{"GetObject", "GetObject", "HeadObject", "CopyObject", "HeadObject", "PutObject", "GetObject", "CopyObject", "GetObject"}
	if got := ops(f.Calls("s3")); !slices.Equal(got, wantOps) {
		t.Errorf("S3 calls %v, want %v", got, wantOps)
	}
	if len(res.Missing) > 0 || res.DataLost != 0 {
		t.Errorf("missing %v, data lost %s", res.Missing, res.DataLost)
	}
	r := NewReport(*res)
	if r.Failed() {
		t.Errorf("report:\n%s", r.Markdown())
	}
	for _, name := range []string{"primary artifact verifies", "replica artifact verifies", "previous version locked", "corruption detected", "artifact recovered"} {
		if l := line(t, r, name, ""); l.Status != Pass {
			t.Errorf("line %+v", l)
		}
	}
	if l := line(t, r, "data lost", "rpoMinutes.modelArtifacts"); l.Status != Pass || l.Measured != "0s" {
		t.Errorf("line %+v", l)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "until its retention ends") {
		t.Errorf("notes %v", res.Notes)
	}
}

func TestArtifactCorruptionReplicaBad(t *testing.T) {
	f, _, opts := setup(t, "artifact-corruption")
	f.put(f.Buckets[replicaBucket], modelKey, []byte("tampered"), f.clock.Now())
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport(*res)
	if l := line(t, r, "replica artifact verifies", ""); l.Status != Fail || !strings.Contains(l.Measured, "not "+modelDigest) {
		t.Errorf("line %+v", l)
	}
	if !r.Failed() {
		t.Error("a bad replica must fail the report")
	}
	// The drill went on in the primary.
	if l := line(t, r, "artifact recovered", ""); l.Status != Pass {
		t.Errorf("line %+v", l)
	}
}

func TestArtifactCorruptionUnversioned(t *testing.T) {
	f, _, opts := setup(t, "artifact-corruption")
	f.Buckets[modelBucket].Unversioned = true
	_, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "not versioned") {
		t.Fatalf("err %v", err)
	}
	if slices.Contains(ops(f.Calls("s3")), "PutObject") {
		t.Error("no overwrite on an unversioned bucket")
	}
}

func TestArtifactCorruptionUnlocked(t *testing.T) {
	f, _, opts := setup(t, "artifact-corruption")
	f.Buckets[modelBucket].NoLock = true
	res, err := run(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport(*res)
	if l := line(t, r, "previous version locked", ""); l.Status != Fail {
		t.Errorf("line %+v", l)
	}
}

func TestArtifactCorruptionNothingPublished(t *testing.T) {
	f, _, opts := setup(t, "artifact-corruption")
	opts.Outputs["modelDigest"] = ""
	opts.Outputs["modelArtifactKey"] = ""
	_, err := run(t, opts)
	if err == nil || !strings.Contains(err.Error(), "no model is published yet") {
		t.Fatalf("err %v", err)
	}
	if f.Requests() != 0 {
		t.Errorf("%d requests", f.Requests())
	}
}

func TestVerifyDetectsCorruption(t *testing.T) {
	_, _, opts := setup(t, "artifact-corruption")
	client := opts.Clients.S3(primaryRegion)
	ctx := context.Background()
	if err := publish.Verify(ctx, client, modelBucket, modelKey, strings.ToUpper(modelDigest)); err != nil {
		t.Errorf("upper-case digest: %v", err)
	}
	err := publish.Verify(ctx, client, modelBucket, modelKey, strings.Repeat("0", 64))
	if _, ok := err.(*publish.DigestMismatchError); !ok || isAPIError(err) {
		t.Errorf("mismatch: %v", err)
	}
	if err := publish.Verify(ctx, client, modelBucket, "nosuch", modelDigest); err == nil || !isAPIError(err) {
		t.Errorf("missing key: %v", err)
	}
	if err := publish.Verify(ctx, client, modelBucket, modelKey, "abc"); err == nil || !strings.Contains(err.Error(), "not a hex SHA-256") {
		t.Errorf("bad digest: %v", err)
	}
}
