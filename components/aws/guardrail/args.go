package guardrail

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/verify"
)

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

// strengths are the allowed filter strengths (NONE is not one).
var strengths = []string{Low, Medium, High}

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
	// filter's strength on prompts: LOW, MEDIUM or HIGH (NONE is
	// refused). Default: HIGH.
	PromptAttackStrength string
	// PII maps entity types (see PIIEntities) to BLOCK or ANONYMIZE.
	// Default: DefaultPII. An empty, non-nil map handles no personal data.
	PII map[string]string
	// DeniedTopics are subjects the model must not discuss. Default: none.
	DeniedTopics []Topic
	// BlockedWords are words and phrases blocked in prompts and answers,
	// 1 to 100 characters each. Default: none.
	BlockedWords []string
	// AllowProfanity turns off the managed profanity list: an explicit
	// loosening. Default: off.
	AllowProfanity bool
	// KMSKeyArn encrypts the guardrail: a KMS key ARN (not an alias or a
	// key ID). Default: a dedicated key usable through Bedrock only.
	KMSKeyArn pulumi.StringInput
	// BlockedInputMessage and BlockedOutputMessage are shown when a prompt
	// or an answer is blocked. Defaults: DefaultBlockedInput and
	// DefaultBlockedOutput.
	BlockedInputMessage, BlockedOutputMessage string
	// Tags are added to the guardrail and its key. Default: none.
	Tags map[string]string
}

// Validate checks the arguments and fills in their defaults; its errors
// name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	if a.ContentFilterStrength == "" {
		a.ContentFilterStrength = High
	}
	if a.PromptAttackStrength == "" {
		a.PromptAttackStrength = High
	}
	if err := verify.OneOf("ContentFilterStrength", a.ContentFilterStrength, strengths...); err != nil {
		return err
	}
	if err := verify.OneOf("PromptAttackStrength", a.PromptAttackStrength, strengths...); err != nil {
		return err
	}
	if a.PII == nil {
		a.PII = DefaultPII
	}
	for entity, action := range a.PII {
		if !slices.Contains(PIIEntities, entity) {
			return fmt.Errorf("PII has the unknown entity type %q; see guardrail.PIIEntities for the allowed values", entity)
		}
		if action != Block && action != Anonymize {
			return fmt.Errorf("PII[%s] is %q; allowed values are BLOCK and ANONYMIZE", entity, action)
		}
	}
	for i, t := range a.DeniedTopics {
		switch {
		case t.Name == "" || len(t.Name) > 100:
			return fmt.Errorf("DeniedTopics[%d].Name %q must have 1 to 100 characters", i, t.Name)
		case t.Definition == "" || len(t.Definition) > 200:
			return fmt.Errorf("DeniedTopics[%d].Definition must have 1 to 200 characters", i)
		case len(t.Examples) > 5:
			return fmt.Errorf("DeniedTopics[%d] has %d examples; at most 5", i, len(t.Examples))
		}
		for _, e := range t.Examples {
			if len(e) > 100 {
				return fmt.Errorf("DeniedTopics[%d] has an example of %d characters; at most 100", i, len(e))
			}
		}
	}
	for i, w := range a.BlockedWords {
		if strings.TrimSpace(w) == "" || len(w) > 100 {
			return fmt.Errorf("BlockedWords[%d] %q must have 1 to 100 characters", i, w)
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
