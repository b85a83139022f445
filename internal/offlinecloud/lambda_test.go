package offlinecloud

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/archive"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/asset"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	functionT   = "aws:lambda/function:Function"
	permissionT = "aws:lambda/permission:Permission"
	lambdaTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole",` +
		`"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`
	guardRoleArn = "arn:aws:iam::123456789012:role/guard"
)

// The Lambda rules join the tables that TestEveryUniqueHasCases and
// TestEveryPrerequisiteHasCases keep complete.
func init() {
	uniqueCases = append(uniqueCases, uniqueCase{
		"LAMBDA-FUNCTION-TAKEN", functionT, AWS, AWSEnv("eu-west-1"), map[string]any{"name": "guard", "role": guardRoleArn},
		"ResourceConflictException: Function already exist: guard",
	})
	prereqCases = append(prereqCases, prereqCase{
		rule: "LAMBDA-VPC-ROLE", typ: functionT,
		in: inVPC(map[string]any{"name": "guard", "role": guardRoleArn}),
		setup: func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", typeIAMRole, "guard", map[string]any{"name": "guard", "assumeRolePolicy": lambdaTrust})
			create(t, a, "us-east-1", typeIAMRolePolicy, "guard", map[string]any{"name": "vpc", "role": "guard", "policy": allow("ec2:CreateNetworkInterface")})
		},
		// The account lacks the role at first: Lambda refuses the role
		// before it looks at its policies (the policies' refusal has its
		// cases in TestLambdaVPCFunctionNeedsNetworkInterfacePermission).
		want: "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.",
	})
}

// inVPC gives function inputs a VPC configuration.
func inVPC(in map[string]any) map[string]any {
	in["vpcConfig"] = map[string]any{"subnetIds": []any{"subnet-a", "subnet-b"}, "securityGroupIds": []any{"sg-1"}}
	return in
}

