package rules

import (
	"fmt"
	"slices"
)

// Resource types the alarm rules look at.
const (
	metricAlarmType       = "aws:cloudwatch/metricAlarm:MetricAlarm"
	eventTargetType       = "aws:cloudwatch/eventTarget:EventTarget"
	snsTopicType          = "aws:sns/topic:Topic"
	snsSubscriptionType   = "aws:sns/topicSubscription:TopicSubscription"
	alarmActionCheckDocs  = "https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-action-check.html"
	alarmControlTowerDocs = "https://docs.aws.amazon.com/controltower/latest/controlreference/cloudwatch-rules.html"
	eventBridgeSNSDocs    = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions"
)

// alarmRules check that an alarm, or an EventBridge rule that routes
// findings, reaches someone: an alarm that notifies nothing, or a topic
// nobody subscribes to, is an incident nobody hears of.
var alarmRules = []Rule{
	{
		ID:          "alarm-notifies-subscribers",
		Description: "Every CloudWatch metric alarm has at least one alarm action, with actions enabled, and every SNS topic of the stack it notifies has at least one subscription in the stack.",
		Anchors:     []string{alarmActionCheckDocs, "CT.CLOUDWATCH.PR.1", "CT.CLOUDWATCH.PR.4"},
		Level:       Advisory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, alarm := range s.OfType(metricAlarmType) {
				for _, msg := range alarmProblems(s, alarm) {
					out = append(out, Violation{URN: alarm.URN, Message: msg})
				}
			}
			return out
		},
	},
	{
		ID:          "event-rule-topic-subscribed",
		Description: "Every EventBridge rule target that is an SNS topic of the stack sends to a topic with at least one subscription in the stack.",
		Anchors:     []string{eventBridgeSNSDocs},
		Level:       Advisory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, target := range s.OfType(eventTargetType) {
				rule, _ := target.Str("rule")
				if rule == "" {
					rule = target.Name
				}
				for _, topic := range topicsReferred(s, target, "arn") {
					if !subscribed(s, topic) {
						out = append(out, Violation{URN: target.URN, Message: fmt.Sprintf(
							"EventBridge rule %s sends its events to SNS topic %s, which has no subscription in the stack: nobody hears of them", rule, topic.Name)})
					}
				}
			}
			return out
		},
	},
}

// alarmProblems are what keeps an alarm from reaching someone. A value
// not known yet is no problem: an action list, or an element of it, that
// is not known yet (a topic's ARN during a preview) counts as an action,
// as does a list whose value came from another resource.
func alarmProblems(s *Stack, alarm *Resource) []string {
	if v, known := alarm.Get("actionsEnabled"); known && v.IsBool() && !v.BoolValue() {
		return []string{"the alarm's actions are disabled (actionsEnabled is false): its state changes notify nobody"}
	}
	v, known := alarm.Get("alarmActions")
	if !known {
		return nil
	}
	n := 0
	if v.IsArray() {
		n = len(v.ArrayValue())
	}
	if n == 0 && len(alarm.PropertyDependencies["alarmActions"]) == 0 {
		return []string{"the alarm has no alarm action: when it fires, nobody is notified (pass an incident routing's topic, incidents.Routing.AlarmActionsArray)"}
	}
	var out []string
	for _, topic := range topicsReferred(s, alarm, "alarmActions") {
		if !subscribed(s, topic) {
			out = append(out, fmt.Sprintf("the alarm notifies SNS topic %s, which has no subscription in the stack: nobody hears it fire", topic.Name))
		}
	}
	return out
}

// topicsReferred returns the SNS topics of the stack that property prop of
// r names (a string or a list of strings): those its value came from, and
// those whose ID or ARN it holds.
func topicsReferred(s *Stack, r *Resource, prop string) []*Resource {
	var values []string
	if v, known := r.Get(prop); known {
		switch {
		case v.IsString():
			values = append(values, v.StringValue())
		case v.IsArray():
			for _, e := range v.ArrayValue() {
				if e, ok := plain(e); ok && e.IsString() {
					values = append(values, e.StringValue())
				}
			}
		}
	}
	var out []*Resource
	for _, topic := range s.OfType(snsTopicType) {
		if contains(r.PropertyDependencies[prop], topic.URN) || slices.ContainsFunc(topicIDs(topic), func(id string) bool { return contains(values, id) }) {
			out = append(out, topic)
		}
	}
	return out
}

// topicIDs are the known values a topic is named by: its ID and its ARN
// (for SNS the same).
func topicIDs(topic *Resource) []string {
	var out []string
	for _, k := range []string{"id", "arn"} {
		if v, known := topic.Str(k); known && v != "" {
			out = append(out, v)
		}
	}
	return out
}

// subscribed reports whether a subscription of the stack is on topic. A
// subscription whose topic is not known yet, and came from no resource we
// can see, may be on it: it counts.
func subscribed(s *Stack, topic *Resource) bool {
	ids := topicIDs(topic)
	for _, sub := range s.OfType(snsSubscriptionType) {
		deps := sub.PropertyDependencies["topic"]
		if contains(deps, topic.URN) {
			return true
		}
		v, known := sub.Str("topic")
		if known && v != "" && contains(ids, v) {
			return true
		}
		if !known && len(deps) == 0 {
			return true
		}
	}
	return false
}
