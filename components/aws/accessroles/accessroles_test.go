package accessroles

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	roleT       = "aws:iam/role:Role"
	rolePolicyT = "aws:iam/rolePolicy:RolePolicy"
	attachT     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	oidcT       = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"

	bucket = "arn:aws:s3:::models-0123abc"
	key    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	// The primary and DR front doors' POST /invocations.
	invocations   = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/invocations"
	invocationsDR = "arn:aws:execute-api:us-west-2:123456789012:f6g7h8i9j0/v1/POST/invocations"
	root          = "arn:aws:iam::123456789012:root"
	vpce          = "vpce-0a1b2c3d4e5f60718"
	vpce2         = "vpce-1b2c3d4e"
)

var kinds = []string{KindDeploy, KindPublish, KindInvoke, KindAudit}

func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, map[string]string, error) {
	t.Helper()
	var arns map[string]string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		r, err := NewRoles(ctx, "access", args, opts...)
		if err != nil {
			return err
		}
		r.RoleArns.ApplyT(func(m map[string]string) error { arns = m; return nil })
		return nil
	})
	return rec, arns, err
}

func policy(t *testing.T, rec *mocktest.Recording, typ, name, field string) *mocktest.Policy {
	t.Helper()
	r := rec.Find(typ, name)
	if r == nil {
		t.Fatalf("no %s %s:\n%s", typ, name, rec)
	}
	p, err := r.Policy(field)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// assertLeastPrivilege fails on any Allow statement of any role policy
// that grants an action with a wildcard on the resource "*", or an action
// that is all of a service.
func assertLeastPrivilege(t *testing.T, rec *mocktest.Recording) {
	t.Helper()
	for _, rp := range rec.OfType(rolePolicyT) {
		p, err := rp.Policy("policy")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.Statement {
			if s.Effect != "Allow" {
				continue
			}
			if len(s.NotAction) > 0 || len(s.NotResource) > 0 {
				t.Errorf("%s: statement %s uses NotAction or NotResource", rp.Name, s.Sid)
			}
			for _, a := range s.Action {
				if a == "*" || strings.HasSuffix(a, ":*") || strings.Contains(a, "*") && slices.Contains(s.Resource, "*") {
					t.Errorf("%s: statement %s grants %s on %v", rp.Name, s.Sid, a, s.Resource)
				}
			}
		}
	}
}

// assertRuntimeDenied follows each role to its inline policy: no Allow
// statement names a SageMaker action (or a wildcard that covers one), and
// the policy denies the runtime's invoke actions on "*", with a condition
// on aws:SourceVpce naming exactly vpces when given.
func assertRuntimeDenied(t *testing.T, rec *mocktest.Recording, vpces ...string) {
	t.Helper()
	roles := rec.OfType(roleT)
	if len(roles) == 0 {
		t.Fatalf("no role:\n%s", rec)
	}
	for _, role := range roles {
		var own []*mocktest.Resource
		for _, rp := range rec.OfType(rolePolicyT) {
			if rp.Str("role") == role.ID {
				own = append(own, rp)
			}
		}
		if len(own) != 1 || own[0].Name != role.Name {
			t.Errorf("%s has inline policies %v; want one, %s", role.Name, own, role.Name)
			continue
		}
		p, err := own[0].Policy("policy")
		if err != nil {
			t.Fatal(err)
		}
		var denies int
		for _, s := range p.Statement {
			if s.Effect == "Allow" {
				for _, a := range s.Action {
					if la := strings.ToLower(a); strings.HasPrefix(la, "sagemaker:") || la == "*" || strings.HasPrefix(la, "sagemaker*") {
						t.Errorf("%s: statement %s allows %s", role.Name, s.Sid, a)
					}
				}
				continue
			}
			if !slices.ContainsFunc(s.Action, func(a string) bool { return strings.HasPrefix(a, "sagemaker:") }) {
				continue
			}
			denies++
			if s.Sid != SidDenyRuntime || !slices.Equal(s.Action, RuntimeInvokeActions) || !slices.Equal(s.Resource, []string{"*"}) {
				t.Errorf("%s: runtime deny %+v", role.Name, s)
			}
			switch {
			case len(vpces) == 0 && s.Condition != nil:
				t.Errorf("%s: the runtime deny has a condition without RuntimeVpcEndpointIds: %v", role.Name, s.Condition)
			case len(vpces) > 0 && (len(s.Condition) != 1 || len(s.Condition["StringNotEquals"]) != 1 ||
				!slices.Equal(s.Values("StringNotEquals", "aws:SourceVpce"), vpces)):
				t.Errorf("%s: the runtime deny's condition is %v; want StringNotEquals aws:SourceVpce %v", role.Name, s.Condition, vpces)
			}
		}
		if denies != 1 {
			t.Errorf("%s: %d runtime deny statements; want 1: %+v", role.Name, denies, p.Statement)
		}
	}
}

func TestDefaults(t *testing.T) {
	rec, arns, err := run(t, &Args{Audit: &AuditRole{}})
	if err != nil {
		t.Fatal(err)
	}
	comp, role := rec.Find(Type, "access"), rec.Find(roleT, "access-audit")
	if comp == nil || role == nil || role.Parent != comp.URN {
		t.Fatalf("want a %s with the audit role:\n%s", Type, rec)
	}
	if n := len(rec.OfType(roleT)); n != 1 || len(rec.OfType(oidcT)) != 0 || len(rec.OfType(attachT)) != 0 {
		t.Errorf("only the declared role: %v", rec.Types())
	}
	if role.Num("maxSessionDuration") != 3600 || role.Has("permissionsBoundary") {
		t.Errorf("role: %v", role.Inputs)
	}
	trust := policy(t, rec, roleT, "access-audit", "assumeRolePolicy")
	if len(trust.Statement) != 1 || trust.Statement[0].Sid != SidAccountPrincipals || !slices.Equal(trust.Statement[0].Principal["AWS"], []string{root}) ||
		!slices.Equal(trust.Statement[0].Action, []string{"sts:AssumeRole"}) || trust.Statement[0].Condition != nil {
		t.Errorf("trust: %+v", trust.Statement)
	}
	p := policy(t, rec, rolePolicyT, "access-audit", "policy")
	if !slices.Equal(p.Sids(), []string{SidDenyRuntime, SidListLogs, SidReadLogGroups, SidReadTrails}) {
		t.Errorf("audit statements %v", p.Sids())
	}
	if s := p.Find(SidReadLogGroups); !slices.Equal(s.Resource, []string{"arn:aws:logs:*:123456789012:log-group:*"}) || !slices.Equal(s.Action, AuditLogGroupActions) {
		t.Errorf("log groups: %+v", s)
	}
	if s := p.Find(SidReadTrails); !slices.Equal(s.Action, AuditTrailActions) || !slices.Equal(s.Resource, []string{"*"}) {
		t.Errorf("trails: %+v", s)
	}
	for _, s := range p.Statement {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range s.Action {
			if verb := a[strings.Index(a, ":")+1:]; !slices.ContainsFunc([]string{"Describe", "Get", "List", "Lookup", "Filter", "StartQuery", "StopQuery"}, func(p string) bool { return strings.HasPrefix(verb, p) }) {
				t.Errorf("the audit role may %s", a)
			}
		}
	}
	assertLeastPrivilege(t, rec)
	assertRuntimeDenied(t, rec)
	if len(arns) != 1 || arns[KindAudit] != role.Out("arn") {
		t.Errorf("RoleArns %v", arns)
	}
}

func TestDeployRole(t *testing.T) {
	rec, _, err := run(t, &Args{Deploy: &DeployRole{}})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(roleT, "access-deploy") == nil || len(rec.OfType(rolePolicyT)) != 1 || len(rec.OfType(attachT)) != 0 {
		t.Errorf("by default the deploy role may do nothing:\n%s", rec)
	}
	// Its inline policy only denies the SageMaker runtime.
	if p := policy(t, rec, rolePolicyT, "access-deploy", "policy"); len(p.Statement) != 1 || p.Statement[0].Effect != "Deny" {
		t.Errorf("deploy role's inline policy: %+v", p.Statement)
	}
	assertRuntimeDenied(t, rec)

	boundary := "arn:aws:iam::123456789012:policy/modelfort-boundary"
	rec, _, err = run(t, &Args{Deploy: &DeployRole{
		Trust: Trust{PermissionsBoundaryArn: pulumi.String(boundary), MaxSessionHours: 2},
		ManagedPolicyArns: []pulumi.StringInput{
			pulumi.String("arn:aws:iam::123456789012:policy/modelfort-deploy"),
			pulumi.String("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"),
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	role := rec.Find(roleT, "access-deploy")
	if role.Str("permissionsBoundary") != boundary || role.Num("maxSessionDuration") != 7200 {
		t.Errorf("role: %v", role.Inputs)
	}
	var attached []string
	for _, a := range rec.OfType(attachT) {
		if a.Str("role") != role.ID {
			t.Errorf("attachment %s to %s", a.Name, a.Str("role"))
		}
		attached = append(attached, a.Str("policyArn"))
	}
	slices.Sort(attached)
	if !slices.Equal(attached, []string{"arn:aws:iam::123456789012:policy/modelfort-deploy", "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"}) {
		t.Errorf("attached %v", attached)
	}
	// AmazonSageMakerFullAccess allows sagemaker:*; the inline deny still
	// keeps the role off the runtime.
	assertRuntimeDenied(t, rec)
}

func TestPublishRole(t *testing.T) {
	rec, _, err := run(t, &Args{Publish: &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key)}})
	if err != nil {
		t.Fatal(err)
	}
	p := policy(t, rec, rolePolicyT, "access-publish", "policy")
	if s := p.Find(SidWriteModels); s == nil || !slices.Equal(s.Action, PublishActions) || !slices.Equal(s.Resource, []string{bucket + "/models/*"}) {
		t.Errorf("write: %+v", s)
	}
	if s := p.Find(SidListModelPrefix); s == nil || !slices.Equal(s.Action, []string{"s3:ListBucket"}) || !slices.Equal(s.Resource, []string{bucket}) ||
		!slices.Equal(s.Values("StringLike", "s3:prefix"), []string{"models/*"}) {
		t.Errorf("list: %+v", s)
	}
	if s := p.Find(SidEncryptModels); s == nil || !slices.Equal(s.Action, []string{"kms:Decrypt", "kms:GenerateDataKey"}) || !slices.Equal(s.Resource, []string{key}) ||
		!slices.Equal(s.Values("StringEquals", "kms:ViaService"), []string{"s3.us-east-1.amazonaws.com"}) {
		t.Errorf("encrypt: %+v", s)
	}
	if s := p.Find(SidDenyModelChanges); s == nil || s.Effect != "Deny" || !slices.Contains(s.Action, "s3:DeleteObjectVersion") ||
		!slices.Contains(s.Action, "s3:BypassGovernanceRetention") || !slices.Equal(s.Resource, []string{bucket + "/*"}) {
		t.Errorf("deny object changes: %+v", s)
	}
	if s := p.Find(SidDenyBucketChanges); s == nil || s.Effect != "Deny" || !slices.Contains(s.Action, "s3:PutBucketPolicy") || !slices.Equal(s.Resource, []string{bucket}) {
		t.Errorf("deny bucket changes: %+v", s)
	}
	// It reads back what it wrote, under the prefix only.
	if s := p.Find(SidReadModels); s == nil || !slices.Equal(s.Action, []string{"s3:GetObject"}) || !slices.Equal(s.Resource, []string{bucket + "/models/*"}) {
		t.Errorf("read: %+v", s)
	}
	for _, a := range []string{"s3:DeleteObject", "kms:Encrypt", "s3:PutObjectRetention", "s3:GetObjectVersion"} {
		if p.Allows(a) {
			t.Errorf("the publish role may %s", a)
		}
	}
	if p.Find(SidListReplicaPrefix) != nil || p.Find(SidDecryptReplica) != nil {
		t.Errorf("replica statements without a replica: %v", p.Sids())
	}
	assertLeastPrivilege(t, rec)
	assertRuntimeDenied(t, rec)

	// With the replica: read it under the prefix, decrypt through S3 in
	// the replica key's region; write nothing there.
	const replica, replicaKey = "arn:aws:s3:::models-replica", "arn:aws:kms:us-west-2:123456789012:key/mrk-1"
	rec, _, err = run(t, &Args{Publish: &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key),
		ReplicaBucketArn: pulumi.String(replica), ReplicaKMSKeyArn: pulumi.String(replicaKey)}})
	if err != nil {
		t.Fatal(err)
	}
	p = policy(t, rec, rolePolicyT, "access-publish", "policy")
	if s := p.Find(SidReadModels); s == nil || !slices.Equal(s.Resource, []string{bucket + "/models/*", replica + "/models/*"}) {
		t.Errorf("read: %+v", s)
	}
	if s := p.Find(SidListReplicaPrefix); s == nil || !slices.Equal(s.Resource, []string{replica}) || !slices.Equal(s.Values("StringLike", "s3:prefix"), []string{"models/*"}) {
		t.Errorf("list replica: %+v", s)
	}
	if s := p.Find(SidDecryptReplica); s == nil || !slices.Equal(s.Action, []string{"kms:Decrypt"}) || !slices.Equal(s.Resource, []string{replicaKey}) ||
		!slices.Equal(s.Values("StringEquals", "kms:ViaService"), []string{"s3.us-west-2.amazonaws.com"}) {
		t.Errorf("decrypt replica: %+v", s)
	}
	if s := p.Find(SidWriteModels); !slices.Equal(s.Resource, []string{bucket + "/models/*"}) {
		t.Errorf("writes %v", s.Resource)
	}
	if _, _, err := run(t, &Args{Publish: &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key), ReplicaBucketArn: pulumi.String(replica)}}); err == nil ||
		!strings.Contains(err.Error(), "Publish.ReplicaBucketArn and Publish.ReplicaKMSKeyArn go together") {
		t.Errorf("a replica without its key: %v", err)
	}

	// Another prefix; a key in another region is used through S3 there.
	rec, _, err = run(t, &Args{Publish: &PublishRole{
		BucketArn: pulumi.String(bucket), Prefix: "llm/deepseek/",
		KMSKeyArn: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/abc"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	p = policy(t, rec, rolePolicyT, "access-publish", "policy")
	if p.Find(SidWriteModels).Resource[0] != bucket+"/llm/deepseek/*" ||
		p.Find(SidEncryptModels).Values("StringEquals", "kms:ViaService")[0] != "s3.eu-west-1.amazonaws.com" {
		t.Errorf("publish policy: %+v", p.Statement)
	}
}

func TestInvokeRole(t *testing.T) {
	rec, _, err := run(t, &Args{Invoke: &InvokeRole{InvocationsArns: []pulumi.StringInput{pulumi.String(invocations), pulumi.String(invocationsDR)}}})
	if err != nil {
		t.Fatal(err)
	}
	p := policy(t, rec, rolePolicyT, "access-invoke", "policy")
	if !slices.Equal(p.Sids(), []string{SidDenyRuntime, SidInvokeAPIs}) {
		t.Errorf("invoke statements %v", p.Sids())
	}
	// The one Allow: exactly execute-api:Invoke on exactly the front doors.
	var allows []mocktest.Statement
	for _, s := range p.Statement {
		if s.Effect == "Allow" {
			allows = append(allows, s)
		}
	}
	if len(allows) != 1 || allows[0].Sid != SidInvokeAPIs || !slices.Equal(allows[0].Action, []string{"execute-api:Invoke"}) ||
		!slices.Equal(allows[0].Resource, []string{invocations, invocationsDR}) || allows[0].Condition != nil ||
		len(allows[0].NotAction) > 0 || len(allows[0].NotResource) > 0 {
		t.Errorf("invoke allows: %+v", allows)
	}
	assertLeastPrivilege(t, rec)
	assertRuntimeDenied(t, rec)

	// A front door's InvocationsArn, an output, is taken as it comes.
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		api, err := apigateway.NewRestApi(ctx, "api", &apigateway.RestApiArgs{})
		if err != nil {
			return err
		}
		_, err = NewRoles(ctx, "access", &Args{Invoke: &InvokeRole{
			InvocationsArns: []pulumi.StringInput{pulumi.Sprintf("%s/v1/POST/invocations", api.ExecutionArn)},
		}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := rec.Find("aws:apigateway/restApi:RestApi", "api").Out("executionArn") + "/v1/POST/invocations"
	p = policy(t, rec, rolePolicyT, "access-invoke", "policy")
	if s := p.Find(SidInvokeAPIs); s == nil || !slices.Equal(s.Resource, []string{want}) || !strings.HasPrefix(want, "arn:aws:execute-api:us-east-1:123456789012:") {
		t.Errorf("invoke the front door %s: %+v", want, s)
	}
}

// TestRuntimeDeny: every role is denied the SageMaker runtime, on every
// path by default, on every path but the named VPC endpoints with
// RuntimeVpcEndpointIds.
func TestRuntimeDeny(t *testing.T) {
	all := func(vpces ...string) *Args {
		return &Args{
			Deploy:                &DeployRole{ManagedPolicyArns: []pulumi.StringInput{pulumi.String("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")}},
			Publish:               &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key)},
			Invoke:                &InvokeRole{InvocationsArns: []pulumi.StringInput{pulumi.String(invocations)}},
			Audit:                 &AuditRole{},
			RuntimeVpcEndpointIds: pulumi.ToStringArray(vpces),
		}
	}
	rec, _, err := run(t, all())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.OfType(rolePolicyT)); n != len(kinds) {
		t.Errorf("%d inline policies; want one a role: %v", n, rec.Types())
	}
	assertRuntimeDenied(t, rec)

	rec, _, err = run(t, all(vpce, vpce2))
	if err != nil {
		t.Fatal(err)
	}
	assertRuntimeDenied(t, rec, vpce, vpce2)
	assertLeastPrivilege(t, rec)
	// The named VPC endpoints loosen the deny only: no role gains an Allow.
	if s := policy(t, rec, rolePolicyT, "access-invoke", "policy").Find(SidInvokeAPIs); s.Condition != nil || !slices.Equal(s.Action, []string{"execute-api:Invoke"}) {
		t.Errorf("invoke allow: %+v", s)
	}
	// The policy pack's IAM rules pass every role.
	var iamRules []rules.Rule
	for _, r := range rules.All() {
		if r.ID == "iam-no-wildcard-admin" || r.ID == "sagemaker-runtime-through-vpc-endpoint" {
			iamRules = append(iamRules, r)
		}
	}
	if len(iamRules) != 2 {
		t.Fatalf("rules %v", iamRules)
	}
	if vs := rules.Evaluate(rulestest.Stack(rec, "prod"), iamRules); len(vs) > 0 {
		t.Errorf("the roles violate the policy pack:\n%s", rules.Table(vs))
	}
}

func TestAuditRoleOptions(t *testing.T) {
	group := "arn:aws:logs:us-east-1:123456789012:log-group:audit-1234567"
	rec, _, err := run(t, &Args{Audit: &AuditRole{
		Trust:         Trust{RequireMFA: true, Principals: []pulumi.StringInput{pulumi.String("arn:aws:iam::123456789012:role/security")}},
		LogGroupArns:  []pulumi.StringInput{pulumi.String(group)},
		LogBucketArns: []pulumi.StringInput{pulumi.String("arn:aws:s3:::audit-logs")},
		KMSKeyArns:    []pulumi.StringInput{pulumi.String(key)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	trust := policy(t, rec, roleT, "access-audit", "assumeRolePolicy")
	if s := trust.Statement[0]; !slices.Equal(s.Principal["AWS"], []string{"arn:aws:iam::123456789012:role/security"}) ||
		!slices.Equal(s.Values("Bool", "aws:MultiFactorAuthPresent"), []string{"true"}) {
		t.Errorf("trust: %+v", trust.Statement)
	}
	p := policy(t, rec, rolePolicyT, "access-audit", "policy")
	if s := p.Find(SidReadLogGroups); !slices.Equal(s.Resource, []string{group, group + ":*"}) {
		t.Errorf("log groups: %+v", s)
	}
	if s := p.Find(SidReadLogBuckets); s == nil || !slices.Equal(s.Action, []string{"s3:GetObject", "s3:GetObjectVersion"}) || !slices.Equal(s.Resource, []string{"arn:aws:s3:::audit-logs/*"}) {
		t.Errorf("log buckets: %+v", s)
	}
	if s := p.Find(SidListLogBuckets); s == nil || !slices.Equal(s.Resource, []string{"arn:aws:s3:::audit-logs"}) {
		t.Errorf("log bucket listing: %+v", s)
	}
	if s := p.Find(SidDecryptLogs); s == nil || !slices.Equal(s.Action, []string{"kms:Decrypt", "kms:DescribeKey"}) || !slices.Equal(s.Resource, []string{key}) {
		t.Errorf("decrypt: %+v", s)
	}
	assertLeastPrivilege(t, rec)
	assertRuntimeDenied(t, rec)
}

func TestCI(t *testing.T) {
	rec, _, err := run(t, &Args{
		CI:     &CIProvider{},
		Deploy: &DeployRole{Trust: Trust{CISubjects: []string{"repo:my-org/models:environment:prod"}}},
		Publish: &PublishRole{
			Trust:     Trust{CISubjects: []string{"repo:my-org/models:ref:refs/heads/*"}, Principals: []pulumi.StringInput{pulumi.String("123456789012")}},
			BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	prov := rec.Find(oidcT, "access-ci")
	if prov == nil || prov.Str("url") != DefaultCIURL || !slices.Equal(prov.Strs("clientIdLists"), []string{"sts.amazonaws.com"}) || len(prov.Strs("thumbprintLists")) != 0 {
		t.Fatalf("OIDC provider: %v", prov)
	}
	const host = "token.actions.githubusercontent.com"
	trust := policy(t, rec, roleT, "access-deploy", "assumeRolePolicy")
	if len(trust.Statement) != 1 {
		t.Fatalf("a CI-only role trusts CI alone: %+v", trust.Statement)
	}
	s := trust.Find(SidCI)
	if s == nil || !slices.Equal(s.Principal["Federated"], []string{prov.Out("arn")}) || !slices.Equal(s.Action, []string{"sts:AssumeRoleWithWebIdentity"}) ||
		!slices.Equal(s.Values("StringEquals", host+":aud"), []string{"sts.amazonaws.com"}) ||
		!slices.Equal(s.Values("StringLike", host+":sub"), []string{"repo:my-org/models:environment:prod"}) {
		t.Errorf("CI trust: %+v", s)
	}
	trust = policy(t, rec, roleT, "access-publish", "assumeRolePolicy")
	if trust.Find(SidCI) == nil || !slices.Equal(trust.Find(SidAccountPrincipals).Principal["AWS"], []string{"123456789012"}) {
		t.Errorf("principals and CI: %+v", trust.Statement)
	}

	// An existing provider, another issuer and audience.
	existing := "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com"
	rec, _, err = run(t, &Args{
		CI:     &CIProvider{URL: "https://gitlab.example.com", Audiences: []string{"https://gitlab.example.com"}, ProviderArn: pulumi.String(existing)},
		Deploy: &DeployRole{Trust: Trust{CISubjects: []string{"project_path:ml/models:ref_type:branch:ref:main"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(oidcT)) != 0 {
		t.Error("a provider was created although ProviderArn was given")
	}
	s = policy(t, rec, roleT, "access-deploy", "assumeRolePolicy").Find(SidCI)
	if !slices.Equal(s.Principal["Federated"], []string{existing}) || !slices.Equal(s.Values("StringEquals", "gitlab.example.com:aud"), []string{"https://gitlab.example.com"}) {
		t.Errorf("CI trust: %+v", s)
	}

	rec, _, err = run(t, &Args{CI: &CIProvider{Thumbprints: []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}}, Audit: &AuditRole{}})
	if err != nil {
		t.Fatal(err)
	}
	if p := rec.Find(oidcT, "access-ci"); !slices.Equal(p.Strs("thumbprintLists"), []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}) {
		t.Errorf("thumbprints: %v", p.Inputs)
	}
}

func TestAllRolesLeastPrivilege(t *testing.T) {
	rec, arns, err := run(t, &Args{
		CI:      &CIProvider{},
		Deploy:  &DeployRole{Trust: Trust{CISubjects: []string{"repo:o/r:environment:prod"}}},
		Publish: &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key)},
		Invoke:  &InvokeRole{InvocationsArns: []pulumi.StringInput{pulumi.String(invocations), pulumi.String(invocationsDR)}},
		Audit: &AuditRole{
			LogBucketArns: []pulumi.StringInput{pulumi.String("arn:aws:s3:::audit-logs")},
			KMSKeyArns:    []pulumi.StringInput{pulumi.String(key)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(roleT)) != 4 || len(rec.OfType(rolePolicyT)) != 4 || len(arns) != 4 {
		t.Fatalf("roles: %v, %v", rec.Types(), arns)
	}
	for _, kind := range kinds {
		if arns[kind] != rec.Find(roleT, "access-"+kind).Out("arn") {
			t.Errorf("RoleArns[%s] = %q", kind, arns[kind])
		}
	}
	assertLeastPrivilege(t, rec)
	assertRuntimeDenied(t, rec)
}

func TestRejections(t *testing.T) {
	publish := func(p PublishRole) *Args {
		if p.BucketArn == nil {
			p.BucketArn = pulumi.String(bucket)
		}
		if p.KMSKeyArn == nil {
			p.KMSKeyArn = pulumi.String(key)
		}
		return &Args{Publish: &p}
	}
	invoke := func(arns ...string) *Args {
		return &Args{Invoke: &InvokeRole{InvocationsArns: pulumi.ToStringArray(arns)}}
	}
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"nil args", nil, "accessroles access: no role declared; set at least one of Deploy, Publish, Invoke and Audit"},
		{"administrator deploy", &Args{Deploy: &DeployRole{ManagedPolicyArns: []pulumi.StringInput{pulumi.String("arn:aws:iam::aws:policy/AdministratorAccess")}}}, "Deploy.ManagedPolicyArns[0] is arn:aws:iam::aws:policy/AdministratorAccess; AdministratorAccess, PowerUserAccess, IAMFullAccess are refused"},
		{"power user deploy", &Args{Deploy: &DeployRole{ManagedPolicyArns: []pulumi.StringInput{pulumi.String("arn:aws:iam::aws:policy/PowerUserAccess")}}}, "is arn:aws:iam::aws:policy/PowerUserAccess; AdministratorAccess, PowerUserAccess, IAMFullAccess are refused"},
		{"not a policy", &Args{Deploy: &DeployRole{ManagedPolicyArns: []pulumi.StringInput{pulumi.String("*")}}}, `Deploy.ManagedPolicyArns[0] is "*"; give a managed policy ARN`},
		{"nil policy", &Args{Deploy: &DeployRole{ManagedPolicyArns: []pulumi.StringInput{nil}}}, "Deploy.ManagedPolicyArns[0] is nil"},
		{"publish without a bucket", &Args{Publish: &PublishRole{KMSKeyArn: pulumi.String(key)}}, "Publish.BucketArn is nil; give an S3 bucket ARN"},
		{"publish without a key", &Args{Publish: &PublishRole{BucketArn: pulumi.String(bucket)}}, "Publish.KMSKeyArn is nil; give a KMS key ARN"},
		{"publish to every bucket", publish(PublishRole{BucketArn: pulumi.String("arn:aws:s3:::*")}), `Publish.BucketArn is "arn:aws:s3:::*"; give an S3 bucket ARN (arn:aws:s3:::NAME), without wildcards`},
		{"publish with any key", publish(PublishRole{KMSKeyArn: pulumi.String("*")}), `Publish.KMSKeyArn is "*"`},
		{"publish with an alias", publish(PublishRole{KMSKeyArn: pulumi.String("arn:aws:kms:us-east-1:123456789012:alias/models")}), `Publish.KMSKeyArn is "arn:aws:kms:us-east-1:123456789012:alias/models"`},
		{"prefix with a wildcard", publish(PublishRole{Prefix: "models/*/"}), `Publish.Prefix is "models/*/"`},
		{"prefix without a slash", publish(PublishRole{Prefix: "models"}), `Publish.Prefix is "models"; give a key prefix that ends with '/'`},
		{"invoke nothing", &Args{Invoke: &InvokeRole{}}, "Invoke.InvocationsArns is empty; name the front doors the role may call, as arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/STAGE/POST/invocations"},
		{"invoke a SageMaker endpoint", invoke("arn:aws:sagemaker:us-east-1:123456789012:endpoint/deepseek-r1-distill"), `Invoke.InvocationsArns[0] is "arn:aws:sagemaker:us-east-1:123456789012:endpoint/deepseek-r1-distill"; give the execute-api ARN of a front door's POST /invocations (arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/STAGE/POST/invocations), without wildcards`},
		{"every API", invoke("arn:aws:execute-api:us-east-1:123456789012:*/v1/POST/invocations"), `Invoke.InvocationsArns[0] is "arn:aws:execute-api:us-east-1:123456789012:*/v1/POST/invocations"; give the execute-api ARN`},
		{"every stage", invoke("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/invocations"), `Invoke.InvocationsArns[0] is "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/invocations"`},
		{"every method", invoke("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/*/invocations"), `Invoke.InvocationsArns[0] is "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/*/invocations"`},
		{"every path", invoke("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/*"), `Invoke.InvocationsArns[0] is "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/*"`},
		{"the whole API", invoke("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*"), `Invoke.InvocationsArns[0] is "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*"`},
		{"another method", invoke("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/GET/invocations"), `Invoke.InvocationsArns[0] is "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/GET/invocations"`},
		{"another path", invoke(invocations, "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/health"), `Invoke.InvocationsArns[1] is "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/health"`},
		{"every region", invoke("arn:aws:execute-api:*:123456789012:a1b2c3d4e5/v1/POST/invocations"), `Invoke.InvocationsArns[0] is "arn:aws:execute-api:*:123456789012:a1b2c3d4e5/v1/POST/invocations"`},
		{"nil front door", &Args{Invoke: &InvokeRole{InvocationsArns: []pulumi.StringInput{nil}}}, "Invoke.InvocationsArns[0] is nil; give the execute-api ARN of a front door's POST /invocations (arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/STAGE/POST/invocations)"},
		{"nil runtime VPC endpoint", &Args{Audit: &AuditRole{}, RuntimeVpcEndpointIds: []pulumi.StringInput{nil}}, "RuntimeVpcEndpointIds[0] is nil; give a VPC endpoint ID (vpce-HEX)"},
		{"any runtime VPC endpoint", &Args{Audit: &AuditRole{}, RuntimeVpcEndpointIds: []pulumi.StringInput{pulumi.String(vpce), pulumi.String("vpce-*")}}, `RuntimeVpcEndpointIds[1] is "vpce-*"; give a VPC endpoint ID (vpce-HEX), without wildcards`},
		{"a VPC ID for a VPC endpoint", &Args{Audit: &AuditRole{}, RuntimeVpcEndpointIds: []pulumi.StringInput{pulumi.String("vpc-0a1b2c3d")}}, `RuntimeVpcEndpointIds[0] is "vpc-0a1b2c3d"`},
		{"audit every log group of every account", &Args{Audit: &AuditRole{LogGroupArns: []pulumi.StringInput{pulumi.String("arn:aws:logs:*:*:log-group:*")}}}, "Audit.LogGroupArns[0] is"},
		{"audit bucket", &Args{Audit: &AuditRole{LogBucketArns: []pulumi.StringInput{pulumi.String("audit-logs")}}}, `Audit.LogBucketArns[0] is "audit-logs"`},
		{"audit key", &Args{Audit: &AuditRole{KMSKeyArns: []pulumi.StringInput{pulumi.String("*")}}}, `Audit.KMSKeyArns[0] is "*"`},
		{"CI subjects without CI", &Args{Deploy: &DeployRole{Trust: Trust{CISubjects: []string{"repo:o/r:ref:refs/heads/main"}}}}, "Deploy.CISubjects is set and CI is nil"},
		{"any repository", &Args{CI: &CIProvider{}, Deploy: &DeployRole{Trust: Trust{CISubjects: []string{"repo:my-org/*"}}}}, `Deploy.CISubjects[0] is "repo:my-org/*"; name the repository`},
		{"any subject", &Args{CI: &CIProvider{}, Deploy: &DeployRole{Trust: Trust{CISubjects: []string{"*"}}}}, `Deploy.CISubjects[0] is "*"`},
		{"wildcard before the repository", &Args{CI: &CIProvider{}, Deploy: &DeployRole{Trust: Trust{CISubjects: []string{"repo:*:ref:refs/heads/main"}}}}, `Deploy.CISubjects[0] is "repo:*:ref:refs/heads/main"`},
		{"MFA for CI only", &Args{CI: &CIProvider{}, Deploy: &DeployRole{Trust: Trust{RequireMFA: true, CISubjects: []string{"repo:o/r:environment:prod"}}}}, "Deploy.RequireMFA is set for a role that only CI assumes"},
		{"CI URL", &Args{CI: &CIProvider{URL: "http://token.actions.githubusercontent.com"}, Audit: &AuditRole{}}, `CI.URL is "http://token.actions.githubusercontent.com"`},
		{"CI audience", &Args{CI: &CIProvider{Audiences: []string{"*"}}, Audit: &AuditRole{}}, `CI.Audiences[0] is "*"`},
		{"provider ARN", &Args{CI: &CIProvider{ProviderArn: pulumi.String("token.actions.githubusercontent.com")}, Audit: &AuditRole{}}, `CI.ProviderArn is "token.actions.githubusercontent.com"; give an IAM OIDC provider ARN`},
		{"thumbprint", &Args{CI: &CIProvider{Thumbprints: []string{"abc"}}, Audit: &AuditRole{}}, `CI.Thumbprints[0] is "abc"`},
		{"session too long", &Args{Audit: &AuditRole{Trust: Trust{MaxSessionHours: 13}}}, "Audit.MaxSessionHours is 13; allowed values are 1 to 12"},
		{"principal", &Args{Audit: &AuditRole{Trust: Trust{Principals: []pulumi.StringInput{pulumi.String("*")}}}}, `Audit.Principals[0] is "*"; give an IAM principal ARN or an account ID`},
		{"boundary", &Args{Audit: &AuditRole{Trust: Trust{PermissionsBoundaryArn: pulumi.String("boundary")}}}, `Audit.PermissionsBoundaryArn is "boundary"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _, err := run(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "accessroles access: ") {
				t.Errorf("the error does not name the component: %v", err)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewRoles(ctx, "access", &Args{
			CI:      &CIProvider{},
			Deploy:  &DeployRole{Trust: Trust{CISubjects: []string{"repo:o/r:environment:prod"}}, ManagedPolicyArns: []pulumi.StringInput{pulumi.String("arn:aws:iam::123456789012:policy/deploy")}},
			Publish: &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key)},
			Invoke:  &InvokeRole{InvocationsArns: []pulumi.StringInput{pulumi.String(invocations)}},
			Audit:   &AuditRole{},
		}, pulumi.Provider(dr), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "access")
	for _, problem := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(problem)
	}
	// The OIDC provider, 4 roles, 4 inline policies, 1 attachment.
	if n := len(rec.Descendants(comp)); n != 10 {
		t.Errorf("%d resources below the component: %v", n, rec.Types())
	}
	// The publish role uses the key through S3 in the key's region, not
	// the provider's.
	p, _ := rec.Find(rolePolicyT, "access-publish").Policy("policy")
	if v := p.Find(SidEncryptModels).Values("StringEquals", "kms:ViaService"); !slices.Equal(v, []string{"s3.us-east-1.amazonaws.com"}) {
		t.Errorf("kms:ViaService %v", v)
	}
}

// TestPreview runs the component as "pulumi preview" does, where the ARNs
// of new resources are not known yet.
func TestPreview(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		// A new front door, whose ARN is not known yet.
		api, err := apigateway.NewRestApi(ctx, "api", &apigateway.RestApiArgs{})
		if err != nil {
			return err
		}
		_, err = NewRoles(ctx, "access", &Args{
			CI:      &CIProvider{},
			Deploy:  &DeployRole{Trust: Trust{CISubjects: []string{"repo:o/r:environment:prod"}}},
			Publish: &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key)},
			Invoke:  &InvokeRole{InvocationsArns: []pulumi.StringInput{pulumi.Sprintf("%s/v1/POST/invocations", api.ExecutionArn)}},
			Audit:   &AuditRole{},
		})
		return err
	}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.OfType(roleT)); n != 4 {
		t.Errorf("preview: %v", rec.Types())
	}
}

// TestValidate calls Validate as component.Prepare does: it fills in the
// defaults in place, and its errors carry no prefix.
func TestValidate(t *testing.T) {
	a := Args{CI: &CIProvider{}, Publish: &PublishRole{BucketArn: pulumi.String(bucket), KMSKeyArn: pulumi.String(key)}}
	if err := a.Validate("access"); err != nil || a.CI.URL != DefaultCIURL || !slices.Equal(a.CI.Audiences, []string{DefaultCIAudience}) ||
		a.Publish.Prefix != DefaultModelPrefix || a.Publish.MaxSessionHours != DefaultMaxSessionHours {
		t.Errorf("defaults: %+v, %+v, %v", a.CI, a.Publish, err)
	}
	bad := Args{Publish: &PublishRole{BucketArn: pulumi.String("arn:aws:s3:::a..b"), KMSKeyArn: pulumi.String(key)}}
	if err := bad.Validate("access"); err == nil || !strings.HasPrefix(err.Error(), `Publish.BucketArn is "arn:aws:s3:::a..b"; give an S3 bucket ARN`) {
		t.Errorf("error: %v", err)
	}
}
