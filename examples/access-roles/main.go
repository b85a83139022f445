// Command access-roles is an example of accessroles.Roles: the roles
// of a model deployment. GitHub Actions of one repository deploys (from
// its "prod" environment) and publishes model weights (from the main
// branch) into an object-locked model bucket; applications of the account
// invoke one endpoint; people read logs and trails with MFA.
//
// The deploy role gets no permissions here: give it the managed policies
// your deployment needs (ManagedPolicyArns), scoped to what it manages.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set repository my-org/models
//	pulumi up
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/accessroles"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

func program(ctx *pulumi.Context) error {
	repository := config.Get(ctx, "repository")
	if repository == "" {
		repository = "my-org/models"
	}
	account, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
	if err != nil {
		return err
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{})
	if err != nil {
		return err
	}
	models, err := wormbucket.NewBucket(ctx, "models", nil)
	if err != nil {
		return err
	}
	// The serving stack's endpoint, by name.
	endpoint := fmt.Sprintf("arn:aws:sagemaker:%s:%s:endpoint/deepseek-r1-distill", region.Name, account.AccountId)

	roles, err := accessroles.NewRoles(ctx, "models", &accessroles.Args{
		CI: &accessroles.CIProvider{}, // GitHub Actions
		Deploy: &accessroles.DeployRole{
			Trust: accessroles.Trust{CISubjects: []string{"repo:" + repository + ":environment:prod"}},
		},
		Publish: &accessroles.PublishRole{
			Trust:     accessroles.Trust{CISubjects: []string{"repo:" + repository + ":ref:refs/heads/main"}},
			BucketArn: models.Arn,
			Prefix:    "deepseek-r1-distill/",
			KMSKeyArn: models.KMSKeyArn,
		},
		Invoke: &accessroles.InvokeRole{EndpointArns: []pulumi.StringInput{pulumi.String(endpoint)}},
		Audit:  &accessroles.AuditRole{Trust: accessroles.Trust{RequireMFA: true}},
	})
	if err != nil {
		return err
	}
	ctx.Export("roleArns", roles.RoleArns)
	ctx.Export("oidcProviderArn", roles.OIDCProviderArn)
	ctx.Export("modelBucket", models.BucketName)
	return nil
}

func main() {
	pulumi.Run(program)
}
