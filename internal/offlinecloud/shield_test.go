package offlinecloud

import (
	"strings"
	"testing"
)

const (
	shieldDistribution = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
	shieldALB          = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/models/50dc6c495c0c9188"
	shieldEIP          = "arn:aws:ec2:us-east-1:123456789012:eip-allocation/eipalloc-0123456789abcdef0"
	shieldWebACL       = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/models/1234abcd-abcd-1234-abcd-1234abcdef01"
	shieldDRTRoleArn   = "arn:aws:iam::123456789012:role/srt"
	shieldDRTPolicyArn = "arn:aws:iam::aws:policy/service-role/AWSShieldDRTAccessPolicy"
)

// drtTrust is a trust policy that lets the SRT assume the role.
const drtTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"drt.shield.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func contact(email, phone, notes string) map[string]any {
	c := map[string]any{"emailAddress": email}
	if phone != "" {
		c["phoneNumber"] = phone
	}
	if notes != "" {
		c["contactNotes"] = notes
	}
	return c
}

func engagement(contacts ...map[string]any) map[string]any {
	list := []any{}
	for _, c := range contacts {
		list = append(list, c)
	}
	return map[string]any{"enabled": true, "emergencyContacts": list}
}

// srtRole creates the SRT's role and, when attach, the managed policy's
// attachment.
func srtRole(t *testing.T, a *Account, trust string, attach bool) {
	t.Helper()
	create(t, a, "us-east-1", typeIAMRole, "srt", map[string]any{"name": "srt", "assumeRolePolicy": trust})
	if attach {
		create(t, a, "us-east-1", typeIAMRoleAttachment, "srt", map[string]any{"role": "srt", "policyArn": shieldDRTPolicyArn})
	}
}

// The Shield rules join the cases of TestRulesRefuseAndAccept (and so
// TestEveryRuleHasCases), and its prerequisites those of
// TestPrerequisitesRefuseAndAccept (and TestEveryPrerequisiteHasCases).
func init() {
	oncall := contact("oncall@example.com", "+12025550123", "24x7 hotline (UTC), primary")
	ruleCases = append(ruleCases,
		ruleCase{"SHIELD-L7-RESOURCE-TYPE", typeShieldAutoResponse, map[string]any{"resourceArn": shieldEIP, "action": "BLOCK"}, map[string]any{"resourceArn": shieldALB, "action": "BLOCK"},
			"InvalidParameterException: Application layer automatic response is available for Amazon CloudFront distributions and Application Load Balancers only (" + shieldEIP + ")"},
		ruleCase{"SHIELD-L7-RESOURCE-TYPE", typeShieldAutoResponse, map[string]any{"resourceArn": "arn:aws:route53:::hostedzone/Z1", "action": "COUNT"}, map[string]any{"resourceArn": shieldDistribution, "action": "COUNT"},
			"Amazon CloudFront distributions and Application Load Balancers only"},
		ruleCase{"SHIELD-EMERGENCY-CONTACT", typeShieldEngagement, engagement(oncall, contact("On call <oncall@example.com>", "", "")), engagement(oncall, contact("secondary@example.co.uk", "", "")),
			`Value 'On call <oncall@example.com>' at 'emergencyContactList.2.member.emailAddress' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\S+@\S+\.\S+$`},
		ruleCase{"SHIELD-EMERGENCY-CONTACT", typeShieldEngagement, engagement(contact("oncall@example.com", "+1 202 555 0123", "")), engagement(contact("oncall@example.com", "+442071838750", "")),
			`Value '+1 202 555 0123' at 'emergencyContactList.1.member.phoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\+[1-9]\d{1,14}$`},
		ruleCase{"SHIELD-EMERGENCY-CONTACT", typeShieldEngagement, engagement(contact("oncall@example.com", "+12025550123", "call #ops")), engagement(oncall),
			"at 'emergencyContactList.1.member.contactNotes' failed to satisfy constraint: Member must satisfy regular expression pattern"},
		ruleCase{"SHIELD-EMERGENCY-CONTACT", typeShieldEngagement,
			engagement(oncall, oncall, oncall, oncall, oncall, oncall, oncall, oncall, oncall, oncall, oncall),
			engagement(oncall, oncall, oncall, oncall, oncall, oncall, oncall, oncall, oncall, oncall),
			"at 'emergencyContactList' failed to satisfy constraint: Member must have length less than or equal to 10"},
		ruleCase{"SHIELD-ENGAGEMENT-PHONE", typeShieldEngagement, engagement(contact("oncall@example.com", "", "")), engagement(contact("a@example.com", "", ""), contact("b@example.com", "+12025550123", "")),
			"InvalidParameterException: To enable proactive engagement, the contact list must include at least one phone number."},
		ruleCase{"SHIELD-ENGAGEMENT-PHONE", typeShieldEngagement, map[string]any{"enabled": true}, map[string]any{"enabled": false},
			"at least one phone number"},
	)
	prereqCases = append(prereqCases,
		prereqCase{
			rule: "SHIELD-L7-WEB-ACL", typ: typeShieldAutoResponse,
			in: map[string]any{"resourceArn": shieldALB, "action": "BLOCK"},
			setup: func(t *testing.T, a *Account) {
				create(t, a, "us-east-1", typeShieldProtection, "alb", map[string]any{"name": "alb", "resourceArn": shieldALB})
				create(t, a, "us-east-1", typeWAFWebACLAssociation, "alb", map[string]any{"resourceArn": shieldALB, "webAclArn": shieldWebACL})
			},
			want: "ResourceNotFoundException: The referenced protection does not exist.",
		},
		prereqCase{
			rule: "SHIELD-DRT-ROLE", typ: typeShieldDRTRole,
			in:    map[string]any{"roleArn": shieldDRTRoleArn},
			setup: func(t *testing.T, a *Account) { srtRole(t, a, drtTrust, true) },
			want:  "InvalidParameterException: The role must trust the service principal drt.shield.amazonaws.com and have the AWSShieldDRTAccessPolicy managed policy attached (" + shieldDRTRoleArn + ")",
		},
		prereqCase{
			rule: "SHIELD-DRT-LOG-BUCKET-ROLE", typ: typeShieldDRTLogBucket,
			in: map[string]any{"logBucket": "waf-logs-1a2b3c4", "roleArnAssociationId": AWSAccount},
			setup: func(t *testing.T, a *Account) {
				srtRole(t, a, drtTrust, true)
				create(t, a, "us-east-1", typeShieldDRTRole, "srt", map[string]any{"roleArn": shieldDRTRoleArn})
			},
			want: "NoAssociatedRoleException: The ARN of the role that you specified does not exist.",
		},
	)
}

