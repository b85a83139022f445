package servingalarms

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/monitor"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// Cloud Monitor's names for what Alarms watches. The policy types
// (namespaces) are DescribeAllNamespaces' QceNamespacesNew IDs; the
// metrics are those of the products' monitoring namespaces. README.md
// cites the documentation of each.
const (
	// MonitorType is Tencent Cloud service monitoring.
	MonitorType = "MT_QCE"

	// NamespaceCLB is "CLB - layer-7 listener - private LB to backend"
	// (负载均衡-七层监听器-内网 LB 到后端的监控). Its objects are listeners,
	// named by appid, protocol, rule_vpcid, vip and vport.
	NamespaceCLB = "clb_l7listener_internal"
	// NamespaceNodes is TKE's node policy type: its rules select the
	// cluster with a filter on tke_cluster_instance_id (QCE/TKE2).
	NamespaceNodes = "k8s_node"
	// NamespaceBucket is COS's policy type; its objects are buckets.
	NamespaceBucket = "COS"

	// MetricUnhealthyBackends is the number of backends failing health
	// checks (QCE/LB_PRIVATE).
	MetricUnhealthyBackends = "UnhealthRsCount"
	// MetricHttp5xx is the 5xx responses of the backends a minute, layer-7
	// listeners only (QCE/LB_PRIVATE).
	MetricHttp5xx = "Http5xx"
	// MetricLatency is the average response time in ms, layer-7 listeners
	// only (QCE/LB_PRIVATE).
	MetricLatency = "RspAvg"
	// MetricNodeReady is a node's Ready condition, 1 or 0 (QCE/TKE2).
	MetricNodeReady = "K8sNodeStatusReady"
	// MetricGpuUtilization is a node's GPU utilization in % (QCE/TKE2).
	MetricGpuUtilization = "K8sNodeGpuUsed"
	// MetricBucket5xxRate is the share of a bucket's requests answered
	// with 5xx, in % (QCE/COS).
	MetricBucket5xxRate = "5xxResponseRate"
)

// Evaluation of the rules: a period in seconds and how many periods in a
// row a condition must hold.
const (
	periodMinute       = 60
	periodFiveMinutes  = 300
	backendPeriods     = 2
	errorPeriods       = 3
	nodePeriods        = 2
	gpuPeriods         = 5
	bucketPeriods      = 2
	staticRule         = "STATIC"
	filterByDimensions = "DIMENSION"
)

// policy is what one concern's alarm policy watches.
type policy struct {
	concern, namespace string
	// object names what the policy watches, in its remark.
	object pulumi.StringInput
	rules  monitor.AlarmPolicyConditionsRuleArray
	// bindings are the objects' dimensions (JSON), one a listener or
	// bucket; none for TKE, whose rules filter on the cluster.
	bindings []pulumi.StringInput
}

// policies are the alarm policies of a, in order.
func (a Args) policies(env tcenv.Env) []policy {
	cluster := a.clusterFilter(env)
	ps := []policy{
		{
			concern: ConcernCLB, namespace: NamespaceCLB, object: a.LoadBalancerId,
			rules: monitor.AlarmPolicyConditionsRuleArray{
				a.rule(MetricUnhealthyBackends, "gt", a.UnhealthyBackends, periodMinute, backendPeriods, nil),
				a.rule(MetricHttp5xx, "gt", a.Http5xxPerMinute, periodMinute, errorPeriods, nil),
				a.rule(MetricLatency, "gt", a.LatencyMillis, periodMinute, errorPeriods, nil),
			},
			bindings: a.listenerDimensions(env),
		},
		{
			concern: ConcernNodes, namespace: NamespaceNodes, object: a.ClusterId,
			// Ready is 1; below 1 the node is NotReady or Unknown.
			rules: monitor.AlarmPolicyConditionsRuleArray{a.rule(MetricNodeReady, "lt", 1, periodMinute, nodePeriods, cluster)},
		},
		{
			concern: ConcernGPU, namespace: NamespaceNodes, object: a.ClusterId,
			rules: monitor.AlarmPolicyConditionsRuleArray{a.rule(MetricGpuUtilization, "gt", a.GpuUtilizationPercent, periodMinute, gpuPeriods, cluster)},
		},
	}
	if a.BucketName != nil {
		ps = append(ps, policy{
			concern: ConcernBucket, namespace: NamespaceBucket, object: a.BucketName,
			rules:    monitor.AlarmPolicyConditionsRuleArray{a.rule(MetricBucket5xxRate, "gt", a.BucketErrorRatePercent, periodFiveMinutes, bucketPeriods, nil)},
			bindings: []pulumi.StringInput{bucketDimensions(env, a.BucketName)},
		})
	}
	return ps
}

