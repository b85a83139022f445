package rules

import (
	"slices"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// captureStack is bucketStack's model bucket turned into a data-capture
// bucket: tagged modelfort:purpose=data-capture, without object lock.
func captureStack(env string, change func(m map[string]*Resource)) *Stack {
	return bucketStack(env, func(m map[string]*Resource) {
		m["bucket"].Props["objectLockEnabled"] = resource.NewProperty(false)
		m["bucket"].Props["tags"] = resource.NewProperty(resource.NewPropertyMapFromMap(map[string]any{PurposeTag: DataCapturePurpose, "team": "ml"}))
		m["lock"] = nil
		if change != nil {
			change(m)
		}
	})
}

// violated returns the IDs of the rules a stack violates, sorted, once
// each.
func violated(s *Stack) []string {
	var ids []string
	for _, v := range Evaluate(s, All()) {
		ids = append(ids, v.RuleID)
	}
	sort.Strings(ids)
	return slices.Compact(ids)
}

// TestDataCaptureBucketsAreSparedObjectLock: a bucket tagged
// modelfort:purpose=data-capture passes without object lock, in every
// environment; the same bucket with another purpose, or none, does not.
func TestDataCaptureBucketsAreSparedObjectLock(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		if got := violated(captureStack(env, nil)); len(got) != 0 {
			t.Errorf("%s: a data-capture bucket without object lock violates %v", env, got)
		}
		// No lock configuration at all, object lock left unset.
		unset := captureStack(env, func(m map[string]*Resource) { delete(m["bucket"].Props, "objectLockEnabled") })
		if got := violated(unset); len(got) != 0 {
			t.Errorf("%s: a data-capture bucket with objectLockEnabled unset violates %v", env, got)
		}
	}
	// The provider's default tags count as well.
	viaProvider := captureStack("dev", func(m map[string]*Resource) {
		delete(m["bucket"].Props, "tags")
		m["bucket"].Props["tagsAll"] = resource.NewProperty(resource.NewPropertyMapFromMap(map[string]any{PurposeTag: DataCapturePurpose}))
	})
	if got := violated(viaProvider); len(got) != 0 {
		t.Errorf("a bucket tagged data-capture through tagsAll violates %v", got)
	}
	for name, tags := range map[string]map[string]any{
		"another purpose":   {PurposeTag: "model-artifacts"},
		"the value as key":  {DataCapturePurpose: PurposeTag},
		"no purpose at all": {"team": "ml"},
	} {
		s := captureStack("dev", func(m map[string]*Resource) {
			m["bucket"].Props["tags"] = resource.NewProperty(resource.NewPropertyMapFromMap(tags))
		})
		if got := violated(s); !slices.Equal(got, []string{"s3-object-lock"}) {
			t.Errorf("%s: violations %v; want s3-object-lock alone", name, got)
		}
	}
	// Without tags the bucket is no data-capture bucket either.
	untagged := captureStack("dev", func(m map[string]*Resource) { delete(m["bucket"].Props, "tags") })
	if got := violated(untagged); !slices.Equal(got, []string{"s3-object-lock"}) {
		t.Errorf("untagged: violations %v; want s3-object-lock alone", got)
	}
}

// TestDataCaptureBucketsAreNotReplicated: in prod a data-capture bucket
// needs no replica; user data that must stay erasable is not copied to
// another region.
func TestDataCaptureBucketsAreNotReplicated(t *testing.T) {
	if vs := Evaluate(captureStack("prod", func(m map[string]*Resource) { m["replication"] = nil }), All()); len(vs) != 0 {
		t.Errorf("a data-capture bucket without a replica in prod:\n%s", Table(vs))
	}
}

// TestDataCaptureBucketsMeetEveryOtherS3Rule: the tag spares object lock
// and replication only; each other S3 rule still judges a data-capture
// bucket.
func TestDataCaptureBucketsMeetEveryOtherS3Rule(t *testing.T) {
	for _, tt := range []struct {
		rule, env string
		change    func(m map[string]*Resource)
	}{
		{"s3-customer-key", "dev", func(m map[string]*Resource) {
			m["sse"].Props["rules"].ArrayValue()[0].ObjectValue()["applyServerSideEncryptionByDefault"] = resource.NewProperty(resource.NewPropertyMapFromMap(map[string]any{"sseAlgorithm": "AES256"}))
		}},
		{"s3-versioning", "dev", func(m map[string]*Resource) { m["versioning"] = nil }},
		{"s3-public-access-block", "dev", func(m map[string]*Resource) { m["pab"].Props["blockPublicPolicy"] = resource.NewProperty(false) }},
		{"s3-acls-disabled", "dev", func(m map[string]*Resource) {
			m["own"].Props["rule"] = resource.NewProperty(resource.NewPropertyMapFromMap(map[string]any{"objectOwnership": "ObjectWriter"}))
		}},
		{"s3-tls-only", "dev", func(m map[string]*Resource) { m["policy"] = nil }},
		{"s3-access-logging", "dev", func(m map[string]*Resource) {
			m["logging"] = res(bucketLoggingType, "logs", map[string]any{"bucket": "logs-1"}).from("targetBucket", m["logs"])
		}},
		{"s3-compliance-retention", "prod", func(m map[string]*Resource) {
			m["lock"] = res(bucketObjectLockType, "models", map[string]any{"bucket": "models-1", "rule": map[string]any{"defaultRetention": map[string]any{"mode": "GOVERNANCE", "days": 1}}})
		}},
	} {
		t.Run(tt.rule, func(t *testing.T) {
			vs := Evaluate(captureStack(tt.env, tt.change), All())
			if len(vs) != 1 || vs[0].RuleID != tt.rule || vs[0].URN != "urn:pulumi:test::p::"+BucketType+"::models" {
				t.Errorf("violations:\n%s\nwant %s on the data-capture bucket alone", Table(vs), tt.rule)
			}
		})
	}
}

// TestUnknownPurposeIsNoViolation: during a preview the tags may not be
// known yet; the object-lock rule then says nothing.
func TestUnknownPurposeIsNoViolation(t *testing.T) {
	s := captureStack("prod", func(m map[string]*Resource) { m["bucket"].Props["tags"] = unknown })
	if got := violated(s); len(got) != 0 {
		t.Errorf("unknown tags reported as violations: %v", got)
	}
}

// TestUnknownTagsAllSparesNothing: in a preview tagsAll is computed, so
// unknown, for every bucket; a bucket whose own tags say nothing of data
// capture is still judged by the object-lock rule (the end-to-end weak
// stack's plain bucket must be refused).
func TestUnknownTagsAllSparesNothing(t *testing.T) {
	s := captureStack("dev", func(m map[string]*Resource) {
		m["bucket"].Props["tags"] = resource.NewProperty(resource.NewPropertyMapFromMap(map[string]any{"team": "ml"}))
		m["bucket"].Props["tagsAll"] = unknown
	})
	if got := violated(s); !slices.Equal(got, []string{"s3-object-lock"}) {
		t.Errorf("violations %v; want s3-object-lock", got)
	}
	tagged := captureStack("dev", func(m map[string]*Resource) { m["bucket"].Props["tagsAll"] = unknown })
	if got := violated(tagged); len(got) != 0 {
		t.Errorf("a bucket tagged for data capture, tagsAll unknown: %v", got)
	}
}
