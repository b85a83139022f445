package incidents

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:Incidents"

// pkg prefixes the component's errors and names its key's alias.
const pkg = "incidents"

// TargetId is the ID of each rule's one target, the topic.
const TargetId = "incidents-topic"

// Routing is where a region's incidents go: an encrypted SNS topic (its
// own, or a given one) with its subscribers, and the EventBridge rules that
// send GuardDuty findings, Security Hub findings and failed AWS Backup jobs
// to it. Alarms notify it directly (AlarmActions).
type Routing struct {
	pulumi.ResourceState

	// TopicArn is the topic incidents go to: the component's own, or
	// Args.TopicArn.
	TopicArn pulumi.StringOutput `pulumi:"topicArn"`
	// RuleArns are the EventBridge rules' ARNs by kind (KindGuardDuty,
	// KindSecurityHub, KindBackup), without the kinds turned off.
	RuleArns pulumi.StringMapOutput `pulumi:"ruleArns"`
	// SubscriptionArns are the email subscriptions, in the order of
	// Args.Emails.
	SubscriptionArns pulumi.StringArrayOutput `pulumi:"subscriptionArns"`
	// KMSKeyArn is the key of the component's topic: its own or
	// Args.KMSKeyArn; empty with Args.TopicArn.
	KMSKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// Region is where the routing acts: its rules see this region's
	// events, and alarms of this region notify its topic.
	Region string
	// GuardDutyMinSeverity is the lowest GuardDuty severity routed (0 with
	// NoGuardDuty).
	GuardDutyMinSeverity float64

	// Topic and TopicPolicy are the component's topic and its policy (nil
	// with Args.TopicArn); Key the key it created (nil when KMSKeyArn or
	// TopicArn was given).
	Topic       *sns.Topic
	TopicPolicy *sns.TopicPolicy
	Key         *kmskey.Key
	// Subscriptions are the email subscriptions, in the order of Emails.
	Subscriptions []*sns.TopicSubscription
	// Rules and Targets are the EventBridge rules and their targets by
	// kind.
	Rules   map[string]*cloudwatch.EventRule
	Targets map[string]*cloudwatch.EventTarget
	// DeliveryAlarms watch each rule's FailedInvocations, by kind: an
	// event EventBridge could not publish to the topic (a policy or key
	// that does not let it) notifies the topic through CloudWatch, whose
	// way to the topic does not pass through EventBridge.
	DeliveryAlarms map[string]*cloudwatch.MetricAlarm
}

// NewRouting creates a region's incident routing; the provider in opts
// decides the region. Args are checked before anything is registered; nil
// Args are refused like the zero value (a route needs a recipient).
// Resource options (provider, protect, aliases, ...) apply to the
// component and through it to every resource it creates.
func NewRouting(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Routing, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if a.ShieldChanges && env.Region != ShieldRegion {
		return nil, component.Errorf(pkg, name, fmt.Errorf("ShieldChanges is set and the routing is in %s; Shield Advanced's API calls are recorded in %s only: set it on the routing of %s", env.Region, ShieldRegion, ShieldRegion))
	}
	if err := checkTopic(a.TopicArn, env); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	r := &Routing{Region: env.Region, GuardDutyMinSeverity: a.GuardDutyMinSeverity,
		Rules: map[string]*cloudwatch.EventRule{}, Targets: map[string]*cloudwatch.EventTarget{}, DeliveryAlarms: map[string]*cloudwatch.MetricAlarm{}}
	in, err := component.Register(ctx, Type, name, r, opts...)
	if err != nil {
		return nil, err
	}

	// Publishers wait for the topic's policy (none with a given topic).
	var publish []pulumi.ResourceOption
	if a.TopicArn != nil {
		r.TopicArn = a.TopicArn.ToStringOutput()
		r.KMSKeyArn = pulumi.String("").ToStringOutput()
	} else {
		if err := a.newTopic(ctx, name, r, env, in); err != nil {
			return nil, err
		}
		publish = []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{r.TopicPolicy})}
	}

	subscriptions := pulumi.StringArray{}
	for i, email := range a.Emails {
		sub, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-%d", name, i), &sns.TopicSubscriptionArgs{
			Topic: r.TopicArn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, in)
		if err != nil {
			return nil, err
		}
		r.Subscriptions = append(r.Subscriptions, sub)
		subscriptions = append(subscriptions, sub.Arn)
	}

	ruleArns := pulumi.StringMap{}
	for _, rule := range a.rules(name) {
		er, err := cloudwatch.NewEventRule(ctx, name+"-"+rule.kind, &cloudwatch.EventRuleArgs{
			Description:  pulumi.String(rule.description),
			EventPattern: pulumi.String(rule.pattern),
			Tags:         tags.Of(a.Tags),
		}, in)
		if err != nil {
			return nil, err
		}
		target, err := cloudwatch.NewEventTarget(ctx, name+"-"+rule.kind, &cloudwatch.EventTargetArgs{
			Rule:     er.Name,
			TargetId: pulumi.String(TargetId),
			Arn:      r.TopicArn,
		}, append([]pulumi.ResourceOption{in}, publish...)...)
		if err != nil {
			return nil, err
		}
		r.Rules[rule.kind], r.Targets[rule.kind] = er, target
		ruleArns[rule.kind] = er.Arn
		if r.DeliveryAlarms[rule.kind], err = a.deliveryAlarm(ctx, name+"-"+rule.kind+"-failed", er, r.AlarmActionsArray(), in); err != nil {
			return nil, err
		}
	}

	r.RuleArns = ruleArns.ToStringMapOutput()
	r.SubscriptionArns = subscriptions.ToStringArrayOutput()
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"topicArn": r.TopicArn, "ruleArns": r.RuleArns, "subscriptionArns": r.SubscriptionArns, "kmsKeyArn": r.KMSKeyArn,
	})
}

