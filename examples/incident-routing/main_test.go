package main

import (
	"slices"
	"testing"

	"github.com/modelfort/modelfort/components/aws/incidents"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	topicT        = "aws:sns/topic:Topic"
	subscriptionT = "aws:sns/topicSubscription:TopicSubscription"
	ruleT         = "aws:cloudwatch/eventRule:EventRule"
	targetT       = "aws:cloudwatch/eventTarget:EventTarget"
	alarmT        = "aws:cloudwatch/metricAlarm:MetricAlarm"
)

// TestProgram: a routing in each region, each with its own topic, its
// subscription and its three rules in its region; the policy pack passes.
func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	for name, region := range map[string]string{"incidents": "us-east-1", "incidents-dr": "us-west-2"} {
		topic, sub := rec.Find(topicT, name), rec.Find(subscriptionT, name+"-0")
		if topic == nil || sub == nil || topic.Region != region || sub.Str("topic") != topic.Out("arn") || sub.Str("endpoint") != "oncall@example.com" {
			t.Errorf("%s: topic %v, subscription %v", name, topic, sub)
			continue
		}
		for _, kind := range []string{incidents.KindGuardDuty, incidents.KindSecurityHub, incidents.KindBackup} {
			rule, target := rec.Find(ruleT, name+"-"+kind), rec.Find(targetT, name+"-"+kind)
			if rule == nil || target == nil || rule.Region != region || target.Str("rule") != rule.Out("name") || target.Str("arn") != topic.Out("arn") {
				t.Errorf("%s %s: rule %v, target %v", name, kind, rule, target)
			}
		}
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("policy pack:\n%s", rules.Table(vs))
	}
}

// TestProgramWithEndpointAndTopic: with "topicArn" the primary routing
// targets that topic and creates none; with "endpointName" the endpoint's
// alarm notifies it.
func TestProgramWithEndpointAndTopic(t *testing.T) {
	const oncall = "arn:aws:sns:us-east-1:123456789012:oncall"
	rec, err := mocktest.Run(program,
		mocktest.Config(mocktest.Project+":topicArn", oncall),
		mocktest.Config(mocktest.Project+":endpointName", "deepseek-r1"),
		mocktest.Config(mocktest.Project+":email", "sre@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(topicT, "incidents") != nil || rec.Find(subscriptionT, "incidents-0") != nil {
		t.Error("a given topic must not be created, nor subscribed without Emails")
	}
	if tg := rec.Find(targetT, "incidents-guardduty"); tg == nil || tg.Str("arn") != oncall {
		t.Errorf("target: %v", tg)
	}
	alarm := rec.Find(alarmT, "endpoint-5xx")
	if alarm == nil || !slices.Equal(alarm.Strs("alarmActions"), []string{oncall}) || !slices.Equal(alarm.Strs("okActions"), []string{oncall}) ||
		alarm.Str("dimensions.EndpointName") != "deepseek-r1" {
		t.Errorf("endpoint alarm: %v", alarm)
	}
	if sub := rec.Find(subscriptionT, "incidents-dr-0"); sub == nil || sub.Str("endpoint") != "sre@example.com" || sub.Region != "us-west-2" {
		t.Errorf("DR subscription: %v", sub)
	}
}
