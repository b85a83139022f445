package threatdetection

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newBucketForTest creates the bucket a plan protects, so that the
// offline account holds it (GUARDDUTY-MALWARE-BUCKET).
func newBucketForTest(ctx *pulumi.Context) (pulumi.StringOutput, error) {
	b, err := s3.NewBucketV2(ctx, "models", &s3.BucketV2Args{Bucket: pulumi.String("models-bucket")})
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return b.Bucket, nil
}
