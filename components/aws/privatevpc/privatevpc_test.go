package privatevpc

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/securitygroups"
	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	vpcT        = "aws:ec2/vpc:Vpc"
	subnetT     = "aws:ec2/subnet:Subnet"
	routeTableT = "aws:ec2/routeTable:RouteTable"
	assocT      = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	routeT      = "aws:ec2/route:Route"
	igwT        = "aws:ec2/internetGateway:InternetGateway"
	natT        = "aws:ec2/natGateway:NatGateway"
	eipT        = "aws:ec2/eip:Eip"
	defaultSgT  = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	defaultAclT = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
	flowLogT    = "aws:ec2/flowLog:FlowLog"
	endpointT   = "aws:ec2/vpcEndpoint:VpcEndpoint"
	sgT         = "aws:ec2/securityGroup:SecurityGroup"
	ingressT    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressT     = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	logGroupT   = "aws:cloudwatch/logGroup:LogGroup"
	keyT        = "aws:kms/key:Key"
	roleT       = "aws:iam/role:Role"
	rolePolicyT = "aws:iam/rolePolicy:RolePolicy"
)

// outputs are the resolved values of a Vpc's outputs.
type outputs struct {
	subnets, zones, zoneIDs, routeTables, nats []string
	endpoints, tiers                           map[string]string
	s3Endpoint, s3PrefixList, endpointSG, tier string
	flowLogGroup, flowLogKey                   string
}

func run(t *testing.T, args *Args, opts ...mocktest.Option) (*mocktest.Recording, *Vpc, *outputs, error) {
	t.Helper()
	var v *Vpc
	out := &outputs{}
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		if v, err = NewVpc(ctx, "net", args); err != nil {
			return err
		}
		collect(v, out)
		return nil
	}, opts...)
	return rec, v, out, err
}

// collect resolves v's outputs into out.
func collect(v *Vpc, out *outputs) {
	for dst, src := range map[*[]string]pulumi.StringArrayOutput{
		&out.subnets: v.PrivateSubnetIds, &out.zones: v.AvailabilityZones, &out.zoneIDs: v.AvailabilityZoneIds,
		&out.routeTables: v.PrivateRouteTableIds, &out.nats: v.NatGatewayIds,
	} {
		src.ApplyT(func(xs []string) error { *dst = xs; return nil })
	}
	for dst, src := range map[*map[string]string]pulumi.StringMapOutput{&out.endpoints: v.VpcEndpointIds, &out.tiers: v.TierSecurityGroupIds} {
		src.ApplyT(func(m map[string]string) error { *dst = m; return nil })
	}
	for dst, src := range map[*string]pulumi.StringOutput{
		&out.s3Endpoint: v.S3EndpointId, &out.s3PrefixList: v.S3PrefixListId, &out.endpointSG: v.VpcEndpointSecurityGroupId,
		&out.tier: v.EndpointTierSecurityGroupId, &out.flowLogGroup: v.FlowLogGroupName, &out.flowLogKey: v.FlowLogKMSKeyArn,
	} {
		src.ApplyT(func(s string) error { *dst = s; return nil })
	}
}

