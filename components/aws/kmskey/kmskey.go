// Package kmskey provides Key, a customer-managed AWS KMS key that is safe
// by default: rotation on, a 30-day deletion window, an alias, and a key
// policy that keeps administrators and users apart and lets AWS services
// use the key only on behalf of this account.
//
// The key policy gives kms:* to the account root alone, which lets IAM
// policies grant the key; GrantEncryptDecrypt and GrantDecrypt write such
// policies, so that callers never write KMS policy JSON.
package kmskey

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Type is the component's type token.
const Type = "modelfort:aws:Key"

// Default and allowed deletion windows, in days.
const (
	DefaultDeletionWindowDays = 30
	MinDeletionWindowDays     = 7
	MaxDeletionWindowDays     = 30
)

// ViaServices are the services that may use a key on behalf of the
// account's principals (Args.ViaServices): the kms:ViaService values.
var ViaServices = []string{"backup", "bedrock", "ec2", "ecr", "elasticfilesystem", "rds", "s3", "sagemaker", "secretsmanager", "sns", "sqs"}

// ServicePrincipals are the services that may use a key themselves
// (Args.ServicePrincipals), limited to this account.
var ServicePrincipals = []string{"cloudtrail", "cloudwatch", "delivery.logs", "events", "logs", "sns"}

// Args configures a Key. The zero value is a valid, secure key.
type Args struct {
	// Description of the key. Default: "modelfort key NAME".
	Description string
	// Alias names the key, with or without the "alias/" prefix. Default:
	// "alias/modelfort/NAME". It may not be empty after the prefix or
	// start with "aws/" (reserved for AWS managed keys).
	Alias string
	// DeletionWindowDays is how long a deleted key can still be recovered:
	// 7 to 30 days. Zero means 30.
	DeletionWindowDays int
	// Administrators are IAM principal ARNs that manage the key (describe,
	// enable, disable, tag, schedule deletion) but cannot use it.
	Administrators []pulumi.StringInput
	// Users are IAM principal ARNs that encrypt and decrypt with the key.
	Users []pulumi.StringInput
	// ViaServices lets principals of this account use the key through
	// these services only (kms:ViaService), for example "s3" for SSE-KMS
	// buckets or "backup" for backup vaults. See the ViaServices variable.
	ViaServices []string
	// ServicePrincipals lets these services use the key themselves, on
	// behalf of this account only (aws:SourceAccount), for example
	// "cloudtrail" or "logs". See the ServicePrincipals variable.
	ServicePrincipals []string
	// ReplicaProvider, when set, makes the key a multi-Region primary key
	// and creates a replica key, with the same policy and an alias, in that
	// provider's region, which must differ from the key's.
	ReplicaProvider pulumi.ProviderResource
	// Tags are added to the keys.
	Tags map[string]string
}

// Key is a customer-managed KMS key, and optionally its replica.
type Key struct {
	pulumi.ResourceState

	// Arn and KeyId identify the key.
	Arn   pulumi.StringOutput `pulumi:"arn"`
	KeyId pulumi.StringOutput `pulumi:"keyId"`
	// AliasName is the alias, "alias/...".
	AliasName pulumi.StringOutput `pulumi:"aliasName"`
	// ReplicaArn is the replica key's ARN, or empty without a replica.
	ReplicaArn pulumi.StringOutput `pulumi:"replicaArn"`

	// Region is where the key lives; ReplicaRegion where its replica does.
	Region        string
	ReplicaRegion string

	// Key is the primary key; Replica the replica, or nil.
	Key     *kms.Key
	Replica *kms.ReplicaKey
}

