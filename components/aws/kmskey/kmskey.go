package kmskey

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:Key"

// pkg prefixes the component's errors.
const pkg = "kmskey"

// Key is a customer-managed KMS key, and optionally its replica.
type Key struct {
	pulumi.ResourceState

	// Arn and KeyId identify the key.
	Arn   pulumi.StringOutput `pulumi:"arn"`
	KeyId pulumi.StringOutput `pulumi:"keyId"`
	// AliasName is the alias, "alias/...".
	AliasName pulumi.StringOutput `pulumi:"aliasName"`
	// ReplicaArn is the replica key's ARN, or empty without a replica.
	ReplicaArn pulumi.StringOutput `pulumi:"replicaArn"`

	// Region is where the key lives; ReplicaRegion where its replica does.
	Region        string
	ReplicaRegion string

	// Key is the primary key; Replica the replica, or nil.
	Key     *kms.Key
	Replica *kms.ReplicaKey
}

// NewKey creates a key. Args are checked before anything is registered.
// Resource options (provider, protect, aliases, ...) apply to the
// component and through it to the keys.
func NewKey(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Key, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	var replicaEnv awsenv.Env
	if a.ReplicaProvider != nil {
		replicaEnv, err = awsenv.Lookup(ctx, pulumi.Provider(a.ReplicaProvider))
		if err != nil {
			return nil, component.Errorf(pkg, name, err)
		}
		if replicaEnv.Region == env.Region {
			return nil, component.Errorf(pkg, name, fmt.Errorf("ReplicaProvider acts in %s, the key's own region; a replica must be in another region", env.Region))
		}
	}

	if a.Alias == "" {
		a.Alias = DefaultAlias(ctx, name)
	}
	k := &Key{Region: env.Region, ReplicaRegion: replicaEnv.Region}
	in, err := component.Register(ctx, Type, name, k, opts...)
	if err != nil {
		return nil, err
	}
	keyTags := tags.Of(a.Tags)
	k.Key, err = kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String(a.Description),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(a.DeletionWindowDays),
		MultiRegion:          pulumi.Bool(a.ReplicaProvider != nil),
		Policy:               a.policy(ctx, env, in),
		Tags:                 keyTags,
	}, in)
	if err != nil {
		return nil, err
	}
	// An alias holds no data: it is never protected, so that renaming it
	// (a replacement) stays possible where the key is protected.
	if _, err := kms.NewAlias(ctx, name, &kms.AliasArgs{
		Name:        pulumi.String(a.Alias),
		TargetKeyId: k.Key.KeyId,
	}, in, pulumi.Protect(false)); err != nil {
		return nil, err
	}
	k.Arn, k.KeyId, k.AliasName = k.Key.Arn, k.Key.KeyId, pulumi.String(a.Alias).ToStringOutput()
	k.ReplicaArn = pulumi.String("").ToStringOutput()

	if a.ReplicaProvider != nil {
		inReplica := []pulumi.ResourceOption{in, pulumi.Provider(a.ReplicaProvider)}
		k.Replica, err = kms.NewReplicaKey(ctx, name+"-replica", &kms.ReplicaKeyArgs{
			PrimaryKeyArn:        k.Key.Arn,
			Description:          pulumi.String(a.Description + " (replica)"),
			DeletionWindowInDays: pulumi.Int(a.DeletionWindowDays),
			Policy:               a.policy(ctx, replicaEnv, in, pulumi.Provider(a.ReplicaProvider)),
			Tags:                 keyTags,
		}, inReplica...)
		if err != nil {
			return nil, err
		}
		if _, err := kms.NewAlias(ctx, name+"-replica", &kms.AliasArgs{
			Name:        pulumi.String(a.Alias),
			TargetKeyId: k.Replica.KeyId,
		}, append(inReplica, pulumi.Protect(false))...); err != nil {
			return nil, err
		}
		k.ReplicaArn = k.Replica.Arn
	}

	return k, ctx.RegisterResourceOutputs(k, pulumi.Map{
		"arn": k.Arn, "keyId": k.KeyId, "aliasName": k.AliasName, "replicaArn": k.ReplicaArn,
	})
}
