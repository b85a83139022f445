package main

import (
	"slices"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

// TestProgram: the template cuts the VPC's three private subnets off for
// 15 minutes and stops on its own stop alarm; the policy pack passes it.
func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	tpl := rec.Find("aws:fis/experimentTemplate:ExperimentTemplate", "drill-region-outage")
	stop := rec.Find("aws:cloudwatch/metricAlarm:MetricAlarm", "drill-stop")
	if tpl == nil || stop == nil {
		t.Fatalf("template %v, stop alarm %v", tpl, stop)
	}
	var subnets []string
	for _, s := range rec.OfType("aws:ec2/subnet:Subnet") {
		if s.Str("tags.Name") != "" && s.Parent != "" {
			subnets = append(subnets, s.Out("arn"))
		}
	}
	got := slices.Sorted(slices.Values(tpl.Strs("targets[0].resourceArns")))
	slices.Sort(subnets)
	if len(got) != 3 || !slices.Equal(got, subnets) {
		t.Errorf("targets %v; want the private subnets %v", got, subnets)
	}
	if tpl.Str("actions[0].parameters[0].value") != "PT15M" || tpl.Str("stopConditions[0].value") != stop.Out("arn") ||
		len(tpl.Get("stopConditions").ArrayValue()) != 1 {
		t.Errorf("template %v", tpl.Inputs)
	}
	// The stop alarm reaches the on-call address: alarm -> topic ->
	// subscription.
	topic := rec.Find("aws:sns/topic:Topic", "incidents")
	sub := rec.Find("aws:sns/topicSubscription:TopicSubscription", "incidents-0")
	if topic == nil || !slices.Equal(stop.Strs("alarmActions"), []string{topic.Out("arn")}) || sub.Str("topic") != topic.Out("arn") || sub.Str("endpoint") != "oncall@example.com" {
		t.Errorf("stop alarm actions %v, topic %v, subscription %v", stop.Strs("alarmActions"), topic, sub)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("policy pack:\n%s", rules.Table(vs))
	}
}

// TestProgramWithAlarmAndTopic: a further stop alarm and the topic from
// the config.
func TestProgramWithAlarmAndTopic(t *testing.T) {
	alarm := "arn:aws:cloudwatch:us-east-1:123456789012:alarm:serving-unhealthy"
	topic := "arn:aws:sns:us-east-1:123456789012:oncall"
	rec, err := mocktest.Run(program, mocktest.Config(mocktest.Project+":stopAlarmArn", alarm),
		mocktest.Config(mocktest.Project+":alarmTopicArn", topic))
	if err != nil {
		t.Fatal(err)
	}
	tpl := rec.Find("aws:fis/experimentTemplate:ExperimentTemplate", "drill-region-outage")
	if tpl.Str("stopConditions[1].value") != alarm || !slices.Equal(rec.Find("aws:cloudwatch/metricAlarm:MetricAlarm", "drill-stop").Strs("alarmActions"), []string{topic}) {
		t.Errorf("template %v", tpl.Get("stopConditions"))
	}
	// A further alarm of another region is refused.
	if _, err := mocktest.Run(program, mocktest.Config(mocktest.Project+":stopAlarmArn", "arn:aws:cloudwatch:us-west-2:123456789012:alarm:x")); err == nil {
		t.Error("a stop alarm of another region was taken")
	}
}
