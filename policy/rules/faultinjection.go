package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Resource types the fault-injection rules look at.
const (
	fisTemplateType          = "aws:fis/experimentTemplate:ExperimentTemplate"
	iamRolePolicyAttachType  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	fisStopConditionAlarm    = "aws:cloudwatch:alarm"
	fisStopConditionsDocs    = "https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html"
	fisExperimentRoleDocs    = "https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html"
	awsJobFunctionPolicyDocs = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html"
)

// adminManagedPolicies are the AWS managed policies that make a role an
// administrator, or able to make itself one: AdministratorAccess,
// PowerUserAccess (every service but IAM and Organizations) and
// IAMFullAccess (which can grant anything) (awsJobFunctionPolicyDocs).
var adminManagedPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

// faultInjectionRules check the drills' AWS FIS experiment templates.
var faultInjectionRules = []Rule{
	{
		ID:          "fis-stop-condition-alarm",
		Description: "Every FIS experiment template has at least one stop condition that is a CloudWatch alarm, so that a running experiment can be halted.",
		Anchors:     []string{fisStopConditionsDocs},
		Level:       Mandatory,
		Types:       []string{fisTemplateType},
		CheckResource: func(r *Resource) []string {
			n, known := r.Len("stopConditions")
			if !known {
				return nil
			}
			for i := 0; i < n; i++ {
				src, srcKnown := r.Str(fmt.Sprintf("stopConditions[%d].source", i))
				// An alarm's ARN that is absent may be one not known yet (a
				// preview under mocks drops it); FIS refuses an alarm source
				// without one anyway. An empty ARN is no alarm.
				value, valueKnown := r.Get(fmt.Sprintf("stopConditions[%d].value", i))
				empty := valueKnown && value.IsString() && value.StringValue() == ""
				if !srcKnown || src == fisStopConditionAlarm && !empty {
					return nil // an alarm, or not known yet
				}
			}
			return []string{"the template has no stop condition of source aws:cloudwatch:alarm: nothing halts a running experiment but a person who notices"}
		},
	},
	{
		ID:          "fis-role-not-admin",
		Description: "No FIS experiment template runs with an administrator role: not AdministratorAccess, PowerUserAccess or IAMFullAccess, and no policy statement that allows every action, every IAM action, or everything but some (NotAction).",
		Anchors:     []string{fisExperimentRoleDocs, awsJobFunctionPolicyDocs},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, role := range s.OfType(iamRoleType) {
				templates := s.Referring(role, fisTemplateType, "roleArn", "arn")
				if len(templates) == 0 {
					continue
				}
				for _, why := range adminGrants(s, role) {
					for _, t := range templates {
						out = append(out, Violation{URN: t.URN, Message: fmt.Sprintf("the template's role %s is an administrator: %s; give FIS only what the template's actions need", role.Name, why)})
					}
				}
			}
			return out
		},
	},
}

// adminGrants says how a role is an administrator, from what the stack
// shows of it: its managed policy ARNs and inline policies, the managed
// policies attached to it, and its role policies. Policies the stack does
// not hold (a customer managed policy of another stack) are not seen.
func adminGrants(s *Stack, role *Resource) []string {
	var out []string
	var arns []string
	if n, _ := role.Len("managedPolicyArns"); n > 0 {
		for i := 0; i < n; i++ {
			if a, known := role.Str(fmt.Sprintf("managedPolicyArns[%d]", i)); known {
				arns = append(arns, a)
			}
		}
	}
	docs := map[string]*iampolicy.Policy{}
	for i, p := range policyDocs(role) {
		docs[fmt.Sprintf("inline policy %d", i)] = p
	}
	for _, rp := range s.Referring(role, iamRolePolicyType, "role", "name") {
		for _, p := range policyDocs(rp) {
			docs["role policy "+rp.Name] = p
		}
	}
	for _, att := range s.Referring(role, iamRolePolicyAttachType, "role", "name") {
		if a, known := att.Str("policyArn"); known && a != "" {
			arns = append(arns, a)
		}
		for _, mp := range s.OfType(iamPolicyType) {
			if contains(att.PropertyDependencies["policyArn"], mp.URN) || sameValue(att, "policyArn", mp, "arn", "id") {
				for _, p := range policyDocs(mp) {
					docs["managed policy "+mp.Name] = p
				}
			}
		}
	}
	for _, a := range arns {
		for _, admin := range adminManagedPolicies {
			if strings.HasSuffix(a, ":policy/"+admin) || strings.HasSuffix(a, ":policy/job-function/"+admin) {
				out = append(out, "it has the AWS managed policy "+admin)
			}
		}
	}
	for where, p := range docs {
		for _, st := range p.Statement {
			if st.Effect != "Allow" {
				continue
			}
			if len(st.NotAction) > 0 {
				out = append(out, fmt.Sprintf("%s statement %q allows every action but %s", where, st.Sid, strings.Join(st.NotAction, ", ")))
			}
			for _, a := range st.Action {
				if a == "*" || strings.EqualFold(a, "iam:*") {
					out = append(out, fmt.Sprintf("%s statement %q allows %s", where, st.Sid, a))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// sameValue reports whether r's prop equals one of target's keys.
func sameValue(r *Resource, prop string, target *Resource, keys ...string) bool {
	v, known := r.Str(prop)
	if !known || v == "" {
		return false
	}
	for _, k := range keys {
		if t, known := target.Str(k); known && t == v {
			return true
		}
	}
	return false
}
