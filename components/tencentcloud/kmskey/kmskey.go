package kmskey

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kms"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:Key"

// pkg prefixes the component's errors.
const pkg = "kmskey"

// Key is a customer-managed KMS key.
type Key struct {
	pulumi.ResourceState

	// KeyId is the key's ID (a UUID), which services such as CloudAudit
	// take.
	KeyId pulumi.StringOutput `pulumi:"keyId"`
	// Alias is the key's alias.
	Alias pulumi.StringOutput `pulumi:"alias"`
	// ResourceName is the key's CAM resource name,
	// "qcs::kms:REGION:uin/OWNERUIN:key/creatorUin/OWNERUIN/KEYID", for CAM
	// policies that grant its use.
	ResourceName pulumi.StringOutput `pulumi:"resourceName"`

	// Region is where the key lives.
	Region string
	// Key is the KMS key.
	Key *kms.Key
}

// NewKey creates a key. Args are checked before anything is registered.
// Resource options (provider, protect, aliases, ...) apply to the
// component and through it to the key.
func NewKey(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Key, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	k := &Key{Region: env.Region}
	in, err := component.Register(ctx, Type, name, k, opts...)
	if err != nil {
		return nil, err
	}
	if k.Key, err = kms.NewKey(ctx, name, &kms.KeyArgs{
		Alias:                     pulumi.String(a.Alias),
		Description:               pulumi.String(a.Description),
		KeyUsage:                  pulumi.String(KeyUsage),
		IsEnabled:                 pulumi.Bool(true),
		KeyRotationEnabled:        pulumi.Bool(true),
		PendingDeleteWindowInDays: pulumi.Int(a.PendingDeleteWindowDays),
		Tags:                      tcenv.Tags(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	k.KeyId = k.Key.ID().ToStringOutput()
	k.Alias = k.Key.Alias
	k.ResourceName = pulumi.Sprintf("qcs::kms:%s:uin/%s:key/creatorUin/%s/%s", env.Region, env.OwnerUin, env.OwnerUin, k.KeyId)
	return k, ctx.RegisterResourceOutputs(k, pulumi.Map{
		"keyId": k.KeyId, "alias": k.Alias, "resourceName": k.ResourceName,
	})
}
