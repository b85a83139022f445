// Command kms-key is an example of kmskey.Key: a multi-Region key for model
// artifacts, usable through S3 only, with a replica in a disaster-recovery
// region, and an inference role granted decrypt-only use of it.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/kmskey"
)

func program(ctx *pulumi.Context) error {
	drRegion := config.Get(ctx, "drRegion")
	if drRegion == "" {
		drRegion = "us-west-2"
	}
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	key, err := kmskey.NewKey(ctx, "models", &kmskey.Args{
		Description:     "model artifacts",
		ViaServices:     []string{"s3"},
		ReplicaProvider: dr,
	})
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, "inference", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
	})
	if err != nil {
		return err
	}
	if _, err := key.GrantDecrypt(ctx, "inference-reads-models", role); err != nil {
		return err
	}
	ctx.Export("keyArn", key.Arn)
	ctx.Export("replicaKeyArn", key.ReplicaArn)
	ctx.Export("alias", key.AliasName)
	return nil
}

func main() {
	pulumi.Run(program)
}
