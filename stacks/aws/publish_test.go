package aws

import (
	"strings"
	"testing"
)

// servingTypes are what a stack builds only once an artifact is published.
var servingTypes = []string{
	"aws:sagemaker/model:Model", "aws:sagemaker/endpoint:Endpoint", "aws:bedrock/guardrail:Guardrail",
	"aws:lambda/function:Function", "aws:apigateway/restApi:RestApi", "aws:route53/record:Record", "aws:route53/healthCheck:HealthCheck",
}

// TestFirstUpServesNothingUntilPublished: in an empty account, a stack
// without a published artifact builds what lives long (keys, buckets,
// vaults, networks, the publish role) and no serving; the publish role
// can write the prefix the artifact goes under.
func TestFirstUpServesNothingUntilPublished(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		rec, err := run(t, env, map[string]string{Namespace + ":modelDigest": ""})
		if err != nil {
			t.Fatalf("%s without a published artifact: %v", env, err)
		}
		for _, typ := range servingTypes {
			if n := len(rec.OfType(typ)); n != 0 {
				t.Errorf("%s: %d %s before anything is published", env, n, typ)
			}
		}
		for typ, want := range map[string]int{
			"aws:s3/bucketV2:BucketV2": 4, "aws:backup/vault:Vault": 2, "aws:ec2/vpc:Vpc": 2, "aws:kms/replicaKey:ReplicaKey": 1,
		} {
			if n := len(rec.OfType(typ)); n < want {
				t.Errorf("%s: %d %s; want at least %d", env, n, typ, want)
			}
		}
		publish := rec.Find("aws:iam/role:Role", "access-publish")
		if publish == nil {
			t.Fatalf("%s: no publish role: %v", env, rec.Types())
		}
		if rec.Find("aws:iam/role:Role", "access-invoke") != nil {
			t.Errorf("%s: an invoke role with nothing to invoke", env)
		}
	}
}

// TestServingReadsThePublishedArtifact: with the digest in its config,
// each site's model reads the content-addressed key from its own region's
// copy: the primary from the model bucket, the DR site from the replica
// that publish waited for.
func TestServingReadsThePublishedArtifact(t *testing.T) {
	rec, err := run(t, "staging", nil)
	if err != nil {
		t.Fatal(err)
	}
	key := "models/sha256/" + testDigest + "/" + DefaultModelArtifact
	for site, bucket := range map[string]string{"primary": "models", "dr": "models-replica"} {
		m := rec.Find("aws:sagemaker/model:Model", site)
		b := rec.Find("aws:s3/bucketV2:BucketV2", bucket)
		if m == nil || b == nil {
			t.Fatalf("%s: model %v, bucket %v", site, m, b)
		}
		url := m.Inputs["primaryContainer"].ObjectValue()["modelDataUrl"].StringValue()
		if want := "s3://" + b.ID + "/" + key; url != want {
			t.Errorf("%s's model reads %s; want %s", site, url, want)
		}
		if m.Region != b.Region {
			t.Errorf("%s's model in %s reads a bucket in %s", site, m.Region, b.Region)
		}
	}
}

// TestAnUnpublishedDigestIsRefused: a digest whose artifact is not in the
// buckets fails the run with SageMaker's words, as a real "up" would.
func TestAnUnpublishedDigestIsRefused(t *testing.T) {
	other := strings.Repeat("ab", 32)
	_, err := run(t, "dev", map[string]string{Namespace + ":modelDigest": other})
	if err == nil || !strings.Contains(err.Error(), "Could not find model data at s3://") || !strings.Contains(err.Error(), other) {
		t.Errorf("a digest nothing was published under: %v", err)
	}
	_, err = run(t, "dev", map[string]string{Namespace + ":modelDigest": "sha256:" + other})
	if err == nil || !strings.Contains(err.Error(), "modelfort:modelDigest is") {
		t.Errorf("a malformed digest: %v", err)
	}
}
