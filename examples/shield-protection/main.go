// Command shield-protection is an example of
// shieldprotection.Protection: a CloudFront distribution protected
// by Shield Advanced, with a Route 53 health check of the application it
// serves associated with the protection (for health-based detection), and
// an alarm on DDoSDetected. It is what this plain program does, with the
// health check's settings checked and the alarm added:
//
//	protection, _ := shield.NewProtection(ctx, "cdn", &shield.ProtectionArgs{
//		Name: pulumi.String("cdn"), ResourceArn: distributionArn})
//	check, _ := route53.NewHealthCheck(ctx, "cdn", &route53.HealthCheckArgs{
//		Type: pulumi.String("HTTPS"), Fqdn: domainName, Port: pulumi.Int(443),
//		ResourcePath: pulumi.String("/health"), RequestInterval: pulumi.Int(30),
//		FailureThreshold: pulumi.Int(3)})
//	shield.NewProtectionHealthCheckAssociation(ctx, "cdn", &shield.ProtectionHealthCheckAssociationArgs{
//		ShieldProtectionId: protection.ID(), HealthCheckArn: check.Arn})
//
// The account must subscribe to Shield Advanced first (a paid, yearly
// commitment that nothing here makes). Run it with a provider in
// us-east-1, where Shield reports CloudFront's metrics.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set distributionArn arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL
//	pulumi config set domainName models.example.com
//	pulumi up
//
// Optional, as AWS's Shield Advanced guidance describes: webAclArn (the
// distribution's WAFv2 web ACL) turns on application layer automatic
// mitigation in COUNT mode; oncallEmail and oncallPhone authorize the
// Shield Response Team (a role with AWSShieldDRTAccessPolicy) and enable
// proactive engagement with that contact. Both are account-wide: set them
// in one stack of the account only (the SRT needs the Business or
// Enterprise Support plan).
//
//	pulumi config set webAclArn arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1234abcd-...
//	pulumi config set oncallEmail oncall@example.com
//	pulumi config set oncallPhone +12025550123
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/components/aws/shieldprotection"
)

func program(ctx *pulumi.Context) error {
	distributionArn := config.Get(ctx, "distributionArn")
	if distributionArn == "" {
		distributionArn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
	}
	domainName := config.Get(ctx, "domainName")
	if domainName == "" {
		domainName = "models.example.com"
	}
	cdn := shieldprotection.Resource{
		Name: "cdn",
		// The type (CLOUDFRONT_DISTRIBUTION) is read from the ARN.
		Arn: pulumi.String(distributionArn),
		HealthCheck: &healthcheck.Args{
			FQDN:             pulumi.String(domainName),
			Path:             "/health",
			RequestInterval:  30,
			FailureThreshold: 3,
		},
	}
	if acl := config.Get(ctx, "webAclArn"); acl != "" {
		// COUNT while Shield learns the traffic's baseline; BLOCK after.
		cdn.AutomaticMitigation, cdn.WebAclArn = shieldprotection.Count, pulumi.String(acl)
	}
	args := &shieldprotection.Args{Resources: []shieldprotection.Resource{cdn}}
	if email := config.Get(ctx, "oncallEmail"); email != "" {
		args.ResponseTeam = &shieldprotection.ResponseTeam{}
		args.ProactiveEngagement = &shieldprotection.ProactiveEngagement{Contacts: []shieldprotection.Contact{
			{Email: email, Phone: config.Get(ctx, "oncallPhone"), Notes: "on call 24x7"},
		}}
	}
	shield, err := shieldprotection.NewProtection(ctx, "edge", args)
	if err != nil {
		return err
	}
	ctx.Export("protectionIds", shield.ProtectionIds)
	ctx.Export("healthCheckIds", shield.HealthCheckIds)
	ctx.Export("healthCheckArns", shield.HealthCheckArns)
	ctx.Export("associationIds", shield.AssociationIds)
	ctx.Export("alarmArns", shield.AlarmArns)
	ctx.Export("automaticMitigations", shield.AutomaticMitigations)
	ctx.Export("srtRoleArn", shield.ResponseTeamRoleArn)
	ctx.Export("proactiveEngagementEnabled", shield.ProactiveEngagementEnabled)
	return nil
}

func main() {
	pulumi.Run(program)
}
