// Command metadata-store is an example of metadatastore.Store: the
// PostgreSQL store of training and model metadata in the database tier of
// a private VPC, which only the training tier reaches (SG to SG, port
// 5432), encrypted with a key of its own, TLS only, IAM database
// authentication, its master password managed and rotated by RDS,
// Multi-AZ, deletion-protected, and its automated backups replicated to a
// second region. The training role may connect as the database user
// "trainer" and as no one else.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2   # optional; default us-west-2
//	pulumi up
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/metadatastore"
	"github.com/modelfort/modelfort/components/aws/privatevpc"
	"github.com/modelfort/modelfort/components/aws/securitygroups"
)

func program(ctx *pulumi.Context) error {
	drRegion := config.New(ctx, "").Get("drRegion")
	if drRegion == "" {
		drRegion = "us-west-2"
	}
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	vpc, err := privatevpc.NewVpc(ctx, "metadata", &privatevpc.Args{
		CidrBlock: "10.50.0.0/16",
		Tiers: map[string]securitygroups.Tier{
			"training": {Description: "training jobs"},
			"database": {Description: "the metadata store"},
		},
		EndpointTier: "training",
		Flows: []securitygroups.Flow{
			{Client: "training", Server: "database", FromPort: metadatastore.Port, Description: "PostgreSQL from the training tier"},
		},
		// The database calls no AWS API: only the training tier reaches
		// the VPC endpoints.
		EndpointClientTiers: []string{"training"},
	})
	if err != nil {
		return err
	}
	var subnets []pulumi.StringInput
	for _, sn := range vpc.PrivateSubnets {
		subnets = append(subnets, sn.ID().ToStringOutput())
	}
	store, err := metadatastore.NewStore(ctx, "metadata", &metadatastore.Args{
		SubnetIds:        subnets,
		SecurityGroupIds: []pulumi.StringInput{vpc.SecurityGroups.Groups["database"].ID().ToStringOutput()},
		ReplicaProvider:  dr, // the store's own key gets a replica there
		Tags:             map[string]string{"data": "training-metadata"},
	})
	if err != nil {
		return err
	}

	// The training role (SageMaker training jobs of this account) connects
	// as "trainer", with IAM tokens; the user is created in the database
	// with GRANT rds_iam TO trainer.
	account, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
	if err != nil {
		return err
	}
	trainer, err := iam.NewRole(ctx, "trainer", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
			`"Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole",`+
			`"Condition":{"StringEquals":{"aws:SourceAccount":"%s"}}}]}`, account.AccountId)),
	})
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicy(ctx, "trainer-connects", &iam.RolePolicyArgs{
		Role:   trainer.Name,
		Policy: store.ConnectPolicy("trainer"),
	}); err != nil {
		return err
	}

	ctx.Export("address", store.Address)
	ctx.Export("port", store.Port)
	ctx.Export("resourceId", store.ResourceId)
	ctx.Export("masterUserSecretArn", store.MasterUserSecretArn)
	ctx.Export("replicatedBackupsArn", store.ReplicatedBackupsArn)
	ctx.Export("replicaRegion", pulumi.String(store.ReplicaRegion))
	ctx.Export("recoveryPointMinutes", pulumi.Float64(store.RecoveryPoint.Minutes()))
	return nil
}

func main() {
	pulumi.Run(program)
}
