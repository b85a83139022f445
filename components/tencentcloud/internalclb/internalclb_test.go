package internalclb

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/clb"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	clbType   = "tencentcloud:Clb/instance:Instance"
	setType   = "tencentcloud:Cls/logset:Logset"
	topicType = "tencentcloud:Cls/topic:Topic"
)

// required are the required arguments, completed by change.
func required(change func(a *Args)) *Args {
	a := &Args{
		VpcId:            pulumi.String("vpc-1"),
		SubnetId:         pulumi.String("subnet-1"),
		SecurityGroupIds: []pulumi.StringInput{pulumi.String("sg-clb")},
	}
	if change != nil {
		change(a)
	}
	return a
}

func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewLoadBalancer(ctx, "serving", args, opts...)
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
}

func TestDefaults(t *testing.T) {
	rec, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	comp, lb := rec.Find(Type, "serving"), rec.Find(clbType, "serving")
	if comp == nil || lb == nil || lb.Parent != comp.URN {
		t.Fatalf("want a %s with a CLB:\n%s", Type, rec)
	}
	if lb.Str("networkType") != "INTERNAL" || lb.Str("vpcId") != "vpc-1" || lb.Str("subnetId") != "subnet-1" || lb.Str("clbName") != "modelfort-serving" {
		t.Errorf("clb %v", lb.Inputs)
	}
	// The provider refuses zones on an INTERNAL CLB.
	if lb.Has("masterZoneId") || lb.Has("slaveZoneId") || lb.Has("zoneId") {
		t.Errorf("zones on an internal CLB: %v", lb.Inputs)
	}
	if !slices.Equal(lb.Strs("securityGroups"), []string{"sg-clb"}) || !lb.Bool("loadBalancerPassToTarget") {
		t.Errorf("security groups %v, pass to target %v", lb.Strs("securityGroups"), lb.Get("loadBalancerPassToTarget"))
	}
	set, topic := rec.Find(setType, "serving"), rec.Find(topicType, "serving")
	if set == nil || topic == nil || set.Str("logsetName") != "modelfort-serving-logs" || topic.Num("period") != 30 ||
		topic.Str("logsetId") != set.ID || topic.Str("topicName") != "modelfort-serving-access" {
		t.Fatalf("log set %v, topic %v", set, topic)
	}
	if lb.Str("logSetId") != set.ID || lb.Str("logTopicId") != topic.ID {
		t.Errorf("the CLB logs to %q/%q; want %s/%s", lb.Str("logSetId"), lb.Str("logTopicId"), set.ID, topic.ID)
	}
	if !lb.Protect || comp.Protect {
		t.Errorf("protect: clb %v (want true: the provider has no delete protection), component %v", lb.Protect, comp.Protect)
	}
	for _, r := range []*mocktest.Resource{set, topic} {
		if r.Protect {
			t.Errorf("%s is protected; only the CLB is", r.Name)
		}
	}
}

func TestOptions(t *testing.T) {
	var lb *LoadBalancer
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		lb, err = NewLoadBalancer(ctx, "serving", required(func(a *Args) {
			a.ClbName = "model_lb"
			a.LogSetId = pulumi.String("shared-set")
			a.AllowDeletion = true
			a.Tags = map[string]string{"team": "ml"}
			a.SecurityGroupIds = append(a.SecurityGroupIds, pulumi.String("sg-extra"))
		}))
		return err
	}, mocktest.Config("tencentcloud:region", "ap-guangzhou"))
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Find(clbType, "serving")
	if c.Str("clbName") != "model_lb" ||
		c.Str("logSetId") != "shared-set" || c.Str("tags.team") != "ml" || !slices.Equal(c.Strs("securityGroups"), []string{"sg-clb", "sg-extra"}) {
		t.Errorf("options did not reach the CLB: %v", c.Inputs)
	}
	if c.Protect {
		t.Error("AllowDeletion left the CLB protected")
	}
	if rec.Find(setType, "serving") != nil || rec.Find(topicType, "serving").Str("logsetId") != "shared-set" {
		t.Error("a dedicated log set besides LogSetId")
	}
	if lb.Region != "ap-guangzhou" {
		t.Errorf("region %q", lb.Region)
	}
}

func TestRejections(t *testing.T) {
	for _, tt := range []struct {
		args *Args
		want string
	}{
		{nil, "VpcId is nil"},
		{required(func(a *Args) { a.SubnetId = nil }), "SubnetId is nil"},
		{required(func(a *Args) { a.SecurityGroupIds = nil }), "SecurityGroupIds is empty"},
		{required(func(a *Args) { a.SecurityGroupIds = []pulumi.StringInput{nil} }), "SecurityGroupIds[0] is nil"},
		{required(func(a *Args) { a.ClbName = "a b" }), `ClbName is "a b"; allowed values are 1 to 60`},
		{required(func(a *Args) { a.LogRetentionDays = 367 }), "LogRetentionDays is 367; allowed values are 1 to 366"},
	} {
		rec, err := run(t, tt.args)
		if err == nil || !strings.Contains(err.Error(), "internalclb serving: "+tt.want) {
			t.Errorf("err = %v; want %q", err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%q: registered before failing:\n%s", tt.want, rec)
		}
	}
}

// TestResourceOptionsReachChildren passes protect and a provider: they
// reach every resource below the component, AllowDeletion or not.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		sh, err := tencentcloud.NewProvider(ctx, "sh", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		_, err = NewLoadBalancer(ctx, "serving", required(func(a *Args) { a.AllowDeletion = true }), pulumi.Provider(sh), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "serving"), mocktest.Reach{Region: "ap-shanghai", Protect: true}) {
		t.Error(p)
	}
	for _, typ := range []string{clbType, setType, topicType} {
		if rec.Find(typ, "serving") == nil {
			t.Errorf("no %s", typ)
		}
	}
}

// TestGapNoDeleteProtection shows that the provider's CLB has no delete
// protection: the component protects it in Pulumi instead. When a
// provider upgrade adds the field, this test fails: set it in
// LoadBalancer.
func TestGapNoDeleteProtection(t *testing.T) {
	for _, f := range []string{"DeleteProtect", "DeletionProtection"} {
		if _, ok := reflect.TypeOf(clb.InstanceArgs{}).FieldByName(f); ok {
			t.Errorf("clb.InstanceArgs now has %s: LoadBalancer should set it", f)
		}
	}
	rec, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Find(clbType, "serving")
	if !c.Protect || c.Has("deleteProtect") {
		t.Errorf("protect %v, inputs %v", c.Protect, c.Inputs)
	}
}

// TestGapNoTLSPolicy shows that provider v0.1.2 cannot set the TLS
// versions of an HTTPS listener (CLB's TLS security policy): listeners
// that TKE opens keep CLB's default. When a provider upgrade adds a
// field for it, this test fails: set TLS 1.2 or later there.
func TestGapNoTLSPolicy(t *testing.T) {
	for _, typ := range []any{clb.ListenerArgs{}, clb.ListenerRuleArgs{}, clb.InstanceArgs{}} {
		rt := reflect.TypeOf(typ)
		for i := 0; i < rt.NumField(); i++ {
			if f := strings.ToLower(rt.Field(i).Name); strings.Contains(f, "tls") || strings.Contains(f, "sslpolicy") || strings.Contains(f, "securitypolicy") {
				t.Errorf("%s now has %s: set TLS 1.2 or later", rt.Name(), rt.Field(i).Name)
			}
		}
	}
}
