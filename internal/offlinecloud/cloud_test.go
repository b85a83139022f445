package offlinecloud

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

func urn(typ, name string) resource.URN {
	return resource.URN("urn:pulumi:dev::modelfort::" + typ + "::" + name)
}

const bucketType = "aws:s3/bucketV2:BucketV2"

func TestCheckAutonamesAndKeepsTheName(t *testing.T) {
	u := urn(bucketType, "Models")
	first := AWS.Check(bucketType, u, nil, resource.PropertyMap{}, []byte("seed-1"))
	name := first["bucket"].StringValue()
	if !strings.HasPrefix(name, "models-") || len(name) != len("models-")+7 {
		t.Fatalf("generated bucket name %q; want models- and 7 hex digits, lower case", name)
	}
	// A second run gets another seed but must keep the name of the first.
	second := AWS.Check(bucketType, u, first, resource.PropertyMap{}, []byte("seed-2"))
	if got := second["bucket"].StringValue(); got != name {
		t.Errorf("second check renamed the bucket: %q, then %q", name, got)
	}
	given := AWS.Check(bucketType, u, first, resource.PropertyMap{"bucket": resource.NewProperty("mine")}, nil)
	if got := given["bucket"].StringValue(); got != "mine" {
		t.Errorf("a name the program gives must win; got %q", got)
	}
	if _, ok := AWS.Check("aws:kms/key:Key", urn("aws:kms/key:Key", "k"), nil, resource.PropertyMap{}, nil)["name"]; ok {
		t.Error("a type that is not autonamed got a name")
	}
}

func TestDiff(t *testing.T) {
	olds := resource.PropertyMap{
		"bucket":            resource.NewProperty("models-1"),
		"objectLockEnabled": resource.NewProperty(true),
		"tags":              resource.NewProperty(resource.PropertyMap{"a": resource.NewProperty("1")}),
	}
	tests := []struct {
		name        string
		change      func(resource.PropertyMap)
		wantChanges plugin.DiffChanges
		wantReplace []resource.PropertyKey
	}{
		{"same inputs", func(resource.PropertyMap) {}, plugin.DiffNone, nil},
		{"tags change in place", func(m resource.PropertyMap) {
			m["tags"] = resource.NewProperty(resource.PropertyMap{"a": resource.NewProperty("2")})
		}, plugin.DiffSome, nil},
		{"bucket name replaces", func(m resource.PropertyMap) { m["bucket"] = resource.NewProperty("models-2") }, plugin.DiffSome, []resource.PropertyKey{"bucket"}},
		{"object lock replaces", func(m resource.PropertyMap) { m["objectLockEnabled"] = resource.NewProperty(false) }, plugin.DiffSome, []resource.PropertyKey{"objectLockEnabled"}},
		{"unknown name replaces", func(m resource.PropertyMap) {
			m["bucket"] = resource.MakeComputed(resource.NewProperty(""))
		}, plugin.DiffSome, []resource.PropertyKey{"bucket"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			news := olds.Copy()
			tt.change(news)
			d := AWS.Diff(bucketType, olds, news)
			if d.Changes != tt.wantChanges || !slices.Equal(d.ReplaceKeys, tt.wantReplace) {
				t.Fatalf("diff = %v replace %v; want %v replace %v", d.Changes, d.ReplaceKeys, tt.wantChanges, tt.wantReplace)
			}
			for path, pd := range d.DetailedDiff {
				if pd.Kind.IsReplace() != (len(tt.wantReplace) > 0) {
					t.Errorf("detailed diff of %s is %v", path, pd.Kind)
				}
			}
		})
	}
}

