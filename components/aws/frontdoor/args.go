package frontdoor

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/logretention"
	"github.com/modelfort/modelfort/internal/verify"
)

// Ways callers authenticate.
const (
	// AuthIAM: SigV4-signed requests of principals allowed
	// execute-api:Invoke on InvocationsArn.
	AuthIAM = "IAM"
	// AuthAPIKey: an x-api-key header with a key of the usage plan.
	AuthAPIKey = "API_KEY"
)

// Defaults and bounds.
const (
	DefaultStageName = "v1"
	// DefaultRateLimit and DefaultBurstLimit throttle the stage (and each
	// API key): requests per second, and the bucket size.
	DefaultRateLimit  = 20.0
	DefaultBurstLimit = 40
	MaxRateLimit      = 10000.0
	MaxBurstLimit     = 5000
	// DefaultTimeoutMilliseconds is API Gateway's default integration
	// timeout; up to MaxTimeoutMilliseconds once the account's quota is
	// raised.
	DefaultTimeoutMilliseconds = 29000
	MinTimeoutMilliseconds     = 50
	MaxTimeoutMilliseconds     = 300000
	DefaultLogRetentionDays    = 365
	// SecurityPolicy is the custom domain's TLS policy.
	SecurityPolicy = "TLS_1_2"
	// InvocationsPath and HealthPath are the API's resources.
	InvocationsPath = "invocations"
	HealthPath      = "health"
)

// LogRetentionDays are the retention periods CloudWatch Logs accepts.
var LogRetentionDays = logretention.Days

// Args configures an API. Handler is required; the rest has secure
// defaults.
type Args struct {
	// Handler is the Lambda function that answers POST /invocations and
	// GET /health: a guardedinvoke.Handler, which applies the guardrail
	// and is the only caller of the endpoint. Required.
	Handler *Handler
	// Auth is IAM or API_KEY. Default: IAM.
	Auth string
	// StageName is the stage: 1 to 128 letters, digits, '-' and '_'.
	// Default: "v1".
	StageName string
	// RateLimit (requests per second, up to 10000) and BurstLimit (1 to
	// 5000) throttle the stage, and each API key under API_KEY. Defaults:
	// 20 and 40.
	RateLimit  float64
	BurstLimit int
	// DailyQuota limits the requests of each API key per day (API_KEY
	// only). Default: none.
	DailyQuota int
	// TimeoutMilliseconds is how long the API waits for the endpoint: 50
	// to 300000, beyond 29000 only once the account's quota is raised.
	// Default: 29000.
	TimeoutMilliseconds int
	// DomainName is a custom domain name for the API (REGIONAL, TLS 1.2
	// at least), mapped to the stage: a lower-case DNS name. Default:
	// none.
	DomainName string
	// CertificateArn is the ACM certificate of DomainName, in the API's
	// region. Required with DomainName.
	CertificateArn pulumi.StringInput
	// KMSKeyArn encrypts the access logs (and the web ACL's logs when the
	// API creates the web ACL): a KMS key ARN. Default: a dedicated key
	// usable by CloudWatch Logs for this account only.
	KMSKeyArn pulumi.StringInput
	// LogRetentionDays is how long access logs are kept; one of
	// LogRetentionDays. Default: 365.
	LogRetentionDays int
	// WebAcl configures the web ACL the API creates and associates
	// with its stage (REGIONAL; its Associations must be empty). Default:
	// webacl's defaults, with the health resource exempt from the
	// anonymous IP list.
	WebAcl *webacl.Args
	// WebAclArn guards the stage with an existing REGIONAL web ACL
	// instead of creating one. Default: none.
	WebAclArn pulumi.StringInput
	// ManageAccountLogging creates the role API Gateway writes logs with
	// and sets it in the region's API Gateway account settings (one per
	// account and region: leave it false where something else manages
	// them, which must be so before the stage can log). Default: false.
	ManageAccountLogging bool
	// Tags are added to the API, stage, key, log group, roles and web ACL.
	Tags map[string]string
}

const pkg = "frontdoor"

