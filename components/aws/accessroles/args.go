package accessroles

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and limits.
const (
	// DefaultCIURL is GitHub Actions' OIDC issuer.
	DefaultCIURL = "https://token.actions.githubusercontent.com"
	// DefaultCIAudience is the audience AWS's official GitHub action asks for.
	DefaultCIAudience = "sts.amazonaws.com"
	// DefaultModelPrefix is the key prefix the publish role writes under.
	DefaultModelPrefix = "models/"
	// DefaultMaxSessionHours is a role session's longest life.
	DefaultMaxSessionHours = 1
	MaxSessionHours        = 12
)

// InvocationsArnForm is the form of InvokeRole.InvocationsArns.
const InvocationsArnForm = "arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/STAGE/POST/invocations"

// ForbiddenManagedPolicies are AWS managed policies the deploy role may
// not be given: each grants (nearly) every action on every resource, or
// all of IAM.
var ForbiddenManagedPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

// Args configures Roles. Declare at least one role; the zero value
// of each role's struct is its secure default.
type Args struct {
	// CI is the OIDC provider of a CI system, for roles with CISubjects.
	// Default: nil (no CI system may assume a role).
	CI *CIProvider
	// Deploy, Publish, Invoke and Audit create the role of that kind when
	// set. Default: nil (not created); at least one is required.
	Deploy  *DeployRole
	Publish *PublishRole
	Invoke  *InvokeRole
	Audit   *AuditRole
	// RuntimeVpcEndpointIds are VPC endpoint IDs (vpce-...) of the
	// SageMaker runtime. Every role this component creates is denied the
	// runtime's invoke actions (RuntimeInvokeActions) on every endpoint:
	// callers go through the front doors, never straight to the runtime.
	// With these IDs the deny spares calls made through these endpoints
	// (StringNotEquals aws:SourceVpce); they still need an Allow, which no
	// role here has, unless a managed policy of the deploy role grants it.
	// Default: none (the deny holds on every network path).
	RuntimeVpcEndpointIds []pulumi.StringInput
	// Tags are added to the roles and the OIDC provider. Default: none.
	Tags map[string]string
}

// CIProvider is the OpenID Connect provider of a CI system.
type CIProvider struct {
	// URL is the issuer, "https://HOST[/PATH]". Default: GitHub Actions,
	// https://token.actions.githubusercontent.com.
	URL string
	// Audiences are the token audiences (client IDs) accepted. Default:
	// sts.amazonaws.com.
	Audiences []string
	// Thumbprints are the issuer certificates' SHA-1 thumbprints (40 hex
	// digits). Default: none; AWS verifies well-known issuers such as
	// GitHub's through its own trusted certificate authorities.
	Thumbprints []string
	// ProviderArn is an existing provider for URL
	// (arn:aws:iam::ACCOUNT:oidc-provider/HOST): IAM allows one per URL
	// and account, so a second Roles (another stack, another region)
	// names the first one's instead of creating its own. Default: nil (a
	// new provider).
	ProviderArn pulumi.StringInput
}

// Trust says who may assume a role, and for how long.
type Trust struct {
	// Principals are IAM principal ARNs (roles, users, accounts) or
	// account IDs that may assume the role, no wildcards. Default: the
	// account, unless CISubjects is set.
	Principals []pulumi.StringInput
	// CISubjects are the token subjects ("sub") of the CI system that may
	// assume the role, such as "repo:my-org/models:environment:prod".
	// Wildcards ('*', '?') may appear only after the second ':', so that
	// the repository is always named. Needs Args.CI. Default: none.
	CISubjects []string
	// RequireMFA lets Principals assume the role only with multi-factor
	// authentication (for roles people assume); not for a role only CI
	// assumes. Default: off.
	RequireMFA bool
	// MaxSessionHours is a session's longest life: 1 to 12. Default: 1.
	MaxSessionHours int
	// PermissionsBoundaryArn is a managed policy ARN that bounds the
	// role's permissions. Default: none.
	PermissionsBoundaryArn pulumi.StringInput
}

