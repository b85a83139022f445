package offlinecloud

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

func urnOf(stack, typ, name string) resource.URN {
	return resource.URN("urn:pulumi:" + stack + "::modelfort::" + typ + "::" + name)
}

// uniqueCase is an object that holds a name, and another that asks for
// the same name (in another stack); want is a piece of the refusal.
type uniqueCase struct {
	rule, typ string
	cloud     *Cloud
	env       Env
	in        map[string]any
	want      string
}

var uniqueCases = []uniqueCase{
	{"S3-BUCKET-TAKEN", "aws:s3/bucketV2:BucketV2", AWS, AWSEnv("us-west-2"), map[string]any{"bucket": "models-1"}, "BucketAlreadyOwnedByYou"},
	{"IAM-ROLE-TAKEN", "aws:iam/role:Role", AWS, AWSEnv("us-east-1"), map[string]any{"name": "Invoke"}, "EntityAlreadyExists: Role with name Invoke already exists."},
	{"IAM-POLICY-TAKEN", "aws:iam/policy:Policy", AWS, AWSEnv("us-east-1"), map[string]any{"name": "publish"}, "A policy called publish already exists. Duplicate names are not allowed."},
	{"KMS-ALIAS-TAKEN", "aws:kms/alias:Alias", AWS, AWSEnv("us-east-1"), map[string]any{"name": "alias/modelfort/primary", "targetKeyId": "k"}, "An alias with the name arn:aws:kms:us-east-1:123456789012:alias/modelfort/primary already exists"},
	{"LOGS-GROUP-TAKEN", "aws:cloudwatch/logGroup:LogGroup", AWS, AWSEnv("us-east-1"), map[string]any{"name": "/aws/apigateway/models"}, "ResourceAlreadyExistsException: The specified log group already exists"},
	{"SAGEMAKER-MODEL-TAKEN", "aws:sagemaker/model:Model", AWS, AWSEnv("us-east-1"), map[string]any{"name": "DeepSeek"}, `Cannot create already existing model "arn:aws:sagemaker:us-east-1:123456789012:model/deepseek".`},
	{"SAGEMAKER-ENDPOINT-CONFIG-TAKEN", "aws:sagemaker/endpointConfiguration:EndpointConfiguration", AWS, AWSEnv("us-east-1"), map[string]any{"name": "primary"}, `Cannot create already existing endpoint configuration "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/primary".`},
	{"SAGEMAKER-ENDPOINT-TAKEN", "aws:sagemaker/endpoint:Endpoint", AWS, AWSEnv("us-east-1"), map[string]any{"name": "primary"}, `Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/primary".`},
	{"BACKUP-VAULT-TAKEN", "aws:backup/vault:Vault", AWS, AWSEnv("us-east-1"), map[string]any{"name": "backup"}, "A Backup vault with the name backup already exists"},
	{"BACKUP-PLAN-TAKEN", "aws:backup/plan:Plan", AWS, AWSEnv("us-east-1"), map[string]any{"name": "backup"}, "AlreadyExistsException"},
	{"CLOUDTRAIL-TRAIL-TAKEN", "aws:cloudtrail/trail:Trail", AWS, AWSEnv("us-east-1"), map[string]any{"name": "modelfort-prod"}, "TrailAlreadyExistsException: Trail modelfort-prod already exists for customer: 123456789012"},
	{"BEDROCK-GUARDRAIL-TAKEN", "aws:bedrock/guardrail:Guardrail", AWS, AWSEnv("us-east-1"), map[string]any{"name": "primary"}, "ConflictException"},
	{"WAF-WEBACL-TAKEN", "aws:wafv2/webAcl:WebAcl", AWS, AWSEnv("us-east-1"), map[string]any{"name": "edge", "scope": "REGIONAL"}, "WAFDuplicateItemException"},
	{"SNS-TOPIC-TAKEN", "aws:sns/topic:Topic", AWS, AWSEnv("us-east-1"), map[string]any{"name": "alarms"}, "Topic already exists with different tags"},
	{"APIGW-DOMAIN-TAKEN", "aws:apigateway/domainName:DomainName", AWS, AWSEnv("us-east-1"), map[string]any{"domainName": "api.example.com"}, "BadRequestException: The domain name you provided already exists."},
	{"ROUTE53-RECORD-TAKEN", "aws:route53/record:Record", AWS, AWSEnv("us-east-1"), map[string]any{"zoneId": "Z1", "name": "api.example.com", "type": "A", "setIdentifier": "primary"}, "[Tried to create resource record set [name='api.example.com.', type='A', set-identifier='primary'] but it already exists]"},
	{"SHIELD-PROTECTION-TAKEN", "aws:shield/protection:Protection", AWS, AWSEnv("us-east-1"), map[string]any{"name": "zone", "resourceArn": "arn:aws:route53:::hostedzone/Z1"}, "ResourceAlreadyExistsException"},
	{"EC2-SG-TAKEN", "aws:ec2/securityGroup:SecurityGroup", AWS, AWSEnv("us-east-1"), map[string]any{"name": "endpoint", "vpcId": "vpc-1"}, "InvalidGroup.Duplicate: The security group 'endpoint' already exists for VPC 'vpc-1'"},
	{"COS-BUCKET-TAKEN", "tencentcloud:Cos/bucket:Bucket", TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"bucket": "models-1250000000"}, "Code=BucketAlreadyOwnedByYou"},
	{"CAM-ROLE-TAKEN", "tencentcloud:Cam/role:Role", TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"name": "tke"}, "Code=InvalidParameter.RoleNameInUse"},
	{"KMS-KEY-ALIAS-TAKEN", "tencentcloud:Kms/key:Key", TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"alias": "modelfort-data"}, "Code=InvalidParameterValue.AliasAlreadyExists"},
	{"AUDIT-NAME-TAKEN", "tencentcloud:Audit/instance:Instance", TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"name": "modelfort"}, "Code=ResourceInUse.AlreadyExistsSameAudit"},
}