// TestShieldShapes: an automatic response is known by its resource's ARN
// and is replaced with it; the SRT's role association and proactive
// engagement by the account; a log bucket association by its bucket.
func TestShieldShapes(t *testing.T) {
	env := AWSEnv("us-east-1")
	for _, c := range []struct {
		typ, want string
		in        map[string]any
	}{
		{typeShieldAutoResponse, shieldALB, map[string]any{"resourceArn": shieldALB, "action": "COUNT"}},
		{typeShieldDRTRole, AWSAccount, map[string]any{"roleArn": shieldDRTRoleArn}},
		{typeShieldDRTLogBucket, "waf-logs", map[string]any{"logBucket": "waf-logs", "roleArnAssociationId": AWSAccount}},
		{typeShieldEngagement, AWSAccount, engagement(contact("oncall@example.com", "+12025550123", ""))},
	} {
		id, out, err := AWS.Create(env, c.typ, urn(c.typ, "x"), inputs(c.in), false)
		if err != nil || id != c.want || out.HasValue("arn") {
			t.Errorf("%s: id %q (want %q), outputs %v, %v", c.typ, id, c.want, out, err)
		}
	}
	if d := AWS.Diff(typeShieldAutoResponse, inputs(map[string]any{"resourceArn": shieldALB, "action": "COUNT"}), inputs(map[string]any{"resourceArn": shieldALB, "action": "BLOCK"})); len(d.ReplaceKeys) != 0 {
		t.Errorf("a new action replaces the response: %v", d.ReplaceKeys)
	}
	if d := AWS.Diff(typeShieldAutoResponse, inputs(map[string]any{"resourceArn": shieldALB, "action": "COUNT"}), inputs(map[string]any{"resourceArn": shieldDistribution, "action": "COUNT"})); len(d.ReplaceKeys) != 1 {
		t.Errorf("a new resource must replace the response: %v", d.ReplaceKeys)
	}
}

