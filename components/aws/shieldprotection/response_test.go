package shieldprotection

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

const (
	responseT       = "aws:shield/applicationLayerAutomaticResponse:ApplicationLayerAutomaticResponse"
	drtRoleT        = "aws:shield/drtAccessRoleArnAssociation:DrtAccessRoleArnAssociation"
	drtLogsT        = "aws:shield/drtAccessLogBucketAssociation:DrtAccessLogBucketAssociation"
	engagementT     = "aws:shield/proactiveEngagement:ProactiveEngagement"
	roleT           = "aws:iam/role:Role"
	attachmentT     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	webACLAssocT    = "aws:wafv2/webAclAssociation:WebAclAssociation"
	regionalWebACL  = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/models/1234abcd-abcd-1234-abcd-1234abcdef01"
	cloudFrontACL   = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1234abcd-abcd-1234-abcd-1234abcdef01"
	existingHealthC = "arn:aws:route53:::healthcheck/existing"
)

func depends(r *mocktest.Resource, on *mocktest.Resource) bool {
	return r != nil && on != nil && slices.Contains(r.Dependencies, on.URN)
}

func propFrom(r *mocktest.Resource, prop string, on *mocktest.Resource) bool {
	return r != nil && on != nil && slices.Contains(r.PropertyDependencies[prop], on.URN)
}

func await[T any](t *testing.T, ctx *pulumi.Context, o pulumi.Output) T {
	t.Helper()
	r, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := r.Value.(T)
	return v
}

// TestAutomaticMitigationChain follows entry point -> protection ->
// group, protection -> health check association, and the automatic
// response -> protection and web ACL (association): the response waits
// for both, and the offline account, which refuses a response without a
// web ACL as AWS does, lets it through.
func TestAutomaticMitigationChain(t *testing.T) {
	var mitigations, groupIDs map[string]string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		assoc, err := wafv2.NewWebAclAssociation(ctx, "alb", &wafv2.WebAclAssociationArgs{
			ResourceArn: pulumi.String(alb), WebAclArn: pulumi.String(regionalWebACL),
		})
		if err != nil {
			return err
		}
		s, err := NewProtection(ctx, "edge", &Args{
			Resources: []Resource{{
				Name: "alb", Arn: pulumi.String(alb), HealthCheckArn: pulumi.String(existingHealthC),
				AutomaticMitigation: Block, WebAclArn: assoc.WebAclArn,
			}},
			Groups: []Group{{ID: "front", Pattern: PatternArbitrary, Members: []string{"alb"}}},
		})
		if err != nil {
			return err
		}
		mitigations = await[map[string]string](t, ctx, s.AutomaticMitigations)
		groupIDs = await[map[string]string](t, ctx, s.ProtectionGroupIds)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, hc, group := rec.Find(protectionT, "edge-alb"), rec.Find(associationT, "edge-alb"), rec.Find(groupT, "edge-front")
	resp, webACL := rec.Find(responseT, "edge-alb"), rec.Find(webACLAssocT, "alb")
	if p == nil || p.Str("resourceArn") != alb {
		t.Fatalf("protection %v", p)
	}
	if hc.Str("shieldProtectionId") != p.ID || hc.Str("healthCheckArn") != existingHealthC {
		t.Errorf("health check association %v", hc.Inputs)
	}
	if !depends(group, p) || !slices.Equal(group.Strs("members"), []string{alb}) {
		t.Errorf("group %v, dependencies %v", group.Inputs, group.Dependencies)
	}
	if resp == nil || resp.Str("resourceArn") != alb || resp.Str("action") != Block || resp.ID != alb {
		t.Fatalf("automatic response %v", resp)
	}
	if !depends(resp, p) || !propFrom(resp, "resourceArn", webACL) {
		t.Errorf("the response must wait for the protection and the web ACL association: %v %v", resp.Dependencies, resp.PropertyDependencies)
	}
	if mitigations["alb"] != Block || groupIDs["front"] != group.ID || group.ID != "front" {
		t.Errorf("outputs: mitigations %v, group IDs %v", mitigations, groupIDs)
	}
	// The stack passes the pack's Shield rules.
	for _, v := range rules.Evaluate(rulestest.Stack(rec, "dev"), rules.All()) {
		if strings.HasPrefix(v.RuleID, "shield-") {
			t.Errorf("the Shield rules: %s", v)
		}
	}
}

