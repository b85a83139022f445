package faultinjection

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	templateT   = "aws:fis/experimentTemplate:ExperimentTemplate"
	alarmT      = "aws:cloudwatch/metricAlarm:MetricAlarm"
	roleT       = "aws:iam/role:Role"
	rolePolicyT = "aws:iam/rolePolicy:RolePolicy"
	logGroupT   = "aws:cloudwatch/logGroup:LogGroup"
	keyT        = "aws:kms/key:Key"

	subnetA = "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0a1b2c3d4e5f60718"
	subnetB = "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0f1e2d3c4b5a69788"
	vpc     = "vpc-0123456789abcdef0"
)

// outage is a valid region outage of two subnets.
func outage() *RegionOutage {
	return &RegionOutage{SubnetArns: []pulumi.StringInput{pulumi.String(subnetA), pulumi.String(subnetB)}, VpcId: pulumi.String(vpc)}
}

func newExperiments(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewExperiments(ctx, "drill", args, opts...)
		return err
	})
}

// parts finds the template and what it refers to, by the inputs that
// refer to them (as FIS would), and fails when one is missing.
type parts struct {
	comp, template, alarm, role, rolePolicy, logGroup, key *mocktest.Resource
}

func find(t *testing.T, rec *mocktest.Recording) parts {
	t.Helper()
	p := parts{comp: rec.Find(Type, "drill"), template: rec.Find(templateT, "drill-region-outage")}
	if p.comp == nil || p.template == nil || p.template.Parent != p.comp.URN {
		t.Fatalf("want a %s with a child template:\n%s", Type, rec)
	}
	for _, r := range rec.OfType(roleT) {
		if r.Out("arn") == p.template.Str("roleArn") {
			p.role = r
		}
	}
	for _, r := range rec.OfType(rolePolicyT) {
		if p.role != nil && r.Str("role") == p.role.Out("name") {
			p.rolePolicy = r
		}
	}
	for _, r := range rec.OfType(alarmT) {
		if r.Out("arn") == p.template.Str("stopConditions[0].value") {
			p.alarm = r
		}
	}
	for _, r := range rec.OfType(logGroupT) {
		if r.Out("arn")+":*" == p.template.Str("logConfiguration.cloudwatchLogsConfiguration.logGroupArn") {
			p.logGroup = r
		}
	}
	for _, r := range rec.OfType(keyT) {
		if p.logGroup != nil && r.Out("arn") == p.logGroup.Str("kmsKeyId") {
			p.key = r
		}
	}
	if p.role == nil || p.rolePolicy == nil || p.alarm == nil || p.logGroup == nil {
		t.Fatalf("the template's role %v, policy %v, stop alarm %v or log group %v was not found:\n%s", p.role != nil, p.rolePolicy != nil, p.alarm != nil, p.logGroup != nil, rec)
	}
	return p
}

