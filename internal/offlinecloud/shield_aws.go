package offlinecloud

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// AWS Shield Advanced beyond protections, groups and health checks: the
// application layer automatic response, the Shield Response Team's access
// and proactive engagement (components/aws/shieldprotection). They join
// the AWS tables here, so that the tables of the other services stay as
// they are.

// Shield resource types.
const (
	typeShieldAutoResponse   = "aws:shield/applicationLayerAutomaticResponse:ApplicationLayerAutomaticResponse"
	typeShieldDRTRole        = "aws:shield/drtAccessRoleArnAssociation:DrtAccessRoleArnAssociation"
	typeShieldDRTLogBucket   = "aws:shield/drtAccessLogBucketAssociation:DrtAccessLogBucketAssociation"
	typeShieldEngagement     = "aws:shield/proactiveEngagement:ProactiveEngagement"
	typeWAFWebACLAssociation = "aws:wafv2/webAclAssociation:WebAclAssociation"
	typeCloudFrontDist       = "aws:cloudfront/distribution:Distribution"
)

// Sources of the Shield rules.
const (
	srcShieldAutoResponse   = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EnableApplicationLayerAutomaticResponse.html"
	srcShieldDRTRole        = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_AssociateDRTRole.html"
	srcShieldDRTLogBucket   = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_AssociateDRTLogBucket.html"
	srcShieldContact        = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EmergencyContact.html"
	srcShieldEngagementList = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_AssociateProactiveEngagementDetails.html"
)

// drtManagedPolicy is the AWS managed policy AssociateDRTRole wants on the
// role, after "arn:PARTITION:iam::aws:policy/".
const drtManagedPolicy = "service-role/AWSShieldDRTAccessPolicy"

// The stand-in's refusals whose wording AWS does not document; each is
// built from the sentence of the source that states the requirement.
const (
	shieldAutoResponseType = "InvalidParameterException: Application layer automatic response is available for Amazon CloudFront distributions and Application Load Balancers only (X)"
	shieldAutoResponseACL  = "InvalidOperationException: To use this feature, you must associate a web ACL with the protected resource (X)"
	shieldNoProtection     = "ResourceNotFoundException: The referenced protection does not exist."
	shieldEngagementPhone  = "InvalidParameterException: To enable proactive engagement, the contact list must include at least one phone number."
	shieldDRTRoleRefused   = "InvalidParameterException: The role must trust the service principal drt.shield.amazonaws.com and have the AWSShieldDRTAccessPolicy managed policy attached (X)"
	shieldNoAssociatedRole = "NoAssociatedRoleException: The ARN of the role that you specified does not exist."
)

// shieldMitigable recognises the ARNs of CloudFront distributions and
// Application Load Balancers, the resources of automatic mitigation.
var shieldMitigable = regexp.MustCompile(`^arn:aws[a-z-]*:(cloudfront::[0-9]{12}:distribution/[A-Za-z0-9]+|elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/app/[^/]+/[0-9a-f]+)$`)

