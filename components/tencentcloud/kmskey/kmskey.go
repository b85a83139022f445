// Package kmskey provides Key, a customer-managed Tencent Cloud KMS key
// (CMK) that is safe by default: symmetric (ENCRYPT_DECRYPT), enabled,
// rotated yearly by KMS, and recoverable for 30 days after its deletion is
// scheduled.
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how Key gets as close as
// it can:
//
//   - A Tencent Cloud KMS key has no key policy: who may use it is decided
//     by CAM policies alone. Key therefore writes no policy; grant use with
//     CAM policies on the key's resource name (Key.ResourceName).
//   - There are no multi-region keys: a key lives in one region. For a
//     second region, create a second Key with that region's provider; the
//     two have different key material.
package kmskey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kms"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:Key"

// Default and allowed pending-delete windows, in days.
const (
	DefaultPendingDeleteWindowDays = 30
	MinPendingDeleteWindowDays     = 7
	MaxPendingDeleteWindowDays     = 30
)

// KeyUsage is the usage of every Key: symmetric encryption, the only usage
// that KMS rotates.
const KeyUsage = "ENCRYPT_DECRYPT"

// Args configures a Key. The zero value is a valid, secure key.
type Args struct {
	// Alias names the key: 1 to 60 letters, digits, '_' and '-',
	// starting with a letter or digit, not starting with "KMS-" (reserved
	// for keys of Tencent Cloud services). Default: "modelfort-NAME".
	Alias string
	// Description of the key, at most 1024 bytes. Default:
	// "modelfort key NAME".
	Description string
	// PendingDeleteWindowDays is how long a key whose deletion is
	// scheduled can still be recovered: 7 to 30 days. Zero means 30.
	PendingDeleteWindowDays int
	// Tags are added to the key.
	Tags map[string]string
}

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

var aliasPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{0,59}$`)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if a.PendingDeleteWindowDays == 0 {
		a.PendingDeleteWindowDays = DefaultPendingDeleteWindowDays
	}
	if a.PendingDeleteWindowDays < MinPendingDeleteWindowDays || a.PendingDeleteWindowDays > MaxPendingDeleteWindowDays {
		return fmt.Errorf("kmskey %s: PendingDeleteWindowDays is %d; allowed values are %d to %d (0 means %d)",
			name, a.PendingDeleteWindowDays, MinPendingDeleteWindowDays, MaxPendingDeleteWindowDays, DefaultPendingDeleteWindowDays)
	}
	if a.Alias == "" {
		a.Alias = "modelfort-" + name
	}
	if !aliasPattern.MatchString(a.Alias) || strings.HasPrefix(strings.ToUpper(a.Alias), "KMS-") {
		return fmt.Errorf("kmskey %s: Alias is %q; allowed values are 1 to 60 letters, digits, '_' and '-', starting with a letter or digit, not starting with KMS-", name, a.Alias)
	}
	if a.Description == "" {
		a.Description = "modelfort key " + name
	}
	if len(a.Description) > 1024 {
		return fmt.Errorf("kmskey %s: Description is %d bytes; allowed values are at most 1024 bytes", name, len(a.Description))
	}
	return nil
}

// Validate checks args as NewKey does, without registering anything, for
// components that create a Key after resources of their own.
func Validate(name string, args *Args) error {
	a := Args{}
	if args != nil {
		a = *args
	}
	return a.validate(name)
}

// NewKey creates a key. Args are checked before anything is registered.
// Resource options (provider, protect, aliases, ...) apply to the
// component and through it to the key.
func NewKey(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Key, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("kmskey %s: %w", name, err)
	}
	k := &Key{Region: env.Region}
	if err := ctx.RegisterComponentResource(Type, name, k, opts...); err != nil {
		return nil, err
	}
	k.Key, err = kms.NewKey(ctx, name, &kms.KeyArgs{
		Alias:                     pulumi.String(a.Alias),
		Description:               pulumi.String(a.Description),
		KeyUsage:                  pulumi.String(KeyUsage),
		IsEnabled:                 pulumi.Bool(true),
		KeyRotationEnabled:        pulumi.Bool(true),
		PendingDeleteWindowInDays: pulumi.Int(a.PendingDeleteWindowDays),
		Tags:                      tcenv.Tags(a.Tags),
	}, pulumi.Parent(k))
	if err != nil {
		return nil, err
	}
	k.KeyId = k.Key.ID().ToStringOutput()
	k.Alias = k.Key.Alias
	k.ResourceName = pulumi.Sprintf("qcs::kms:%s:uin/%s:key/creatorUin/%s/%s", env.Region, env.OwnerUin, env.OwnerUin, k.KeyId)
	return k, ctx.RegisterResourceOutputs(k, pulumi.Map{
		"keyId": k.KeyId, "alias": k.Alias, "resourceName": k.ResourceName,
	})
}