var aliasPattern = regexp.MustCompile(`^[a-zA-Z0-9/_-]+$`)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if a.DeletionWindowDays == 0 {
		a.DeletionWindowDays = DefaultDeletionWindowDays
	}
	if a.DeletionWindowDays < MinDeletionWindowDays || a.DeletionWindowDays > MaxDeletionWindowDays {
		return fmt.Errorf("kmskey %s: DeletionWindowDays is %d; allowed values are %d to %d (0 means %d)",
			name, a.DeletionWindowDays, MinDeletionWindowDays, MaxDeletionWindowDays, DefaultDeletionWindowDays)
	}
	alias := "modelfort/" + name
	if a.Alias != "" {
		alias = strings.TrimPrefix(a.Alias, "alias/")
		if alias == "" {
			return fmt.Errorf("kmskey %s: Alias %q is empty after the \"alias/\" prefix; give a name such as alias/models", name, a.Alias)
		}
	}
	if !aliasPattern.MatchString(alias) || len(alias) > 250 || strings.HasPrefix(alias, "aws/") {
		return fmt.Errorf("kmskey %s: Alias %q is not allowed; use letters, digits, '/', '_' and '-', at most 250 characters, not starting with aws/", name, a.Alias)
	}
	a.Alias = "alias/" + alias
	if a.Description == "" {
		a.Description = "modelfort key " + name
	}
	for _, s := range a.ViaServices {
		if !slices.Contains(ViaServices, s) {
			return fmt.Errorf("kmskey %s: ViaServices has %q; allowed values are %s", name, s, strings.Join(ViaServices, ", "))
		}
	}
	for _, s := range a.ServicePrincipals {
		if !slices.Contains(ServicePrincipals, s) {
			return fmt.Errorf("kmskey %s: ServicePrincipals has %q; allowed values are %s", name, s, strings.Join(ServicePrincipals, ", "))
		}
	}
	for i, p := range a.Administrators {
		if p == nil {
			return fmt.Errorf("kmskey %s: Administrators[%d] is nil", name, i)
		}
	}
	for i, p := range a.Users {
		if p == nil {
			return fmt.Errorf("kmskey %s: Users[%d] is nil", name, i)
		}
	}
	return nil
}

// NewKey creates a key. Args are checked before anything is registered.
// Resource options (provider, protect, aliases, ...) apply to the
// component and through it to the keys.
func NewKey(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Key, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("kmskey %s: %w", name, err)
	}
	var replicaEnv awsenv.Env
	if a.ReplicaProvider != nil {
		replicaEnv, err = awsenv.Lookup(ctx, pulumi.Provider(a.ReplicaProvider))
		if err != nil {
			return nil, fmt.Errorf("kmskey %s: %w", name, err)
		}
		if replicaEnv.Region == env.Region {
			return nil, fmt.Errorf("kmskey %s: ReplicaProvider acts in %s, the key's own region; a replica must be in another region", name, env.Region)
		}
	}

	k := &Key{Region: env.Region, ReplicaRegion: replicaEnv.Region}
	if err := ctx.RegisterComponentResource(Type, name, k, opts...); err != nil {
		return nil, err
	}
	tags := pulumi.ToStringMap(a.Tags)
	k.Key, err = kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String(a.Description),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(a.DeletionWindowDays),
		MultiRegion:          pulumi.Bool(a.ReplicaProvider != nil),
		Policy:               a.policy(ctx, env, pulumi.Parent(k)),
		Tags:                 tags,
	}, pulumi.Parent(k))
	if err != nil {
		return nil, err
	}
	if _, err := kms.NewAlias(ctx, name, &kms.AliasArgs{
		Name:        pulumi.String(a.Alias),
		TargetKeyId: k.Key.KeyId,
	}, pulumi.Parent(k)); err != nil {
		return nil, err
	}
	k.Arn, k.KeyId, k.AliasName = k.Key.Arn, k.Key.KeyId, pulumi.String(a.Alias).ToStringOutput()
	k.ReplicaArn = pulumi.String("").ToStringOutput()

	if a.ReplicaProvider != nil {
		inReplica := []pulumi.ResourceOption{pulumi.Parent(k), pulumi.Provider(a.ReplicaProvider)}
		k.Replica, err = kms.NewReplicaKey(ctx, name+"-replica", &kms.ReplicaKeyArgs{
			PrimaryKeyArn:        k.Key.Arn,
			Description:          pulumi.String(a.Description + " (replica)"),
			DeletionWindowInDays: pulumi.Int(a.DeletionWindowDays),
			Policy:               a.policy(ctx, replicaEnv, pulumi.Parent(k), pulumi.Provider(a.ReplicaProvider)),
			Tags:                 tags,
		}, inReplica...)
		if err != nil {
			return nil, err
		}
		if _, err := kms.NewAlias(ctx, name+"-replica", &kms.AliasArgs{
			Name:        pulumi.String(a.Alias),
			TargetKeyId: k.Replica.KeyId,
		}, inReplica...); err != nil {
			return nil, err
		}
		k.ReplicaArn = k.Replica.Arn
	}

	return k, ctx.RegisterResourceOutputs(k, pulumi.Map{
		"arn": k.Arn, "keyId": k.KeyId, "aliasName": k.AliasName, "replicaArn": k.ReplicaArn,
	})
}

// UseActions are what a key user may do.
var UseActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}

// AdminActions are what a key administrator may do: manage, never use.
var AdminActions = []string{
	"kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*",
	"kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion",
	"kms:TagResource", "kms:UntagResource", "kms:Update*",
}