func init() {
	// terraform-provider-aws internal/service/shield: the automatic
	// response is known by the resource's ARN (setID), which replaces it;
	// the SRT's role association and proactive engagement by the account
	// (import by account ID), a log bucket association by the bucket
	// (import by log_bucket). None has an ARN.
	awsKinds[typeShieldAutoResponse] = Kind{ID: Template("{$resourceArn}"), NoARN: true, ForceNew: []string{"resourceArn"}}
	awsKinds[typeShieldDRTRole] = Kind{ID: Template("{account}"), NoARN: true}
	awsKinds[typeShieldDRTLogBucket] = Kind{ID: Template("{$logBucket}"), NoARN: true, ForceNew: []string{"logBucket", "roleArnAssociationId"}}
	awsKinds[typeShieldEngagement] = Kind{ID: Template("{account}"), NoARN: true}

	awsRules[typeShieldAutoResponse] = append(awsRules[typeShieldAutoResponse], Rule{
		ID:       "SHIELD-L7-RESOURCE-TYPE",
		Property: "resourceArn",
		Refuses:  "an automatic response for a resource other than a CloudFront distribution or an Application Load Balancer",
		Message:  shieldAutoResponseType,
		Source:   srcShieldAutoResponse,
		check: eachString("resourceArn", func(s string, _ []int) (string, bool) {
			return shieldRefusal(shieldAutoResponseType, s), !shieldMitigable.MatchString(s)
		}),
	})
	awsRules[typeShieldEngagement] = append(awsRules[typeShieldEngagement],
		Rule{
			ID:       "SHIELD-EMERGENCY-CONTACT",
			Property: "emergencyContacts",
			Refuses:  "more than 10 contacts; an email address, phone number or notes outside EmergencyContact's pattern or length",
			Message:  `ValidationException: 1 validation error detected: Value 'X' at 'emergencyContactList.1.member.emailAddress' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\S+@\S+\.\S+$`,
			Source:   srcShieldContact,
			check: all(
				listLength("emergencyContacts", "ValidationException", "emergencyContactList", 0, 10),
				length("emergencyContacts[].emailAddress", "ValidationException", "emergencyContactList.%d.member.emailAddress", 1, 150),
				pattern("emergencyContacts[].emailAddress", "ValidationException", "emergencyContactList.%d.member.emailAddress", `^\S+@\S+\.\S+$`, `\S+@\S+\.\S+`),
				length("emergencyContacts[].phoneNumber", "ValidationException", "emergencyContactList.%d.member.phoneNumber", 1, 16),
				pattern("emergencyContacts[].phoneNumber", "ValidationException", "emergencyContactList.%d.member.phoneNumber", `^\+[1-9]\d{1,14}$`, `\+[1-9]\d{1,14}`),
				length("emergencyContacts[].contactNotes", "ValidationException", "emergencyContactList.%d.member.contactNotes", 1, 1024),
				pattern("emergencyContacts[].contactNotes", "ValidationException", "emergencyContactList.%d.member.contactNotes", `^[\w\s\.\-,:/()+@]*$`, `[\w\s\.\-,:/()+@]*`),
			),
		},
		Rule{
			ID:       "SHIELD-ENGAGEMENT-PHONE",
			Property: "emergencyContacts",
			Refuses:  "proactive engagement enabled with no contact that has a phone number",
			Message:  shieldEngagementPhone,
			Source:   srcShieldEngagementList,
			check:    engagementWithoutPhone,
		},
	)

	awsPrerequisites[typeShieldAutoResponse] = []Prerequisite{shieldSubscription, shieldAutoResponseWebACL}
	awsPrerequisites[typeShieldDRTRole] = []Prerequisite{shieldSubscription, shieldDRTRole}
	awsPrerequisites[typeShieldDRTLogBucket] = []Prerequisite{shieldSubscription, shieldDRTLogBucketRole}
	awsPrerequisites[typeShieldEngagement] = []Prerequisite{shieldSubscription}
}

// engagementWithoutPhone refuses enabled proactive engagement whose
// contacts (none counts) have no phone number; a list or number not known
// yet is not refused.
func engagementWithoutPhone(in resource.PropertyMap) []violation {
	if on, ok := known(in["enabled"]); !ok || !on.IsBool() || !on.BoolValue() {
		return nil
	}
	if raw, present := in["emergencyContacts"]; present && !raw.IsNull() {
		list, ok := known(raw)
		if !ok || !list.IsArray() {
			return nil
		}
		for _, c := range list.ArrayValue() {
			contact, ok := known(c)
			if !ok || !contact.IsObject() {
				return nil
			}
			p, present := contact.ObjectValue()["phoneNumber"]
			if !present || p.IsNull() {
				continue
			}
			if v, ok := known(p); !ok || v.IsString() && v.StringValue() != "" {
				return nil
			}
		}
	}
	return []violation{{path: "emergencyContacts", message: shieldEngagementPhone}}
}