// allow is a policy document with one Allow statement of actions.
func allow(actions ...string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["` + strings.Join(actions, `","`) + `"],"Resource":"*"}]}`
}

// zipFile writes a small zip with one file to dir and returns its path
// and base64 SHA-256, which Lambda reports as the code's CodeSha256.
func zipFile(t *testing.T, dir, name, content string) (string, string) {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	fw, err := w.Create("bootstrap")
	if err == nil {
		_, err = fw.Write([]byte(content))
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return path, base64.StdEncoding.EncodeToString(sum[:])
}

func pathArchive(t *testing.T, path string) resource.PropertyValue {
	t.Helper()
	a, err := archive.FromPath(path)
	if err != nil {
		t.Fatal(err)
	}
	return resource.NewArchiveProperty(a)
}

func TestLambdaFunctionShape(t *testing.T) {
	path, sum := zipFile(t, t.TempDir(), "code.zip", "#!/bin/sh\n")
	in := resource.PropertyMap{
		"name": resource.NewProperty("guard-1a2b3c4"), "role": resource.NewProperty(guardRoleArn),
		"code": pathArchive(t, path), "runtime": resource.NewProperty("provided.al2023"),
	}
	id, out, err := AWS.Create(AWSEnv("eu-west-1"), functionT, urn(functionT, "guard"), in, false)
	if err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:lambda:eu-west-1:123456789012:function:guard-1a2b3c4"
	invoke := func(fn string) string {
		return "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + fn + "/invocations"
	}
	want := map[string]string{
		"id": "guard-1a2b3c4", "arn": arn, "invokeArn": invoke(arn),
		"qualifiedArn": arn + ":$LATEST", "qualifiedInvokeArn": invoke(arn + ":$LATEST"), "version": "$LATEST",
		"lastModified": "2026-01-01T00:00:00.000+0000", "codeSha256": sum, "sourceCodeHash": sum,
	}
	if id != want["id"] {
		t.Errorf("ID %q; want the name", id)
	}
	for k, v := range want {
		if got := out[resource.PropertyKey(k)]; !got.IsString() || got.StringValue() != v {
			t.Errorf("%s = %v; want %q", k, got, v)
		}
	}
	if !out["code"].IsArchive() || out["code"].ArchiveValue().Path != path {
		t.Errorf("the code archive must pass through: %v", out["code"])
	}

	// A published function's qualified ARNs name version 1; a given
	// sourceCodeHash is kept.
	in["publish"], in["sourceCodeHash"] = resource.NewProperty(true), resource.NewProperty("given")
	_, out, err = AWS.Create(AWSEnv("eu-west-1"), functionT, urn(functionT, "guard"), in, false)
	if err != nil {
		t.Fatal(err)
	}
	if out["version"].StringValue() != "1" || out["qualifiedArn"].StringValue() != arn+":1" || out["qualifiedInvokeArn"].StringValue() != invoke(arn+":1") ||
		out["sourceCodeHash"].StringValue() != "given" || out["codeSha256"].StringValue() != sum {
		t.Errorf("published: %v", out)
	}

	// Check autonames the function by its logical name and keeps the name.
	checked := AWS.Check(functionT, urn(functionT, "guard"), nil, resource.PropertyMap{"code": pathArchive(t, path)}, []byte("seed"))
	name := checked["name"].StringValue()
	if !strings.HasPrefix(name, "guard-") || len(name) != len("guard-")+7 {
		t.Errorf("autoname %q", name)
	}
	if again := AWS.Check(functionT, urn(functionT, "guard"), checked, resource.PropertyMap{"code": pathArchive(t, path)}, []byte("other")); again["name"].StringValue() != name {
		t.Errorf("the second check renamed the function: %v", again["name"])
	}
	if d := AWS.Diff(functionT, checked, AWS.Check(functionT, urn(functionT, "guard"), checked, resource.PropertyMap{"code": pathArchive(t, path)}, nil)); d.Changes != plugin.DiffNone {
		t.Errorf("a second run changes the function: %+v", d)
	}
	if d := AWS.Diff(functionT, in, with(in, "name", resource.NewProperty("other"))); len(d.ReplaceKeys) != 1 || d.ReplaceKeys[0] != "name" {
		t.Errorf("a new name must replace the function: %+v", d)
	}
}

// with returns a copy of m with k set to v.
func with(m resource.PropertyMap, k resource.PropertyKey, v resource.PropertyValue) resource.PropertyMap {
	out := m.Copy()
	out[k] = v
	return out
}

func TestLambdaPermissionShape(t *testing.T) {
	base := resource.PropertyMap{
		"action": resource.NewProperty("lambda:InvokeFunction"), "function": resource.NewProperty("guard"),
		"principal": resource.NewProperty("apigateway.amazonaws.com"),
		"sourceArn": resource.NewProperty("arn:aws:execute-api:us-east-1:123456789012:abc/v1/POST/invocations"),
	}
	for _, tt := range []struct {
		name   string
		in     resource.PropertyMap
		prefix string
		exact  string
	}{
		{"generated", base, "terraform-", ""},
		{"prefixed", with(base, "statementIdPrefix", resource.NewProperty("AllowAPI-")), "AllowAPI-", ""},
		{"given", with(base, "statementId", resource.NewProperty("AllowExecutionFromAPIGateway")), "", "AllowExecutionFromAPIGateway"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, out, err := AWS.Create(AWSEnv("us-east-1"), permissionT, urn(permissionT, "api-invocations"), tt.in, false)
			if err != nil {
				t.Fatal(err)
			}
			if tt.exact != "" && id != tt.exact || tt.exact == "" && (!strings.HasPrefix(id, tt.prefix) || len(id) != len(tt.prefix)+26) {
				t.Errorf("statement ID %q", id)
			}
			if out["statementId"].StringValue() != id || out.HasValue("arn") {
				t.Errorf("outputs %v", out)
			}
		})
	}
	// A second run with the same inputs changes nothing; any change
	// replaces the statement.
	if d := AWS.Diff(permissionT, base, base.Copy()); d.Changes != plugin.DiffNone {
		t.Errorf("same inputs: %+v", d)
	}
	for _, k := range []resource.PropertyKey{"sourceArn", "function", "principal", "action"} {
		if d := AWS.Diff(permissionT, base, with(base, k, resource.NewProperty("x"))); len(d.ReplaceKeys) != 1 || d.ReplaceKeys[0] != k {
			t.Errorf("a new %s: %+v", k, d)
		}
	}
}

// TestLambdaCodeArchives: a function's code arrives as an archive (a zip
// file, a directory, assets, a path that does not exist); Check, Diff,
// Create (which hashes the canonical inputs), the account's file store
// and the plugin's wire protocol take each without failing.
func TestLambdaCodeArchives(t *testing.T) {
	dir := t.TempDir()
	zipA, sumA := zipFile(t, dir, "a.zip", "one")
	zipB, sumB := zipFile(t, dir, "b.zip", "two")
	text, err := asset.FromText("#!/bin/sh\n")
	if err != nil {
		t.Fatal(err)
	}
	assets, err := archive.FromAssets(map[string]any{"bootstrap": text})
	if err != nil {
		t.Fatal(err)
	}
	missing := resource.NewArchiveProperty(&archive.Archive{Sig: archive.ArchiveSig, Path: filepath.Join(dir, "gone.zip")})
	codes := map[string]resource.PropertyValue{
		"zip": pathArchive(t, zipA), "directory": pathArchive(t, dir), "assets": resource.NewArchiveProperty(assets), "missing": missing,
		"secret": resource.MakeSecret(pathArchive(t, zipA)),
	}
	account, err := OpenAccount(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, code := range codes {
		t.Run(name, func(t *testing.T) {
			u := urn(functionT, "fn-"+name)
			in := AWS.Check(functionT, u, nil, resource.PropertyMap{"code": code, "role": resource.NewProperty(guardRoleArn)}, []byte("seed"))
			if !sameArchive(in["code"], code) || !in["name"].IsString() {
				t.Fatalf("check: %v", in)
			}
			if fails := AWS.CheckFailures(functionT, in); len(fails) != 0 {
				t.Errorf("check failures: %v", fails)
			}
			id1, out, err := AWS.CreateIn(account, AWSEnv("us-east-1"), functionT, u, in, false)
			if err != nil {
				t.Fatal(err)
			}
			if id2, _, _ := AWS.Create(AWSEnv("us-east-1"), functionT, u, in, false); id2 != id1 {
				t.Errorf("IDs %q and %q from the same inputs", id1, id2)
			}
			if sum := out["codeSha256"].StringValue(); name == "zip" && sum != sumA || len(sum) != 44 {
				t.Errorf("codeSha256 %q", sum)
			}
			stored, ok, err := account.Get(functionT, "us-east-1", id1)
			if err != nil || !ok || !sameArchive(stored.Outputs["code"], code) {
				t.Errorf("the account's copy: %v %v %v", ok, err, stored.Outputs["code"])
			}
			if _, _, _, err := AWS.ReadIn(account, AWSEnv("us-east-1"), functionT, id1, in); err != nil {
				t.Errorf("read: %v", err)
			}
		})
	}

	// The same zip is no change; another zip changes the function in place.
	a := resource.PropertyMap{"name": resource.NewProperty("fn"), "code": pathArchive(t, zipA)}
	if d := AWS.Diff(functionT, a, a.Copy()); d.Changes != plugin.DiffNone {
		t.Errorf("same code: %+v", d)
	}
	b := with(a, "code", pathArchive(t, zipB))
	if d := AWS.Diff(functionT, a, b); d.Changes != plugin.DiffSome || len(d.ReplaceKeys) != 0 {
		t.Errorf("new code: %+v", d)
	}
	if _, out, _ := AWS.Create(AWSEnv("us-east-1"), functionT, urn(functionT, "fn"), b, false); out["codeSha256"].StringValue() != sumB {
		t.Errorf("codeSha256 of the new code: %v; want %s", out["codeSha256"], sumB)
	}
	if d := AWS.Diff(functionT, a, with(a, "code", resource.MakeComputed(resource.NewProperty("")))); d.Changes != plugin.DiffSome {
		t.Errorf("code not known yet: %+v", d)
	}

	// Through the plugin's wire protocol, as the engine calls it.
	server := plugin.NewProviderServer(NewProvider(AWS))
	opts := plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true}
	news, err := plugin.MarshalProperties(resource.PropertyMap{"code": pathArchive(t, zipA), "role": resource.NewProperty(guardRoleArn)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := server.Configure(ctx, &pulumirpc.ConfigureRequest{Variables: map[string]string{"aws:config:region": "us-east-1"}, AcceptSecrets: true, AcceptResources: true}); err != nil {
		t.Fatal(err)
	}
	u := string(urn(functionT, "wire"))
	checked, err := server.Check(ctx, &pulumirpc.CheckRequest{Urn: u, Type: functionT, News: news, RandomSeed: []byte("seed")})
	if err != nil || len(checked.GetFailures()) != 0 {
		t.Fatalf("check: %v %v", err, checked.GetFailures())
	}
	props, err := plugin.UnmarshalProperties(checked.GetInputs(), opts)
	if err != nil || !props["code"].IsArchive() || props["code"].ArchiveValue().Path != zipA {
		t.Fatalf("checked inputs: %v %v", props, err)
	}
	diff, err := server.Diff(ctx, &pulumirpc.DiffRequest{Urn: u, Type: functionT, OldInputs: checked.GetInputs(), News: checked.GetInputs()})
	if err != nil || diff.GetChanges() != pulumirpc.DiffResponse_DIFF_NONE {
		t.Errorf("diff: %v %v", diff, err)
	}
	t.Setenv(AccountDirEnv, t.TempDir())
	created, err := server.Create(ctx, &pulumirpc.CreateRequest{Urn: u, Type: functionT, Properties: checked.GetInputs()})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := plugin.UnmarshalProperties(created.GetProperties(), opts)
	if err != nil || outs["codeSha256"].StringValue() != sumA || !outs["code"].IsArchive() {
		t.Errorf("created: %v %v", outs, err)
	}
}

// sameArchive says whether two values hold the same archive (its path,
// hash and assets), secret or not: an archive whose path does not exist
// is never DeepEquals to itself.
func sameArchive(a, b resource.PropertyValue) bool {
	unwrap := func(v resource.PropertyValue) (*archive.Archive, bool) {
		secret := false
		for v.IsSecret() {
			v, secret = v.SecretValue().Element, true
		}
		if !v.IsArchive() {
			return nil, secret
		}
		return v.ArchiveValue(), secret
	}
	x, xs := unwrap(a)
	y, ys := unwrap(b)
	return x != nil && y != nil && xs == ys && x.Path == y.Path && x.Hash == y.Hash && len(x.Assets) == len(y.Assets)
}

// TestLambdaVPCFunctionNeedsNetworkInterfacePermission: a function in a
// VPC is created only when its execution role lets Lambda assume it and
// lets it create network interfaces, however the role holds that
// permission.
func TestLambdaVPCFunctionNeedsNetworkInterfacePermission(t *testing.T) {
	const (
		noENI       = "InvalidParameterValueException: The provided execution role does not have permissions to call CreateNetworkInterface on EC2"
		notAssumed  = "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda."
		vpcAccess   = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
		basicAccess = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	)
	role := func(t *testing.T, a *Account, extra map[string]any) {
		in := map[string]any{"name": "guard", "assumeRolePolicy": lambdaTrust}
		for k, v := range extra {
			in[k] = v
		}
		create(t, a, "us-east-1", typeIAMRole, "guard", in)
	}
	inline := func(doc string) func(*testing.T, *Account) {
		return func(t *testing.T, a *Account) {
			role(t, a, nil)
			create(t, a, "us-east-1", typeIAMRolePolicy, "guard", map[string]any{"name": "p", "role": "guard", "policy": doc})
		}
	}
	attached := func(arn string) func(*testing.T, *Account) {
		return func(t *testing.T, a *Account) {
			role(t, a, nil)
			create(t, a, "us-east-1", typeIAMRoleAttachment, "guard", map[string]any{"role": "guard", "policyArn": arn})
		}
	}
	for _, tt := range []struct {
		name  string
		setup func(*testing.T, *Account)
		vpc   bool
		want  string // "" when accepted
	}{
		{"outside a VPC, nothing is asked", func(*testing.T, *Account) {}, false, ""},
		{"the account lacks the role", func(*testing.T, *Account) {}, true, notAssumed},
		{"a role Lambda may not assume", func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", typeIAMRole, "guard", map[string]any{"name": "guard", "assumeRolePolicy": strings.ReplaceAll(lambdaTrust, "lambda.", "ec2.")})
		}, true, notAssumed},
		{"a role without policies", func(t *testing.T, a *Account) { role(t, a, nil) }, true, noENI},
		{"an inline policy for logs only", inline(allow("logs:CreateLogStream", "logs:PutLogEvents")), true, noENI},
		{"an inline policy allowing it", inline(allow("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces")), true, ""},
		{"ec2:*", inline(allow("ec2:*")), true, ""},
		{"ec2:Create*, any case", inline(allow("EC2:create*")), true, ""},
		{"*", inline(allow("*")), true, ""},
		{"NotAction of other services", inline(`{"Statement":[{"Effect":"Allow","NotAction":["iam:*","kms:*"],"Resource":"*"}]}`), true, ""},
		{"NotAction of EC2", inline(`{"Statement":[{"Effect":"Allow","NotAction":"ec2:*","Resource":"*"}]}`), true, noENI},
		{"a statement as an object", inline(`{"Statement":{"Effect":"Allow","Action":"ec2:CreateNetworkInterface","Resource":"*"}}`), true, ""},
		{"an unconditional Deny wins", func(t *testing.T, a *Account) {
			inline(allow("ec2:CreateNetworkInterface"))(t, a)
			create(t, a, "us-east-1", typeIAMRolePolicy, "deny", map[string]any{"name": "deny", "role": "guard", "policy": `{"Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}`})
		}, true, noENI},
		{"a conditional Deny does not", func(t *testing.T, a *Account) {
			inline(allow("ec2:CreateNetworkInterface"))(t, a)
			create(t, a, "us-east-1", typeIAMRolePolicy, "deny", map[string]any{"name": "deny", "role": "guard",
				"policy": `{"Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"StringNotEquals":{"ec2:Vpc":"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"}}}]}`})
		}, true, ""},
		{"another role's policy", func(t *testing.T, a *Account) {
			role(t, a, nil)
			create(t, a, "us-east-1", typeIAMRolePolicy, "other", map[string]any{"name": "p", "role": "other", "policy": allow("ec2:*")})
		}, true, noENI},
		{"AWSLambdaVPCAccessExecutionRole attached", attached(vpcAccess), true, ""},
		{"AWSLambdaBasicExecutionRole attached", attached(basicAccess), true, noENI},
		{"a policy of the account attached", func(t *testing.T, a *Account) {
			create(t, a, "us-east-1", typeIAMPolicy, "eni", map[string]any{"name": "eni", "policy": allow("ec2:CreateNetworkInterface")})
			attached("arn:aws:iam::123456789012:policy/eni")(t, a)
		}, true, ""},
		{"a policy the account lacks", attached("arn:aws:iam::123456789012:policy/eni"), true, noENI},
		{"a policy attachment naming the role", func(t *testing.T, a *Account) {
			role(t, a, nil)
			create(t, a, "us-east-1", typeIAMPolicyAttach, "vpc", map[string]any{"name": "vpc", "roles": []any{"ops", "guard"}, "policyArn": vpcAccess})
		}, true, ""},
		{"the role's inline policies", func(t *testing.T, a *Account) {
			role(t, a, map[string]any{"inlinePolicies": []any{map[string]any{"name": "vpc", "policy": allow("ec2:CreateNetworkInterface")}}})
		}, true, ""},
		{"the role's managed policies", func(t *testing.T, a *Account) {
			role(t, a, map[string]any{"managedPolicyArns": []any{basicAccess, vpcAccess}})
		}, true, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := NewMemoryAccount(Settings{})
			tt.setup(t, a)
			in := map[string]any{"name": "fn", "role": guardRoleArn}
			if tt.vpc {
				inVPC(in)
			}
			_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), functionT, urnOf("dev", functionT, "fn"), inputs(in), false)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "offline cloud rule LAMBDA-VPC-ROLE")):
				t.Errorf("got %v; want %q from LAMBDA-VPC-ROLE", err, tt.want)
			}
		})
	}

	// An empty VPC configuration is none; a preview checks nothing.
	a := NewMemoryAccount(Settings{})
	empty := map[string]any{"name": "fn", "role": guardRoleArn, "vpcConfig": map[string]any{"subnetIds": []any{}, "securityGroupIds": []any{}}}
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), functionT, urnOf("dev", functionT, "fn"), inputs(empty), false); err != nil {
		t.Errorf("an empty vpcConfig: %v", err)
	}
	if _, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), functionT, urnOf("dev", functionT, "fn2"), inputs(inVPC(map[string]any{"name": "fn2", "role": guardRoleArn})), true); err != nil {
		t.Errorf("a preview: %v", err)
	}
}

// TestLambdaFunctionNamesAreRegional: a function name is unique in its
// account and region only.
func TestLambdaFunctionNamesAreRegional(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	for i, c := range []struct {
		region, name string
	}{{"us-east-1", "guard"}, {"us-west-2", "guard"}, {"eu-west-1", "guard"}} {
		u := urnOf("dev", functionT, "fn"+string(rune('a'+i)))
		if _, _, err := AWS.CreateIn(a, AWSEnv(c.region), functionT, u, inputs(map[string]any{"name": c.name, "role": guardRoleArn}), false); err != nil {
			t.Errorf("%s in %s: %v", c.name, c.region, err)
		}
	}
}
