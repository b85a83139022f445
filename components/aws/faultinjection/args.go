package faultinjection

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/verify"
)

// The stop metric: putting it (a value of 1 or more) in the experiment's
// region sends the component's stop alarm into ALARM within a minute, and
// FIS stops every experiment of the templates that list the alarm.
const (
	// StopMetricNamespace is the custom namespace of the stop metric.
	StopMetricNamespace = "modelfort/Drills"
	// StopMetricName is the stop metric's name.
	StopMetricName = "StopRequested"
	// StopMetricDimension is the stop metric's one dimension; its value is
	// the component's name.
	StopMetricDimension = "Experiment"
	// StopAlarmPeriodSeconds is the stop alarm's period: the stop alarm
	// fires on the Maximum of one 60-second period (1 of 1), the shortest
	// period of a standard-resolution metric.
	StopAlarmPeriodSeconds = 60
)

// Bounds and defaults.
const (
	// DefaultDuration is how long the region-outage action lasts.
	DefaultDuration = 10 * time.Minute
	// MinDuration and MaxDuration bound an action's duration: "from one
	// minute to 12 hours" (aws:network:disrupt-connectivity, FIS actions
	// reference,
	// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#disrupt-connectivity;
	// "Action duration in hours: 12", not adjustable,
	// https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html).
	MinDuration = time.Minute
	MaxDuration = 12 * time.Hour
	// MaxStopConditions is FIS's quota of stop conditions per experiment
	// template, 5, not adjustable (Service Quotas L-872EC72B,
	// https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html).
	// The component's own stop alarm is one of them, so StopAlarmArns
	// holds at most MaxStopConditions-1.
	MaxStopConditions = 5
	// MaxSubnets is how many subnets one target of the template may name:
	// the provider caps a target's resourceArns at 5
	// (terraform-provider-aws internal/service/fis/experiment_template.go,
	// resource_arns MaxItems 5), and FIS's quota "Target Subnets for
	// aws:network:disrupt-connectivity" is 5 by default (L-1F59732D,
	// https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html).
	MaxSubnets = 5
	// DefaultLogRetentionDays is how long the experiment log is kept, as
	// the other components' log groups (the audit trail's, the flow
	// logs'): a drill's record is evidence of a recovery test.
	DefaultLogRetentionDays = 365
)

// RegionOutage is the experiment that simulates the loss of the primary
// site: FIS's aws:network:disrupt-connectivity with scope "all" on the
// site's private subnets, which denies all traffic entering and leaving
// them (traffic within a subnet still flows) for Duration, then restores
// their network ACLs.
type RegionOutage struct {
	// SubnetArns are the primary site's private subnets, by ARN
	// (arn:aws:ec2:REGION:ACCOUNT:subnet/subnet-ID), in the experiment's
	// region and account. Required: 1 to 5 (MaxSubnets).
	SubnetArns []pulumi.StringInput
	// VpcId is the VPC of SubnetArns (vpc-...). Required: the role may
	// create network ACLs in this VPC only.
	VpcId pulumi.StringInput
	// Duration is how long the subnets stay cut off. Allowed: 1 minute to
	// 12 hours, in whole seconds. Default (0): 10 minutes.
	Duration time.Duration
}

// Args configures the experiments. Nil Args are refused: an experiment
// needs its targets.
type Args struct {
	// RegionOutage is the region-outage experiment. Required.
	RegionOutage *RegionOutage
	// StopAlarmArns are further CloudWatch alarms that stop the
	// experiments when they go into ALARM (a health alarm of the serving
	// path, say), by ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME),
	// in the experiment's region and account. Allowed: at most 4 (with
	// the component's own stop alarm, FIS's limit of 5). Default: none.
	StopAlarmArns []pulumi.StringInput
	// AlarmTopicArn is an SNS topic, in the experiment's region, that the
	// stop alarm notifies when it fires and when it clears (an
	// incidents.Routing's TopicArn). Default: none (the alarm notifies no
	// one, which the policy pack's alarm-notifies-subscribers flags; FIS
	// still stops the experiment).
	AlarmTopicArn pulumi.StringInput
	// LogRetentionDays is how long the experiment log is kept; one of the
	// retention periods CloudWatch Logs accepts (logretention.Days).
	// Default (0): 365.
	LogRetentionDays int
	// KMSKeyArn encrypts the experiment log group: a KMS key ARN whose
	// policy lets CloudWatch Logs of this region use it. Default: a
	// dedicated key (kmskey.Key) usable by CloudWatch Logs only.
	KMSKeyArn pulumi.StringInput
	// Tags are added to every resource the component creates. The
	// templates' Name tag is always the component's name. Default: none.
	Tags map[string]string
}

var (
	// subnetArn is an EC2 subnet's ARN.
	subnetArn = regexp.MustCompile(`^arn:(aws[a-z-]*):ec2:([a-z0-9-]+):([0-9]{12}):subnet/subnet-[0-9a-f]+$`)
	// alarmArn is a CloudWatch alarm's ARN
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html#amazoncloudwatch-resources-for-iam-policies).
	alarmArn = regexp.MustCompile(`^arn:(aws[a-z-]*):cloudwatch:([a-z0-9-]+):([0-9]{12}):alarm:.+$`)
	// topicArn is an SNS topic's ARN.
	topicArn = regexp.MustCompile(`^arn:(aws[a-z-]*):sns:([a-z0-9-]+):([0-9]{12}):[A-Za-z0-9_-]{1,256}$`)
	// vpcID is a VPC's ID.
	vpcID = regexp.MustCompile(`^vpc-[0-9a-f]+$`)
)