// DeployRole deploys the stacks.
type DeployRole struct {
	Trust
	// ManagedPolicyArns are the managed policy ARNs the role gets, and all
	// it may do; ForbiddenManagedPolicies are refused. Default: none.
	ManagedPolicyArns []pulumi.StringInput
}

// PublishRole publishes model artifacts into the model bucket.
type PublishRole struct {
	Trust
	// BucketArn is the model bucket's ARN (arn:aws:s3:::NAME). Required.
	BucketArn pulumi.StringInput
	// Prefix is the key prefix the role writes under: ends with '/', does
	// not start with '/', no '*', '?' or '$'. Default: "models/".
	Prefix string
	// KMSKeyArn is the bucket's key, a KMS key ARN, which the role uses
	// through S3 in the key's region only. Required.
	KMSKeyArn pulumi.StringInput
	// ReplicaBucketArn and ReplicaKMSKeyArn are the bucket's replica and
	// its key, which the role may read under Prefix (and decrypt through
	// S3 in the key's region), so that a publish can verify that the
	// replica has arrived before the DR site uses it. Both or neither.
	// Default: none.
	ReplicaBucketArn, ReplicaKMSKeyArn pulumi.StringInput
}

// InvokeRole calls the models through their front doors (API Gateway,
// IAM authorization), never the SageMaker runtime directly.
type InvokeRole struct {
	Trust
	// InvocationsArns are the execute-api ARNs of the front doors' POST
	// /invocations, such as a frontdoor.API's InvocationsArn:
	// arn:PARTITION:execute-api:REGION:ACCOUNT:APIID/STAGE/POST/invocations,
	// no wildcards. The role may call execute-api:Invoke on these and
	// nothing else. At least one.
	InvocationsArns []pulumi.StringInput
}

// AuditRole reads logs and trails.
type AuditRole struct {
	Trust
	// LogGroupArns are the log groups the role reads, by ARN, no
	// wildcards. Default: every log group of the account, in every region.
	LogGroupArns []pulumi.StringInput
	// LogBucketArns are buckets of trail log files the role reads, by
	// ARN. Default: none.
	LogBucketArns []pulumi.StringInput
	// KMSKeyArns are keys that encrypt them, by KMS key ARN, which the
	// role may decrypt with. Default: none.
	KMSKeyArns []pulumi.StringInput
}

