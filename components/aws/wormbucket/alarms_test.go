package wormbucket

import (
	"slices"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

// byOutput returns the resource of type typ whose output key is value, the
// one an input that names it by ARN points at.
func byOutput(rec *mocktest.Recording, typ, key, value string) *mocktest.Resource {
	for _, r := range rec.OfType(typ) {
		if value != "" && r.Out(key) == value {
			return r
		}
	}
	return nil
}

// subscribers are the email addresses subscribed to the topic whose ARN
// is topicArn.
func subscribers(rec *mocktest.Recording, topicArn string) []string {
	var out []string
	for _, s := range rec.OfType(subscriptionT) {
		if s.Str("topic") == topicArn && s.Str("protocol") == "email" {
			out = append(out, s.Str("endpoint"))
		}
	}
	slices.Sort(out)
	return out
}

// TestReplicationAlarmChain follows each alarm to the metric of the
// recorded rule and buckets, to the topic it notifies (in its own region,
// encrypted with a key CloudWatch may use), and to that topic's
// subscribers.
func TestReplicationAlarmChain(t *testing.T) {
	var repl *Replication
	emails := []string{"oncall@example.com", "storage@example.com"}
	rec, err := pair(t, "us-west-2", func(ctx *pulumi.Context, src, dst *Bucket, _ *aws.Provider) error {
		var err error
		repl, err = NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst, AlarmEmails: emails})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(ReplicationType, "models")
	src, dst := rec.Find(bucketT, "models"), rec.Find(bucketT, "models-dr")
	cfg := rec.Find(replicationConfigT, "models")
	ruleID := cfg.Str("rules[0].id")
	if ruleID == "" || ruleID != repl.RuleId {
		t.Fatalf("rule ID %q, component's RuleId %q", ruleID, repl.RuleId)
	}
	// The alarms need the rule's metrics, which S3 RTC turns on.
	if cfg.Str("rules[0].destination.metrics.status") != "Enabled" || cfg.Str("rules[0].destination.replicationTime.status") != "Enabled" {
		t.Errorf("rule metrics %v, RTC %v", cfg.Get("rules[0].destination.metrics"), cfg.Get("rules[0].destination.replicationTime"))
	}

	for _, tt := range []struct {
		alarm, region, metric, statistic string
		period, evaluations, threshold   float64
		topic                            string
	}{
		// S3 publishes ReplicationLatency in the destination's region, and
		// OperationsFailedReplication in the source's.
		{"models-latency", "us-west-2", "ReplicationLatency", "Maximum", 60, 3, 900, "models-destination-alarms"},
		{"models-failed", "us-east-1", "OperationsFailedReplication", "Sum", 60, 1, 0, "models-alarms"},
	} {
		a := rec.Find(alarmT, tt.alarm)
		if a == nil || a.Parent != comp.URN {
			t.Errorf("%s: not under the component:\n%s", tt.alarm, rec)
			continue
		}
		if a.Region != tt.region {
			t.Errorf("%s acts in %s; want %s, where S3 publishes %s", tt.alarm, a.Region, tt.region, tt.metric)
		}
		// The metric: the rule's, by the recorded bucket names and rule ID.
		if a.Str("namespace") != "AWS/S3" || a.Str("metricName") != tt.metric || a.Str("statistic") != tt.statistic ||
			a.Has("extendedStatistic") || a.Has("metricQueries") {
			t.Errorf("%s watches %s %s %s (%v)", tt.alarm, a.Str("namespace"), a.Str("metricName"), a.Str("statistic"), a.Get("metricQueries"))
		}
		for dim, want := range map[string]string{"SourceBucket": src.ID, "DestinationBucket": dst.ID, "RuleId": ruleID} {
			if got := a.Str("dimensions." + dim); got != want || want == "" {
				t.Errorf("%s: dimension %s = %q; want %q", tt.alarm, dim, got, want)
			}
		}
		if n := len(a.Get("dimensions").ObjectValue()); n != 3 {
			t.Errorf("%s has %d dimensions; want 3", tt.alarm, n)
		}
		// Standard resolution, N out of N, above the threshold; no data is
		// no breach.
		if a.Num("period") != tt.period || a.Num("evaluationPeriods") != tt.evaluations || a.Num("datapointsToAlarm") != tt.evaluations ||
			a.Num("threshold") != tt.threshold || a.Str("comparisonOperator") != "GreaterThanThreshold" || a.Str("treatMissingData") != "notBreaching" {
			t.Errorf("%s: period %v, %v of %v, %s %v, missing data %s", tt.alarm, a.Get("period"), a.Get("datapointsToAlarm"),
				a.Get("evaluationPeriods"), a.Str("comparisonOperator"), a.Get("threshold"), a.Str("treatMissingData"))
		}
		if a.Has("highResolution") || a.Num("period") < 60 {
			t.Errorf("%s is not standard resolution", tt.alarm)
		}

		// alarm -> topic: the actions name the topic the component made,
		// in the alarm's region.
		actions := a.Strs("alarmActions")
		if len(actions) != 1 || !slices.Equal(a.Strs("okActions"), actions) {
			t.Errorf("%s: alarm actions %v, OK actions %v; want one topic for both", tt.alarm, actions, a.Strs("okActions"))
			continue
		}
		topic := byOutput(rec, topicT, "arn", actions[0])
		if topic == nil || topic.Name != tt.topic || topic.Parent != comp.URN || topic.Region != tt.region {
			t.Errorf("%s notifies %s; want the component's topic %s in %s", tt.alarm, actions[0], tt.topic, tt.region)
			continue
		}
		// topic -> key: a key of its own, which SNS and CloudWatch may use.
		key := byOutput(rec, keyT, "arn", topic.Str("kmsMasterKeyId"))
		if key == nil || key.Region != tt.region {
			t.Errorf("%s is not encrypted with a key in %s: %q", tt.topic, tt.region, topic.Str("kmsMasterKeyId"))
		} else if p, err := key.Policy("policy"); err != nil {
			t.Error(err)
		} else if s := p.Find("ServicesUseKeyForThisAccount"); s == nil || !slices.Contains(s.Principal["Service"], "cloudwatch.amazonaws.com") {
			t.Errorf("CloudWatch may not use %s's key to publish: %v", tt.topic, p.Sids())
		} else if v := p.Find("AccountUsesKeyThroughServices").Values("StringEquals", "kms:ViaService"); !slices.Equal(v, []string{"sns." + tt.region + ".amazonaws.com"}) {
			t.Errorf("%s's key is usable through %v; want SNS in %s", tt.topic, v, tt.region)
		}
		// topic -> subscribers.
		if got := subscribers(rec, topic.Out("arn")); !slices.Equal(got, emails) {
			t.Errorf("%s subscribers %v; want %v", tt.topic, got, emails)
		}
		for _, s := range rec.OfType(subscriptionT) {
			if s.Str("topic") == topic.Out("arn") && (s.Region != tt.region || s.Parent != comp.URN) {
				t.Errorf("subscription %s acts in %s under %s", s.Name, s.Region, s.Parent)
			}
		}
	}
	if len(rec.OfType(topicT)) != 2 || len(rec.OfType(subscriptionT)) != 4 || len(rec.OfType(alarmT)) != 2 {
		t.Errorf("want 2 topics, 4 subscriptions and 2 alarms: %v", rec.Types())
	}
	if repl.Detection != 3*time.Minute || LatencyAlarmDetection != 3*time.Minute {
		t.Errorf("Detection %s (LatencyAlarmDetection %s); want 3m, 3 periods of a minute", repl.Detection, LatencyAlarmDetection)
	}
	if repl.AlarmTopic == nil || repl.DestinationAlarmTopic == nil || repl.LatencyAlarm == nil || repl.FailedAlarm == nil {
		t.Error("the component does not expose its topics and alarms")
	}
}

// TestReplicationGivenAlarmTopics: given topics are notified as they are,
// and no topic or key is created in their place; AlarmEmails go to the
// topic the component still creates.
func TestReplicationGivenAlarmTopics(t *testing.T) {
	const oncall = "arn:aws:sns:us-east-1:123456789012:oncall"
	const oncallDR = "arn:aws:sns:us-west-2:123456789012:oncall-dr"
	t.Run("both", func(t *testing.T) {
		var repl *Replication
		rec, err := pair(t, "us-west-2", func(ctx *pulumi.Context, src, dst *Bucket, _ *aws.Provider) error {
			var err error
			repl, err = NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst,
				AlarmTopicArn: pulumi.String(oncall), DestinationAlarmTopicArn: pulumi.String(oncallDR)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for alarm, want := range map[string]string{"models-failed": oncall, "models-latency": oncallDR} {
			a := rec.Find(alarmT, alarm)
			if a == nil || !slices.Equal(a.Strs("alarmActions"), []string{want}) || !slices.Equal(a.Strs("okActions"), []string{want}) {
				t.Errorf("%s notifies %v; want %s", alarm, a.Strs("alarmActions"), want)
			}
		}
		if n := len(rec.OfType(topicT)); n != 0 {
			t.Errorf("%d topics created beside the given ones", n)
		}
		if rec.Find(keyT, "models-alarms") != nil || rec.Find(keyT, "models-destination-alarms") != nil {
			t.Error("alarm keys created for given topics")
		}
		if repl.AlarmTopic != nil || repl.DestinationAlarmTopic != nil {
			t.Error("the component reports topics it did not create")
		}
	})
	t.Run("source given, emails to the destination's own", func(t *testing.T) {
		rec, err := pair(t, "us-west-2", func(ctx *pulumi.Context, src, dst *Bucket, _ *aws.Provider) error {
			_, err := NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst,
				AlarmTopicArn: pulumi.String(oncall), AlarmEmails: []string{"oncall@example.com"}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if a := rec.Find(alarmT, "models-failed"); !slices.Equal(a.Strs("alarmActions"), []string{oncall}) {
			t.Errorf("failed alarm notifies %v", a.Strs("alarmActions"))
		}
		own := rec.Find(topicT, "models-destination-alarms")
		if own == nil || len(rec.OfType(topicT)) != 1 || !slices.Equal(rec.Find(alarmT, "models-latency").Strs("alarmActions"), []string{own.Out("arn")}) {
			t.Fatalf("latency alarm and topics: %v", rec.Types())
		}
		if got := subscribers(rec, own.Out("arn")); !slices.Equal(got, []string{"oncall@example.com"}) || len(rec.OfType(subscriptionT)) != 1 {
			t.Errorf("subscribers %v of %d subscriptions; want the address on the component's topic only", got, len(rec.OfType(subscriptionT)))
		}
	})
}

// TestReplicateDeleteMarkers: the explicit choice turns delete marker
// replication on, and lets the role replicate deletes.
func TestReplicateDeleteMarkers(t *testing.T) {
	rec, err := pair(t, "us-west-2", func(ctx *pulumi.Context, src, dst *Bucket, _ *aws.Provider) error {
		_, err := NewReplication(ctx, "models", &ReplicationArgs{Source: src, Destination: dst, ReplicateDeleteMarkers: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := rec.Find(replicationConfigT, "models").Str("rules[0].deleteMarkerReplication.status"); s != "Enabled" {
		t.Errorf("delete marker replication %q; want Enabled", s)
	}
	p, err := rec.Find("aws:iam/rolePolicy:RolePolicy", "models").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	if a := p.Find(SidReplicateIntoDest).Action; !slices.Contains(a, "s3:ReplicateDelete") {
		t.Errorf("%s allows %v; want s3:ReplicateDelete", SidReplicateIntoDest, a)
	}
}
