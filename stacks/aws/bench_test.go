package aws

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/modelendpoint"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/mocktest"
)

// bench runs program b.N times under mocks and reports the resources it
// registers and the time per resource, the figure the performance target
// is stated in.
func bench(b *testing.B, program pulumi.RunFunc, opts ...mocktest.Option) {
	b.Helper()
	var resources int
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		rec, err := mocktest.Run(program, opts...)
		if err != nil {
			b.Fatal(err)
		}
		resources = len(rec.Resources)
	}
	b.ReportMetric(float64(resources), "resources")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(resources)/1e3, "µs/resource")
}

// BenchmarkEnvironments builds each environment's whole resource graph.
func BenchmarkEnvironments(b *testing.B) {
	for _, env := range []string{"dev", "staging", "prod"} {
		values, err := ReadStackFile("../../Pulumi." + env + ".yaml")
		if err != nil {
			b.Fatal(err)
		}
		// The whole stack: serving a published artifact.
		values[Namespace+":modelDigest"] = testDigest
		cfg, err := ParseConfig(func(k string) string { return values[k] })
		if err != nil {
			b.Fatal(err)
		}
		opts := []mocktest.Option{mocktest.Stack(env),
			mocktest.Published("models", cfg.ArtifactKey(), testArtifact),
			mocktest.Published("models-replica", cfg.ArtifactKey(), testArtifact)}
		for k, v := range values {
			opts = append(opts, mocktest.Config(k, v))
		}
		b.Run(env, func(b *testing.B) { bench(b, Program, opts...) })
	}
}

// BenchmarkBaseline is the floor the target is measured against: one KMS
// key and n buckets with versioning and encryption, no logic of ours.
func BenchmarkBaseline(b *testing.B) {
	for _, n := range []int{10, 50, 100} {
		b.Run(fmt.Sprintf("buckets=%d", n), func(b *testing.B) {
			bench(b, func(ctx *pulumi.Context) error {
				key, err := kms.NewKey(ctx, "k", &kms.KeyArgs{})
				if err != nil {
					return err
				}
				for i := 0; i < n; i++ {
					bucket, err := s3.NewBucketV2(ctx, fmt.Sprint("b", i), &s3.BucketV2Args{})
					if err != nil {
						return err
					}
					if _, err := s3.NewBucketVersioningV2(ctx, fmt.Sprint("v", i), &s3.BucketVersioningV2Args{
						Bucket:                  bucket.ID(),
						VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
					}); err != nil {
						return err
					}
					if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, fmt.Sprint("e", i), &s3.BucketServerSideEncryptionConfigurationV2Args{
						Bucket: bucket.ID(),
						Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
							ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
								SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: key.Arn,
							},
						}},
					}); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
}

// BenchmarkScaling grows a deployment by regions and by endpoints per
// region: each region has its provider, an artifact bucket and that many
// model endpoints. Time per resource should stay flat (linear growth).
func BenchmarkScaling(b *testing.B) {
	regions := []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1", "sa-east-1", "ca-central-1"}
	for _, nr := range []int{1, 2, 4, 8} {
		for _, ne := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("regions=%d/endpoints=%d", nr, ne), func(b *testing.B) {
				bench(b, func(ctx *pulumi.Context) error {
					for _, region := range regions[:nr] {
						p, err := aws.NewProvider(ctx, region, &aws.ProviderArgs{Region: pulumi.String(region)})
						if err != nil {
							return err
						}
						in := pulumi.Provider(p)
						bucket, err := wormbucket.NewBucket(ctx, "models-"+region, nil, in)
						if err != nil {
							return err
						}
						for e := 0; e < ne; e++ {
							if _, err := modelendpoint.NewEndpoint(ctx, fmt.Sprintf("llm-%s-%d", region, e), &modelendpoint.Args{
								Image: "763104351884.dkr.ecr." + region + ".amazonaws.com/djl-inference:latest", ArtifactBucket: bucket,
								ArtifactPrefix: "m/", ArtifactKey: "m/model.tar.gz",
								Subnets: []modelendpoint.Subnet{
									{ID: pulumi.String("subnet-a"), Zone: region + "a"}, {ID: pulumi.String("subnet-b"), Zone: region + "b"},
								},
								SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg")},
								AlarmEmails:      []string{"oncall@example.com"},
							}, in); err != nil {
								return err
							}
						}
					}
					return nil
				}, publishedIn(regions[:nr])...)
			})
		}
	}
}

// publishedIn puts the scaling benchmark's artifact into each region's
// bucket before its endpoints are created.
func publishedIn(regions []string) []mocktest.Option {
	var opts []mocktest.Option
	for _, r := range regions {
		opts = append(opts, mocktest.Published("models-"+r, "m/model.tar.gz", testArtifact))
	}
	return opts
}
