package offlinecloud

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// guardDutyPattern is a pattern EventBridge takes: a source, a detail
// type and numeric matching on a field of detail.
const guardDutyPattern = `{"detail":{"severity":[{"numeric":[">=",7]}]},"detail-type":["GuardDuty Finding"],"source":["aws.guardduty"]}`

// backupPattern matches either of two fields with "$or".
const backupPattern = `{"detail":{"$or":[{"state":["FAILED"]},{"status":["FAILED"]}]},"detail-type":["Backup Job State Change"],"source":["aws.backup"]}`

// The EventBridge and SNS rules join the cases of TestRulesRefuseAndAccept
// (and so TestEveryRuleHasCases), the rule names those of
// TestUniqueNamesAreClaimedAndReleased, and the target's rule those of
// TestPrerequisitesRefuseAndAccept.
func init() {
	rule := func(name, pattern string) map[string]any {
		return map[string]any{"name": name, "eventPattern": pattern}
	}
	ruleCases = append(ruleCases,
		ruleCase{"EVENTS-RULE-NAME", typeEventRule, rule("incidents guardduty", guardDutyPattern), rule("incidents.guard_duty-1a2b3c4", guardDutyPattern),
			`Value 'incidents guardduty' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`},
		ruleCase{"EVENTS-RULE-NAME", typeEventRule, rule(strings.Repeat("r", 65), guardDutyPattern), rule(strings.Repeat("r", 64), guardDutyPattern),
			"Member must have length less than or equal to 64"},
		ruleCase{"EVENTS-RULE-PATTERN", typeEventRule, rule("r", `{"source":"aws.guardduty"}`), rule("r", guardDutyPattern),
			`InvalidEventPatternException: Event pattern is not valid. Reason: "source" must be an object or an array`},
		ruleCase{"EVENTS-RULE-PATTERN", typeEventRule, rule("r", `{"detail":{"severity":7}}`), rule("r", backupPattern),
			`Reason: "severity" must be an object or an array`},
		ruleCase{"EVENTS-RULE-PATTERN", typeEventRule, rule("r", `{"source":["aws.backup"]`), rule("r", `{"source":["aws.backup"]}`),
			"Event pattern is not valid. Reason: Invalid JSON"},
		ruleCase{"EVENTS-RULE-PATTERN", typeEventRule, rule("r", `["aws.backup"]`), rule("r", `{"source":[{"prefix":"aws."}]}`),
			"the event pattern must be a JSON object"},
		ruleCase{"EVENTS-RULE-PATTERN", typeEventRule, rule("r", `{"source":[["aws.backup"]]}`), rule("r", `{"detail":{"count":[null,1,true]}}`),
			"Match value must be String, number, true, false, or null"},
		ruleCase{"EVENTS-RULE-PATTERN", typeEventRule, rule("r", `{"detail":{"$or":[{"state":["FAILED"]}]}}`), rule("r", backupPattern),
			`"$or" must be an array of at least two objects`},
		ruleCase{"EVENTS-TARGET-ID", typeEventTarget, map[string]any{"rule": "r", "arn": "arn:aws:sns:us-east-1:123456789012:t", "targetId": "incidents topic"},
			map[string]any{"rule": "r", "arn": "arn:aws:sns:us-east-1:123456789012:t", "targetId": "incidents-topic"},
			"Value 'incidents topic' at 'targets.1.member.id' failed to satisfy constraint"},
		ruleCase{"EVENTS-TARGET-ID", typeEventTarget, map[string]any{"rule": "r", "arn": "a", "targetId": strings.Repeat("t", 65)},
			map[string]any{"rule": "r", "arn": "a", "targetId": strings.Repeat("t", 64)},
			"Member must have length less than or equal to 64"},
		ruleCase{"SNS-EMAIL-ENDPOINT", typeTopicSubscription, subscription("email", "On call <oncall@example.com>"), subscription("email", "oncall@example.com"),
			"InvalidParameter: Invalid parameter: Email address"},
		ruleCase{"SNS-EMAIL-ENDPOINT", typeTopicSubscription, subscription("email-json", "oncall"), subscription("sqs", "arn:aws:sqs:us-east-1:123456789012:q"),
			"Invalid parameter: Email address"},
		ruleCase{"SNS-EMAIL-ENDPOINT", typeTopicSubscription, subscription("email", "a@example.com,b@example.com"), subscription("email", "first.last+oncall@mail.example.co.uk"),
			"Invalid parameter: Email address"},
	)
	uniqueCases = append(uniqueCases, uniqueCase{"EVENTS-RULE-TAKEN", typeEventRule, AWS, AWSEnv("us-east-1"),
		rule("incidents-guardduty", guardDutyPattern),
		"PutRule would replace rule incidents-guardduty on its event bus in us-east-1, which another stack holds"})
	prereqCases = append(prereqCases, prereqCase{
		rule: "EVENTS-TARGET-RULE", typ: typeEventTarget,
		in: map[string]any{"rule": "incidents-guardduty-1a2b3c4", "arn": "arn:aws:sns:us-east-1:123456789012:t", "targetId": "incidents-topic"},
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", typeEventRule, "rule", rule("incidents-guardduty-1a2b3c4", guardDutyPattern))
		},
		want: "ResourceNotFoundException: Rule incidents-guardduty-1a2b3c4 does not exist on EventBus default.",
	})
}

