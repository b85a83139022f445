package offlinecloud

import (
	"crypto/sha256"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// AWS Fault Injection Service (FIS): the experiment templates of the
// drills (components/aws/faultinjection).

const typeFISExperimentTemplate = "aws:fis/experimentTemplate:ExperimentTemplate"

// Sources of the FIS rules.
const (
	srcFISCreateTemplate = "https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html"
	srcFISStopCondition  = "https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplateStopConditionInput.html"
	srcFISQuotas         = "https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html"
	srcFISActions        = "https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html"
	srcFISActionInput    = "https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplateActionInput.html"
)

// FIS limits: at most 5 stop conditions per template (Service Quotas
// L-872EC72B, not adjustable), and an action lasts from one minute to 12
// hours ("Action duration in hours: 12", not adjustable; each action's
// duration parameter, "from one minute to 12 hours", in the actions
// reference).
const (
	fisMaxStopConditions = 5
	fisMinDuration       = time.Minute
	fisMaxDuration       = 12 * time.Hour
)

func init() {
	// An experiment template's ID is "EXT" and 14 letters and digits, as
	// the provider's import example shows it (pulumi-aws
	// sdk/go/aws/fis/experimentTemplate.go: EXT123AbCdEfGhIjK). The SDK's
	// ExperimentTemplate has no arn output; FIS's ARN for it is
	// arn:PARTITION:fis:REGION:ACCOUNT:experiment-template/ID
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsfaultinjectionservice.html),
	// which a program builds from the ID. Its tags replace it: the
	// provider's tags are ForceNew for this type
	// (terraform-provider-aws internal/service/fis/experiment_template.go,
	// tftags.TagsSchemaForceNew).
	awsKinds[typeFISExperimentTemplate] = Kind{
		ID:       fisTemplateID,
		NoARN:    true,
		ForceNew: []string{"tags"},
	}
	awsRules[typeFISExperimentTemplate] = fisRules
}

// fisAlphanumerics are the characters of FIS IDs after their prefix.
const fisAlphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// fisTemplateID is "EXT" and 14 letters and digits derived from the
// resource.
func fisTemplateID(r *Instance) (resource.PropertyValue, error) {
	sum := sha256.Sum256(r.seed)
	b := []byte("EXT")
	for _, c := range sum[:14] {
		b = append(b, fisAlphanumerics[int(c)%len(fisAlphanumerics)])
	}
	return resource.NewProperty(string(b)), nil
}

// fisAlarmArn is a CloudWatch alarm's ARN.
var fisAlarmArn = regexp.MustCompile(`^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:[0-9]{12}:alarm:.+$`)

var fisRules = []Rule{
	{
		ID: "FIS-STOP-SOURCE", Property: "stopConditions[].source",
		Refuses: "a stop condition whose source is not `none` or `aws:cloudwatch:alarm`",
		Message: `expected stop_condition.N.source to be one of ["aws:cloudwatch:alarm" "none"], got X`,
		Source:  srcFISStopCondition,
		check: eachString("stopConditions[].source", func(s string, idx []int) (string, bool) {
			return fmt.Sprintf(`expected stop_condition.%d.source to be one of ["aws:cloudwatch:alarm" "none"], got %s`, idx[0], s),
				s != "none" && s != "aws:cloudwatch:alarm"
		}),
	},
	{
		ID: "FIS-STOP-ALARM", Property: "stopConditions[].value",
		Refuses: "a stop condition of source `aws:cloudwatch:alarm` whose value is not a CloudWatch alarm ARN",
		Message: "ValidationException: The value of a stop condition with source aws:cloudwatch:alarm must be the ARN of a CloudWatch alarm (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME); got X",
		Source:  srcFISStopCondition,
		check:   fisStopAlarm,
	},
	{
		ID: "FIS-STOP-LIMIT", Property: "stopConditions",
		Refuses: "more than 5 stop conditions (the quota of stop conditions per experiment template, not adjustable)",
		Message: "ServiceQuotaExceededException: You have exceeded your service quota. (Stop conditions per experiment template: 5; the template has X)",
		Source:  srcFISQuotas,
		check:   fisStopLimit,
	},
	{
		ID: "FIS-ACTION-DURATION", Property: "actions[].parameters[].value",
		Refuses: "an action's `duration` parameter that is not an ISO 8601 duration (`PT10M`) from one minute to 12 hours",
		Message: "ValidationException: Invalid duration X for action Y: the duration must be an ISO 8601 duration from PT1M to PT12H",
		Source:  srcFISActions,
		check:   fisActionDuration,
	},
	{
		ID: "FIS-ROLE-ARN", Property: "roleArn",
		Refuses: "a role ARN shorter than 20 or longer than 2048 characters, the empty one included",
		Message: "ValidationException: 1 validation error detected: Value 'X' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
		Source:  srcFISCreateTemplate,
		check:   fisRoleArn,
	},
	{
		ID: "FIS-ACTION-TARGET", Property: "actions[].target.value",
		Refuses: "an action whose target names no target of the template",
		Message: "ValidationException: Target X referenced in action Y is not defined in the experiment template's targets",
		Source:  srcFISActionInput,
		check:   fisActionTarget,
	},
}

