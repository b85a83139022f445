package wormbucket

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	replicationConfigT = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	alarmT             = "aws:cloudwatch/metricAlarm:MetricAlarm"
	topicT             = "aws:sns/topic:Topic"
	subscriptionT      = "aws:sns/topicSubscription:TopicSubscription"
)

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
	// Delete markers are not replicated by default, and the role may not
	// replicate them either.
	if a := p.Find(SidReplicateIntoDest).Action; slices.Contains(a, "s3:ReplicateDelete") || !slices.Contains(a, "s3:ReplicateObject") {
		t.Errorf("%s allows %v; want s3:ReplicateObject without s3:ReplicateDelete", SidReplicateIntoDest, a)
	}

	cfg := rec.Find(replicationConfigT, "models")
	if cfg == nil || cfg.Region != "us-east-1" || cfg.Str("bucket") != src.ID || cfg.Str("role") != role.Out("arn") {
		t.Fatalf("replication configuration %+v", cfg)
	}
	for path, want := range map[string]string{
		"rules[0].status":                                                "Enabled",
		"rules[0].deleteMarkerReplication.status":                        "Disabled",
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
		{"alarm email without @", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, AlarmEmails: []string{"oncall"}}, nil
		}, `AlarmEmails[0] "oncall" is not an email address`},
		{"alarm email with a display name", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, AlarmEmails: []string{"ok@example.com", "On Call <oncall@example.com>"}}, nil
		}, `AlarmEmails[1] "On Call <oncall@example.com>" is not an email address`},
		{"alarm email twice", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, AlarmEmails: []string{"oncall@example.com", "OnCall@example.com"}}, nil
		}, `AlarmEmails[1] "OnCall@example.com" is listed twice`},
		{"alarm topic not an SNS ARN", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, AlarmTopicArn: pulumi.String("oncall")}, nil
		}, `AlarmTopicArn "oncall" is not an SNS topic ARN`},
		{"alarm topic in the destination region", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, AlarmTopicArn: pulumi.String("arn:aws:sns:us-west-2:123456789012:oncall")}, nil
		}, `AlarmTopicArn "arn:aws:sns:us-west-2:123456789012:oncall" is in us-west-2; it must be in us-east-1, Source's region`},
		{"destination alarm topic in the source region", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, DestinationAlarmTopicArn: pulumi.String("arn:aws:sns:us-east-1:123456789012:oncall")}, nil
		}, `DestinationAlarmTopicArn "arn:aws:sns:us-east-1:123456789012:oncall" is in us-east-1; it must be in us-west-2, Destination's region`},
		{"emails with both topics given", "us-west-2", func(src, dst *Bucket, _ *aws.Provider) (*ReplicationArgs, []pulumi.ResourceOption) {
			return &ReplicationArgs{Source: src, Destination: dst, AlarmEmails: []string{"oncall@example.com"},
				AlarmTopicArn:            pulumi.String("arn:aws:sns:us-east-1:123456789012:oncall"),
				DestinationAlarmTopicArn: pulumi.String("arn:aws:sns:us-west-2:123456789012:oncall")}, nil
		}, "AlarmEmails subscribe to the alarm topics this component creates, but AlarmTopicArn and DestinationAlarmTopicArn are both given"},
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
			if len(rec.OfType(ReplicationType)) != 0 || len(rec.OfType("aws:iam/role:Role")) != 0 || len(rec.OfType(alarmT)) != 0 {
				t.Errorf("registered before failing: %v", rec.Types())
			}
		})
	}
}

// TestReplicationRefusesADefaultProviderDestination: the latency alarm
// must act in the destination's region, through the provider that made
// Destination, which the default provider cannot be when the component
// has another one.
func TestReplicationRefusesADefaultProviderDestination(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		src, err := NewBucket(ctx, "models", nil, pulumi.Provider(eu))
		if err != nil {
			return err
		}
		dst, err := NewBucket(ctx, "models-dr", nil) // the default provider, us-east-1
		if err != nil {
			return err
		}
		_, err = NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst}, pulumi.Provider(eu))
		return err
	})
	want := "replication models: Destination was created with the stack's default provider"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v; want %q", err, want)
	}
	if len(rec.OfType(ReplicationType)) != 0 {
		t.Errorf("registered before failing: %v", rec.Types())
	}
}

// TestReplicationOptionsReachItsChildren passes protect to the component:
// its role, policy, configuration, alarms, topics, subscriptions and keys
// must be protected, and act in the source region, except the latency
// alarm and what it notifies, which act in the destination's.
func TestReplicationOptionsReachItsChildren(t *testing.T) {
	rec, err := pair(t, "us-west-2", func(ctx *pulumi.Context, src, dst *Bucket, _ *aws.Provider) error {
		_, err := NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst, AlarmEmails: []string{"oncall@example.com"}}, pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The latency alarm and its topic and key act in the destination's
	// region; everything else in the source's.
	inDestination := func(r *mocktest.Resource) bool {
		return r.Name == "models-latency" || strings.HasPrefix(r.Name, "models-destination-alarms")
	}
	comp := rec.Find(ReplicationType, "models")
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "us-east-1", Protect: true, Skip: inDestination}) {
		t.Error(p)
	}
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "us-west-2", Protect: true, Skip: func(r *mocktest.Resource) bool { return !inDestination(r) }}) {
		t.Error(p)
	}
}
