package servingalarms

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cls"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/monitor"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:ServingAlarms"

// pkg prefixes the component's errors.
const pkg = "servingalarms"

// Alarms are the Cloud Monitor alarm policies of one serving site (a
// region) and the CLS log topic of its workload.
type Alarms struct {
	pulumi.ResourceState

	// PolicyIds are the alarm policies' IDs ("policy-...") by concern:
	// ConcernCLB, ConcernNodes, ConcernGPU and, with BucketName,
	// ConcernBucket.
	PolicyIds pulumi.StringMapOutput `pulumi:"policyIds"`
	// LogSetId is the CLS log set of the workload's topic.
	LogSetId pulumi.StringOutput `pulumi:"logSetId"`
	// LogTopicId is the workload's CLS log topic.
	LogTopicId pulumi.StringOutput `pulumi:"logTopicId"`

	// Region is where the policies' objects are.
	Region string

	// Policies are the alarm policies by concern.
	Policies map[string]*monitor.AlarmPolicy
	// Bindings bind the CLB and bucket policies to their objects, by
	// concern (the node and GPU policies filter on the cluster instead).
	Bindings map[string]*monitor.PolicyBindingObject
	// LogSet is the dedicated log set (nil with LogSetId).
	LogSet *cls.Logset
	// LogTopic is the workload's log topic.
	LogTopic *cls.Topic
}

// NewAlarms creates the alarm policies of a serving site and the
// workload's log topic. Args are checked before anything is registered.
// Resource options (provider, protect, aliases, ...) apply to the
// component and through it to every resource it creates; the policies
// watch the objects of the provider's region.
func NewAlarms(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Alarms, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if _, ok := MonitorRegions[env.Region]; !ok {
		return nil, component.Errorf(pkg, name, fmt.Errorf("the provider's region %s is not one where pulumi-tencentcloud v0.1.2 binds alarm objects (its provider answers \"monitor not support region `%s` bind\"); allowed regions are %s", env.Region, env.Region, strings.Join(monitorRegionNames(), ", ")))
	}
	al := &Alarms{Region: env.Region, Policies: map[string]*monitor.AlarmPolicy{}, Bindings: map[string]*monitor.PolicyBindingObject{}}
	in, err := component.Register(ctx, Type, name, al, opts...)
	if err != nil {
		return nil, err
	}
	for _, p := range a.policies(env) {
		if err := al.newPolicy(ctx, name, a, p, in); err != nil {
			return nil, err
		}
	}
	if err := al.newLogs(ctx, name, a, in); err != nil {
		return nil, err
	}
	ids := pulumi.StringMap{}
	for concern, p := range al.Policies {
		ids[concern] = p.ID().ToStringOutput()
	}
	al.PolicyIds = ids.ToStringMapOutput()
	return al, ctx.RegisterResourceOutputs(al, pulumi.Map{
		"policyIds": al.PolicyIds, "logSetId": al.LogSetId, "logTopicId": al.LogTopicId,
	})
}

// newPolicy creates one concern's alarm policy, notifying NoticeIds, and
// binds it to its objects when it has any.
func (al *Alarms) newPolicy(ctx *pulumi.Context, name string, a Args, p policy, in pulumi.ResourceOrInvokeOption) error {
	pol, err := monitor.NewAlarmPolicy(ctx, name+"-"+p.concern, &monitor.AlarmPolicyArgs{
		PolicyName:  pulumi.String(a.PolicyName(p.concern)),
		MonitorType: pulumi.String(MonitorType),
		Namespace:   pulumi.String(p.namespace),
		Enable:      pulumi.Int(1),
		ProjectId:   pulumi.Int(a.ProjectId),
		// The remark names the object in the console: letters, digits,
		// '_' and '-' only.
		Remark: pulumi.Sprintf("modelfort-%s-%s", p.concern, p.object),
		Conditions: &monitor.AlarmPolicyConditionsArgs{
			// Any rule alarms on its own.
			IsUnionRule: pulumi.Int(0),
			Rules:       p.rules,
		},
		NoticeIds: pulumi.StringArray(a.NoticeIds),
	}, in)
	if err != nil {
		return err
	}
	al.Policies[p.concern] = pol
	if len(p.bindings) == 0 {
		return nil
	}
	dims := monitor.PolicyBindingObjectDimensionArray{}
	for _, d := range p.bindings {
		dims = append(dims, &monitor.PolicyBindingObjectDimensionArgs{DimensionsJson: d})
	}
	al.Bindings[p.concern], err = monitor.NewPolicyBindingObject(ctx, name+"-"+p.concern, &monitor.PolicyBindingObjectArgs{
		PolicyId:   pol.ID().ToStringOutput(),
		Dimensions: dims,
	}, in)
	return err
}

// newLogs creates the workload's CLS log topic, in LogSetId or in a
// dedicated log set.
func (al *Alarms) newLogs(ctx *pulumi.Context, name string, a Args, in pulumi.ResourceOrInvokeOption) error {
	logSet := a.LogSetId
	if logSet == nil {
		var err error
		if al.LogSet, err = cls.NewLogset(ctx, name+"-workload", &cls.LogsetArgs{
			LogsetName: pulumi.String(LogSetName(name)),
			Tags:       tcenv.Tags(a.Tags),
		}, in); err != nil {
			return err
		}
		logSet = al.LogSet.ID().ToStringOutput()
	}
	var err error
	if al.LogTopic, err = cls.NewTopic(ctx, name+"-workload", &cls.TopicArgs{
		LogsetId:  logSet,
		TopicName: pulumi.String(TopicName(name)),
		Period:    pulumi.Int(a.LogRetentionDays),
		Tags:      tcenv.Tags(a.Tags),
	}, in); err != nil {
		return err
	}
	al.LogSetId = logSet.ToStringOutput()
	al.LogTopicId = al.LogTopic.ID().ToStringOutput()
	return nil
}

// MonitorRegions are the regions where the provider (v1.76.4,
// extension_monitor.go MonitorRegionMap) binds objects to an alarm policy,
// with Cloud Monitor's short names; elsewhere its PolicyBindingObject
// fails.
var MonitorRegions = map[string]string{
	"ap-guangzhou": "gz", "ap-shenzhen-fsi": "szjr", "ap-guangzhou-open": "gzopen", "ap-shenzhen": "szx",
	"ap-shanghai": "sh", "ap-shanghai-fsi": "shjr", "ap-nanjing": "nj", "ap-jinan-ec": "jnec",
	"ap-hangzhou-ec": "hzec", "ap-fuzhou-ec": "fzec", "ap-beijing": "bj", "ap-tianjin": "tsn",
	"ap-shijiazhuang-ec": "sjwec", "ap-beijing-fsi": "bjjr", "ap-wuhan-ec": "whec", "ap-changsha-ec": "csec",
	"ap-chengdu": "cd", "ap-chongqing": "cq", "ap-taipei": "tpe", "ap-hongkong": "hk",
	"ap-singapore": "sg", "ap-bangkok": "th", "ap-mumbai": "in", "ap-seoul": "kr",
	"ap-tokyo": "jp", "na-siliconvalley": "usw", "na-ashburn": "use", "na-toronto": "ca",
	"eu-frankfurt": "de", "eu-moscow": "ru",
}

func monitorRegionNames() []string {
	names := make([]string, 0, len(MonitorRegions))
	for r := range MonitorRegions {
		names = append(names, r)
	}
	sort.Strings(names)
	return names
}
