package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/guardrail"
)

// GuardrailArgs are guardrail.Args on the wire.
type GuardrailArgs struct {
	ContentFilterStrength string             `pulumi:"contentFilterStrength,optional"`
	PromptAttackStrength  string             `pulumi:"promptAttackStrength,optional"`
	PII                   map[string]string  `pulumi:"pii,optional"`
	DeniedTopics          []DeniedTopic      `pulumi:"deniedTopics,optional"`
	BlockedWords          []string           `pulumi:"blockedWords,optional"`
	AllowProfanity        bool               `pulumi:"allowProfanity,optional"`
	KMSKeyArn             pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	BlockedInputMessage   string             `pulumi:"blockedInputMessage,optional"`
	BlockedOutputMessage  string             `pulumi:"blockedOutputMessage,optional"`
	Tags                  map[string]string  `pulumi:"tags,optional"`
}

// DeniedTopic is guardrail.Topic on the wire.
type DeniedTopic struct {
	Name       string   `pulumi:"name,optional"`
	Definition string   `pulumi:"definition,optional"`
	Examples   []string `pulumi:"examples,optional"`
}

func newGuardrail(ctx *pulumi.Context, name string, a GuardrailArgs, opts ...pulumi.ResourceOption) (*guardrail.Guardrail, error) {
	var topics []guardrail.Topic
	for _, t := range a.DeniedTopics {
		topics = append(topics, guardrail.Topic{Name: t.Name, Definition: t.Definition, Examples: t.Examples})
	}
	return guardrail.NewGuardrail(ctx, name, &guardrail.Args{
		ContentFilterStrength: a.ContentFilterStrength,
		PromptAttackStrength:  a.PromptAttackStrength,
		PII:                   a.PII,
		DeniedTopics:          topics,
		BlockedWords:          a.BlockedWords,
		AllowProfanity:        a.AllowProfanity,
		KMSKeyArn:             a.KMSKeyArn,
		BlockedInputMessage:   a.BlockedInputMessage,
		BlockedOutputMessage:  a.BlockedOutputMessage,
		Tags:                  a.Tags,
	}, opts...)
}