func TestCreateShapesResources(t *testing.T) {
	env := AWSEnv("eu-west-1")
	tests := []struct {
		typ    string
		inputs resource.PropertyMap
		want   map[string]string // output -> exact value, or prefix ending in "*"
	}{
		{bucketType, resource.PropertyMap{"bucket": resource.NewProperty("models-abc")}, map[string]string{
			"id": "models-abc", "arn": "arn:aws:s3:::models-abc",
			"bucketRegionalDomainName": "models-abc.s3.eu-west-1.amazonaws.com", "region": "eu-west-1",
		}},
		{"aws:kms/key:Key", resource.PropertyMap{}, map[string]string{
			"arn": "arn:aws:kms:eu-west-1:123456789012:key/*",
		}},
		{"aws:kms/key:Key", resource.PropertyMap{"multiRegion": resource.NewProperty(true)}, map[string]string{
			"id": "mrk-*", "arn": "arn:aws:kms:eu-west-1:123456789012:key/mrk-*",
		}},
		{"aws:kms/replicaKey:ReplicaKey", resource.PropertyMap{"primaryKeyArn": resource.NewProperty("arn:aws:kms:us-east-1:123456789012:key/mrk-1")}, map[string]string{
			"id": "mrk-1", "arn": "arn:aws:kms:eu-west-1:123456789012:key/mrk-1",
		}},
		{"aws:kms/alias:Alias", resource.PropertyMap{"name": resource.NewProperty("alias/a"), "targetKeyId": resource.NewProperty("k-1")}, map[string]string{
			"arn": "arn:aws:kms:eu-west-1:123456789012:alias/a", "targetKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/k-1",
		}},
		{"aws:iam/role:Role", resource.PropertyMap{"name": resource.NewProperty("r")}, map[string]string{
			"id": "r", "arn": "arn:aws:iam::123456789012:role/r", "uniqueId": "AROA*",
		}},
		{"aws:ec2/subnet:Subnet", resource.PropertyMap{"availabilityZone": resource.NewProperty("eu-west-1b")}, map[string]string{
			"id": "subnet-*", "availabilityZoneId": "euw1-az2", "arn": "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-*",
		}},
		{"aws:wafv2/webAcl:WebAcl", resource.PropertyMap{"name": resource.NewProperty("w"), "scope": resource.NewProperty("CLOUDFRONT")}, map[string]string{
			"arn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/w/*",
		}},
		{"aws:sagemaker/notebookInstance:NotebookInstance", resource.PropertyMap{}, map[string]string{
			"arn": "arn:aws:sagemaker:eu-west-1:123456789012:notebookinstance/*",
		}},
		{"aws:sns/topic:Topic", resource.PropertyMap{"name": resource.NewProperty("alarms"), "tags": resource.NewProperty(resource.PropertyMap{"x": resource.NewProperty("y")})}, map[string]string{
			"id": "arn:aws:sns:eu-west-1:123456789012:alarms", "tagsAll.x": "y",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			id, out, err := AWS.Create(env, tt.typ, urn(tt.typ, "x"), tt.inputs, false)
			if err != nil {
				t.Fatal(err)
			}
			if out["id"].StringValue() != id {
				t.Errorf("output id %v differs from ID %q", out["id"], id)
			}
			for k, want := range tt.want {
				path, err := resource.ParsePropertyPath(k)
				if err != nil {
					t.Fatal(err)
				}
				v, ok := path.Get(resource.NewProperty(out))
				got := ""
				if ok && v.IsString() {
					got = v.StringValue()
				}
				if prefix, isPrefix := strings.CutSuffix(want, "*"); isPrefix && strings.HasPrefix(got, prefix) && got != prefix {
					continue
				}
				if got != want {
					t.Errorf("%s = %q; want %q", k, got, want)
				}
			}
			for k, v := range tt.inputs {
				if !out[k].DeepEquals(v) {
					t.Errorf("output %s = %v; want the input %v", k, out[k], v)
				}
			}
		})
	}
}

