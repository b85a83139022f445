// Package encryption holds the one decision every AWS component makes
// about the KMS key that encrypts what it creates: use the customer-managed
// key the caller gave, or create a kmskey.Key of the component's own (the
// place the AWS CDK calls parseEncryption).
//
// A component checks the given ARN while it validates its Args (Check),
// and calls KeyOrOwn after it registered itself.
package encryption

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/verify"
)

// Check checks a key ARN that a caller may give (see verify.KMSKeyArn);
// field names the argument.
func Check(field string, given pulumi.StringInput) error {
	return verify.KMSKeyArn(field, given)
}

// KeyOrOwn returns given when it is set, with a nil key. Otherwise it
// creates a key named name from own (a description, and the services
// that use it), and returns its ARN and the key. The key's alias, unless
// own sets one, is kmskey.DefaultAlias of "OWNER/NAME", so that the keys
// of two components of one stack that share a name (a site's guardrail
// and its model endpoint, say) hold different aliases; owner is the
// component's package name. opts are the options of the key, usually
// pulumi.Parent of the component.
func KeyOrOwn(ctx *pulumi.Context, owner, name string, given pulumi.StringInput, own kmskey.Args, opts ...pulumi.ResourceOption) (pulumi.StringInput, *kmskey.Key, error) {
	if given != nil {
		return given, nil, nil
	}
	if own.Alias == "" {
		own.Alias = kmskey.DefaultAlias(ctx, owner+"/"+name)
	}
	key, err := kmskey.NewKey(ctx, name, &own, opts...)
	if err != nil {
		return nil, nil, err
	}
	return key.Arn, key, nil
}
