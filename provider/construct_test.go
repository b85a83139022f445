// The tests of this file construct the components through the provider,
// in-process, with pulumi-go-provider's integration package and mocks.

package provider_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pconfig "github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/provider"
)

// Account and region of the mocked cloud.
const (
	account = "123456789012"
	region  = "us-east-1"
)

// recorded is a resource the mocks saw registered.
type recorded struct {
	Type, Name, ID string
	Custom         bool
	Inputs         resource.PropertyMap
	// Region is where the resource's provider acts.
	Region string
}

// str is the string input at key, or "".
func (r *recorded) str(key string) string {
	v := r.Inputs[resource.PropertyKey(key)]
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsOutput() {
		v = v.OutputValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// mocks is a small mocked AWS: every resource gets an ID and an ARN of its
// service, region and name; the data sources the components call answer
// for account 123456789012 and the region of the provider they use.
type mocks struct {
	mu        sync.Mutex
	resources []*recorded
	// regions are explicit providers' regions by ID.
	regions map[string]string
}

func newMocks() *mocks { return &mocks{regions: map[string]string{}} }

// regionOf is the region of the provider reference ("URN::ID"), the
// default region for none.
func (m *mocks) regionOf(ref string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		if r, ok := m.regions[ref[i+2:]]; ok {
			return r
		}
	}
	return region
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	outs := args.Inputs.Copy()
	rec := &recorded{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs, Region: m.regionOf(args.Provider)}
	if !args.Custom {
		m.record(rec)
		return "", outs, nil
	}
	rec.ID = args.Name + "-id"
	if args.TypeToken == "pulumi:providers:aws" {
		r := region
		if v := args.Inputs["region"]; v.IsString() {
			r = v.StringValue()
		}
		m.mu.Lock()
		m.regions[rec.ID] = r
		m.mu.Unlock()
		m.record(rec)
		return rec.ID, outs, nil
	}
	// "aws:kms/key:Key" is of service "kms".
	service := "aws"
	if parts := strings.Split(args.TypeToken, ":"); len(parts) == 3 {
		service, _, _ = strings.Cut(parts[1], "/")
	}
	if _, ok := outs["arn"]; !ok {
		outs["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, rec.Region, account, args.Name))
	}
	if args.TypeToken == "aws:bedrock/guardrail:Guardrail" {
		outs["guardrailArn"] = resource.NewProperty(fmt.Sprintf("arn:aws:bedrock:%s:%s:guardrail/%s", rec.Region, account, args.Name))
		outs["guardrailId"] = resource.NewProperty(args.Name)
		outs["version"] = resource.NewProperty("DRAFT")
	}
	if args.TypeToken == "aws:rds/instance:Instance" {
		outs["address"] = resource.NewProperty(args.Name + ".db.example.com")
		outs["resourceId"] = resource.NewProperty("db-" + strings.ToUpper(args.Name))
		outs["masterUserSecrets"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
			"secretArn": resource.NewProperty(fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:rds-%s", rec.Region, account, args.Name)),
		})})
	}
	for _, k := range []resource.PropertyKey{"name", "bucket"} {
		if _, ok := outs[k]; !ok {
			outs[k] = resource.NewProperty(args.Name)
		}
	}
	m.record(rec)
	return rec.ID, outs, nil
}

