package bootstrap

import (
	"slices"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	roleT          = "aws:iam/role:Role"
	policyT        = "aws:iam/policy:Policy"
	attachT        = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	oidcT          = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	keyT           = "aws:kms/key:Key"
	replicaKeyT    = "aws:kms/replicaKey:ReplicaKey"
	aliasT         = "aws:kms/alias:Alias"
	bucketT        = "aws:s3/bucketV2:BucketV2"
	versioningT    = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	encryptionT    = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	replicationT   = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	lifecycleT     = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	publicBlockT   = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	bucketPolicyT  = "aws:s3/bucketPolicy:BucketPolicy"
	objectLockT    = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	account        = "123456789012"
	repo           = "my-org/modelfort"
	githubProvider = "token.actions.githubusercontent.com"
)

// config is a valid configuration; extra entries override it.
func settings(extra ...string) []mocktest.Option {
	kv := map[string]string{
		"aws:region":      "us-east-1",
		Key("repository"): repo,
		Key("drRegion"):   "us-west-2",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		kv[extra[i]] = extra[i+1]
	}
	var opts []mocktest.Option
	for k, v := range kv {
		if v != "" {
			opts = append(opts, mocktest.Config(k, v))
		}
	}
	return opts
}

func run(t *testing.T, opts ...mocktest.Option) *mocktest.Recording {
	t.Helper()
	rec, err := mocktest.Run(Program, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func find(t *testing.T, rec *mocktest.Recording, typ, name string) *mocktest.Resource {
	t.Helper()
	r := rec.Find(typ, name)
	if r == nil {
		t.Fatalf("no %s %s; the program registered:\n%s", typ, name, rec)
	}
	return r
}

func policy(t *testing.T, r *mocktest.Resource, path string) *mocktest.Policy {
	t.Helper()
	p, err := r.Policy(path)
	if err != nil {
		t.Fatalf("%s %s: %v", r.Name, path, err)
	}
	return p
}

// ciRoles are the deploy and preview roles (not the replication's).
func ciRoles(rec *mocktest.Recording) []*mocktest.Resource {
	var out []*mocktest.Resource
	for _, r := range rec.OfType(roleT) {
		if strings.HasPrefix(r.Name, "deploy-") || strings.HasPrefix(r.Name, "preview-") {
			out = append(out, r)
		}
	}
	return out
}

// attached returns the ARNs of the managed policies attached to a role.
func attached(rec *mocktest.Recording, role *mocktest.Resource) []string {
	var out []string
	for _, a := range rec.OfType(attachT) {
		if a.Str("role") == role.Out("name") {
			out = append(out, a.Str("policyArn"))
		}
	}
	return out
}

// TestDeployRoleTrust follows the chain from the OIDC provider and the
// GitHub environment's subject to each deploy role's trust, and from the
// pull-request and main-branch subjects to the preview roles'.
func TestDeployRoleTrust(t *testing.T) {
	rec := run(t, settings()...)
	prov := find(t, rec, oidcT, "github")
	if prov.Str("url") != "https://"+githubProvider || !slices.Equal(prov.Strs("clientIdLists"), []string{"sts.amazonaws.com"}) || !prov.Protect {
		t.Errorf("OIDC provider %v (protect %v)", prov.Inputs, prov.Protect)
	}
	for _, env := range DefaultEnvironments {
		for kind, subjects := range map[string][]string{
			"deploy":  {"repo:" + repo + ":environment:" + env},
			"preview": {"repo:" + repo + ":pull_request", "repo:" + repo + ":ref:refs/heads/main"},
		} {
			role := find(t, rec, roleT, kind+"-"+env+"-deploy")
			trust := policy(t, role, "assumeRolePolicy")
			if len(trust.Statement) != 1 {
				t.Fatalf("%s trusts more than CI: %+v", role.Name, trust.Statement)
			}
			s := trust.Statement[0]
			if !slices.Equal(s.Principal["Federated"], []string{prov.Out("arn")}) || !slices.Equal(s.Action, []string{"sts:AssumeRoleWithWebIdentity"}) {
				t.Errorf("%s: principal %v, action %v; want the GitHub OIDC provider %s", role.Name, s.Principal, s.Action, prov.Out("arn"))
			}
			if got := s.Values("StringLike", githubProvider+":sub"); !slices.Equal(got, subjects) {
				t.Errorf("%s trusts subjects %v; want %v", role.Name, got, subjects)
			}
			if got := s.Values("StringEquals", githubProvider+":aud"); !slices.Equal(got, []string{"sts.amazonaws.com"}) {
				t.Errorf("%s audiences %v", role.Name, got)
			}
			for _, sub := range s.Values("StringLike", githubProvider+":sub") {
				if strings.ContainsAny(sub, "*?") {
					t.Errorf("%s: subject %q has a wildcard", role.Name, sub)
				}
			}
			wantHours := float64(DefaultSessionHours * 3600)
			if kind == "preview" {
				wantHours = 3600
			}
			if role.Num("maxSessionDuration") != wantHours {
				t.Errorf("%s: session %v s; want %v", role.Name, role.Num("maxSessionDuration"), wantHours)
			}
		}
	}
}

// TestBoundaryAttached: every role has the boundary, which denies what
// escalates privilege or reaches beyond the account's workloads, and
// protects the bootstrap's own resources.
func TestBoundaryAttached(t *testing.T) {
	rec := run(t, settings()...)
	b := find(t, rec, policyT, "boundary")
	if b.Str("name") != "modelfort-deploy-boundary" {
		t.Errorf("boundary name %q", b.Str("name"))
	}
	roles := ciRoles(rec)
	if len(roles) != 2*len(DefaultEnvironments) {
		t.Fatalf("%d roles; want a deploy and a preview role per environment", len(roles))
	}
	for _, r := range roles {
		if r.Str("permissionsBoundary") != b.Out("arn") || b.Out("arn") == "" {
			t.Errorf("role %s: boundary %q; want %q", r.Name, r.Str("permissionsBoundary"), b.Out("arn"))
		}
	}
	// Every resource, the roles too, carries the protected tag: the
	// providers' default tags.
	for _, name := range []string{"primary", "dr"} {
		p := find(t, rec, "pulumi:providers:aws", name)
		if p.Str(`defaultTags.tags["`+ProtectedTag+`"]`) != ProtectedValue {
			t.Errorf("provider %s default tags %v", name, p.Get("defaultTags"))
		}
	}
	for _, r := range roles {
		if !strings.HasPrefix(r.Provider, string(find(t, rec, "pulumi:providers:aws", "primary").URN)+"::") {
			t.Errorf("role %s is not made with the primary provider: %s", r.Name, r.Provider)
		}
	}
	doc := policy(t, b, "policy")
	allow := doc.Find(SidBoundaryAllow)
	if allow == nil || allow.Effect != "Allow" || len(allow.Action) != 0 || !slices.Equal(allow.NotAction, RuntimeInvokeActions) {
		t.Errorf("boundary allow: %+v", allow)
	}
	deny := func(sid string) *mocktest.Statement {
		s := doc.Find(sid)
		if s == nil || s.Effect != "Deny" {
			t.Fatalf("boundary has no deny %s: %v", sid, doc.Sids())
		}
		return s
	}
	acct := deny(SidDenyAccount)
	for _, a := range []string{"organizations:*", "account:*", "iam:CreateUser", "iam:CreateAccessKey", "iam:CreateOpenIDConnectProvider", "iam:DeleteRolePermissionsBoundary"} {
		if !slices.Contains(acct.Action, a) {
			t.Errorf("%s does not deny %s", SidDenyAccount, a)
		}
	}
	if v := deny(SidDenyAdminPolicies).Values("ArnLike", "iam:PolicyARN"); !slices.Contains(v, "arn:aws:iam::aws:policy/AdministratorAccess") {
		t.Errorf("admin policies %v", v)
	}
	if v := deny(SidDenyProtectedIAM).Values("StringEquals", "aws:ResourceTag/"+ProtectedTag); !slices.Equal(v, []string{ProtectedValue}) {
		t.Errorf("protected IAM condition %v", v)
	}
	if v := deny(SidDenyProtectedTag).Values("ForAnyValue:StringEquals", "aws:TagKeys"); !slices.Equal(v, []string{ProtectedTag}) {
		t.Errorf("protected tag condition %v", v)
	}
	if r := deny(SidDenyDeployPolicies).Resource; !slices.Contains(r, "arn:aws:iam::"+account+":policy/modelfort-deploy-*") {
		t.Errorf("deploy policies %v", r)
	}
	state, replica := find(t, rec, bucketT, "state"), find(t, rec, bucketT, "state-replica")
	r := deny(SidDenyStateBucketSettings).Resource
	for _, want := range []string{state.Out("arn"), state.Out("arn") + "/*", replica.Out("arn"), replica.Out("arn") + "/*"} {
		if !slices.Contains(r, want) {
			t.Errorf("%s does not cover %s: %v", SidDenyStateBucketSettings, want, r)
		}
	}
	keys := deny(SidDenyStateKeys).Resource
	for _, k := range []*mocktest.Resource{find(t, rec, keyT, "state"), find(t, rec, keyT, "secrets")} {
		if !slices.Contains(keys, k.Out("arn")) {
			t.Errorf("%s does not cover key %s", SidDenyStateKeys, k.Name)
		}
	}
	for _, k := range []*mocktest.Resource{find(t, rec, replicaKeyT, "state-replica"), find(t, rec, replicaKeyT, "secrets-replica")} {
		if !slices.Contains(keys, k.Out("arn")) {
			t.Errorf("%s does not cover replica key %s", SidDenyStateKeys, k.Name)
		}
	}
}

// TestRolePermissions: a deploy role has the services policies and its
// own stack's state policy; a preview role reads only; none allows a
// wildcard action on every resource or the SageMaker runtime.
func TestRolePermissions(t *testing.T) {
	rec := run(t, settings()...)
	byArn := map[string]*mocktest.Resource{}
	for _, p := range rec.OfType(policyT) {
		byArn[p.Out("arn")] = p
	}
	for _, kind := range []string{"deploy", "preview"} {
		for _, env := range DefaultEnvironments {
			role := find(t, rec, roleT, kind+"-"+env+"-deploy")
			arns := attached(rec, role)
			if len(arns) != len(ServiceChunks(kind == "deploy"))+1 {
				t.Fatalf("%s has %d managed policies: %v", role.Name, len(arns), arns)
			}
			var actions []string
			for _, arn := range arns {
				p := byArn[arn]
				if p == nil {
					t.Fatalf("%s: policy %s is not the bootstrap's", role.Name, arn)
				}
				if !strings.HasPrefix(p.Str("name"), "modelfort-"+kind+"-") {
					t.Errorf("%s: policy %s", role.Name, p.Str("name"))
				}
				for _, s := range policy(t, p, "policy").Statement {
					actions = append(actions, s.Action...)
				}
			}
			for _, a := range actions {
				if a == "*" || strings.HasSuffix(a, ":*") || strings.HasPrefix(strings.ToLower(a), "sagemaker:invoke") {
					t.Errorf("%s may %s", role.Name, a)
				}
			}
			write := slices.Contains(actions, "ec2:Create*")
			if write != (kind == "deploy") || !slices.Contains(actions, "ec2:Describe*") {
				t.Errorf("%s: write %v", role.Name, write)
			}
			// The state policy: the stack's own state objects only.
			var state *mocktest.Resource
			for _, arn := range arns {
				if byArn[arn].Str("name") == "modelfort-"+kind+"-state-"+env {
					state = byArn[arn]
				}
			}
			if state == nil {
				t.Fatalf("%s has no state policy of its own", role.Name)
			}
			doc := policy(t, state, "policy")
			objects := doc.Find("StateOfStack" + title(env))
			if objects == nil {
				t.Fatalf("%s: no state statement in %v", role.Name, doc.Sids())
			}
			for _, r := range objects.Resource {
				if !strings.Contains(r, "/modelfort/"+env) {
					t.Errorf("%s may touch %s", role.Name, r)
				}
			}
			if slices.Contains(objects.Action, "s3:PutObject") != (kind == "deploy") {
				t.Errorf("%s: state actions %v", role.Name, objects.Action)
			}
			secrets := doc.Find("SecretsOfStack" + title(env))
			if v := secrets.Values("StringEquals", "kms:EncryptionContext:"+SecretsContextKey); !slices.Equal(v, []string{env}) {
				t.Errorf("%s: secrets context %v", role.Name, v)
			}
		}
	}
}

// TestStateBucket follows the state bucket: versioned, object-locked,
// encrypted with the multi-Region key, replicated (delete markers too) to
// the replica in the DR region, encrypted there with the key's replica,
// closed to the public and to plain HTTP, old versions kept 90 days.
func TestStateBucket(t *testing.T) {
	rec := run(t, settings()...)
	state, replica := find(t, rec, bucketT, "state"), find(t, rec, bucketT, "state-replica")
	if state.Region != "us-east-1" || replica.Region != "us-west-2" {
		t.Fatalf("state in %s, replica in %s", state.Region, replica.Region)
	}
	if state.Str("bucket") != "modelfort-pulumi-state-"+account+"-us-east-1" || replica.Str("bucket") != "modelfort-pulumi-state-"+account+"-us-west-2" {
		t.Errorf("bucket names %q, %q", state.Str("bucket"), replica.Str("bucket"))
	}
	key, replicaKey := find(t, rec, keyT, "state"), find(t, rec, replicaKeyT, "state-replica")
	if !key.Bool("multiRegion") || replicaKey.Str("primaryKeyArn") != key.Out("arn") || replicaKey.Region != "us-west-2" {
		t.Errorf("state key: multiRegion %v, replica of %q in %s", key.Bool("multiRegion"), replicaKey.Str("primaryKeyArn"), replicaKey.Region)
	}
	settings := func(typ string, b *mocktest.Resource) *mocktest.Resource {
		for _, s := range rec.OfType(typ) {
			if s.Str("bucket") == b.ID {
				return s
			}
		}
		t.Fatalf("no %s for %s", typ, b.Name)
		return nil
	}
	for b, k := range map[*mocktest.Resource]string{state: key.Out("arn"), replica: replicaKey.Out("arn")} {
		if v := settings(versioningT, b).Str("versioningConfiguration.status"); v != "Enabled" {
			t.Errorf("%s versioning %q", b.Name, v)
		}
		enc := settings(encryptionT, b)
		if enc.Str("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm") != "aws:kms" || enc.Str("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId") != k {
			t.Errorf("%s encryption %v; want aws:kms with %s", b.Name, enc.Inputs, k)
		}
		if lock := settings(objectLockT, b); lock.Str("rule.defaultRetention.mode") != "COMPLIANCE" || lock.Num("rule.defaultRetention.days") != DefaultStateRetentionDays {
			t.Errorf("%s object lock %v", b.Name, lock.Inputs)
		}
		if pab := settings(publicBlockT, b); !pab.Bool("blockPublicAcls") || !pab.Bool("restrictPublicBuckets") {
			t.Errorf("%s public access %v", b.Name, pab.Inputs)
		}
		if p := policy(t, settings(bucketPolicyT, b), "policy"); p.Find("DenyInsecureTransport") == nil {
			t.Errorf("%s policy %v", b.Name, p.Sids())
		}
		if lc := settings(lifecycleT, b); lc.Num("rules[0].noncurrentVersionExpiration.noncurrentDays") != DefaultNoncurrentVersionDays {
			t.Errorf("%s lifecycle %v; want noncurrent versions kept 90 days", b.Name, lc.Inputs)
		}
		if !b.Protect || !state.Protect {
			t.Errorf("%s is not protected", b.Name)
		}
	}
	repl := settings(replicationT, state)
	for path, want := range map[string]string{
		"rules[0].status":                                              "Enabled",
		"rules[0].destination.bucket":                                  replica.Out("arn"),
		"rules[0].deleteMarkerReplication.status":                      "Enabled",
		"rules[0].destination.encryptionConfiguration.replicaKmsKeyId": replicaKey.Out("arn"),
	} {
		if got := repl.Str(path); got != want {
			t.Errorf("replication %s = %q; want %q", path, got, want)
		}
	}
	if repl.Region != "us-east-1" {
		t.Errorf("replication configured in %s", repl.Region)
	}
	// The secrets key: multi-Region, its alias in both regions.
	secrets := find(t, rec, keyT, "secrets")
	if !secrets.Bool("multiRegion") || find(t, rec, replicaKeyT, "secrets-replica").Region != "us-west-2" {
		t.Error("the secrets key is not a multi-Region key with a replica in the DR region")
	}
	for _, a := range []string{"secrets", "secrets-replica"} {
		if n := find(t, rec, aliasT, a).Str("name"); n != "alias/modelfort/pulumi-secrets" {
			t.Errorf("alias %s is %q", a, n)
		}
	}
	if find(t, rec, aliasT, "secrets-replica").Region != "us-west-2" {
		t.Error("the secrets alias is missing in the DR region")
	}
}

// TestExports: the backend URLs and secrets providers the docs use.
func TestExports(t *testing.T) {
	if got := BackendURL("b", "us-west-2"); got != "s3://b?region=us-west-2" {
		t.Errorf("BackendURL = %s", got)
	}
	if got := SecretsProvider(SecretsKeyAlias("modelfort"), "prod"); got != "awskms://alias/modelfort/pulumi-secrets?context_stack=prod" {
		t.Errorf("SecretsProvider = %s", got)
	}
}

// TestPolicyPackPasses: the bootstrap meets every rule of the policy pack
// as the pack sees it (no modelfort:environment: every rule but the
// prod-only ones, at its own level). Held to prod's rules too, it meets
// all but the three that want threat detection in the regions of its
// buckets: in the account, that is the prod stack's (GuardDuty allows one
// detector per account and region, so the bootstrap cannot own one
// beside it).
func TestPolicyPackPasses(t *testing.T) {
	rec := run(t, settings(Key("alarmEmails"), `["oncall@example.com"]`)...)
	for _, v := range rules.Evaluate(rulestest.Stack(rec, ""), rules.All()) {
		t.Errorf("%s %s: %s", v.RuleID, v.URN, v.Message)
	}
	detection := []string{"guardduty-every-region", "security-hub-every-region", "config-recording-every-region"}
	for _, v := range rules.Evaluate(rulestest.Stack(rec, rules.ProdEnvironment), rules.All()) {
		if !slices.Contains(detection, v.RuleID) {
			t.Errorf("prod: %s %s: %s", v.RuleID, v.URN, v.Message)
		}
	}
	// Previews, where outputs are unknown, run too.
	if _, err := mocktest.Run(Program, append(settings(), mocktest.Preview())...); err != nil {
		t.Fatal(err)
	}
}

func TestOptions(t *testing.T) {
	rec := run(t, settings(Key("environments"), `["prod"]`, Key("prefix"), "acme-ml", Key("oidcProviderArn"),
		"arn:aws:iam::"+account+":oidc-provider/"+githubProvider, Key("stateRetentionMode"), "governance",
		Key("stateRetentionDays"), "7", Key("sessionHours"), "6", Key("protect"), "false")...)
	if len(rec.OfType(oidcT)) != 0 {
		t.Error("an OIDC provider was created although oidcProviderArn was given")
	}
	role := find(t, rec, roleT, "deploy-prod-deploy")
	if s := policy(t, role, "assumeRolePolicy").Statement[0]; !slices.Equal(s.Principal["Federated"], []string{"arn:aws:iam::" + account + ":oidc-provider/" + githubProvider}) {
		t.Errorf("trust %+v", s)
	}
	if role.Num("maxSessionDuration") != 6*3600 || role.Protect {
		t.Errorf("session %v, protect %v", role.Num("maxSessionDuration"), role.Protect)
	}
	if len(ciRoles(rec)) != 2 {
		t.Errorf("%d roles for one environment", len(ciRoles(rec)))
	}
	if n := find(t, rec, bucketT, "state").Str("bucket"); n != "acme-ml-pulumi-state-"+account+"-us-east-1" {
		t.Errorf("bucket %q", n)
	}
	for _, l := range rec.OfType(objectLockT) {
		if l.Str("rule.defaultRetention.mode") != "GOVERNANCE" && l.Has("rule.defaultRetention.mode") {
			t.Errorf("retention %v", l.Inputs)
		}
	}
}

// TestConfigErrorsNameTheKey: nothing is registered when the
// configuration is wrong, and the error names the key.
func TestConfigErrorsNameTheKey(t *testing.T) {
	for _, c := range []struct{ key, value, want string }{
		{Key("repository"), "", Key("repository")},
		{Key("repository"), "no-slash", Key("repository")},
		{Key("repository"), "org/repo:environment:*", Key("repository")},
		{Key("drRegion"), "", Key("drRegion")},
		{Key("drRegion"), "us-east-1", Key("drRegion")},
		{"aws:region", "mars-1", "aws:region"},
		{Key("environments"), `["dev","dev"]`, Key("environments")},
		{Key("environments"), `["Prod"]`, Key("environments")},
		{Key("environments"), `[1]`, Key("environments")},
		{Key("prefix"), "Modelfort", Key("prefix")},
		{Key("prefix"), "a-very-long-prefix-xx", Key("prefix")},
		{Key("stateRetentionMode"), "forever", Key("stateRetentionMode")},
		{Key("stateRetentionDays"), "0", Key("stateRetentionDays")},
		{Key("sessionHours"), "13", Key("sessionHours")},
		{Key("oidcProviderArn"), "arn:aws:iam::" + account + ":oidc-provider/gitlab.com", Key("oidcProviderArn")},
		{Key("protect"), "maybe", Key("protect")},
	} {
		rec, err := mocktest.Run(Program, settings(c.key, c.value)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%q: error %v; want one naming %s", c.key, c.value, err, c.want)
		}
		if rec != nil && len(rec.Resources) != 0 {
			t.Errorf("%s=%q: %d resources registered", c.key, c.value, len(rec.Resources))
		}
	}
}

func TestServiceChunksFit(t *testing.T) {
	for _, write := range []bool{true, false} {
		seen := 0
		for _, c := range ServiceChunks(write) {
			n := 0
			for _, a := range c {
				n += len(a) + 3
			}
			if n > MaxPolicyActionsChars+200 {
				t.Errorf("a chunk of %d characters", n)
			}
			seen += len(c)
		}
		if seen != len(Actions(write)) {
			t.Errorf("chunks hold %d actions of %d", seen, len(Actions(write)))
		}
	}
}