// TestAutomaticMitigationWithoutAssociatedWebACL: a web ACL that is not
// associated with the distribution is refused by the offline account,
// as EnableApplicationLayerAutomaticResponse refuses it.
func TestAutomaticMitigationWithoutAssociatedWebACL(t *testing.T) {
	_, err := run(t, &Args{Resources: []Resource{{
		Name: "cdn", Arn: pulumi.String(distribution), HealthCheckArn: pulumi.String(existingHealthC),
		AutomaticMitigation: Count, WebAclArn: pulumi.String(cloudFrontACL),
	}}})
	if err == nil || !strings.Contains(err.Error(), "you must associate a web ACL with the protected resource") || !strings.Contains(err.Error(), "SHIELD-L7-WEB-ACL") {
		t.Errorf("err = %v", err)
	}
}

// TestResponseTeamChain follows SRT role -> policy attachment -> role
// association -> log bucket associations.
func TestResponseTeamChain(t *testing.T) {
	var roleArn string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		s, err := NewProtection(ctx, "edge", &Args{
			Resources: []Resource{{Name: "zone", Arn: pulumi.String(zone)}},
			ResponseTeam: &ResponseTeam{
				LogBucketNames: []pulumi.StringInput{pulumi.String("waf-logs-1a2b3c4"), pulumi.String("cdn-logs-1a2b3c4")},
				Tags:           map[string]string{"team": "sec", "owner": "srt"},
			},
			Tags: map[string]string{"owner": "ml"},
		})
		if err != nil {
			return err
		}
		roleArn = await[string](t, ctx, s.ResponseTeamRoleArn)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	role, attachment, assoc := rec.Find(roleT, "edge-srt"), rec.Find(attachmentT, "edge-srt"), rec.Find(drtRoleT, "edge-srt")
	if role == nil || attachment == nil || assoc == nil {
		t.Fatalf("role %v, attachment %v, association %v", role, attachment, assoc)
	}
	trust, err := role.Policy("assumeRolePolicy")
	if err != nil {
		t.Fatal(err)
	}
	if len(trust.Statement) != 1 || !slices.Equal(trust.Statement[0].Principal["Service"], []string{DRTService}) ||
		!slices.Equal(trust.Statement[0].Action, []string{"sts:AssumeRole"}) || trust.Statement[0].Effect != "Allow" {
		t.Errorf("trust policy %+v", trust)
	}
	if role.Str("tags.team") != "sec" || role.Str("tags.owner") != "ml" || role.Str("tags.Name") != "edge-srt" {
		t.Errorf("role tags %v", role.Get("tags"))
	}
	if attachment.Str("role") != role.Out("name") || attachment.Str("policyArn") != "arn:aws:iam::aws:policy/service-role/AWSShieldDRTAccessPolicy" {
		t.Errorf("attachment %v", attachment.Inputs)
	}
	if assoc.Str("roleArn") != role.Out("arn") || !depends(assoc, attachment) || roleArn != role.Out("arn") {
		t.Errorf("association %v, dependencies %v; output %s", assoc.Inputs, assoc.Dependencies, roleArn)
	}
	for i, bucket := range []string{"waf-logs-1a2b3c4", "cdn-logs-1a2b3c4"} {
		logs := rec.Find(drtLogsT, "edge-srt-logs-"+string(rune('0'+i)))
		if logs == nil || logs.Str("logBucket") != bucket || logs.Str("roleArnAssociationId") != assoc.ID || !depends(logs, assoc) {
			t.Errorf("log bucket %d: %v", i, logs)
		}
	}
	if len(rec.OfType(engagementT)) != 0 || len(rec.OfType(subscriptionT)) != 0 {
		t.Error("proactive engagement or a subscription without being asked")
	}
}

// TestProactiveEngagement: the contacts reach Shield, and engagement
// waits for every health check association and the SRT's role.
func TestProactiveEngagement(t *testing.T) {
	var enabled bool
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		s, err := NewProtection(ctx, "edge", &Args{
			Resources: []Resource{
				{Name: "cdn", Arn: pulumi.String(distribution), HealthCheck: &healthcheck.Args{FQDN: pulumi.String("models.example.com"), RequestInterval: 30, FailureThreshold: 3}},
				{Name: "eip", Arn: pulumi.String(eip), HealthCheckArn: pulumi.String(existingHealthC)},
				{Name: "zone", Arn: pulumi.String(zone)},
			},
			ResponseTeam: &ResponseTeam{},
			ProactiveEngagement: &ProactiveEngagement{Contacts: []Contact{
				{Email: "oncall@example.com", Phone: "+12025550123", Notes: "24x7 hotline (UTC), primary"},
				{Email: "security@example.com"},
			}},
		})
		if err != nil {
			return err
		}
		enabled = await[bool](t, ctx, s.ProactiveEngagementEnabled)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pe := rec.Find(engagementT, "edge")
	if pe == nil || !pe.Bool("enabled") || !enabled {
		t.Fatalf("proactive engagement %v (output %v)", pe, enabled)
	}
	if pe.Str("emergencyContacts[0].emailAddress") != "oncall@example.com" || pe.Str("emergencyContacts[0].phoneNumber") != "+12025550123" ||
		pe.Str("emergencyContacts[0].contactNotes") != "24x7 hotline (UTC), primary" || pe.Str("emergencyContacts[1].emailAddress") != "security@example.com" ||
		pe.Has("emergencyContacts[1].phoneNumber") {
		t.Errorf("contacts %v", pe.Get("emergencyContacts"))
	}
	for _, after := range []*mocktest.Resource{rec.Find(associationT, "edge-cdn"), rec.Find(associationT, "edge-eip"), rec.Find(drtRoleT, "edge-srt")} {
		if !depends(pe, after) {
			t.Errorf("engagement does not wait for %v", after)
		}
	}
}