func (m *mocks) record(r *recorded) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resources = append(m.resources, r)
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	r := m.regionOf(args.Provider)
	switch args.Token {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]any{
			"accountId": account, "arn": "arn:aws:iam::" + account + ":user/test", "userId": "x", "id": account,
		}), nil
	case "aws:index/getRegion:getRegion":
		return resource.NewPropertyMapFromMap(map[string]any{"name": r, "id": r}), nil
	case "aws:index/getPartition:getPartition":
		return resource.NewPropertyMapFromMap(map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}), nil
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		return resource.NewPropertyMapFromMap(map[string]any{
			"id":      r,
			"names":   []any{r + "a", r + "b", r + "c"},
			"zoneIds": []any{"use1-az1", "use1-az2", "use1-az3"},
		}), nil
	case "aws:ec2/getPrefixList:getPrefixList":
		return resource.NewPropertyMapFromMap(map[string]any{"id": "pl-12345678", "prefixListId": "pl-12345678"}), nil
	case "aws:iam/getPolicyDocument:getPolicyDocument":
		doc, err := json.Marshal(args.Args.Mappable())
		if err != nil {
			return nil, err
		}
		return resource.PropertyMap{"json": resource.NewProperty(string(doc))}, nil
	}
	return resource.PropertyMap{}, nil
}

// find returns the recorded resources of type typ.
func (m *mocks) find(typ string) []*recorded {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*recorded
	for _, r := range m.resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// types lists the recorded resource types, for failure messages.
func (m *mocks) types() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, r := range m.resources {
		if !slices.Contains(out, r.Type) {
			out = append(out, r.Type)
		}
	}
	slices.Sort(out)
	return out
}

// construct constructs the component of type typ named name from inputs
// (plain Go values: string, int, float64, bool, []any, map[string]any, or
// property.Value) through the provider, in process, under m.
func construct(t *testing.T, m *mocks, typ, name string, inputs map[string]any) (property.Map, error) {
	t.Helper()
	return constructWith(t, m, typ, name, inputs, nil)
}

// constructWith is construct in a stack whose config is cfg.
func constructWith(t *testing.T, m *mocks, typ, name string, inputs map[string]any, cfg map[string]string) (property.Map, error) {
	t.Helper()
	prov, err := provider.Inferred()
	if err != nil {
		t.Fatal(err)
	}
	server, err := integration.NewServer(t.Context(), provider.Name, semver.MustParse(provider.Version),
		integration.WithProvider(prov), integration.WithMocks(m))
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]property.Value{}
	for k, v := range inputs {
		in[k] = value(v)
	}
	conf := map[pconfig.Key]string{}
	for k, v := range cfg {
		conf[pconfig.MustParseKey(k)] = v
	}
	resp, err := server.Construct(p.ConstructRequest{
		Urn:    resource.NewURN("test", "modelfort", "", tokens.Type(typ), name),
		Inputs: property.NewMap(in),
		Config: conf,
	})
	return resp.State, err
}

// value converts a plain Go value into a property value.
func value(v any) property.Value {
	switch v := v.(type) {
	case property.Value:
		return v
	case string:
		return property.New(v)
	case bool:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case float64:
		return property.New(v)
	case []any:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = value(e)
		}
		return property.New(out)
	case []string:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = property.New(e)
		}
		return property.New(out)
	case map[string]any:
		out := map[string]property.Value{}
		for k, e := range v {
			out[k] = value(e)
		}
		return property.New(out)
	case map[string]string:
		out := map[string]property.Value{}
		for k, e := range v {
			out[k] = property.New(e)
		}
		return property.New(out)
	}
	panic(fmt.Sprintf("value: unsupported %T", v))
}

// output is an input fed from another resource's output: a value with a
// dependency on that resource.
func output(v string) property.Value {
	return property.New(v).WithDependencies([]resource.URN{resource.NewURN("test", "modelfort", "", "aws:kms/key:Key", "other")})
}

// stateString is the string output key of a component's state, "" when it
// is missing or not a string.
func stateString(state property.Map, key string) string {
	v := state.Get(key)
	if v.IsString() {
		return v.AsString()
	}
	return ""
}

