// Package guardrail provides Guardrail, an Amazon Bedrock guardrail for the
// prompts and answers of a model: content filters at HIGH strength,
// including the prompt-attack filter against prompt injection, handling of
// personal data (block or anonymize per entity type), denied topics, word
// lists and the managed profanity list, encryption with a customer-managed
// key, and a published version that changes whenever the configuration
// does.
package guardrail

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/bedrock"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
)

// Type is the component's type token.
const Type = "modelfort:aws:Guardrail"

// Filter strengths.
const (
	None   = "NONE"
	Low    = "LOW"
	Medium = "MEDIUM"
	High   = "HIGH"
)

// PII actions.
const (
	Block     = "BLOCK"
	Anonymize = "ANONYMIZE"
)

// ContentFilters are the content categories filtered at
// Args.ContentFilterStrength, in prompts and in answers.
var ContentFilters = []string{"HATE", "INSULTS", "MISCONDUCT", "SEXUAL", "VIOLENCE"}

// PIIEntities are the personal-data entity types Bedrock recognises.
var PIIEntities = []string{
	"ADDRESS", "AGE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "CA_HEALTH_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER",
	"CREDIT_DEBIT_CARD_CVV", "CREDIT_DEBIT_CARD_EXPIRY", "CREDIT_DEBIT_CARD_NUMBER", "DRIVER_ID", "EMAIL",
	"INTERNATIONAL_BANK_ACCOUNT_NUMBER", "IP_ADDRESS", "LICENSE_PLATE", "MAC_ADDRESS", "NAME", "PASSWORD", "PHONE",
	"PIN", "SWIFT_CODE", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "UK_NATIONAL_INSURANCE_NUMBER",
	"UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", "URL", "USERNAME", "US_BANK_ACCOUNT_NUMBER", "US_BANK_ROUTING_NUMBER",
	"US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "US_PASSPORT_NUMBER", "US_SOCIAL_SECURITY_NUMBER",
	"VEHICLE_IDENTIFICATION_NUMBER",
}

// DefaultPII blocks secrets and financial identifiers and anonymizes
// contact details.
var DefaultPII = map[string]string{
	"AWS_ACCESS_KEY": Block, "AWS_SECRET_KEY": Block, "PASSWORD": Block, "PIN": Block,
	"CREDIT_DEBIT_CARD_NUMBER": Block, "CREDIT_DEBIT_CARD_CVV": Block, "US_SOCIAL_SECURITY_NUMBER": Block,
	"US_BANK_ACCOUNT_NUMBER": Block, "INTERNATIONAL_BANK_ACCOUNT_NUMBER": Block,
	"EMAIL": Anonymize, "PHONE": Anonymize, "ADDRESS": Anonymize,
}

// Default messages shown when the guardrail blocks a prompt or an answer.
const (
	DefaultBlockedInput  = "This request was blocked by the model's safety policy."
	DefaultBlockedOutput = "The answer was withheld by the model's safety policy."
)

// Topic is a subject the model must not discuss.
type Topic struct {
	// Name (at most 100 characters) and Definition (at most 200).
	Name, Definition string
	// Examples are up to 5 sample prompts (at most 100 characters each).
	Examples []string
}

// Args configures a Guardrail. The zero value is a valid, strict guardrail.
type Args struct {
	// ContentFilterStrength applies to every content category, in prompts
	// and answers: LOW, MEDIUM or HIGH. Default: HIGH.
	ContentFilterStrength string
	// PromptAttackStrength is the prompt-attack (injection, jailbreak)
	// filter's strength on prompts: LOW, MEDIUM or HIGH. Default: HIGH.
	PromptAttackStrength string
	// PII maps entity types (see PIIEntities) to BLOCK or ANONYMIZE.
	// Default: DefaultPII. An empty, non-nil map handles no personal data.
	PII map[string]string
	// DeniedTopics are subjects the model must not discuss.
	DeniedTopics []Topic
	// BlockedWords are words and phrases blocked in prompts and answers.
	BlockedWords []string
	// AllowProfanity turns off the managed profanity list: an explicit
	// loosening.
	AllowProfanity bool
	// KMSKeyArn encrypts the guardrail. Default: a dedicated key usable
	// through Bedrock only.
	KMSKeyArn pulumi.StringInput
	// BlockedInputMessage and BlockedOutputMessage are shown when a prompt
	// or an answer is blocked.
	BlockedInputMessage, BlockedOutputMessage string
	// Tags are added to the guardrail and its key.
	Tags map[string]string
}

// Guardrail is a Bedrock guardrail and its published version.
type Guardrail struct {
	pulumi.ResourceState

	GuardrailId  pulumi.StringOutput `pulumi:"guardrailId"`
	GuardrailArn pulumi.StringOutput `pulumi:"guardrailArn"`
	// Version is the published version callers should pin.
	Version pulumi.StringOutput `pulumi:"version"`
}