// TestUniqueNamesAreClaimedAndReleased: a second object asking for a name
// that another holds is refused with the cloud's message and the rule;
// once the first is deleted, the name is free; elsewhere in its scope
// (another region, for a regional name) the name is free all along.
func TestUniqueNamesAreClaimedAndReleased(t *testing.T) {
	for _, c := range uniqueCases {
		t.Run(c.rule, func(t *testing.T) {
			a := NewMemoryAccount(Settings{})
			first, second := urnOf("dev", c.typ, "x"), urnOf("staging", c.typ, "x")
			id, _, err := c.cloud.CreateIn(a, c.env, c.typ, first, inputs(c.in), false)
			if err != nil {
				t.Fatalf("the first create: %v", err)
			}
			_, _, err = c.cloud.CreateIn(a, c.env, c.typ, second, inputs(c.in), false)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "offline cloud rule "+c.rule) || !strings.Contains(err.Error(), string(first)) {
				t.Fatalf("the second create: %v; want %q from rule %s naming the holder", err, c.want, c.rule)
			}
			if err := c.cloud.DeleteIn(a, c.env, c.typ, first, id); err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.cloud.CreateIn(a, c.env, c.typ, second, inputs(c.in), false); err != nil {
				t.Errorf("after the first was deleted: %v", err)
			}
		})
	}
}

func TestEveryUniqueHasCases(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range uniqueCases {
		covered[c.typ+" "+c.rule] = true
	}
	for _, c := range []*Cloud{AWS, TencentCloud} {
		for typ, us := range c.Names {
			for _, u := range us {
				if !covered[typ+" "+u.ID] {
					t.Errorf("%s of %s has no case in uniqueCases", u.ID, typ)
				}
			}
		}
	}
}

