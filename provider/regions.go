package provider

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
)

// otherRegion refuses a second region (field, such as "replicaRegion")
// that is the component's own, in the program's words: the component
// would refuse the provider made of it, naming its Go field.
func otherRegion(ctx *pulumi.Context, opts []pulumi.ResourceOption, pkg, name, field, region, what string) error {
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return component.Errorf(pkg, name, err)
	}
	if env.Region == region {
		return component.Errorf(pkg, name, fmt.Errorf("%s is %s, the %s's own region; it must name another region", field, region, what))
	}
	return nil
}

// checkFirst validates a copy of a component's args, whose provider
// fields withProvider sets to a stand-in for the provider that is not
// made yet, before a wrapper registers that provider: bad input leaves
// nothing behind, not even a provider. The component validates again,
// with the real provider.
func checkFirst[A any, P component.Validator[A]](pkg, name string, args A, withProvider func(*A)) error {
	withProvider(&args)
	_, err := component.Prepare[A, P](pkg, name, &args)
	return err
}

// pending stands for a provider that is not made yet (see checkFirst);
// it is never registered.
var pending = &aws.Provider{}

// regionProvider returns an aws provider for region, where the Go API
// takes a provider (a key's replica, a vault's copy): a program in another
// language names the region instead (nil for ""). It is named after the
// component ("NAME-REGION"), so that two components never share one by
// accident.
//
// It takes the program's own aws settings from its stack config (profile,
// shared config and credentials files, allowed accounts, the role to
// assume), so that the second region is reached with the same credentials
// and the same account guard as the first. A program that passes the
// component an explicit aws provider instead must keep these settings in
// its stack config too: a provider's settings are not readable here.
func regionProvider(ctx *pulumi.Context, component, region string) (*aws.Provider, error) {
	if region == "" {
		return nil, nil
	}
	args := &aws.ProviderArgs{Region: pulumi.String(region)}
	if v, ok := ctx.GetConfig("aws:profile"); ok {
		args.Profile = pulumi.String(v)
	}
	for key, dst := range map[string]*pulumi.StringArrayInput{
		"aws:allowedAccountIds":      &args.AllowedAccountIds,
		"aws:sharedConfigFiles":      &args.SharedConfigFiles,
		"aws:sharedCredentialsFiles": &args.SharedCredentialsFiles,
	} {
		if v, ok := ctx.GetConfig(key); ok {
			var list []string
			if err := json.Unmarshal([]byte(v), &list); err != nil {
				return nil, fmt.Errorf("config %s is %q; want a list of strings: %w", key, v, err)
			}
			*dst = pulumi.ToStringArray(list)
		}
	}
	if v, ok := ctx.GetConfig("aws:assumeRole"); ok {
		var role struct {
			RoleArn     string `json:"roleArn"`
			SessionName string `json:"sessionName"`
			ExternalId  string `json:"externalId"`
		}
		if err := json.Unmarshal([]byte(v), &role); err != nil {
			return nil, fmt.Errorf("config aws:assumeRole is not an object with roleArn, sessionName and externalId: %w", err)
		}
		args.AssumeRole = &aws.ProviderAssumeRoleArgs{
			RoleArn:     pulumi.StringPtr(role.RoleArn),
			SessionName: pulumi.StringPtr(role.SessionName),
			ExternalId:  pulumi.StringPtr(role.ExternalId),
		}
	}
	return aws.NewProvider(ctx, component+"-"+region, args)
}
