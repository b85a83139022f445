package rules

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const (
	incidentsTopicArn = "arn:aws:sns:us-east-1:123456789012:incidents-1a2b3c4"
	alarmsTopicArn    = "arn:aws:sns:us-east-1:123456789012:primary-alarms-5d6e7f8"
	externalTopicArn  = "arn:aws:sns:us-east-1:123456789012:oncall"
)

// The alarm rules' cases, for TestEveryRuleHasAPassingAndAViolatingCase.
func init() {
	incidents := topic("incidents", incidentsTopicArn)
	cases["alarm-notifies-subscribers"] = struct{ pass, fail *Stack }{
		one("dev", incidents, email(incidents), alarm("errors").from("alarmActions", incidents)),
		one("dev", incidents, alarm("errors").from("alarmActions", incidents)),
	}
	cases["event-rule-topic-subscribed"] = struct{ pass, fail *Stack }{
		one("dev", incidents, email(incidents), target("guardduty", incidents)),
		one("dev", incidents, target("guardduty", incidents)),
	}
}

// topic is an SNS topic of the stack; its ID is its ARN, as SNS's.
func topic(name, arn string) *Resource {
	return res(snsTopicType, name, map[string]any{"id": arn, "arn": arn, "kmsMasterKeyId": "arn:aws:kms:us-east-1:123456789012:key/k"})
}

// email is an email subscription to t, its topic input taken from t.
func email(t *Resource) *Resource {
	arn, _ := t.Str("arn")
	return res(snsSubscriptionType, t.Name+"-0", map[string]any{"topic": arn, "protocol": "email", "endpoint": "oncall@example.com"}).from("topic", t)
}

// alarm is a metric alarm notifying actions (literal ARNs); from adds
// the topics its actions came from.
func alarm(name string, actions ...string) *Resource {
	list := []any{}
	for _, a := range actions {
		list = append(list, a)
	}
	return res(metricAlarmType, name, map[string]any{
		"namespace": "AWS/SageMaker", "metricName": "Invocation5XXErrors", "alarmActions": list, "okActions": list,
	})
}

// target is an EventBridge rule's target, the topic t.
func target(rule string, t *Resource) *Resource {
	arn, _ := t.Str("arn")
	return res(eventTargetType, "incidents-"+rule, map[string]any{"rule": "incidents-" + rule + "-1a2b3c4", "arn": arn, "targetId": "incidents-topic"}).from("arn", t)
}

