package servingalarms

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// The concerns Alarms watches: the keys of PolicyIds and the suffixes of
// the policy names.
const (
	// ConcernCLB is the internal CLB's layer-7 listeners: unhealthy
	// backends, 5xx responses, response time.
	ConcernCLB = "clb"
	// ConcernNodes is the TKE cluster's nodes: a node that is not Ready.
	ConcernNodes = "tke"
	// ConcernGPU is the nodes' GPUs: sustained saturation.
	ConcernGPU = "gpu"
	// ConcernBucket is the model bucket: its 5xx error rate (only with
	// BucketName).
	ConcernBucket = "cos"
)

// Defaults and limits.
const (
	// MaxPolicyName is the longest alarm policy name CreateAlarmPolicy
	// takes ("PolicyName ... up to 20 characters").
	MaxPolicyName = 20
	// MaxNamePrefix leaves room for "-" and a three-letter concern.
	MaxNamePrefix = MaxPolicyName - 4

	DefaultUnhealthyBackends = 0
	MaxUnhealthyBackends     = 1000

	DefaultHttp5xxPerMinute = 10
	MaxHttp5xxPerMinute     = 100000

	DefaultLatencyMillis = 30000
	MinLatencyMillis     = 100
	MaxLatencyMillis     = 600000

	DefaultGpuUtilizationPercent = 95
	MinGpuUtilizationPercent     = 50

	DefaultBucketErrorRatePercent = 1

	DefaultRepeatIntervalSeconds = 3600

	DefaultLogRetentionDays = 30
	// MaxLogRetentionDays is the provider's documented range of a CLS
	// topic's lifecycle ("Value range: 1~366").
	MaxLogRetentionDays = 366
	// MaxTags is CLS's limit of tags on a log set or topic.
	MaxTags = 10

	// DefaultListenerPort and DefaultListenerProtocol are the listener
	// watched when Listeners is empty.
	DefaultListenerPort     = 80
	DefaultListenerProtocol = "HTTP"
)

// RepeatIntervals are the alarm intervals Cloud Monitor takes, in seconds
// (AlarmPolicyRule.NoticeFrequency): 0 sends one notification per alarm.
var RepeatIntervals = []int{0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400}

// Listener is a layer-7 listener of the CLB: Cloud Monitor names its
// objects by VIP, port and protocol.
type Listener struct {
	// Port: 1 to 65535.
	Port int
	// Protocol: HTTP or HTTPS.
	Protocol string
}

// Args configures Alarms. LoadBalancerId, Vip, VpcId, ClusterId and
// NoticeIds are required; every other field's zero value is the default.
type Args struct {
	// LoadBalancerId is the internal CLB ("lb-..."): the CLB policy's
	// remark names it. Required.
	LoadBalancerId pulumi.StringInput
	// Vip is the CLB's private address and VpcId its VPC: Cloud Monitor
	// names a private CLB's listeners by them (clb_l7listener_internal's
	// dimensions vip and rule_vpcid). Required.
	Vip, VpcId pulumi.StringInput
	// Listeners are the layer-7 listeners the serving cluster opens on the
	// CLB, each bound to the CLB policy. Default: HTTP on port 80.
	Listeners []Listener
	// ClusterId is the TKE cluster ("cls-..."): the node and GPU
	// policies' rules filter on it. Required.
	ClusterId pulumi.StringInput
	// NoticeIds are the Cloud Monitor notification templates
	// ("notice-...") that name the receivers of every policy: at least
	// one. The provider (v1.76.4) has no resource that creates one; make
	// them in the console (Alarm Management > Notification Templates).
	// Required.
	NoticeIds []pulumi.StringInput
	// BucketName is the model bucket of this region (its full name,
	// "NAME-APPID"): with it, a policy alarms on its 5xx rate. Default:
	// none.
	BucketName pulumi.StringInput
	// NamePrefix starts every policy name (PREFIX-clb, PREFIX-tke, ...):
	// 1 to 16 letters, digits, '_' and '-'. Default: the component's name.
	NamePrefix string
	// ProjectId is the Cloud Monitor project of the policies: 0 is the
	// default project (CLB and CVM belong to projects, so -1 is not
	// allowed). Default: 0.
	ProjectId int
	// UnhealthyBackends: the CLB policy alarms when more backends than
	// this fail health checks (UnhealthRsCount) for 2 minutes: 0 to 1000.
	// Default: 0.
	UnhealthyBackends int
	// Http5xxPerMinute: it alarms when backends answer more 5xx a minute
	// than this (Http5xx) for 3 minutes: 1 to 100000. Default: 10.
	Http5xxPerMinute int
	// LatencyMillis: it alarms when the average response time (RspAvg)
	// exceeds this for 3 minutes: 100 to 600000 ms. Default: 30000 (a
	// generation answers in seconds, not milliseconds).
	LatencyMillis int
	// GpuUtilizationPercent: the GPU policy alarms when a node's GPU
	// utilization (K8sNodeGpuUsed) stays above this for 5 minutes: 50 to
	// 99. Default: 95.
	GpuUtilizationPercent int
	// BucketErrorRatePercent: the bucket policy alarms when more than this
	// share of requests get a 5xx (5xxResponseRate) for 10 minutes: 1 to
	// 99. Default: 1.
	BucketErrorRatePercent int
	// RepeatIntervalSeconds is how often an alarm that lasts is sent
	// again: one of RepeatIntervals. Default: 3600.
	RepeatIntervalSeconds *int
	// LogSetId is an existing CLS log set for the workload's log topic.
	// Default: a dedicated log set "modelfort-NAME".
	LogSetId pulumi.StringInput
	// LogRetentionDays is how long the workload's log topic keeps logs:
	// 1 to 366. Default: 30 (0 means 30).
	LogRetentionDays int
	// Tags are added to the log set and topic: at most 10. Alarm policies
	// take none (the provider's policyTags binds instances by tag instead).
	// Default: none.
	Tags map[string]string
}

