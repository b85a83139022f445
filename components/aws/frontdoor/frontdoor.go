// Package frontdoor provides API, the regional front door of a
// SageMaker model endpoint: an API Gateway REST API (REGIONAL) whose
// POST /invocations calls SageMaker runtime InvokeEndpoint through an AWS
// integration and a role that may invoke that one endpoint and nothing
// else, guarded by a WAF web ACL (webacl.ACL), throttled, with access
// logs in a KMS-encrypted log group, a GET /health resource for Route 53
// health checks, and optionally a custom domain with TLS 1.2 at least.
//
// Callers authenticate with IAM (SigV4, the default) or with an API key
// under a usage plan that throttles each key. The health resource answers
// 200 from a mock integration without authentication: it touches nothing
// behind the API.
//
// Access logs carry no request or response bodies, and execution logging
// is off: API Gateway would write it to a log group of its own, which is
// not encrypted with a customer-managed key. API Gateway writes access
// logs through a role set in the region's API Gateway account settings, a
// per-account, per-region singleton; ManageAccountLogging creates that
// role and setting where no one else manages them.
//
// The execute-api endpoint stays enabled: it is how a Route 53 health
// check reaches one region's API when a failover name points at both.
package frontdoor

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/logretention"
)

// Type is the component's type token.
const Type = "modelfort:aws:FrontDoor"

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

// AccessLogFormat is the access log record: who called what and how it
// went, never a body.
const AccessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller",` +
	`"user":"$context.identity.user","userArn":"$context.identity.userArn","apiKeyId":"$context.identity.apiKeyId",` +
	`"requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath",` +
	`"status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength",` +
	`"integrationStatus":"$context.integration.status","integrationLatency":"$context.integration.latency",` +
	`"wafStatus":"$context.waf.status","errorMessage":"$context.error.message"}`

// Args configures a API. EndpointName is required; the rest has
// secure defaults.
type Args struct {
	// EndpointName is the SageMaker endpoint the API invokes. Required.
	EndpointName pulumi.StringInput
	// Auth is IAM or API_KEY. Default: IAM.
	Auth string
	// StageName is the stage. Default: "v1".
	StageName string
	// RateLimit (requests per second, up to 10000) and BurstLimit (up to
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
	// at least), mapped to the stage. Default: none.
	DomainName string
	// CertificateArn is the ACM certificate of DomainName, in the API's
	// region. Required with DomainName.
	CertificateArn pulumi.StringInput
	// KMSKeyArn encrypts the access logs (and the web ACL's logs when the
	// API creates the web ACL). Default: a dedicated key usable by
	// CloudWatch Logs for this account only.
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
	// instead of creating one.
	WebAclArn pulumi.StringInput
	// ManageAccountLogging creates the role API Gateway writes logs with
	// and sets it in the region's API Gateway account settings (one per
	// account and region: leave it false where something else manages
	// them, which must be so before the stage can log).
	ManageAccountLogging bool
	// Tags are added to the API, stage, key, log group, roles and web ACL.
	Tags map[string]string
}