func TestNamesFollowTheirScope(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	alias := map[string]any{"name": "alias/data", "targetKeyId": "k"}
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), "aws:kms/alias:Alias", urnOf("dev", "aws:kms/alias:Alias", "a"), inputs(alias), false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-west-2"), "aws:kms/alias:Alias", urnOf("dev", "aws:kms/alias:Alias", "b"), inputs(alias), false); err != nil {
		t.Errorf("an alias is unique per region: %v", err)
	}
	bucket := map[string]any{"bucket": "models"}
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), "aws:s3/bucketV2:BucketV2", urnOf("dev", "aws:s3/bucketV2:BucketV2", "a"), inputs(bucket), false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := AWS.CreateIn(a, AWSEnv("eu-west-1"), "aws:s3/bucketV2:BucketV2", urnOf("dev", "aws:s3/bucketV2:BucketV2", "b"), inputs(bucket), false); err == nil {
		t.Error("a bucket name is unique in the partition, across regions")
	}
	if _, _, err := AWS.CreateIn(a, AWSEnv("cn-north-1"), "aws:s3/bucketV2:BucketV2", urnOf("dev", "aws:s3/bucketV2:BucketV2", "c"), inputs(bucket), false); err != nil {
		t.Errorf("aws-cn is another partition: %v", err)
	}
	// Records of one name and type with other set identifiers (failover
	// pairs) coexist.
	for _, set := range []string{"primary", "secondary"} {
		rec := map[string]any{"zoneId": "Z1", "name": "api.example.com", "type": "A", "setIdentifier": set}
		if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), "aws:route53/record:Record", urnOf("dev", "aws:route53/record:Record", set), inputs(rec), false); err != nil {
			t.Errorf("record %s: %v", set, err)
		}
	}
	// A preview claims nothing.
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), "aws:kms/alias:Alias", urnOf("staging", "aws:kms/alias:Alias", "a"), inputs(alias), true); err != nil {
		t.Errorf("a preview: %v", err)
	}
}

// prereqCase is a resource whose prerequisite the account lacks (before)
// and holds once setup ran in it.
type prereqCase struct {
	rule, typ string
	settings  Settings
	setup     func(t *testing.T, a *Account)
	in        map[string]any
	want      string
	// region is where the create runs: by default us-east-1 for AWS,
	// ap-guangzhou for Tencent Cloud. afterRegion, when set, is where the
	// accepted create runs, for a prerequisite that is the region itself.
	region, afterRegion string
	// afterSettings, when set, are the settings of a fresh account where
	// the accepted create runs, for a prerequisite no resource can meet
	// (a service the account activates in the console).
	afterSettings *Settings
}

// envOf is where a prerequisite case's create runs.
func (c prereqCase) envOf(region string) Env {
	if cloudOf(c.typ) == TencentCloud {
		if region == "" {
			region = "ap-guangzhou"
		}
		return TencentEnv(region)
	}
	if region == "" {
		region = "us-east-1"
	}
	return AWSEnv(region)
}

func create(t *testing.T, a *Account, region, typ, name string, in map[string]any) string {
	t.Helper()
	id, _, err := AWS.CreateIn(a, AWSEnv(region), typ, urnOf("dev", typ, name), inputs(in), false)
	if err != nil {
		t.Fatalf("creating %s %s: %v", typ, name, err)
	}
	return id
}

const cloudTrailPolicy = `{"Version":"2012-10-17","Statement":[` +
	`{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::audit"},` +
	`{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::audit/AWSLogs/123456789012/*"}]}`

