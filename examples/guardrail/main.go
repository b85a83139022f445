// Command guardrail is an example of guardrail.Guardrail: strict content
// and prompt-attack filters, personal data blocked or anonymized, a denied
// topic and a blocked code name, published as a version to pin.
//
//	pulumi config set aws:region us-east-1
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/guardrail"
)

func program(ctx *pulumi.Context) error {
	g, err := guardrail.NewGuardrail(ctx, "assistant", &guardrail.Args{
		DeniedTopics: []guardrail.Topic{{
			Name:       "Investment advice",
			Definition: "Recommendations to buy, sell or hold financial products.",
			Examples:   []string{"Which stocks should I buy this week?"},
		}},
		BlockedWords: []string{"project-zeus"},
	})
	if err != nil {
		return err
	}
	ctx.Export("guardrailId", g.GuardrailId)
	ctx.Export("guardrailVersion", g.Version)
	return nil
}

func main() {
	pulumi.Run(program)
}
