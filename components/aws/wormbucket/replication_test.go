package wormbucket

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const replicationConfigT = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"

// pair creates a source bucket in us-east-1 (the default provider) and a
// destination in the region of a "dr" provider, then calls replicate.
func pair(t *testing.T, drRegion string, replicate func(ctx *pulumi.Context, src, dst *Bucket, dr *aws.Provider) error) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
		if err != nil {
			return err
		}
		src, err := NewBucket(ctx, "models", nil)
		if err != nil {
			return err
		}
		dst, err := NewBucket(ctx, "models-dr", nil, pulumi.Provider(dr))
		if err != nil {
			return err
		}
		return replicate(ctx, src, dst, dr)
	})
}

func TestReplicationChain(t *testing.T) {
	rec, err := pair(t, "us-west-2", func(ctx *pulumi.Context, src, dst *Bucket, _ *aws.Provider) error {
		_, err := NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	src, dst := rec.Find(bucketT, "models"), rec.Find(bucketT, "models-dr")
	srcKey, dstKey := rec.Find(keyT, "models"), rec.Find(keyT, "models-dr")
	if dst.Region != "us-west-2" || dstKey.Region != "us-west-2" {
		t.Fatalf("destination in %s, its key in %s", dst.Region, dstKey.Region)
	}
	comp := rec.Find(ReplicationType, "models")
	role := rec.Find("aws:iam/role:Role", "models")
	if role == nil || role.Parent != comp.URN {
		t.Fatalf("no replication role under the component:\n%s", rec)
	}
	trust, err := role.Policy("assumeRolePolicy")
	if err != nil {
		t.Fatal(err)
	}
	if s := trust.Statement[0]; !slices.Equal(s.Principal["Service"], []string{"s3.amazonaws.com"}) ||
		!slices.Equal(s.Action, []string{"sts:AssumeRole"}) || !slices.Equal(s.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("trust policy %+v", s)
	}

	p, err := rec.Find("aws:iam/rolePolicy:RolePolicy", "models").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		SidReadSourceBucket:     {src.Out("arn")},
		SidReadSourceVersions:   {src.Out("arn") + "/*"},
		SidReplicateIntoDest:    {dst.Out("arn") + "/*"},
		SidDecryptWithSourceKey: {srcKey.Out("arn")},
		SidEncryptWithDestKey:   {dstKey.Out("arn")},
	}
	if len(p.Statement) != len(want) {
		t.Errorf("role policy statements %v", p.Sids())
	}
	for sid, resources := range want {
		s := p.Find(sid)
		if s == nil || !slices.Equal(s.Resource, resources) || s.Effect != "Allow" {
			t.Errorf("%s: %+v; want resources %v", sid, s, resources)
			continue
		}
		for _, r := range s.Resource {
			if r == "*" {
				t.Errorf("%s allows every resource", sid)
			}
		}
	}
	if v := p.Find(SidDecryptWithSourceKey).Values("StringEquals", "kms:ViaService"); !slices.Equal(v, []string{"s3.us-east-1.amazonaws.com"}) {
		t.Errorf("source key use is not limited to S3 in the source region: %v", v)
	}
	if v := p.Find(SidEncryptWithDestKey).Values("StringEquals", "kms:ViaService"); !slices.Equal(v, []string{"s3.us-west-2.amazonaws.com"}) {
		t.Errorf("destination key use is not limited to S3 in the destination region: %v", v)
	}
	if slices.Contains(p.Find(SidReplicateIntoDest).Action, "s3:*") || slices.Contains(p.Find(SidReadSourceVersions).Action, "s3:PutObject") {
		t.Error("the role may do more than replicate")
	}

	cfg := rec.Find(replicationConfigT, "models")
	if cfg == nil || cfg.Region != "us-east-1" || cfg.Str("bucket") != src.ID || cfg.Str("role") != role.Out("arn") {
		t.Fatalf("replication configuration %+v", cfg)
	}
	for path, want := range map[string]string{
		"rules[0].status":                                                "Enabled",
		"rules[0].deleteMarkerReplication.status":                        "Enabled",
		"rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status": "Enabled",
		"rules[0].destination.bucket":                                    dst.Out("arn"),
		"rules[0].destination.storageClass":                              "STANDARD",
		"rules[0].destination.encryptionConfiguration.replicaKmsKeyId":   dstKey.Out("arn"),
		"rules[0].destination.replicationTime.status":                    "Enabled",
		"rules[0].destination.metrics.status":                            "Enabled",
		"rules[0].sourceSelectionCriteria.replicaModifications.status":   "Enabled",
	} {
		if got := cfg.Str(path); got != want {
			t.Errorf("%s = %q; want %q", path, got, want)
		}
	}
	if cfg.Num("rules[0].destination.replicationTime.time.minutes") != 15 || cfg.Num("rules[0].destination.metrics.eventThreshold.minutes") != 15 {
		t.Error("replication time control must be 15 minutes")
	}
	for _, v := range []string{"models", "models-dr"} {
		if !slices.Contains(cfg.Dependencies, rec.Find(versioningT, v).URN) {
			t.Errorf("the configuration does not wait for %s's versioning", v)
		}
	}
}

func TestReplicationRejections(t *testing.T) {
	tests := []struct {
		name     string
		drRegion string
		args     func(src, dst *Bucket, dr *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption)
		want     string
	}{
		{"same region", "us-east-1", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst}, nil
		}, "Destination is in us-east-1, the same region as Source"},
		{"no destination", "us-west-2", func(src, _ *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src}, nil
		}, "Source and Destination are required"},
		{"wrong provider", "us-west-2", func(src, dst *Bucket, dr *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst}, []pulumi.ResourceOption{pulumi.Provider(dr)}
		}, "the provider acts in us-west-2, but Source is in us-east-1"},
		{"storage class", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, StorageClass: "COLD"}, nil
		}, `StorageClass is "COLD"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := pair(t, tt.drRegion, func(ctx *pulumi.Context, src, dst *Bucket, dr *aws.Provider) error {
				args, opts := tt.args(src, dst, dr)
				_, err := NewReplication(ctx, "models", args, opts...)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "replication models: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "replication models: "+tt.want)
			}
			if len(rec.OfType(ReplicationType)) != 0 || len(rec.OfType("aws:iam/role:Role")) != 0 {
				t.Errorf("registered before failing: %v", rec.Types())
			}
		})
	}
}

// TestReplicationOptionsReachItsChildren passes protect to the component:
// its role, policy and configuration must be protected, and act in the
// source region.
func TestReplicationOptionsReachItsChildren(t *testing.T) {
	rec, err := pair(t, "us-west-2", func(ctx *pulumi.Context, src, dst *Bucket, _ *aws.Provider) error {
		_, err := NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst}, pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(ReplicationType, "models"), mocktest.Reach{Region: "us-east-1", Protect: true}) {
		t.Error(p)
	}
}
