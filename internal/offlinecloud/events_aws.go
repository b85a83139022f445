package offlinecloud

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Amazon EventBridge rules and targets, and SNS topic subscriptions: what
// incident routing (components/aws/incidents) creates. They join the AWS
// tables here, so that the tables of the other services stay as they are.

// EventBridge and SNS resource types.
const (
	typeEventRule         = "aws:cloudwatch/eventRule:EventRule"
	typeEventTarget       = "aws:cloudwatch/eventTarget:EventTarget"
	typeTopicSubscription = "aws:sns/topicSubscription:TopicSubscription"
)

// Sources of the EventBridge and SNS rules.
const (
	srcEventsPutRule     = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html"
	srcEventsPattern     = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html"
	srcEventsTarget      = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html"
	srcEventsPutTargets  = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html"
	srcSNSSubscribe      = "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html"
	eventsDefaultBusName = "default"
)

func init() {
	// A rule's ID is its name on the default bus and BUS/NAME on another;
	// its ARN is rule/NAME or rule/BUS/NAME (pulumi-aws
	// sdk/go/aws/cloudwatch/eventRule.go, import by event_bus_name/rule_name;
	// terraform-provider-aws internal/service/events/rule.go,
	// ruleCreateResourceID; https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html,
	// rule-on-default-event-bus and rule-on-custom-event-bus). The provider
	// autonames it; a name, a prefix or another bus replaces it.
	awsKinds[typeEventRule] = Kind{
		Autoname: "name",
		ID:       eventRuleID,
		ARN:      eventRuleARN,
		ForceNew: []string{"name", "namePrefix", "eventBusName"},
	}
	// A target's ID is RULE-TARGETID on the default bus and
	// BUS-RULE-TARGETID on another (terraform-provider-aws
	// internal/service/events/target.go, targetCreateResourceID); its
	// "arn" is an input, the target's. Without a target ID the provider
	// generates one (id.UniqueId: "terraform-" and 26 characters).
	awsKinds[typeEventTarget] = Kind{
		ID:       eventTargetID,
		NoARN:    true,
		ForceNew: []string{"rule", "targetId", "eventBusName"},
		Computed: map[string]Attr{"targetId": eventTargetIDOutput},
	}
	// A subscription's ID is its ARN, TOPIC-ARN:UUID (pulumi-aws
	// sdk/go/aws/sns/topicSubscription.go, import by the subscription
	// arn). An email subscription waits for its owner to confirm it
	// (https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html).
	awsKinds[typeTopicSubscription] = Kind{
		ID:       Template("{$topic}:{uuid}"),
		ARN:      Template("{id}"),
		ForceNew: []string{"topic", "protocol", "endpoint"},
		Computed: map[string]Attr{
			"ownerId":                      Template("{account}"),
			"pendingConfirmation":          snsPendingConfirmation,
			"confirmationWasAuthenticated": Value(false),
		},
	}

	awsRules[typeEventRule] = eventRuleRules
	awsRules[typeEventTarget] = eventTargetRules
	awsRules[typeTopicSubscription] = topicSubscriptionRules

	awsNames[typeEventRule] = []Unique{eventRuleTaken}
	awsPrerequisites[typeEventTarget] = []Prerequisite{eventTargetRule}
}

// eventBus returns the event bus a rule or target is on: its
// eventBusName (a name or an ARN, whose last part is the name), else the
// default bus.
func eventBus(in resource.PropertyMap) string {
	if v, ok := known(in["eventBusName"]); ok && v.IsString() && v.StringValue() != "" {
		bus := v.StringValue()
		if i := strings.LastIndex(bus, ":event-bus/"); i >= 0 {
			bus = bus[i+len(":event-bus/"):]
		}
		return bus
	}
	return eventsDefaultBusName
}

// eventRuleID is NAME, or BUS/NAME off the default bus.
func eventRuleID(r *Instance) (resource.PropertyValue, error) {
	name, err := r.expand("{$name}")
	if bus := eventBus(r.Inputs); bus != eventsDefaultBusName {
		name = bus + "/" + name
	}
	return resource.NewProperty(name), err
}

// eventRuleARN is arn:...:rule/NAME, or rule/BUS/NAME off the default bus.
func eventRuleARN(r *Instance) (resource.PropertyValue, error) {
	return Template("arn:{partition}:events:{region}:{account}:rule/" + r.ID)(r)
}