var (
	lambdaInvokeArn = regexp.MustCompile(`^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?/invocations$`)
	stageName       = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,128}$`)
)

// Validate checks a and fills in its defaults (the web ACL's too), as
// NewAPI does; name is the component's. The certificate's region is
// checked by NewAPI.
func (a *Args) Validate(name string) error {
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	if a.Handler == nil || a.Handler.FunctionName == nil || a.Handler.InvokeArn == nil {
		return fmt.Errorf("Handler is nil or incomplete; give the Lambda function that guards the endpoint (FunctionName and InvokeArn of a guardedinvoke.Handler)")
	}
	if s, ok := a.Handler.InvokeArn.(pulumi.String); ok && !lambdaInvokeArn.MatchString(string(s)) {
		return fmt.Errorf("Handler.InvokeArn %q is not a Lambda function's API Gateway invocation ARN (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations)", string(s))
	}
	if a.Auth == "" {
		a.Auth = AuthIAM
	}
	if a.Auth != AuthIAM && a.Auth != AuthAPIKey {
		return fmt.Errorf("Auth is %q; allowed values are %s and %s", a.Auth, AuthIAM, AuthAPIKey)
	}
	if a.StageName == "" {
		a.StageName = DefaultStageName
	}
	if !stageName.MatchString(a.StageName) {
		return fmt.Errorf("StageName %q is not allowed; use 1 to 128 letters, digits, '-' and '_'", a.StageName)
	}
	if err := a.checkThrottling(); err != nil {
		return err
	}
	if a.TimeoutMilliseconds == 0 {
		a.TimeoutMilliseconds = DefaultTimeoutMilliseconds
	}
	if err := verify.Between("TimeoutMilliseconds", a.TimeoutMilliseconds, MinTimeoutMilliseconds, MaxTimeoutMilliseconds, DefaultTimeoutMilliseconds); err != nil {
		return err
	}
	if err := a.checkDomain(); err != nil {
		return err
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if err := loggroup.CheckRetention("LogRetentionDays", a.LogRetentionDays); err != nil {
		return err
	}
	return a.checkWebAcl(name)
}

// checkThrottling checks the stage's throttling and the keys' quota.
func (a *Args) checkThrottling() error {
	if a.RateLimit == 0 {
		a.RateLimit = DefaultRateLimit
	}
	if a.RateLimit < 0 || a.RateLimit > MaxRateLimit {
		return fmt.Errorf("RateLimit is %g; allowed values are above 0 up to %g requests per second (0 means %g)", a.RateLimit, MaxRateLimit, DefaultRateLimit)
	}
	if a.BurstLimit == 0 {
		a.BurstLimit = DefaultBurstLimit
	}
	if err := verify.Between("BurstLimit", a.BurstLimit, 1, MaxBurstLimit, DefaultBurstLimit); err != nil {
		return err
	}
	switch {
	case a.DailyQuota < 0:
		return fmt.Errorf("DailyQuota is %d; it must be positive, or 0 for none", a.DailyQuota)
	case a.DailyQuota > 0 && a.Auth != AuthAPIKey:
		return fmt.Errorf("DailyQuota limits API keys, and Auth is %s; set Auth to %s or leave DailyQuota 0", a.Auth, AuthAPIKey)
	}
	return nil
}

// checkDomain checks the custom domain and its certificate (but not the
// certificate's region, which NewAPI checks against the provider's).
func (a *Args) checkDomain() error {
	switch {
	case a.DomainName != "" && !verify.IsDNSName(a.DomainName):
		return fmt.Errorf("DomainName %q is not a lower-case host name such as api.example.com", a.DomainName)
	case a.DomainName != "" && a.CertificateArn == nil:
		return fmt.Errorf("DomainName %s has no CertificateArn; give the ACM certificate of the name, in the API's region", a.DomainName)
	case a.DomainName == "" && a.CertificateArn != nil:
		return fmt.Errorf("CertificateArn is given without a DomainName")
	}
	if s, ok := a.CertificateArn.(pulumi.String); ok && !verify.IsCertificateArn(string(s), "") {
		return fmt.Errorf("CertificateArn %q is not an ACM certificate ARN", string(s))
	}
	return nil
}

// checkWebAcl checks the web ACL settings and fills in the web ACL's
// defaults: REGIONAL, with the health resource exempt from the anonymous
// IP list.
func (a *Args) checkWebAcl(name string) error {
	if a.WebAcl != nil && a.WebAclArn != nil {
		return fmt.Errorf("WebAcl and WebAclArn are both given; give WebAcl to configure the web ACL the front door creates, or WebAclArn to use an existing one")
	}
	if a.WebAclArn != nil {
		return nil
	}
	acl := webacl.Args{}
	if a.WebAcl != nil {
		acl = *a.WebAcl
	}
	if acl.Scope != "" && acl.Scope != webacl.Regional {
		return fmt.Errorf("WebAcl.Scope is %s; a front door's web ACL is REGIONAL", acl.Scope)
	}
	if len(acl.Associations) > 0 {
		return fmt.Errorf("WebAcl.Associations is not empty; the front door associates its web ACL with its own stage")
	}
	if acl.HealthCheckPath == "" {
		acl.HealthCheckPath = "/" + a.StageName + "/" + HealthPath
	}
	if err := webacl.Validate(name, &acl); err != nil {
		return fmt.Errorf("WebAcl: %w", err)
	}
	a.WebAcl = &acl
	return nil
}
