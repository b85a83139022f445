package offlinecloud

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The Cloud Monitor (monitor) and CLS types of components/tencentcloud/
// servingalarms: their shapes (monitorKinds) and the values the provider
// or the API refuses in them (monitorRules). TencentCloud takes both in
// its Kinds and Rules.

// The types.
const (
	typeTCAlarmPolicy   = "tencentcloud:Monitor/alarmPolicy:AlarmPolicy"
	typeTCPolicyBinding = "tencentcloud:Monitor/policyBindingObject:PolicyBindingObject"
	typeTCLogset        = "tencentcloud:Cls/logset:Logset"
	typeTCTopic         = "tencentcloud:Cls/topic:Topic"
)

// Sources of the monitor and CLS rules.
const (
	srcMonitorCreateAlarmPolicy = "https://www.tencentcloud.com/document/api/248/39326"
	srcMonitorModels            = "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/monitor/v20180724/models.go"
	srcTCAlarmPolicyRemark      = "https://github.com/tencentcloudstack/terraform-provider-tencentcloud/blob/v1.76.4/tencentcloud/resource_tc_monitor_alarm_policy.go#L350-L355"
	srcTCAlarmPolicyUnionRule   = "https://github.com/tencentcloudstack/terraform-provider-tencentcloud/blob/v1.76.4/tencentcloud/resource_tc_monitor_alarm_policy.go#L383-L388"
	srcCLSCreateTopic           = "https://www.tencentcloud.com/document/api/614/42785"
	srcCLSCreateTopicNames      = "https://cloud.tencent.com/document/api/614/56456"
)

// monitorKinds shape the types: an alarm policy's ID is "policy-" and 8
// characters; a binding is known by its policy's ID (the provider sets it
// so); CLS log sets and topics have UUIDs.
var monitorKinds = map[string]Kind{
	typeTCAlarmPolicy: {
		ID:       Template("policy-{hex8}"),
		NoARN:    true,
		ForceNew: []string{"monitorType", "namespace", "projectId", "conditonTemplateId", "policyTags"},
	},
	typeTCPolicyBinding: {
		ID:       Template("{$policyId}"),
		NoARN:    true,
		ForceNew: []string{"policyId", "dimensions"},
	},
	typeTCLogset: {ID: Template("{uuid}"), NoARN: true},
	typeTCTopic:  {ID: Template("{uuid}"), NoARN: true},
}

// MonitorNoticeFrequencies are the alarm intervals (AlarmPolicyRule
// NoticeFrequency, seconds) Cloud Monitor takes.
var MonitorNoticeFrequencies = []int{0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400}

// clsReservedTopics are the names CreateTopic keeps for CLS itself.
var clsReservedTopics = []string{"cls_service_log", "loglistener_status", "loglistener_alarm", "loglistener_business", "cls_service_metric"}

// monitorRemark is what CreateAlarmPolicy lets a remark hold: Chinese,
// letters, digits, '_' and '-'.
var monitorRemark = regexp.MustCompile(`^[\p{Han}A-Za-z0-9_-]*$`)

// invalidValue is Cloud Monitor's and CLS's InvalidParameterValue ("参数取值
// 错误", invalid parameter value), with the stand-in's reason.
func invalidValue(reason string) string {
	return "Code=InvalidParameterValue, Message=Invalid parameter value. (" + reason + ")"
}