// eventTargetTargetID is the program's target ID, or the provider's
// generated one.
func eventTargetTargetID(r *Instance) (resource.PropertyValue, error) {
	if v, ok := known(r.Inputs["targetId"]); ok && v.IsString() && v.StringValue() != "" {
		return v, nil
	}
	suffix, err := r.expand("202601010000000000{hex8}")
	return resource.NewProperty("terraform-" + suffix), err
}

// eventTargetIDOutput is the target ID the ID was made of: the
// program's, or the one generated with the ID.
func eventTargetIDOutput(r *Instance) (resource.PropertyValue, error) {
	if v, ok := known(r.Inputs["targetId"]); ok && v.IsString() && v.StringValue() != "" {
		return v, nil
	}
	prefix, err := r.expand("{$rule}-")
	if bus := eventBus(r.Inputs); bus != eventsDefaultBusName {
		prefix = bus + "-" + prefix
	}
	return resource.NewProperty(strings.TrimPrefix(r.ID, prefix)), err
}

// eventTargetID is RULE-TARGETID, or BUS-RULE-TARGETID off the default
// bus.
func eventTargetID(r *Instance) (resource.PropertyValue, error) {
	rule, err := r.expand("{$rule}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	target, err := eventTargetTargetID(r)
	if err != nil {
		return resource.PropertyValue{}, err
	}
	id := rule + "-" + target.StringValue()
	if bus := eventBus(r.Inputs); bus != eventsDefaultBusName {
		id = bus + "-" + id
	}
	return resource.NewProperty(id), nil
}

// snsPendingConfirmation: an email subscription is pending until its
// owner confirms it; an AWS endpoint's (SQS, Lambda, ...) is confirmed
// at once.
func snsPendingConfirmation(r *Instance) (resource.PropertyValue, error) {
	p, _ := known(r.Inputs["protocol"])
	return resource.NewProperty(p.IsString() && (p.StringValue() == "email" || p.StringValue() == "email-json")), nil
}

// eventsNamePattern is the pattern of rule names and target IDs in the
// EventBridge API model.
const eventsNamePattern = `[\.\-_A-Za-z0-9]+`

var eventRuleRules = []Rule{
	{
		ID: "EVENTS-RULE-NAME", Property: "name",
		Refuses: "a rule name of other characters than `.-_A-Za-z0-9`, or outside 1 to 64 characters",
		Message: `ValidationException: 1 validation error detected: Value 'X' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`,
		Source:  srcEventsPutRule,
		check: all(
			length("name", "ValidationException", "name", 1, 64),
			pattern("name", "ValidationException", "name", eventsNamePattern, ""),
		),
	},
	{
		ID: "EVENTS-RULE-PATTERN", Property: "eventPattern",
		Refuses: "an event pattern that is not a JSON object whose every field is an object or an array of match values (strings, numbers, booleans, null or operator objects), `$or` a list of such objects",
		Message: `InvalidEventPatternException: Event pattern is not valid. Reason: "X" must be an object or an array`,
		Source:  srcEventsPattern,
		check:   eventPatternCheck,
	},
}

var eventTargetRules = []Rule{
	{
		ID: "EVENTS-TARGET-ID", Property: "targetId",
		Refuses: "a target ID of other characters than `.-_A-Za-z0-9`, or outside 1 to 64 characters",
		Message: `ValidationException: 1 validation error detected: Value 'X' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`,
		Source:  srcEventsTarget,
		check: all(
			length("targetId", "ValidationException", "targets.1.member.id", 1, 64),
			pattern("targetId", "ValidationException", "targets.1.member.id", eventsNamePattern, ""),
		),
	},
}

// snsEmail is what SNS takes as an email endpoint: one @, with a dotted
// domain, and none of the characters that separate addresses.
var snsEmail = regexp.MustCompile(`^[^@\s,;<>"]+@[^@\s,;<>"]+\.[^@\s,;<>".]+$`)

var topicSubscriptionRules = []Rule{
	{
		ID: "SNS-EMAIL-ENDPOINT", Property: "endpoint",
		Refuses: "a subscription of protocol `email` or `email-json` whose endpoint is not one email address (user@example.com: no display name, no list)",
		Message: "InvalidParameter: Invalid parameter: Email address",
		Source:  srcSNSSubscribe,
		check: func(in resource.PropertyMap) []violation {
			p, ok := known(in["protocol"])
			if !ok || !p.IsString() || (p.StringValue() != "email" && p.StringValue() != "email-json") {
				return nil
			}
			return eachString("endpoint", func(s string, _ []int) (string, bool) {
				return "InvalidParameter: Invalid parameter: Email address", !snsEmail.MatchString(s)
			})(in)
		},
	},
}

// eventPatternCheck refuses an event pattern EventBridge does not take.
func eventPatternCheck(in resource.PropertyMap) []violation {
	return eachString("eventPattern", func(s string, _ []int) (string, bool) {
		if reason := eventPatternReason(s); reason != "" {
			return "InvalidEventPatternException: Event pattern is not valid. Reason: " + reason, true
		}
		return "", false
	})(in)
}

// eventPatternReason is why EventBridge refuses a pattern, or "". A
// pattern is a JSON object; each field holds an object (nested fields) or
// an array of match values: strings, numbers, booleans, null, or objects
// (operators such as prefix, numeric, anything-but); "$or" holds an array
// of patterns
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
// The wording of a bare value is the one AWS returns ("\"lenderId\" must
// be an object or an array"); the others are the stand-in's.
func eventPatternReason(s string) string {
	var p any
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return "Invalid JSON: " + err.Error()
	}
	obj, ok := p.(map[string]any)
	if !ok {
		return "the event pattern must be a JSON object"
	}
	return fieldsReason(obj)
}

