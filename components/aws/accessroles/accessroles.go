// Package accessroles provides Roles, the IAM roles through which
// people and machines work with a model deployment, each with only the
// rights its job needs:
//
//   - Deploy: whatever the caller grants it explicitly (ManagedPolicyArns),
//     nothing by default;
//   - Publish: write model artifacts under one prefix of the model bucket
//     and encrypt them with the bucket's key, through S3 only; never
//     delete them or change their retention;
//   - Invoke: sagemaker:InvokeEndpoint on the named endpoint ARNs only,
//     optionally only through the named VPC endpoints;
//   - Audit: read CloudWatch Logs and CloudTrail, and optionally the trail's
//     log buckets and their keys; never change anything.
//
// One component holds the four kinds, each created only when its Args
// field is set, so that they share one OIDC provider for CI and one place
// to review who may do what.
//
// Who may assume a role: by default the account (its root principal),
// which leaves the decision to IAM policies of the account that grant
// sts:AssumeRole on the role; or the principals named in Principals; and,
// with CISubjects, a CI system through an OIDC provider (GitHub Actions by
// default), limited to the token audiences and to the subjects given,
// such as "repo:my-org/models:environment:prod". A role with CISubjects and
// no Principals trusts the CI system alone.
//
// The deploy role is the hard one to keep least-privileged: deploying the
// stacks touches many services, and any fixed grant would be too broad for
// some and too narrow for others. So it gets no permissions of its own;
// the caller chooses managed policies (its own, scoped ones, ideally) and
// may bound the role with a permissions boundary. AdministratorAccess,
// PowerUserAccess and IAMFullAccess are refused.
//
// No statement of a policy the component writes grants an action with a
// wildcard on the resource "*".
package accessroles

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Type is the component's type token.
const Type = "modelfort:aws:AccessRoles"