func TestCreateIsDeterministic(t *testing.T) {
	env := AWSEnv("us-east-1")
	in := resource.PropertyMap{"description": resource.NewProperty("d")}
	id1, _, _ := AWS.Create(env, "aws:kms/key:Key", urn("aws:kms/key:Key", "a"), in, false)
	id2, _, _ := AWS.Create(env, "aws:kms/key:Key", urn("aws:kms/key:Key", "a"), in, false)
	id3, _, _ := AWS.Create(env, "aws:kms/key:Key", urn("aws:kms/key:Key", "b"), in, false)
	if id1 != id2 || id1 == id3 {
		t.Errorf("IDs %q, %q (same URN and inputs), %q (other URN)", id1, id2, id3)
	}
}

func TestCreateDuringPreviewLeavesComputedUnknown(t *testing.T) {
	in := resource.PropertyMap{"bucket": resource.NewProperty("b")}
	id, out, err := AWS.Create(AWSEnv("us-east-1"), bucketType, urn(bucketType, "b"), in, true)
	if err != nil || id != "" {
		t.Fatalf("preview create: id %q err %v", id, err)
	}
	for _, k := range []resource.PropertyKey{"id", "arn", "bucketDomainName", "tagsAll"} {
		if !out[k].IsComputed() {
			t.Errorf("%s is %v during preview; want unknown", k, out[k])
		}
	}
	if out["bucket"].StringValue() != "b" {
		t.Error("inputs must pass through a preview")
	}
}

func TestCreateFailsOnAMissingInput(t *testing.T) {
	_, _, err := AWS.Create(AWSEnv("us-east-1"), "aws:kms/alias:Alias", urn("aws:kms/alias:Alias", "a"), resource.PropertyMap{}, false)
	if err == nil || !strings.Contains(err.Error(), `input "name"`) {
		t.Errorf("err = %v; want one that names the missing input", err)
	}
}

func TestUpdateKeepsIDAndARN(t *testing.T) {
	env := AWSEnv("us-east-1")
	u := urn("aws:kms/key:Key", "k")
	id, created, _ := AWS.Create(env, "aws:kms/key:Key", u, resource.PropertyMap{"description": resource.NewProperty("a")}, false)
	updated, err := AWS.Update(env, "aws:kms/key:Key", u, id, resource.PropertyMap{"description": resource.NewProperty("b")}, false)
	if err != nil {
		t.Fatal(err)
	}
	if updated["arn"] != created["arn"] || updated["id"].StringValue() != id || updated["description"].StringValue() != "b" {
		t.Errorf("update: %v; created: %v", updated, created)
	}
}

func TestConfigure(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	if _, err := AWS.Configure(resource.PropertyMap{}); err == nil || !strings.Contains(err.Error(), "aws:region") {
		t.Errorf("no region: err = %v; want one that names aws:region", err)
	}
	t.Setenv("AWS_DEFAULT_REGION", "ap-southeast-2")
	if env, _ := AWS.Configure(resource.PropertyMap{}); env.Region != "ap-southeast-2" {
		t.Errorf("region from AWS_DEFAULT_REGION: %q", env.Region)
	}
	env, _ := AWS.Configure(resource.PropertyMap{"region": resource.NewProperty("cn-north-1")})
	if env.Region != "cn-north-1" || env.Partition != "aws-cn" || env.DNSSuffix != "amazonaws.com.cn" {
		t.Errorf("China region: %+v", env)
	}
	t.Setenv("TENCENTCLOUD_REGION", "")
	if env, _ := TencentCloud.Configure(resource.PropertyMap{}); env.Region != "ap-guangzhou" {
		t.Errorf("tencentcloud default region: %q", env.Region)
	}
}

func TestZoneID(t *testing.T) {
	for zone, want := range map[string]string{
		"us-east-1a": "use1-az1", "eu-central-1c": "euc1-az3", "ap-southeast-2b": "apse2-az2", "ap-northeast-1a": "apne1-az1",
	} {
		if got := ZoneId(zone); got != want {
			t.Errorf("ZoneId(%q) = %q; want %q", zone, got, want)
		}
	}
}

