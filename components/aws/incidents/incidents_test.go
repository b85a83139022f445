package incidents

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	topicT        = "aws:sns/topic:Topic"
	topicPolicyT  = "aws:sns/topicPolicy:TopicPolicy"
	subscriptionT = "aws:sns/topicSubscription:TopicSubscription"
	ruleT         = "aws:cloudwatch/eventRule:EventRule"
	targetT       = "aws:cloudwatch/eventTarget:EventTarget"
	keyT          = "aws:kms/key:Key"
	aliasT        = "aws:kms/alias:Alias"
	alarmT        = "aws:cloudwatch/metricAlarm:MetricAlarm"

	givenTopic = "arn:aws:sns:us-east-1:123456789012:oncall"
	givenKey   = "arn:aws:kms:us-east-1:123456789012:key/given"
)

var oncall = []string{"oncall@example.com", "security@example.com"}

func newRouting(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewRouting(ctx, "incidents", args, opts...)
		return err
	})
}

func mustRouting(t *testing.T, args *Args) *mocktest.Recording {
	t.Helper()
	rec, err := newRouting(t, args)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// patternOf decodes a rule's event pattern.
func patternOf(t *testing.T, r *mocktest.Resource) map[string]any {
	t.Helper()
	if r == nil {
		t.Fatal("no rule")
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(r.Str("eventPattern")), &p); err != nil {
		t.Fatalf("event pattern of %s: %v", r.Name, err)
	}
	return p
}

// path follows keys through a decoded pattern.
func path(p map[string]any, keys ...string) any {
	var cur any = p
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// strs turns a decoded JSON list of strings into a sorted slice.
func strs(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// TestZeroArgsAreRefused: nil and empty Args are refused, not a panic,
// and nothing is registered: a route that reaches nobody is the defect.
func TestZeroArgsAreRefused(t *testing.T) {
	for name, args := range map[string]*Args{"nil": nil, "zero": {}, "loosened only": {NoGuardDuty: true, NoSecurityHub: true}} {
		rec, err := newRouting(t, args)
		if err == nil || !strings.Contains(err.Error(), "incidents incidents: Emails and TopicArn are both empty, so incidents would reach nobody") {
			t.Errorf("%s: %v", name, err)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%s: registered before failing:\n%s", name, rec)
		}
	}
}

// TestEmailsSubscribeToTheOwnTopic: each address subscribes by email to
// the topic the routing creates, encrypted with a key of its own.
func TestEmailsSubscribeToTheOwnTopic(t *testing.T) {
	var r *Routing
	rec, err := mocktest.Run(func(ctx *pulumi.Context) (err error) {
		r, err = NewRouting(ctx, "incidents", &Args{Emails: oncall, Tags: map[string]string{"team": "sre"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	topic, key := rec.Find(topicT, "incidents"), rec.Find(keyT, "incidents")
	if topic == nil || key == nil || topic.Str("kmsMasterKeyId") != key.Out("arn") || topic.Str("tags.team") != "sre" {
		t.Fatalf("topic %v encrypted with %v", topic, key)
	}
	if !key.Bool("enableKeyRotation") || key.Num("deletionWindowInDays") != 30 || key.Str("tags.team") != "sre" {
		t.Errorf("key: %v", key.Inputs)
	}
	if a := rec.Find(aliasT, "incidents"); a == nil || a.Str("name") != "alias/modelfort/test/incidents/incidents" || a.Str("targetKeyId") != key.Out("keyId") {
		t.Errorf("alias: %v", a)
	}
	subs := rec.OfType(subscriptionT)
	if len(subs) != len(oncall) || len(r.Subscriptions) != len(oncall) {
		t.Fatalf("subscriptions: %v", subs)
	}
	for i, email := range oncall {
		s := rec.Find(subscriptionT, "incidents-"+string(rune('0'+i)))
		if s == nil || s.Str("topic") != topic.Out("arn") || s.Str("protocol") != "email" || s.Str("endpoint") != email {
			t.Errorf("subscription %d: %v", i, s)
		}
		if !s.Outputs["pendingConfirmation"].BoolValue() || !strings.HasPrefix(s.Out("arn"), topic.Out("arn")+":") {
			t.Errorf("subscription %d outputs: %v", i, s.Outputs)
		}
	}
	if r.Region != "us-east-1" || r.GuardDutyMinSeverity != DefaultGuardDutyMinSeverity || r.Topic == nil || r.Key == nil || len(r.Rules) != 3 {
		t.Errorf("routing: %+v", r)
	}
}

// TestRulesRouteFindingsAndFailedJobs parses each rule's event pattern:
// the sources and detail types, the severity threshold, the failed job
// states; each rule has the topic as its one target, which waits for the
// topic's policy.
func TestRulesRouteFindingsAndFailedJobs(t *testing.T) {
	rec := mustRouting(t, &Args{Emails: oncall[:1]})
	topic, policy := rec.Find(topicT, "incidents"), rec.Find(topicPolicyT, "incidents")

	gd := patternOf(t, rec.Find(ruleT, "incidents-guardduty"))
	if !slices.Equal(strs(gd["source"]), []string{"aws.guardduty"}) || !slices.Equal(strs(gd["detail-type"]), []string{"GuardDuty Finding"}) {
		t.Errorf("GuardDuty pattern: %v", gd)
	}
	sev, _ := path(gd, "detail", "severity").([]any)
	if len(sev) != 1 {
		t.Fatalf("GuardDuty severity: %v", gd)
	}
	if num := path(sev[0].(map[string]any), "numeric"); !slicesEqualAny(num, []any{">=", 7.0}) {
		t.Errorf("GuardDuty severity must be numeric >= 7: %v", num)
	}

	sh := patternOf(t, rec.Find(ruleT, "incidents-securityhub"))
	if !slices.Equal(strs(sh["source"]), []string{"aws.securityhub"}) || !slices.Equal(strs(sh["detail-type"]), []string{"Security Hub Findings - Imported"}) ||
		!slices.Equal(strs(path(sh, "detail", "findings", "Severity", "Label")), []string{"CRITICAL", "HIGH"}) ||
		!slices.Equal(strs(path(sh, "detail", "findings", "Workflow", "Status")), []string{"NEW"}) {
		t.Errorf("Security Hub pattern: %v", sh)
	}

	bk := patternOf(t, rec.Find(ruleT, "incidents-backup"))
	if !slices.Equal(strs(bk["source"]), []string{"aws.backup"}) ||
		!slices.Equal(strs(bk["detail-type"]), []string{"Backup Job State Change", "Copy Job State Change", "Restore Job State Change"}) {
		t.Errorf("Backup pattern: %v", bk)
	}
	alts, _ := path(bk, "detail", "$or").([]any)
	var fields []string
	for _, alt := range alts {
		for field, states := range alt.(map[string]any) {
			fields = append(fields, field)
			if !slices.Equal(strs(states), []string{"ABORTED", "EXPIRED", "FAILED"}) {
				t.Errorf("Backup %s: %v", field, states)
			}
		}
	}
	if slices.Sort(fields); !slices.Equal(fields, []string{"state", "status"}) {
		t.Errorf("Backup pattern must match detail.state (backup, copy) or detail.status (restore): %v", bk)
	}

	for _, kind := range []string{KindGuardDuty, KindSecurityHub, KindBackup} {
		rule, targets := rec.Find(ruleT, "incidents-"+kind), rec.OfType(targetT)
		var mine []*mocktest.Resource
		for _, tg := range targets {
			if tg.Str("rule") == rule.Out("name") {
				mine = append(mine, tg)
			}
		}
		if len(mine) != 1 || mine[0].Str("arn") != topic.Out("arn") || mine[0].Str("targetId") != TargetId || mine[0].Has("roleArn") {
			t.Errorf("%s targets: %v", kind, mine)
			continue
		}
		if !slices.Contains(mine[0].Dependencies, policy.URN) {
			t.Errorf("%s target must wait for the topic policy: %v", kind, mine[0].Dependencies)
		}
		alarm := rec.Find(alarmT, "incidents-"+kind+"-failed")
		if alarm == nil || alarm.Str("namespace") != "AWS/Events" || alarm.Str("metricName") != "FailedInvocations" ||
			alarm.Str("dimensions.RuleName") != rule.Out("name") || alarm.Str("comparisonOperator") != "GreaterThanThreshold" || alarm.Num("threshold") != 0 ||
			!slices.Equal(alarm.Strs("alarmActions"), []string{topic.Out("arn")}) {
			t.Errorf("%s delivery alarm: %v", kind, alarm)
		}
		if !strings.HasPrefix(rule.Str("name"), "incidents-"+kind+"-") || rule.Has("eventBusName") ||
			!strings.HasPrefix(rule.Out("arn"), "arn:aws:events:us-east-1:123456789012:rule/incidents-"+kind+"-") {
			t.Errorf("%s rule: %v", kind, rule.Outputs)
		}
	}
}

// TestShieldChanges: a routing of us-east-1 routes the Shield Advanced
// API calls that weaken protection, as CloudTrail records them, to its
// topic; a routing of another region is refused before anything is
// registered; and none routes them unless asked.
func TestShieldChanges(t *testing.T) {
	rec := mustRouting(t, &Args{Emails: oncall[:1], ShieldChanges: true})
	topic := rec.Find(topicT, "incidents")
	sp := patternOf(t, rec.Find(ruleT, "incidents-shield"))
	if !slices.Equal(strs(sp["source"]), []string{"aws.shield"}) || !slices.Equal(strs(sp["detail-type"]), []string{"AWS API Call via CloudTrail"}) ||
		!slices.Equal(strs(path(sp, "detail", "eventSource")), []string{"shield.amazonaws.com"}) {
		t.Errorf("Shield pattern: %v", sp)
	}
	calls := strs(path(sp, "detail", "eventName"))
	for _, c := range []string{"DeleteProtection", "DisableApplicationLayerAutomaticResponse", "DisassociateDRTRole", "DisableProactiveEngagement", "DisassociateHealthCheck"} {
		if !slices.Contains(calls, c) {
			t.Errorf("Shield pattern misses %s: %v", c, calls)
		}
	}
	var target *mocktest.Resource
	for _, tg := range rec.OfType(targetT) {
		if tg.Str("rule") == rec.Find(ruleT, "incidents-shield").Out("name") {
			target = tg
		}
	}
	if target == nil || target.Str("arn") != topic.Out("arn") || rec.Find(alarmT, "incidents-shield-failed") == nil {
		t.Errorf("Shield rule's target %v", target)
	}
	if rec := mustRouting(t, &Args{Emails: oncall[:1]}); rec.Find(ruleT, "incidents-shield") != nil {
		t.Error("Shield changes routed without ShieldChanges")
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		_, err = NewRouting(ctx, "incidents", &Args{Emails: oncall[:1], ShieldChanges: true}, pulumi.Provider(west))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "incidents incidents: ShieldChanges is set and the routing is in us-west-2; Shield Advanced's API calls are recorded in us-east-1 only") ||
		len(rec.OfType(Type)) != 0 {
		t.Errorf("a Shield routing of us-west-2: %v", err)
	}
}

func slicesEqualAny(v any, want []any) bool {
	l, ok := v.([]any)
	return ok && slices.Equal(l, want)
}

// TestTopicPolicyLetsThePublishersOfThisAccountAlone: CloudWatch,
// EventBridge and AWS Backup of this account publish; nothing without
// TLS.
func TestTopicPolicyLetsThePublishersOfThisAccountAlone(t *testing.T) {
	rec := mustRouting(t, &Args{Emails: oncall[:1]})
	topic, tp := rec.Find(topicT, "incidents"), rec.Find(topicPolicyT, "incidents")
	if tp == nil || tp.Str("arn") != topic.Out("arn") {
		t.Fatalf("topic policy %v", tp)
	}
	p, err := tp.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Sids(), []string{SidDenyInsecureTransport, SidServicesPublish}) {
		t.Errorf("statements: %v", p.Sids())
	}
	pub := p.Find(SidServicesPublish)
	services := slices.Sorted(slices.Values(pub.Principal["Service"]))
	if pub.Effect != "Allow" || !slices.Equal(services, []string{"backup.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com"}) ||
		!slices.Equal(pub.Action, []string{"SNS:Publish"}) || !slices.Equal(pub.Resource, []string{topic.Out("arn")}) ||
		!slices.Equal(pub.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) || len(pub.Condition) != 1 {
		t.Errorf("publishers: %+v", pub)
	}
	deny := p.Find(SidDenyInsecureTransport)
	if deny.Effect != "Deny" || !slices.Equal(deny.Principal["*"], []string{"*"}) || !slices.Contains(deny.Action, "SNS:Publish") ||
		!slices.Contains(deny.Action, "SNS:Subscribe") || !slices.Equal(deny.Values("Bool", "aws:SecureTransport"), []string{"false"}) {
		t.Errorf("TLS only: %+v", deny)
	}
	for _, s := range p.Statement {
		if s.Effect == "Allow" && (len(s.Principal["AWS"]) > 0 || len(s.Principal["*"]) > 0) {
			t.Errorf("the topic policy allows a principal other than the publishers: %+v", s)
		}
	}
}

// TestKeyIsUsableByThePublishers: the topic's key (a kmskey.Key) lets
// CloudWatch and AWS Backup of this account, and EventBridge for topics of
// this account and region (without aws:SourceAccount, which EventBridge
// does not send to KMS), use it; the account's principals use it through
// SNS only.
func TestKeyIsUsableByThePublishers(t *testing.T) {
	rec := mustRouting(t, &Args{Emails: oncall[:1]})
	p, err := rec.Find(keyT, "incidents").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	cw := p.Find("ServicesUseKeyForThisAccount")
	if cw == nil || !slices.Equal(slices.Sorted(slices.Values(cw.Principal["Service"])), []string{"backup.amazonaws.com", "cloudwatch.amazonaws.com"}) ||
		!slices.Contains(cw.Action, "kms:GenerateDataKey*") || !slices.Contains(cw.Action, "kms:Decrypt") ||
		!slices.Equal(cw.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("CloudWatch and AWS Backup: %+v", cw)
	}
	eb := p.Find(kmskey.SidEventBridgeUsesKey)
	if eb == nil || !slices.Equal(eb.Principal["Service"], []string{"events.amazonaws.com"}) ||
		!slices.Contains(eb.Action, "kms:GenerateDataKey*") || !slices.Contains(eb.Action, "kms:Decrypt") ||
		!slices.Equal(eb.Values("StringLike", kmskey.SNSTopicEncryptionContext), []string{"arn:aws:sns:us-east-1:123456789012:*"}) {
		t.Errorf("EventBridge: %+v", eb)
	}
	for op, keys := range eb.Condition {
		for k := range keys {
			if strings.HasPrefix(k, "aws:Source") {
				t.Errorf("EventBridge's statement holds %s %s, which EventBridge does not send to KMS", op, k)
			}
		}
	}
	via := p.Find("AccountUsesKeyThroughServices")
	if via == nil || !slices.Equal(via.Values("StringEquals", "kms:ViaService"), []string{"sns.us-east-1.amazonaws.com"}) ||
		!slices.Equal(via.Values("StringEquals", "kms:CallerAccount"), []string{"123456789012"}) {
		t.Errorf("the account through SNS: %+v", via)
	}
	if root := p.Find("RootManagesKeyAndEnablesIAMPolicies"); root == nil || !slices.Equal(root.Principal["AWS"], []string{"arn:aws:iam::123456789012:root"}) {
		t.Errorf("root: %+v", root)
	}
}

// TestGivenKey: the given key encrypts the topic; none is created.
func TestGivenKey(t *testing.T) {
	rec := mustRouting(t, &Args{Emails: oncall[:1], KMSKeyArn: pulumi.String(givenKey)})
	if rec.Find(topicT, "incidents").Str("kmsMasterKeyId") != givenKey || len(rec.OfType(keyT)) != 0 || len(rec.OfType(aliasT)) != 0 {
		t.Errorf("given key: %v", rec.Types())
	}
}

// TestExistingTopic: with TopicArn the routing creates no topic, key or
// policy; its rules target the given topic and Emails subscribe to it.
func TestExistingTopic(t *testing.T) {
	var r *Routing
	rec, err := mocktest.Run(func(ctx *pulumi.Context) (err error) {
		r, err = NewRouting(ctx, "incidents", &Args{TopicArn: pulumi.String(givenTopic)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{topicT, topicPolicyT, keyT, aliasT, subscriptionT} {
		if n := len(rec.OfType(typ)); n != 0 {
			t.Errorf("%d %s with a given topic", n, typ)
		}
	}
	targets := rec.OfType(targetT)
	if len(targets) != 3 || len(rec.OfType(ruleT)) != 3 {
		t.Fatalf("rules with a given topic: %v", rec.Types())
	}
	for _, tg := range targets {
		if tg.Str("arn") != givenTopic || slices.ContainsFunc(tg.Dependencies, func(u resource.URN) bool { return u.Type() == topicPolicyT }) {
			t.Errorf("target %s: %v, depends on %v", tg.Name, tg.Str("arn"), tg.Dependencies)
		}
	}
	if r.Topic != nil || r.TopicPolicy != nil || r.Key != nil {
		t.Errorf("routing: %+v", r)
	}

	rec = mustRouting(t, &Args{TopicArn: pulumi.String(givenTopic), Emails: oncall[:1]})
	if s := rec.Find(subscriptionT, "incidents-0"); s == nil || s.Str("topic") != givenTopic || len(rec.OfType(topicT)) != 0 {
		t.Errorf("an email with a given topic subscribes to it: %v", s)
	}
}

// TestLooseningFields: each No* field drops its rule alone, and the
// severity threshold reaches the GuardDuty pattern.
func TestLooseningFields(t *testing.T) {
	for _, tc := range []struct {
		args  Args
		kinds []string
	}{
		{Args{NoGuardDuty: true}, []string{KindSecurityHub, KindBackup}},
		{Args{NoSecurityHub: true}, []string{KindGuardDuty, KindBackup}},
		{Args{NoBackupEvents: true}, []string{KindGuardDuty, KindSecurityHub}},
		{Args{NoGuardDuty: true, NoSecurityHub: true, NoBackupEvents: true}, nil},
	} {
		tc.args.Emails = oncall[:1]
		var r *Routing
		rec, err := mocktest.Run(func(ctx *pulumi.Context) (err error) {
			r, err = NewRouting(ctx, "incidents", &tc.args)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, rule := range rec.OfType(ruleT) {
			got = append(got, strings.TrimPrefix(rule.Name, "incidents-"))
		}
		slices.Sort(got)
		slices.Sort(tc.kinds)
		if !slices.Equal(got, tc.kinds) || len(rec.OfType(targetT)) != len(tc.kinds) || len(r.Rules) != len(tc.kinds) ||
			len(rec.OfType(alarmT)) != len(tc.kinds) || len(r.DeliveryAlarms) != len(tc.kinds) {
			t.Errorf("%+v: rules %v", tc.args, got)
		}
		if rec.Find(topicT, "incidents") == nil || len(rec.OfType(subscriptionT)) != 1 {
			t.Errorf("%+v: the topic and its subscription stay", tc.args)
		}
	}
	rec := mustRouting(t, &Args{Emails: oncall[:1], GuardDutyMinSeverity: 4})
	sev := path(patternOf(t, rec.Find(ruleT, "incidents-guardduty")), "detail", "severity").([]any)
	if !slicesEqualAny(path(sev[0].(map[string]any), "numeric"), []any{">=", 4.0}) ||
		!strings.Contains(rec.Find(ruleT, "incidents-guardduty").Str("description"), "severity 4 or more") {
		t.Errorf("GuardDutyMinSeverity 4: %v", sev)
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"an email with a display name", &Args{Emails: []string{"On call <oncall@example.com>"}}, `Emails[0] "On call <oncall@example.com>" is not an email address`},
		{"no email", &Args{Emails: []string{"oncall@example.com", "oncall"}}, `Emails[1] "oncall" is not an email address`},
		{"an email twice", &Args{Emails: []string{"oncall@example.com", "OnCall@example.com"}}, `Emails[1] "OnCall@example.com" is listed twice`},
		{"a FIFO topic", &Args{TopicArn: pulumi.String("arn:aws:sns:us-east-1:123456789012:oncall.fifo")}, `TopicArn "arn:aws:sns:us-east-1:123456789012:oncall.fifo" is not a standard SNS topic ARN`},
		{"a topic that is no ARN", &Args{TopicArn: pulumi.String("oncall")}, `TopicArn "oncall" is not a standard SNS topic ARN`},
		{"a topic of another region", &Args{TopicArn: pulumi.String("arn:aws:sns:eu-west-1:123456789012:oncall")}, `TopicArn "arn:aws:sns:eu-west-1:123456789012:oncall" is a topic of eu-west-1 in account 123456789012; the routing is in us-east-1`},
		{"a topic of another account", &Args{TopicArn: pulumi.String("arn:aws:sns:us-east-1:210987654321:oncall")}, `TopicArn "arn:aws:sns:us-east-1:210987654321:oncall" is a topic of us-east-1 in account 210987654321; the routing is in us-east-1, account 123456789012`},
		{"a key with a given topic", &Args{TopicArn: pulumi.String(givenTopic), KMSKeyArn: pulumi.String(givenKey)}, "KMSKeyArn is set with TopicArn"},
		{"a key alias", &Args{Emails: oncall, KMSKeyArn: pulumi.String("alias/incidents")}, `KMSKeyArn "alias/incidents" is not a KMS key ARN`},
		{"severity below 1", &Args{Emails: oncall, GuardDutyMinSeverity: 0.5}, "GuardDutyMinSeverity is 0.5; allowed values are 1 to 8.9 (0 means 7)"},
		{"severity Critical only", &Args{Emails: oncall, GuardDutyMinSeverity: 9}, "GuardDutyMinSeverity is 9; allowed values are 1 to 8.9"},
		{"severity NaN", &Args{Emails: oncall, GuardDutyMinSeverity: math.NaN()}, "GuardDutyMinSeverity is NaN; allowed values are 1 to 8.9"},
		{"severity without GuardDuty", &Args{Emails: oncall, NoGuardDuty: true, GuardDutyMinSeverity: 5}, "GuardDutyMinSeverity is 5 with NoGuardDuty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newRouting(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "incidents incidents: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "incidents incidents: "+tt.want)
			}
			if len(rec.OfType(Type)) != 0 || len(rec.OfType(topicT)) != 0 || len(rec.OfType(ruleT)) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
	long := strings.Repeat("r", MaxNameLength+1)
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewRouting(ctx, long, &Args{Emails: oncall})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "names its EventBridge rules") {
		t.Errorf("a name too long for the rules: %v", err)
	}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewRouting(ctx, strings.Repeat("r", MaxNameLength), &Args{Emails: oncall})
		return err
	})
	if err != nil {
		t.Errorf("the longest name: %v", err)
	}
	for _, r := range rec.OfType(ruleT) {
		if n := len(r.Str("name")); n > 64 {
			t.Errorf("rule name of %d characters: %s", n, r.Str("name"))
		}
	}
}

// TestValidate: Validate fills in the defaults in place; its errors carry
// no prefix (NewRouting adds it).
func TestValidate(t *testing.T) {
	a := Args{Emails: oncall}
	if err := a.Validate("incidents"); err != nil || a.GuardDutyMinSeverity != DefaultGuardDutyMinSeverity {
		t.Errorf("defaults: %+v, %v", a, err)
	}
	b := Args{Emails: oncall, NoGuardDuty: true}
	if err := b.Validate("incidents"); err != nil || b.GuardDutyMinSeverity != 0 {
		t.Errorf("without GuardDuty: %+v, %v", b, err)
	}
	if err := (&Args{}).Validate("incidents"); err == nil || strings.HasPrefix(err.Error(), "incidents") {
		t.Errorf("prefix: %v", err)
	}
}

// TestAlarmActions: an alarm that takes the helper's actions notifies the
// topic, and the policy pack passes the whole.
func TestAlarmActions(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		r, err := NewRouting(ctx, "incidents", &Args{Emails: oncall[:1]})
		if err != nil {
			return err
		}
		if len(r.AlarmActions()) != 1 || len(r.AlarmActionsArray()) != 1 {
			t.Errorf("actions: %v, %v", r.AlarmActions(), r.AlarmActionsArray())
		}
		_, err = cloudwatch.NewMetricAlarm(ctx, "errors", &cloudwatch.MetricAlarmArgs{
			Namespace: pulumi.String("AWS/SageMaker"), MetricName: pulumi.String("Invocation5XXErrors"),
			Statistic: pulumi.String("Sum"), Period: pulumi.Int(60), EvaluationPeriods: pulumi.Int(1),
			Threshold: pulumi.Float64(1), ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
			AlarmActions: r.AlarmActionsArray(), OkActions: r.AlarmActionsArray(),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	alarm, topic := rec.Find(alarmT, "errors"), rec.Find(topicT, "incidents")
	if !slices.Equal(alarm.Strs("alarmActions"), []string{topic.Out("arn")}) || !slices.Equal(alarm.Strs("okActions"), []string{topic.Out("arn")}) {
		t.Errorf("alarm actions: %v", alarm.Inputs)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("dev:\n%s", rules.Table(vs))
	}
}

// TestPassesThePolicyPack: the routing passes every rule of the pack; in
// prod, protected, too.
func TestPassesThePolicyPack(t *testing.T) {
	rec := mustRouting(t, &Args{Emails: oncall})
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("dev:\n%s", rules.Table(vs))
	}
	rec, err := newRouting(t, &Args{Emails: oncall}, pulumi.Protect(true))
	if err != nil {
		t.Fatal(err)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "prod"), rules.All()); len(vs) != 0 {
		t.Errorf("prod:\n%s", rules.Table(vs))
	}
}

// TestResourceOptionsReachChildren: the provider and protect reach every
// resource below the component, and the rules and policies name its
// region.
func TestResourceOptionsReachChildren(t *testing.T) {
	var r *Routing
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		r, err = NewRouting(ctx, "incidents", &Args{Emails: oncall[:1]}, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "incidents"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(p)
	}
	if r.Region != "eu-west-1" || !strings.HasPrefix(rec.Find(topicT, "incidents").Out("arn"), "arn:aws:sns:eu-west-1:") {
		t.Errorf("region %s", r.Region)
	}
	kp, _ := rec.Find(keyT, "incidents").Policy("policy")
	if eb := kp.Find(kmskey.SidEventBridgeUsesKey); eb == nil || !slices.Equal(eb.Values("StringLike", kmskey.SNSTopicEncryptionContext), []string{"arn:aws:sns:eu-west-1:123456789012:*"}) {
		t.Errorf("EventBridge's key statement in eu-west-1: %+v", eb)
	}
}

// TestTwoStacksInOneAccount: the rules are autonamed, so two stacks of
// one account (dev and staging) route side by side in one region.
func TestTwoStacksInOneAccount(t *testing.T) {
	sharedAccount := offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	shared := func(stack string) error {
		_, err := mocktest.Run(func(ctx *pulumi.Context) error {
			_, err := NewRouting(ctx, "incidents", &Args{Emails: oncall[:1]})
			return err
		}, mocktest.Stack(stack), mocktest.Account(sharedAccount))
		return err
	}
	for _, stack := range []string{"dev", "staging"} {
		if err := shared(stack); err != nil {
			t.Errorf("%s: %v", stack, err)
		}
	}
}

// TestPreview: in a preview, where the topic's and the rules' ARNs are not
// known yet, the routing registers the same resources, and the offline
// cloud refuses none of them.
func TestPreview(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewRouting(ctx, "incidents", &Args{Emails: oncall})
		return err
	}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	for typ, n := range map[string]int{topicT: 1, topicPolicyT: 1, keyT: 1, subscriptionT: 2, ruleT: 3, targetT: 3, alarmT: 3} {
		if got := len(rec.OfType(typ)); got != n {
			t.Errorf("%d %s; want %d", got, typ, n)
		}
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("preview:\n%s", rules.Table(vs))
	}
}