// Role kinds, the keys of Roles.RoleArns and suffixes of the roles'
// logical names.
const (
	KindDeploy  = "deploy"
	KindPublish = "publish"
	KindInvoke  = "invoke"
	KindAudit   = "audit"
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

// ForbiddenManagedPolicies are AWS managed policies the deploy role may
// not be given: each grants (nearly) every action on every resource, or
// all of IAM.
var ForbiddenManagedPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

// Args configures Roles. Declare at least one role; the zero value
// of each role's struct is its secure default.
type Args struct {
	// CI is the OIDC provider of a CI system, for roles with CISubjects.
	CI *CIProvider
	// Deploy, Publish, Invoke and Audit create the role of that kind when
	// set.
	Deploy  *DeployRole
	Publish *PublishRole
	Invoke  *InvokeRole
	Audit   *AuditRole
	// Tags are added to the roles and the OIDC provider.
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
	// ProviderArn is an existing provider for URL: IAM allows one per URL
	// and account, so a second Roles (another stack, another
	// region) names the first one's instead of creating its own.
	ProviderArn pulumi.StringInput
}

// Trust says who may assume a role, and for how long.
type Trust struct {
	// Principals are IAM principal ARNs (roles, users, accounts) that may
	// assume the role. Default: the account, unless CISubjects is set.
	Principals []pulumi.StringInput
	// CISubjects are the token subjects ("sub") of the CI system that may
	// assume the role, such as "repo:my-org/models:environment:prod".
	// Wildcards ('*', '?') may appear only after the second ':', so that
	// the repository is always named. Needs Args.CI.
	CISubjects []string
	// RequireMFA lets Principals assume the role only with multi-factor
	// authentication (for roles people assume).
	RequireMFA bool
	// MaxSessionHours is a session's longest life: 1 to 12. Default: 1.
	MaxSessionHours int
	// PermissionsBoundaryArn is a managed policy that bounds the role's
	// permissions. Default: none.
	PermissionsBoundaryArn pulumi.StringInput
}

// DeployRole deploys the stacks.
type DeployRole struct {
	Trust
	// ManagedPolicyArns are the managed policies the role gets, and all
	// it may do. Default: none.
	ManagedPolicyArns []pulumi.StringInput
}

// PublishRole publishes model artifacts into the model bucket.
type PublishRole struct {
	Trust
	// BucketArn is the model bucket. Required.
	BucketArn pulumi.StringInput
	// Prefix is the key prefix the role writes under: ends with '/', no
	// wildcards. Default: "models/".
	Prefix string
	// KMSKeyArn is the bucket's key, which the role uses through S3 in
	// the key's region only. Required.
	KMSKeyArn pulumi.StringInput
}

// InvokeRole calls model endpoints.
type InvokeRole struct {
	Trust
	// EndpointArns are the SageMaker endpoints the role may invoke, by
	// ARN, no wildcards. At least one.
	EndpointArns []pulumi.StringInput
	// VpcEndpointIds, when set, let the role invoke only through these
	// VPC endpoints (aws:SourceVpce), such as a PrivateVpc's
	// sagemaker.runtime endpoint.
	VpcEndpointIds []pulumi.StringInput
}

// AuditRole reads logs and trails.
type AuditRole struct {
	Trust
	// LogGroupArns are the log groups the role reads. Default: every log
	// group of the account, in every region.
	LogGroupArns []pulumi.StringInput
	// LogBucketArns are buckets of trail log files the role reads.
	LogBucketArns []pulumi.StringInput
	// KMSKeyArns are keys that encrypt them, which the role may decrypt
	// with.
	KMSKeyArns []pulumi.StringInput
}

// Roles are the roles of a model deployment.
type Roles struct {
	pulumi.ResourceState

	// RoleArns are the roles' ARNs by kind ("deploy", "publish", "invoke",
	// "audit"), for the kinds declared.
	RoleArns pulumi.StringMapOutput `pulumi:"roleArns"`
	// DeployRoleArn, PublishRoleArn, InvokeRoleArn and AuditRoleArn are
	// the same, or empty for a kind not declared.
	DeployRoleArn  pulumi.StringOutput `pulumi:"deployRoleArn"`
	PublishRoleArn pulumi.StringOutput `pulumi:"publishRoleArn"`
	InvokeRoleArn  pulumi.StringOutput `pulumi:"invokeRoleArn"`
	AuditRoleArn   pulumi.StringOutput `pulumi:"auditRoleArn"`
	// OIDCProviderArn is the CI system's OIDC provider, or empty.
	OIDCProviderArn pulumi.StringOutput `pulumi:"oidcProviderArn"`

	// Roles are the roles by kind.
	Roles map[string]*iam.Role
}

var (
	ciURL        = regexp.MustCompile(`^https://[a-z0-9.-]+(/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-])?$`)
	thumbprint   = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	bucketArn    = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	keyArn       = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`)
	endpointArn  = regexp.MustCompile(`^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:endpoint/[A-Za-z0-9-]+$`)
	policyArn    = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$`)
	logGroupArn  = regexp.MustCompile(`^arn:aws[a-z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:[A-Za-z0-9_./#-]+$`)
	oidcArn      = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/[A-Za-z0-9./_-]+$`)
	principalArn = regexp.MustCompile(`^(arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/:-]+|[0-9]{12})$`)
)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if a.Deploy == nil && a.Publish == nil && a.Invoke == nil && a.Audit == nil {
		return fmt.Errorf("accessroles %s: no role declared; set at least one of Deploy, Publish, Invoke and Audit", name)
	}
	if a.CI != nil {
		ci := *a.CI
		if ci.URL == "" {
			ci.URL = DefaultCIURL
		}
		if !ciURL.MatchString(ci.URL) {
			return fmt.Errorf("accessroles %s: CI.URL is %q; give the issuer as https://HOST[/PATH], such as %s", name, ci.URL, DefaultCIURL)
		}
		if len(ci.Audiences) == 0 {
			ci.Audiences = []string{DefaultCIAudience}
		}
		for i, aud := range ci.Audiences {
			if aud == "" || strings.ContainsAny(aud, "*?") {
				return fmt.Errorf("accessroles %s: CI.Audiences[%d] is %q; give an audience without wildcards, such as %s", name, i, aud, DefaultCIAudience)
			}
		}
		for i, tp := range ci.Thumbprints {
			if !thumbprint.MatchString(tp) {
				return fmt.Errorf("accessroles %s: CI.Thumbprints[%d] is %q; a thumbprint is 40 hex digits", name, i, tp)
			}
		}
		if ci.ProviderArn != nil {
			if err := checkArn(ci.ProviderArn, oidcArn, "an IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/HOST)"); err != nil {
				return fmt.Errorf("accessroles %s: CI.ProviderArn %w", name, err)
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
			if err := checkArn(p, policyArn, "a managed policy ARN"); err != nil {
				return fmt.Errorf("accessroles %s: Deploy.ManagedPolicyArns[%d] %w", name, i, err)
			}
			if s, ok := p.(pulumi.String); ok {
				for _, f := range ForbiddenManagedPolicies {
					if strings.HasSuffix(string(s), ":iam::aws:policy/"+f) {
						return fmt.Errorf("accessroles %s: Deploy.ManagedPolicyArns[%d] is %s; %s are refused: they grant (nearly) everything; give policies scoped to what the deployment manages", name, i, s, strings.Join(ForbiddenManagedPolicies, ", "))
					}
				}
			}
		}
		a.Deploy = &d
		trusts = append(trusts, namedTrust{"Deploy", &d.Trust})
	}
	if a.Publish != nil {
		p := *a.Publish
		if err := checkArn(p.BucketArn, bucketArn, "an S3 bucket ARN (arn:aws:s3:::NAME)"); err != nil {
			return fmt.Errorf("accessroles %s: Publish.BucketArn %w", name, err)
		}
		if err := checkArn(p.KMSKeyArn, keyArn, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)"); err != nil {
			return fmt.Errorf("accessroles %s: Publish.KMSKeyArn %w", name, err)
		}
		if p.Prefix == "" {
			p.Prefix = DefaultModelPrefix
		}
		if !strings.HasSuffix(p.Prefix, "/") || strings.HasPrefix(p.Prefix, "/") || strings.ContainsAny(p.Prefix, "*?$") {
			return fmt.Errorf("accessroles %s: Publish.Prefix is %q; give a key prefix that ends with '/', does not start with '/' and has no '*', '?' or '$', such as %s", name, p.Prefix, DefaultModelPrefix)
		}
		a.Publish = &p
		trusts = append(trusts, namedTrust{"Publish", &p.Trust})
	}
	if a.Invoke != nil {
		in := *a.Invoke
		if len(in.EndpointArns) == 0 {
			return fmt.Errorf("accessroles %s: Invoke.EndpointArns is empty; name the endpoints the role may invoke", name)
		}
		for i, e := range in.EndpointArns {
			if err := checkArn(e, endpointArn, "a SageMaker endpoint ARN (arn:aws:sagemaker:REGION:ACCOUNT:endpoint/NAME)"); err != nil {
				return fmt.Errorf("accessroles %s: Invoke.EndpointArns[%d] %w", name, i, err)
			}
		}
		for i, e := range in.VpcEndpointIds {
			if e == nil {
				return fmt.Errorf("accessroles %s: Invoke.VpcEndpointIds[%d] is nil", name, i)
			}
		}
		a.Invoke = &in
		trusts = append(trusts, namedTrust{"Invoke", &in.Trust})
	}
	if a.Audit != nil {
		au := *a.Audit
		for i, g := range au.LogGroupArns {
			if err := checkArn(g, logGroupArn, "a log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)"); err != nil {
				return fmt.Errorf("accessroles %s: Audit.LogGroupArns[%d] %w", name, i, err)
			}
		}
		for i, b := range au.LogBucketArns {
			if err := checkArn(b, bucketArn, "an S3 bucket ARN (arn:aws:s3:::NAME)"); err != nil {
				return fmt.Errorf("accessroles %s: Audit.LogBucketArns[%d] %w", name, i, err)
			}
		}
		for i, k := range au.KMSKeyArns {
			if err := checkArn(k, keyArn, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)"); err != nil {
				return fmt.Errorf("accessroles %s: Audit.KMSKeyArns[%d] %w", name, i, err)
			}
		}
		a.Audit = &au
		trusts = append(trusts, namedTrust{"Audit", &au.Trust})
	}
	for _, tr := range trusts {
		if err := a.checkTrust(tr.field, tr.t); err != nil {
			return fmt.Errorf("accessroles %s: %w", name, err)
		}
	}
	return nil
}

// checkTrust checks a role's trust and fills in its defaults.
func (a *Args) checkTrust(field string, t *Trust) error {
	if t.MaxSessionHours == 0 {
		t.MaxSessionHours = DefaultMaxSessionHours
	}
	if t.MaxSessionHours < 1 || t.MaxSessionHours > MaxSessionHours {
		return fmt.Errorf("%s.MaxSessionHours is %d; allowed values are 1 to %d", field, t.MaxSessionHours, MaxSessionHours)
	}
	for i, p := range t.Principals {
		if err := checkArn(p, principalArn, "an IAM principal ARN or an account ID"); err != nil {
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
		if err := checkArn(t.PermissionsBoundaryArn, policyArn, "a managed policy ARN"); err != nil {
			return fmt.Errorf("%s.PermissionsBoundaryArn %w", field, err)
		}
	}
	return nil
}

// checkArn rejects a nil input and a plain string that does not match
// pattern; outputs of other resources are taken as they come.
func checkArn(in pulumi.StringInput, pattern *regexp.Regexp, what string) error {
	if in == nil {
		return fmt.Errorf("is nil; give %s", what)
	}
	if s, ok := in.(pulumi.String); ok && !pattern.MatchString(string(s)) {
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

// NewRoles creates the roles declared. Args are checked before
// anything is registered. Resource options (provider, protect, aliases,
// ...) apply to the component and through it to every role, policy and
// the OIDC provider.
func NewRoles(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Roles, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("accessroles %s: %w", name, err)
	}
	r := &Roles{Roles: map[string]*iam.Role{}}
	if err := ctx.RegisterComponentResource(Type, name, r, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(r)
	tags := pulumi.ToStringMap(a.Tags)

	empty := pulumi.String("").ToStringOutput()
	r.OIDCProviderArn, r.DeployRoleArn, r.PublishRoleArn, r.InvokeRoleArn, r.AuditRoleArn = empty, empty, empty, empty, empty
	var providerArn pulumi.StringInput
	if a.CI != nil {
		providerArn = a.CI.ProviderArn
		if providerArn == nil {
			p, err := iam.NewOpenIdConnectProvider(ctx, name+"-ci", &iam.OpenIdConnectProviderArgs{
				Url:             pulumi.String(a.CI.URL),
				ClientIdLists:   pulumi.ToStringArray(a.CI.Audiences),
				ThumbprintLists: pulumi.ToStringArray(a.CI.Thumbprints),
				Tags:            tags,
			}, in)
			if err != nil {
				return nil, err
			}
			providerArn = p.Arn
		}
		r.OIDCProviderArn = providerArn.ToStringOutput()
	}

	arns := pulumi.StringMap{}
	newRole := func(kind string, t Trust, description string, policy iam.GetPolicyDocumentStatementArray) (*iam.Role, error) {
		roleArgs := &iam.RoleArgs{
			Description:        pulumi.String(description),
			AssumeRolePolicy:   a.trustPolicy(ctx, env, t, providerArn, in),
			MaxSessionDuration: pulumi.Int(t.MaxSessionHours * 3600),
			Tags:               tags,
		}
		if t.PermissionsBoundaryArn != nil {
			roleArgs.PermissionsBoundary = t.PermissionsBoundaryArn.ToStringOutput()
		}
		role, err := iam.NewRole(ctx, name+"-"+kind, roleArgs, in)
		if err != nil {
			return nil, err
		}
		if len(policy) > 0 {
			if _, err := iam.NewRolePolicy(ctx, name+"-"+kind, &iam.RolePolicyArgs{
				Role:   role.Name,
				Policy: iampolicy.Document(ctx, policy, in),
			}, in); err != nil {
				return nil, err
			}
		}
		r.Roles[kind] = role
		arns[kind] = role.Arn
		return role, nil
	}

	if d := a.Deploy; d != nil {
		role, err := newRole(KindDeploy, d.Trust, "modelfort "+name+": deploys the stacks with the managed policies attached to it, nothing else", nil)
		if err != nil {
			return nil, err
		}
		for i, p := range d.ManagedPolicyArns {
			if _, err := iam.NewRolePolicyAttachment(ctx, fmt.Sprintf("%s-%s-%d", name, KindDeploy, i), &iam.RolePolicyAttachmentArgs{
				Role: role.Name, PolicyArn: p,
			}, in); err != nil {
				return nil, err
			}
		}
		r.DeployRoleArn = role.Arn
	}
	if p := a.Publish; p != nil {
		role, err := newRole(KindPublish, p.Trust, "modelfort "+name+": publishes model artifacts under "+p.Prefix, publishPolicy(p, env))
		if err != nil {
			return nil, err
		}
		r.PublishRoleArn = role.Arn
	}
	if iv := a.Invoke; iv != nil {
		role, err := newRole(KindInvoke, iv.Trust, "modelfort "+name+": invokes the named model endpoints", invokePolicy(iv))
		if err != nil {
			return nil, err
		}
		r.InvokeRoleArn = role.Arn
	}
	if au := a.Audit; au != nil {
		role, err := newRole(KindAudit, au.Trust, "modelfort "+name+": reads logs and trails", auditPolicy(au, env))
		if err != nil {
			return nil, err
		}
		r.AuditRoleArn = role.Arn
	}

	r.RoleArns = arns.ToStringMapOutput()
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"roleArns": r.RoleArns, "deployRoleArn": r.DeployRoleArn, "publishRoleArn": r.PublishRoleArn,
		"invokeRoleArn": r.InvokeRoleArn, "auditRoleArn": r.AuditRoleArn, "oidcProviderArn": r.OIDCProviderArn,
	})
}

// Statement IDs of the trust policies.
const (
	SidAccountPrincipals = "AccountPrincipalsAssume"
	SidCI                = "CIAssumesWithWebIdentity"
)

// trustPolicy lets the role's principals (or the account) assume it, and
// the CI system's tokens with the right audience and subject.
func (a *Args) trustPolicy(ctx *pulumi.Context, env awsenv.Env, t Trust, providerArn pulumi.StringInput, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	var stmts iam.GetPolicyDocumentStatementArray
	if len(t.Principals) > 0 || len(t.CISubjects) == 0 {
		principals := t.Principals
		if len(principals) == 0 {
			principals = []pulumi.StringInput{pulumi.String(env.RootArn())}
		}
		st := iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidAccountPrincipals),
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("AWS", principals...),
		}
		if t.RequireMFA {
			st.Conditions = iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("Bool", "aws:MultiFactorAuthPresent", pulumi.String("true")),
			}
		}
		stmts = append(stmts, st)
	}
	if len(t.CISubjects) > 0 {
		host := strings.TrimPrefix(a.CI.URL, "https://")
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidCI),
			Actions:    iampolicy.Strings("sts:AssumeRoleWithWebIdentity"),
			Principals: iampolicy.Principals("Federated", providerArn),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", host+":aud", iampolicy.Strings(a.CI.Audiences...)...),
				iampolicy.Condition("StringLike", host+":sub", iampolicy.Strings(t.CISubjects...)...),
			},
		})
	}
	return iampolicy.Document(ctx, stmts, opts...)
}

// Statement IDs of the role policies.
const (
	SidListModelPrefix   = "ListModelPrefix"
	SidWriteModels       = "WriteModelObjects"
	SidEncryptModels     = "EncryptWithModelKeyThroughS3"
	SidDenyModelChanges  = "DenyDeletesAndRetentionChanges"
	SidDenyBucketChanges = "DenyBucketProtectionChanges"
	SidInvokeEndpoints   = "InvokeNamedEndpoints"
	SidReadTrails        = "ReadTrails"
	SidReadLogGroups     = "ReadLogGroups"
	SidListLogs          = "ListLogGroupsAndQueries"
	SidReadLogBuckets    = "ReadTrailLogBuckets"
	SidListLogBuckets    = "ListTrailLogBuckets"
	SidDecryptLogs       = "DecryptTrailLogs"
)

// PublishActions are what the publish role may do under its prefix.
var PublishActions = []string{"s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:PutObject"}

// publishPolicy: write under the prefix, encrypt (and, for multipart
// uploads, decrypt) with the key through S3 only, and never delete,
// change retention or loosen the bucket.
func publishPolicy(p *PublishRole, env awsenv.Env) iam.GetPolicyDocumentStatementArray {
	bucket := p.BucketArn.ToStringOutput()
	objects := pulumi.Sprintf("%s/%s*", bucket, p.Prefix)
	viaS3 := p.KMSKeyArn.ToStringOutput().ApplyT(func(arn string) string {
		region := env.Region
		if parts := strings.Split(arn, ":"); len(parts) > 3 && parts[3] != "" {
			region = parts[3]
		}
		return fmt.Sprintf("s3.%s.%s", region, env.DNSSuffix)
	}).(pulumi.StringOutput)
	return iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidListModelPrefix),
			Actions:   iampolicy.Strings("s3:ListBucket"),
			Resources: pulumi.StringArray{bucket},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringLike", "s3:prefix", pulumi.String(p.Prefix+"*")),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidWriteModels),
			Actions:   iampolicy.Strings(PublishActions...),
			Resources: pulumi.StringArray{objects},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidEncryptModels),
			Actions:   iampolicy.Strings("kms:Decrypt", "kms:GenerateDataKey"),
			Resources: pulumi.StringArray{p.KMSKeyArn},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "kms:ViaService", viaS3),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:    pulumi.String(SidDenyModelChanges),
			Effect: pulumi.String("Deny"),
			Actions: iampolicy.Strings("s3:BypassGovernanceRetention", "s3:DeleteObject", "s3:DeleteObjectVersion",
				"s3:PutObjectLegalHold", "s3:PutObjectRetention"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/*", bucket)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:    pulumi.String(SidDenyBucketChanges),
			Effect: pulumi.String("Deny"),
			Actions: iampolicy.Strings("s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration",
				"s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration"),
			Resources: pulumi.StringArray{bucket},
		},
	}
}

// invokePolicy: sagemaker:InvokeEndpoint on the named endpoints, through
// the named VPC endpoints when given.
func invokePolicy(iv *InvokeRole) iam.GetPolicyDocumentStatementArray {
	st := iam.GetPolicyDocumentStatementArgs{
		Sid:       pulumi.String(SidInvokeEndpoints),
		Actions:   iampolicy.Strings("sagemaker:InvokeEndpoint"),
		Resources: pulumi.StringArray(iv.EndpointArns),
	}
	if len(iv.VpcEndpointIds) > 0 {
		st.Conditions = iam.GetPolicyDocumentStatementConditionArray{
			iampolicy.Condition("StringEquals", "aws:SourceVpce", iv.VpcEndpointIds...),
		}
	}
	return iam.GetPolicyDocumentStatementArray{st}
}

// Read-only actions of the audit role. Those on "*" are actions that IAM
// cannot scope to a resource; none has a wildcard.
var (
	AuditTrailActions    = []string{"cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags", "cloudtrail:ListTrails", "cloudtrail:LookupEvents"}
	AuditLogGroupActions = []string{"logs:DescribeLogStreams", "logs:DescribeMetricFilters", "logs:DescribeSubscriptionFilters", "logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogGroupFields", "logs:ListTagsForResource", "logs:StartQuery"}
	AuditListLogActions  = []string{"logs:DescribeLogGroups", "logs:DescribeQueries", "logs:DescribeQueryDefinitions", "logs:GetQueryResults", "logs:StopQuery"}
)

// auditPolicy: read trails, log groups (all of the account's by default),
// and the trail log buckets and keys given.
func auditPolicy(au *AuditRole, env awsenv.Env) iam.GetPolicyDocumentStatementArray {
	any := pulumi.StringArray{pulumi.String("*")}
	groups := pulumi.StringArray{pulumi.Sprintf("arn:%s:logs:*:%s:log-group:*", env.Partition, env.AccountId)}
	if len(au.LogGroupArns) > 0 {
		groups = nil
		for _, g := range au.LogGroupArns {
			groups = append(groups, g, pulumi.Sprintf("%s:*", g))
		}
	}
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidReadTrails), Actions: iampolicy.Strings(AuditTrailActions...), Resources: any},
		iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidListLogs), Actions: iampolicy.Strings(AuditListLogActions...), Resources: any},
		iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidReadLogGroups), Actions: iampolicy.Strings(AuditLogGroupActions...), Resources: groups},
	}
	if len(au.LogBucketArns) > 0 {
		var buckets, objects pulumi.StringArray
		for _, b := range au.LogBucketArns {
			buckets = append(buckets, b)
			objects = append(objects, pulumi.Sprintf("%s/*", b))
		}
		stmts = append(stmts,
			iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidListLogBuckets), Actions: iampolicy.Strings("s3:GetBucketLocation", "s3:ListBucket"), Resources: buckets},
			iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidReadLogBuckets), Actions: iampolicy.Strings("s3:GetObject", "s3:GetObjectVersion"), Resources: objects},
		)
	}
	if len(au.KMSKeyArns) > 0 {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String(SidDecryptLogs), Actions: iampolicy.Strings("kms:Decrypt", "kms:DescribeKey"), Resources: pulumi.StringArray(au.KMSKeyArns),
		})
	}
	return stmts
}
