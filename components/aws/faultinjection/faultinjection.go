package faultinjection

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/fis"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:FaultInjection"

// pkg prefixes the component's errors.
const pkg = "faultinjection"

// What the region-outage template holds.
const (
	// ActionDisruptConnectivity is the FIS action that cuts the subnets
	// off (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#disrupt-connectivity).
	ActionDisruptConnectivity = "aws:network:disrupt-connectivity"
	// ScopeAll denies all traffic entering and leaving the subnets (within
	// a subnet traffic still flows): the site has lost its network.
	ScopeAll = "all"
	// RegionOutageAction and RegionOutageTarget name the template's action
	// and target.
	RegionOutageAction = "cut-primary-subnets"
	RegionOutageTarget = "primary-subnets"
	// SubnetResourceType and SubnetsTargetKey are what the action takes:
	// subnets (aws:ec2:subnet), under the action's target key "Subnets"
	// (https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html#action-targets).
	SubnetResourceType = "aws:ec2:subnet"
	SubnetsTargetKey   = "Subnets"
	// StopConditionSource is the source of a stop condition that is a
	// CloudWatch alarm
	// (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html).
	StopConditionSource = "aws:cloudwatch:alarm"
	// LogSchemaVersion is the experiment log's schema, the current one
	// (https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html#experiment-log-schema).
	LogSchemaVersion = 2
	// AccountTargeting and EmptyTargetResolutionMode are the experiment
	// options: this account only, and an experiment whose targets resolve
	// to nothing fails rather than "completing" having injected nothing
	// (https://docs.aws.amazon.com/fis/latest/userguide/experiment-options.html).
	AccountTargeting          = "single-account"
	EmptyTargetResolutionMode = "fail"
)

// Experiments are FIS experiment templates for the drills, the role FIS
// assumes to run them, their stop alarm and their log.
type Experiments struct {
	pulumi.ResourceState

	// RegionOutageTemplateId is the region-outage template's ID
	// (EXT...): "aws fis start-experiment --experiment-template-id".
	RegionOutageTemplateId pulumi.StringOutput `pulumi:"regionOutageTemplateId"`
	// RegionOutageTemplateArn is its ARN, for IAM policies of whoever
	// starts it (fis:StartExperiment).
	RegionOutageTemplateArn pulumi.StringOutput `pulumi:"regionOutageTemplateArn"`
	// StopAlarmName and StopAlarmArn are the component's stop alarm.
	StopAlarmName pulumi.StringOutput `pulumi:"stopAlarmName"`
	StopAlarmArn  pulumi.StringOutput `pulumi:"stopAlarmArn"`
	// RoleArn is the role FIS assumes to run the experiments.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// LogGroupName is where the experiments log.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	// KMSKeyArn is the key that encrypts the log.
	KMSKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// Region is where the experiments run; Duration how long the
	// region-outage action lasts.
	Region   string
	Duration string
	// StopMetricDimensionValue is the value of the stop metric's dimension
	// StopMetricDimension: PROJECT.STACK.NAME (see StopMetricDimensionValue).
	StopMetricDimensionValue string

	RegionOutage *fis.ExperimentTemplate
	StopAlarm    *cloudwatch.MetricAlarm
	Role         *iam.Role
	RolePolicy   *iam.RolePolicy
	LogGroup     *cloudwatch.LogGroup
	// Key is the key the component created, or nil when KMSKeyArn was
	// given.
	Key *kmskey.Key
}