var shieldAutoResponseWebACL = Prerequisite{
	ID: "SHIELD-L7-WEB-ACL",
	Requires: "an automatic response for a resource that the account protects (`aws:shield/protection:Protection`, else `" + shieldNoProtection + "`) " +
		"and that has a WAFv2 web ACL: an `aws:wafv2/webAclAssociation:WebAclAssociation` of the resource, or, for a CloudFront distribution, its `webAclId`",
	Message: shieldAutoResponseACL,
	Source:  srcShieldAutoResponse,
	check: func(a *Account, _ Env, in resource.PropertyMap) (string, error) {
		v, ok := known(in["resourceArn"])
		if !ok || !v.IsString() {
			return "", nil
		}
		arn := v.StringValue()
		protections, err := a.List(typeShieldProtection)
		if err != nil {
			return "", err
		}
		if !slices.ContainsFunc(protections, func(p Record) bool { return str(p.Outputs["resourceArn"]) == arn }) {
			return shieldNoProtection, nil
		}
		associations, err := a.List(typeWAFWebACLAssociation)
		if err != nil {
			return "", err
		}
		if slices.ContainsFunc(associations, func(r Record) bool { return str(r.Outputs["resourceArn"]) == arn }) {
			return "", nil
		}
		distributions, err := a.List(typeCloudFrontDist)
		if err != nil {
			return "", err
		}
		if slices.ContainsFunc(distributions, func(r Record) bool { return str(r.Outputs["arn"]) == arn && str(r.Outputs["webAclId"]) != "" }) {
			return "", nil
		}
		return shieldRefusal(shieldAutoResponseACL, arn), nil
	},
}

var shieldDRTRole = Prerequisite{
	ID: "SHIELD-DRT-ROLE",
	Requires: "a role of the account that `drt.shield.amazonaws.com` may assume, with AWSShieldDRTAccessPolicy attached when it is associated " +
		"(`aws:iam/rolePolicyAttachment:RolePolicyAttachment`, `aws:iam/policyAttachment:PolicyAttachment` or the role's `managedPolicyArns`)",
	Message: shieldDRTRoleRefused,
	Source:  srcShieldDRTRole,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		v, ok := known(in["roleArn"])
		if !ok || !v.IsString() {
			return "", nil
		}
		refused := shieldRefusal(shieldDRTRoleRefused, v.StringValue())
		role, found, err := roleOf(a, env, v.StringValue())
		if err != nil || !found {
			return refused, err
		}
		if !lets(str(role.Outputs["assumeRolePolicy"]), "drt.shield.amazonaws.com", "sts:AssumeRole") {
			return refused, nil
		}
		attached, err := attachedPolicies(a, role)
		if err != nil || slices.Contains(attached, "arn:"+env.Partition+":iam::aws:policy/"+drtManagedPolicy) {
			return "", err
		}
		return refused, nil
	},
}

var shieldDRTLogBucketRole = Prerequisite{
	ID:       "SHIELD-DRT-LOG-BUCKET-ROLE",
	Requires: "a log bucket shared with the SRT once the account has associated the SRT's role (`aws:shield/drtAccessRoleArnAssociation:DrtAccessRoleArnAssociation`)",
	Message:  shieldNoAssociatedRole,
	Source:   srcShieldDRTLogBucket,
	check: func(a *Account, _ Env, _ resource.PropertyMap) (string, error) {
		roles, err := a.List(typeShieldDRTRole)
		if err != nil || len(roles) > 0 {
			return "", err
		}
		return shieldNoAssociatedRole, nil
	},
}

// attachedPolicies returns the ARNs of the managed policies attached to a
// role: on the role, as RolePolicyAttachment or PolicyAttachment objects.
func attachedPolicies(a *Account, role Record) ([]string, error) {
	var arns []string
	for _, p := range lookup(role.Outputs, "managedPolicyArns[]") {
		arns = append(arns, str(p.v))
	}
	attachments, err := a.List(typeIAMRoleAttachment)
	if err != nil {
		return nil, err
	}
	for _, at := range attachments {
		if strings.EqualFold(str(at.Outputs["role"]), role.ID) {
			arns = append(arns, str(at.Outputs["policyArn"]))
		}
	}
	shared, err := a.List(typeIAMPolicyAttach)
	if err != nil {
		return nil, err
	}
	for _, at := range shared {
		for _, r := range lookup(at.Outputs, "roles[]") {
			if strings.EqualFold(str(r.v), role.ID) {
				arns = append(arns, str(at.Outputs["policyArn"]))
			}
		}
	}
	return arns, nil
}

// shieldRefusal fills a Shield refusal's X.
func shieldRefusal(msg, x string) string {
	return strings.Replace(msg, "(X)", fmt.Sprintf("(%s)", x), 1)
}
