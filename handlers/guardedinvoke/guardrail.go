package guardedinvoke

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
)

// GuardrailClient applies a Bedrock guardrail to a text. *bedrockruntime.Client
// satisfies it.
type GuardrailClient interface {
	ApplyGuardrail(ctx context.Context, params *bedrockruntime.ApplyGuardrailInput, optFns ...func(*bedrockruntime.Options)) (*bedrockruntime.ApplyGuardrailOutput, error)
}

// outcome is what a guardrail did to one text.
type outcome int

const (
	// passed: the guardrail did not intervene; the text goes on unchanged.
	passed outcome = iota
	// anonymized: the guardrail masked sensitive information and nothing
	// else; its output text goes on in place of the original.
	anonymized
	// blocked: the guardrail refused the text; its output is the blocked
	// message configured on the guardrail.
	blocked
)

// String is the name the success answer uses for the outcome.
func (o outcome) String() string {
	switch o {
	case passed:
		return "NONE"
	case anonymized:
		return "ANONYMIZED"
	default:
		return "BLOCKED"
	}
}

// verdict is a guardrail's judgement of one text.
type verdict struct {
	outcome outcome
	// text is the text to go on with: the original when passed, the
	// anonymized text when anonymized, the blocked message when blocked.
	text string
	// findings names the policies that intervened ("pii:EMAIL:ANONYMIZED",
	// "content:VIOLENCE:BLOCKED"), for the log. It never holds the text
	// the guardrail matched.
	findings []string
	// reason is the guardrail's own short account of its action, if any.
	reason string
}

// defaultBlockedMessage stands in for a blocked message when the guardrail
// returns none.
const defaultBlockedMessage = "The guardrail blocked this text."

// errGuardrailAnswer marks a guardrail answer the handler cannot act on
// safely; it is treated as the guardrail being unavailable.
var errGuardrailAnswer = errors.New("the guardrail's answer could not be interpreted")

// guard applies the pinned guardrail version to text from source.
func (h *Handler) guard(ctx context.Context, source types.GuardrailContentSource, text string) (verdict, error) {
	out, err := h.guardrail.ApplyGuardrail(ctx, &bedrockruntime.ApplyGuardrailInput{
		GuardrailIdentifier: aws.String(h.cfg.GuardrailID),
		GuardrailVersion:    aws.String(h.cfg.GuardrailVersion),
		Source:              source,
		Content: []types.GuardrailContentBlock{
			&types.GuardrailContentBlockMemberText{Value: types.GuardrailTextBlock{Text: aws.String(text)}},
		},
	})
	if err != nil {
		return verdict{}, fmt.Errorf("applying guardrail %s version %s to the %s failed: %w", h.cfg.GuardrailID, h.cfg.GuardrailVersion, sourceName(source), withContextErr(ctx, err))
	}
	return judge(out, text)
}

// sourceName is how errors and logs name a guardrail source.
func sourceName(source types.GuardrailContentSource) string {
	if source == types.GuardrailContentSourceOutput {
		return "answer"
	}
	return "prompt"
}

// judge reads a guardrail's answer. It fails closed: an intervention that
// is not anonymization alone is a block, and an answer it does not
// understand is an error.
func judge(out *bedrockruntime.ApplyGuardrailOutput, original string) (verdict, error) {
	if out == nil {
		return verdict{}, fmt.Errorf("%w: it was empty", errGuardrailAnswer)
	}
	v := verdict{reason: aws.ToString(out.ActionReason)}
	switch out.Action {
	case types.GuardrailActionNone:
		v.outcome, v.text = passed, original
		return v, nil
	case types.GuardrailActionGuardrailIntervened:
	default:
		return verdict{}, fmt.Errorf("%w: its action %q is unknown", errGuardrailAnswer, out.Action)
	}

	var masked, refused bool
	for _, a := range out.Assessments {
		for _, f := range interventions(a) {
			v.findings = append(v.findings, f.String())
			if f.anonymizes() {
				masked = true
			} else {
				refused = true
			}
		}
	}
	var texts []string
	for _, o := range out.Outputs {
		if o.Text != nil {
			texts = append(texts, *o.Text)
		}
	}
	output := strings.Join(texts, "")

	// The guardrail intervened for a reason the assessments do not show
	// (or not only to anonymize): refuse.
	if refused || !masked {
		v.outcome, v.text = blocked, output
		if strings.TrimSpace(v.text) == "" {
			v.text = defaultBlockedMessage
		}
		return v, nil
	}
	if len(texts) == 0 {
		return verdict{}, fmt.Errorf("%w: it anonymized the text but returned no output", errGuardrailAnswer)
	}
	v.outcome, v.text = anonymized, output
	return v, nil
}

// finding is one policy's intervention.
type finding struct {
	policy, kind, action string
}

func (f finding) String() string { return f.policy + ":" + f.kind + ":" + f.action }

// anonymizes says whether the intervention masks sensitive information and
// lets the text through.
func (f finding) anonymizes() bool {
	return (f.policy == "pii" || f.policy == "regex") &&
		f.action == string(types.GuardrailSensitiveInformationPolicyActionAnonymized)
}

// interventions lists what acted in one assessment: every filter whose
// action is neither empty nor NONE (a filter in detect mode reports
// detected with action NONE, and lets the text through). Automated
// reasoning findings carry no action and never block; they are not listed.
func interventions(a types.GuardrailAssessment) []finding {
	var fs []finding
	add := func(policy, kind, action string) {
		if action != "" && action != "NONE" {
			fs = append(fs, finding{policy, kind, action})
		}
	}
	if p := a.ContentPolicy; p != nil {
		for _, f := range p.Filters {
			add("content", string(f.Type), string(f.Action))
		}
	}
	if p := a.TopicPolicy; p != nil {
		for _, t := range p.Topics {
			// The topic's name is the operator's, not the user's text.
			add("topic", aws.ToString(t.Name), string(t.Action))
		}
	}
	if p := a.WordPolicy; p != nil {
		for _, w := range p.CustomWords {
			add("word", "CUSTOM", string(w.Action))
		}
		for _, w := range p.ManagedWordLists {
			add("word", string(w.Type), string(w.Action))
		}
	}
	if p := a.SensitiveInformationPolicy; p != nil {
		for _, e := range p.PiiEntities {
			add("pii", string(e.Type), string(e.Action))
		}
		for _, r := range p.Regexes {
			add("regex", aws.ToString(r.Name), string(r.Action))
		}
	}
	if p := a.ContextualGroundingPolicy; p != nil {
		for _, f := range p.Filters {
			add("grounding", string(f.Type), string(f.Action))
		}
	}
	return fs
}
