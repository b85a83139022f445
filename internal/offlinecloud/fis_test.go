package offlinecloud

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// The FIS rules join the cases of TestRulesRefuseAndAccept (and so
// TestEveryRuleHasCases): each with a template FIS refuses and one it
// accepts.
func init() {
	alarm := func(arn any) map[string]any { return map[string]any{"source": "aws:cloudwatch:alarm", "value": arn} }
	ruleCases = append(ruleCases,
		ruleCase{"FIS-STOP-SOURCE", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) {
				m["stopConditions"] = []any{alarm(fisAlarm), map[string]any{"source": "aws:cloudwatch:alarms"}}
			}),
			fisTemplate(func(m map[string]any) { m["stopConditions"] = []any{map[string]any{"source": "none"}} }),
			`expected stop_condition.1.source to be one of ["aws:cloudwatch:alarm" "none"], got aws:cloudwatch:alarms`},
		ruleCase{"FIS-STOP-ALARM", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) { m["stopConditions"] = []any{alarm("")} }),
			fisTemplate(nil),
			`must be the ARN of a CloudWatch alarm (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME); got ""`},
		ruleCase{"FIS-STOP-ALARM", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) {
				m["stopConditions"] = []any{alarm("arn:aws:sns:us-east-1:123456789012:drills")}
			}),
			fisTemplate(func(m map[string]any) {
				m["stopConditions"] = []any{alarm(fisAlarm), alarm("arn:aws:cloudwatch:us-east-1:123456789012:alarm:serving-5xx")}
			}),
			`got "arn:aws:sns:us-east-1:123456789012:drills"`},
		ruleCase{"FIS-STOP-LIMIT", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) { m["stopConditions"] = fisAlarms(6) }),
			fisTemplate(func(m map[string]any) { m["stopConditions"] = fisAlarms(5) }),
			"ServiceQuotaExceededException: You have exceeded your service quota. (Stop conditions per experiment template: 5; the template has 6)"},
		ruleCase{"FIS-ACTION-DURATION", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) { fisDuration(m, "PT30S") }),
			fisTemplate(func(m map[string]any) { fisDuration(m, "PT1M") }),
			"Invalid duration PT30S for action cut-primary-subnets: the duration must be an ISO 8601 duration from PT1M to PT12H"},
		ruleCase{"FIS-ACTION-DURATION", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) { fisDuration(m, "PT12H1S") }),
			fisTemplate(func(m map[string]any) { fisDuration(m, "PT12H") }),
			"Invalid duration PT12H1S"},
		ruleCase{"FIS-ACTION-DURATION", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) { fisDuration(m, "10m") }),
			fisTemplate(func(m map[string]any) { fisDuration(m, "PT1H30M") }),
			"Invalid duration 10m"},
		ruleCase{"FIS-ROLE-ARN", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) { m["roleArn"] = "" }),
			fisTemplate(nil),
			"Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"},
		ruleCase{"FIS-ROLE-ARN", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) { m["roleArn"] = "arn:aws:iam::1:r/x" }),
			fisTemplate(func(m map[string]any) { m["roleArn"] = "arn:aws:iam::1:role/" }),
			"Value 'arn:aws:iam::1:r/x' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"},
		ruleCase{"FIS-ACTION-TARGET", typeFISExperimentTemplate,
			fisTemplate(func(m map[string]any) {
				m["actions"].([]any)[0].(map[string]any)["target"] = map[string]any{"key": "Subnets", "value": "primary-subnet"}
			}),
			fisTemplate(nil),
			"Target primary-subnet referenced in action cut-primary-subnets is not defined in the experiment template's targets"},
	)
}

const fisAlarm = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:drill-stop-1a2b3c4"

// fisTemplate is a template FIS accepts, as faultinjection builds it,
// changed by change.
func fisTemplate(change func(map[string]any)) map[string]any {
	m := map[string]any{
		"description": "modelfort drill: cut the primary subnets",
		"roleArn":     "arn:aws:iam::123456789012:role/drill-1a2b3c4",
		"stopConditions": []any{
			map[string]any{"source": "aws:cloudwatch:alarm", "value": fisAlarm},
		},
		"targets": []any{map[string]any{
			"name": "primary-subnets", "resourceType": "aws:ec2:subnet", "selectionMode": "ALL",
			"resourceArns": []any{"arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0a1b2c3d4e5f60718"},
		}},
		"actions": []any{map[string]any{
			"name": "cut-primary-subnets", "actionId": "aws:network:disrupt-connectivity",
			"parameters": []any{
				map[string]any{"key": "duration", "value": "PT10M"},
				map[string]any{"key": "scope", "value": "all"},
			},
			"target": map[string]any{"key": "Subnets", "value": "primary-subnets"},
		}},
		"experimentOptions": map[string]any{"accountTargeting": "single-account", "emptyTargetResolutionMode": "fail"},
		"logConfiguration": map[string]any{
			"logSchemaVersion":            2,
			"cloudwatchLogsConfiguration": map[string]any{"logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:drill-1a2b3c4:*"},
		},
		"tags": map[string]any{"Name": "drill-region-outage"},
	}
	if change != nil {
		change(m)
	}
	return m
}

// fisDuration sets the duration parameter of a template's action.
func fisDuration(m map[string]any, d string) {
	m["actions"].([]any)[0].(map[string]any)["parameters"].([]any)[0].(map[string]any)["value"] = d
}

// fisAlarms is n alarm stop conditions.
func fisAlarms(n int) []any {
	var out []any
	for i := range n {
		out = append(out, map[string]any{"source": "aws:cloudwatch:alarm", "value": fisAlarm + strings.Repeat("x", i)})
	}
	return out
}

