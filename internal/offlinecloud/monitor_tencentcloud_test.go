package offlinecloud

import (
	"strings"
	"testing"
)

// monitorCloud is a Tencent Cloud stand-in with only the monitor and CLS
// kinds and rules, so that they are tested whether or not TencentCloud
// takes them yet.
func monitorCloud() *Cloud {
	return &Cloud{Package: "tencentcloud", Default: TencentCloud.Default, Kinds: monitorKinds, Rules: monitorRules}
}

func alarmPolicy(extra map[string]any) map[string]any {
	in := map[string]any{
		"policyName": "serving-clb", "monitorType": "MT_QCE", "namespace": "clb_l7listener_internal", "remark": "modelfort-clb-lb-1a2b3c4d",
		"noticeIds": []any{"notice-oncall01"},
		"conditions": map[string]any{"isUnionRule": 0, "rules": []any{
			map[string]any{"metricName": "UnhealthRsCount", "operator": "gt", "value": "0", "period": 60, "continuePeriod": 2, "noticeFrequency": 3600},
			map[string]any{"metricName": "Http5xx", "operator": "gt", "value": "10", "period": 60, "continuePeriod": 3, "noticeFrequency": 0},
		}},
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

// monitorRuleCases hold a refused and an accepted input for every rule
// of monitorRules.
var monitorRuleCases = []ruleCase{
	{"MONITOR-POLICY-NAME", typeTCAlarmPolicy, alarmPolicy(map[string]any{"policyName": "modelfort-prod-gz-clb"}), alarmPolicy(map[string]any{"policyName": "modelfort-prod-g-clb"}), "PolicyName modelfort-prod-gz-clb is longer than 20 characters"},
	{"MONITOR-POLICY-REMARK", typeTCAlarmPolicy, alarmPolicy(map[string]any{"remark": strings.Repeat("r", 101)}), alarmPolicy(map[string]any{"remark": strings.Repeat("r", 100)}), `length of "remark" cannot be higher than 100: 101`},
	{"MONITOR-POLICY-REMARK", typeTCAlarmPolicy, alarmPolicy(map[string]any{"remark": "watches lb-1"}), alarmPolicy(map[string]any{"remark": "告警_lb-1"}), "Remark watches lb-1 may contain only"},
	{"MONITOR-UNION-RULE", typeTCAlarmPolicy, alarmPolicy(map[string]any{"conditions": map[string]any{"isUnionRule": 2}}), alarmPolicy(map[string]any{"conditions": map[string]any{"isUnionRule": 1}}), "[]int{0, 1}, got 2"},
	{"MONITOR-NOTICE-FREQUENCY", typeTCAlarmPolicy,
		alarmPolicy(map[string]any{"conditions": map[string]any{"rules": []any{map[string]any{"metricName": "RspAvg", "noticeFrequency": 120}}}}),
		alarmPolicy(map[string]any{"conditions": map[string]any{"rules": []any{map[string]any{"metricName": "RspAvg", "noticeFrequency": 86400}}}}),
		"NoticeFrequency 120 is not one of"},
	{"MONITOR-NOTICE-FREQUENCY", typeTCAlarmPolicy,
		alarmPolicy(map[string]any{"eventConditions": []any{map[string]any{"metricName": "guest_reboot", "noticeFrequency": 60}}}),
		alarmPolicy(map[string]any{"eventConditions": []any{map[string]any{"metricName": "guest_reboot", "noticeFrequency": 0}}}),
		"NoticeFrequency 60"},
	{"CLS-TOPIC-PERIOD", typeTCTopic, map[string]any{"logsetId": "s", "topicName": "t", "period": 0}, map[string]any{"logsetId": "s", "topicName": "t", "period": 1}, "Period 0 is outside 1 to 3600 days"},
	{"CLS-TOPIC-PERIOD", typeTCTopic, map[string]any{"logsetId": "s", "topicName": "t", "period": 3601}, map[string]any{"logsetId": "s", "topicName": "t", "period": 3640}, "Period 3601"},
	{"CLS-TOPIC-NAME", typeTCTopic, map[string]any{"logsetId": "s", "topicName": "a|b"}, map[string]any{"logsetId": "s", "topicName": "modelfort-serving-workload"}, `TopicName "a|b"`},
	{"CLS-TOPIC-NAME", typeTCTopic, map[string]any{"logsetId": "s", "topicName": "cls_service_log"}, map[string]any{"logsetId": "s", "topicName": "cls_service_logs"}, "reserved"},
}

// The monitor rules join the cases of TestRulesRefuseAndAccept and
// TestEveryRuleHasCases once TencentCloud takes them.
func init() {
	if _, wired := TencentCloud.Rules[typeTCAlarmPolicy]; wired {
		ruleCases = append(ruleCases, monitorRuleCases...)
	}
}

func TestMonitorRulesRefuseAndAccept(t *testing.T) {
	c := monitorCloud()
	for _, tt := range monitorRuleCases {
		t.Run(tt.rule, func(t *testing.T) {
			bad := c.Refusals(tt.typ, inputs(tt.bad))
			if len(bad) != 1 || bad[0].RuleID != tt.rule || !strings.Contains(bad[0].Message, tt.want) {
				t.Errorf("refusals of %v: %+v; want one %s with %q", tt.bad, bad, tt.rule, tt.want)
			}
			if good := c.Refusals(tt.typ, inputs(tt.good)); len(good) != 0 {
				t.Errorf("refusals of %v: %+v; want none", tt.good, good)
			}
		})
	}
	// Every rule names its property, its source, and a message.
	for typ, rules := range monitorRules {
		for _, r := range rules {
			if r.ID == "" || r.Property == "" || r.Refuses == "" || r.Message == "" || !strings.HasPrefix(r.Source, "https://") || r.check == nil {
				t.Errorf("%s rule %+v is incomplete", typ, r)
			}
		}
	}
}

// TestMonitorKinds: a policy gets a policy-xxxxxxxx ID, its binding the
// policy's ID, as the provider sets them; CLS objects get UUIDs.
func TestMonitorKinds(t *testing.T) {
	c := monitorCloud()
	env := TencentEnv("ap-guangzhou")
	id, _, err := c.Create(env, typeTCAlarmPolicy, urnOf("dev", typeTCAlarmPolicy, "serving-clb"), inputs(alarmPolicy(nil)), false)
	if err != nil || !strings.HasPrefix(id, "policy-") || len(id) != len("policy-")+8 {
		t.Fatalf("policy ID %q, %v", id, err)
	}
	bid, _, err := c.Create(env, typeTCPolicyBinding, urnOf("dev", typeTCPolicyBinding, "serving-clb"), inputs(map[string]any{
		"policyId": id, "dimensions": []any{map[string]any{"dimensionsJson": `{"vip":"10.0.0.10"}`}},
	}), false)
	if err != nil || bid != id {
		t.Errorf("binding ID %q, %v; want the policy's %s", bid, err, id)
	}
	for _, typ := range []string{typeTCLogset, typeTCTopic} {
		id, _, err := c.Create(env, typ, urnOf("dev", typ, "serving"), inputs(map[string]any{"logsetName": "l", "topicName": "t", "logsetId": "s"}), false)
		if err != nil || len(id) != 36 || strings.Count(id, "-") != 4 {
			t.Errorf("%s ID %q, %v", typ, id, err)
		}
	}
	if d := c.Diff(typeTCAlarmPolicy, inputs(alarmPolicy(nil)), inputs(alarmPolicy(map[string]any{"namespace": "k8s_node"}))); len(d.ReplaceKeys) != 1 {
		t.Errorf("a new namespace does not replace the policy: %+v", d)
	}
	if d := c.Diff(typeTCAlarmPolicy, inputs(alarmPolicy(nil)), inputs(alarmPolicy(map[string]any{"policyName": "other"}))); len(d.ReplaceKeys) != 0 {
		t.Errorf("a new name replaces the policy: %+v", d)
	}
}