func subscription(protocol, endpoint string) map[string]any {
	return map[string]any{"topic": "arn:aws:sns:us-east-1:123456789012:incidents-1a2b3c4", "protocol": protocol, "endpoint": endpoint}
}

// TestEventRuleAndTargetShapes: a rule is known by its name (BUS/NAME on
// another bus) and its ARN ends rule/NAME (rule/BUS/NAME); a target by
// RULE-TARGETID (BUS-RULE-TARGETID), its "arn" the target's, a missing
// target ID generated as the provider does.
func TestEventRuleAndTargetShapes(t *testing.T) {
	env := AWSEnv("eu-west-1")
	id, out, err := AWS.Create(env, typeEventRule, urn(typeEventRule, "gd"), inputs(map[string]any{"name": "gd-1a2b3c4", "eventPattern": guardDutyPattern}), false)
	if err != nil {
		t.Fatal(err)
	}
	if id != "gd-1a2b3c4" || out["arn"].StringValue() != "arn:aws:events:eu-west-1:123456789012:rule/gd-1a2b3c4" {
		t.Errorf("rule: id %q, arn %v", id, out["arn"])
	}
	id, out, err = AWS.Create(env, typeEventRule, urn(typeEventRule, "gd"),
		inputs(map[string]any{"name": "gd", "eventBusName": "arn:aws:events:eu-west-1:123456789012:event-bus/security", "eventPattern": guardDutyPattern}), false)
	if err != nil {
		t.Fatal(err)
	}
	if id != "security/gd" || out["arn"].StringValue() != "arn:aws:events:eu-west-1:123456789012:rule/security/gd" {
		t.Errorf("rule on a custom bus: id %q, arn %v", id, out["arn"])
	}
	topic := "arn:aws:sns:eu-west-1:123456789012:incidents"
	id, out, err = AWS.Create(env, typeEventTarget, urn(typeEventTarget, "gd"), inputs(map[string]any{"rule": "gd-1a2b3c4", "arn": topic, "targetId": "incidents-topic"}), false)
	if err != nil {
		t.Fatal(err)
	}
	if id != "gd-1a2b3c4-incidents-topic" || out["arn"].StringValue() != topic || out["targetId"].StringValue() != "incidents-topic" {
		t.Errorf("target: id %q, outputs %v", id, out)
	}
	id, out, err = AWS.Create(env, typeEventTarget, urn(typeEventTarget, "gd"), inputs(map[string]any{"rule": "gd", "eventBusName": "security", "arn": topic}), false)
	if err != nil {
		t.Fatal(err)
	}
	generated := out["targetId"].StringValue()
	if !strings.HasPrefix(generated, "terraform-") || len(generated) != len("terraform-")+26 || id != "security-gd-"+generated || out["arn"].StringValue() != topic {
		t.Errorf("target without an ID on a custom bus: id %q, outputs %v", id, out)
	}
	// A new name, prefix or bus replaces a rule; a new pattern does not.
	if d := AWS.Diff(typeEventRule, inputs(map[string]any{"name": "a", "eventPattern": "{}"}), inputs(map[string]any{"name": "a", "eventPattern": guardDutyPattern})); len(d.ReplaceKeys) != 0 {
		t.Errorf("a new pattern replaces the rule: %v", d.ReplaceKeys)
	}
	if d := AWS.Diff(typeEventTarget, inputs(map[string]any{"rule": "a", "arn": topic}), inputs(map[string]any{"rule": "b", "arn": topic})); len(d.ReplaceKeys) != 1 {
		t.Errorf("a new rule must replace the target: %v", d.ReplaceKeys)
	}
	// Autonamed from the logical name.
	checked := AWS.Check(typeEventRule, urn(typeEventRule, "incidents-guardduty"), nil, inputs(map[string]any{"eventPattern": guardDutyPattern}), []byte("seed"))
	if n := checked["name"].StringValue(); !strings.HasPrefix(n, "incidents-guardduty-") || len(n) != len("incidents-guardduty-")+7 {
		t.Errorf("autonamed %q", n)
	}
}

