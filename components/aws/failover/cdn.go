package failover

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/shieldprotection"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/tags"
	"github.com/modelfort/modelfort/internal/verify"
)

// MinimumProtocolVersion is the distribution's TLS policy: TLS 1.2 at
// least, with the 2021 ciphers.
const MinimumProtocolVersion = "TLSv1.2_2021"

// FailoverStatusCodes are the primary origin's answers on which CloudFront
// asks the secondary.
var FailoverStatusCodes = []int{500, 502, 503, 504}

// AWS managed CloudFront policies the distribution uses.
const (
	CachingDisabledPolicyId           = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	AllViewerExceptHostHeaderPolicyId = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	SecurityHeadersPolicyId           = "67f7725c-6f97-4210-82d7-5512b31e9d03"
)

// Origin IDs of the distribution.
const (
	OriginPrimary   = "primary"
	OriginSecondary = "secondary"
	OriginRegions   = "regions"
	OriginFailover  = "failover-name"
)

var pathPattern = regexp.MustCompile(`^/[A-Za-z0-9_\-.*$/~"'@:+&]*$`)

// check checks the CloudFront settings and fills in their defaults.
func (cf *CloudFront) check(name, recordName string) error {
	if len(cf.Aliases) == 0 {
		return fmt.Errorf("CloudFront.Aliases is empty; the distribution needs a name and certificate of its own for TLS 1.2 (the default certificate allows TLS 1.0)")
	}
	for i, alias := range cf.Aliases {
		if !verify.IsWildcardDNSName(alias) {
			return fmt.Errorf("CloudFront.Aliases[%d] %q is not a lower-case DNS name", i, alias)
		}
		if alias == recordName {
			return fmt.Errorf("CloudFront.Aliases[%d] is RecordName %s, which points at the regions; give the distribution a name of its own", i, alias)
		}
		if slices.Index(cf.Aliases, alias) != i {
			return fmt.Errorf("CloudFront.Aliases has %q twice", alias)
		}
	}
	if cf.CertificateArn == nil {
		return fmt.Errorf("CloudFront.CertificateArn is nil; give the ACM certificate (in us-east-1) of CloudFront.Aliases")
	}
	if s, ok := cf.CertificateArn.(pulumi.String); ok {
		region, ok := verify.CertificateRegion(string(s))
		if !ok {
			return fmt.Errorf("CloudFront.CertificateArn %q is not an ACM certificate ARN", string(s))
		}
		if region != CloudFrontRegion {
			return fmt.Errorf("CloudFront.CertificateArn is in %s; CloudFront uses certificates in %s only", region, CloudFrontRegion)
		}
	}
	if cf.PriceClass == "" {
		cf.PriceClass = DefaultPriceClass
	}
	if err := verify.OneOf("CloudFront.PriceClass", cf.PriceClass, PriceClasses...); err != nil {
		return err
	}
	if cf.WritePaths == nil {
		cf.WritePaths = DefaultWritePaths
	}
	if cf.OriginReadTimeoutSeconds == 0 {
		cf.OriginReadTimeoutSeconds = DefaultOriginReadTimeout
	}
	if err := verify.Between("CloudFront.OriginReadTimeoutSeconds", cf.OriginReadTimeoutSeconds, 1, MaxOriginReadTimeout, DefaultOriginReadTimeout); err != nil {
		return err
	}
	for i, p := range cf.WritePaths {
		if !pathPattern.MatchString(p) || len(p) > 255 {
			return fmt.Errorf("CloudFront.WritePaths[%d] %q is not a CloudFront path pattern such as /invocations", i, p)
		}
	}
	if err := cf.checkWebAcl(name); err != nil {
		return err
	}
	if len(cf.AlarmActions) > 0 && !cf.ShieldAdvanced {
		return fmt.Errorf("CloudFront.AlarmActions are for the Shield Advanced alarm, and ShieldAdvanced is false")
	}
	if cf.ShieldMitigation != "" && !cf.ShieldAdvanced {
		return fmt.Errorf("CloudFront.ShieldMitigation is %s, and ShieldAdvanced is false; automatic mitigation is Shield Advanced's", cf.ShieldMitigation)
	}
	if cf.ShieldAdvanced && cf.ShieldMitigation == "" {
		cf.ShieldMitigation = shieldprotection.Count
	}
	if cf.ShieldAdvanced {
		if err := verify.OneOf("CloudFront.ShieldMitigation", cf.ShieldMitigation, shieldprotection.Count, shieldprotection.Block); err != nil {
			return err
		}
	}
	return verify.NoneNil("CloudFront.AlarmActions", cf.AlarmActions)
}

