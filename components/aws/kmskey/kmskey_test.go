package kmskey

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	keyType   = "aws:kms/key:Key"
	aliasType = "aws:kms/alias:Alias"
	root      = "arn:aws:iam::123456789012:root"
)

func newKey(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewKey(ctx, "models", args, opts...)
		return err
	})
}

func mustPolicy(t *testing.T, r *mocktest.Resource) *mocktest.Policy {
	t.Helper()
	p, err := r.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// onlyRootHasKMSStar checks the rule that kms:* goes to the root alone.
func onlyRootHasKMSStar(t *testing.T, p *mocktest.Policy) {
	t.Helper()
	for _, s := range p.Statement {
		if slices.Contains(s.Action, "kms:*") && !slices.Equal(s.Principal["AWS"], []string{root}) {
			t.Errorf("statement %s grants kms:* to %v", s.Sid, s.Principal)
		}
	}
}

func TestDefaults(t *testing.T) {
	rec, err := newKey(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "models")
	key := rec.Find(keyType, "models")
	if comp == nil || key == nil || key.Parent != comp.URN {
		t.Fatalf("want a %s with a child key:\n%s", Type, rec)
	}
	if !key.Bool("enableKeyRotation") || key.Num("deletionWindowInDays") != 30 || key.Bool("multiRegion") {
		t.Errorf("rotation %v, window %v, multiRegion %v", key.Bool("enableKeyRotation"), key.Num("deletionWindowInDays"), key.Bool("multiRegion"))
	}
	if key.Str("description") != "modelfort key models" {
		t.Errorf("description %q", key.Str("description"))
	}
	alias := rec.Find(aliasType, "models")
	if alias.Str("name") != "alias/modelfort/test/models" || alias.Str("targetKeyId") != key.ID || alias.Parent != comp.URN {
		t.Errorf("alias %q -> %q", alias.Str("name"), alias.Str("targetKeyId"))
	}
	p := mustPolicy(t, key)
	if got := p.Sids(); !slices.Equal(got, []string{"RootManagesKeyAndEnablesIAMPolicies"}) {
		t.Errorf("default policy statements %v; want the root statement only", got)
	}
	onlyRootHasKMSStar(t, p)
	if len(rec.OfType("aws:kms/replicaKey:ReplicaKey")) != 0 {
		t.Error("a replica without ReplicaProvider")
	}
}

func TestAdministratorsAndUsersAreSeparate(t *testing.T) {
	rec, err := newKey(t, &Args{
		Administrators:     []pulumi.StringInput{pulumi.String("arn:aws:iam::123456789012:role/admin")},
		Users:              []pulumi.StringInput{pulumi.String("arn:aws:iam::123456789012:role/app")},
		Alias:              "alias/models-key",
		DeletionWindowDays: 7,
		Description:        "model weights",
		Tags:               map[string]string{"team": "ml"},
	})
	if err != nil {
		t.Fatal(err)
	}
	key := rec.Find(keyType, "models")
	p := mustPolicy(t, key)
	onlyRootHasKMSStar(t, p)
	admin, user := p.Find("AdministratorsManageButDoNotUse"), p.Find("UsersEncryptAndDecrypt")
	if admin == nil || user == nil {
		t.Fatalf("statements %v", p.Sids())
	}
	if !slices.Equal(admin.Principal["AWS"], []string{"arn:aws:iam::123456789012:role/admin"}) ||
		!slices.Equal(user.Principal["AWS"], []string{"arn:aws:iam::123456789012:role/app"}) {
		t.Errorf("principals: admin %v, user %v", admin.Principal, user.Principal)
	}
	for _, a := range admin.Action {
		if slices.Contains(UseActions, a) && a != "kms:DescribeKey" {
			t.Errorf("administrators may use the key: %s", a)
		}
	}
	for _, a := range []string{"kms:Encrypt", "kms:Decrypt"} {
		if !slices.Contains(user.Action, a) {
			t.Errorf("users lack %s", a)
		}
	}
	if slices.ContainsFunc(user.Action, func(a string) bool { return slices.Contains(AdminActions, a) }) {
		t.Errorf("users may administer the key: %v", user.Action)
	}
	if rec.Find(aliasType, "models").Str("name") != "alias/models-key" || key.Num("deletionWindowInDays") != 7 ||
		key.Str("description") != "model weights" || key.Str("tags.team") != "ml" {
		t.Errorf("options did not reach the key: %v", key.Inputs)
	}
}

func TestServicesUseTheKeyOnlyForThisAccount(t *testing.T) {
	rec, err := newKey(t, &Args{ViaServices: []string{"s3", "backup"}, ServicePrincipals: []string{"logs", "cloudtrail"}})
	if err != nil {
		t.Fatal(err)
	}
	p := mustPolicy(t, rec.Find(keyType, "models"))
	onlyRootHasKMSStar(t, p)
	via := p.Find("AccountUsesKeyThroughServices")
	if via == nil || !slices.Equal(via.Values("StringEquals", "kms:ViaService"), []string{"backup.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com"}) ||
		!slices.Equal(via.Values("StringEquals", "kms:CallerAccount"), []string{"123456789012"}) {
		t.Errorf("via-service statement %+v", via)
	}
	svc := p.Find("ServicesUseKeyForThisAccount")
	logs := p.Find("CloudWatchLogsUsesKeyForThisAccount")
	if logs == nil || !slices.Equal(logs.Principal["Service"], []string{"logs.us-east-1.amazonaws.com"}) ||
		!slices.Equal(logs.Values("ArnLike", "kms:EncryptionContext:aws:logs:arn"), []string{"arn:aws:logs:us-east-1:123456789012:log-group:*"}) {
		t.Errorf("CloudWatch Logs statement %+v", logs)
	}
	if svc == nil || !slices.Equal(svc.Principal["Service"], []string{"cloudtrail.amazonaws.com"}) ||
		!slices.Equal(svc.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("service-principal statement %+v", svc)
	}
}

// TestEventBridgeUsesTheKeyForTopicsOfThisAccount: EventBridge sends no
// aws:SourceAccount to KMS when it delivers to an encrypted SNS topic, so
// its statement is held by the topic in the encryption context instead,
// and never by a condition it would not meet.
func TestEventBridgeUsesTheKeyForTopicsOfThisAccount(t *testing.T) {
	rec, err := newKey(t, &Args{ViaServices: []string{"sns"}, ServicePrincipals: []string{"events", "cloudwatch"}})
	if err != nil {
		t.Fatal(err)
	}
	p := mustPolicy(t, rec.Find(keyType, "models"))
	eb := p.Find(SidEventBridgeUsesKey)
	if eb == nil || !slices.Equal(eb.Principal["Service"], []string{"events.amazonaws.com"}) ||
		!slices.Equal(eb.Values("StringLike", SNSTopicEncryptionContext), []string{"arn:aws:sns:us-east-1:123456789012:*"}) {
		t.Fatalf("EventBridge statement %+v", eb)
	}
	for op, keys := range eb.Condition {
		for k := range keys {
			if strings.HasPrefix(k, "aws:Source") {
				t.Errorf("EventBridge's statement holds %s %s, which EventBridge does not send to KMS", op, k)
			}
		}
	}
	if svc := p.Find("ServicesUseKeyForThisAccount"); svc == nil || !slices.Equal(svc.Principal["Service"], []string{"cloudwatch.amazonaws.com"}) {
		t.Errorf("the other services' statement %+v", svc)
	}
}

func TestReplicaInTheDRRegion(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		_, err = NewKey(ctx, "models", &Args{ReplicaProvider: dr, ViaServices: []string{"s3"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	key := rec.Find(keyType, "models")
	replica := rec.Find("aws:kms/replicaKey:ReplicaKey", "models-replica")
	if !key.Bool("multiRegion") || replica == nil {
		t.Fatalf("multiRegion %v, replica %v", key.Bool("multiRegion"), replica)
	}
	if replica.Region != "us-west-2" || replica.Str("primaryKeyArn") != key.Out("arn") || replica.Num("deletionWindowInDays") != 30 {
		t.Errorf("replica in %s of %s", replica.Region, replica.Str("primaryKeyArn"))
	}
	rp := mustPolicy(t, replica)
	onlyRootHasKMSStar(t, rp)
	if v := rp.Find("AccountUsesKeyThroughServices").Values("StringEquals", "kms:ViaService"); !slices.Equal(v, []string{"s3.us-west-2.amazonaws.com"}) {
		t.Errorf("the replica's policy must name its own region's endpoints: %v", v)
	}
	ra := rec.Find(aliasType, "models-replica")
	if ra == nil || ra.Region != "us-west-2" || ra.Str("name") != "alias/modelfort/test/models" || ra.Str("targetKeyId") != replica.ID {
		t.Errorf("replica alias %+v", ra)
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"deletion window 3", &Args{DeletionWindowDays: 3}, "DeletionWindowDays is 3; allowed values are 7 to 30"},
		{"deletion window 31", &Args{DeletionWindowDays: 31}, "DeletionWindowDays is 31"},
		{"empty alias", &Args{Alias: "alias/"}, `Alias "alias/" is empty`},
		{"reserved alias", &Args{Alias: "alias/aws/s3"}, `Alias "alias/aws/s3" is not allowed`},
		{"bad alias", &Args{Alias: "models key"}, `Alias "models key" is not allowed`},
		{"unknown via service", &Args{ViaServices: []string{"s4"}}, `ViaServices has "s4"; allowed values are backup,`},
		{"unknown service principal", &Args{ServicePrincipals: []string{"everyone"}}, `ServicePrincipals has "everyone"`},
		{"nil user", &Args{Users: []pulumi.StringInput{nil}}, "Users[0] is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := newKey(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "kmskey models: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "kmskey models: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
}

// TestValidateFillsInDefaults: Validate fills in the defaults in place and
// its errors carry no prefix (NewKey adds it).
func TestValidateFillsInDefaults(t *testing.T) {
	a := Args{}
	if err := a.Validate("models"); err != nil {
		t.Fatal(err)
	}
	// The alias is left to NewKey, which knows the project and stack.
	if a.DeletionWindowDays != DefaultDeletionWindowDays || a.Alias != "" || a.Description != "modelfort key models" {
		t.Errorf("defaults: %+v", a)
	}
	if a := (Args{Alias: "models"}); a.Validate("x") != nil || a.Alias != "alias/models" {
		t.Errorf("an alias without the prefix: %q", a.Alias)
	}
	err := (&Args{DeletionWindowDays: 3}).Validate("models")
	if err == nil || err.Error() != "DeletionWindowDays is 3; allowed values are 7 to 30 (0 means 30)" {
		t.Errorf("err = %v", err)
	}
}

func TestRejectsAReplicaInTheSameRegion(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		same, err := aws.NewProvider(ctx, "same", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		_, err = NewKey(ctx, "models", &Args{ReplicaProvider: same})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "ReplicaProvider acts in us-east-1, the key's own region") {
		t.Fatalf("err = %v", err)
	}
	if len(rec.OfType(Type)) != 0 || len(rec.OfType(keyType)) != 0 {
		t.Errorf("registered before failing:\n%s", rec)
	}
}

// TestResourceOptionsReachTheKeys passes protect, a provider and an alias
// to the component: every resource below it must act in the provider's
// region and be protected, except the replica's, which act in the replica
// provider's region and are protected all the same.
func TestResourceOptionsReachTheKeys(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
		if err != nil {
			return err
		}
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewKey(ctx, "models", &Args{ReplicaProvider: dr}, pulumi.Provider(eu), pulumi.Protect(true),
			pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("weights")}}))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, key := rec.Find(Type, "models"), rec.Find(keyType, "models")
	inReplica := func(r *mocktest.Resource) bool { return strings.HasSuffix(r.Name, "-replica") }
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-central-1", Protect: true, Skip: inReplica}) {
		t.Error(p)
	}
	elsewhere := func(r *mocktest.Resource) bool { return !inReplica(r) }
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: "eu-west-1", Protect: true, Skip: elsewhere}) {
		t.Error("replica: " + p)
	}
	if !comp.Protect || !strings.HasPrefix(key.Out("arn"), "arn:aws:kms:eu-central-1:") {
		t.Errorf("protect %v on the component; key %s not in the provider's region", comp.Protect, key.Out("arn"))
	}
	if len(comp.Aliases) != 1 || comp.Aliases[0] != "name=weights" || key.Parent != comp.URN {
		t.Errorf("alias %v on the component, key parent %s: children follow the component's aliases", comp.Aliases, key.Parent)
	}
	p := mustPolicy(t, key)
	if !slices.Equal(p.Find("RootManagesKeyAndEnablesIAMPolicies").Principal["AWS"], []string{root}) {
		t.Error("root principal")
	}
}

