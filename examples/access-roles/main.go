// Command access-roles is an example of accessroles.Roles: the roles
// of a model deployment. GitHub Actions of one repository deploys (from
// its "prod" environment) and publishes model weights (from the main
// branch) into an object-locked model bucket; applications of the account
// call the model through its front door (API Gateway, IAM authorization,
// POST /invocations), never the SageMaker runtime directly; people read
// logs and trails with MFA. Every role is denied the SageMaker runtime,
// unless runtimeVpcEndpointId names a VPC endpoint of the runtime, through
// which calls are not denied (they still need an Allow).
//
// The deploy role gets no permissions here: give it the managed policies
// your deployment needs (ManagedPolicyArns), scoped to what it manages.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set repository my-org/models
//	pulumi config set frontDoorApiId a1b2c3d4e5                  # the front door's REST API ID
//	pulumi config set runtimeVpcEndpointId vpce-0a1b2c3d4e5f60718 # optional
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
	// The serving stack's front door (frontdoor.API's InvocationsArn), by
	// REST API ID and stage.
	apiID := config.Get(ctx, "frontDoorApiId")
	if apiID == "" {
		apiID = "a1b2c3d4e5"
	}
	invocations := fmt.Sprintf("arn:aws:execute-api:%s:%s:%s/v1/POST/invocations", region.Name, account.AccountId, apiID)
	var runtimeVpce []pulumi.StringInput
	if id := config.Get(ctx, "runtimeVpcEndpointId"); id != "" {
		runtimeVpce = append(runtimeVpce, pulumi.String(id))
	}

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
		Invoke:                &accessroles.InvokeRole{InvocationsArns: []pulumi.StringInput{pulumi.String(invocations)}},
		Audit:                 &accessroles.AuditRole{Trust: accessroles.Trust{RequireMFA: true}},
		RuntimeVpcEndpointIds: runtimeVpce,
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