var (
	namePrefix     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)
	clsName        = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,255}$`)
	loadBalancerID = regexp.MustCompile(`^lb-[0-9a-z]+$`)
	clusterID      = regexp.MustCompile(`^cls-[0-9a-z]+$`)
	vpcID          = regexp.MustCompile(`^vpc-[0-9a-z]+$`)
	noticeID       = regexp.MustCompile(`^notice-[0-9A-Za-z-]{1,64}$`)
	logSetID       = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	for _, id := range []struct {
		field, want string
		v           pulumi.StringInput
		re          *regexp.Regexp
	}{
		{"LoadBalancerId", "the internal CLB's ID (lb-...)", a.LoadBalancerId, loadBalancerID},
		{"VpcId", "the CLB's VPC (vpc-...)", a.VpcId, vpcID},
		{"ClusterId", "the TKE cluster's ID (cls-...)", a.ClusterId, clusterID},
	} {
		if err := literal(id.field, id.want, id.v, id.re); err != nil {
			return err
		}
	}
	if a.Vip == nil {
		return fmt.Errorf("Vip is nil; give the CLB's private address")
	}
	if s, ok := a.Vip.(pulumi.String); ok {
		if ip, err := netip.ParseAddr(string(s)); err != nil || !ip.Is4() || !ip.IsPrivate() {
			return fmt.Errorf("Vip is %q; allowed values are private IPv4 addresses (the CLB's VIP)", string(s))
		}
	}
	if err := a.validateNotices(); err != nil {
		return err
	}
	if a.BucketName != nil {
		if err := literal("BucketName", "a COS bucket's full name (NAME-APPID)", a.BucketName, verify.COSBucket); err != nil {
			return err
		}
	}
	if err := a.validateListeners(); err != nil {
		return err
	}
	if a.NamePrefix == "" {
		a.NamePrefix = name
	}
	if !namePrefix.MatchString(a.NamePrefix) {
		return fmt.Errorf("NamePrefix is %q (the default is the component's name); allowed values are 1 to %d letters, digits, '_' and '-' (alarm policy names hold %d characters)", a.NamePrefix, MaxNamePrefix, MaxPolicyName)
	}
	if a.ProjectId < 0 {
		return fmt.Errorf("ProjectId is %d; allowed values are 0 (the default project) or a project's ID", a.ProjectId)
	}
	if err := a.validateThresholds(); err != nil {
		return err
	}
	return a.validateLogs(name)
}

// literal checks an ID a caller passes: nil is refused, a literal must
// match re, an output of another resource is taken as it is.
func literal(field, want string, v pulumi.StringInput, re *regexp.Regexp) error {
	if v == nil {
		return fmt.Errorf("%s is nil; give %s", field, want)
	}
	if s, ok := v.(pulumi.String); ok && !re.MatchString(string(s)) {
		return fmt.Errorf("%s is %q; allowed values are %s", field, string(s), want)
	}
	return nil
}

func (a *Args) validateNotices() error {
	if len(a.NoticeIds) == 0 {
		return fmt.Errorf("NoticeIds is empty; give at least one Cloud Monitor notification template (notice-...): without one an alarm reaches nobody")
	}
	seen := map[string]bool{}
	for i, id := range a.NoticeIds {
		field := fmt.Sprintf("NoticeIds[%d]", i)
		if err := literal(field, "notification template IDs (notice-...)", id, noticeID); err != nil {
			return err
		}
		if s, ok := id.(pulumi.String); ok {
			if seen[string(s)] {
				return fmt.Errorf("%s is %q, given twice; give each notification template once", field, string(s))
			}
			seen[string(s)] = true
		}
	}
	return nil
}

func (a *Args) validateListeners() error {
	if len(a.Listeners) == 0 {
		a.Listeners = []Listener{{Port: DefaultListenerPort, Protocol: DefaultListenerProtocol}}
	}
	seen := map[int]bool{}
	for i, l := range a.Listeners {
		if err := verify.Between(fmt.Sprintf("Listeners[%d].Port", i), l.Port, 1, 65535, 0); err != nil {
			return err
		}
		if err := verify.OneOf(fmt.Sprintf("Listeners[%d].Protocol", i), l.Protocol, "HTTP", "HTTPS"); err != nil {
			return err
		}
		if seen[l.Port] {
			return fmt.Errorf("Listeners[%d].Port is %d, given twice; a CLB has one listener a port", i, l.Port)
		}
		seen[l.Port] = true
	}
	return nil
}

func (a *Args) validateThresholds() error {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&a.Http5xxPerMinute, DefaultHttp5xxPerMinute)
	def(&a.LatencyMillis, DefaultLatencyMillis)
	def(&a.GpuUtilizationPercent, DefaultGpuUtilizationPercent)
	def(&a.BucketErrorRatePercent, DefaultBucketErrorRatePercent)
	for _, c := range []struct {
		field         string
		v, min, max   int
		zeroIsDefault int
	}{
		{"UnhealthyBackends", a.UnhealthyBackends, 0, MaxUnhealthyBackends, 0},
		{"Http5xxPerMinute", a.Http5xxPerMinute, 1, MaxHttp5xxPerMinute, DefaultHttp5xxPerMinute},
		{"LatencyMillis", a.LatencyMillis, MinLatencyMillis, MaxLatencyMillis, DefaultLatencyMillis},
		{"GpuUtilizationPercent", a.GpuUtilizationPercent, MinGpuUtilizationPercent, 99, DefaultGpuUtilizationPercent},
		{"BucketErrorRatePercent", a.BucketErrorRatePercent, 1, 99, DefaultBucketErrorRatePercent},
	} {
		if err := verify.Between(c.field, c.v, c.min, c.max, c.zeroIsDefault); err != nil {
			return err
		}
	}
	if a.RepeatIntervalSeconds == nil {
		d := DefaultRepeatIntervalSeconds
		a.RepeatIntervalSeconds = &d
	}
	if !slices.Contains(RepeatIntervals, *a.RepeatIntervalSeconds) {
		allowed := make([]string, len(RepeatIntervals))
		for i, s := range RepeatIntervals {
			allowed[i] = strconv.Itoa(s)
		}
		return fmt.Errorf("RepeatIntervalSeconds is %d; allowed values are %s (0 notifies once)", *a.RepeatIntervalSeconds, strings.Join(allowed, ", "))
	}
	return nil
}

func (a *Args) validateLogs(name string) error {
	if a.LogSetId != nil {
		if err := literal("LogSetId", "a CLS log set's ID (a UUID)", a.LogSetId, logSetID); err != nil {
			return err
		}
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if err := verify.Between("LogRetentionDays", a.LogRetentionDays, 1, MaxLogRetentionDays, DefaultLogRetentionDays); err != nil {
		return err
	}
	if len(a.Tags) > MaxTags {
		return fmt.Errorf("Tags has %d tags; allowed values are at most %d (CLS's limit)", len(a.Tags), MaxTags)
	}
	for _, n := range []string{LogSetName(name), TopicName(name)} {
		if !clsName.MatchString(n) {
			return fmt.Errorf("the component's name %q gives the CLS name %q; allowed names give 1 to 255 letters, digits, '_', '.' and '-'", name, n)
		}
	}
	return nil
}

// LogSetName is the name of the dedicated CLS log set of component name:
// log set names are unique in a region, so the stack's names (which carry
// the environment) keep them apart.
func LogSetName(name string) string { return "modelfort-" + name }

// TopicName is the name of the workload's CLS log topic.
func TopicName(name string) string { return "modelfort-" + name + "-workload" }

// PolicyName is the alarm policy name of a concern.
func (a *Args) PolicyName(concern string) string { return a.NamePrefix + "-" + concern }
