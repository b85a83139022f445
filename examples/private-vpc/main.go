// Command private-vpc is an example of privatevpc.Vpc: a private VPC
// over three availability zones for model endpoints, with a database tier
// that only the endpoints reach, VPC endpoints for SageMaker, KMS, logs,
// STS and ECR, an S3 gateway endpoint whose policy keeps S3 traffic to the
// account's own buckets (and the bucket ECR serves image layers from), and
// flow logs of all traffic.
//
//	pulumi config set aws:region us-east-1
//	pulumi up
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/privatevpc"
	"github.com/modelfort/modelfort/components/aws/securitygroups"
)

func program(ctx *pulumi.Context) error {
	account, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
	if err != nil {
		return err
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{})
	if err != nil {
		return err
	}
	anyone := iam.GetPolicyDocumentStatementPrincipalArray{iam.GetPolicyDocumentStatementPrincipalArgs{
		Type: pulumi.String("*"), Identifiers: pulumi.StringArray{pulumi.String("*")},
	}}
	// A data perimeter on the S3 gateway endpoint: the account's buckets,
	// and the AWS-owned bucket that ECR pulls image layers from.
	s3Policy := iam.GetPolicyDocumentOutput(ctx, iam.GetPolicyDocumentOutputArgs{
		Statements: iam.GetPolicyDocumentStatementArray{
			iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String("OwnAccountBuckets"),
				Principals: anyone,
				Actions: pulumi.ToStringArray([]string{"s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject",
					"s3:GetObjectVersion", "s3:ListBucket", "s3:ListMultipartUploadParts", "s3:PutObject"}),
				Resources: pulumi.StringArray{pulumi.String("*")},
				Conditions: iam.GetPolicyDocumentStatementConditionArray{iam.GetPolicyDocumentStatementConditionArgs{
					Test: pulumi.String("StringEquals"), Variable: pulumi.String("aws:ResourceAccount"), Values: pulumi.StringArray{pulumi.String(account.AccountId)},
				}},
			},
			iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String("EcrImageLayers"),
				Principals: anyone,
				Actions:    pulumi.StringArray{pulumi.String("s3:GetObject")},
				Resources:  pulumi.StringArray{pulumi.String(fmt.Sprintf("arn:aws:s3:::prod-%s-starport-layer-bucket/*", region.Name))},
			},
		},
	}).Json()

	vpc, err := privatevpc.NewVpc(ctx, "serving", &privatevpc.Args{
		CidrBlock: "10.40.0.0/16",
		Tiers: map[string]securitygroups.Tier{
			"endpoint": {Description: "model endpoints"},
			"database": {Description: "PostgreSQL for prompts and feedback"},
		},
		Flows: []securitygroups.Flow{
			{Client: "endpoint", Server: "database", FromPort: 5432, Description: "PostgreSQL from the model endpoints"},
		},
		// The database calls no AWS API: only the endpoints reach the VPC
		// endpoints and S3.
		EndpointClientTiers: []string{"endpoint"},
		EndpointPolicies:    map[string]pulumi.StringInput{"s3": s3Policy},
	})
	if err != nil {
		return err
	}
	ctx.Export("vpcId", vpc.VpcId)
	ctx.Export("privateSubnetIds", vpc.PrivateSubnetIds)
	ctx.Export("availabilityZones", vpc.AvailabilityZones)
	ctx.Export("endpointSecurityGroupId", vpc.EndpointTierSecurityGroupId)
	ctx.Export("tierSecurityGroupIds", vpc.TierSecurityGroupIds)
	ctx.Export("s3EndpointId", vpc.S3EndpointId)
	ctx.Export("vpcEndpointIds", vpc.VpcEndpointIds)
	ctx.Export("flowLogGroup", vpc.FlowLogGroupName)
	return nil
}

func main() {
	pulumi.Run(program)
}
