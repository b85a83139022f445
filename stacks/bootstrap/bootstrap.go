// Package bootstrap is the program of the bootstrap project (bootstrap/
// in this repository): what one AWS account needs before CI can deploy
// the stacks of stacks/aws into it, created once by an administrator.
//
//   - The team backend: an S3 state bucket, versioned, object-locked,
//     SSE-KMS under a multi-Region key, replicated (with its delete
//     markers) to a replica bucket in the DR region, encrypted there with
//     the key's replica; "pulumi login s3://..." to either.
//   - A multi-Region KMS key for Pulumi secrets ("awskms://" secrets
//     provider), its alias in both regions; each stack's secrets are bound
//     to the stack by an encryption context.
//   - GitHub Actions' OIDC provider, and per environment a deploy role
//     (only a job of that GitHub environment may assume it) and a preview
//     role (pull requests and the main branch's drift checks; read-only),
//     each under one permissions boundary.
package bootstrap

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/accessroles"
	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/awsenv"
)

// PullRequestSubject and MainBranchSubject are the OIDC subjects of a
// job without an environment, run for a pull request and on the main
// branch (the scheduled drift check): they may assume the preview roles.
func PullRequestSubject(repository string) string { return "repo:" + repository + ":pull_request" }
func MainBranchSubject(repository string) string {
	return "repo:" + repository + ":ref:refs/heads/main"
}

// Bootstrap is what the program builds.
type Bootstrap struct {
	Config      Config
	Env         awsenv.Env
	Primary, DR *aws.Provider

	// StateKey encrypts the state buckets; SecretsKey the stacks' Pulumi
	// secrets. Both are multi-Region, with replicas in the DR region.
	StateKey, SecretsKey *kmskey.Key
	// State is the state bucket; StateReplica its copy in the DR region.
	State, StateReplica *wormbucket.Bucket
	Replication         *wormbucket.Replication
	// Boundary is every role's permissions boundary.
	Boundary *iam.Policy
	// OIDCProviderArn is GitHub Actions' provider.
	OIDCProviderArn pulumi.StringOutput
	// Deploy and Preview are the roles by environment.
	Deploy, Preview map[string]*accessroles.Roles
}

// Program is the Pulumi program of the bootstrap project.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	b, err := Deploy(ctx, cfg)
	if err != nil {
		return err
	}
	b.export(ctx)
	return nil
}

