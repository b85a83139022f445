package shieldprotection

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/shield"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
	"github.com/modelfort/modelfort/internal/verify"
)

// Sources of what this file checks.
const (
	// Automatic mitigation: CloudFront distributions and ALBs only, with a
	// web ACL associated with the resource.
	srcAutomaticResponse = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EnableApplicationLayerAutomaticResponse.html"
	// The SRT's role: trusts drt.shield.amazonaws.com, has
	// AWSShieldDRTAccessPolicy attached before AssociateDRTRole.
	srcDRTRole = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_AssociateDRTRole.html"
	// Emergency contacts: the patterns and lengths of EmergencyContact.
	srcEmergencyContact = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EmergencyContact.html"
	// "Proactive engagement is only available for Shield Advanced
	// resource protections that have an associated Amazon Route 53 health
	// check"; up to ten contacts.
	srcProactiveEngagement = "https://docs.aws.amazon.com/waf/latest/developerguide/ddos-srt-proactive-engagement.html"
)

// DRTService is the service principal of the Shield Response Team, and
// DRTPolicy the AWS managed policy its role carries (AssociateDRTRole).
const (
	DRTService = "drt.shield.amazonaws.com"
	DRTPolicy  = "service-role/AWSShieldDRTAccessPolicy"
)

// Limits of the account-wide settings.
const (
	maxLogBuckets = 10 // AssociateDRTLogBucket: up to 10 buckets
	maxContacts   = 10 // AssociateProactiveEngagementDetails: 0 to 10 items
)

// Shield's patterns of an emergency contact (EmergencyContact).
var (
	contactEmail = regexp.MustCompile(`^\S+@\S+\.\S+$`)
	contactPhone = regexp.MustCompile(`^\+[1-9]\d{1,14}$`)
	contactNotes = regexp.MustCompile(`^[\w\s\.\-,:/()+@]*$`)
	// webACLArn is a WAFv2 web ACL's ARN: group 1 its region, group 2
	// global or regional.
	webACLArn = regexp.MustCompile(`^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):[0-9]{12}:(global|regional)/webacl/[^/]+/[^/]+$`)
)

// mitigable are the resource types of application layer automatic
// mitigation.
var mitigable = []string{CloudFrontDistribution, ApplicationLoadBalancer}

// checkMitigation checks a resource's automatic mitigation and web ACL.
func (r *Resource) checkMitigation(field string) error {
	if r.AutomaticMitigation == "" {
		if r.WebAclArn != nil {
			return fmt.Errorf("%s.WebAclArn is set without AutomaticMitigation; it is for automatic mitigation only (give AutomaticMitigation COUNT or BLOCK, or remove WebAclArn)", field)
		}
		return nil
	}
	if r.AutomaticMitigation != Count && r.AutomaticMitigation != Block {
		return fmt.Errorf(`%s.AutomaticMitigation is %q; allowed values are "" (none), COUNT and BLOCK`, field, r.AutomaticMitigation)
	}
	if !slices.Contains(mitigable, r.Type) {
		// srcAutomaticResponse
		return fmt.Errorf("%s.AutomaticMitigation is %s for type %s; Shield's application layer automatic mitigation is for %s only", field, r.AutomaticMitigation, r.Type, strings.Join(mitigable, " and "))
	}
	if r.WebAclArn == nil {
		return fmt.Errorf("%s.AutomaticMitigation is %s and WebAclArn is nil; give the ARN of the WAFv2 web ACL associated with the resource (Shield puts its mitigation rules in it)", field, r.AutomaticMitigation)
	}
	literal, ok := r.WebAclArn.(pulumi.String)
	if !ok {
		return nil
	}
	m := webACLArn.FindStringSubmatch(string(literal))
	if m == nil {
		return fmt.Errorf("%s.WebAclArn %q is not the ARN of a WAFv2 web ACL", field, string(literal))
	}
	switch {
	case r.Type == CloudFrontDistribution && (m[2] != "global" || m[1] != "us-east-1"):
		return fmt.Errorf("%s.WebAclArn %q is a regional web ACL; a CloudFront distribution's is global (scope CLOUDFRONT, in us-east-1)", field, string(literal))
	case r.Type == ApplicationLoadBalancer && m[2] != "regional":
		return fmt.Errorf("%s.WebAclArn %q is a global web ACL; an Application Load Balancer's is regional", field, string(literal))
	case r.Type == ApplicationLoadBalancer:
		if alb, ok := r.Arn.(pulumi.String); ok {
			if region, _ := arnRegions[ApplicationLoadBalancer](string(alb)); region != m[1] {
				return fmt.Errorf("%s.WebAclArn %q is in %s and the load balancer in %s; a web ACL is associated in its own region", field, string(literal), m[1], region)
			}
		}
	}
	return nil
}