// AlarmActions is what a CloudWatch alarm of the routing's region passes
// as its AlarmActions and OkActions to notify the routing's topic, and
// what shieldprotection.Args.AlarmActions and failover's
// CloudFront.AlarmActions take ([]pulumi.StringInput).
func (r *Routing) AlarmActions() pulumi.StringArray {
	return pulumi.StringArray{r.TopicArn}
}

// AlarmActionsArray is AlarmActions in the form
// cloudwatch.MetricAlarmArgs takes (pulumi.ArrayInput).
func (r *Routing) AlarmActionsArray() pulumi.Array {
	return pulumi.Array{r.TopicArn}
}

// newTopic creates the topic (with its key unless KMSKeyArn is given) and
// its policy.
func (a *Args) newTopic(ctx *pulumi.Context, name string, r *Routing, env awsenv.Env, in pulumi.ResourceOrInvokeOption) error {
	keyArn := a.KMSKeyArn
	if keyArn == nil {
		var err error
		if keyArn, r.Key, err = a.ownKey(ctx, name, in); err != nil {
			return err
		}
	}
	r.KMSKeyArn = keyArn.ToStringOutput()
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{
		DisplayName:    pulumi.String("modelfort incidents"),
		KmsMasterKeyId: keyArn,
		Tags:           tags.Of(a.Tags),
	}, in)
	if err != nil {
		return err
	}
	r.Topic, r.TopicArn = topic, topic.Arn
	r.TopicPolicy, err = sns.NewTopicPolicy(ctx, name, &sns.TopicPolicyArgs{
		Arn:    topic.Arn,
		Policy: topicPolicy(ctx, topic.Arn, env, in),
	}, in)
	return err
}

// deliveryAlarm fires when EventBridge fails to deliver a rule's events
// to its target: FailedInvocations, "the number of invocations that
// failed permanently", by RuleName
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
// EventBridge publishes the metric only when it is not zero, and retries
// throttling and 5xx errors for up to 24 hours before it counts them, but
// not other 4xx errors such as a refused publish or key
// (https://repost.aws/knowledge-center/eventbridge-resolve-failedinvocation-errors).
func (a *Args) deliveryAlarm(ctx *pulumi.Context, name string, rule *cloudwatch.EventRule, actions pulumi.Array, in pulumi.ResourceOrInvokeOption) (*cloudwatch.MetricAlarm, error) {
	return cloudwatch.NewMetricAlarm(ctx, name, &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.Sprintf("EventBridge failed to deliver events of rule %s to the incident topic", rule.Name),
		Namespace:          pulumi.String("AWS/Events"),
		MetricName:         pulumi.String("FailedInvocations"),
		Dimensions:         pulumi.StringMap{"RuleName": rule.Name},
		Statistic:          pulumi.String("Sum"),
		Period:             pulumi.Int(DeliveryAlarmPeriodSeconds),
		EvaluationPeriods:  pulumi.Int(1),
		Threshold:          pulumi.Float64(0),
		ComparisonOperator: pulumi.String("GreaterThanThreshold"),
		// No data is no failure: the metric is published when not zero.
		TreatMissingData: pulumi.String("notBreaching"),
		AlarmActions:     actions,
		Tags:             tags.Of(a.Tags),
	}, in)
}

// DeliveryAlarmPeriodSeconds is the period of the delivery alarms.
const DeliveryAlarmPeriodSeconds = 300

// rule is one EventBridge rule the routing creates.
type rule struct {
	kind, description, pattern string
}

// rules are the routing's rules, without the kinds turned off.
func (a *Args) rules(name string) []rule {
	var out []rule
	if !a.NoGuardDuty {
		out = append(out, rule{KindGuardDuty,
			fmt.Sprintf("modelfort incidents %s: GuardDuty findings of severity %s or more", name, severity(a.GuardDutyMinSeverity)),
			GuardDutyPattern(a.GuardDutyMinSeverity)})
	}
	if !a.NoSecurityHub {
		out = append(out, rule{KindSecurityHub,
			fmt.Sprintf("modelfort incidents %s: new Security Hub findings of HIGH or CRITICAL severity", name),
			SecurityHubPattern()})
	}
	if !a.NoBackupEvents {
		out = append(out, rule{KindBackup,
			fmt.Sprintf("modelfort incidents %s: AWS Backup backup, copy and restore jobs that failed, were aborted or expired", name),
			BackupPattern()})
	}
	if a.ShieldChanges {
		out = append(out, rule{KindShield,
			fmt.Sprintf("modelfort incidents %s: Shield Advanced protections removed or weakened", name),
			ShieldPattern()})
	}
	return out
}

// checkTopic refuses a given topic of another region or account: an
// EventBridge rule's targets must be in the rule's region
// (https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification),
// and AWS Backup notifies topics of the vault's region and account only
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html).
// Outputs are taken as they are.
func checkTopic(given pulumi.StringInput, env awsenv.Env) error {
	s, ok := given.(pulumi.String)
	if !ok {
		return nil
	}
	m := topicArn.FindStringSubmatch(string(s))
	if m[1] != env.Region || m[2] != env.AccountId {
		return fmt.Errorf("TopicArn %q is a topic of %s in account %s; the routing is in %s, account %s, and EventBridge rules target topics of their own region only: give a topic of %s, or a Routing per region",
			string(s), m[1], m[2], env.Region, env.AccountId, env.Region)
	}
	return nil
}