func alarmRule(t *testing.T, id string) Rule {
	t.Helper()
	for _, r := range alarmRules {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return Rule{}
}

// withAlarmActions gives an alarm's actions from topics as the SDK records
// them: the ARNs, and the topics as property dependencies.
func withAlarmActions(a *Resource, topics ...*Resource) *Resource {
	list := []resource.PropertyValue{}
	for _, t := range topics {
		arn, _ := t.Str("arn")
		list = append(list, resource.NewProperty(arn))
		a.from("alarmActions", t)
	}
	a.Props["alarmActions"] = resource.NewProperty(list)
	return a
}

func TestAlarmNotifiesSubscribers(t *testing.T) {
	rule := alarmRule(t, "alarm-notifies-subscribers")
	if rule.Level != Advisory || rule.LevelIn("prod") != Mandatory || rule.ProdOnly || rule.CheckStack == nil {
		t.Errorf("rule %s: level %v, prod %v", rule.ID, rule.Level, rule.LevelIn("prod"))
	}
	incidents, endpoint := topic("incidents", incidentsTopicArn), topic("primary-alarms", alarmsTopicArn)
	// A topic subscribed by ARN alone, as a subscription made from a
	// literal ARN is.
	byArn := res(snsSubscriptionType, "pager", map[string]any{"topic": alarmsTopicArn, "protocol": "https", "endpoint": "https://pager.example.com"})
	computedActions := alarm("preview")
	computedActions.Props["alarmActions"] = unknown
	unknownElement := alarm("preview-element").from("alarmActions", incidents)
	unknownElement.Props["alarmActions"] = resource.NewProperty([]resource.PropertyValue{unknown})
	dropped := alarm("preview-dropped").from("alarmActions", endpoint)
	disabled := withAlarmActions(alarm("disabled"), incidents)
	disabled.Props["actionsEnabled"] = resource.NewProperty(false)
	enabled := withAlarmActions(alarm("enabled"), incidents)
	enabled.Props["actionsEnabled"] = resource.NewProperty(true)
	for name, tc := range map[string]struct {
		stack *Stack
		want  []string // one piece of each message, in order
	}{
		"a subscribed topic":                  {one("dev", incidents, email(incidents), withAlarmActions(alarm("errors"), incidents)), nil},
		"a topic subscribed by ARN":           {one("dev", endpoint, byArn, alarm("latency", alarmsTopicArn)), nil},
		"a topic of another stack":            {one("dev", alarm("errors", externalTopicArn)), nil},
		"an action that is no topic":          {one("dev", alarm("scale", "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:p")), nil},
		"actions not known yet":               {one("dev", incidents, computedActions), nil},
		"an action not known yet, subscribed": {one("dev", incidents, email(incidents), unknownElement), nil},
		"actions enabled":                     {one("dev", incidents, email(incidents), enabled), nil},
		"no action": {one("dev", alarm("errors")),
			[]string{"the alarm has no alarm action"}},
		"actions disabled": {one("dev", incidents, email(incidents), disabled),
			[]string{"actions are disabled"}},
		"an unsubscribed topic": {one("dev", endpoint, withAlarmActions(alarm("errors"), endpoint)),
			[]string{"notifies SNS topic primary-alarms, which has no subscription in the stack"}},
		"an unsubscribed topic by ARN only": {one("dev", endpoint, alarm("errors", alarmsTopicArn)),
			[]string{"notifies SNS topic primary-alarms"}},
		"an action dropped in a preview, unsubscribed": {one("dev", endpoint, dropped),
			[]string{"notifies SNS topic primary-alarms"}},
		"one of two topics unsubscribed": {one("dev", incidents, email(incidents), endpoint, withAlarmActions(alarm("errors"), incidents, endpoint)),
			[]string{"notifies SNS topic primary-alarms"}},
		"a subscription of another topic": {one("dev", incidents, endpoint, email(incidents), withAlarmActions(alarm("errors"), endpoint)),
			[]string{"notifies SNS topic primary-alarms"}},
	} {
		t.Run(name, func(t *testing.T) {
			vs := Evaluate(tc.stack, []Rule{rule})
			if len(vs) != len(tc.want) {
				t.Fatalf("violations:\n%s\nwant %d", Table(vs), len(tc.want))
			}
			for i, v := range vs {
				if !strings.Contains(v.Message, tc.want[i]) || v.Level != Advisory || !strings.Contains(v.URN, metricAlarmType) {
					t.Errorf("violation %s; want %q", v, tc.want[i])
				}
			}
		})
	}
	// Every rule is mandatory in prod.
	if vs := Evaluate(one("prod", alarm("errors")), []Rule{rule}); len(vs) != 1 || vs[0].Level != Mandatory {
		t.Errorf("prod: %v", vs)
	}
}

func TestEventRuleTopicSubscribed(t *testing.T) {
	rule := alarmRule(t, "event-rule-topic-subscribed")
	if rule.Level != Advisory || rule.LevelIn("prod") != Mandatory || rule.CheckStack == nil {
		t.Errorf("rule %s: level %v", rule.ID, rule.Level)
	}
	incidents := topic("incidents", incidentsTopicArn)
	lambda := res(eventTargetType, "remediate", map[string]any{"rule": "remediate-1", "arn": "arn:aws:lambda:us-east-1:123456789012:function:remediate"})
	external := res(eventTargetType, "oncall", map[string]any{"rule": "oncall-1", "arn": externalTopicArn})
	byArnOnly := res(eventTargetType, "backup", map[string]any{"rule": "incidents-backup-1", "arn": incidentsTopicArn})
	preview := target("securityhub", incidents)
	preview.Props["arn"] = unknown
	pendingSub := email(incidents)
	pendingSub.Props["topic"] = unknown
	for name, tc := range map[string]struct {
		stack *Stack
		fails bool
	}{
		"a subscribed topic":                        {one("dev", incidents, email(incidents), target("guardduty", incidents)), false},
		"a target that is no topic":                 {one("dev", lambda), false},
		"a topic of another stack":                  {one("dev", external), false},
		"a topic not known yet, subscribed":         {one("dev", incidents, email(incidents), preview), false},
		"a subscription whose topic is not known":   {one("dev", incidents, pendingSub, target("guardduty", incidents)), false},
		"an unsubscribed topic":                     {one("dev", incidents, target("guardduty", incidents)), true},
		"an unsubscribed topic by ARN":              {one("dev", incidents, byArnOnly), true},
		"an unsubscribed topic not known yet":       {one("dev", incidents, preview), true},
		"subscribed topic, unsubscribed other rule": {one("dev", incidents, target("backup", incidents)), true},
	} {
		t.Run(name, func(t *testing.T) {
			vs := Evaluate(tc.stack, []Rule{rule})
			if tc.fails != (len(vs) > 0) {
				t.Fatalf("violations:\n%s", Table(vs))
			}
			for _, v := range vs {
				if !strings.Contains(v.Message, "sends its events to SNS topic incidents, which has no subscription in the stack") || !strings.Contains(v.URN, eventTargetType) {
					t.Errorf("violation %s", v)
				}
			}
		})
	}
	vs := Evaluate(one("dev", incidents, target("guardduty", incidents)), []Rule{rule})
	if len(vs) != 1 || !strings.Contains(vs[0].Message, "EventBridge rule incidents-guardduty-1a2b3c4 sends") {
		t.Errorf("the message names the rule: %v", vs)
	}
}

// TestAlarmRulesCases: the passing and violating stacks registered for
// TestEveryRuleHasAPassingAndAViolatingCase hold for these rules, and
// violate nothing else of the pack.
func TestAlarmRulesCases(t *testing.T) {
	for _, rule := range alarmRules {
		c, ok := cases[rule.ID]
		if !ok {
			t.Errorf("rule %s has no test case", rule.ID)
			continue
		}
		if vs := Evaluate(c.pass, []Rule{rule}); len(vs) != 0 {
			t.Errorf("%s: the passing case violates it:\n%s", rule.ID, Table(vs))
		}
		vs := Evaluate(c.fail, []Rule{rule})
		if len(vs) == 0 {
			t.Errorf("%s: the violating case passes", rule.ID)
		}
		if others := Evaluate(c.fail, All()); len(others) != len(vs) {
			t.Errorf("%s: the violating case also violates other rules:\n%s", rule.ID, Table(others))
		}
		for _, v := range vs {
			if v.RuleID != rule.ID || v.URN == "" || v.Message == "" {
				t.Errorf("incomplete violation %+v", v)
			}
		}
	}
}
