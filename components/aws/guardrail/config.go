package guardrail

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/bedrock"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// configure sets the guardrail's policies: content and prompt-attack
// filters, and, where the Args ask for them, personal data, denied topics
// and word lists.
func (a *Args) configure(g *bedrock.GuardrailArgs) {
	filters := bedrock.GuardrailContentPolicyConfigFiltersConfigArray{}
	for _, c := range ContentFilters {
		filters = append(filters, bedrock.GuardrailContentPolicyConfigFiltersConfigArgs{
			Type: pulumi.String(c), InputStrength: pulumi.String(a.ContentFilterStrength), OutputStrength: pulumi.String(a.ContentFilterStrength),
		})
	}
	// Bedrock filters prompt attacks in prompts only.
	filters = append(filters, bedrock.GuardrailContentPolicyConfigFiltersConfigArgs{
		Type: pulumi.String("PROMPT_ATTACK"), InputStrength: pulumi.String(a.PromptAttackStrength), OutputStrength: pulumi.String(None),
	})
	g.ContentPolicyConfig = &bedrock.GuardrailContentPolicyConfigArgs{FiltersConfigs: filters}
	if len(a.PII) > 0 {
		pii := bedrock.GuardrailSensitiveInformationPolicyConfigPiiEntitiesConfigArray{}
		for _, e := range slices.Sorted(maps.Keys(a.PII)) {
			pii = append(pii, bedrock.GuardrailSensitiveInformationPolicyConfigPiiEntitiesConfigArgs{
				Type: pulumi.String(e), Action: pulumi.String(a.PII[e]),
			})
		}
		g.SensitiveInformationPolicyConfig = &bedrock.GuardrailSensitiveInformationPolicyConfigArgs{PiiEntitiesConfigs: pii}
	}
	if len(a.DeniedTopics) > 0 {
		topics := bedrock.GuardrailTopicPolicyConfigTopicsConfigArray{}
		for _, t := range a.DeniedTopics {
			topics = append(topics, bedrock.GuardrailTopicPolicyConfigTopicsConfigArgs{
				Name: pulumi.String(t.Name), Definition: pulumi.String(t.Definition),
				Examples: pulumi.ToStringArray(t.Examples), Type: pulumi.String("DENY"),
			})
		}
		g.TopicPolicyConfig = &bedrock.GuardrailTopicPolicyConfigArgs{TopicsConfigs: topics}
	}
	if len(a.BlockedWords) > 0 || !a.AllowProfanity {
		words := &bedrock.GuardrailWordPolicyConfigArgs{}
		if len(a.BlockedWords) > 0 {
			list := bedrock.GuardrailWordPolicyConfigWordsConfigArray{}
			for _, w := range a.BlockedWords {
				list = append(list, bedrock.GuardrailWordPolicyConfigWordsConfigArgs{Text: pulumi.String(w)})
			}
			words.WordsConfigs = list
		}
		if !a.AllowProfanity {
			words.ManagedWordListsConfigs = bedrock.GuardrailWordPolicyConfigManagedWordListsConfigArray{
				bedrock.GuardrailWordPolicyConfigManagedWordListsConfigArgs{Type: pulumi.String("PROFANITY")},
			}
		}
		g.WordPolicyConfig = words
	}
}

// fingerprint identifies the configuration, so that a change of it
// publishes a new version.
func (a *Args) fingerprint() string {
	b, _ := json.Marshal(struct {
		C, P        string
		PII         map[string]string
		T           []Topic
		W           []string
		Profanity   bool
		Input, Outp string
	}{a.ContentFilterStrength, a.PromptAttackStrength, a.PII, a.DeniedTopics, a.BlockedWords, a.AllowProfanity, a.BlockedInputMessage, a.BlockedOutputMessage})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])[:12]
}