func TestKeyReplicaRegion(t *testing.T) {
	m := newMocks()
	state, err := construct(t, m, "modelfort:aws:Key", "models", map[string]any{
		"replicaRegion": "us-west-2",
		"users":         []any{output("arn:aws:iam::123456789012:role/reader")},
	})
	if err != nil {
		t.Fatal(err)
	}
	provs := m.find("pulumi:providers:aws")
	if len(provs) != 1 || provs[0].str("region") != "us-west-2" {
		t.Fatalf("providers = %+v; want one in us-west-2", provs)
	}
	replicas := m.find("aws:kms/replicaKey:ReplicaKey")
	if len(replicas) != 1 || replicas[0].Region != "us-west-2" {
		t.Fatalf("replica keys = %+v; want one in us-west-2", replicas)
	}
	if got := stateString(state, "replicaArn"); !strings.Contains(got, ":us-west-2:") {
		t.Errorf("replicaArn = %q; want the replica's ARN in us-west-2", got)
	}
	if got := stateString(state, "arn"); !strings.HasPrefix(got, "arn:aws:kms:us-east-1:123456789012:") {
		t.Errorf("arn = %q", got)
	}
}

// TestRegionProviderTakesTheStacksAwsSettings: the provider made of
// replicaRegion reaches the second region with the program's own profile,
// role and account guard, not the machine's default credentials.
func TestRegionProviderTakesTheStacksAwsSettings(t *testing.T) {
	m := newMocks()
	_, err := constructWith(t, m, "modelfort:aws:Key", "models", map[string]any{"replicaRegion": "us-west-2"}, map[string]string{
		"aws:region":            "us-east-1",
		"aws:profile":           "deploy",
		"aws:allowedAccountIds": `["123456789012"]`,
		"aws:assumeRole":        `{"roleArn":"arn:aws:iam::123456789012:role/deployer","sessionName":"ci"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	provs := m.find("pulumi:providers:aws")
	if len(provs) != 1 {
		t.Fatalf("providers = %+v; want one", provs)
	}
	b, _ := json.Marshal(provs[0].Inputs.Mappable())
	for _, want := range []string{`"region":"us-west-2"`, `"profile":"deploy"`, `"allowedAccountIds":["123456789012"]`, `"roleArn":"arn:aws:iam::123456789012:role/deployer"`, `"sessionName":"ci"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the replica region's provider %s lacks %s", b, want)
		}
	}
}

func TestKeyRefusesDeletionWindow(t *testing.T) {
	m := newMocks()
	_, err := construct(t, m, "modelfort:aws:Key", "models", map[string]any{"deletionWindowDays": 3})
	if err == nil || !strings.Contains(err.Error(), "DeletionWindowDays") {
		t.Fatalf("err = %v; want the component's refusal naming DeletionWindowDays", err)
	}
	if keys := m.find("aws:kms/key:Key"); len(keys) != 0 {
		t.Errorf("a refused key registered %d keys", len(keys))
	}
}

