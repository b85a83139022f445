package aws

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
	eventRuleT    = "aws:cloudwatch/eventRule:EventRule"
	eventTargetT  = "aws:cloudwatch/eventTarget:EventTarget"
	healthCheckT  = "aws:route53/healthCheck:HealthCheck"
	vaultNotesT   = "aws:backup/vaultNotifications:VaultNotifications"
)

// euSites moves a stack's sites out of us-east-1, so that the edge's
// alarms need a routing of their own.
var euSites = map[string]string{
	"aws:region": "eu-west-1", "modelfort:drRegion": "eu-central-1",
	"modelfort:primaryCertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000061",
	"modelfort:drCertificateArn":      "arn:aws:acm:eu-central-1:123456789012:certificate/00000000-0000-0000-0000-000000000062",
}

// topicByArn finds the recorded topic whose ARN is arn.
func topicByArn(rec *mocktest.Recording, arn string) *mocktest.Resource {
	for _, t := range rec.OfType(topicT) {
		if t.Out("arn") == arn {
			return t
		}
	}
	return nil
}

// reachesOnCall follows a topic ARN, as an alarm or a rule names it, to a
// topic of region and to the on-call addresses that subscribe to it; it
// returns what is wrong, or "".
func reachesOnCall(rec *mocktest.Recording, arn, region string, emails []string) string {
	topic := topicByArn(rec, arn)
	if topic == nil {
		return "notifies " + arn + ", which is no topic of the stack"
	}
	if topic.Region != region {
		return "notifies topic " + topic.Name + " of " + topic.Region + ", not of its own region " + region
	}
	var got []string
	for _, s := range rec.OfType(subscriptionT) {
		if s.Str("topic") == arn && s.Str("protocol") == "email" {
			got = append(got, s.Str("endpoint"))
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, emails) {
		return "notifies topic " + topic.Name + ", which emails " + strings.Join(got, ", ") + "; want " + strings.Join(emails, ", ")
	}
	return ""
}

// TestEveryAlarmReachesOnCall follows every alarm of each environment
// (and of a deployment outside us-east-1, whose edge has a routing of its
// own) to a topic of its own region and to the on-call addresses of the
// stack's config: alarm -> topic -> subscription.
func TestEveryAlarmReachesOnCall(t *testing.T) {
	for _, tc := range []struct {
		name, env string
		overrides map[string]string
		regions   []string
	}{
		{"dev", "dev", nil, []string{"us-east-1", "us-west-2"}},
		{"staging", "staging", nil, []string{"us-east-1", "us-west-2"}},
		{"prod", "prod", nil, []string{"us-east-1", "us-west-2"}},
		{"dev in Europe", "dev", euSites, []string{"eu-central-1", "eu-west-1", "us-east-1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := run(t, tc.env, tc.overrides)
			if err != nil {
				t.Fatal(err)
			}
			emails := []string{"oncall-" + tc.env + "@example.com"}
			alarms := rec.OfType(alarmT)
			if len(alarms) == 0 {
				t.Fatal("no alarms")
			}
			regions := map[string]bool{}
			for _, a := range alarms {
				actions := a.Strs("alarmActions")
				if len(actions) == 0 {
					t.Errorf("alarm %s (%s) notifies nobody", a.Name, a.Region)
				}
				for _, arn := range actions {
					if msg := reachesOnCall(rec, arn, a.Region, emails); msg != "" {
						t.Errorf("alarm %s (%s) %s", a.Name, a.Region, msg)
					}
				}
				regions[a.Region] = true
			}
			if got := slices.Sorted(func(yield func(string) bool) {
				for r := range regions {
					yield(r)
				}
			}); !slices.Equal(got, tc.regions) {
				t.Errorf("alarms in %v; want %v", got, tc.regions)
			}
			// One routing per region the alarms are in.
			if n := len(rec.OfType("modelfort:aws:Incidents")); n != len(tc.regions) {
				t.Errorf("%d incident routings; want %d", n, len(tc.regions))
			}
		})
	}
}

// TestEveryFindingReachesOnCall follows the EventBridge rules of each site
// of prod (GuardDuty, Security Hub, AWS Backup; Shield's changes in
// us-east-1) to their topic and its
// subscribers: finding -> rule -> target -> topic -> subscription.
func TestEveryFindingReachesOnCall(t *testing.T) {
	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string][]string{}
	for _, target := range rec.OfType(eventTargetT) {
		var rule *mocktest.Resource
		for _, r := range rec.OfType(eventRuleT) {
			if r.Out("name") == target.Str("rule") {
				rule = r
			}
		}
		if rule == nil {
			t.Fatalf("target %s names no rule of the stack", target.Name)
		}
		if msg := reachesOnCall(rec, target.Str("arn"), rule.Region, []string{"oncall-prod@example.com"}); msg != "" {
			t.Errorf("rule %s (%s) %s", rule.Name, rule.Region, msg)
		}
		name := rule.Out("name") // NAME-KIND-xxxxxxx
		kinds[rule.Region] = append(kinds[rule.Region], name[:strings.LastIndex(name, "-")])
	}
	for region, site := range map[string]string{"us-east-1": "primary", "us-west-2": "dr"} {
		got := kinds[region]
		slices.Sort(got)
		want := []string{"incidents-" + site + "-backup", "incidents-" + site + "-guardduty", "incidents-" + site + "-securityhub"}
		if region == "us-east-1" {
			// Shield's changes, recorded in us-east-1.
			want = append(want, "incidents-primary-shield")
		}
		if !slices.Equal(got, want) {
			t.Errorf("rules in %s: %v; want %v", region, got, want)
		}
	}
}

