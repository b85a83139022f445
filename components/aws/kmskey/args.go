package kmskey

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

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
var ServicePrincipals = []string{"backup", "cloudtrail", "cloudwatch", "delivery.logs", "events", "logs", "sns"}

// Args configures a Key. The zero value is a valid, secure key.
type Args struct {
	// Description of the key. Default: "modelfort key NAME"; the replica's
	// is the same with " (replica)".
	Description string
	// Alias names the key, with or without the "alias/" prefix. Default:
	// DefaultAlias(ctx, NAME), "alias/PROJECT/STACK/NAME", which no other
	// stack of the account and region holds. Allowed: letters, digits, '/', '_' and '-',
	// at most 250 characters after the prefix, not empty and not starting
	// with "aws/" (reserved for AWS managed keys).
	Alias string
	// DeletionWindowDays is how long a deleted key can still be recovered:
	// 7 to 30 days. Default (0): 30.
	DeletionWindowDays int
	// Administrators are IAM principal ARNs that manage the key (describe,
	// enable, disable, tag, schedule deletion; AdminActions) but cannot
	// use it. Default: none (the account root and IAM policies only). No
	// element may be nil.
	Administrators []pulumi.StringInput
	// Users are IAM principal ARNs that encrypt and decrypt with the key
	// (UseActions). Default: none. No element may be nil.
	Users []pulumi.StringInput
	// ViaServices lets principals of this account use the key through
	// these services only (kms:ViaService and kms:CallerAccount), for
	// example "s3" for SSE-KMS buckets or "backup" for backup vaults.
	// Default: none. Allowed: the ViaServices variable.
	ViaServices []string
	// ServicePrincipals lets these services use the key themselves, on
	// behalf of this account only (aws:SourceAccount; for "logs", log
	// groups of this account and region; for "events", SNS topics of this
	// account and region, which EventBridge publishes to), for example
	// "cloudtrail" or "logs". Default: none. Allowed: the
	// ServicePrincipals variable.
	ServicePrincipals []string
	// ReplicaProvider, when set, makes the key a multi-Region primary key
	// and creates a replica key, with the same policy and alias, in that
	// provider's region, which must differ from the key's. Default: none
	// (a single-Region key).
	ReplicaProvider pulumi.ProviderResource
	// Tags are added to the key and its replica. Default: none.
	Tags map[string]string
}

var aliasPattern = regexp.MustCompile(`^[a-zA-Z0-9/_-]+$`)

// Validate checks the arguments of the key named name and fills in their
// defaults; its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if a.DeletionWindowDays == 0 {
		a.DeletionWindowDays = DefaultDeletionWindowDays
	}
	if err := verify.Between("DeletionWindowDays", a.DeletionWindowDays, MinDeletionWindowDays, MaxDeletionWindowDays, DefaultDeletionWindowDays); err != nil {
		return err
	}
	if a.Alias != "" {
		alias := strings.TrimPrefix(a.Alias, "alias/")
		if alias == "" {
			return fmt.Errorf("Alias %q is empty after the \"alias/\" prefix; give a name such as alias/models", a.Alias)
		}
		if !aliasPattern.MatchString(alias) || len(alias) > 250 || strings.HasPrefix(alias, "aws/") {
			return fmt.Errorf("Alias %q is not allowed; use letters, digits, '/', '_' and '-', at most 250 characters, not starting with aws/", a.Alias)
		}
		a.Alias = "alias/" + alias
	}
	if a.Description == "" {
		a.Description = "modelfort key " + name
	}
	if err := allOf("ViaServices", a.ViaServices, ViaServices); err != nil {
		return err
	}
	if err := allOf("ServicePrincipals", a.ServicePrincipals, ServicePrincipals); err != nil {
		return err
	}
	if err := verify.NoneNil("Administrators", a.Administrators); err != nil {
		return err
	}
	return verify.NoneNil("Users", a.Users)
}

// allOf checks that every value of the list field is one of allowed.
func allOf(field string, values, allowed []string) error {
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("%s has %q; allowed values are %s", field, v, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// DefaultAlias is the alias a key named name gets by default:
// "alias/PROJECT/STACK/NAME". An alias is unique in an account and region,
// so the project and stack keep two stacks (dev and staging in one
// account) apart; a component that owns keys puts its own name in name
// (see encryption.KeyOrOwn). Characters an alias may not hold become '-'.
func DefaultAlias(ctx *pulumi.Context, name string) string {
	clean := func(s string) string {
		return aliasUnsafe.ReplaceAllString(s, "-")
	}
	alias := clean(ctx.Project()) + "/" + clean(ctx.Stack()) + "/" + clean(name)
	if len(alias) > 250 {
		alias = alias[:250]
	}
	return "alias/" + alias
}

var aliasUnsafe = regexp.MustCompile(`[^a-zA-Z0-9/_-]`)