// TestAutomaticResponseNeedsAWebACL follows an automatic response to its
// protection and its web ACL: a distribution without webAclId, or a load
// balancer without an association, is refused; a distribution with one,
// or the association, lets it through.
func TestAutomaticResponseNeedsAWebACL(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	env := AWSEnv("us-east-1")
	respond := func(arn string) error {
		_, _, err := AWS.CreateIn(a, env, typeShieldAutoResponse, urnOf("dev", typeShieldAutoResponse, arn), inputs(map[string]any{"resourceArn": arn, "action": "BLOCK"}), false)
		return err
	}
	// A distribution: protected but without a web ACL, then with one.
	dist, out, err := AWS.CreateIn(a, env, typeCloudFrontDist, urnOf("dev", typeCloudFrontDist, "cdn"), inputs(map[string]any{"enabled": true}), false)
	if err != nil {
		t.Fatal(err)
	}
	arn := out["arn"].StringValue()
	create(t, a, "us-east-1", typeShieldProtection, "cdn", map[string]any{"name": "cdn", "resourceArn": arn})
	if err := respond(arn); err == nil || !strings.Contains(err.Error(), "InvalidOperationException: To use this feature, you must associate a web ACL with the protected resource ("+arn+")") ||
		!strings.Contains(err.Error(), "offline cloud rule SHIELD-L7-WEB-ACL") {
		t.Errorf("a distribution without a web ACL: %v", err)
	}
	if _, err := AWS.UpdateIn(a, env, typeCloudFrontDist, urnOf("dev", typeCloudFrontDist, "cdn"), dist,
		inputs(map[string]any{"enabled": true, "webAclId": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1234"}), false); err != nil {
		t.Fatal(err)
	}
	if err := respond(arn); err != nil {
		t.Errorf("a distribution with a web ACL: %v", err)
	}
	// A load balancer whose web ACL is associated with another resource.
	create(t, a, "us-east-1", typeShieldProtection, "alb", map[string]any{"name": "alb", "resourceArn": shieldALB})
	create(t, a, "us-east-1", typeWAFWebACLAssociation, "other", map[string]any{"resourceArn": strings.Replace(shieldALB, "models", "other", 1), "webAclArn": shieldWebACL})
	if err := respond(shieldALB); err == nil || !strings.Contains(err.Error(), "must associate a web ACL") {
		t.Errorf("a load balancer without a web ACL: %v", err)
	}
	create(t, a, "us-east-1", typeWAFWebACLAssociation, "alb", map[string]any{"resourceArn": shieldALB, "webAclArn": shieldWebACL})
	if err := respond(shieldALB); err != nil {
		t.Errorf("a load balancer with a web ACL: %v", err)
	}
}

// TestResponseTeamRoleChain follows the SRT's access: the role must trust
// the SRT and carry AWSShieldDRTAccessPolicy before it is associated, and
// a log bucket is shared only once the role is associated.
func TestResponseTeamRoleChain(t *testing.T) {
	associate := func(a *Account) error {
		_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeShieldDRTRole, urnOf("dev", typeShieldDRTRole, "srt"), inputs(map[string]any{"roleArn": shieldDRTRoleArn}), false)
		return err
	}
	// Another service's trust, and the right trust without the policy.
	lambdaTrust := strings.Replace(drtTrust, "drt.shield.amazonaws.com", "lambda.amazonaws.com", 1)
	for name, setup := range map[string]func(t *testing.T, a *Account){
		"trusted by Lambda":  func(t *testing.T, a *Account) { srtRole(t, a, lambdaTrust, true) },
		"without the policy": func(t *testing.T, a *Account) { srtRole(t, a, drtTrust, false) },
		"with another policy": func(t *testing.T, a *Account) {
			srtRole(t, a, drtTrust, false)
			create(t, a, "us-east-1", typeIAMRoleAttachment, "ro", map[string]any{"role": "srt", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})
		},
	} {
		a := NewMemoryAccount(Settings{})
		setup(t, a)
		if err := associate(a); err == nil || !strings.Contains(err.Error(), "offline cloud rule SHIELD-DRT-ROLE") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The policy in the role's managedPolicyArns counts too.
	a := NewMemoryAccount(Settings{})
	create(t, a, "us-east-1", typeIAMRole, "srt", map[string]any{"name": "srt", "assumeRolePolicy": drtTrust, "managedPolicyArns": []any{shieldDRTPolicyArn}})
	if err := associate(a); err != nil {
		t.Errorf("managedPolicyArns: %v", err)
	}
	logs := func(a *Account) error {
		_, _, err := AWS.CreateIn(a, AWSEnv("us-east-1"), typeShieldDRTLogBucket, urnOf("dev", typeShieldDRTLogBucket, "logs"), inputs(map[string]any{"logBucket": "logs", "roleArnAssociationId": AWSAccount}), false)
		return err
	}
	if err := logs(a); err != nil {
		t.Errorf("log bucket after the role: %v", err)
	}
	if err := logs(NewMemoryAccount(Settings{})); err == nil || !strings.Contains(err.Error(), "NoAssociatedRoleException") {
		t.Errorf("log bucket without a role: %v", err)
	}
	// Without a subscription every Shield call is refused first.
	none := NewMemoryAccount(Settings{AWS: AWSSettings{NoShieldAdvanced: true}})
	for _, typ := range []string{typeShieldAutoResponse, typeShieldDRTRole, typeShieldDRTLogBucket, typeShieldEngagement} {
		_, _, err := AWS.CreateIn(none, AWSEnv("us-east-1"), typ, urnOf("dev", typ, "x"), inputs(map[string]any{"resourceArn": shieldALB, "roleArn": shieldDRTRoleArn, "logBucket": "b", "enabled": false}), false)
		if err == nil || !strings.Contains(err.Error(), "SHIELD-SUBSCRIPTION") {
			t.Errorf("%s without a subscription: %v", typ, err)
		}
	}
}