func TestDefaultsOfTheAccountSettings(t *testing.T) {
	var roleArn string
	var enabled bool
	var mitigations map[string]string
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		s, err := NewProtection(ctx, "edge", &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution)}}})
		if err != nil {
			return err
		}
		roleArn = await[string](t, ctx, s.ResponseTeamRoleArn)
		enabled = await[bool](t, ctx, s.ProactiveEngagementEnabled)
		mitigations = await[map[string]string](t, ctx, s.AutomaticMitigations)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if roleArn != "" || enabled || len(mitigations) != 0 {
		t.Errorf("role %q, engagement %v, mitigations %v", roleArn, enabled, mitigations)
	}
	for _, typ := range []string{responseT, drtRoleT, drtLogsT, engagementT, roleT} {
		if len(rec.OfType(typ)) != 0 {
			t.Errorf("%s without being asked", typ)
		}
	}
}

func TestResponseRejections(t *testing.T) {
	hc := pulumi.String(existingHealthC)
	cdnWith := func(mitigation string, acl pulumi.StringInput) *Args {
		return &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution), HealthCheckArn: hc, AutomaticMitigation: mitigation, WebAclArn: acl}}}
	}
	engage := func(contacts ...Contact) *Args {
		return &Args{Resources: []Resource{{Name: "cdn", Arn: pulumi.String(distribution), HealthCheckArn: hc}}, ProactiveEngagement: &ProactiveEngagement{Contacts: contacts}}
	}
	phone := Contact{Email: "oncall@example.com", Phone: "+12025550123"}
	eleven := make([]Contact, 11)
	for i := range eleven {
		eleven[i] = phone
	}
	buckets := make([]pulumi.StringInput, 11)
	for i := range buckets {
		buckets[i] = pulumi.Sprintf("logs-%d", i)
	}
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"bad action", cdnWith("ALLOW", pulumi.String(cloudFrontACL)), `Resources[0].AutomaticMitigation is "ALLOW"; allowed values are "" (none), COUNT and BLOCK`},
		{"lower-case action", cdnWith("block", pulumi.String(cloudFrontACL)), `Resources[0].AutomaticMitigation is "block"`},
		{"no web ACL", cdnWith(Block, nil), "Resources[0].AutomaticMitigation is BLOCK and WebAclArn is nil"},
		{"web ACL alone", cdnWith("", pulumi.String(cloudFrontACL)), "Resources[0].WebAclArn is set without AutomaticMitigation"},
		{"not a web ACL", cdnWith(Count, pulumi.String("arn:aws:waf::123456789012:webacl/x")), "Resources[0].WebAclArn \"arn:aws:waf::123456789012:webacl/x\" is not the ARN of a WAFv2 web ACL"},
		{"regional ACL on CloudFront", cdnWith(Count, pulumi.String(regionalWebACL)), "Resources[0].WebAclArn \"" + regionalWebACL + "\" is a regional web ACL; a CloudFront distribution's is global"},
		{"global ACL on an ALB", &Args{Resources: []Resource{{Name: "alb", Arn: pulumi.String(alb), AutomaticMitigation: Block, WebAclArn: pulumi.String(cloudFrontACL)}}}, "Resources[0].WebAclArn \"" + cloudFrontACL + "\" is a global web ACL; an Application Load Balancer's is regional"},
		{"ACL in another region", &Args{Resources: []Resource{{Name: "alb", Arn: pulumi.String(alb), AutomaticMitigation: Block, WebAclArn: pulumi.String(strings.Replace(regionalWebACL, "us-east-1", "eu-west-1", 1))}}}, "Resources[0].WebAclArn \"" + strings.Replace(regionalWebACL, "us-east-1", "eu-west-1", 1) + "\" is in eu-west-1 and the load balancer in us-east-1"},
		{"mitigation on an EIP", &Args{Resources: []Resource{{Name: "eip", Arn: pulumi.String(eip), AutomaticMitigation: Block, WebAclArn: pulumi.String(regionalWebACL)}}}, "Resources[0].AutomaticMitigation is BLOCK for type ELASTIC_IP_ALLOCATION; Shield's application layer automatic mitigation is for CLOUDFRONT_DISTRIBUTION and APPLICATION_LOAD_BALANCER only"},
		{"mitigation on a zone", &Args{Resources: []Resource{{Name: "zone", Arn: pulumi.String(zone), AutomaticMitigation: Count, WebAclArn: pulumi.String(cloudFrontACL)}}}, "Resources[0].AutomaticMitigation is COUNT for type ROUTE_53_HOSTED_ZONE"},
		{"eleven log buckets", &Args{Resources: []Resource{{Name: "zone", Arn: pulumi.String(zone)}}, ResponseTeam: &ResponseTeam{LogBucketNames: buckets}}, "ResponseTeam.LogBucketNames has 11 buckets; Shield shares at most 10"},
		{"nil log bucket", &Args{Resources: []Resource{{Name: "zone", Arn: pulumi.String(zone)}}, ResponseTeam: &ResponseTeam{LogBucketNames: []pulumi.StringInput{nil}}}, "ResponseTeam.LogBucketNames[0] is nil"},
		{"bad log bucket", &Args{Resources: []Resource{{Name: "zone", Arn: pulumi.String(zone)}}, ResponseTeam: &ResponseTeam{LogBucketNames: []pulumi.StringInput{pulumi.String("Logs_Bucket")}}}, `ResponseTeam.LogBucketNames[0] "Logs_Bucket" is not an S3 bucket name`},
		{"log bucket twice", &Args{Resources: []Resource{{Name: "zone", Arn: pulumi.String(zone)}}, ResponseTeam: &ResponseTeam{LogBucketNames: []pulumi.StringInput{pulumi.String("logs"), pulumi.String("logs")}}}, `ResponseTeam.LogBucketNames has "logs" twice`},
		{"no contacts", engage(), "ProactiveEngagement.Contacts has 0 contacts; give 1 to 10"},
		{"eleven contacts", engage(eleven...), "ProactiveEngagement.Contacts has 11 contacts"},
		{"bad email", engage(Contact{Email: "On call <oncall@example.com>", Phone: "+12025550123"}), `ProactiveEngagement.Contacts[0].Email "On call <oncall@example.com>" is not an email address Shield takes`},
		{"no email", engage(phone, Contact{Phone: "+12025550123"}), `ProactiveEngagement.Contacts[1].Email "" is not an email address`},
		{"phone with spaces", engage(Contact{Email: "oncall@example.com", Phone: "+1 202 555 0123"}), `ProactiveEngagement.Contacts[0].Phone "+1 202 555 0123" is not an E.164 number`},
		{"phone without +", engage(Contact{Email: "oncall@example.com", Phone: "12025550123"}), `ProactiveEngagement.Contacts[0].Phone "12025550123" is not an E.164 number`},
		{"phone too long", engage(Contact{Email: "oncall@example.com", Phone: "+1234567890123456"}), `ProactiveEngagement.Contacts[0].Phone "+1234567890123456" is not an E.164 number`},
		{"bad notes", engage(Contact{Email: "oncall@example.com", Phone: "+12025550123", Notes: "call #ops"}), "ProactiveEngagement.Contacts[0].Notes is not allowed"},
		{"no phone", engage(Contact{Email: "oncall@example.com"}), "ProactiveEngagement.Contacts has no Phone; Shield needs at least one phone number"},
		{"engagement without health check", &Args{
			Resources:           []Resource{{Name: "zone", Arn: pulumi.String(zone)}, {Name: "eip", Arn: pulumi.String(eip)}},
			ProactiveEngagement: &ProactiveEngagement{Contacts: []Contact{phone}},
		}, "Resources[1] (ELASTIC_IP_ALLOCATION) has neither HealthCheck nor HealthCheckArn, and proactive engagement is only available for protections with an associated Route 53 health check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := run(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "shieldprotection edge: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
	// A contact's notes may use every character Shield allows.
	if _, err := run(t, engage(Contact{Email: "a.b+c@mail.example.co.uk", Phone: "+442071838750", Notes: "Primary: 09:00-17:00 (UTC+1), then call +1-202-555-0123 / ops@example.com, 2nd_line"})); err != nil {
		t.Errorf("valid contact: %v", err)
	}
}
