package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
)

// KeyArgs are kmskey.Args on the wire.
type KeyArgs struct {
	Description        string               `pulumi:"description,optional"`
	Alias              string               `pulumi:"alias,optional"`
	DeletionWindowDays int                  `pulumi:"deletionWindowDays,optional"`
	Administrators     []pulumi.StringInput `pulumi:"administrators,optional"`
	Users              []pulumi.StringInput `pulumi:"users,optional"`
	ViaServices        []string             `pulumi:"viaServices,optional"`
	ServicePrincipals  []string             `pulumi:"servicePrincipals,optional"`
	// ReplicaRegion, when set, makes the key a multi-Region primary key
	// with a replica, under the same policy and alias, in that region,
	// which must differ from the key's (the Go API's ReplicaProvider).
	// Default: none (a single-Region key).
	ReplicaRegion string            `pulumi:"replicaRegion,optional"`
	Tags          map[string]string `pulumi:"tags,optional"`
}

func newKey(ctx *pulumi.Context, name string, a KeyArgs, opts ...pulumi.ResourceOption) (*kmskey.Key, error) {
	args := &kmskey.Args{
		Description:        a.Description,
		Alias:              a.Alias,
		DeletionWindowDays: a.DeletionWindowDays,
		Administrators:     a.Administrators,
		Users:              a.Users,
		ViaServices:        a.ViaServices,
		ServicePrincipals:  a.ServicePrincipals,
		Tags:               a.Tags,
	}
	if a.ReplicaRegion != "" {
		if err := checkFirst("kmskey", name, *args, func(c *kmskey.Args) { c.ReplicaProvider = pending }); err != nil {
			return nil, err
		}
		if err := otherRegion(ctx, opts, "kmskey", name, "replicaRegion", a.ReplicaRegion, "key"); err != nil {
			return nil, err
		}
		replica, err := regionProvider(ctx, name, a.ReplicaRegion)
		if err != nil {
			return nil, err
		}
		args.ReplicaProvider = replica
	}
	return kmskey.NewKey(ctx, name, args, opts...)
}