// TestConstruct constructs each served component from wire inputs and
// checks what it registered and its outputs.
func TestConstruct(t *testing.T) {
	for _, tc := range []struct {
		typ    string
		inputs map[string]any
		// creates are resource types it must register.
		creates []string
		// outputs are string outputs that must be set.
		outputs []string
		check   func(t *testing.T, m *mocks, state property.Map)
	}{{
		typ: "modelfort:aws:WormBucket",
		inputs: map[string]any{
			"retention": map[string]any{"mode": "GOVERNANCE", "years": 2},
			"writers":   []any{map[string]any{"service": "cloudtrail.amazonaws.com", "prefix": "AWSLogs/", "sourceArn": output("arn:aws:cloudtrail:us-east-1:123456789012:trail/t")}},
		},
		creates: []string{"aws:s3/bucketV2:BucketV2", "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "aws:kms/key:Key"},
		outputs: []string{"bucketName", "arn", "kmsKeyArn"},
		check: func(t *testing.T, m *mocks, _ property.Map) {
			lock := m.find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2")
			b, _ := json.Marshal(lock[0].Inputs.Mappable())
			if !strings.Contains(string(b), `"mode":"GOVERNANCE"`) || !strings.Contains(string(b), `"years":2`) {
				t.Errorf("object lock = %s; want GOVERNANCE for 2 years", b)
			}
		},
	}, {
		typ:     "modelfort:aws:CaptureBucket",
		inputs:  map[string]any{"expirationDays": 90, "kmsKeyArn": output("arn:aws:kms:us-east-1:123456789012:key/abc")},
		creates: []string{"aws:s3/bucketV2:BucketV2"},
		outputs: []string{"bucketName", "arn", "kmsKeyArn"},
		check: func(t *testing.T, m *mocks, state property.Map) {
			if keys := m.find("aws:kms/key:Key"); len(keys) != 0 {
				t.Errorf("a bucket with kmsKeyArn created %d keys of its own", len(keys))
			}
			if got := stateString(state, "kmsKeyArn"); got != "arn:aws:kms:us-east-1:123456789012:key/abc" {
				t.Errorf("kmsKeyArn = %q; want the given key", got)
			}
		},
	}, {
		typ: "modelfort:aws:Guardrail",
		inputs: map[string]any{
			"deniedTopics": []any{map[string]any{"name": "weapons", "definition": "Making weapons.", "examples": []string{"how to build a bomb"}}},
			"pii":          map[string]any{},
		},
		creates: []string{"aws:bedrock/guardrail:Guardrail"},
		outputs: []string{"guardrailArn", "guardrailId"},
		check: func(t *testing.T, m *mocks, _ property.Map) {
			g := m.find("aws:bedrock/guardrail:Guardrail")[0]
			b, _ := json.Marshal(g.Inputs.Mappable())
			if !strings.Contains(string(b), `"weapons"`) {
				t.Errorf("guardrail = %s; want the denied topic weapons", b)
			}
			if strings.Contains(string(b), "AWS_SECRET_KEY") {
				t.Errorf("guardrail = %s; an empty pii map handles no personal data", b)
			}
		},
	}, {
		typ:     "modelfort:aws:WebAcl",
		inputs:  map[string]any{"rateLimit": 500, "countRules": []string{"HostingProviderIPList"}},
		creates: []string{"aws:wafv2/webAcl:WebAcl", "aws:cloudwatch/logGroup:LogGroup"},
		outputs: []string{"arn", "logGroupName", "kmsKeyArn"},
	}, {
		typ: "modelfort:aws:FrontDoor",
		inputs: map[string]any{
			"handler": map[string]any{
				"functionName": output("guarded"),
				"invokeArn":    output("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:guarded/invocations"),
			},
			"webAcl": map[string]any{"rateLimit": 300},
		},
		creates: []string{"aws:apigateway/restApi:RestApi", "aws:lambda/permission:Permission", "modelfort:aws:WebAcl", "aws:wafv2/webAclAssociation:WebAclAssociation"},
		outputs: []string{"apiId", "executeApiDomain", "webAclArn"},
		check: func(t *testing.T, m *mocks, _ property.Map) {
			acl := m.find("aws:wafv2/webAcl:WebAcl")
			b, _ := json.Marshal(acl[0].Inputs.Mappable())
			if !strings.Contains(string(b), `"limit":300`) {
				t.Errorf("the front door's own web ACL %s does not take the wire rateLimit 300", b)
			}
		},
	}, {
		typ:     "modelfort:aws:Incidents",
		inputs:  map[string]any{"emails": []string{"oncall@example.com"}, "guardDutyMinSeverity": 4.5},
		creates: []string{"aws:sns/topic:Topic", "aws:sns/topicSubscription:TopicSubscription", "aws:cloudwatch/eventRule:EventRule"},
		outputs: []string{"topicArn", "kmsKeyArn"},
	}, {
		typ:     "modelfort:aws:AuditTrail",
		inputs:  map[string]any{"bucketRetention": map[string]any{"mode": "COMPLIANCE", "days": 400}, "dataEventBuckets": []any{output("arn:aws:s3:::models")}},
		creates: []string{"aws:cloudtrail/trail:Trail", "modelfort:aws:WormBucket"},
		outputs: []string{"trailArn", "bucketName", "logGroupName", "kmsKeyArn"},
	}, {
		typ:     "modelfort:aws:BackupVault",
		inputs:  map[string]any{"copyRegion": "us-west-2", "recoveryPointObjectiveHours": 6},
		creates: []string{"aws:backup/vault:Vault", "aws:backup/plan:Plan"},
		outputs: []string{"vaultArn", "copyVaultArn", "schedule"},
		check: func(t *testing.T, m *mocks, state property.Map) {
			var regions []string
			for _, v := range m.find("aws:backup/vault:Vault") {
				regions = append(regions, v.Region)
			}
			if !slices.Contains(regions, "us-west-2") || !slices.Contains(regions, "us-east-1") {
				t.Errorf("vaults in %v; want one in us-east-1 and its copy in us-west-2", regions)
			}
			if got := stateString(state, "schedule"); got != "cron(0 0/6 * * ? *)" {
				t.Errorf("schedule = %q; want every 6 hours", got)
			}
		},
	}, {
		typ: "modelfort:aws:SecurityGroups",
		inputs: map[string]any{
			"vpcId": output("vpc-123"),
			"tiers": map[string]any{
				"app": map[string]any{"description": "app", "egress": []any{map[string]any{"description": "to db over https", "fromPort": 443, "tier": "db"}}},
				"db":  map[string]any{"description": "db"},
			},
			"flows": []any{map[string]any{"client": "app", "server": "db", "fromPort": 5432, "description": "app to db"}},
		},
		creates: []string{"aws:ec2/securityGroup:SecurityGroup"},
		check: func(t *testing.T, m *mocks, state property.Map) {
			if n := len(m.find("aws:ec2/securityGroup:SecurityGroup")); n != 2 {
				t.Errorf("%d security groups; want 2", n)
			}
			if ids := state.Get("ids"); !ids.IsMap() || ids.AsMap().Len() != 2 {
				t.Errorf("ids = %v; want the two tiers' groups", ids)
			}
		},
	}, {
		typ: "modelfort:aws:PrivateVpc",
		inputs: map[string]any{
			"zoneCount": 2,
			"tiers":     map[string]any{"endpoint": map[string]any{"description": "model endpoints"}, "db": map[string]any{"description": "database"}},
			"flows":     []any{map[string]any{"client": "endpoint", "server": "db", "fromPort": 5432, "description": "endpoint to db"}},
		},
		creates: []string{"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcEndpoint:VpcEndpoint", "modelfort:aws:SecurityGroups"},
		outputs: []string{"vpcId", "endpointTierSecurityGroupId", "flowLogKmsKeyArn"},
		check: func(t *testing.T, m *mocks, _ property.Map) {
			if n := len(m.find("aws:ec2/subnet:Subnet")); n != 2 {
				t.Errorf("%d subnets; want 2 (zoneCount)", n)
			}
		},
	}, {
		typ: "modelfort:aws:AccessRoles",
		inputs: map[string]any{
			"ci":      map[string]any{},
			"deploy":  map[string]any{"ciSubjects": []string{"repo:my-org/models:environment:prod"}, "managedPolicyArns": []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			"publish": map[string]any{"principals": []string{"123456789012"}, "requireMfa": true, "bucketArn": "arn:aws:s3:::models", "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/abc"},
		},
		creates: []string{"aws:iam/role:Role", "aws:iam/openIdConnectProvider:OpenIdConnectProvider"},
		outputs: []string{"deployRoleArn", "publishRoleArn"},
	}, {
		typ: "modelfort:aws:ThreatDetection",
		inputs: map[string]any{
			"guardDuty":          map[string]any{"findingPublishingFrequency": "ONE_HOUR"},
			"malwareScanBuckets": []any{map[string]any{"key": "models", "bucketName": "models-bucket"}},
			"standard":           "cis-3.0.0",
		},
		creates: []string{"aws:guardduty/detector:Detector", "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan", "aws:securityhub/standardsSubscription:StandardsSubscription"},
		outputs: []string{"detectorId", "securityHubStandardsArn"},
		check: func(t *testing.T, m *mocks, _ property.Map) {
			if got := m.find("aws:guardduty/detector:Detector")[0].str("findingPublishingFrequency"); got != "ONE_HOUR" {
				t.Errorf("findingPublishingFrequency = %q; want ONE_HOUR", got)
			}
		},
	}, {
		typ: "modelfort:aws:ShieldProtection",
		inputs: map[string]any{
			"resources": []any{
				map[string]any{"name": "cdn", "arn": "arn:aws:cloudfront::123456789012:distribution/E123", "alarmRegion": "us-east-1",
					"healthCheck": map[string]any{"fqdn": "api.example.com", "requestInterval": 10, "failureThreshold": 3}},
				map[string]any{"name": "zone", "arn": "arn:aws:route53:::hostedzone/Z123", "alarmRegion": "us-east-1"},
			},
			"groups": []any{map[string]any{"id": "all", "pattern": "ALL"}},
		},
		creates: []string{"aws:shield/protection:Protection", "aws:route53/healthCheck:HealthCheck", "aws:shield/protectionGroup:ProtectionGroup"},
		check: func(t *testing.T, m *mocks, state property.Map) {
			if n := len(m.find("pulumi:providers:aws")); n != 1 {
				t.Errorf("%d providers; want one for the alarm region both resources share", n)
			}
			if ids := state.Get("protectionIds"); !ids.IsMap() || ids.AsMap().Len() != 2 {
				t.Errorf("protectionIds = %v; want both resources", ids)
			}
		},
	}, {
		typ: "modelfort:aws:MetadataStore",
		inputs: map[string]any{
			"subnetIds":        []any{output("subnet-1"), output("subnet-2")},
			"securityGroupIds": []any{output("sg-1")},
			"replicaRegion":    "us-west-2",
		},
		creates: []string{"aws:rds/instance:Instance", "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"},
		outputs: []string{"arn", "address", "kmsKeyArn", "replicatedBackupsArn"},
		check: func(t *testing.T, m *mocks, _ property.Map) {
			if r := m.find("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication")[0]; r.Region != "us-west-2" {
				t.Errorf("backups replicated to %s; want us-west-2", r.Region)
			}
		},
	}, {
		typ: "modelfort:aws:FaultInjection",
		inputs: map[string]any{
			"regionOutage": map[string]any{
				"subnetArns":      []string{"arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0123"},
				"vpcId":           "vpc-0123",
				"durationMinutes": 30,
			},
		},
		creates: []string{"aws:fis/experimentTemplate:ExperimentTemplate"},
		outputs: []string{"regionOutageTemplateArn", "stopAlarmArn", "roleArn"},
		check: func(t *testing.T, m *mocks, _ property.Map) {
			b, _ := json.Marshal(m.find("aws:fis/experimentTemplate:ExperimentTemplate")[0].Inputs.Mappable())
			if !strings.Contains(string(b), "PT30M") {
				t.Errorf("experiment template = %s; want a duration of PT30M", b)
			}
		},
	}} {
		name := tc.typ[strings.LastIndex(tc.typ, ":")+1:]
		t.Run(name, func(t *testing.T) {
			m := newMocks()
			state, err := construct(t, m, tc.typ, "c1", tc.inputs)
			if err != nil {
				t.Fatal(err)
			}
			for _, typ := range tc.creates {
				if len(m.find(typ)) == 0 {
					t.Errorf("no %s registered; registered: %v", typ, m.types())
				}
			}
			for _, k := range tc.outputs {
				if stateString(state, k) == "" {
					t.Errorf("output %s is empty; state: %v", k, state)
				}
			}
			if tc.check != nil && !t.Failed() {
				tc.check(t, m, state)
			}
		})
	}
}

// TestConstructRefuses checks that the component's own validation reaches
// the caller, naming the wire input's field.
func TestConstructRefuses(t *testing.T) {
	for _, tc := range []struct {
		typ    string
		inputs map[string]any
		want   string
	}{
		{"modelfort:aws:WormBucket", map[string]any{"retention": map[string]any{"mode": "LOOSE", "days": 1}}, "Retention.Mode"},
		{"modelfort:aws:CaptureBucket", map[string]any{"expirationDays": 5000}, "ExpirationDays"},
		{"modelfort:aws:Guardrail", map[string]any{"contentFilterStrength": "NONE"}, "ContentFilterStrength"},
		{"modelfort:aws:WebAcl", map[string]any{"rateWindowSeconds": 45}, "RateWindowSeconds"},
		{"modelfort:aws:Key", map[string]any{"replicaRegion": "us-east-1"}, "kmskey c1: replicaRegion is us-east-1, the key's own region"},
		{"modelfort:aws:Incidents", map[string]any{}, "Emails and TopicArn are both empty"},
		{"modelfort:aws:FrontDoor", map[string]any{}, "Handler is nil or incomplete"},
		{"modelfort:aws:AuditTrail", map[string]any{"bucketRetention": map[string]any{"mode": "COMPLIANCE"}}, "BucketRetention"},
		{"modelfort:aws:BackupVault", map[string]any{"notificationEvents": []string{}}, "NotificationEvents is empty"},
		{"modelfort:aws:BackupVault", map[string]any{"copyNotificationTopicArn": "arn:aws:sns:us-west-2:123456789012:t"}, "CopyNotificationTopicArn is set without CopyProvider"},
		{"modelfort:aws:BackupVault", map[string]any{"copyRegion": "us-east-1"}, "backupvault c1: copyRegion is us-east-1, the vault's own region"},
		{"modelfort:aws:SecurityGroups", map[string]any{"vpcId": "vpc-1", "tiers": map[string]any{"App": map[string]any{"description": "x"}}}, `Tiers has "App"`},
		{"modelfort:aws:PrivateVpc", map[string]any{"tiers": map[string]any{"vpc-endpoints": map[string]any{"description": "x"}}}, "vpc-endpoints"},
		{"modelfort:aws:AccessRoles", map[string]any{}, "no role declared"},
		{"modelfort:aws:AccessRoles", map[string]any{"invoke": map[string]any{"maxSessionHours": 13, "invocationsArns": []string{"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/invocations"}}}, "Invoke.MaxSessionHours"},
		{"modelfort:aws:ThreatDetection", map[string]any{"guardDuty": map[string]any{"organizationManaged": true, "findingPublishingFrequency": "ONE_HOUR"}}, "GuardDuty.FindingPublishingFrequency"},
		{"modelfort:aws:ShieldProtection", map[string]any{"resources": []any{map[string]any{"name": "zone", "arn": "arn:aws:route53:::hostedzone/Z1", "healthCheckArn": "arn:aws:route53:::healthcheck/h"}}}, "Resources[0]"},
		{"modelfort:aws:MetadataStore", map[string]any{"subnetIds": []string{"subnet-1"}, "securityGroupIds": []string{"sg-1"}}, "SubnetIds"},
		{"modelfort:aws:MetadataStore", map[string]any{"subnetIds": []string{"subnet-1", "subnet-2"}, "securityGroupIds": []string{"sg-1"}, "replicaRegion": "us-east-1"}, "metadatastore c1: replicaRegion is us-east-1, the store's own region"},
		{"modelfort:aws:FaultInjection", map[string]any{"regionOutage": map[string]any{"subnetArns": []string{"arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0123"}, "vpcId": "vpc-0123", "durationMinutes": 721}}, "Duration"},
	} {
		name := tc.typ[strings.LastIndex(tc.typ, ":")+1:]
		t.Run(name, func(t *testing.T) {
			_, err := construct(t, newMocks(), tc.typ, "c1", tc.inputs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want one with %q", err, tc.want)
			}
		})
	}
}
