// Command tencent-kms-key is an example of the Tencent Cloud kmskey.Key: a
// customer-managed key for model artifacts, rotated yearly, recoverable
// for 30 days after its deletion is scheduled.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/kmskey"
)

func program(ctx *pulumi.Context) error {
	key, err := kmskey.NewKey(ctx, "models", &kmskey.Args{
		Description: "model artifacts",
		Tags:        map[string]string{"modelfort:example": "tencent-kms-key"},
	})
	if err != nil {
		return err
	}
	ctx.Export("keyId", key.KeyId)
	ctx.Export("alias", key.Alias)
	ctx.Export("resourceName", key.ResourceName)
	return nil
}

func main() {
	pulumi.Run(program)
}