// fisStopAlarm refuses a stop condition of source aws:cloudwatch:alarm
// whose value is not an alarm ARN. An absent value is left alone, as
// every rule leaves absent values: under the SDK's mocks a value not
// known yet (the alarm's ARN, during a preview) arrives absent.
func fisStopAlarm(in resource.PropertyMap) []violation {
	var out []violation
	for _, c := range lookup(in, "stopConditions[]") {
		if !c.v.IsObject() {
			continue
		}
		m := c.v.ObjectValue()
		src, ok := known(m["source"])
		if !ok || !src.IsString() || src.StringValue() != "aws:cloudwatch:alarm" {
			continue
		}
		value, ok := known(m["value"])
		if !ok || !value.IsString() {
			continue
		}
		if s := value.StringValue(); !fisAlarmArn.MatchString(s) {
			out = append(out, violation{c.path + ".value", "ValidationException: The value of a stop condition with source aws:cloudwatch:alarm must be the ARN of a CloudWatch alarm (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME); got " + strconv.Quote(s)})
		}
	}
	return out
}

// fisStopLimit refuses more stop conditions than the quota.
func fisStopLimit(in resource.PropertyMap) []violation {
	var out []violation
	for _, a := range lookup(in, "stopConditions") {
		if a.v.IsArray() && len(a.v.ArrayValue()) > fisMaxStopConditions {
			out = append(out, violation{a.path, fmt.Sprintf("ServiceQuotaExceededException: You have exceeded your service quota. (Stop conditions per experiment template: %d; the template has %d)",
				fisMaxStopConditions, len(a.v.ArrayValue()))})
		}
	}
	return out
}

// iso8601 is an ISO 8601 duration of days, hours, minutes and seconds.
var iso8601 = regexp.MustCompile(`^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?$`)

// parseISO8601 parses an ISO 8601 duration such as "PT10M" or "P1DT2H";
// false when s is not one.
func parseISO8601(s string) (time.Duration, bool) {
	m := iso8601.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, false
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
		if m[i+1] != "" {
			n, err := strconv.Atoi(m[i+1])
			if err != nil {
				return 0, false
			}
			d += time.Duration(n) * unit
		}
	}
	if m[4] != "" {
		f, err := strconv.ParseFloat(m[4], 64)
		if err != nil {
			return 0, false
		}
		d += time.Duration(f * float64(time.Second))
	}
	return d, true
}

// fisActionDuration refuses a duration parameter that is not an ISO 8601
// duration within FIS's bounds.
func fisActionDuration(in resource.PropertyMap) []violation {
	var out []violation
	for _, act := range lookup(in, "actions[]") {
		if !act.v.IsObject() {
			continue
		}
		name := ""
		if v, ok := known(act.v.ObjectValue()["name"]); ok && v.IsString() {
			name = v.StringValue()
		}
		for _, p := range lookup(resource.PropertyMap{"a": act.v}, "a.parameters[]") {
			if !p.v.IsObject() {
				continue
			}
			k, ok1 := known(p.v.ObjectValue()["key"])
			v, ok2 := known(p.v.ObjectValue()["value"])
			if !ok1 || !ok2 || !k.IsString() || !v.IsString() || k.StringValue() != "duration" {
				continue
			}
			if d, ok := parseISO8601(v.StringValue()); !ok || d < fisMinDuration || d > fisMaxDuration {
				path := act.path + strings.TrimPrefix(p.path, "a") + ".value"
				out = append(out, violation{path, fmt.Sprintf("ValidationException: Invalid duration %s for action %s: the duration must be an ISO 8601 duration from PT1M to PT12H", v.StringValue(), name)})
			}
		}
	}
	return out
}

// fisRoleArn refuses a role ARN of a length the API refuses, the empty
// one included. An absent one is left alone: the SDK refuses a template
// without RoleArn before registering it, and under its mocks a role ARN
// not known yet arrives absent.
func fisRoleArn(in resource.PropertyMap) []violation {
	return length("roleArn", "ValidationException", "roleArn", 20, 2048)(in)
}

// fisActionTarget refuses an action whose target is not one of the
// template's targets. Targets absent or not known yet are left alone.
func fisActionTarget(in resource.PropertyMap) []violation {
	names := map[string]bool{}
	for _, t := range lookup(in, "targets[]") {
		if !t.v.IsObject() {
			continue
		}
		n, ok := known(t.v.ObjectValue()["name"])
		if !ok {
			return nil // a target whose name is not known yet could be it
		}
		if n.IsString() {
			names[n.StringValue()] = true
		}
	}
	if _, ok := known(in["targets"]); !ok {
		return nil // absent, or not known yet
	}
	var out []violation
	for _, act := range lookup(in, "actions[]") {
		if !act.v.IsObject() {
			continue
		}
		name := ""
		if v, ok := known(act.v.ObjectValue()["name"]); ok && v.IsString() {
			name = v.StringValue()
		}
		for _, t := range lookup(resource.PropertyMap{"a": act.v}, "a.target.value") {
			if t.v.IsString() && !names[t.v.StringValue()] {
				out = append(out, violation{act.path + ".target.value", fmt.Sprintf("ValidationException: Target %s referenced in action %s is not defined in the experiment template's targets", t.v.StringValue(), name)})
			}
		}
	}
	return out
}