// API is a regional API in front of a SageMaker endpoint.
type API struct {
	pulumi.ResourceState

	ApiId pulumi.StringOutput `pulumi:"apiId"`
	// StageArn is what a web ACL is associated with.
	StageArn  pulumi.StringOutput `pulumi:"stageArn"`
	InvokeUrl pulumi.StringOutput `pulumi:"invokeUrl"`
	// InvocationsArn is the execute-api ARN of POST /invocations, for the
	// IAM policies of callers.
	InvocationsArn pulumi.StringOutput `pulumi:"invocationsArn"`
	// ExecuteApiDomain is the API's own host name,
	// ID.execute-api.REGION.amazonaws.com; with HealthCheckPath it is what
	// a Route 53 health check of this region probes.
	ExecuteApiDomain pulumi.StringOutput `pulumi:"executeApiDomain"`
	HealthCheckPath  pulumi.StringOutput `pulumi:"healthCheckPath"`
	// RegionalDomainName and RegionalZoneId are the custom domain's
	// target for DNS records (without a custom domain: ExecuteApiDomain
	// and "").
	RegionalDomainName pulumi.StringOutput `pulumi:"regionalDomainName"`
	RegionalZoneId     pulumi.StringOutput `pulumi:"regionalZoneId"`
	WebAclArn          pulumi.StringOutput `pulumi:"webAclArn"`
	LogGroupName       pulumi.StringOutput `pulumi:"logGroupName"`
	KMSKeyArn          pulumi.StringOutput `pulumi:"kmsKeyArn"`
	IntegrationRoleArn pulumi.StringOutput `pulumi:"integrationRoleArn"`
	// ApiKeyId and UsagePlanId are empty under IAM auth.
	ApiKeyId    pulumi.StringOutput `pulumi:"apiKeyId"`
	UsagePlanId pulumi.StringOutput `pulumi:"usagePlanId"`

	// Region, Auth, StageName and DomainName are the settings in force;
	// HealthPath is the health resource's path on the execute-api host
	// ("/v1/health").
	Region     string
	Auth       string
	StageName  string
	DomainName string
	HealthPath string

	Api             *apigateway.RestApi
	Stage           *apigateway.Stage
	WebAcl          *webacl.ACL
	Key             *kmskey.Key
	IntegrationRole *iam.Role
}