var prereqCases = []prereqCase{
	{
		rule: "APIGW-LOGGING-ROLE", typ: "aws:apigateway/stage:Stage",
		in: map[string]any{"stageName": "v1", "restApi": "a", "accessLogSettings": map[string]any{"destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:x", "format": "{}"}},
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-west-2", "aws:apigateway/account:Account", "dr", map[string]any{"cloudwatchRoleArn": "arn:aws:iam::123456789012:role/r"})
			// Another region's setting does not count; this one's does.
			create(t, a, "us-east-1", "aws:apigateway/account:Account", "primary", map[string]any{"cloudwatchRoleArn": "arn:aws:iam::123456789012:role/r"})
		},
		want: "BadRequestException: CloudWatch Logs role ARN must be set in account settings to enable logging",
	},
	{
		rule: "APIGW-LOGGING-ROLE", typ: "aws:apigateway/methodSettings:MethodSettings",
		in: map[string]any{"restApi": "a", "stageName": "v1", "methodPath": "*/*", "settings": map[string]any{"loggingLevel": "INFO"}},
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", "aws:apigateway/account:Account", "primary", map[string]any{"cloudwatchRoleArn": "arn:aws:iam::123456789012:role/r"})
		},
		want: "CloudWatch Logs role ARN must be set",
	},
	{
		rule: "SHIELD-SUBSCRIPTION", typ: "aws:shield/protection:Protection",
		settings: Settings{AWS: AWSSettings{NoShieldAdvanced: true}},
		in:       map[string]any{"name": "cdn", "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1"},
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", "aws:shield/subscription:Subscription", "s", map[string]any{"autoRenew": "ENABLED"})
		},
		want: "ResourceNotFoundException: The subscription does not exist.",
	},
	{
		rule: "SHIELD-HC-HOSTED-ZONE", typ: "aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation",
		in: map[string]any{"shieldProtectionId": "PROTECTION", "healthCheckArn": "arn:aws:route53:::healthcheck/h"},
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", "aws:shield/protection:Protection", "cdn", map[string]any{"name": "cdn", "resourceArn": "arn:aws:cloudfront::123456789012:distribution/E1"})
		},
		want: "Health-based detection is not supported",
	},
	{
		rule: "CLOUDTRAIL-BUCKET-POLICY", typ: "aws:cloudtrail/trail:Trail",
		in: map[string]any{"name": "audit", "s3BucketName": "audit"},
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", "aws:s3/bucketPolicy:BucketPolicy", "audit", map[string]any{"bucket": "audit", "policy": cloudTrailPolicy})
		},
		want: "InsufficientS3BucketPolicyException: Incorrect S3 bucket policy is detected for bucket: audit",
	},
	{
		rule: "SAGEMAKER-ENDPOINT-QUOTA", typ: "aws:sagemaker/endpoint:Endpoint",
		settings: Settings{AWS: AWSSettings{SageMakerEndpointInstances: map[string]int{"us-east-1/ml.g5.2xlarge": 2}}},
		in:       map[string]any{"name": "second", "endpointConfigName": "two"},
		setup: func(t *testing.T, a *Account) {
			// The quota holds two: the first endpoint's one instance and
			// the second's one fit, once the second asks for one only.
			create(t, a, "us-east-1", typeSageMakerConfig, "one-only", map[string]any{"name": "two", "productionVariants": []any{map[string]any{"instanceType": "ml.g5.2xlarge", "initialInstanceCount": 1}}})
		},
		want: "ResourceLimitExceeded: The account-level service limit 'ml.g5.2xlarge for endpoint usage' is 2 Instances, with current utilization of 1 Instances and a request delta of 2 Instances.",
	},
}