var strengths = []string{Low, Medium, High}

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if err := kmskey.CheckArn("KMSKeyArn", a.KMSKeyArn); err != nil {
		return fmt.Errorf("guardrail %s: %w", name, err)
	}
	if a.ContentFilterStrength == "" {
		a.ContentFilterStrength = High
	}
	if a.PromptAttackStrength == "" {
		a.PromptAttackStrength = High
	}
	if !slices.Contains(strengths, a.ContentFilterStrength) {
		return fmt.Errorf("guardrail %s: ContentFilterStrength is %q; allowed values are %s", name, a.ContentFilterStrength, strings.Join(strengths, ", "))
	}
	if !slices.Contains(strengths, a.PromptAttackStrength) {
		return fmt.Errorf("guardrail %s: PromptAttackStrength is %q; allowed values are %s", name, a.PromptAttackStrength, strings.Join(strengths, ", "))
	}
	if a.PII == nil {
		a.PII = DefaultPII
	}
	for entity, action := range a.PII {
		if !slices.Contains(PIIEntities, entity) {
			return fmt.Errorf("guardrail %s: PII has the unknown entity type %q; see guardrail.PIIEntities for the allowed values", name, entity)
		}
		if action != Block && action != Anonymize {
			return fmt.Errorf("guardrail %s: PII[%s] is %q; allowed values are BLOCK and ANONYMIZE", name, entity, action)
		}
	}
	for i, t := range a.DeniedTopics {
		switch {
		case t.Name == "" || len(t.Name) > 100:
			return fmt.Errorf("guardrail %s: DeniedTopics[%d].Name %q must have 1 to 100 characters", name, i, t.Name)
		case t.Definition == "" || len(t.Definition) > 200:
			return fmt.Errorf("guardrail %s: DeniedTopics[%d].Definition must have 1 to 200 characters", name, i)
		case len(t.Examples) > 5:
			return fmt.Errorf("guardrail %s: DeniedTopics[%d] has %d examples; at most 5", name, i, len(t.Examples))
		}
		for _, e := range t.Examples {
			if len(e) > 100 {
				return fmt.Errorf("guardrail %s: DeniedTopics[%d] has an example of %d characters; at most 100", name, i, len(e))
			}
		}
	}
	for i, w := range a.BlockedWords {
		if strings.TrimSpace(w) == "" || len(w) > 100 {
			return fmt.Errorf("guardrail %s: BlockedWords[%d] %q must have 1 to 100 characters", name, i, w)
		}
	}
	if a.BlockedInputMessage == "" {
		a.BlockedInputMessage = DefaultBlockedInput
	}
	if a.BlockedOutputMessage == "" {
		a.BlockedOutputMessage = DefaultBlockedOutput
	}
	return nil
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

// NewGuardrail creates a guardrail. Args are checked before anything is
// registered. Resource options apply to the component and its children.
func NewGuardrail(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Guardrail, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	g := &Guardrail{}
	if err := ctx.RegisterComponentResource(Type, name, g, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(g)
	key := a.KMSKeyArn
	if key == nil {
		k, err := kmskey.NewKey(ctx, name, &kmskey.Args{
			Description: "modelfort guardrail " + name,
			ViaServices: []string{"bedrock"},
			Tags:        a.Tags,
		}, in)
		if err != nil {
			return nil, err
		}
		key = k.Arn
	}

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
	guardArgs := &bedrock.GuardrailArgs{
		Description:             pulumi.String("modelfort guardrail " + name),
		BlockedInputMessaging:   pulumi.String(a.BlockedInputMessage),
		BlockedOutputsMessaging: pulumi.String(a.BlockedOutputMessage),
		KmsKeyArn:               key,
		ContentPolicyConfig:     &bedrock.GuardrailContentPolicyConfigArgs{FiltersConfigs: filters},
		Tags:                    pulumi.ToStringMap(a.Tags),
	}
	if len(a.PII) > 0 {
		entities := make([]string, 0, len(a.PII))
		for e := range a.PII {
			entities = append(entities, e)
		}
		sort.Strings(entities)
		pii := bedrock.GuardrailSensitiveInformationPolicyConfigPiiEntitiesConfigArray{}
		for _, e := range entities {
			pii = append(pii, bedrock.GuardrailSensitiveInformationPolicyConfigPiiEntitiesConfigArgs{
				Type: pulumi.String(e), Action: pulumi.String(a.PII[e]),
			})
		}
		guardArgs.SensitiveInformationPolicyConfig = &bedrock.GuardrailSensitiveInformationPolicyConfigArgs{PiiEntitiesConfigs: pii}
	}
	if len(a.DeniedTopics) > 0 {
		topics := bedrock.GuardrailTopicPolicyConfigTopicsConfigArray{}
		for _, t := range a.DeniedTopics {
			topics = append(topics, bedrock.GuardrailTopicPolicyConfigTopicsConfigArgs{
				Name: pulumi.String(t.Name), Definition: pulumi.String(t.Definition),
				Examples: pulumi.ToStringArray(t.Examples), Type: pulumi.String("DENY"),
			})
		}
		guardArgs.TopicPolicyConfig = &bedrock.GuardrailTopicPolicyConfigArgs{TopicsConfigs: topics}
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
		guardArgs.WordPolicyConfig = words
	}
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