func TestDefaults(t *testing.T) {
	rec, err := newExperiments(t, &Args{RegionOutage: outage()})
	if err != nil {
		t.Fatal(err)
	}
	p := find(t, rec)
	tpl := p.template

	// The template: what it does, to what, how long, until when.
	if d := tpl.Str("description"); !strings.Contains(d, "region outage") || !strings.Contains(d, "PT10M") || !strings.Contains(d, ActionDisruptConnectivity) || len(d) > 512 {
		t.Errorf("description %q", d)
	}
	if tpl.Str("tags.Name") != "drill-region-outage" || tpl.Str(`tags["modelfort:drill"]`) != "region-outage" {
		t.Errorf("tags %v", tpl.Get("tags"))
	}
	if tpl.Str("experimentOptions.accountTargeting") != "single-account" || tpl.Str("experimentOptions.emptyTargetResolutionMode") != "fail" {
		t.Errorf("experiment options %v", tpl.Get("experimentOptions"))
	}
	if n := len(tpl.Get("actions").ArrayValue()); n != 1 {
		t.Fatalf("%d actions", n)
	}
	if tpl.Str("actions[0].actionId") != "aws:network:disrupt-connectivity" || tpl.Str("actions[0].target.key") != "Subnets" ||
		tpl.Str("actions[0].parameters[0].key") != "duration" || tpl.Str("actions[0].parameters[0].value") != "PT10M" ||
		tpl.Str("actions[0].parameters[1].key") != "scope" || tpl.Str("actions[0].parameters[1].value") != "all" {
		t.Errorf("action %v", tpl.Get("actions[0]"))
	}
	// The subnets are the target, all of them, by ARN.
	if n := len(tpl.Get("targets").ArrayValue()); n != 1 || tpl.Str("actions[0].target.value") != tpl.Str("targets[0].name") {
		t.Fatalf("the action's target %q is not the template's one target %v", tpl.Str("actions[0].target.value"), tpl.Get("targets"))
	}
	if tpl.Str("targets[0].resourceType") != "aws:ec2:subnet" || tpl.Str("targets[0].selectionMode") != "ALL" ||
		!slices.Equal(tpl.Strs("targets[0].resourceArns"), []string{subnetA, subnetB}) || tpl.Has("targets[0].resourceTags") {
		t.Errorf("target %v", tpl.Get("targets[0]"))
	}

	// template -> stop alarm: the only stop condition, on the stop metric.
	if n := len(tpl.Get("stopConditions").ArrayValue()); n != 1 || tpl.Str("stopConditions[0].source") != "aws:cloudwatch:alarm" {
		t.Errorf("stop conditions %v", tpl.Get("stopConditions"))
	}
	a := p.alarm
	if a.Name != "drill-stop" || a.Parent != p.comp.URN || a.Str("namespace") != StopMetricNamespace || a.Str("metricName") != StopMetricName ||
		a.Str("dimensions.Experiment") != "modelfort.test.drill" || len(a.Get("dimensions").ObjectValue()) != 1 ||
		a.Str("statistic") != "Maximum" || a.Num("period") != 60 || a.Num("evaluationPeriods") != 1 || a.Num("datapointsToAlarm") != 1 ||
		a.Num("threshold") != 1 || a.Str("comparisonOperator") != "GreaterThanOrEqualToThreshold" || a.Str("treatMissingData") != "notBreaching" {
		t.Errorf("stop alarm %v", a.Inputs)
	}
	if a.Has("alarmActions") || a.Has("okActions") {
		t.Errorf("the stop alarm notifies without a topic: %v", a.Inputs)
	}
	if StopMetricNamespace != "modelfort/Drills" || StopMetricName != "StopRequested" || StopMetricDimension != "Experiment" {
		t.Error("the stop metric's names are a contract with the drill command")
	}

	// template -> role -> policy.
	checkRole(t, p, []string{subnetA, subnetB})
	if !slices.Contains(tpl.Dependencies, p.rolePolicy.URN) {
		t.Errorf("the template must wait for the role's policy: %v", tpl.Dependencies)
	}

	// template -> log group -> key.
	if tpl.Num("logConfiguration.logSchemaVersion") != 2 {
		t.Errorf("log schema %v", tpl.Get("logConfiguration"))
	}
	if p.logGroup.Num("retentionInDays") != DefaultLogRetentionDays || p.key == nil || p.logGroup.Parent != p.comp.URN {
		t.Fatalf("log group %v, key %v", p.logGroup.Inputs, p.key)
	}
	kp, err := p.key.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	logs := false
	for _, s := range kp.Statement {
		logs = logs || slices.Contains(s.Principal["Service"], "logs.us-east-1.amazonaws.com")
	}
	if !logs || rec.Find(kmskey.Type, "drill-log") == nil {
		t.Errorf("the log key must be the component's own, usable by CloudWatch Logs: %+v", kp)
	}
	if alias := rec.Find("aws:kms/alias:Alias", "drill-log"); alias.Str("name") != "alias/modelfort/test/faultinjection/drill-log" {
		t.Errorf("key alias %q", alias.Str("name"))
	}
}