// TestFISTemplateShape: an experiment template's ID is EXT and 14
// letters and digits, stable for the same resource; it has no arn output
// (the SDK has none); its tags replace it.
func TestFISTemplateShape(t *testing.T) {
	env := AWSEnv("us-east-1")
	u := urn(typeFISExperimentTemplate, "drill-region-outage")
	id, out, err := AWS.Create(env, typeFISExperimentTemplate, u, inputs(fisTemplate(nil)), false)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^EXT[0-9A-Za-z]{14}$`).MatchString(id) || out.HasValue("arn") || out["id"].StringValue() != id {
		t.Errorf("id %q, outputs %v", id, out)
	}
	again, _, err := AWS.Create(env, typeFISExperimentTemplate, u, inputs(fisTemplate(nil)), false)
	if err != nil || again != id {
		t.Errorf("the same template got another ID: %q, %q (%v)", id, again, err)
	}
	other, _, _ := AWS.Create(env, typeFISExperimentTemplate, urn(typeFISExperimentTemplate, "other"), inputs(fisTemplate(nil)), false)
	if other == id {
		t.Errorf("two templates share the ID %s", id)
	}
	if d := AWS.Diff(typeFISExperimentTemplate, inputs(fisTemplate(nil)), inputs(fisTemplate(func(m map[string]any) {
		m["tags"] = map[string]any{"Name": "drill-region-outage", "team": "sre"}
	}))); len(d.ReplaceKeys) != 1 || d.ReplaceKeys[0] != "tags" {
		t.Errorf("new tags: replace %v", d.ReplaceKeys)
	}
	if d := AWS.Diff(typeFISExperimentTemplate, inputs(fisTemplate(nil)), inputs(fisTemplate(func(m map[string]any) { fisDuration(m, "PT20M") }))); len(d.ReplaceKeys) != 0 || len(d.ChangedKeys) != 1 {
		t.Errorf("a new duration is an update in place: %+v", d)
	}
}

// TestFISRulesSkipUnknownValues: what is not known yet during a preview
// is not refused.
func TestFISRulesSkipUnknownValues(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewProperty(""))
	in := inputs(fisTemplate(nil))
	in["roleArn"] = unknown
	in["stopConditions"] = resource.NewProperty([]resource.PropertyValue{
		resource.NewProperty(resource.PropertyMap{"source": resource.NewProperty("aws:cloudwatch:alarm"), "value": unknown}),
	})
	in["targets"] = resource.NewProperty([]resource.PropertyValue{
		resource.NewProperty(resource.PropertyMap{"name": unknown, "resourceType": resource.NewProperty("aws:ec2:subnet")}),
	})
	if got := AWS.Refusals(typeFISExperimentTemplate, in); len(got) > 0 {
		t.Errorf("refused what is not known: %v", got)
	}
	in["targets"] = unknown
	if got := AWS.Refusals(typeFISExperimentTemplate, in); len(got) > 0 {
		t.Errorf("refused with unknown targets: %v", got)
	}
	// Under the SDK's mocks a value not known yet arrives absent: absent
	// values are not refused either.
	absent := inputs(fisTemplate(nil))
	delete(absent, "roleArn")
	delete(absent, "targets")
	absent["stopConditions"] = resource.NewProperty([]resource.PropertyValue{
		resource.NewProperty(resource.PropertyMap{"source": resource.NewProperty("aws:cloudwatch:alarm")}),
	})
	if got := AWS.Refusals(typeFISExperimentTemplate, absent); len(got) > 0 {
		t.Errorf("refused what is absent: %v", got)
	}
}

// TestFISCheckFailsWithTheMessage drives the provider's Check as the
// engine does: a template without a stop alarm ARN fails on its
// stopConditions, naming the rule and its source.
func TestFISCheckFailsWithTheMessage(t *testing.T) {
	p := NewProvider(AWS)
	resp, err := p.Check(context.Background(), plugin.CheckRequest{
		URN: urn(typeFISExperimentTemplate, "drill"), Type: typeFISExperimentTemplate,
		News: inputs(fisTemplate(func(m map[string]any) {
			m["stopConditions"] = []any{map[string]any{"source": "aws:cloudwatch:alarm", "value": "drill-stop"}}
		})),
	})
	if err != nil || len(resp.Failures) != 1 {
		t.Fatalf("failures %v, %v; want one", resp.Failures, err)
	}
	f := resp.Failures[0]
	if f.Property != "stopConditions" || !strings.Contains(f.Reason, "FIS-STOP-ALARM at stopConditions[0].value") || !strings.Contains(f.Reason, srcFISStopCondition) {
		t.Errorf("failure %+v", f)
	}
}

func TestParseISO8601(t *testing.T) {
	for s, want := range map[string]time.Duration{
		"PT1M": time.Minute, "PT10M": 10 * time.Minute, "PT1H30M": 90 * time.Minute, "PT12H": 12 * time.Hour,
		"PT90S": 90 * time.Second, "PT0.5S": 500 * time.Millisecond, "P1D": 24 * time.Hour, "P1DT1H": 25 * time.Hour,
	} {
		if d, ok := parseISO8601(s); !ok || d != want {
			t.Errorf("%s: %v, %v; want %v", s, d, ok, want)
		}
	}
	for _, s := range []string{"", "P", "PT", "P1DT", "10m", "PT1.5M", "PT-1M", "T1M", "pt1m"} {
		if d, ok := parseISO8601(s); ok {
			t.Errorf("%q parsed as %v", s, d)
		}
	}
}
