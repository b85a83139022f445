package offlinecloud

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const artifactURI = "s3://models/models/sha256/0123/model.tar.gz"

func init() {
	// TestPrerequisitesRefuseAndAccept and TestEveryPrerequisiteHasCases
	// (account_test.go) run every prerequisite's refused and accepted case.
	prereqCases = append(prereqCases, prereqCase{
		rule: "SAGEMAKER-MODEL-DATA", typ: typeSageMakerModelKind,
		in: map[string]any{"name": "primary", "executionRoleArn": "arn:aws:iam::123456789012:role/sm",
			"primaryContainer": map[string]any{"image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124", "modelDataUrl": artifactURI}},
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", typeS3Object, "artifact", map[string]any{"bucket": "models", "key": "models/sha256/0123/model.tar.gz", "source": "model.tar.gz"})
		},
		want: "ValidationException: Could not find model data at " + artifactURI + ".",
	})
}

// putThroughS3 writes an object as `make publish` does offline: through
// the offline S3.
func putThroughS3(t *testing.T, a *Account, bucket, key string) {
	t.Helper()
	w := httptest.NewRecorder()
	NewS3Handler(a).ServeHTTP(w, httptest.NewRequest(http.MethodPut, "/"+bucket+"/"+key, strings.NewReader("weights")))
	if w.Code != http.StatusOK {
		t.Fatalf("PUT s3://%s/%s: %d %s", bucket, key, w.Code, w.Body)
	}
}

func TestSageMakerModelDataMustBeInTheAccount(t *testing.T) {
	model := func(containers ...map[string]any) resource.PropertyMap {
		m := map[string]any{"name": "m", "executionRoleArn": "arn:aws:iam::123456789012:role/sm"}
		switch {
		case len(containers) == 1:
			m["primaryContainer"] = containers[0]
		case len(containers) > 1:
			var all []any
			for _, c := range containers {
				all = append(all, c)
			}
			m["containers"] = all
		}
		return inputs(m)
	}
	url := func(u string) map[string]any { return map[string]any{"image": "i", "modelDataUrl": u} }
	source := func(uri, typ string) map[string]any {
		return map[string]any{"image": "i", "modelDataSource": map[string]any{"s3DataSource": map[string]any{"s3Uri": uri, "s3DataType": typ, "compressionType": "None"}}}
	}
	fresh := func(t *testing.T) *Account {
		a := s3Account(t, "models@us-east-1", "replica@us-west-2")
		putThroughS3(t, a, "models", "models/sha256/0123/model.tar.gz")
		putThroughS3(t, a, "models", "models/sha256/0123/uncompressed/config.json")
		create(t, a, "us-west-2", typeS3Object, "replica-artifact", map[string]any{"bucket": "replica", "key": "models/sha256/0123/model.tar.gz"})
		return a
	}
	for _, c := range []struct {
		name string
		in   resource.PropertyMap
		want string // "" accepted
	}{
		{"written by the offline S3", model(url(artifactURI)), ""},
		{"created by a program", model(url("s3://replica/models/sha256/0123/model.tar.gz")), ""},
		{"missing key", model(url("s3://models/models/sha256/4567/model.tar.gz")), "ValidationException: Could not find model data at s3://models/models/sha256/4567/model.tar.gz."},
		{"the key in another bucket", model(url("s3://replica/models/sha256/0123/uncompressed/config.json")), "Could not find model data at s3://replica/models/sha256/0123/uncompressed/config.json."},
		{"a prefix is not an object", model(url("s3://models/models/sha256/0123/")), "Could not find model data at s3://models/models/sha256/0123/."},
		{"every container", model(url(artifactURI), url("s3://models/missing.tar.gz")), "Could not find model data at s3://models/missing.tar.gz."},
		{"S3Prefix with objects under it", model(source("s3://models/models/sha256/0123/uncompressed/", "S3Prefix")), ""},
		{"S3Prefix without", model(source("s3://models/models/sha256/9999/", "S3Prefix")), "Could not find model data at s3://models/models/sha256/9999/."},
		{"S3Object", model(source(artifactURI, "S3Object")), ""},
		{"S3Object missing", model(source("s3://models/models/sha256/0123/", "S3Object")), "Could not find model data at s3://models/models/sha256/0123/."},
		{"no model data (a model package, say)", model(map[string]any{"modelPackageName": "arn:aws:sagemaker:us-east-1:123456789012:model-package/p/1"}), ""},
		{"not known yet", resource.PropertyMap{"name": resource.NewProperty("m"), "primaryContainer": resource.NewProperty(resource.PropertyMap{
			"image": resource.NewProperty("i"), "modelDataUrl": resource.MakeComputed(resource.NewProperty("")),
		})}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := fresh(t)
			_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeSageMakerModelKind, urnOf("dev", typeSageMakerModelKind, "m"), c.in, false)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "offline cloud rule SAGEMAKER-MODEL-DATA")):
				t.Errorf("got %v; want %q from SAGEMAKER-MODEL-DATA", err, c.want)
			}
		})
	}
	// A preview checks nothing in the account.
	a := NewMemoryAccount(Settings{})
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeSageMakerModelKind, urnOf("dev", typeSageMakerModelKind, "m"), model(url(artifactURI)), true); err != nil {
		t.Errorf("a preview: %v", err)
	}
}