// policy is the key policy for the key, or its replica, in env.
func (a *Args) policy(ctx *pulumi.Context, env awsenv.Env, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	any := pulumi.StringArray{pulumi.String("*")}
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("RootManagesKeyAndEnablesIAMPolicies"),
			Actions:    pulumi.StringArray{pulumi.String("kms:*")},
			Resources:  any,
			Principals: iampolicy.Principals("AWS", pulumi.String(env.RootArn())),
		},
	}
	if len(a.Administrators) > 0 {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("AdministratorsManageButDoNotUse"),
			Actions:    pulumi.ToStringArray(AdminActions),
			Resources:  any,
			Principals: iampolicy.Principals("AWS", a.Administrators...),
		})
	}
	if len(a.Users) > 0 {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("UsersEncryptAndDecrypt"),
			Actions:    pulumi.ToStringArray(UseActions),
			Resources:  any,
			Principals: iampolicy.Principals("AWS", a.Users...),
		})
	}
	if len(a.ViaServices) > 0 {
		var endpoints []string
		for _, s := range sorted(a.ViaServices) {
			endpoints = append(endpoints, env.ServiceEndpoint(s))
		}
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("AccountUsesKeyThroughServices"),
			Actions:    pulumi.ToStringArray(UseActions),
			Resources:  any,
			Principals: iampolicy.Principals("AWS", pulumi.String("*")),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "kms:ViaService", iampolicy.Strings(endpoints...)...),
				iampolicy.Condition("StringEquals", "kms:CallerAccount", pulumi.String(env.AccountId)),
			},
		})
	}
	var services []pulumi.StringInput
	for _, svc := range sorted(a.ServicePrincipals) {
		if svc == "logs" {
			// CloudWatch Logs signs as a regional principal and names the
			// log group in the encryption context, not the source account.
			stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String("CloudWatchLogsUsesKeyForThisAccount"),
				Actions:    pulumi.ToStringArray(UseActions),
				Resources:  any,
				Principals: iampolicy.Principals("Service", pulumi.String(env.ServiceEndpoint("logs"))),
				Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
					pulumi.Sprintf("arn:%s:logs:%s:%s:log-group:*", env.Partition, env.Region, env.AccountId))},
			})
			continue
		}
		services = append(services, pulumi.String(env.ServicePrincipal(svc)))
	}
	if len(services) > 0 {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("ServicesUseKeyForThisAccount"),
			Actions:    pulumi.ToStringArray(UseActions),
			Resources:  any,
			Principals: iampolicy.Principals("Service", services...),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			},
		})
	}
	return iampolicy.Document(ctx, stmts, opts...)
}

// DecryptActions are what a decrypt-only grant allows.
var DecryptActions = []string{"kms:Decrypt", "kms:DescribeKey"}

// GrantEncryptDecrypt lets a role encrypt and decrypt with the key and its
// replica, through an inline policy on the role named name.
func (k *Key) GrantEncryptDecrypt(ctx *pulumi.Context, name string, role *iam.Role) (*iam.RolePolicy, error) {
	return k.grant(ctx, name, role, UseActions)
}

// GrantDecrypt lets a role decrypt with the key and its replica, and
// nothing else, through an inline policy on the role named name.
func (k *Key) GrantDecrypt(ctx *pulumi.Context, name string, role *iam.Role) (*iam.RolePolicy, error) {
	return k.grant(ctx, name, role, DecryptActions)
}

func (k *Key) grant(ctx *pulumi.Context, name string, role *iam.Role, actions []string) (*iam.RolePolicy, error) {
	if role == nil {
		return nil, fmt.Errorf("kmskey grant %s: role is nil", name)
	}
	resources := pulumi.StringArray{k.Arn}
	if k.Replica != nil {
		resources = append(resources, k.ReplicaArn)
	}
	doc := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Actions:   pulumi.ToStringArray(actions),
		Resources: resources,
	}}, pulumi.Parent(k))
	return iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: doc}, pulumi.Parent(k))
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	sort.Strings(out)
	return slices.Compact(out)
}

var keyARN = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`)

// CheckArn checks a key ARN that a caller passes to a component instead of
// letting it create its own key. A literal that is not a KMS key ARN (an
// empty string, an alias, a key ID) is rejected, because services would
// then quietly fall back to an AWS-managed key; outputs of other resources
// are taken as they are. field names the argument in the error.
func CheckArn(field string, v pulumi.StringInput) error {
	s, ok := v.(pulumi.String)
	if !ok || keyARN.MatchString(string(s)) {
		return nil
	}
	return fmt.Errorf("%s %q is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID); leave it unset to get a key of the component's own", field, string(s))
}