func TestInvokes(t *testing.T) {
	env := AWSEnv("eu-west-1")
	id, err := AWS.Invoke(env, "aws:index/getCallerIdentity:getCallerIdentity", nil)
	if err != nil || id["accountId"].StringValue() != AWSAccount {
		t.Errorf("getCallerIdentity: %v %v", id, err)
	}
	azs, err := AWS.Invoke(env, "aws:index/getAvailabilityZones:getAvailabilityZones", resource.PropertyMap{
		"excludeNames": resource.NewProperty([]resource.PropertyValue{resource.NewProperty("eu-west-1b")}),
		"state":        resource.NewProperty("available"),
	})
	if err != nil || strings.Join(stringList(azs["names"]), ",") != "eu-west-1a,eu-west-1c" ||
		strings.Join(stringList(azs["zoneIds"]), ",") != "euw1-az1,euw1-az3" {
		t.Errorf("getAvailabilityZones: %v %v", azs, err)
	}
	part, _ := AWS.Invoke(env, "aws:index/getPartition:getPartition", nil)
	if part["partition"].StringValue() != "aws" || part["dnsSuffix"].StringValue() != "amazonaws.com" {
		t.Errorf("getPartition: %v", part)
	}
	reg, _ := AWS.Invoke(env, "aws:index/getRegion:getRegion", nil)
	if reg["name"].StringValue() != "eu-west-1" {
		t.Errorf("getRegion: %v", reg)
	}
	if _, err := AWS.Invoke(env, "aws:ec2/getAmi:getAmi", nil); err == nil || !strings.Contains(err.Error(), "aws:ec2/getAmi:getAmi") {
		t.Errorf("an unknown invoke must fail and name itself; err = %v", err)
	}
	zones, err := TencentCloud.Invoke(TencentEnv("ap-singapore"), "tencentcloud:Availability/getZonesByProduct:getZonesByProduct",
		resource.PropertyMap{"product": resource.NewProperty("cvm")})
	if err != nil || len(zones["zones"].ArrayValue()) != 3 {
		t.Errorf("getZonesByProduct: %v %v", zones, err)
	}
}

func TestPolicyDocument(t *testing.T) {
	args := resource.NewPropertyMapFromMap(map[string]any{
		"statements": []any{
			map[string]any{
				"sid":        "DenyInsecureTransport",
				"effect":     "Deny",
				"actions":    []any{"s3:*"},
				"resources":  []any{"arn:aws:s3:::b", "arn:aws:s3:::b/*"},
				"principals": []any{map[string]any{"type": "*", "identifiers": []any{"*"}}},
				"conditions": []any{map[string]any{"test": "Bool", "variable": "aws:SecureTransport", "values": []any{"false"}}},
			},
			map[string]any{
				"actions":    []any{"kms:Decrypt", "kms:Encrypt"},
				"resources":  []any{"*"},
				"principals": []any{map[string]any{"type": "AWS", "identifiers": []any{"arn:aws:iam::123456789012:root"}}},
			},
		},
	})
	out, err := AWS.Invoke(AWSEnv("us-east-1"), "aws:iam/getPolicyDocument:getPolicyDocument", args)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out["json"].StringValue()), &doc); err != nil {
		t.Fatal(err)
	}
	want := `{"Statement":[{"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny","Principal":"*",` +
		`"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Sid":"DenyInsecureTransport"},` +
		`{"Action":["kms:Decrypt","kms:Encrypt"],"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Resource":"*"}],` +
		`"Version":"2012-10-17"}`
	if got, _ := json.Marshal(doc); string(got) != want {
		t.Errorf("policy document\n got %s\nwant %s", got, want)
	}
	if strings.Contains(out["minifiedJson"].StringValue(), "\n") || !strings.Contains(out["json"].StringValue(), "\n") {
		t.Error("json must be indented and minifiedJson compact")
	}
	if _, err := AWS.Invoke(AWSEnv("us-east-1"), "aws:iam/getPolicyDocument:getPolicyDocument",
		resource.NewPropertyMapFromMap(map[string]any{"sourcePolicyDocuments": []any{"{}"}})); err == nil {
		t.Error("merging documents must fail, not be ignored")
	}
}