func TestGrants(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		k, err := NewKey(ctx, "models", &Args{ReplicaProvider: dr})
		if err != nil {
			return err
		}
		role, err := iam.NewRole(ctx, "app", &iam.RoleArgs{AssumeRolePolicy: pulumi.String("{}")})
		if err != nil {
			return err
		}
		if _, err := k.GrantEncryptDecrypt(ctx, "app-uses-models", role); err != nil {
			return err
		}
		_, err = k.GrantDecrypt(ctx, "app-reads-models", role)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	key, replica := rec.Find(keyType, "models"), rec.Find("aws:kms/replicaKey:ReplicaKey", "models-replica")
	role := rec.Find("aws:iam/role:Role", "app")
	for name, want := range map[string][]string{"app-uses-models": UseActions, "app-reads-models": DecryptActions} {
		rp := rec.Find("aws:iam/rolePolicy:RolePolicy", name)
		if rp == nil || rp.Str("role") != role.Out("name") {
			t.Fatalf("%s: %+v", name, rp)
		}
		p, err := rp.Policy("policy")
		if err != nil {
			t.Fatal(err)
		}
		s := p.Statement[0]
		if len(p.Statement) != 1 || !slices.Equal(s.Action, want) ||
			!slices.Equal(s.Resource, []string{key.Out("arn"), replica.Out("arn")}) {
			t.Errorf("%s grants %v on %v", name, s.Action, s.Resource)
		}
	}
	var nilErr error
	_, nilErr = mocktest.Run(func(ctx *pulumi.Context) error {
		k, err := NewKey(ctx, "k", nil)
		if err != nil {
			return err
		}
		_, err = k.GrantDecrypt(ctx, "g", nil)
		return err
	})
	if nilErr == nil || !strings.Contains(nilErr.Error(), "role is nil") {
		t.Errorf("a nil role: %v", nilErr)
	}
}

// TestDefaultAliasesKeepStacksApart: an alias is unique in an account and
// region, so the default one names the project and the stack; two stacks
// of one account then both get their keys, while two keys given the same
// alias are refused with KMS's message.
func TestDefaultAliasesKeepStacksApart(t *testing.T) {
	account := offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	names := map[string]string{}
	for _, stack := range []string{"dev", "staging.eu"} {
		rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
			_, err := NewKey(ctx, "models", &Args{})
			return err
		}, mocktest.Stack(stack), mocktest.Account(account))
		if err != nil {
			t.Fatalf("%s: %v", stack, err)
		}
		names[stack] = rec.Find(aliasType, "models").Str("name")
	}
	if names["dev"] != "alias/modelfort/dev/models" || names["staging.eu"] != "alias/modelfort/staging-eu/models" {
		t.Errorf("default aliases %v", names)
	}
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		for _, n := range []string{"a", "b"} {
			if _, err := NewKey(ctx, n, &Args{Alias: "alias/shared"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "AlreadyExistsException: An alias with the name arn:aws:kms:us-east-1:123456789012:alias/shared already exists") {
		t.Errorf("two keys with one alias: %v", err)
	}
}
