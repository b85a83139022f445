package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	alarmT        = "aws:cloudwatch/metricAlarm:MetricAlarm"
	topicT        = "aws:sns/topic:Topic"
	subscriptionT = "aws:sns/topicSubscription:TopicSubscription"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	cfg := rec.Find("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "models")
	models := rec.Find("aws:s3/bucketV2:BucketV2", "models")
	replica := rec.Find("aws:s3/bucketV2:BucketV2", "models-replica")
	if cfg == nil || replica == nil || replica.Region != "us-west-2" || cfg.Str("rules[0].destination.bucket") != replica.Out("arn") {
		t.Fatalf("replication %v to %v", cfg, replica)
	}
	// A delete in the primary does not hide the DR copy's objects.
	if s := cfg.Str("rules[0].deleteMarkerReplication.status"); s != "Disabled" {
		t.Errorf("delete marker replication %q; want Disabled", s)
	}
	if cfg.Str("rules[0].destination.metrics.status") != "Enabled" {
		t.Error("replication metrics, which the alarms watch, are off")
	}
	// alarm -> topic -> subscriber, each alarm in the region where S3
	// publishes its metric.
	for name, region := range map[string]string{"models-latency": "us-west-2", "models-failed": "us-east-1"} {
		a := rec.Find(alarmT, name)
		if a == nil || a.Region != region || a.Str("dimensions.SourceBucket") != models.ID ||
			a.Str("dimensions.DestinationBucket") != replica.ID || a.Str("dimensions.RuleId") != cfg.Str("rules[0].id") {
			t.Errorf("%s: %v", name, a)
			continue
		}
		actions := a.Strs("alarmActions")
		var topic string
		for _, tp := range rec.OfType(topicT) {
			if len(actions) == 1 && tp.Out("arn") == actions[0] && tp.Region == region {
				topic = tp.Out("arn")
			}
		}
		if topic == "" {
			t.Errorf("%s notifies %v, no topic of the stack in %s", name, actions, region)
			continue
		}
		var emails []string
		for _, s := range rec.OfType(subscriptionT) {
			if s.Str("topic") == topic && s.Str("protocol") == "email" {
				emails = append(emails, s.Str("endpoint"))
			}
		}
		if !slices.Equal(emails, []string{"oncall@example.com"}) {
			t.Errorf("%s's topic mails %v", name, emails)
		}
	}
	if a := rec.Find(alarmT, "models-latency"); a.Str("metricName") != "ReplicationLatency" || a.Num("threshold") != 900 || a.Str("statistic") != "Maximum" {
		t.Errorf("latency alarm: %v", a.Inputs)
	}
}

func TestAlarmEmailFromConfig(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config(mocktest.Project+":alarmEmail", "storage@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rec.OfType(subscriptionT) {
		if s.Str("endpoint") != "storage@example.com" {
			t.Errorf("subscription %s mails %s", s.Name, s.Str("endpoint"))
		}
	}
	if n := len(rec.OfType(subscriptionT)); n != 2 {
		t.Errorf("%d subscriptions; want one on each region's topic", n)
	}
	_, err = mocktest.Run(program, mocktest.Config(mocktest.Project+":alarmEmail", "oncall"))
	if err == nil || !strings.Contains(err.Error(), `AlarmEmails[0] "oncall" is not an email address`) {
		t.Errorf("err = %v; want the bad address refused", err)
	}
}