// checkResponseTeam checks the SRT's log buckets.
func (a *Args) checkResponseTeam() error {
	rt := a.ResponseTeam
	if rt == nil {
		return nil
	}
	if len(rt.LogBucketNames) > maxLogBuckets {
		return fmt.Errorf("ResponseTeam.LogBucketNames has %d buckets; Shield shares at most %d with the SRT", len(rt.LogBucketNames), maxLogBuckets)
	}
	if err := verify.NoneNil("ResponseTeam.LogBucketNames", rt.LogBucketNames); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, b := range rt.LogBucketNames {
		s, ok := b.(pulumi.String)
		if !ok {
			continue
		}
		if !verify.IsBucketName(string(s)) {
			return fmt.Errorf("ResponseTeam.LogBucketNames[%d] %q is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-')", i, string(s))
		}
		if seen[string(s)] {
			return fmt.Errorf("ResponseTeam.LogBucketNames has %q twice", string(s))
		}
		seen[string(s)] = true
	}
	return nil
}

// checkProactiveEngagement checks the emergency contacts, and that every
// resource that supports health-based detection has a health check:
// proactive engagement is only available for protections with one
// (srcProactiveEngagement).
func (a *Args) checkProactiveEngagement() error {
	pe := a.ProactiveEngagement
	if pe == nil {
		return nil
	}
	if n := len(pe.Contacts); n < 1 || n > maxContacts {
		return fmt.Errorf("ProactiveEngagement.Contacts has %d contacts; give 1 to %d", n, maxContacts)
	}
	phone := false
	for i, c := range pe.Contacts {
		field := fmt.Sprintf("ProactiveEngagement.Contacts[%d]", i)
		if !contactEmail.MatchString(c.Email) || len(c.Email) > 150 {
			return fmt.Errorf("%s.Email %q is not an email address Shield takes (one address, at most 150 characters, matching ^\\S+@\\S+\\.\\S+$)", field, c.Email)
		}
		if c.Phone != "" && !contactPhone.MatchString(c.Phone) {
			return fmt.Errorf("%s.Phone %q is not an E.164 number; give \"+\", the country code and the number, 2 to 15 digits in all, no spaces (+12025550123)", field, c.Phone)
		}
		phone = phone || c.Phone != ""
		if utf8.RuneCountInString(c.Notes) > 1024 || !contactNotes.MatchString(c.Notes) {
			return fmt.Errorf("%s.Notes is not allowed; use at most 1024 letters, digits, spaces and . - , : / ( ) + @ _", field)
		}
	}
	if !phone {
		return fmt.Errorf("ProactiveEngagement.Contacts has no Phone; Shield needs at least one phone number to enable proactive engagement")
	}
	for i, r := range a.Resources {
		if r.Type != Route53HostedZone && r.HealthCheck == nil && r.HealthCheckArn == nil {
			return fmt.Errorf("Resources[%d] (%s) has neither HealthCheck nor HealthCheckArn, and proactive engagement is only available for protections with an associated Route 53 health check; give it one (every type but %s supports them)", i, r.Type, Route53HostedZone)
		}
	}
	return nil
}

