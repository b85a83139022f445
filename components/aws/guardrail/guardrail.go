package guardrail

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/bedrock"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:Guardrail"

// pkg prefixes the component's errors.
const pkg = "guardrail"

// Guardrail is a Bedrock guardrail and its published version.
type Guardrail struct {
	pulumi.ResourceState

	GuardrailId  pulumi.StringOutput `pulumi:"guardrailId"`
	GuardrailArn pulumi.StringOutput `pulumi:"guardrailArn"`
	// Version is the published version callers should pin.
	Version pulumi.StringOutput `pulumi:"version"`
}

// NewGuardrail creates a guardrail. Args are checked before anything is
// registered. Resource options apply to the component and its children.
func NewGuardrail(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Guardrail, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	g := &Guardrail{}
	in, err := component.Register(ctx, Type, name, g, opts...)
	if err != nil {
		return nil, err
	}
	key, _, err := encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, kmskey.Args{
		Description: "modelfort guardrail " + name,
		ViaServices: []string{"bedrock"},
		Tags:        a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}

	guardArgs := &bedrock.GuardrailArgs{
		Description:             pulumi.String("modelfort guardrail " + name),
		BlockedInputMessaging:   pulumi.String(a.BlockedInputMessage),
		BlockedOutputsMessaging: pulumi.String(a.BlockedOutputMessage),
		KmsKeyArn:               key,
		Tags:                    tags.Of(a.Tags),
	}
	a.configure(guardArgs)
	guard, err := bedrock.NewGuardrail(ctx, name, guardArgs, in)
	if err != nil {
		return nil, err
	}
	version, err := bedrock.NewGuardrailVersion(ctx, name, &bedrock.GuardrailVersionArgs{
		GuardrailArn: guard.GuardrailArn,
		Description:  pulumi.String("modelfort configuration " + a.fingerprint()),
	}, in, pulumi.ReplaceOnChanges([]string{"description"}), pulumi.DeleteBeforeReplace(false))
	if err != nil {
		return nil, err
	}
	g.GuardrailId, g.GuardrailArn, g.Version = guard.GuardrailId, guard.GuardrailArn, version.Version
	return g, ctx.RegisterResourceOutputs(g, pulumi.Map{
		"guardrailId": g.GuardrailId, "guardrailArn": g.GuardrailArn, "version": g.Version,
	})
}