func fieldsReason(obj map[string]any) string {
	for k, v := range obj {
		if k == "$or" {
			alts, ok := v.([]any)
			if !ok || len(alts) < 2 {
				return strconv.Quote(k) + " must be an array of at least two objects"
			}
			for _, alt := range alts {
				o, ok := alt.(map[string]any)
				if !ok {
					return strconv.Quote(k) + " must be an array of objects"
				}
				if r := fieldsReason(o); r != "" {
					return r
				}
			}
			continue
		}
		switch v := v.(type) {
		case map[string]any:
			if r := fieldsReason(v); r != "" {
				return r
			}
		case []any:
			for _, e := range v {
				if _, nested := e.([]any); nested {
					return fmt.Sprintf("Match value must be String, number, true, false, or null (in %q)", k)
				}
			}
		default:
			return strconv.Quote(k) + " must be an object or an array"
		}
	}
	return ""
}

// eventRuleTaken: a rule name is one rule per event bus in an account
// and region. PutRule creates or replaces ("If you are updating an
// existing rule, the rule is replaced with what you specify in this
// PutRule command"), so a second stack's rule of the same name would
// silently take over the first's pattern and leave its targets; the
// stand-in refuses it, so that the collision shows.
var eventRuleTaken = Unique{
	ID: "EVENTS-RULE-TAKEN", Property: "name", Scope: "event bus (account and region)",
	Message: "PutRule would replace rule {name} on its event bus in {region}, which another stack holds: EventBridge creates or updates a rule by name, without an error (refused offline so that the collision shows)",
	Source:  srcEventsPutRule,
	key: func(env Env, in resource.PropertyMap) (string, string, bool) {
		return nameIn("region", "events-rule/"+eventBus(in), "name", nil)(env, in)
	},
}

// eventTargetRule: PutTargets needs the rule on its bus in the region.
var eventTargetRule = Prerequisite{
	ID:       "EVENTS-TARGET-RULE",
	Requires: "a target whose `rule` names a rule of the account (`aws:cloudwatch/eventRule:EventRule`) on the target's event bus, in its region",
	Message:  "ResourceNotFoundException: Rule X does not exist on EventBus default.",
	Source:   srcEventsPutTargets,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		rule, ok := known(in["rule"])
		if !ok || !rule.IsString() {
			return "", nil
		}
		bus := eventBus(in)
		rules, err := a.List(typeEventRule)
		if err != nil {
			return "", err
		}
		for _, r := range rules {
			name, ok := known(r.Outputs["name"])
			if r.Region == env.Region && ok && name.IsString() && name.StringValue() == rule.StringValue() && eventBus(r.Outputs) == bus {
				return "", nil
			}
		}
		return fmt.Sprintf("ResourceNotFoundException: Rule %s does not exist on EventBus %s.", rule.StringValue(), bus), nil
	},
}