// NewExperiments creates the experiment templates. Args are checked
// before anything is registered; nil Args are refused (RegionOutage is
// required). Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every resource it creates: the
// experiments run in the provider's region.
func NewExperiments(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Experiments, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if err := a.checkWhere(env.Region, env.AccountId); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	e := &Experiments{Region: env.Region, Duration: ISO8601(a.RegionOutage.Duration), StopMetricDimensionValue: StopMetricDimensionValue(ctx, name)}
	in, err := component.Register(ctx, Type, name, e, opts...)
	if err != nil {
		return nil, err
	}

	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name+"-log", a.KMSKeyArn, kmskey.Args{
		Description:       "modelfort fault-injection experiment log " + name,
		ServicePrincipals: []string{"logs"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}
	e.Key = key
	if e.LogGroup, err = loggroup.New(ctx, name, loggroup.Args{
		KMSKeyArn:     keyArn,
		RetentionDays: a.LogRetentionDays,
		Tags:          tags.Named(a.Tags, name),
	}, in); err != nil {
		return nil, err
	}
	if e.StopAlarm, err = a.stopAlarm(ctx, name, e.StopMetricDimensionValue, in); err != nil {
		return nil, err
	}
	if e.Role, e.RolePolicy, err = a.role(ctx, name, env, in); err != nil {
		return nil, err
	}
	if e.RegionOutage, err = a.regionOutage(ctx, name, e, in); err != nil {
		return nil, err
	}

	e.RegionOutageTemplateId = e.RegionOutage.ID().ToStringOutput()
	e.RegionOutageTemplateArn = pulumi.Sprintf("arn:%s:fis:%s:%s:experiment-template/%s", env.Partition, env.Region, env.AccountId, e.RegionOutage.ID())
	e.StopAlarmName, e.StopAlarmArn = e.StopAlarm.Name, e.StopAlarm.Arn
	e.RoleArn, e.LogGroupName = e.Role.Arn, e.LogGroup.Name
	e.KMSKeyArn = keyArn.ToStringOutput()
	return e, ctx.RegisterResourceOutputs(e, pulumi.Map{
		"regionOutageTemplateId": e.RegionOutageTemplateId, "regionOutageTemplateArn": e.RegionOutageTemplateArn,
		"stopAlarmName": e.StopAlarmName, "stopAlarmArn": e.StopAlarmArn, "roleArn": e.RoleArn,
		"logGroupName": e.LogGroupName, "kmsKeyArn": e.KMSKeyArn,
	})
}

// stopAlarm creates NAME-stop: it goes into ALARM when the stop metric of
// this experiment (StopMetricNamespace, StopMetricName, dimension
// StopMetricDimension = value) reaches 1 in a 60-second period, and
// returns to OK when no more is put (missing data is not breaching: an
// idle drill must not look stopped).
func (a *Args) stopAlarm(ctx *pulumi.Context, name, value string, in pulumi.ResourceOrInvokeOption) (*cloudwatch.MetricAlarm, error) {
	alarm := &cloudwatch.MetricAlarmArgs{
		AlarmDescription: pulumi.String(fmt.Sprintf("Stops the modelfort fault-injection experiments %s: put %s/%s with %s=%s and a value of 1 to halt them", name,
			StopMetricNamespace, StopMetricName, StopMetricDimension, value)),
		Namespace:          pulumi.String(StopMetricNamespace),
		MetricName:         pulumi.String(StopMetricName),
		Dimensions:         pulumi.StringMap{StopMetricDimension: pulumi.String(value)},
		Statistic:          pulumi.String("Maximum"),
		Period:             pulumi.Int(StopAlarmPeriodSeconds),
		EvaluationPeriods:  pulumi.Int(1),
		DatapointsToAlarm:  pulumi.Int(1),
		Threshold:          pulumi.Float64(1),
		ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
		TreatMissingData:   pulumi.String("notBreaching"),
		Tags:               tags.Named(a.Tags, name+"-stop"),
	}
	if a.AlarmTopicArn != nil {
		alarm.AlarmActions = pulumi.Array{a.AlarmTopicArn}
		alarm.OkActions = pulumi.Array{a.AlarmTopicArn}
	}
	return cloudwatch.NewMetricAlarm(ctx, name+"-stop", alarm, in)
}

// stopConditions are the templates' stop conditions: the component's
// stop alarm, then StopAlarmArns.
func (a *Args) stopConditions(stop *cloudwatch.MetricAlarm) fis.ExperimentTemplateStopConditionArray {
	conds := fis.ExperimentTemplateStopConditionArray{&fis.ExperimentTemplateStopConditionArgs{
		Source: pulumi.String(StopConditionSource), Value: stop.Arn,
	}}
	for _, arn := range a.StopAlarmArns {
		conds = append(conds, &fis.ExperimentTemplateStopConditionArgs{Source: pulumi.String(StopConditionSource), Value: arn})
	}
	return conds
}

// regionOutage creates the region-outage template, once the role's
// policy is in place.
func (a *Args) regionOutage(ctx *pulumi.Context, name string, e *Experiments, in pulumi.ResourceOrInvokeOption) (*fis.ExperimentTemplate, error) {
	ro := a.RegionOutage
	duration := ISO8601(ro.Duration)
	subnets := len(ro.SubnetArns)
	desc := fmt.Sprintf("modelfort %s region outage: cuts all network traffic in and out of the primary site's %d private subnet(s) for %s (%s, scope %s), as if the site lost its network; stops on %d alarm(s)",
		name, subnets, duration, ActionDisruptConnectivity, ScopeAll, 1+len(a.StopAlarmArns))
	return fis.NewExperimentTemplate(ctx, name+"-region-outage", &fis.ExperimentTemplateArgs{
		Description:    pulumi.String(desc),
		RoleArn:        e.Role.Arn,
		StopConditions: a.stopConditions(e.StopAlarm),
		Targets: fis.ExperimentTemplateTargetArray{&fis.ExperimentTemplateTargetArgs{
			Name:          pulumi.String(RegionOutageTarget),
			ResourceType:  pulumi.String(SubnetResourceType),
			SelectionMode: pulumi.String("ALL"),
			ResourceArns:  pulumi.StringArray(ro.SubnetArns),
		}},
		Actions: fis.ExperimentTemplateActionArray{&fis.ExperimentTemplateActionArgs{
			Name:        pulumi.String(RegionOutageAction),
			ActionId:    pulumi.String(ActionDisruptConnectivity),
			Description: pulumi.String(fmt.Sprintf("Deny all traffic entering and leaving the primary subnets for %s", duration)),
			Parameters: fis.ExperimentTemplateActionParameterArray{
				&fis.ExperimentTemplateActionParameterArgs{Key: pulumi.String("duration"), Value: pulumi.String(duration)},
				&fis.ExperimentTemplateActionParameterArgs{Key: pulumi.String("scope"), Value: pulumi.String(ScopeAll)},
			},
			Target: &fis.ExperimentTemplateActionTargetArgs{Key: pulumi.String(SubnetsTargetKey), Value: pulumi.String(RegionOutageTarget)},
		}},
		ExperimentOptions: &fis.ExperimentTemplateExperimentOptionsArgs{
			AccountTargeting:          pulumi.String(AccountTargeting),
			EmptyTargetResolutionMode: pulumi.String(EmptyTargetResolutionMode),
		},
		LogConfiguration: &fis.ExperimentTemplateLogConfigurationArgs{
			LogSchemaVersion: pulumi.Int(LogSchemaVersion),
			// FIS takes the group's ARN with the ":*" of its log streams,
			// as DescribeLogGroups spells it.
			CloudwatchLogsConfiguration: &fis.ExperimentTemplateLogConfigurationCloudwatchLogsConfigurationArgs{
				LogGroupArn: pulumi.Sprintf("%s:*", e.LogGroup.Arn),
			},
		},
		Tags: tags.Named(a.Tags, name+"-region-outage", "modelfort:drill", "region-outage"),
	}, in, pulumi.DependsOn([]pulumi.Resource{e.RolePolicy}))
}

// StopMetricDimensionValue is the stop metric's dimension value of the
// experiments named name: PROJECT.STACK.NAME, so that halting one stack's
// experiments never halts another's in the same account and region.
func StopMetricDimensionValue(ctx *pulumi.Context, name string) string {
	return ctx.Project() + "." + ctx.Stack() + "." + name
}