func TestPrerequisitesRefuseAndAccept(t *testing.T) {
	for _, c := range prereqCases {
		t.Run(c.rule+" "+c.typ, func(t *testing.T) {
			a := NewMemoryAccount(c.settings)
			switch c.rule {
			case "SHIELD-HC-HOSTED-ZONE":
				zone := create(t, a, "us-east-1", "aws:shield/protection:Protection", "zone", map[string]any{"name": "zone", "resourceArn": "arn:aws:route53:::hostedzone/Z1"})
				c.in["shieldProtectionId"] = zone
			case "CLOUDTRAIL-BUCKET-POLICY":
				create(t, a, "us-east-1", "aws:s3/bucketV2:BucketV2", "audit", map[string]any{"bucket": "audit"})
				create(t, a, "us-east-1", "aws:s3/bucketPolicy:BucketPolicy", "audit-tls", map[string]any{"bucket": "audit", "policy": `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}`})
			case "SAGEMAKER-ENDPOINT-QUOTA":
				create(t, a, "us-east-1", typeSageMakerConfig, "one", map[string]any{"name": "one", "productionVariants": []any{map[string]any{"instanceType": "ml.g5.2xlarge", "initialInstanceCount": 1}}})
				create(t, a, "us-east-1", typeSageMakerEndpoint, "first", map[string]any{"name": "first", "endpointConfigName": "one"})
				create(t, a, "us-east-1", typeSageMakerConfig, "two", map[string]any{"name": "two-x", "productionVariants": []any{map[string]any{"instanceType": "ml.g5.2xlarge", "initialInstanceCount": 2}}})
				c.in["endpointConfigName"] = "two-x"
			}
			cloud, after := cloudOf(c.typ), c.afterRegion
			if after == "" {
				after = c.region
			}
			_, _, err := cloud.CreateIn(a, c.envOf(c.region), c.typ, urnOf("dev", c.typ, "it"), inputs(c.in), false)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "offline cloud rule "+c.rule) {
				t.Fatalf("before: %v; want %q", err, c.want)
			}
			objs, _ := a.List(c.typ)
			for _, o := range objs {
				if o.URN == string(urnOf("dev", c.typ, "it")) {
					t.Errorf("a refused create left %s in the account", o.Key())
				}
			}
			c.setup(t, a)
			if c.rule == "SHIELD-HC-HOSTED-ZONE" {
				cdn, _ := a.List("aws:shield/protection:Protection")
				for _, p := range cdn {
					if p.URN == string(urnOf("dev", "aws:shield/protection:Protection", "cdn")) {
						c.in["shieldProtectionId"] = p.ID
					}
				}
			}
			if c.rule == "SAGEMAKER-ENDPOINT-QUOTA" {
				c.in["endpointConfigName"] = "two"
			}
			if c.afterSettings != nil {
				a = NewMemoryAccount(*c.afterSettings)
			}
			if _, _, err := cloud.CreateIn(a, c.envOf(after), c.typ, urnOf("dev", c.typ, "it"), inputs(c.in), false); err != nil {
				t.Errorf("after: %v", err)
			}
		})
	}
}

func TestEveryPrerequisiteHasCases(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range prereqCases {
		covered[c.typ+" "+c.rule] = true
	}
	for _, c := range []*Cloud{AWS, TencentCloud} {
		for typ, ps := range c.Prerequisites {
			for _, p := range ps {
				if !covered[typ+" "+p.ID] && !(p.ID == "SHIELD-SUBSCRIPTION" && typ != "aws:shield/protection:Protection") {
					t.Errorf("%s of %s has no case in prereqCases", p.ID, typ)
				}
			}
		}
	}
}

// TestTheDirectoryIsOneAccount: two handles on one directory (two plugin
// processes, two stacks) share names and objects, and of many concurrent
// claims of one name exactly one wins.
func TestTheDirectoryIsOneAccount(t *testing.T) {
	dir := t.TempDir()
	a, err := OpenAccount(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenAccount(dir)
	if err != nil {
		t.Fatal(err)
	}
	in := inputs(map[string]any{"name": "alias/shared", "targetKeyId": "k", "tags": map[string]any{"secret": resource.MakeSecret(resource.NewProperty("s"))}})
	id, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), "aws:kms/alias:Alias", urnOf("dev", "aws:kms/alias:Alias", "a"), in, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := AWS.CreateIn(b, AWSEnv("us-east-1"), "aws:kms/alias:Alias", urnOf("staging", "aws:kms/alias:Alias", "a"), in, false); err == nil {
		t.Error("the second handle does not see the first one's alias")
	}
	o, ok, err := b.Get("aws:kms/alias:Alias", "us-east-1", id)
	if err != nil || !ok || !o.Outputs["tags"].ObjectValue()["secret"].IsSecret() {
		t.Errorf("the object as the other handle reads it: %v %v %+v", ok, err, o)
	}

	var wg sync.WaitGroup
	wins := make(chan int, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			acct, _ := OpenAccount(dir)
			if _, _, err := AWS.CreateIn(acct, AWSEnv("us-east-1"), "aws:iam/role:Role", urnOf(fmt.Sprint("s", i), "aws:iam/role:Role", "r"), inputs(map[string]any{"name": "race"}), false); err == nil {
				wins <- i
			}
		}(i)
	}
	wg.Wait()
	close(wins)
	if n := len(wins); n != 1 {
		t.Errorf("%d of 16 concurrent creates got the role name; want 1", n)
	}
}