// rule is a static threshold: metric OPERATOR value for periods periods
// in a row, notified again every RepeatIntervalSeconds while it lasts.
func (a Args) rule(metric, operator string, value, period, periods int, filter pulumi.StringInput) *monitor.AlarmPolicyConditionsRuleArgs {
	r := &monitor.AlarmPolicyConditionsRuleArgs{
		MetricName:      pulumi.String(metric),
		Operator:        pulumi.String(operator),
		Value:           pulumi.String(strconv.Itoa(value)),
		Period:          pulumi.Int(period),
		ContinuePeriod:  pulumi.Int(periods),
		NoticeFrequency: pulumi.Int(*a.RepeatIntervalSeconds),
		IsPowerNotice:   pulumi.Int(0),
		RuleType:        pulumi.String(staticRule),
	}
	if filter != nil {
		r.Filter = &monitor.AlarmPolicyConditionsRuleFilterArgs{Type: pulumi.String(filterByDimensions), Dimensions: filter}
	}
	return r
}

// dimension is one AlarmPolicyDimension of a rule's filter.
type dimension struct {
	Key      string   `json:"Key"`
	Operator string   `json:"Operator"`
	Value    []string `json:"Value"`
}

// clusterFilter selects the cluster in the provider's region: the filter
// is a two-dimensional array, its inner elements joined by AND.
func (a Args) clusterFilter(env tcenv.Env) pulumi.StringInput {
	return a.ClusterId.ToStringOutput().ApplyT(func(id string) (string, error) {
		b, err := json.Marshal([][]dimension{{
			{Key: "region", Operator: "eq", Value: []string{env.Region}},
			{Key: "tke_cluster_instance_id", Operator: "in", Value: []string{id}},
		}})
		return string(b), err
	}).(pulumi.StringOutput)
}

// listenerDimensions name each listener as clb_l7listener_internal does:
// the account's APPID, the protocol in lower case, the CLB's VPC, VIP and
// port.
func (a Args) listenerDimensions(env tcenv.Env) []pulumi.StringInput {
	var out []pulumi.StringInput
	for _, l := range a.Listeners {
		out = append(out, pulumi.All(a.Vip, a.VpcId).ApplyT(func(v []any) (string, error) {
			b, err := json.Marshal(map[string]string{
				"appid": env.AppId, "protocol": strings.ToLower(l.Protocol),
				"rule_vpcid": v[1].(string), "vip": v[0].(string), "vport": strconv.Itoa(l.Port),
			})
			return string(b), err
		}).(pulumi.StringOutput))
	}
	return out
}

// bucketDimensions name a bucket as COS's policy type does: the APPID and
// the bucket's full name.
func bucketDimensions(env tcenv.Env, bucket pulumi.StringInput) pulumi.StringInput {
	return bucket.ToStringOutput().ApplyT(func(b string) (string, error) {
		j, err := json.Marshal(map[string]string{"appid": env.AppId, "bucket": b})
		return string(j), err
	}).(pulumi.StringOutput)
}

// BackendDetection is how long the CLB policy takes to alarm on unhealthy
// backends: its period times the periods the condition must hold, and a
// period more for Cloud Monitor to collect the metric. A failover's
// recovery time starts with it.
const BackendDetection = time.Duration(periodMinute*(backendPeriods+1)) * time.Second