// TestVaultsNotifyTheRoutings follows each backup vault's notifications to
// the routing of its region, for the events the routing's EventBridge
// rule does not report.
func TestVaultsNotifyTheRoutings(t *testing.T) {
	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	notes := rec.OfType(vaultNotesT)
	if len(notes) != 2 {
		t.Fatalf("%d vault notification configurations; want 2 (the vault and its copy)", len(notes))
	}
	for _, n := range notes {
		if msg := reachesOnCall(rec, n.Str("snsTopicArn"), n.Region, []string{"oncall-prod@example.com"}); msg != "" {
			t.Errorf("vault notifications %s (%s) %s", n.Name, n.Region, msg)
		}
		if got := n.Strs("backupVaultEvents"); !slices.Equal(got, VaultNotificationEvents) {
			t.Errorf("vault notifications %s: events %v; want %v", n.Name, got, VaultNotificationEvents)
		}
	}
	// No topic of the stack is left without subscribers.
	for _, topic := range rec.OfType(topicT) {
		if msg := reachesOnCall(rec, topic.Out("arn"), topic.Region, []string{"oncall-prod@example.com"}); msg != "" {
			t.Errorf("topic %s: %s", topic.Name, msg)
		}
	}
}

// TestHealthCheckAlarmsWatchTheHealthChecks: a failing health check of
// either site sets off an alarm in us-east-1 (where Route 53 publishes
// HealthCheckStatus) on that very health check: health check -> alarm ->
// topic.
func TestHealthCheckAlarmsWatchTheHealthChecks(t *testing.T) {
	rec, err := run(t, "dev", euSites)
	if err != nil {
		t.Fatal(err)
	}
	for _, site := range []string{"primary", "dr"} {
		alarm := rec.Find(alarmT, "health-"+site)
		if alarm == nil {
			t.Fatalf("no health alarm of %s", site)
		}
		id := alarm.Str("dimensions.HealthCheckId")
		var hc *mocktest.Resource
		for _, h := range rec.OfType(healthCheckT) {
			if h.Out("id") == id {
				hc = h
			}
		}
		// The failover records follow the calculated health check, which
		// combines the front door's probe and the endpoint's alarms.
		want := map[string]string{"primary": "failover-primary-serving", "dr": "failover-secondary-serving"}[site]
		if hc == nil || hc.Str("type") != "CALCULATED" || hc.Name != want {
			t.Errorf("health alarm of %s watches %q: %v", site, id, hc)
		}
		if alarm.Region != EdgeRegion || alarm.Str("namespace") != "AWS/Route53" || alarm.Str("metricName") != "HealthCheckStatus" ||
			alarm.Str("comparisonOperator") != "LessThanThreshold" || alarm.Get("threshold").NumberValue() != 1 {
			t.Errorf("health alarm of %s: %s %s/%s", site, alarm.Region, alarm.Str("namespace"), alarm.Str("metricName"))
		}
	}
}