var (
	endpointName   = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`)
	stageName      = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,128}$`)
	hostName       = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	certificateArn = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[0-9a-f-]+$`)
)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if err := kmskey.CheckArn("KMSKeyArn", a.KMSKeyArn); err != nil {
		return fmt.Errorf("frontdoor %s: %w", name, err)
	}
	if a.EndpointName == nil {
		return fmt.Errorf("frontdoor %s: EndpointName is nil; give the name of the SageMaker endpoint the API invokes", name)
	}
	if s, ok := a.EndpointName.(pulumi.String); ok && !endpointName.MatchString(string(s)) {
		return fmt.Errorf("frontdoor %s: EndpointName %q is not a SageMaker endpoint name (1 to 63 letters, digits and '-')", name, string(s))
	}
	if a.Auth == "" {
		a.Auth = AuthIAM
	}
	if a.Auth != AuthIAM && a.Auth != AuthAPIKey {
		return fmt.Errorf("frontdoor %s: Auth is %q; allowed values are %s and %s", name, a.Auth, AuthIAM, AuthAPIKey)
	}
	if a.StageName == "" {
		a.StageName = DefaultStageName
	}
	if !stageName.MatchString(a.StageName) {
		return fmt.Errorf("frontdoor %s: StageName %q is not allowed; use 1 to 128 letters, digits, '-' and '_'", name, a.StageName)
	}
	if a.RateLimit == 0 {
		a.RateLimit = DefaultRateLimit
	}
	if a.RateLimit < 0 || a.RateLimit > MaxRateLimit {
		return fmt.Errorf("frontdoor %s: RateLimit is %g; allowed values are above 0 up to %g requests per second (0 means %g)", name, a.RateLimit, MaxRateLimit, DefaultRateLimit)
	}
	if a.BurstLimit == 0 {
		a.BurstLimit = DefaultBurstLimit
	}
	if a.BurstLimit < 1 || a.BurstLimit > MaxBurstLimit {
		return fmt.Errorf("frontdoor %s: BurstLimit is %d; allowed values are 1 to %d (0 means %d)", name, a.BurstLimit, MaxBurstLimit, DefaultBurstLimit)
	}
	switch {
	case a.DailyQuota < 0:
		return fmt.Errorf("frontdoor %s: DailyQuota is %d; it must be positive, or 0 for none", name, a.DailyQuota)
	case a.DailyQuota > 0 && a.Auth != AuthAPIKey:
		return fmt.Errorf("frontdoor %s: DailyQuota limits API keys, and Auth is %s; set Auth to %s or leave DailyQuota 0", name, a.Auth, AuthAPIKey)
	}
	if a.TimeoutMilliseconds == 0 {
		a.TimeoutMilliseconds = DefaultTimeoutMilliseconds
	}
	if a.TimeoutMilliseconds < MinTimeoutMilliseconds || a.TimeoutMilliseconds > MaxTimeoutMilliseconds {
		return fmt.Errorf("frontdoor %s: TimeoutMilliseconds is %d; allowed values are %d to %d (0 means %d)", name, a.TimeoutMilliseconds, MinTimeoutMilliseconds, MaxTimeoutMilliseconds, DefaultTimeoutMilliseconds)
	}
	switch {
	case a.DomainName != "" && (len(a.DomainName) > 253 || !hostName.MatchString(a.DomainName)):
		return fmt.Errorf("frontdoor %s: DomainName %q is not a lower-case host name such as api.example.com", name, a.DomainName)
	case a.DomainName != "" && a.CertificateArn == nil:
		return fmt.Errorf("frontdoor %s: DomainName %s has no CertificateArn; give the ACM certificate of the name, in the API's region", name, a.DomainName)
	case a.DomainName == "" && a.CertificateArn != nil:
		return fmt.Errorf("frontdoor %s: CertificateArn is given without a DomainName", name)
	}
	if s, ok := a.CertificateArn.(pulumi.String); ok && !certificateArn.MatchString(string(s)) {
		return fmt.Errorf("frontdoor %s: CertificateArn %q is not an ACM certificate ARN", name, string(s))
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if !slices.Contains(LogRetentionDays, a.LogRetentionDays) {
		return fmt.Errorf("frontdoor %s: LogRetentionDays is %d; allowed values are %v", name, a.LogRetentionDays, LogRetentionDays)
	}
	if a.WebAcl != nil && a.WebAclArn != nil {
		return fmt.Errorf("frontdoor %s: WebAcl and WebAclArn are both given; give WebAcl to configure the web ACL the front door creates, or WebAclArn to use an existing one", name)
	}
	if a.WebAclArn == nil {
		acl := webacl.Args{}
		if a.WebAcl != nil {
			acl = *a.WebAcl
		}
		if acl.Scope != "" && acl.Scope != webacl.Regional {
			return fmt.Errorf("frontdoor %s: WebAcl.Scope is %s; a front door's web ACL is REGIONAL", name, acl.Scope)
		}
		if len(acl.Associations) > 0 {
			return fmt.Errorf("frontdoor %s: WebAcl.Associations is not empty; the front door associates its web ACL with its own stage", name)
		}
		if acl.HealthCheckPath == "" {
			acl.HealthCheckPath = "/" + a.StageName + "/" + HealthPath
		}
		if err := webacl.Validate(name, &acl); err != nil {
			return fmt.Errorf("frontdoor %s: WebAcl: %w", name, err)
		}
		a.WebAcl = &acl
	}
	return nil
}

// NewAPI creates a front door. Args are checked before anything is
// registered (the web ACL's too). Resource options (provider, protect,
// aliases, ...) apply to the component and through it to every resource
// it creates.
func NewAPI(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*API, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("frontdoor %s: %w", name, err)
	}
	if s, ok := a.CertificateArn.(pulumi.String); ok {
		if m := certificateArn.FindStringSubmatch(string(s)); m[1] != env.Region {
			return nil, fmt.Errorf("frontdoor %s: CertificateArn is in %s but the API is in %s; a regional custom domain needs a certificate of its own region", name, m[1], env.Region)
		}
	}

	f := &API{
		Region: env.Region, Auth: a.Auth, StageName: a.StageName, DomainName: a.DomainName,
		HealthPath: "/" + a.StageName + "/" + HealthPath,
	}
	if err := ctx.RegisterComponentResource(Type, name, f, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(f)
	tags := pulumi.ToStringMap(a.Tags)

	keyArn := a.KMSKeyArn
	if keyArn == nil {
		if f.Key, err = kmskey.NewKey(ctx, name, &kmskey.Args{
			Description:       "modelfort front door logs " + name,
			ServicePrincipals: []string{"logs"},
			Tags:              a.Tags,
		}, in); err != nil {
			return nil, err
		}
		keyArn = f.Key.Arn
	}
	logGroup, err := cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
		KmsKeyId:        keyArn,
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            tags,
	}, in)
	if err != nil {
		return nil, err
	}
	var stageDeps []pulumi.Resource
	if a.ManageAccountLogging {
		account, err := accountLogging(ctx, name, env, tags, in)
		if err != nil {
			return nil, err
		}
		stageDeps = append(stageDeps, account)
	}

	if f.Api, err = apigateway.NewRestApi(ctx, name, &apigateway.RestApiArgs{
		Name:                      pulumi.String(name),
		Description:               pulumi.String("modelfort front door " + name),
		EndpointConfiguration:     &apigateway.RestApiEndpointConfigurationArgs{Types: pulumi.String("REGIONAL")},
		ApiKeySource:              pulumi.String("HEADER"),
		DisableExecuteApiEndpoint: pulumi.Bool(false),
		Tags:                      tags,
	}, in); err != nil {
		return nil, err
	}
	apiID := f.Api.ID().ToStringOutput()
	methods, err := f.invocations(ctx, name, &a, env, apiID, in)
	if err != nil {
		return nil, err
	}
	health, err := health(ctx, name, apiID, f.Api.RootResourceId, in)
	if err != nil {
		return nil, err
	}
	deployment, err := apigateway.NewDeployment(ctx, name, &apigateway.DeploymentArgs{
		RestApi:     apiID,
		Description: pulumi.String("modelfort front door " + name),
		// A new deployment whenever what the API does changes.
		Triggers: pulumi.StringMap{"redeployment": pulumi.Sprintf("v1 auth=%s endpoint=%s timeout=%d", a.Auth, a.EndpointName, a.TimeoutMilliseconds)},
	}, in, pulumi.DependsOn(append(methods, health...)))
	if err != nil {
		return nil, err
	}
	if f.Stage, err = apigateway.NewStage(ctx, name, &apigateway.StageArgs{
		RestApi:             apiID,
		StageName:           pulumi.String(a.StageName),
		Deployment:          deployment.ID().ToStringOutput(),
		CacheClusterEnabled: pulumi.Bool(false),
		AccessLogSettings: &apigateway.StageAccessLogSettingsArgs{
			DestinationArn: logGroup.Arn,
			Format:         pulumi.String(AccessLogFormat),
		},
		Tags: tags,
	}, in, pulumi.DependsOn(stageDeps)); err != nil {
		return nil, err
	}
	if _, err := apigateway.NewMethodSettings(ctx, name, &apigateway.MethodSettingsArgs{
		RestApi:    apiID,
		StageName:  f.Stage.StageName,
		MethodPath: pulumi.String("*/*"),
		Settings: &apigateway.MethodSettingsSettingsArgs{
			ThrottlingRateLimit:  pulumi.Float64(a.RateLimit),
			ThrottlingBurstLimit: pulumi.Int(a.BurstLimit),
			MetricsEnabled:       pulumi.Bool(true),
			LoggingLevel:         pulumi.String("OFF"),
			DataTraceEnabled:     pulumi.Bool(false),
			CachingEnabled:       pulumi.Bool(false),
		},
	}, in); err != nil {
		return nil, err
	}

	f.ApiKeyId, f.UsagePlanId = pulumi.String("").ToStringOutput(), pulumi.String("").ToStringOutput()
	if a.Auth == AuthAPIKey {
		if err := f.usagePlan(ctx, name, &a, apiID, tags, in); err != nil {
			return nil, err
		}
	}

	f.ExecuteApiDomain = pulumi.Sprintf("%s.execute-api.%s.%s", apiID, env.Region, env.DNSSuffix)
	f.RegionalDomainName, f.RegionalZoneId = f.ExecuteApiDomain, pulumi.String("").ToStringOutput()
	if a.DomainName != "" {
		domain, err := apigateway.NewDomainName(ctx, name, &apigateway.DomainNameArgs{
			DomainName:             pulumi.String(a.DomainName),
			RegionalCertificateArn: a.CertificateArn,
			EndpointConfiguration:  &apigateway.DomainNameEndpointConfigurationArgs{Types: pulumi.String("REGIONAL")},
			SecurityPolicy:         pulumi.String(SecurityPolicy),
			Tags:                   tags,
		}, in)
		if err != nil {
			return nil, err
		}
		if _, err := apigateway.NewBasePathMapping(ctx, name, &apigateway.BasePathMappingArgs{
			DomainName: domain.DomainName,
			RestApi:    apiID,
			StageName:  f.Stage.StageName,
		}, in); err != nil {
			return nil, err
		}
		f.RegionalDomainName, f.RegionalZoneId = domain.RegionalDomainName, domain.RegionalZoneId
	}

	if a.WebAclArn != nil {
		if _, err := wafv2.NewWebAclAssociation(ctx, name, &wafv2.WebAclAssociationArgs{
			WebAclArn:   a.WebAclArn,
			ResourceArn: f.Stage.Arn,
		}, in); err != nil {
			return nil, err
		}
		f.WebAclArn = a.WebAclArn.ToStringOutput()
	} else {
		acl := *a.WebAcl
		acl.Associations = []pulumi.StringInput{f.Stage.Arn}
		if acl.KMSKeyArn == nil {
			acl.KMSKeyArn = keyArn
		}
		if acl.Tags == nil {
			acl.Tags = a.Tags
		}
		if f.WebAcl, err = webacl.NewACL(ctx, name, &acl, in); err != nil {
			return nil, err
		}
		f.WebAclArn = f.WebAcl.Arn
	}

	f.ApiId, f.StageArn, f.InvokeUrl = apiID, f.Stage.Arn, f.Stage.InvokeUrl
	f.InvocationsArn = pulumi.Sprintf("%s/POST/%s", f.Stage.ExecutionArn, InvocationsPath)
	f.HealthCheckPath = pulumi.String(f.HealthPath).ToStringOutput()
	f.LogGroupName, f.KMSKeyArn = logGroup.Name, keyArn.ToStringOutput()
	f.IntegrationRoleArn = f.IntegrationRole.Arn
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{
		"apiId": f.ApiId, "stageArn": f.StageArn, "invokeUrl": f.InvokeUrl, "invocationsArn": f.InvocationsArn,
		"executeApiDomain": f.ExecuteApiDomain, "healthCheckPath": f.HealthCheckPath,
		"regionalDomainName": f.RegionalDomainName, "regionalZoneId": f.RegionalZoneId, "webAclArn": f.WebAclArn,
		"logGroupName": f.LogGroupName, "kmsKeyArn": f.KMSKeyArn, "integrationRoleArn": f.IntegrationRoleArn,
		"apiKeyId": f.ApiKeyId, "usagePlanId": f.UsagePlanId,
	})
}

// SidInvokeEndpoint is the integration role's only statement.
const SidInvokeEndpoint = "InvokeTheModelEndpoint"

// invocations creates POST /invocations, its integration with SageMaker
// runtime and the role the integration acts as. It returns what the
// deployment must wait for.
func (f *API) invocations(ctx *pulumi.Context, name string, a *Args, env awsenv.Env, apiID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	// API Gateway assumes the role only for integrations that name it, and
	// naming it takes iam:PassRole on it.
	var err error
	if f.IntegrationRole, err = iam.NewRole(ctx, name+"-invoke", &iam.RoleArgs{
		Description: pulumi.String("API Gateway invokes the SageMaker endpoint for modelfort " + name),
		AssumeRolePolicy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("apigateway"))),
		}}, in),
		Tags: pulumi.ToStringMap(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	// SageMaker endpoint ARNs spell the name in lower case.
	endpointArn := a.EndpointName.ToStringOutput().ApplyT(func(n string) string {
		return fmt.Sprintf("arn:%s:sagemaker:%s:%s:endpoint/%s", env.Partition, env.Region, env.AccountId, strings.ToLower(n))
	}).(pulumi.StringOutput)
	policy, err := iam.NewRolePolicy(ctx, name+"-invoke", &iam.RolePolicyArgs{
		Role: f.IntegrationRole.Name,
		Policy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidInvokeEndpoint),
			Actions:   iampolicy.Strings("sagemaker:InvokeEndpoint"),
			Resources: pulumi.StringArray{endpointArn},
		}}, in),
	}, in)
	if err != nil {
		return nil, err
	}

	res, err := apigateway.NewResource(ctx, name+"-"+InvocationsPath, &apigateway.ResourceArgs{
		RestApi: apiID, ParentId: f.Api.RootResourceId, PathPart: pulumi.String(InvocationsPath),
	}, in)
	if err != nil {
		return nil, err
	}
	methodArgs := &apigateway.MethodArgs{
		RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: pulumi.String("POST"),
		Authorization: pulumi.String("AWS_IAM"), ApiKeyRequired: pulumi.Bool(false),
	}
	if a.Auth == AuthAPIKey {
		methodArgs.Authorization, methodArgs.ApiKeyRequired = pulumi.String("NONE"), pulumi.Bool(true)
	}
	method, err := apigateway.NewMethod(ctx, name+"-"+InvocationsPath, methodArgs, in)
	if err != nil {
		return nil, err
	}
	integration, err := apigateway.NewIntegration(ctx, name+"-"+InvocationsPath, &apigateway.IntegrationArgs{
		RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: method.HttpMethod,
		Type:                  pulumi.String("AWS"),
		IntegrationHttpMethod: pulumi.String("POST"),
		Uri:                   pulumi.Sprintf("arn:%s:apigateway:%s:runtime.sagemaker:path/endpoints/%s/invocations", env.Partition, env.Region, a.EndpointName),
		Credentials:           f.IntegrationRole.Arn,
		// JSON only: any other content type is refused with 415.
		PassthroughBehavior: pulumi.String("NEVER"),
		RequestTemplates:    pulumi.StringMap{"application/json": pulumi.String("$input.body")},
		RequestParameters: pulumi.StringMap{
			"integration.request.header.Content-Type": pulumi.String("'application/json'"),
			"integration.request.header.Accept":       pulumi.String("'application/json'"),
		},
		TimeoutMilliseconds: pulumi.Int(a.TimeoutMilliseconds),
	}, in, pulumi.DependsOn([]pulumi.Resource{policy}))
	if err != nil {
		return nil, err
	}
	deps := []pulumi.Resource{method, integration}
	// The endpoint's 4xx (a bad request, a model error) reach the caller
	// as 400, its 5xx as 502.
	for _, r := range []struct{ status, pattern string }{{"200", ""}, {"400", `4\d{2}`}, {"502", `5\d{2}`}} {
		mr, err := apigateway.NewMethodResponse(ctx, name+"-"+InvocationsPath+"-"+r.status, &apigateway.MethodResponseArgs{
			RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: method.HttpMethod, StatusCode: pulumi.String(r.status),
		}, in)
		if err != nil {
			return nil, err
		}
		irArgs := &apigateway.IntegrationResponseArgs{
			RestApi: apiID, ResourceId: res.ID().ToStringOutput(), HttpMethod: method.HttpMethod, StatusCode: mr.StatusCode,
		}
		if r.pattern != "" {
			irArgs.SelectionPattern = pulumi.String(r.pattern)
		}
		ir, err := apigateway.NewIntegrationResponse(ctx, name+"-"+InvocationsPath+"-"+r.status, irArgs, in, pulumi.DependsOn([]pulumi.Resource{integration}))
		if err != nil {
			return nil, err
		}
		deps = append(deps, mr, ir)
	}
	return deps, nil
}

// health creates GET /health, answered 200 by a mock integration without
// authentication. It returns what the deployment must wait for.
func health(ctx *pulumi.Context, name string, apiID, rootID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) ([]pulumi.Resource, error) {
	child := name + "-" + HealthPath
	res, err := apigateway.NewResource(ctx, child, &apigateway.ResourceArgs{RestApi: apiID, ParentId: rootID, PathPart: pulumi.String(HealthPath)}, in)
	if err != nil {
		return nil, err
	}
	resID := res.ID().ToStringOutput()
	method, err := apigateway.NewMethod(ctx, child, &apigateway.MethodArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: pulumi.String("GET"),
		Authorization: pulumi.String("NONE"), ApiKeyRequired: pulumi.Bool(false),
	}, in)
	if err != nil {
		return nil, err
	}
	integration, err := apigateway.NewIntegration(ctx, child, &apigateway.IntegrationArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: method.HttpMethod,
		Type:             pulumi.String("MOCK"),
		RequestTemplates: pulumi.StringMap{"application/json": pulumi.String(`{"statusCode": 200}`)},
	}, in)
	if err != nil {
		return nil, err
	}
	mr, err := apigateway.NewMethodResponse(ctx, child, &apigateway.MethodResponseArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: method.HttpMethod, StatusCode: pulumi.String("200"),
	}, in)
	if err != nil {
		return nil, err
	}
	ir, err := apigateway.NewIntegrationResponse(ctx, child, &apigateway.IntegrationResponseArgs{
		RestApi: apiID, ResourceId: resID, HttpMethod: method.HttpMethod, StatusCode: mr.StatusCode,
		ResponseTemplates: pulumi.StringMap{"application/json": pulumi.String(`{"status": "ok"}`)},
	}, in, pulumi.DependsOn([]pulumi.Resource{integration}))
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{method, integration, mr, ir}, nil
}

// usagePlan creates an API key and a usage plan that throttles it (and
// limits it to DailyQuota a day).
func (f *API) usagePlan(ctx *pulumi.Context, name string, a *Args, apiID pulumi.StringOutput, tags pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	key, err := apigateway.NewApiKey(ctx, name, &apigateway.ApiKeyArgs{
		Name:        pulumi.String(name),
		Description: pulumi.String("modelfort front door " + name),
		Enabled:     pulumi.Bool(true),
		Tags:        tags,
	}, in)
	if err != nil {
		return err
	}
	planArgs := &apigateway.UsagePlanArgs{
		Name:        pulumi.String(name),
		Description: pulumi.String("modelfort front door " + name),
		ApiStages:   apigateway.UsagePlanApiStageArray{&apigateway.UsagePlanApiStageArgs{ApiId: apiID, Stage: f.Stage.StageName}},
		ThrottleSettings: &apigateway.UsagePlanThrottleSettingsArgs{
			RateLimit:  pulumi.Float64(a.RateLimit),
			BurstLimit: pulumi.Int(a.BurstLimit),
		},
		Tags: tags,
	}
	if a.DailyQuota > 0 {
		planArgs.QuotaSettings = &apigateway.UsagePlanQuotaSettingsArgs{Limit: pulumi.Int(a.DailyQuota), Period: pulumi.String("DAY")}
	}
	plan, err := apigateway.NewUsagePlan(ctx, name, planArgs, in)
	if err != nil {
		return err
	}
	if _, err := apigateway.NewUsagePlanKey(ctx, name, &apigateway.UsagePlanKeyArgs{
		KeyId: key.ID().ToStringOutput(), KeyType: pulumi.String("API_KEY"), UsagePlanId: plan.ID().ToStringOutput(),
	}, in); err != nil {
		return err
	}
	f.ApiKeyId, f.UsagePlanId = key.ID().ToStringOutput(), plan.ID().ToStringOutput()
	return nil
}

// accountLogging creates the role API Gateway writes CloudWatch Logs with
// and sets it in the region's API Gateway account settings.
func accountLogging(ctx *pulumi.Context, name string, env awsenv.Env, tags pulumi.StringMap, in pulumi.ResourceOrInvokeOption) (*apigateway.Account, error) {
	role, err := iam.NewRole(ctx, name+"-apigateway-logs", &iam.RoleArgs{
		Description: pulumi.String("API Gateway writes CloudWatch Logs in " + env.Region + " (modelfort " + name + ")"),
		AssumeRolePolicy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("apigateway"))),
		}}, in),
		Tags: tags,
	}, in)
	if err != nil {
		return nil, err
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-apigateway-logs", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs", env.Partition),
	}, in)
	if err != nil {
		return nil, err
	}
	return apigateway.NewAccount(ctx, name, &apigateway.AccountArgs{CloudwatchRoleArn: role.Arn}, in, pulumi.DependsOn([]pulumi.Resource{attachment}))
}