// checkWebAcl checks the distribution's web ACL settings and sets its
// scope.
func (cf *CloudFront) checkWebAcl(name string) error {
	acl := webacl.Args{}
	if cf.WebAcl != nil {
		acl = *cf.WebAcl
	}
	if acl.Scope != "" && acl.Scope != webacl.CloudFront {
		return fmt.Errorf("CloudFront.WebAcl.Scope is %s; the distribution's web ACL is CLOUDFRONT", acl.Scope)
	}
	if len(acl.Associations) > 0 {
		return fmt.Errorf("CloudFront.WebAcl.Associations is not empty; the distribution names its web ACL itself")
	}
	acl.Scope = webacl.CloudFront
	if err := webacl.Validate(name+"-cdn", &acl); err != nil {
		return fmt.Errorf("CloudFront.WebAcl: %w", err)
	}
	cf.WebAcl = &acl
	return nil
}

// options are the resource options of the distribution, its web ACL and
// Shield protection: CloudFront.Provider's, or else the component's.
func (cf *CloudFront) options(componentOpts []pulumi.ResourceOption) []pulumi.ResourceOption {
	if cf.Provider != nil {
		return []pulumi.ResourceOption{pulumi.Provider(cf.Provider)}
	}
	return componentOpts
}

// checkRegion checks that the web ACL and distribution will be created
// in us-east-1, before anything is registered.
func (cf *CloudFront) checkRegion(ctx *pulumi.Context, opts []pulumi.ResourceOption) error {
	env, err := awsenv.Lookup(ctx, cf.options(opts)...)
	if err != nil {
		return err
	}
	if env.Region != CloudFrontRegion {
		return fmt.Errorf("the CloudFront web ACL would be created in %s; CLOUDFRONT web ACLs exist only in %s: give CloudFront.Provider, a provider in %s", env.Region, CloudFrontRegion, CloudFrontRegion)
	}
	return nil
}

// distribution creates the CloudFront distribution, its web ACL and, when
// asked, its Shield Advanced protection.
func (f *Regional) distribution(ctx *pulumi.Context, name string, a *Args, in pulumi.ResourceOrInvokeOption) error {
	cf := a.CloudFront
	cfOpts := []pulumi.ResourceOption{in}
	if cf.Provider != nil {
		cfOpts = append(cfOpts, pulumi.Provider(cf.Provider))
	}
	acl := *cf.WebAcl
	if acl.Tags == nil {
		acl.Tags = a.Tags
	}
	var err error
	if f.WebAcl, err = webacl.NewACL(ctx, name+"-cdn", &acl, cfOpts...); err != nil {
		return err
	}
	f.Distribution, err = cloudfront.NewDistribution(ctx, name, &cloudfront.DistributionArgs{
		Enabled:       pulumi.Bool(true),
		Comment:       pulumi.String("modelfort " + name + ": " + a.RecordName + " in two regions"),
		Aliases:       pulumi.ToStringArray(cf.Aliases),
		IsIpv6Enabled: pulumi.Bool(true),
		HttpVersion:   pulumi.String("http2and3"),
		PriceClass:    pulumi.String(cf.PriceClass),
		WebAclId:      f.WebAcl.Arn,
		Origins: cloudfront.DistributionOriginArray{
			origin(OriginPrimary, a.Primary.OriginDomain, a.Primary.OriginPath, cf.OriginReadTimeoutSeconds),
			origin(OriginSecondary, a.Secondary.OriginDomain, a.Secondary.OriginPath, cf.OriginReadTimeoutSeconds),
			origin(OriginFailover, pulumi.String(a.RecordName), "", cf.OriginReadTimeoutSeconds),
		},
		OriginGroups: cloudfront.DistributionOriginGroupArray{&cloudfront.DistributionOriginGroupArgs{
			OriginId:         pulumi.String(OriginRegions),
			FailoverCriteria: &cloudfront.DistributionOriginGroupFailoverCriteriaArgs{StatusCodes: pulumi.ToIntArray(FailoverStatusCodes)},
			Members: cloudfront.DistributionOriginGroupMemberArray{
				&cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(OriginPrimary)},
				&cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(OriginSecondary)},
			},
		}},
		DefaultCacheBehavior: &cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(OriginRegions),
			AllowedMethods:          pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS"}),
			CachedMethods:           cachedMethods(),
			CachePolicyId:           pulumi.String(CachingDisabledPolicyId),
			OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyId),
			ResponseHeadersPolicyId: pulumi.String(SecurityHeadersPolicyId),
			ViewerProtocolPolicy:    pulumi.String("https-only"),
			Compress:                pulumi.Bool(true),
		},
		OrderedCacheBehaviors: writeBehaviors(cf.WritePaths),
		ViewerCertificate: &cloudfront.DistributionViewerCertificateArgs{
			AcmCertificateArn:      cf.CertificateArn,
			SslSupportMethod:       pulumi.String("sni-only"),
			MinimumProtocolVersion: pulumi.String(MinimumProtocolVersion),
		},
		Restrictions: &cloudfront.DistributionRestrictionsArgs{
			GeoRestriction: &cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String("none")},
		},
		Tags: tags.Of(a.Tags),
	}, cfOpts...)
	if err != nil {
		return err
	}
	f.DistributionId, f.DistributionArn = f.Distribution.ID().ToStringOutput(), f.Distribution.Arn
	f.DistributionDomainName, f.DistributionWebAclArn = f.Distribution.DomainName, f.WebAcl.Arn
	if cf.ShieldAdvanced {
		return f.shieldAdvanced(ctx, name, a, in, cfOpts)
	}
	return nil
}

