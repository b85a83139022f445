package guardrail

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	guardT   = "aws:bedrock/guardrail:Guardrail"
	versionT = "aws:bedrock/guardrailVersion:GuardrailVersion"
)

func newGuardrail(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewGuardrail(ctx, "llm", args, opts...)
		return err
	})
}

// filters maps each content filter type to its input/output strengths.
func filters(r *mocktest.Resource) map[string]string {
	out := map[string]string{}
	for i := 0; r.Has("contentPolicyConfig.filtersConfigs[" + itoa(i) + "]"); i++ {
		p := "contentPolicyConfig.filtersConfigs[" + itoa(i) + "]."
		out[r.Str(p+"type")] = r.Str(p+"inputStrength") + "/" + r.Str(p+"outputStrength")
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestDefaults(t *testing.T) {
	rec, err := newGuardrail(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := rec.Find(guardT, "llm")
	key := rec.Find("aws:kms/key:Key", "llm")
	if g == nil || key == nil || g.Str("kmsKeyArn") != key.Out("arn") {
		t.Fatalf("guardrail %v with key %v", g, key)
	}
	f := filters(g)
	for _, c := range ContentFilters {
		if f[c] != "HIGH/HIGH" {
			t.Errorf("filter %s is %q", c, f[c])
		}
	}
	if f["PROMPT_ATTACK"] != "HIGH/NONE" {
		t.Errorf("prompt attack filter is %q", f["PROMPT_ATTACK"])
	}
	pii := map[string]string{}
	for i := 0; g.Has("sensitiveInformationPolicyConfig.piiEntitiesConfigs[" + itoa(i) + "]"); i++ {
		p := "sensitiveInformationPolicyConfig.piiEntitiesConfigs[" + itoa(i) + "]."
		pii[g.Str(p+"type")] = g.Str(p + "action")
	}
	if len(pii) != len(DefaultPII) || pii["AWS_SECRET_KEY"] != "BLOCK" || pii["EMAIL"] != "ANONYMIZE" {
		t.Errorf("PII: %v", pii)
	}
	if g.Str("wordPolicyConfig.managedWordListsConfigs[0].type") != "PROFANITY" || g.Has("topicPolicyConfig") {
		t.Errorf("words and topics: %v %v", g.Get("wordPolicyConfig"), g.Get("topicPolicyConfig"))
	}
	if g.Str("blockedInputMessaging") != DefaultBlockedInput || g.Str("blockedOutputsMessaging") != DefaultBlockedOutput {
		t.Error("messages")
	}
	v := rec.Find(versionT, "llm")
	if v == nil || v.Str("guardrailArn") != g.Out("guardrailArn") || !strings.HasPrefix(v.Str("description"), "modelfort configuration ") {
		t.Errorf("version: %v", v)
	}
}

func TestOptions(t *testing.T) {
	rec, err := newGuardrail(t, &Args{
		ContentFilterStrength: Medium,
		PromptAttackStrength:  High,
		PII:                   map[string]string{"NAME": Anonymize},
		DeniedTopics:          []Topic{{Name: "Investment advice", Definition: "Recommendations about financial investments.", Examples: []string{"Which stock should I buy?"}}},
		BlockedWords:          []string{"project-zeus"},
		AllowProfanity:        true,
		KMSKeyArn:             pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
		BlockedInputMessage:   "no",
	})
	if err != nil {
		t.Fatal(err)
	}
	g := rec.Find(guardT, "llm")
	if filters(g)["HATE"] != "MEDIUM/MEDIUM" || g.Str("kmsKeyArn") != "arn:aws:kms:us-east-1:123456789012:key/given" || rec.Find("aws:kms/key:Key", "llm") != nil {
		t.Errorf("guardrail: %v", g.Inputs)
	}
	if g.Str("sensitiveInformationPolicyConfig.piiEntitiesConfigs[0].type") != "NAME" || g.Has("sensitiveInformationPolicyConfig.piiEntitiesConfigs[1]") {
		t.Error("PII")
	}
	if g.Str("topicPolicyConfig.topicsConfigs[0].type") != "DENY" || g.Str("topicPolicyConfig.topicsConfigs[0].name") != "Investment advice" {
		t.Error("topics")
	}
	if g.Str("wordPolicyConfig.wordsConfigs[0].text") != "project-zeus" || g.Has("wordPolicyConfig.managedWordListsConfigs") {
		t.Errorf("words: %v", g.Get("wordPolicyConfig"))
	}
	// A new configuration publishes a new version.
	other, _ := newGuardrail(t, &Args{ContentFilterStrength: Low})
	if rec.Find(versionT, "llm").Str("description") == other.Find(versionT, "llm").Str("description") {
		t.Error("two configurations publish the same version description")
	}
}

func TestRejections(t *testing.T) {
	long := strings.Repeat("x", 101)
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"key ID instead of ARN", &Args{KMSKeyArn: pulumi.String("1234abcd-12ab-34cd-56ef-1234567890ab")}, "is not a KMS key ARN"},
		{"unknown PII entity", &Args{PII: map[string]string{"SSN": Block}}, `PII has the unknown entity type "SSN"`},
		{"unknown PII action", &Args{PII: map[string]string{"EMAIL": "MASK"}}, `PII[EMAIL] is "MASK"; allowed values are BLOCK and ANONYMIZE`},
		{"strength", &Args{ContentFilterStrength: "MAX"}, `ContentFilterStrength is "MAX"; allowed values are LOW, MEDIUM, HIGH`},
		{"prompt attack off", &Args{PromptAttackStrength: None}, `PromptAttackStrength is "NONE"`},
		{"topic without definition", &Args{DeniedTopics: []Topic{{Name: "x"}}}, "DeniedTopics[0].Definition must have 1 to 200 characters"},
		{"topic name too long", &Args{DeniedTopics: []Topic{{Name: long, Definition: "d"}}}, "DeniedTopics[0].Name"},
		{"too many examples", &Args{DeniedTopics: []Topic{{Name: "x", Definition: "d", Examples: []string{"1", "2", "3", "4", "5", "6"}}}}, "has 6 examples; at most 5"},
		{"empty word", &Args{BlockedWords: []string{" "}}, "BlockedWords[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newGuardrail(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewGuardrail(ctx, "llm", nil, pulumi.Provider(dr), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "llm")
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	// The guardrail, its version and its key (inside a kmskey.Key).
	for _, r := range []*mocktest.Resource{rec.Find(guardT, "llm"), rec.Find(versionT, "llm"), rec.Find("aws:kms/key:Key", "llm")} {
		if r == nil || !slices.Contains(rec.Descendants(comp), r) {
			t.Errorf("missing below the component: %v", r)
		}
	}
}

// TestValidate calls Validate as component.Prepare does: it fills in the
// defaults in place, and its errors carry no prefix.
func TestValidate(t *testing.T) {
	a := Args{}
	if err := a.Validate("llm"); err != nil || a.ContentFilterStrength != High || a.PromptAttackStrength != High ||
		len(a.PII) != len(DefaultPII) || a.BlockedInputMessage != DefaultBlockedInput || a.BlockedOutputMessage != DefaultBlockedOutput {
		t.Errorf("defaults: %+v, %v", a, err)
	}
	bad := Args{ContentFilterStrength: "MAX"}
	if err := bad.Validate("llm"); err == nil || err.Error() != `ContentFilterStrength is "MAX"; allowed values are LOW, MEDIUM, HIGH` {
		t.Errorf("error: %v", err)
	}
}