// Validate checks the arguments of the experiments named name and fills
// in their defaults; its errors name the field and the allowed values.
// Literal ARNs are checked for their form here and for their region and
// account once the provider's are known (NewExperiments); outputs of
// other resources are taken as they are.
func (a *Args) Validate(name string) error {
	if a.RegionOutage == nil {
		return errors.New("RegionOutage is required: the subnets (SubnetArns) and VPC (VpcId) of the primary site, whose network the experiment cuts")
	}
	ro := *a.RegionOutage // a copy: the caller's Args stay as they were
	a.RegionOutage = &ro
	if n := len(ro.SubnetArns); n < 1 || n > MaxSubnets {
		return fmt.Errorf("RegionOutage.SubnetArns holds %d subnets; allowed values are 1 to %d subnet ARNs (arn:aws:ec2:REGION:ACCOUNT:subnet/subnet-ID)", n, MaxSubnets)
	}
	if err := verify.NoneNil("RegionOutage.SubnetArns", ro.SubnetArns); err != nil {
		return err
	}
	for i, s := range ro.SubnetArns {
		if v, ok := s.(pulumi.String); ok && !subnetArn.MatchString(string(v)) {
			return fmt.Errorf("RegionOutage.SubnetArns[%d] %q is not a subnet ARN (arn:aws:ec2:REGION:ACCOUNT:subnet/subnet-ID)", i, string(v))
		}
	}
	if ro.VpcId == nil {
		return errors.New("RegionOutage.VpcId is required: the VPC of SubnetArns (vpc-ID), to which the role's ec2:CreateNetworkAcl is held")
	}
	if v, ok := ro.VpcId.(pulumi.String); ok && !vpcID.MatchString(string(v)) {
		return fmt.Errorf("RegionOutage.VpcId %q is not a VPC ID (vpc-ID)", string(v))
	}
	if ro.Duration == 0 {
		ro.Duration = DefaultDuration
	}
	if ro.Duration < MinDuration || ro.Duration > MaxDuration || ro.Duration%time.Second != 0 {
		return fmt.Errorf("RegionOutage.Duration is %v; allowed values are %v to %v in whole seconds (0 means %v)", ro.Duration, MinDuration, MaxDuration, DefaultDuration)
	}
	*a.RegionOutage = ro

	if n := len(a.StopAlarmArns); n > MaxStopConditions-1 {
		return fmt.Errorf("StopAlarmArns holds %d alarms; allowed values are 0 to %d (with the component's own stop alarm, FIS's limit of %d stop conditions per template)", n, MaxStopConditions-1, MaxStopConditions)
	}
	if err := verify.NoneNil("StopAlarmArns", a.StopAlarmArns); err != nil {
		return err
	}
	for i, s := range a.StopAlarmArns {
		if v, ok := s.(pulumi.String); ok && !alarmArn.MatchString(string(v)) {
			return fmt.Errorf("StopAlarmArns[%d] %q is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME)", i, string(v))
		}
	}
	if v, ok := a.AlarmTopicArn.(pulumi.String); ok && !topicArn.MatchString(string(v)) {
		return fmt.Errorf("AlarmTopicArn %q is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME); leave it unset for no notification", string(v))
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if err := loggroup.CheckRetention("LogRetentionDays", a.LogRetentionDays); err != nil {
		return err
	}
	return encryption.Check("KMSKeyArn", a.KMSKeyArn)
}

// where is the region and account of a literal ARN, with the field that
// holds it.
type where struct {
	field, value, region, account string
}

// literals returns the literal ARNs of a that name a region and account:
// the subnets, the alarms and the topic. Outputs are left out.
func (a *Args) literals() []where {
	var out []where
	add := func(field string, in pulumi.StringInput, re *regexp.Regexp) {
		if v, ok := in.(pulumi.String); ok {
			if m := re.FindStringSubmatch(string(v)); m != nil {
				out = append(out, where{field, string(v), m[2], m[3]})
			}
		}
	}
	for i, s := range a.RegionOutage.SubnetArns {
		add(fmt.Sprintf("RegionOutage.SubnetArns[%d]", i), s, subnetArn)
	}
	for i, s := range a.StopAlarmArns {
		add(fmt.Sprintf("StopAlarmArns[%d]", i), s, alarmArn)
	}
	add("AlarmTopicArn", a.AlarmTopicArn, topicArn)
	return out
}

// checkWhere refuses a literal ARN of another region or account than
// the experiment's. FIS acts on targets of its own account and region in
// a single-account experiment, a CloudWatch alarm watches metrics of its
// own region only and notifies topics of its own region only, and the
// drill must be stoppable where it runs (see the README).
func (a *Args) checkWhere(region, account string) error {
	for _, w := range a.literals() {
		if w.region != region || w.account != account {
			return fmt.Errorf("%s %q is in %s, account %s; it must be in the experiment's region and account, %s and %s", w.field, w.value, w.region, w.account, region, account)
		}
	}
	return nil
}

// ISO8601 renders a duration as FIS's action parameters take it: an ISO
// 8601 duration of hours, minutes and seconds ("PT10M", "PT1H30M").
func ISO8601(d time.Duration) string {
	var b strings.Builder
	b.WriteString("PT")
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	if h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if s > 0 || (h == 0 && m == 0) {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}