// Deploy builds the bootstrap that cfg describes. cfg must be valid.
func Deploy(ctx *pulumi.Context, cfg Config) (*Bootstrap, error) {
	b := &Bootstrap{Config: cfg, Deploy: map[string]*accessroles.Roles{}, Preview: map[string]*accessroles.Roles{}}
	var err error
	provider := func(name, region string) (*aws.Provider, error) {
		return aws.NewProvider(ctx, name, &aws.ProviderArgs{
			Region:      pulumi.String(region),
			DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{ProtectedTag: pulumi.String(ProtectedValue)}},
		})
	}
	if b.Primary, err = provider("primary", cfg.PrimaryRegion); err != nil {
		return nil, err
	}
	if b.DR, err = provider("dr", cfg.DRRegion); err != nil {
		return nil, err
	}
	if b.Env, err = awsenv.Lookup(ctx, pulumi.Provider(b.Primary)); err != nil {
		return nil, err
	}
	inPrimary := []pulumi.ResourceOption{pulumi.Provider(b.Primary), pulumi.Protect(cfg.Protect)}
	inDR := []pulumi.ResourceOption{pulumi.Provider(b.DR), pulumi.Protect(cfg.Protect)}

	if b.StateKey, err = kmskey.NewKey(ctx, "state", &kmskey.Args{
		Description:     "modelfort Pulumi state buckets",
		Alias:           StateKeyAlias(cfg.Prefix),
		ViaServices:     []string{"s3"},
		ReplicaProvider: b.DR,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if b.SecretsKey, err = kmskey.NewKey(ctx, "secrets", &kmskey.Args{
		Description:     "modelfort Pulumi secrets provider (awskms)",
		Alias:           SecretsKeyAlias(cfg.Prefix),
		ReplicaProvider: b.DR,
	}, inPrimary...); err != nil {
		return nil, err
	}
	retention := cfg.StateRetention
	if b.State, err = wormbucket.NewBucket(ctx, "state", &wormbucket.Args{
		BucketName: StateBucketName(cfg.Prefix, b.Env.AccountId, cfg.PrimaryRegion),
		KMSKeyArn:  b.StateKey.Arn, Retention: &retention, NoncurrentVersionDays: cfg.NoncurrentVersionDays,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if b.StateReplica, err = wormbucket.NewBucket(ctx, "state-replica", &wormbucket.Args{
		BucketName: StateBucketName(cfg.Prefix, b.Env.AccountId, cfg.DRRegion),
		KMSKeyArn:  b.StateKey.ReplicaArn, Retention: &retention, NoncurrentVersionDays: cfg.NoncurrentVersionDays,
	}, inDR...); err != nil {
		return nil, err
	}
	// Delete markers replicate: Pulumi deletes a stack's lock file when an
	// operation ends, and a replica that kept every lock would refuse to
	// run from it. Object versions are never deleted by replication, and
	// object lock keeps them for the retention.
	if b.Replication, err = wormbucket.NewReplication(ctx, "state", &wormbucket.ReplicationArgs{
		Source: b.State, Destination: b.StateReplica, ReplicateDeleteMarkers: true, AlarmEmails: cfg.AlarmEmails,
	}, inPrimary...); err != nil {
		return nil, err
	}

	if cfg.OIDCProviderArn != "" {
		b.OIDCProviderArn = pulumi.String(cfg.OIDCProviderArn).ToStringOutput()
	} else {
		p, err := iam.NewOpenIdConnectProvider(ctx, "github", &iam.OpenIdConnectProviderArgs{
			Url:           pulumi.String(accessroles.DefaultCIURL),
			ClientIdLists: pulumi.StringArray{pulumi.String(accessroles.DefaultCIAudience)},
		}, inPrimary...)
		if err != nil {
			return nil, err
		}
		b.OIDCProviderArn = p.Arn
	}

	bucketArns := []pulumi.StringInput{b.State.Arn, b.StateReplica.Arn}
	stateKeys := pulumi.StringArray{b.StateKey.Arn, b.StateKey.ReplicaArn}
	secretsKeys := pulumi.StringArray{b.SecretsKey.Arn, b.SecretsKey.ReplicaArn}
	if b.Boundary, err = iam.NewPolicy(ctx, "boundary", &iam.PolicyArgs{
		Name:        pulumi.String(cfg.Prefix + "-deploy-boundary"),
		Description: pulumi.String("modelfort bootstrap: the permissions boundary of the deploy and preview roles"),
		Policy: boundary(ctx, b.Env, cfg, bucketArns,
			[]pulumi.StringInput{b.StateKey.Arn, b.StateKey.ReplicaArn, b.SecretsKey.Arn, b.SecretsKey.ReplicaArn}, pulumi.Provider(b.Primary)),
	}, inPrimary...); err != nil {
		return nil, err
	}
	servicePolicies := func(kind string, write bool) ([]pulumi.StringInput, error) {
		var arns []pulumi.StringInput
		for i, actions := range ServiceChunks(write) {
			p, err := iam.NewPolicy(ctx, fmt.Sprintf("%s-services-%d", kind, i), &iam.PolicyArgs{
				Name:        pulumi.String(fmt.Sprintf("%s-%s-services-%d", cfg.Prefix, kind, i)),
				Description: pulumi.String(fmt.Sprintf("modelfort bootstrap: what %s of the stacks needs (%d of %d)", map[bool]string{true: "pulumi up", false: "a preview or refresh"}[write], i+1, len(ServiceChunks(write)))),
				Policy:      servicesPolicy(ctx, fmt.Sprintf("StackServices%d", i), actions, pulumi.Provider(b.Primary)),
			}, inPrimary...)
			if err != nil {
				return nil, err
			}
			arns = append(arns, p.Arn)
		}
		return arns, nil
	}
	deployServices, err := servicePolicies("deploy", true)
	if err != nil {
		return nil, err
	}
	previewServices, err := servicePolicies("preview", false)
	if err != nil {
		return nil, err
	}
	ci := &accessroles.CIProvider{ProviderArn: b.OIDCProviderArn}
	for _, stack := range cfg.Environments {
		for _, kind := range []string{"deploy", "preview"} {
			write := kind == "deploy"
			state, err := iam.NewPolicy(ctx, kind+"-state-"+stack, &iam.PolicyArgs{
				Name:        pulumi.String(cfg.Prefix + "-" + kind + "-state-" + stack),
				Description: pulumi.String("modelfort bootstrap: the state and secrets of stack " + stack),
				Policy:      statePolicy(ctx, b.Env, cfg, stack, write, bucketArns, stateKeys, secretsKeys, pulumi.Provider(b.Primary)),
			}, inPrimary...)
			if err != nil {
				return nil, err
			}
			trust := accessroles.Trust{
				CISubjects:             []string{Subject(cfg.Repository, stack)},
				MaxSessionHours:        cfg.SessionHours,
				PermissionsBoundaryArn: b.Boundary.Arn,
			}
			policies := append([]pulumi.StringInput{}, deployServices...)
			if !write {
				trust.CISubjects = []string{PullRequestSubject(cfg.Repository), MainBranchSubject(cfg.Repository)}
				trust.MaxSessionHours = 1
				policies = append([]pulumi.StringInput{}, previewServices...)
			}
			roles, err := accessroles.NewRoles(ctx, kind+"-"+stack, &accessroles.Args{
				CI:     ci,
				Deploy: &accessroles.DeployRole{Trust: trust, ManagedPolicyArns: append(policies, state.Arn)},
			}, inPrimary...)
			if err != nil {
				return nil, err
			}
			if write {
				b.Deploy[stack] = roles
			} else {
				b.Preview[stack] = roles
			}
		}
	}
	return b, nil
}

// StateKeyAlias and SecretsKeyAlias are the aliases of the keys, the same
// in both regions.
func StateKeyAlias(prefix string) string   { return "alias/" + prefix + "/pulumi-state" }
func SecretsKeyAlias(prefix string) string { return "alias/" + prefix + "/pulumi-secrets" }

// BackendURL is the URL "pulumi login" takes for a state bucket.
func BackendURL(bucket, region string) string { return "s3://" + bucket + "?region=" + region }

// export publishes what the docs and the workflows need.
func (b *Bootstrap) export(ctx *pulumi.Context) {
	cfg := b.Config
	ctx.Export("stateBucket", b.State.BucketName)
	ctx.Export("stateBucketReplica", b.StateReplica.BucketName)
	ctx.Export("backendUrl", b.State.BucketName.ApplyT(func(n string) string { return BackendURL(n, cfg.PrimaryRegion) }))
	ctx.Export("drBackendUrl", b.StateReplica.BucketName.ApplyT(func(n string) string { return BackendURL(n, cfg.DRRegion) }))
	providers := pulumi.StringMap{}
	deploy, preview := pulumi.StringMap{}, pulumi.StringMap{}
	envs := append([]string{}, cfg.Environments...)
	sort.Strings(envs)
	for _, e := range envs {
		providers[e] = pulumi.String(SecretsProvider(SecretsKeyAlias(cfg.Prefix), e))
		deploy[e] = b.Deploy[e].DeployRoleArn
		preview[e] = b.Preview[e].DeployRoleArn
	}
	ctx.Export("secretsProviders", providers)
	ctx.Export("secretsKeyAlias", pulumi.String(SecretsKeyAlias(cfg.Prefix)))
	ctx.Export("secretsKeyArn", b.SecretsKey.Arn)
	ctx.Export("secretsKeyReplicaArn", b.SecretsKey.ReplicaArn)
	ctx.Export("stateKeyArn", b.StateKey.Arn)
	ctx.Export("stateKeyReplicaArn", b.StateKey.ReplicaArn)
	ctx.Export("deployRoleArns", deploy)
	ctx.Export("previewRoleArns", preview)
	ctx.Export("permissionsBoundaryArn", b.Boundary.Arn)
	ctx.Export("oidcProviderArn", b.OIDCProviderArn)
	ctx.Export("primaryRegion", pulumi.String(cfg.PrimaryRegion))
	ctx.Export("drRegion", pulumi.String(cfg.DRRegion))
}
