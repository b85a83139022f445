package frontdoor

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/tags"
	"github.com/modelfort/modelfort/internal/verify"
)

// Type is the component's type token.
const Type = "modelfort:aws:FrontDoor"

// API is a regional API in front of a model endpoint's guarded handler.
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

	Api    *apigateway.RestApi
	Stage  *apigateway.Stage
	WebAcl *webacl.ACL
	Key    *kmskey.Key
}

// NewAPI creates a front door. Args are checked before anything is
// registered (the web ACL's and the certificate's region too). Resource
// options (provider, protect, aliases, ...) apply to the component and
// through it to every resource it creates.
func NewAPI(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*API, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if s, ok := a.CertificateArn.(pulumi.String); ok {
		if region, _ := verify.CertificateRegion(string(s)); region != env.Region {
			return nil, component.Errorf(pkg, name, fmt.Errorf("CertificateArn is in %s but the API is in %s; a regional custom domain needs a certificate of its own region", region, env.Region))
		}
	}
	if s, ok := a.Handler.InvokeArn.(pulumi.String); ok {
		if region := strings.Split(string(s), ":")[3]; region != env.Region {
			return nil, component.Errorf(pkg, name, fmt.Errorf("Handler.InvokeArn is in %s but the API is in %s; a Lambda proxy integration calls a function of its own region", region, env.Region))
		}
	}

	f := &API{
		Region: env.Region, Auth: a.Auth, StageName: a.StageName, DomainName: a.DomainName,
		HealthPath: "/" + a.StageName + "/" + HealthPath,
	}
	in, err := component.Register(ctx, Type, name, f, opts...)
	if err != nil {
		return nil, err
	}
	t := tags.Of(a.Tags)

	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, kmskey.Args{
		Description:       "modelfort front door logs " + name,
		ServicePrincipals: []string{"logs"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}
	f.Key = key
	logGroup, err := loggroup.New(ctx, name, loggroup.Args{KMSKeyArn: keyArn, RetentionDays: a.LogRetentionDays, Tags: t}, in)
	if err != nil {
		return nil, err
	}
	var stageDeps []pulumi.Resource
	if a.ManageAccountLogging {
		account, err := accountLogging(ctx, name, env, t, in)
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
		Tags:                      t,
	}, in); err != nil {
		return nil, err
	}
	apiID := f.Api.ID().ToStringOutput()
	methods, err := f.invocations(ctx, name, &a, apiID, in)
	if err != nil {
		return nil, err
	}
	health, err := f.health(ctx, name, &a, apiID, in)
	if err != nil {
		return nil, err
	}
	if err := f.stage(ctx, name, &a, apiID, logGroup.Arn, append(methods, health...), stageDeps, in); err != nil {
		return nil, err
	}

	f.ApiKeyId, f.UsagePlanId = pulumi.String("").ToStringOutput(), pulumi.String("").ToStringOutput()
	if a.Auth == AuthAPIKey {
		if err := f.usagePlan(ctx, name, &a, apiID, t, in); err != nil {
			return nil, err
		}
	}
	f.ExecuteApiDomain = pulumi.Sprintf("%s.execute-api.%s.%s", apiID, env.Region, env.DNSSuffix)
	if err := f.domain(ctx, name, &a, apiID, t, in); err != nil {
		return nil, err
	}
	if err := f.guard(ctx, name, &a, keyArn, in); err != nil {
		return nil, err
	}

	f.ApiId, f.StageArn, f.InvokeUrl = apiID, f.Stage.Arn, f.Stage.InvokeUrl
	f.InvocationsArn = pulumi.Sprintf("%s/POST/%s", f.Stage.ExecutionArn, InvocationsPath)
	f.HealthCheckPath = pulumi.String(f.HealthPath).ToStringOutput()
	f.LogGroupName, f.KMSKeyArn = logGroup.Name, keyArn.ToStringOutput()
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{
		"apiId": f.ApiId, "stageArn": f.StageArn, "invokeUrl": f.InvokeUrl, "invocationsArn": f.InvocationsArn,
		"executeApiDomain": f.ExecuteApiDomain, "healthCheckPath": f.HealthCheckPath,
		"regionalDomainName": f.RegionalDomainName, "regionalZoneId": f.RegionalZoneId, "webAclArn": f.WebAclArn,
		"logGroupName": f.LogGroupName, "kmsKeyArn": f.KMSKeyArn,
		"apiKeyId": f.ApiKeyId, "usagePlanId": f.UsagePlanId,
	})
}