// checkRole follows the template's role: FIS of this account alone may
// assume it, and its one inline policy holds what the action and the
// logging need and nothing else.
func checkRole(t *testing.T, p parts, subnets []string) {
	t.Helper()
	trust, err := p.role.Policy("assumeRolePolicy")
	if err != nil {
		t.Fatal(err)
	}
	if len(trust.Statement) != 1 {
		t.Fatalf("trust %+v", trust)
	}
	s := trust.Statement[0]
	if s.Effect != "Allow" || !slices.Equal(s.Principal["Service"], []string{"fis.amazonaws.com"}) || len(s.Principal) != 1 ||
		!slices.Equal(s.Action, []string{"sts:AssumeRole"}) ||
		!slices.Equal(s.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) ||
		!slices.Equal(s.Values("ArnLike", "aws:SourceArn"), []string{"arn:aws:fis:us-east-1:123456789012:experiment/*"}) {
		t.Errorf("trust %+v", s)
	}
	pol, err := p.rolePolicy.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	acl := "arn:aws:ec2:us-east-1:123456789012:network-acl/*"
	vpcArn := "arn:aws:ec2:us-east-1:123456789012:vpc/" + vpc
	want := map[string]struct {
		actions, resources []string
		conditions         map[string]map[string][]string
	}{
		SidDescribeNetwork:       {[]string{"ec2:DescribeManagedPrefixLists", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs"}, []string{"*"}, nil},
		SidCreateNetworkAclInVpc: {[]string{"ec2:CreateNetworkAcl"}, []string{vpcArn}, nil},
		SidCreateFISNetworkAcl: {[]string{"ec2:CreateNetworkAcl"}, []string{acl},
			map[string]map[string][]string{"StringEquals": {"aws:RequestTag/managedByFIS": {"true"}}}},
		SidTagFISNetworkAclOnCreate: {[]string{"ec2:CreateTags"}, []string{acl},
			map[string]map[string][]string{"StringEquals": {"aws:RequestTag/managedByFIS": {"true"}, "ec2:CreateAction": {"CreateNetworkAcl"}}}},
		SidChangeFISNetworkAcl: {[]string{"ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"}, []string{acl, vpcArn},
			map[string]map[string][]string{"StringEquals": {"ec2:ResourceTag/managedByFIS": {"true"}}}},
		SidSwapSubnetNetworkAcl:   {[]string{"ec2:ReplaceNetworkAclAssociation"}, append(slices.Clone(subnets), acl), nil},
		SidReadPrefixLists:        {[]string{"ec2:GetManagedPrefixListEntries"}, []string{"arn:aws:ec2:us-east-1:*:prefix-list/*"}, nil},
		SidCreateLogDelivery:      {[]string{"logs:CreateLogDelivery"}, []string{"*"}, nil},
		SidLogGroupResourcePolicy: {[]string{"logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:PutResourcePolicy"}, []string{"arn:aws:logs:us-east-1:123456789012:log-group:*"}, nil},
	}
	if len(pol.Statement) != len(want) {
		t.Errorf("policy statements %v; want %d", pol.Sids(), len(want))
	}
	var actions []string
	for _, st := range pol.Statement {
		w, ok := want[st.Sid]
		if !ok {
			t.Errorf("unexpected statement %+v", st)
			continue
		}
		got := slices.Sorted(slices.Values(st.Resource))
		if st.Effect != "Allow" || !slices.Equal(st.Action, w.actions) || !slices.Equal(got, slices.Sorted(slices.Values(w.resources))) || len(st.NotAction)+len(st.NotResource) != 0 {
			t.Errorf("%s: %+v", st.Sid, st)
		}
		if len(st.Condition) != len(w.conditions) {
			t.Errorf("%s: conditions %v; want %v", st.Sid, st.Condition, w.conditions)
		}
		for op, keys := range w.conditions {
			for k, v := range keys {
				if !slices.Equal(st.Values(op, k), v) {
					t.Errorf("%s: %s %s = %v; want %v", st.Sid, op, k, st.Values(op, k), v)
				}
			}
		}
		actions = append(actions, st.Action...)
	}
	// Exactly the action's permissions (FIS actions reference) and
	// experiment logging's.
	slices.Sort(actions)
	actions = slices.Compact(actions)
	if !slices.Equal(actions, []string{
		"ec2:CreateNetworkAcl", "ec2:CreateNetworkAclEntry", "ec2:CreateTags", "ec2:DeleteNetworkAcl", "ec2:DescribeManagedPrefixLists",
		"ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:GetManagedPrefixListEntries", "ec2:ReplaceNetworkAclAssociation",
		"logs:CreateLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:PutResourcePolicy",
	}) {
		t.Errorf("actions %v", actions)
	}
}

func TestOptions(t *testing.T) {
	given := []string{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:serving-5xx", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:failover-unhealthy"}
	rec, err := newExperiments(t, &Args{
		RegionOutage: &RegionOutage{
			SubnetArns: []pulumi.StringInput{pulumi.String(subnetA)},
			VpcId:      pulumi.String(vpc),
			Duration:   90 * time.Minute,
		},
		StopAlarmArns:    []pulumi.StringInput{pulumi.String(given[0]), pulumi.String(given[1])},
		AlarmTopicArn:    pulumi.String("arn:aws:sns:us-east-1:123456789012:oncall"),
		LogRetentionDays: 30,
		KMSKeyArn:        pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
		Tags:             map[string]string{"team": "sre", "Name": "ignored"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tpl := rec.Find(templateT, "drill-region-outage")
	if tpl.Str("actions[0].parameters[0].value") != "PT1H30M" || !slices.Equal(tpl.Strs("targets[0].resourceArns"), []string{subnetA}) {
		t.Errorf("template %v", tpl.Inputs)
	}
	stop := rec.Find(alarmT, "drill-stop")
	var values []string
	for i := range len(tpl.Get("stopConditions").ArrayValue()) {
		if tpl.Str(fmt.Sprintf("stopConditions[%d].source", i)) != "aws:cloudwatch:alarm" {
			t.Errorf("stop condition %d: %v", i, tpl.Get("stopConditions"))
		}
		values = append(values, tpl.Str(fmt.Sprintf("stopConditions[%d].value", i)))
	}
	if !slices.Equal(values, append([]string{stop.Out("arn")}, given...)) {
		t.Errorf("stop conditions %v", values)
	}
	if !slices.Equal(stop.Strs("alarmActions"), []string{"arn:aws:sns:us-east-1:123456789012:oncall"}) || !slices.Equal(stop.Strs("okActions"), stop.Strs("alarmActions")) {
		t.Errorf("stop alarm actions %v", stop.Inputs)
	}
	lg := rec.Find(logGroupT, "drill")
	if lg.Num("retentionInDays") != 30 || lg.Str("kmsKeyId") != "arn:aws:kms:us-east-1:123456789012:key/given" || len(rec.OfType(keyT)) != 0 {
		t.Errorf("log group %v; keys %d", lg.Inputs, len(rec.OfType(keyT)))
	}
	for _, r := range []*mocktest.Resource{tpl, stop, lg, rec.Find(roleT, "drill")} {
		if r.Str("tags.team") != "sre" || r.Str("tags.Name") == "ignored" {
			t.Errorf("%s: tags %v", r.URN, r.Get("tags"))
		}
	}
	p := find(t, rec)
	checkRole(t, p, []string{subnetA})
}

type testVpc struct {
	vpc    *ec2.Vpc
	subnet *ec2.Subnet
}

// newVpc is a VPC "v" with one subnet "a".
func newVpc(ctx *pulumi.Context) (testVpc, error) {
	v, err := ec2.NewVpc(ctx, "v", &ec2.VpcArgs{CidrBlock: pulumi.String("10.10.0.0/16")})
	if err != nil {
		return testVpc{}, err
	}
	s, err := ec2.NewSubnet(ctx, "a", &ec2.SubnetArgs{VpcId: v.ID(), CidrBlock: pulumi.String("10.10.0.0/24"), AvailabilityZone: pulumi.String("us-east-1a")})
	return testVpc{v, s}, err
}

// TestSubnetsFromOutputs: subnets and VPC that are outputs of other
// resources (a privatevpc.Vpc, say) reach the target and the policy.
func TestSubnetsFromOutputs(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		v, err := newVpc(ctx)
		if err != nil {
			return err
		}
		_, err = NewExperiments(ctx, "drill", &Args{RegionOutage: &RegionOutage{
			SubnetArns: []pulumi.StringInput{v.subnet.Arn},
			VpcId:      v.vpc.ID().ToStringOutput(),
		}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	subnet := rec.Find("aws:ec2/subnet:Subnet", "a")
	p := find(t, rec)
	if !slices.Equal(p.template.Strs("targets[0].resourceArns"), []string{subnet.Out("arn")}) {
		t.Errorf("target %v; want the subnet %s", p.template.Get("targets[0]"), subnet.Out("arn"))
	}
	pol, _ := p.rolePolicy.Policy("policy")
	if s := pol.Find(SidSwapSubnetNetworkAcl); s == nil || !slices.Contains(s.Resource, subnet.Out("arn")) {
		t.Errorf("swap statement %+v", s)
	}
	if s := pol.Find(SidCreateNetworkAclInVpc); s == nil || !slices.Equal(s.Resource, []string{"arn:aws:ec2:us-east-1:123456789012:vpc/" + rec.Find("aws:ec2/vpc:Vpc", "v").ID}) {
		t.Errorf("create statement %+v", s)
	}
}

func TestRejections(t *testing.T) {
	sub := func(s ...string) []pulumi.StringInput {
		var out []pulumi.StringInput
		for _, x := range s {
			out = append(out, pulumi.String(x))
		}
		return out
	}
	with := func(change func(a *Args)) *Args {
		a := &Args{RegionOutage: outage()}
		change(a)
		return a
	}
	six := sub(subnetA, subnetA, subnetA, subnetA, subnetA, subnetA)
	alarm := "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"nil args", nil, "RegionOutage is required"},
		{"no region outage", &Args{}, "RegionOutage is required"},
		{"no subnets", with(func(a *Args) { a.RegionOutage.SubnetArns = nil }), "RegionOutage.SubnetArns holds 0 subnets; allowed values are 1 to 5 subnet ARNs"},
		{"six subnets", with(func(a *Args) { a.RegionOutage.SubnetArns = six }), "RegionOutage.SubnetArns holds 6 subnets; allowed values are 1 to 5"},
		{"nil subnet", with(func(a *Args) { a.RegionOutage.SubnetArns = []pulumi.StringInput{nil} }), "RegionOutage.SubnetArns[0] is nil"},
		{"subnet ID, not ARN", with(func(a *Args) { a.RegionOutage.SubnetArns = sub("subnet-0a1b2c3d") }), `RegionOutage.SubnetArns[0] "subnet-0a1b2c3d" is not a subnet ARN`},
		{"subnet of the DR region", with(func(a *Args) {
			a.RegionOutage.SubnetArns = sub("arn:aws:ec2:us-west-2:123456789012:subnet/subnet-0a1b")
		}), `RegionOutage.SubnetArns[0] "arn:aws:ec2:us-west-2:123456789012:subnet/subnet-0a1b" is in us-west-2, account 123456789012; it must be in the experiment's region and account, us-east-1 and 123456789012`},
		{"subnet of another account", with(func(a *Args) {
			a.RegionOutage.SubnetArns = sub("arn:aws:ec2:us-east-1:210987654321:subnet/subnet-0a1b")
		}), `RegionOutage.SubnetArns[0] "arn:aws:ec2:us-east-1:210987654321:subnet/subnet-0a1b" is in us-east-1, account 210987654321`},
		{"no VPC", with(func(a *Args) { a.RegionOutage.VpcId = nil }), "RegionOutage.VpcId is required"},
		{"bad VPC", with(func(a *Args) { a.RegionOutage.VpcId = pulumi.String("primary") }), `RegionOutage.VpcId "primary" is not a VPC ID`},
		{"too short", with(func(a *Args) { a.RegionOutage.Duration = 30 * time.Second }), "RegionOutage.Duration is 30s; allowed values are 1m0s to 12h0m0s in whole seconds (0 means 10m0s)"},
		{"too long", with(func(a *Args) { a.RegionOutage.Duration = 13 * time.Hour }), "RegionOutage.Duration is 13h0m0s; allowed values"},
		{"negative", with(func(a *Args) { a.RegionOutage.Duration = -time.Minute }), "RegionOutage.Duration is -1m0s"},
		{"fraction of a second", with(func(a *Args) { a.RegionOutage.Duration = 90*time.Second + time.Millisecond }), "RegionOutage.Duration is 1m30.001s"},
		{"five alarms", with(func(a *Args) { a.StopAlarmArns = sub(alarm, alarm, alarm, alarm, alarm) }), "StopAlarmArns holds 5 alarms; allowed values are 0 to 4"},
		{"nil alarm", with(func(a *Args) { a.StopAlarmArns = []pulumi.StringInput{nil} }), "StopAlarmArns[0] is nil"},
		{"alarm name, not ARN", with(func(a *Args) { a.StopAlarmArns = sub("serving-5xx") }), `StopAlarmArns[0] "serving-5xx" is not a CloudWatch alarm ARN`},
		{"alarm of the DR region", with(func(a *Args) {
			a.StopAlarmArns = sub("arn:aws:cloudwatch:us-west-2:123456789012:alarm:a")
		}), `StopAlarmArns[0] "arn:aws:cloudwatch:us-west-2:123456789012:alarm:a" is in us-west-2`},
		{"topic name", with(func(a *Args) { a.AlarmTopicArn = pulumi.String("oncall") }), `AlarmTopicArn "oncall" is not an SNS topic ARN`},
		{"topic of the DR region", with(func(a *Args) { a.AlarmTopicArn = pulumi.String("arn:aws:sns:us-west-2:123456789012:oncall") }), "AlarmTopicArn \"arn:aws:sns:us-west-2:123456789012:oncall\" is in us-west-2"},
		{"retention", with(func(a *Args) { a.LogRetentionDays = 2 }), "LogRetentionDays is 2; allowed values are [1 3 5 7 14"},
		{"key alias", with(func(a *Args) { a.KMSKeyArn = pulumi.String("alias/drills") }), `KMSKeyArn "alias/drills" is not a KMS key ARN`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newExperiments(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "faultinjection drill: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "faultinjection drill: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

// TestValidate: Validate fills in the defaults, on a copy of the
// caller's RegionOutage.
func TestValidate(t *testing.T) {
	ro := outage()
	a := Args{RegionOutage: ro}
	if err := a.Validate("drill"); err != nil {
		t.Fatal(err)
	}
	if a.RegionOutage.Duration != DefaultDuration || a.LogRetentionDays != DefaultLogRetentionDays || ro.Duration != 0 {
		t.Errorf("defaults: %+v, %+v; the caller's: %+v", a, a.RegionOutage, ro)
	}
}

func TestISO8601(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Minute: "PT1M", 10 * time.Minute: "PT10M", 90 * time.Minute: "PT1H30M", 12 * time.Hour: "PT12H",
		61 * time.Second: "PT1M1S", time.Hour + time.Second: "PT1H1S", 0: "PT0S",
	} {
		if got := ISO8601(d); got != want {
			t.Errorf("ISO8601(%v) = %s; want %s", d, got, want)
		}
	}
}

// TestPassesThePolicyPack: the policy pack passes the experiments in dev,
// and in prod once protected (the key and the log group are stateful),
// when the stop alarm notifies a topic; without one, the pack says that
// nobody hears the stop alarm, and nothing else.
func TestPassesThePolicyPack(t *testing.T) {
	const oncall = "arn:aws:sns:us-east-1:123456789012:oncall"
	rec, err := newExperiments(t, &Args{RegionOutage: outage(), AlarmTopicArn: pulumi.String(oncall)})
	if err != nil {
		t.Fatal(err)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()); len(vs) != 0 {
		t.Errorf("dev:\n%s", rules.Table(vs))
	}
	if rec, err = newExperiments(t, &Args{RegionOutage: outage(), AlarmTopicArn: pulumi.String(oncall)}, pulumi.Protect(true)); err != nil {
		t.Fatal(err)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "prod"), rules.All()); len(vs) != 0 {
		t.Errorf("prod:\n%s", rules.Table(vs))
	}
	if rec, err = newExperiments(t, &Args{RegionOutage: outage()}); err != nil {
		t.Fatal(err)
	}
	vs := rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All())
	if len(vs) != 1 || vs[0].RuleID != "alarm-notifies-subscribers" || !strings.HasSuffix(vs[0].URN, "::drill-stop") {
		t.Errorf("a stop alarm that notifies nobody:\n%s", rules.Table(vs))
	}
}

// TestResourceOptionsReachChildren passes protect and a provider to the
// component: every resource below it must carry them, and the role's
// policy and the trust name the provider's region.
func TestResourceOptionsReachChildren(t *testing.T) {
	var e *Experiments
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		e, err = NewExperiments(ctx, "drill", &Args{RegionOutage: &RegionOutage{
			SubnetArns: []pulumi.StringInput{pulumi.String("arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0a1b")},
			VpcId:      pulumi.String(vpc),
		}}, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "drill"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(p)
	}
	if e.Region != "eu-west-1" || e.Duration != "PT10M" || e.StopMetricDimensionValue != "modelfort.test.drill" {
		t.Errorf("experiments %s, %s, %s", e.Region, e.Duration, e.StopMetricDimensionValue)
	}
	trust, _ := rec.Find(roleT, "drill").Policy("assumeRolePolicy")
	if got := trust.Statement[0].Values("ArnLike", "aws:SourceArn"); !slices.Equal(got, []string{"arn:aws:fis:eu-west-1:123456789012:experiment/*"}) {
		t.Errorf("trust source %v", got)
	}
	if !strings.HasPrefix(rec.Find(alarmT, "drill-stop").Out("arn"), "arn:aws:cloudwatch:eu-west-1:") {
		t.Error("the stop alarm is not in the experiment's region")
	}
}

// TestPreview: during a preview the role, alarm and log group ARNs are
// not known yet; neither the offline cloud's FIS rules (which mocktest
// applies) nor the pack's fault-injection rules say anything of them.
func TestPreview(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewExperiments(ctx, "drill", &Args{RegionOutage: outage()})
		return err
	}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(templateT, "drill-region-outage") == nil {
		t.Fatalf("no template in the preview:\n%s", rec)
	}
	// The fault-injection rules (others, such as log-group-kms-retention,
	// read values a preview under mocks drops).
	var fis []rules.Rule
	for _, r := range rules.All() {
		if strings.HasPrefix(r.ID, "fis-") {
			fis = append(fis, r)
		}
	}
	if len(fis) != 2 {
		t.Fatalf("fault-injection rules %v", fis)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "dev"), fis); len(vs) != 0 {
		t.Errorf("the fault-injection rules in a preview:\n%s", rules.Table(vs))
	}
}

// TestOutputs reads the outputs as a dependent resource would: through
// the inputs of a parameter that carries them.
func TestOutputs(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		e, err := NewExperiments(ctx, "drill", &Args{RegionOutage: outage()})
		if err != nil {
			return err
		}
		_, err = ssm.NewParameter(ctx, "outputs", &ssm.ParameterArgs{
			Type: pulumi.String("StringList"),
			Value: pulumi.Sprintf("%s,%s,%s,%s,%s,%s,%s", e.RegionOutageTemplateId, e.RegionOutageTemplateArn, e.StopAlarmName,
				e.StopAlarmArn, e.RoleArn, e.LogGroupName, e.KMSKeyArn),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := find(t, rec)
	got := strings.Split(rec.Find("aws:ssm/parameter:Parameter", "outputs").Str("value"), ",")
	want := []string{p.template.ID, "arn:aws:fis:us-east-1:123456789012:experiment-template/" + p.template.ID, p.alarm.Out("name"),
		p.alarm.Out("arn"), p.role.Out("arn"), p.logGroup.Out("name"), p.key.Out("arn")}
	if !slices.Equal(got, want) {
		t.Errorf("outputs %v; want %v", got, want)
	}
	if !strings.HasPrefix(p.template.ID, "EXT") || !strings.HasPrefix(p.alarm.Out("name"), "drill-stop-") {
		t.Errorf("template %s, alarm %s", p.template.ID, p.alarm.Out("name"))
	}
}