// TestIncidentsToGivenTopics: topics given by site take the place of the
// routings' own, and the emails subscribe to the sites without one.
func TestIncidentsToGivenTopics(t *testing.T) {
	const primary = "arn:aws:sns:us-east-1:123456789012:pager"
	rec, err := run(t, "dev", map[string]string{
		IncidentsKey: `{"emails": ["oncall-dev@example.com"], "topicArns": {"primary": "` + primary + `"}}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range rec.OfType(alarmT) {
		for _, arn := range a.Strs("alarmActions") {
			switch {
			case a.Region == "us-east-1" && arn != primary:
				t.Errorf("alarm %s of us-east-1 notifies %s; want %s", a.Name, arn, primary)
			case a.Region == "us-west-2":
				if msg := reachesOnCall(rec, arn, a.Region, []string{"oncall-dev@example.com"}); msg != "" {
					t.Errorf("alarm %s %s", a.Name, msg)
				}
			}
		}
	}
	for _, topic := range rec.OfType(topicT) {
		if topic.Region == "us-east-1" {
			t.Errorf("topic %s created in us-east-1, where the given one serves", topic.Name)
		}
	}
}

func TestIncidentsConfigRejections(t *testing.T) {
	for _, tc := range []struct {
		name, value, want string
		overrides         map[string]string
	}{
		{"unset", "", "modelfort:incidents is not set, so no alarm or finding would reach anyone", nil},
		{"not an object", `["oncall@example.com"]`, "modelfort:incidents is not an object of emails", nil},
		{"a misspelt field", `{"email": ["oncall@example.com"]}`, `unknown field "email"`, nil},
		{"a display name", `{"emails": ["On Call <oncall@example.com>"]}`, `modelfort:incidents (site dr): Emails[0] "On Call <oncall@example.com>" is not an email address`, nil},
		{"a site of its own for us-east-1", `{"topicArns": {"edge": "arn:aws:sns:us-east-1:123456789012:pager"}}`, `modelfort:incidents.topicArns has site "edge"; allowed sites are dr, primary`, nil},
		{"a topic of another region", `{"topicArns": {"primary": "arn:aws:sns:us-west-2:123456789012:pager", "dr": "arn:aws:sns:us-west-2:123456789012:pager"}}`,
			`modelfort:incidents.topicArns.primary "arn:aws:sns:us-west-2:123456789012:pager" is in us-west-2; it must be in us-east-1`, nil},
		{"a site without a route", `{"topicArns": {"primary": "arn:aws:sns:us-east-1:123456789012:pager"}}`, "modelfort:incidents (site dr): Emails and TopicArn are both empty", nil},
		{"the edge without a route", `{"topicArns": {"primary": "arn:aws:sns:eu-west-1:123456789012:pager", "dr": "arn:aws:sns:eu-central-1:123456789012:pager"}}`,
			"modelfort:incidents (site edge): Emails and TopicArn are both empty", euSites},
		{"a severity out of range", `{"emails": ["oncall@example.com"], "guardDutyMinSeverity": 9}`, "GuardDutyMinSeverity is 9", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			overrides := map[string]string{IncidentsKey: tc.value}
			for k, v := range tc.overrides {
				overrides[k] = v
			}
			rec, err := run(t, "dev", overrides)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want it to contain %q", err, tc.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("bad config registered %d resources", len(rec.Resources))
			}
		})
	}
}