var (
	ciURL           = regexp.MustCompile(`^https://[a-z0-9.-]+(/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-])?$`)
	thumbprint      = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	bucketArnPrefix = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::`)
	invocationsArn  = regexp.MustCompile(`^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:[0-9]{12}:[a-z0-9]+/[A-Za-z0-9_-]+/POST/invocations$`)
	vpcEndpointID   = regexp.MustCompile(`^vpce-[0-9a-f]+$`)
	policyArn       = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$`)
	logGroupArn     = regexp.MustCompile(`^arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:[A-Za-z0-9_./#-]+$`)
	oidcArn         = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/[A-Za-z0-9./_-]+$`)
	principalArn    = regexp.MustCompile(`^(arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/:-]+|[0-9]{12})$`)
)

// isBucketArn reports whether s is the ARN of one S3 bucket (no
// wildcards).
func isBucketArn(s string) bool {
	loc := bucketArnPrefix.FindStringIndex(s)
	return loc != nil && verify.IsBucketName(s[loc[1]:])
}

// Validate checks the arguments and fills in their defaults; its errors
// name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if a.Deploy == nil && a.Publish == nil && a.Invoke == nil && a.Audit == nil {
		return errors.New("no role declared; set at least one of Deploy, Publish, Invoke and Audit")
	}
	if a.CI != nil {
		ci := *a.CI
		if ci.URL == "" {
			ci.URL = DefaultCIURL
		}
		if !ciURL.MatchString(ci.URL) {
			return fmt.Errorf("CI.URL is %q; give the issuer as https://HOST[/PATH], such as %s", ci.URL, DefaultCIURL)
		}
		if len(ci.Audiences) == 0 {
			ci.Audiences = []string{DefaultCIAudience}
		}
		for i, aud := range ci.Audiences {
			if aud == "" || strings.ContainsAny(aud, "*?") {
				return fmt.Errorf("CI.Audiences[%d] is %q; give an audience without wildcards, such as %s", i, aud, DefaultCIAudience)
			}
		}
		for i, tp := range ci.Thumbprints {
			if !thumbprint.MatchString(tp) {
				return fmt.Errorf("CI.Thumbprints[%d] is %q; a thumbprint is 40 hex digits", i, tp)
			}
		}
		if ci.ProviderArn != nil {
			if err := checkArn(ci.ProviderArn, oidcArn.MatchString, "an IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/HOST)"); err != nil {
				return fmt.Errorf("CI.ProviderArn %w", err)
			}
		}
		a.CI = &ci
	}
	type namedTrust struct {
		field string
		t     *Trust
	}
	var trusts []namedTrust
	if a.Deploy != nil {
		d := *a.Deploy
		for i, p := range d.ManagedPolicyArns {
			if err := checkArn(p, policyArn.MatchString, "a managed policy ARN"); err != nil {
				return fmt.Errorf("Deploy.ManagedPolicyArns[%d] %w", i, err)
			}
			if s, ok := p.(pulumi.String); ok {
				for _, f := range ForbiddenManagedPolicies {
					if strings.HasSuffix(string(s), ":iam::aws:policy/"+f) {
						return fmt.Errorf("Deploy.ManagedPolicyArns[%d] is %s; %s are refused: they grant (nearly) everything; give policies scoped to what the deployment manages", i, s, strings.Join(ForbiddenManagedPolicies, ", "))
					}
				}
			}
		}
		a.Deploy = &d
		trusts = append(trusts, namedTrust{"Deploy", &d.Trust})
	}
	if a.Publish != nil {
		p := *a.Publish
		if err := checkArn(p.BucketArn, isBucketArn, "an S3 bucket ARN (arn:aws:s3:::NAME)"); err != nil {
			return fmt.Errorf("Publish.BucketArn %w", err)
		}
		if err := checkArn(p.KMSKeyArn, verify.IsKMSKeyArn, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)"); err != nil {
			return fmt.Errorf("Publish.KMSKeyArn %w", err)
		}
		if (p.ReplicaBucketArn == nil) != (p.ReplicaKMSKeyArn == nil) {
			return errors.New("Publish.ReplicaBucketArn and Publish.ReplicaKMSKeyArn go together; give both, or neither")
		}
		if p.ReplicaBucketArn != nil {
			if err := checkArn(p.ReplicaBucketArn, isBucketArn, "an S3 bucket ARN (arn:aws:s3:::NAME)"); err != nil {
				return fmt.Errorf("Publish.ReplicaBucketArn %w", err)
			}
			if err := checkArn(p.ReplicaKMSKeyArn, verify.IsKMSKeyArn, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)"); err != nil {
				return fmt.Errorf("Publish.ReplicaKMSKeyArn %w", err)
			}
		}
		if p.Prefix == "" {
			p.Prefix = DefaultModelPrefix
		}
		if !strings.HasSuffix(p.Prefix, "/") || strings.HasPrefix(p.Prefix, "/") || strings.ContainsAny(p.Prefix, "*?$") {
			return fmt.Errorf("Publish.Prefix is %q; give a key prefix that ends with '/', does not start with '/' and has no '*', '?' or '$', such as %s", p.Prefix, DefaultModelPrefix)
		}
		a.Publish = &p
		trusts = append(trusts, namedTrust{"Publish", &p.Trust})
	}
	if a.Invoke != nil {
		in := *a.Invoke
		if len(in.InvocationsArns) == 0 {
			return errors.New("Invoke.InvocationsArns is empty; name the front doors the role may call, as " + InvocationsArnForm)
		}
		for i, e := range in.InvocationsArns {
			if err := checkArn(e, invocationsArn.MatchString, "the execute-api ARN of a front door's POST /invocations ("+InvocationsArnForm+")"); err != nil {
				return fmt.Errorf("Invoke.InvocationsArns[%d] %w", i, err)
			}
		}
		a.Invoke = &in
		trusts = append(trusts, namedTrust{"Invoke", &in.Trust})
	}
	if a.Audit != nil {
		au := *a.Audit
		for i, g := range au.LogGroupArns {
			if err := checkArn(g, logGroupArn.MatchString, "a log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)"); err != nil {
				return fmt.Errorf("Audit.LogGroupArns[%d] %w", i, err)
			}
		}
		for i, b := range au.LogBucketArns {
			if err := checkArn(b, isBucketArn, "an S3 bucket ARN (arn:aws:s3:::NAME)"); err != nil {
				return fmt.Errorf("Audit.LogBucketArns[%d] %w", i, err)
			}
		}
		for i, k := range au.KMSKeyArns {
			if err := checkArn(k, verify.IsKMSKeyArn, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)"); err != nil {
				return fmt.Errorf("Audit.KMSKeyArns[%d] %w", i, err)
			}
		}
		a.Audit = &au
		trusts = append(trusts, namedTrust{"Audit", &au.Trust})
	}
	for i, id := range a.RuntimeVpcEndpointIds {
		if err := checkArn(id, vpcEndpointID.MatchString, "a VPC endpoint ID (vpce-HEX)"); err != nil {
			return fmt.Errorf("RuntimeVpcEndpointIds[%d] %w", i, err)
		}
	}
	for _, tr := range trusts {
		if err := a.checkTrust(tr.field, tr.t); err != nil {
			return err
		}
	}
	return nil
}

// checkTrust checks a role's trust and fills in its defaults.
func (a *Args) checkTrust(field string, t *Trust) error {
	if t.MaxSessionHours == 0 {
		t.MaxSessionHours = DefaultMaxSessionHours
	}
	if err := verify.Between(field+".MaxSessionHours", t.MaxSessionHours, 1, MaxSessionHours, 0); err != nil {
		return err
	}
	for i, p := range t.Principals {
		if err := checkArn(p, principalArn.MatchString, "an IAM principal ARN or an account ID"); err != nil {
			return fmt.Errorf("%s.Principals[%d] %w", field, i, err)
		}
	}
	if len(t.CISubjects) > 0 && a.CI == nil {
		return fmt.Errorf("%s.CISubjects is set and CI is nil; declare the CI system's OIDC provider in CI", field)
	}
	if t.RequireMFA && len(t.Principals) == 0 && len(t.CISubjects) > 0 {
		return fmt.Errorf("%s.RequireMFA is set for a role that only CI assumes (no Principals); CI tokens carry no MFA", field)
	}
	for i, s := range t.CISubjects {
		wild := strings.IndexAny(s, "*?")
		if s == "" || strings.Count(s, ":") < 2 || wild >= 0 && wild < nthIndex(s, ':', 2) {
			return fmt.Errorf("%s.CISubjects[%d] is %q; name the repository, and put wildcards only after the second ':', such as repo:my-org/models:environment:prod", field, i, s)
		}
	}
	if t.PermissionsBoundaryArn != nil {
		if err := checkArn(t.PermissionsBoundaryArn, policyArn.MatchString, "a managed policy ARN"); err != nil {
			return fmt.Errorf("%s.PermissionsBoundaryArn %w", field, err)
		}
	}
	return nil
}

// checkArn rejects a nil input and a plain string that is not valid;
// outputs of other resources are taken as they come.
func checkArn(in pulumi.StringInput, valid func(string) bool, what string) error {
	if in == nil {
		return fmt.Errorf("is nil; give %s", what)
	}
	if s, ok := in.(pulumi.String); ok && !valid(string(s)) {
		return fmt.Errorf("is %q; give %s, without wildcards", string(s), what)
	}
	return nil
}

func nthIndex(s string, c byte, n int) int {
	for i := range len(s) {
		if s[i] == c {
			if n--; n == 0 {
				return i
			}
		}
	}
	return len(s)
}
