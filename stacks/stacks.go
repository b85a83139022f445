// Package stacks composes modelfort's components into one model-serving
// deployment per environment: a primary region and a disaster-recovery
// region, each with its own explicit provider.
package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Site is the part of a deployment in one region.
type Site struct {
	// Role is "primary" or "dr".
	Role     string
	Region   string
	Provider *aws.Provider
	// Key is the customer-managed KMS key that encrypts the site's data.
	Key *kms.Key
}

// Deployment is what a stack builds.
type Deployment struct {
	Config  Config
	Primary *Site
	DR      *Site
}

// Program is the Pulumi program of the modelfort project: it loads the
// stack configuration, deploys, and exports what a user needs.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	d, err := Deploy(ctx, cfg)
	if err != nil {
		return err
	}
	ctx.Export("environment", pulumi.String(cfg.Environment))
	ctx.Export("primaryRegion", pulumi.String(d.Primary.Region))
	ctx.Export("drRegion", pulumi.String(d.DR.Region))
	ctx.Export("primaryKeyArn", d.Primary.Key.Arn)
	ctx.Export("drKeyArn", d.DR.Key.Arn)
	return nil
}

// Deploy builds the deployment that cfg describes. cfg must be valid.
func Deploy(ctx *pulumi.Context, cfg Config) (*Deployment, error) {
	primary, err := newSite(ctx, cfg, "primary", cfg.PrimaryRegion)
	if err != nil {
		return nil, err
	}
	dr, err := newSite(ctx, cfg, "dr", cfg.DRRegion)
	if err != nil {
		return nil, err
	}
	return &Deployment{Config: cfg, Primary: primary, DR: dr}, nil
}

func newSite(ctx *pulumi.Context, cfg Config, role, region string) (*Site, error) {
	tags := pulumi.StringMap{
		"modelfort:environment": pulumi.String(cfg.Environment),
		"modelfort:site":        pulumi.String(role),
	}
	prov, err := aws.NewProvider(ctx, role, &aws.ProviderArgs{
		Region:      pulumi.String(region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: tags},
	})
	if err != nil {
		return nil, err
	}
	stateful := []pulumi.ResourceOption{pulumi.Provider(prov), pulumi.Protect(cfg.Profile().Protect)}
	key, err := kms.NewKey(ctx, role+"-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("modelfort %s data key (%s site)", cfg.Environment, role),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
	}, stateful...)
	if err != nil {
		return nil, err
	}
	if _, err := kms.NewAlias(ctx, role+"-key", &kms.AliasArgs{
		Name:        pulumi.String(fmt.Sprintf("alias/modelfort-%s-%s", cfg.Environment, role)),
		TargetKeyId: key.KeyId,
	}, pulumi.Provider(prov)); err != nil {
		return nil, err
	}
	return &Site{Role: role, Region: region, Provider: prov, Key: key}, nil
}
