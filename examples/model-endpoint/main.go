// Command model-endpoint is an example of modelendpoint.Endpoint: a
// distilled DeepSeek-R1 (Llama 8B) served from the large-model-inference
// container, its artifact read from an object-locked bucket, in two
// private subnets of different zones, on two instances, with an
// application role allowed to invoke this endpoint only. A sample of the
// requests and answers (capturePercent, 10 by default) is captured into a
// capture bucket of the endpoint's own, apart from the artifacts, where it
// expires and can be erased; the 5XX and latency alarms, which a Route 53
// health check can watch, see a failure within alarmDetectionSeconds.
//
// The subnets and security group come from config; in a full deployment
// they come from privatevpc and securitygroups (see the stacks package).
//
//	pulumi config set aws:region us-east-1
//	pulumi config set subnetA subnet-0123...   # us-east-1a
//	pulumi config set subnetB subnet-4567...   # us-east-1b
//	pulumi config set endpointSecurityGroup sg-89ab...
//	pulumi config set capturePercent 5         # optional; default 10
//	pulumi config set artifactFile ./model.tar.gz   # default model.tar.gz
//	pulumi up
//
// The example uploads the artifact itself, and the model waits for the
// upload: SageMaker refuses a model whose data is not in the bucket yet.
// The stacks publish it before serving instead (make publish).
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/modelendpoint"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func program(ctx *pulumi.Context) error {
	region := orDefault(config.Get(ctx, "aws:region"), "us-east-1")
	models, err := wormbucket.NewBucket(ctx, "models", &wormbucket.Args{
		Retention: &wormbucket.Retention{Mode: wormbucket.Governance, Days: 1},
	})
	if err != nil {
		return err
	}
	const artifact = "models/deepseek-r1-distill-llama-8b/model.tar.gz"
	upload, err := s3.NewBucketObjectv2(ctx, "artifact", &s3.BucketObjectv2Args{
		Bucket:            models.BucketName,
		Key:               pulumi.String(artifact),
		Source:            pulumi.NewFileAsset(orDefault(config.Get(ctx, "artifactFile"), "model.tar.gz")),
		ChecksumAlgorithm: pulumi.String("SHA256"),
		// The bucket's policy refuses any other encryption or key.
		ServerSideEncryption: pulumi.String("aws:kms"),
		KmsKeyId:             models.KMSKeyArn,
	}, pulumi.DependsOn([]pulumi.Resource{models.ObjectLock, models.Policy}))
	if err != nil {
		return err
	}
	endpoint, err := modelendpoint.NewEndpoint(ctx, "deepseek-r1", &modelendpoint.Args{
		Image:          "763104351884.dkr.ecr." + region + ".amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124",
		Environment:    map[string]string{"OPTION_ROLLING_BATCH": "vllm", "OPTION_MAX_MODEL_LEN": "8192"},
		ArtifactBucket: models,
		ArtifactPrefix: "models/deepseek-r1-distill-llama-8b/",
		ArtifactKey:    artifact,
		ArtifactObject: upload,
		Subnets: []modelendpoint.Subnet{
			{ID: pulumi.String(orDefault(config.Get(ctx, "subnetA"), "subnet-a")), Zone: region + "a"},
			{ID: pulumi.String(orDefault(config.Get(ctx, "subnetB"), "subnet-b")), Zone: region + "b"},
		},
		SecurityGroupIds: []pulumi.StringInput{pulumi.String(orDefault(config.Get(ctx, "endpointSecurityGroup"), "sg-endpoint"))},
		// Each owner confirms the subscription AWS sends.
		AlarmEmails: []string{orDefault(config.Get(ctx, "oncallEmail"), "oncall@example.com")},
		// 0 (unset) means modelendpoint.DefaultCapturePercent.
		CapturePercent: config.GetInt(ctx, "capturePercent"),
	})
	if err != nil {
		return err
	}
	app, err := iam.NewRole(ctx, "app", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
	})
	if err != nil {
		return err
	}
	// The application calls the runtime from the VPC, through its
	// SageMaker runtime endpoint only.
	runtimeEndpoint := orDefault(config.Get(ctx, "runtimeVpcEndpointId"), "vpce-0123456789abcdef0")
	if _, err := endpoint.GrantInvoke(ctx, "app-invokes-deepseek", app, pulumi.String(runtimeEndpoint)); err != nil {
		return err
	}
	ctx.Export("endpointName", endpoint.EndpointName)
	ctx.Export("alarmTopic", endpoint.AlarmTopic)
	ctx.Export("captureBucket", endpoint.CaptureBucket.BucketName)
	ctx.Export("errorAlarmName", endpoint.ErrorAlarmName)
	ctx.Export("latencyAlarmName", endpoint.LatencyAlarmName)
	ctx.Export("alarmDetectionSeconds", pulumi.Int(int(endpoint.AlarmDetection.Seconds())))
	return nil
}

func main() {
	pulumi.Run(program)
}