// automaticResponse turns on the automatic mitigation of r, after its
// protection and its web ACL.
func (s *Protection) automaticResponse(ctx *pulumi.Context, child string, r Resource, p *shield.Protection, out outputMaps, in pulumi.ResourceOrInvokeOption) error {
	// The resource's ARN, once the web ACL is known: the response then
	// depends on what WebAclArn came from (the distribution or the
	// association).
	arn := pulumi.All(r.Arn, r.WebAclArn).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput)
	resp, err := shield.NewApplicationLayerAutomaticResponse(ctx, child, &shield.ApplicationLayerAutomaticResponseArgs{
		ResourceArn: arn,
		Action:      pulumi.String(r.AutomaticMitigation),
	}, in, pulumi.DependsOn([]pulumi.Resource{p}))
	if err != nil {
		return err
	}
	s.AutomaticResponses[r.Name] = resp
	out.mitigations[r.Name] = resp.Action
	return nil
}

// responseTeam creates the SRT's role (NAME-srt), its policy attachment,
// the role's association with the subscription and the log bucket
// associations (NAME-srt-logs-I), each in that order.
func (s *Protection) responseTeam(ctx *pulumi.Context, name string, a *Args, env awsenv.Env, in pulumi.ResourceOrInvokeOption) (pulumi.Resource, error) {
	rt := a.ResponseTeam
	t := maps.Clone(rt.Tags)
	if t == nil {
		t = map[string]string{}
	}
	maps.Copy(t, a.Tags)
	// No aws:SourceAccount condition: AWS documents none for the SRT's
	// role, whose trust policy the Shield console writes with the
	// principal alone (srcDRTRole).
	role, err := iam.NewRole(ctx, name+"-srt", &iam.RoleArgs{
		Description: pulumi.String("Shield Response Team access during DDoS events (modelfort " + name + ")"),
		AssumeRolePolicy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("Service", pulumi.String(DRTService)),
		}}, in),
		Tags: tags.Named(t, name+"-srt"),
	}, in)
	if err != nil {
		return nil, err
	}
	s.ResponseTeamRole = role
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-srt", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", env.Partition, DRTPolicy)),
	}, in)
	if err != nil {
		return nil, err
	}
	assoc, err := shield.NewDrtAccessRoleArnAssociation(ctx, name+"-srt", &shield.DrtAccessRoleArnAssociationArgs{
		RoleArn: role.Arn,
	}, in, pulumi.DependsOn([]pulumi.Resource{attachment}))
	if err != nil {
		return nil, err
	}
	s.ResponseTeamAssociation = assoc
	for i, b := range rt.LogBucketNames {
		logs, err := shield.NewDrtAccessLogBucketAssociation(ctx, fmt.Sprintf("%s-srt-logs-%d", name, i), &shield.DrtAccessLogBucketAssociationArgs{
			LogBucket:            b,
			RoleArnAssociationId: assoc.ID().ToStringOutput(),
		}, in, pulumi.DependsOn([]pulumi.Resource{assoc}))
		if err != nil {
			return nil, err
		}
		s.LogBucketAssociations = append(s.LogBucketAssociations, logs)
	}
	return assoc, nil
}

// proactiveEngagement enables proactive engagement with the contacts,
// after every health check association (and the SRT's role association,
// when the component makes one).
func (s *Protection) proactiveEngagement(ctx *pulumi.Context, name string, a *Args, after []pulumi.Resource, in pulumi.ResourceOrInvokeOption) error {
	contacts := shield.ProactiveEngagementEmergencyContactArray{}
	for _, c := range a.ProactiveEngagement.Contacts {
		contact := &shield.ProactiveEngagementEmergencyContactArgs{EmailAddress: pulumi.String(c.Email)}
		if c.Phone != "" {
			contact.PhoneNumber = pulumi.String(c.Phone)
		}
		if c.Notes != "" {
			contact.ContactNotes = pulumi.String(c.Notes)
		}
		contacts = append(contacts, contact)
	}
	pe, err := shield.NewProactiveEngagement(ctx, name, &shield.ProactiveEngagementArgs{
		Enabled:           pulumi.Bool(true),
		EmergencyContacts: contacts,
	}, in, pulumi.DependsOn(after))
	if err != nil {
		return err
	}
	s.ProactiveEngagement = pe
	return nil
}