func ids(rs []*mocktest.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// aclRule is one network ACL rule.
type aclRule struct {
	ruleNo           int
	action, protocol string
	cidr             string
	from, to         int
}

func aclRules(r *mocktest.Resource, field string) []aclRule {
	var out []aclRule
	for i := range r.Get(field).ArrayValue() {
		p := fmt.Sprintf("%s[%d].", field, i)
		out = append(out, aclRule{int(r.Num(p + "ruleNo")), r.Str(p + "action"), r.Str(p + "protocol"), r.Str(p + "cidrBlock"), int(r.Num(p + "fromPort")), int(r.Num(p + "toPort"))})
	}
	return out
}

func TestDefaults(t *testing.T) {
	rec, v, out, err := run(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp, vpc := rec.Find(Type, "net"), rec.Find(vpcT, "net")
	if comp == nil || vpc == nil || vpc.Parent != comp.URN {
		t.Fatalf("want a %s with a VPC:\n%s", Type, rec)
	}
	if vpc.Str("cidrBlock") != "10.0.0.0/16" || !vpc.Bool("enableDnsSupport") || !vpc.Bool("enableDnsHostnames") || vpc.Bool("assignGeneratedIpv6CidrBlock") {
		t.Errorf("vpc: %v", vpc.Inputs)
	}

	// Three private subnets, one per zone of the region, with their own
	// route tables; nothing public.
	wantZones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	wantCidrs := []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"}
	var subnets []*mocktest.Resource // in zone order (registration order varies)
	for _, z := range wantZones {
		subnets = append(subnets, rec.Find(subnetT, "net-private-"+z))
	}
	if len(rec.OfType(subnetT)) != 3 || slices.Contains(subnets, nil) || !slices.Equal(v.Zones, wantZones) || !slices.Equal(v.PrivateSubnetCidrs, wantCidrs) || len(v.NatSubnetCidrs) != 0 {
		t.Fatalf("subnets %d, zones %v, cidrs %v", len(subnets), v.Zones, v.PrivateSubnetCidrs)
	}
	for i, s := range subnets {
		if s.Name != "net-private-"+wantZones[i] || s.Str("vpcId") != vpc.ID || s.Str("availabilityZone") != wantZones[i] ||
			s.Str("cidrBlock") != wantCidrs[i] || !s.Has("mapPublicIpOnLaunch") || s.Bool("mapPublicIpOnLaunch") {
			t.Errorf("subnet %s: %v", s.Name, s.Inputs)
		}
		rt, assoc := rec.Find(routeTableT, s.Name), rec.Find(assocT, s.Name)
		if rt == nil || rt.Has("routes") || assoc.Str("subnetId") != s.ID || assoc.Str("routeTableId") != rt.ID {
			t.Errorf("route table of %s: %v, %v", s.Name, rt, assoc)
		}
	}
	for _, typ := range []string{igwT, natT, eipT, routeT} {
		if n := len(rec.OfType(typ)); n != 0 {
			t.Errorf("%d %s without InternetEgress", n, typ)
		}
	}
	if !slices.Equal(out.subnets, ids(subnets)) || !slices.Equal(out.zones, wantZones) ||
		!slices.Equal(out.zoneIDs, []string{"use1-az1", "use1-az2", "use1-az3"}) || len(out.routeTables) != 3 || len(out.nats) != 0 {
		t.Errorf("outputs: subnets %v, zones %v %v, route tables %v, nats %v", out.subnets, out.zones, out.zoneIDs, out.routeTables, out.nats)
	}

	if sg := rec.Find(defaultSgT, "net-default"); sg == nil || sg.Str("vpcId") != vpc.ID || sg.Has("ingress") || sg.Has("egress") {
		t.Errorf("the default security group must be managed with no rules: %v", sg)
	}
	acl := rec.Find(defaultAclT, "net-default")
	if acl == nil || acl.Str("defaultNetworkAclId") != vpc.Out("defaultNetworkAclId") || !slices.Equal(acl.Strs("subnetIds"), ids(subnets)) {
		t.Fatalf("the default network ACL must be managed, with the subnets: %v", acl)
	}
	for _, r := range aclRules(acl, "ingress") {
		if r.cidr != "10.0.0.0/16" && r.action == "allow" && (r.protocol == "-1" || r.from <= 22 && r.to >= 22 || r.from <= 3389 && r.to >= 3389) {
			t.Errorf("the network ACL admits remote administration from outside the VPC: %+v", r)
		}
	}
	for _, r := range aclRules(acl, "egress") {
		if r.cidr != "10.0.0.0/16" && r.action == "allow" && (r.protocol != "tcp" || r.from != 443 || r.to != 443) {
			t.Errorf("the network ACL lets more than HTTPS leave the VPC: %+v", r)
		}
	}
	if len(aclRules(acl, "ingress")) != 3 || len(aclRules(acl, "egress")) != 2 {
		t.Errorf("network ACL: %v", acl.Inputs)
	}

	// Flow logs of all traffic to an encrypted log group, through a role
	// that may only write there.
	fl, lg, key := rec.Find(flowLogT, "net"), rec.Find(logGroupT, "net-flow-logs"), rec.Find(keyT, "net-flow-logs")
	role, rp := rec.Find(roleT, "net-flow-logs"), rec.Find(rolePolicyT, "net-flow-logs")
	if fl == nil || lg == nil || key == nil || role == nil || rp == nil {
		t.Fatalf("flow logs:\n%s", rec)
	}
	if fl.Str("vpcId") != vpc.ID || fl.Str("trafficType") != "ALL" || fl.Str("logDestinationType") != "cloud-watch-logs" ||
		fl.Str("logDestination") != lg.Out("arn") || fl.Str("iamRoleArn") != role.Out("arn") || fl.Num("maxAggregationInterval") != 60 ||
		!slices.Contains(fl.Dependencies, rp.URN) {
		t.Errorf("flow log: %v", fl.Inputs)
	}
	if lg.Str("kmsKeyId") != key.Out("arn") || lg.Num("retentionInDays") != 365 || out.flowLogKey != key.Out("arn") || out.flowLogGroup != lg.ID {
		t.Errorf("log group: %v", lg.Inputs)
	}
	if kp, _ := key.Policy("policy"); kp.Find("CloudWatchLogsUsesKeyForThisAccount") == nil {
		t.Error("the flow-log key must be usable by CloudWatch Logs")
	}
	trust, _ := role.Policy("assumeRolePolicy")
	if s := trust.Statement[0]; len(trust.Statement) != 1 || !slices.Equal(s.Principal["Service"], []string{"vpc-flow-logs.amazonaws.com"}) ||
		!slices.Equal(s.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) ||
		!slices.Equal(s.Values("ArnLike", "aws:SourceArn"), []string{"arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"}) {
		t.Errorf("flow-log role trust: %+v", trust.Statement)
	}
	p, _ := rp.Policy("policy")
	if w := p.Find("WriteFlowLogs"); len(p.Statement) != 2 || w == nil || !slices.Equal(w.Action, []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"}) ||
		!slices.Equal(w.Resource, []string{lg.Out("arn"), lg.Out("arn") + ":log-stream:*"}) {
		t.Errorf("flow-log role policy: %+v", p.Statement)
	}
	if f := p.Find("FindFlowLogGroup"); f == nil || !slices.Equal(f.Action, []string{"logs:DescribeLogGroups"}) ||
		!slices.Equal(f.Resource, []string{"arn:aws:logs:us-east-1:123456789012:log-group:*"}) || p.Allows("logs:CreateLogGroup") {
		t.Errorf("flow-log role policy: %+v", p.Statement)
	}

	// Endpoints: S3 gateway on the private route tables, interface
	// endpoints with private DNS in the private subnets, behind the
	// vpc-endpoints tier.
	s3 := rec.Find(endpointT, "net-s3")
	if s3 == nil || s3.Str("vpcEndpointType") != "Gateway" || s3.Str("serviceName") != "com.amazonaws.us-east-1.s3" ||
		!slices.Equal(s3.Strs("routeTableIds"), out.routeTables) || s3.Has("policy") {
		t.Fatalf("S3 gateway endpoint: %v", s3)
	}
	epSG, tierSG := rec.Find(sgT, "net-vpc-endpoints"), rec.Find(sgT, "net-endpoint")
	if epSG == nil || tierSG == nil || len(rec.OfType(sgT)) != 2 || rec.Find(securitygroups.Type, "net").Parent != comp.URN {
		t.Fatalf("security groups:\n%s", rec)
	}
	for _, svc := range DefaultInterfaceEndpoints {
		ep := rec.Find(endpointT, "net-"+svc)
		if ep == nil || ep.Str("vpcEndpointType") != "Interface" || ep.Str("serviceName") != "com.amazonaws.us-east-1."+svc || !ep.Bool("privateDnsEnabled") ||
			!slices.Equal(ep.Strs("subnetIds"), ids(subnets)) || !slices.Equal(ep.Strs("securityGroupIds"), []string{epSG.ID}) || ep.Has("policy") {
			t.Errorf("interface endpoint %s: %v", svc, ep)
			continue
		}
		if out.endpoints[svc] != ep.ID {
			t.Errorf("VpcEndpointIds[%s] is %q; want %q", svc, out.endpoints[svc], ep.ID)
		}
	}
	if n := len(rec.OfType(endpointT)); n != 9 || len(out.endpoints) != 9 || out.endpoints["s3"] != s3.ID || out.s3Endpoint != s3.ID || out.s3PrefixList != s3.Out("prefixListId") {
		t.Errorf("%d endpoints; outputs %v, %s, %s", n, out.endpoints, out.s3Endpoint, out.s3PrefixList)
	}

	// The vpc-endpoints tier admits HTTPS from the endpoint tier alone;
	// the endpoint tier sends HTTPS to it and to S3, and nothing else.
	var rules []string
	for _, r := range append(rec.OfType(ingressT), rec.OfType(egressT)...) {
		if r.Has("cidrIpv4") || r.Has("cidrIpv6") {
			t.Errorf("CIDR rule by default: %v", r.Inputs)
		}
		peer := r.Str("referencedSecurityGroupId") + r.Str("prefixListId")
		rules = append(rules, fmt.Sprintf("%s %s %s %s %v-%v", r.Type[strings.LastIndex(r.Type, ":")+1:], r.Str("securityGroupId"), peer, r.Str("ipProtocol"), r.Num("fromPort"), r.Num("toPort")))
	}
	slices.Sort(rules)
	want := []string{
		fmt.Sprintf("SecurityGroupEgressRule %s %s tcp 443-443", tierSG.ID, epSG.ID),
		fmt.Sprintf("SecurityGroupEgressRule %s %s tcp 443-443", tierSG.ID, s3.Out("prefixListId")),
		fmt.Sprintf("SecurityGroupIngressRule %s %s tcp 443-443", epSG.ID, tierSG.ID),
	}
	slices.Sort(want)
	if !slices.Equal(rules, want) {
		t.Errorf("rules:\n%s\nwant:\n%s", strings.Join(rules, "\n"), strings.Join(want, "\n"))
	}
	if out.endpointSG != epSG.ID || out.tier != tierSG.ID || len(out.tiers) != 2 || out.tiers["endpoint"] != tierSG.ID || out.tiers["vpc-endpoints"] != epSG.ID {
		t.Errorf("security group outputs: %s, %s, %v", out.endpointSG, out.tier, out.tiers)
	}
}

func TestZones(t *testing.T) {
	rec, v, out, err := run(t, &Args{ZoneCount: 2}, mocktest.Config("aws:region", "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v.Zones, []string{"eu-west-1a", "eu-west-1b"}) || !slices.Equal(out.zoneIDs, []string{"euw1-az1", "euw1-az2"}) ||
		!slices.Equal(v.PrivateSubnetCidrs, []string{"10.0.0.0/18", "10.0.64.0/18"}) || len(rec.OfType(subnetT)) != 2 {
		t.Errorf("zones %v (%v), cidrs %v", v.Zones, out.zoneIDs, v.PrivateSubnetCidrs)
	}
	var asked resource.PropertyMap
	for _, c := range rec.Calls {
		if c.Token == "aws:index/getAvailabilityZones:getAvailabilityZones" {
			asked = c.Args
		}
	}
	if asked == nil || asked["state"].StringValue() != "available" || !strings.Contains(fmt.Sprint(asked["filters"]), "opt-in-not-required") {
		t.Errorf("zones are taken from the region, without opt-in zones: %v", asked)
	}

	rec, v, _, err = run(t, &Args{Zones: []string{"us-east-1c", "us-east-1a"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v.Zones, []string{"us-east-1c", "us-east-1a"}) || rec.Find(subnetT, "net-private-us-east-1c").Str("cidrBlock") != "10.0.0.0/18" {
		t.Errorf("named zones: %v\n%s", v.Zones, rec)
	}

	// Three of six zones by default; with four zones, eight blocks.
	if _, v, _, err = run(t, nil, sixZones); err != nil || !slices.Equal(v.Zones, []string{"us-east-1a", "us-east-1b", "us-east-1c"}) {
		t.Errorf("default zones of a six-zone region: %v, %v", v, err)
	}
	if _, v, _, err = run(t, &Args{ZoneCount: 4, InternetEgress: true}, sixZones); err != nil ||
		!slices.Equal(v.PrivateSubnetCidrs, []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19"}) ||
		!slices.Equal(v.NatSubnetCidrs, []string{"10.0.128.0/28", "10.0.128.16/28", "10.0.128.32/28", "10.0.128.48/28"}) {
		t.Errorf("four zones: %v, %v", v, err)
	}
}

func TestInternetEgress(t *testing.T) {
	rec, v, out, err := run(t, &Args{InternetEgress: true})
	if err != nil {
		t.Fatal(err)
	}
	igw := rec.Find(igwT, "net")
	natRT := rec.Find(routeTableT, "net-nat")
	if igw == nil || natRT == nil || igw.Str("vpcId") != rec.Find(vpcT, "net").ID {
		t.Fatalf("internet gateway %v, NAT route table %v", igw, natRT)
	}
	if r := rec.Find(routeT, "net-nat-internet"); r.Str("routeTableId") != natRT.ID || r.Str("destinationCidrBlock") != "0.0.0.0/0" || r.Str("gatewayId") != igw.ID {
		t.Errorf("NAT subnets' route: %v", r.Inputs)
	}
	// Enabling NAT renumbers nothing.
	if !slices.Equal(v.PrivateSubnetCidrs, []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"}) ||
		!slices.Equal(v.NatSubnetCidrs, []string{"10.0.192.0/28", "10.0.192.16/28", "10.0.192.32/28"}) {
		t.Errorf("layout: %v, %v", v.PrivateSubnetCidrs, v.NatSubnetCidrs)
	}
	var natIDs, allSubnets []string
	for i, zone := range v.Zones {
		sn, eip, nat := rec.Find(subnetT, "net-nat-"+zone), rec.Find(eipT, "net-nat-"+zone), rec.Find(natT, "net-"+zone)
		if sn == nil || eip == nil || nat == nil {
			t.Fatalf("NAT in %s:\n%s", zone, rec)
		}
		if sn.Str("cidrBlock") != v.NatSubnetCidrs[i] || sn.Str("availabilityZone") != zone || !sn.Has("mapPublicIpOnLaunch") || sn.Bool("mapPublicIpOnLaunch") {
			t.Errorf("NAT subnet %s: %v", zone, sn.Inputs)
		}
		if a := rec.Find(assocT, "net-nat-"+zone); a.Str("routeTableId") != natRT.ID || a.Str("subnetId") != sn.ID {
			t.Errorf("NAT subnet %s association: %v", zone, a.Inputs)
		}
		if eip.Str("domain") != "vpc" || !slices.Contains(eip.Dependencies, igw.URN) {
			t.Errorf("EIP %s: %v", zone, eip.Inputs)
		}
		if nat.Str("subnetId") != sn.ID || nat.Str("allocationId") != eip.Out("allocationId") || nat.Str("connectivityType") != "public" {
			t.Errorf("NAT gateway %s: %v", zone, nat.Inputs)
		}
		route := rec.Find(routeT, "net-private-"+zone+"-internet")
		if route.Str("routeTableId") != rec.Find(routeTableT, "net-private-"+zone).ID || route.Str("natGatewayId") != nat.ID || route.Str("destinationCidrBlock") != "0.0.0.0/0" {
			t.Errorf("private default route in %s: %v", zone, route.Inputs)
		}
		natIDs = append(natIDs, nat.ID)
		allSubnets = append(allSubnets, sn.ID)
	}
	if !slices.Equal(out.nats, natIDs) {
		t.Errorf("NatGatewayIds %v; want %v", out.nats, natIDs)
	}
	allSubnets = append(slices.Clone(out.subnets), allSubnets...)
	if acl := rec.Find(defaultAclT, "net-default"); !slices.Equal(acl.Strs("subnetIds"), allSubnets) {
		t.Errorf("the network ACL must cover the NAT subnets too: %v", acl.Strs("subnetIds"))
	}
}

func TestOptions(t *testing.T) {
	policy := pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)
	rec, v, out, err := run(t, &Args{
		CidrBlock:          "172.16.0.0/20",
		Zones:              []string{"us-east-1a", "us-east-1b"},
		PrivateSubnetCidrs: []string{"172.16.0.0/24", "172.16.1.0/24"},
		InternetEgress:     true,
		NatSubnetCidrs:     []string{"172.16.15.0/28", "172.16.15.16/28"},
		Tiers: map[string]securitygroups.Tier{
			"gateway": {Description: "API gateway"},
			"model":   {Description: "model endpoints"},
			"db":      {Description: "PostgreSQL"},
		},
		Flows:                     []securitygroups.Flow{{Client: "gateway", Server: "model", FromPort: 8080, Description: "inference"}},
		PrefixLists:               map[string]pulumi.StringInput{"dynamodb": pulumi.String("pl-02cd2c6b")},
		EndpointTier:              "model",
		EndpointClientTiers:       []string{"model"},
		InterfaceEndpoints:        []string{"sagemaker.runtime", "sts"},
		EndpointPolicies:          map[string]pulumi.StringInput{"s3": policy, "sts": policy},
		FlowLogKMSKeyArn:          pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given"),
		FlowLogRetentionDays:      90,
		FlowLogAggregationSeconds: 600,
		Tags:                      map[string]string{"team": "ml"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if vpc := rec.Find(vpcT, "net"); vpc.Str("cidrBlock") != "172.16.0.0/20" || vpc.Str("tags.team") != "ml" || vpc.Str("tags.Name") != "net" {
		t.Errorf("vpc: %v", vpc.Inputs)
	}
	if s := rec.Find(subnetT, "net-private-us-east-1b"); s.Str("cidrBlock") != "172.16.1.0/24" || s.Str("tags.team") != "ml" {
		t.Errorf("subnet: %v", s.Inputs)
	}
	if s := rec.Find(subnetT, "net-nat-us-east-1b"); s.Str("cidrBlock") != "172.16.15.16/28" {
		t.Errorf("NAT subnet: %v", s.Inputs)
	}
	if rec.Find(keyT, "net-flow-logs") != nil || v.Key != nil {
		t.Error("a key was created although FlowLogKMSKeyArn was given")
	}
	// (An output made from a plain value, such as the given key ARN, is
	// not waited for under the SDK's mocks: read the log group instead.)
	if lg := rec.Find(logGroupT, "net-flow-logs"); lg.Str("kmsKeyId") != "arn:aws:kms:us-east-1:123456789012:key/given" || lg.Num("retentionInDays") != 90 {
		t.Errorf("log group: %v", lg.Inputs)
	}
	if fl := rec.Find(flowLogT, "net"); fl.Num("maxAggregationInterval") != 600 {
		t.Errorf("flow log: %v", fl.Inputs)
	}
	if n := len(rec.OfType(endpointT)); n != 3 || rec.Find(endpointT, "net-sts") == nil || rec.Find(endpointT, "net-kms") != nil {
		t.Errorf("%d endpoints:\n%s", n, rec)
	}
	if rec.Find(endpointT, "net-s3").Str("policy") != string(policy) || rec.Find(endpointT, "net-sts").Str("policy") != string(policy) ||
		rec.Find(endpointT, "net-sagemaker.runtime").Has("policy") {
		t.Error("endpoint policies")
	}
	model, gateway, db, epSG := rec.Find(sgT, "net-model"), rec.Find(sgT, "net-gateway"), rec.Find(sgT, "net-db"), rec.Find(sgT, "net-vpc-endpoints")
	if out.tier != model.ID || out.tiers["db"] != db.ID || len(out.tiers) != 4 {
		t.Errorf("tier outputs: %s, %v", out.tier, out.tiers)
	}
	// Only the model tier reaches the VPC endpoints and S3.
	for _, r := range rec.OfType(ingressT) {
		if r.Str("securityGroupId") == epSG.ID && r.Str("referencedSecurityGroupId") != model.ID {
			t.Errorf("vpc-endpoints admits %v", r.Inputs)
		}
	}
	for _, r := range rec.OfType(egressT) {
		if g := r.Str("securityGroupId"); (g == gateway.ID || g == db.ID) && r.Str("referencedSecurityGroupId") != model.ID {
			t.Errorf("egress of a tier that is no endpoint client: %v", r.Inputs)
		}
	}
	if r := rec.Find(ingressT, "net-model-in-tier-gateway-tcp8080"); r == nil || r.Str("securityGroupId") != model.ID {
		t.Errorf("the flow from gateway to model:\n%s", rec)
	}
}

// sixZones answers getAvailabilityZones as a region with six zones does.
var sixZones = mocktest.Invoke("aws:index/getAvailabilityZones:getAvailabilityZones", func(resource.PropertyMap) (resource.PropertyMap, error) {
	return resource.NewPropertyMapFromMap(map[string]any{
		"id":    "us-east-1",
		"names": []any{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
	}), nil
})

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
		opts []mocktest.Option
	}{
		{"CIDR not a block", &Args{CidrBlock: "10.0.0.1/16"}, `CidrBlock "10.0.0.1/16" is not an IPv4 CIDR block`, nil},
		{"IPv6 CIDR", &Args{CidrBlock: "fd00::/56"}, `CidrBlock "fd00::/56" is not an IPv4 CIDR block`, nil},
		{"CIDR too large", &Args{CidrBlock: "10.0.0.0/8"}, "CidrBlock is 10.0.0.0/8; allowed prefix lengths are /16 to /24", nil},
		{"CIDR too small", &Args{CidrBlock: "10.0.0.0/25"}, "CidrBlock is 10.0.0.0/25; allowed prefix lengths are /16 to /24", nil},
		{"public CIDR", &Args{CidrBlock: "8.8.0.0/16"}, "CidrBlock is 8.8.0.0/16; allowed values are blocks of private address space", nil},
		{"CIDR too small for the zones", &Args{CidrBlock: "10.0.0.0/24", ZoneCount: 4}, "CidrBlock 10.0.0.0/24 is too small for 4 zones: each private subnet would be a /27", []mocktest.Option{sixZones}},
		{"no room for NAT subnets", &Args{CidrBlock: "10.0.0.0/23", ZoneCount: 5, InternetEgress: true}, "CidrBlock 10.0.0.0/23 leaves no room for 5 NAT subnets of /28", []mocktest.Option{sixZones}},
		{"one zone", &Args{Zones: []string{"us-east-1a"}}, "Zones has 1 zone (us-east-1a); a VPC that survives the loss of a zone needs at least 2", nil},
		{"zone count 1", &Args{ZoneCount: 1}, "ZoneCount is 1; a VPC that survives the loss of a zone needs at least 2", nil},
		{"more zones than the region has", &Args{ZoneCount: 4}, "ZoneCount is 4; us-east-1 offers 3 zones (us-east-1a, us-east-1b, us-east-1c)", nil},
		{"zone of another region", &Args{Zones: []string{"us-east-1a", "us-west-2b"}}, `Zones[1] is "us-west-2b"; allowed values are the zones of us-east-1: us-east-1a, us-east-1b, us-east-1c`, nil},
		{"repeated zone", &Args{Zones: []string{"us-east-1a", "us-east-1a"}}, "Zones[1] repeats Zones[0]", nil},
		{"zones and a different count", &Args{Zones: []string{"us-east-1a", "us-east-1b"}, ZoneCount: 3}, "ZoneCount is 3 and Zones names 2", nil},
		{"overlapping subnets", &Args{PrivateSubnetCidrs: []string{"10.0.0.0/20", "10.0.16.0/20", "10.0.8.0/24"}}, "PrivateSubnetCidrs[2] 10.0.8.0/24 overlaps PrivateSubnetCidrs[0] 10.0.0.0/20", nil},
		{"NAT subnet overlapping a private one", &Args{InternetEgress: true, NatSubnetCidrs: []string{"10.0.255.0/28", "10.0.255.16/28", "10.0.0.0/28"}}, "NatSubnetCidrs[2] 10.0.0.0/28 overlaps PrivateSubnetCidrs[0] 10.0.0.0/18", nil},
		{"subnet outside the VPC", &Args{PrivateSubnetCidrs: []string{"10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/24"}}, "PrivateSubnetCidrs[2] 10.1.0.0/24 is not inside CidrBlock 10.0.0.0/16", nil},
		{"subnet too small", &Args{PrivateSubnetCidrs: []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/27"}}, "PrivateSubnetCidrs[2] is 10.0.2.0/27; allowed prefix lengths are /16 to /26", nil},
		{"subnet per zone", &Args{PrivateSubnetCidrs: []string{"10.0.0.0/24"}}, "PrivateSubnetCidrs has 1 blocks for 3 zones", nil},
		{"NAT subnets without egress", &Args{NatSubnetCidrs: []string{"10.0.255.0/28", "10.0.255.16/28", "10.0.255.32/28"}}, "NatSubnetCidrs is set without InternetEgress", nil},
		{"retention", &Args{FlowLogRetentionDays: 10}, "FlowLogRetentionDays is 10; allowed values are [1 3 5", nil},
		{"aggregation", &Args{FlowLogAggregationSeconds: 120}, "FlowLogAggregationSeconds is 120; allowed values are 60 and 600", nil},
		{"S3 interface endpoint", &Args{InterfaceEndpoints: []string{"s3"}}, `InterfaceEndpoints has "s3"; S3 is reached through the gateway endpoint`, nil},
		{"bad service", &Args{InterfaceEndpoints: []string{"com.amazonaws.us-east-1.sts"}}, `InterfaceEndpoints[0] is "com.amazonaws.us-east-1.sts"`, nil},
		{"repeated service", &Args{InterfaceEndpoints: []string{"sts", "sts"}}, `InterfaceEndpoints[1] repeats "sts"`, nil},
		{"policy for no endpoint", &Args{EndpointPolicies: map[string]pulumi.StringInput{"bedrock": pulumi.String("{}")}}, `EndpointPolicies has "bedrock"; allowed values are the endpoints' services: s3, sagemaker.api`, nil},
		{"reserved tier", &Args{Tiers: map[string]securitygroups.Tier{"vpc-endpoints": {Description: "x"}}}, `Tiers has "vpc-endpoints", which the component adds`, nil},
		{"reserved prefix list", &Args{PrefixLists: map[string]pulumi.StringInput{"s3": pulumi.String("pl-1")}}, `PrefixLists has "s3", which the component adds`, nil},
		{"endpoint tier undeclared", &Args{Tiers: map[string]securitygroups.Tier{"model": {Description: "x"}}}, `EndpointTier is "endpoint"; allowed values are the declared tiers: model`, nil},
		{"client tier undeclared", &Args{EndpointClientTiers: []string{"db"}}, `EndpointClientTiers[0] is "db"; allowed values are the declared tiers: endpoint`, nil},
		{"tier rule from 0.0.0.0/0", &Args{Tiers: map[string]securitygroups.Tier{"endpoint": {Description: "x", AllowCidrRules: true, Ingress: []securitygroups.Rule{
			{Description: "anyone", FromPort: 443, CidrBlock: "0.0.0.0/0"},
		}}}}, `Tiers: securitygroups net: Tiers["endpoint"].Ingress[0].CidrBlock is 0.0.0.0/0; ingress from anywhere is never allowed`, nil},
		{"tier rule to an undeclared tier", &Args{Tiers: map[string]securitygroups.Tier{"endpoint": {Description: "x", Egress: []securitygroups.Rule{
			{Description: "db", FromPort: 5432, Tier: "db"},
		}}}}, `Tiers["endpoint"].Egress[0].Tier is "db"; allowed values are the declared tiers: endpoint, vpc-endpoints`, nil},
		{"tier without a description", &Args{Tiers: map[string]securitygroups.Tier{"endpoint": {}}}, `Tiers["endpoint"].Description is ""`, nil},
		{"flow without a description", &Args{Flows: []securitygroups.Flow{{Client: "endpoint", Server: "endpoint", FromPort: 80}}}, `Flows[0].Description is ""`, nil},
		{"key that is no key", &Args{FlowLogKMSKeyArn: pulumi.String("alias/logs")}, `FlowLogKMSKeyArn "alias/logs" is not a KMS key ARN`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _, _, err := run(t, tt.args, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "privatevpc net: ") {
				t.Errorf("the error does not name the component: %v", err)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

func TestResourceOptionsReachChildren(t *testing.T) {
	var v *Vpc
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		v, err = NewVpc(ctx, "net", &Args{InternetEgress: true}, pulumi.Provider(dr), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v.Zones, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}) || v.Region != "eu-west-1" {
		t.Errorf("the zones must be the provider's region's: %v", v.Zones)
	}
	comp := rec.Find(Type, "net")
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	if n := len(rec.Descendants(comp)); n < 40 {
		t.Errorf("only %d resources below the component:\n%v", n, rec.Types())
	}
	if s := rec.Find(endpointT, "net-sagemaker.runtime").Str("serviceName"); s != "com.amazonaws.eu-west-1.sagemaker.runtime" {
		t.Errorf("service name %q", s)
	}
}

// TestPreview runs the component as "pulumi preview" does, where the IDs
// it wires together are not known yet.
func TestPreview(t *testing.T) {
	rec, _, _, err := run(t, &Args{InternetEgress: true}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(endpointT)) != 9 || len(rec.OfType(natT)) != 3 {
		t.Errorf("preview: %v", rec.Types())
	}
}

// TestValidate calls Validate as component.Prepare does: it fills in the
// defaults in place, and its errors carry no prefix.
func TestValidate(t *testing.T) {
	a := Args{}
	if err := a.Validate("net"); err != nil || a.CidrBlock != DefaultCidrBlock || a.ZoneCount != DefaultZoneCount ||
		a.FlowLogRetentionDays != DefaultFlowLogRetentionDays || a.FlowLogAggregationSeconds != DefaultFlowLogAggregationSeconds ||
		a.EndpointTier != DefaultEndpointTier || !slices.Equal(a.EndpointClientTiers, []string{DefaultEndpointTier}) ||
		!slices.Equal(a.InterfaceEndpoints, DefaultInterfaceEndpoints) {
		t.Errorf("defaults: %+v, %v", a, err)
	}
	bad := Args{FlowLogAggregationSeconds: 120}
	if err := bad.Validate("net"); err == nil || err.Error() != "FlowLogAggregationSeconds is 120; allowed values are 60 and 600" {
		t.Errorf("error: %v", err)
	}
}