func TestSettingsFile(t *testing.T) {
	dir := t.TempDir()
	a, err := OpenAccount(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := a.Settings(); err != nil || s.AWS.NoShieldAdvanced {
		t.Errorf("without a file: %+v %v", s, err)
	}
	write := func(text string) {
		if err := os.WriteFile(filepath.Join(dir, "settings.json"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"aws": {"noShieldAdvanced": true, "apiGatewayCloudWatchRoles": {"us-east-1": "arn:aws:iam::123456789012:role/r"}}}`)
	if s, err := a.Settings(); err != nil || !s.AWS.NoShieldAdvanced || s.AWS.APIGatewayCloudWatchRoles["us-east-1"] == "" {
		t.Errorf("from the file: %+v %v", s, err)
	}
	write(`{"aws": {"shieldAdvanced": false}}`)
	if _, err := a.Settings(); err == nil || !strings.Contains(err.Error(), `unknown field "shieldAdvanced"`) {
		t.Errorf("a misspelt setting: %v", err)
	}
}

// TestThePluginReadsTheAccount drives the plugin through the provider
// protocol: Read returns what the account holds (an edit made there is
// drift), a resource gone from the account reads as gone, an import finds
// the object by ID, and Delete frees the name.
func TestThePluginReadsTheAccount(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(AccountDirEnv, dir)
	ctx := context.Background()
	p := NewProvider(AWS)
	if _, err := p.Configure(ctx, plugin.ConfigureRequest{Inputs: inputs(map[string]any{"region": "us-east-1"})}); err != nil {
		t.Fatal(err)
	}
	urn := urnOf("dev", "aws:cloudwatch/logGroup:LogGroup", "logs")
	in := inputs(map[string]any{"name": "/modelfort/dev", "retentionInDays": 30})
	created, err := p.Create(ctx, plugin.CreateRequest{URN: urn, Properties: in})
	if err != nil {
		t.Fatal(err)
	}
	read := func(state resource.PropertyMap) plugin.ReadResponse {
		t.Helper()
		r, err := p.Read(ctx, plugin.ReadRequest{URN: urn, ID: created.ID, Inputs: in, State: state})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := read(created.Properties); r.ID != created.ID || r.Outputs["retentionInDays"].NumberValue() != 30 {
		t.Errorf("read: %+v", r)
	}

	// A console user shortens the retention.
	acct, _ := OpenAccount(dir)
	o, _, _ := acct.Get("aws:cloudwatch/logGroup:LogGroup", "us-east-1", string(created.ID))
	o.Outputs["retentionInDays"] = resource.NewProperty(1.0)
	if err := acct.Put(o); err != nil {
		t.Fatal(err)
	}
	if r := read(created.Properties); r.Outputs["retentionInDays"].NumberValue() != 1 || r.Inputs["retentionInDays"].NumberValue() != 1 {
		t.Errorf("the out-of-band change is not drift: %+v", r)
	}
	if r, err := p.Read(ctx, plugin.ReadRequest{URN: urn, ID: created.ID}); err != nil || r.ID != created.ID || r.Inputs["name"].StringValue() != "/modelfort/dev" ||
		r.Inputs.HasValue("arn") || r.Inputs.HasValue("tagsAll") || r.Inputs.HasValue("id") || !r.Outputs.HasValue("arn") {
		t.Errorf("an import: the inputs must be the object's less what the cloud computes: %+v %v", r, err)
	}

	if _, err := p.Delete(ctx, plugin.DeleteRequest{URN: urn, ID: created.ID}); err != nil {
		t.Fatal(err)
	}
	if r := read(created.Properties); r.ID != "" {
		t.Errorf("a deleted resource reads as %q; want gone", r.ID)
	}
	if _, err := p.Create(ctx, plugin.CreateRequest{URN: urnOf("staging", "aws:cloudwatch/logGroup:LogGroup", "logs"), Properties: in}); err != nil {
		t.Errorf("the name is not free after the delete: %v", err)
	}
}