// monitorRules are the values the provider or the APIs refuse in the
// monitor and CLS types.
var monitorRules = map[string][]Rule{
	typeTCAlarmPolicy: {
		{
			ID: "MONITOR-POLICY-NAME", Property: "policyName",
			Refuses: "an alarm policy name longer than 20 characters (CreateAlarmPolicy's limit; the provider checks nothing; the reason is the stand-in's)",
			Message: invalidValue("PolicyName X is longer than 20 characters"),
			Source:  srcMonitorCreateAlarmPolicy,
			check: eachString("policyName", func(s string, _ []int) (string, bool) {
				return invalidValue(fmt.Sprintf("PolicyName %s is longer than 20 characters", s)), utf8.RuneCountInString(s) > 20
			}),
		},
		{
			ID: "MONITOR-POLICY-REMARK", Property: "remark",
			Refuses: "a remark longer than 100 characters (the provider's validator, in its words), or of other characters than Chinese, letters, digits, `_` and `-` (CreateAlarmPolicy's limit, https://www.tencentcloud.com/document/api/248/39326; the reason is the stand-in's)",
			Message: `length of "remark" cannot be higher than 100: X`,
			Source:  srcTCAlarmPolicyRemark,
			check: eachString("remark", func(s string, _ []int) (string, bool) {
				if n := utf8.RuneCountInString(s); n > 100 {
					return fmt.Sprintf(`length of "remark" cannot be higher than 100: %d`, n), true
				}
				return invalidValue(fmt.Sprintf("Remark %s may contain only Chinese, letters, digits, '_' and '-'", s)), !monitorRemark.MatchString(s)
			}),
		},
		{
			ID: "MONITOR-UNION-RULE", Property: "conditions.isUnionRule",
			Refuses: "`isUnionRule` other than 0 (any rule) or 1 (every rule) (the provider's validator, in its words)",
			Message: `"conditions.0.is_union_rule" must contain a valid int value in array []int{0, 1}, got X`,
			Source:  srcTCAlarmPolicyUnionRule,
			check: eachNumber("conditions.isUnionRule", func(n float64, _ []int) (string, bool) {
				return fmt.Sprintf(`"conditions.0.is_union_rule" must contain a valid int value in array []int{0, 1}, got %d`, int64(n)), n != 0 && n != 1
			}),
		},
		{
			ID: "MONITOR-NOTICE-FREQUENCY", Property: "conditions.rules[].noticeFrequency",
			Refuses: "a rule's alarm interval other than 0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200 or 86400 seconds (AlarmPolicyRule.NoticeFrequency; the reason is the stand-in's)",
			Message: invalidValue("NoticeFrequency X is not one of 0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400"),
			Source:  srcMonitorModels,
			check:   noticeFrequencies,
		},
	},
	typeTCTopic: {
		{
			ID: "CLS-TOPIC-PERIOD", Property: "period",
			Refuses: "a log topic lifetime outside 1 to 3600 days other than 3640 (kept for ever) (CreateTopic's range for standard storage; the reason is the stand-in's)",
			Message: invalidValue("Period X is outside 1 to 3600 days (3640 keeps logs for ever)"),
			Source:  srcCLSCreateTopic,
			check: eachNumber("period", func(n float64, _ []int) (string, bool) {
				return invalidValue(fmt.Sprintf("Period %d is outside 1 to 3600 days (3640 keeps logs for ever)", int64(n))), (n < 1 || n > 3600) && n != 3640
			}),
		},
		{
			ID: "CLS-TOPIC-NAME", Property: "topicName",
			Refuses: "an empty topic name, one with `|`, or one of the names CLS keeps (`cls_service_log`, `loglistener_status`, `loglistener_alarm`, `loglistener_business`, `cls_service_metric`) (CreateTopic's limits; the reason is the stand-in's)",
			Message: invalidValue("TopicName X is empty, holds '|' or is reserved"),
			Source:  srcCLSCreateTopicNames,
			check: eachString("topicName", func(s string, _ []int) (string, bool) {
				return invalidValue(fmt.Sprintf("TopicName %q is empty, holds '|' or is reserved", s)),
					s == "" || strings.Contains(s, "|") || slices.Contains(clsReservedTopics, s)
			}),
		},
	},
}

// noticeFrequencies refuses every rule's and event condition's interval
// outside MonitorNoticeFrequencies.
func noticeFrequencies(in resource.PropertyMap) []violation {
	var out []violation
	for _, path := range []string{"conditions.rules[].noticeFrequency", "eventConditions[].noticeFrequency"} {
		for _, a := range lookup(in, path) {
			if !a.v.IsNumber() {
				continue
			}
			n := a.v.NumberValue()
			if !slices.Contains(MonitorNoticeFrequencies, int(n)) || n != float64(int(n)) {
				out = append(out, violation{a.path, invalidValue("NoticeFrequency " + strconv.FormatFloat(n, 'f', -1, 64) + " is not one of 0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400")})
			}
		}
	}
	return out
}

// init adds the monitor and CLS shapes and rules to the Tencent Cloud
// stand-in.
func init() {
	for typ, k := range monitorKinds {
		TencentCloud.Kinds[typ] = k
	}
	for typ, rules := range monitorRules {
		TencentCloud.Rules[typ] = append(TencentCloud.Rules[typ], rules...)
	}
}