// origin is a custom origin reached over HTTPS with TLS 1.2.
func origin(id string, domain pulumi.StringInput, path string, readTimeout int) *cloudfront.DistributionOriginArgs {
	o := &cloudfront.DistributionOriginArgs{
		OriginId:   pulumi.String(id),
		DomainName: domain,
		CustomOriginConfig: &cloudfront.DistributionOriginCustomOriginConfigArgs{
			HttpPort:               pulumi.Int(80),
			HttpsPort:              pulumi.Int(443),
			OriginProtocolPolicy:   pulumi.String("https-only"),
			OriginSslProtocols:     pulumi.StringArray{pulumi.String("TLSv1.2")},
			OriginReadTimeout:      pulumi.Int(readTimeout),
			OriginKeepaliveTimeout: pulumi.Int(5),
		},
	}
	if path != "" {
		o.OriginPath = pulumi.String(path)
	}
	return o
}

// cachedMethods are the methods whose answers CloudFront may cache (the
// cache policy disables caching all the same).
func cachedMethods() pulumi.StringArray {
	return pulumi.ToStringArray([]string{"GET", "HEAD"})
}

// writeBehaviors send the requests of paths, whatever their method, to
// the failover name, without caching.
func writeBehaviors(paths []string) cloudfront.DistributionOrderedCacheBehaviorArray {
	var writes cloudfront.DistributionOrderedCacheBehaviorArray
	for _, p := range paths {
		writes = append(writes, &cloudfront.DistributionOrderedCacheBehaviorArgs{
			PathPattern:             pulumi.String(p),
			TargetOriginId:          pulumi.String(OriginFailover),
			AllowedMethods:          pulumi.ToStringArray([]string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}),
			CachedMethods:           cachedMethods(),
			CachePolicyId:           pulumi.String(CachingDisabledPolicyId),
			OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyId),
			ResponseHeadersPolicyId: pulumi.String(SecurityHeadersPolicyId),
			ViewerProtocolPolicy:    pulumi.String("https-only"),
			Compress:                pulumi.Bool(true),
		})
	}
	return writes
}

// shieldAdvanced protects the distribution with Shield Advanced, its
// health-based detection following a calculated health check that is
// healthy while either region's probe is (the distribution serves then;
// the probes exercise each region's model). Its children are the probes,
// not the sites' calculated checks: a calculated check watches plain
// ones.
func (f *Regional) shieldAdvanced(ctx *pulumi.Context, name string, a *Args, in pulumi.ResourceOrInvokeOption, cfOpts []pulumi.ResourceOption) error {
	calc, err := route53.NewHealthCheck(ctx, name+"-either-region", &route53.HealthCheckArgs{
		Type:                 pulumi.String("CALCULATED"),
		ChildHealthchecks:    pulumi.StringArray{f.PrimaryProbe.ID().ToStringOutput(), f.SecondaryProbe.ID().ToStringOutput()},
		ChildHealthThreshold: pulumi.Int(1),
		Tags:                 tags.Named(a.Tags, name+"-either-region"),
	}, in)
	if err != nil {
		return err
	}
	f.Shield, err = shieldprotection.NewProtection(ctx, name+"-cdn", &shieldprotection.Args{
		Resources: []shieldprotection.Resource{{
			Name: "distribution", Arn: f.Distribution.Arn, Type: shieldprotection.CloudFrontDistribution, HealthCheckArn: calc.Arn,
			// Shield puts its mitigation rules in the distribution's web
			// ACL, which the distribution names (webAclId).
			AutomaticMitigation: a.CloudFront.ShieldMitigation,
			WebAclArn:           f.Distribution.WebAclId.Elem(),
		}},
		AlarmActions: a.CloudFront.AlarmActions,
		Tags:         a.Tags,
	}, cfOpts...)
	return err
}