// TestTopicSubscriptionShape: a subscription's ID and ARN are the topic's
// ARN and a UUID; an email subscription is pending until confirmed.
func TestTopicSubscriptionShape(t *testing.T) {
	env := AWSEnv("us-east-1")
	for protocol, pending := range map[string]bool{"email": true, "email-json": true, "sqs": false} {
		in := subscription(protocol, "oncall@example.com")
		id, out, err := AWS.Create(env, typeTopicSubscription, urn(typeTopicSubscription, "s-"+protocol), inputs(in), false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(id, in["topic"].(string)+":") || len(id) != len(in["topic"].(string))+1+36 || out["arn"].StringValue() != id {
			t.Errorf("%s: id %q, arn %v", protocol, id, out["arn"])
		}
		if out["pendingConfirmation"].BoolValue() != pending || out["ownerId"].StringValue() != AWSAccount || out["confirmationWasAuthenticated"].BoolValue() {
			t.Errorf("%s: outputs %v", protocol, out)
		}
	}
	if d := AWS.Diff(typeTopicSubscription, inputs(subscription("email", "a@example.com")), inputs(subscription("email", "b@example.com"))); len(d.ReplaceKeys) != 1 {
		t.Errorf("a new endpoint must replace the subscription: %v", d.ReplaceKeys)
	}
}

// TestEventRuleNamesFollowTheirBus: a rule name is one rule per event bus
// and region: the same name on another bus or in another region is free.
func TestEventRuleNamesFollowTheirBus(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	gd := map[string]any{"name": "incidents-guardduty", "eventPattern": guardDutyPattern}
	create(t, a, "us-east-1", typeEventRule, "a", gd)
	create(t, a, "us-west-2", typeEventRule, "b", gd)
	onBus := map[string]any{"name": "incidents-guardduty", "eventBusName": "security", "eventPattern": guardDutyPattern}
	create(t, a, "us-east-1", typeEventRule, "c", onBus)
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeEventRule, urnOf("staging", typeEventRule, "d"), inputs(onBus), false); err == nil ||
		!strings.Contains(err.Error(), "EVENTS-RULE-TAKEN") {
		t.Errorf("the same name on the same custom bus: %v", err)
	}
}

// TestEventTargetNeedsItsRule: the rule must be on the target's bus, in
// its region.
func TestEventTargetNeedsItsRule(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	create(t, a, "us-west-2", typeEventRule, "west", map[string]any{"name": "gd", "eventPattern": guardDutyPattern})
	create(t, a, "us-east-1", typeEventRule, "bus", map[string]any{"name": "gd", "eventBusName": "security", "eventPattern": guardDutyPattern})
	target := map[string]any{"rule": "gd", "arn": "arn:aws:sns:us-east-1:123456789012:t", "targetId": "t"}
	_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeEventTarget, urnOf("dev", typeEventTarget, "t"), inputs(target), false)
	if err == nil || !strings.Contains(err.Error(), "Rule gd does not exist on EventBus default.") {
		t.Errorf("a rule of another region or bus: %v", err)
	}
	target["eventBusName"] = "security"
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeEventTarget, urnOf("dev", typeEventTarget, "t"), inputs(target), false); err != nil {
		t.Errorf("the rule on the target's bus: %v", err)
	}
	// A rule not known yet (a preview) is not refused.
	unknown := resource.PropertyMap{"rule": resource.MakeComputed(resource.NewProperty("")), "arn": resource.NewProperty("a")}
	if _, _, err := AWS.CreateIn(a, AWSEnv("eu-west-1"), typeEventTarget, urnOf("dev", typeEventTarget, "u"), unknown, true); err != nil {
		t.Errorf("preview: %v", err)
	}
}

// TestEventPatternsOfRealRules: patterns AWS documents pass.
func TestEventPatternsOfRealRules(t *testing.T) {
	for _, p := range []string{
		guardDutyPattern, backupPattern,
		`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Severity":{"Label":["CRITICAL","HIGH"]},"Workflow":{"Status":["NEW"]}}}}`,
		`{"source":["aws.ec2"],"detail":{"state":[{"anything-but":"initializing"}]}}`,
		`{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"exists":false}]}}`,
	} {
		if r := eventPatternReason(p); r != "" {
			t.Errorf("%s: %s", p, r)
		}
	}
}
