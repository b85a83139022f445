package frontdoor

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// domain maps the custom domain DomainName, when given, to the stage
// (REGIONAL, TLS 1.2 at least) and sets f.RegionalDomainName and
// f.RegionalZoneId: the custom domain's target, or else ExecuteApiDomain
// and "".
func (f *API) domain(ctx *pulumi.Context, name string, a *Args, apiID pulumi.StringOutput, t pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	f.RegionalDomainName, f.RegionalZoneId = f.ExecuteApiDomain, pulumi.String("").ToStringOutput()
	if a.DomainName == "" {
		return nil
	}
	domain, err := apigateway.NewDomainName(ctx, name, &apigateway.DomainNameArgs{
		DomainName:             pulumi.String(a.DomainName),
		RegionalCertificateArn: a.CertificateArn,
		EndpointConfiguration:  &apigateway.DomainNameEndpointConfigurationArgs{Types: pulumi.String("REGIONAL")},
		SecurityPolicy:         pulumi.String(SecurityPolicy),
		Tags:                   t,
	}, in)
	if err != nil {
		return err
	}
	if _, err := apigateway.NewBasePathMapping(ctx, name, &apigateway.BasePathMappingArgs{
		DomainName: domain.DomainName,
		RestApi:    apiID,
		StageName:  f.Stage.StageName,
	}, in); err != nil {
		return err
	}
	f.RegionalDomainName, f.RegionalZoneId = domain.RegionalDomainName, domain.RegionalZoneId
	return nil
}
