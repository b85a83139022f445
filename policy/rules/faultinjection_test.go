package rules

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The fault-injection rules join TestEveryRuleHasAPassingAndAViolatingCase.
func init() {
	cases["fis-stop-condition-alarm"] = struct{ pass, fail *Stack }{
		one("dev", fisTemplate(alarmCondition("arn:aws:cloudwatch:us-east-1:123456789012:alarm:drill-stop"))),
		one("dev", fisTemplate(map[string]any{"source": "none"})),
	}
	cases["fis-role-not-admin"] = struct{ pass, fail *Stack }{
		roleStack(nil),
		roleStack(func(role *Resource) []*Resource {
			return []*Resource{res(iamRolePolicyAttachType, "admin", map[string]any{"policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}).from("role", role)}
		}),
	}
}

// fisTemplate is an experiment template whose stop conditions are conds.
func fisTemplate(conds ...map[string]any) *Resource {
	list := []any{}
	for _, c := range conds {
		list = append(list, c)
	}
	return res(fisTemplateType, "drill-region-outage", map[string]any{
		"description":    "modelfort drill",
		"roleArn":        "arn:aws:iam::123456789012:role/drill-1a2b3c4",
		"stopConditions": list,
	})
}

func alarmCondition(arn string) map[string]any {
	return map[string]any{"source": "aws:cloudwatch:alarm", "value": arn}
}

func fisRule(t *testing.T, id string) Rule {
	t.Helper()
	for _, r := range faultInjectionRules {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return Rule{}
}

func TestFISStopConditionAlarm(t *testing.T) {
	rule := fisRule(t, "fis-stop-condition-alarm")
	if rule.Level != Mandatory || !rule.Applies(fisTemplateType) {
		t.Errorf("rule %s: level %v, types %v", rule.ID, rule.Level, rule.Types)
	}
	stop := "arn:aws:cloudwatch:us-east-1:123456789012:alarm:drill-stop-1a2b3c4"
	for name, tc := range map[string]struct {
		r    *Resource
		want bool
	}{
		"an alarm":                   {fisTemplate(alarmCondition(stop)), false},
		"an alarm among others":      {fisTemplate(map[string]any{"source": "none"}, alarmCondition(stop)), false},
		"none":                       {fisTemplate(map[string]any{"source": "none"}), true},
		"no stop conditions":         {fisTemplate(), true},
		"no stopConditions at all":   {res(fisTemplateType, "t", map[string]any{"roleArn": "arn:aws:iam::123456789012:role/r"}), true},
		"an alarm source, no value":  {fisTemplate(map[string]any{"source": "aws:cloudwatch:alarm"}), false}, // not known yet, or refused by FIS
		"an alarm source, empty ARN": {fisTemplate(alarmCondition("")), true},
		"an alarm not known yet": {func() *Resource {
			r := fisTemplate()
			r.Props["stopConditions"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
				"source": resource.NewProperty("aws:cloudwatch:alarm"), "value": unknown,
			})})
			return r
		}(), false},
		"stop conditions not known yet": {func() *Resource {
			r := fisTemplate()
			r.Props["stopConditions"] = unknown
			return r
		}(), false},
	} {
		got := rule.CheckResource(tc.r)
		if (len(got) > 0) != tc.want {
			t.Errorf("%s: %v; want a violation: %v", name, got, tc.want)
		}
		if tc.want && !strings.Contains(got[0], "no stop condition of source aws:cloudwatch:alarm") {
			t.Errorf("%s: message %q", name, got[0])
		}
	}
	// In the pack, in dev as in prod.
	s := &Stack{Environment: "dev", Resources: []*Resource{fisTemplate(map[string]any{"source": "none"})}}
	if vs := Evaluate(s, []Rule{rule}); len(vs) != 1 || vs[0].Level != Mandatory {
		t.Errorf("dev: %v", vs)
	}
}

// roleStack is a template run by a role, and whatever else the role has.
func roleStack(extra func(role *Resource) []*Resource) *Stack {
	role := res(iamRoleType, "drill", map[string]any{"name": "drill-1a2b3c4", "assumeRolePolicy": doc(map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": "fis.amazonaws.com"}, "Action": "sts:AssumeRole"})})
	tpl := fisTemplate(alarmCondition("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a")).from("roleArn", role)
	policy := res(iamRolePolicyType, "drill", map[string]any{"name": "drill-9f8e7d6", "policy": doc(map[string]any{
		"Sid": "SwapSubnetNetworkAcl", "Effect": "Allow", "Action": "ec2:ReplaceNetworkAclAssociation",
		"Resource": "arn:aws:ec2:us-east-1:123456789012:network-acl/*"})}).from("role", role)
	s := &Stack{Environment: "dev", Resources: []*Resource{role, tpl, policy}}
	if extra != nil {
		s.Resources = append(s.Resources, extra(role)...)
	}
	return s
}

func TestFISRoleNotAdmin(t *testing.T) {
	rule := fisRule(t, "fis-role-not-admin")
	if rule.Level != Mandatory {
		t.Errorf("level %v", rule.Level)
	}
	admin := doc(map[string]any{"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"})
	for name, tc := range map[string]struct {
		extra func(role *Resource) []*Resource
		want  string
	}{
		"least privilege": {nil, ""},
		"AdministratorAccess attached": {func(role *Resource) []*Resource {
			return []*Resource{res(iamRolePolicyAttachType, "admin", map[string]any{"policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}).from("role", role)}
		}, "it has the AWS managed policy AdministratorAccess"},
		"PowerUserAccess attached by role name": {func(role *Resource) []*Resource {
			return []*Resource{res(iamRolePolicyAttachType, "power", map[string]any{"role": "drill-1a2b3c4", "policyArn": "arn:aws:iam::aws:policy/PowerUserAccess"})}
		}, "PowerUserAccess"},
		"IAMFullAccess in managedPolicyArns": {func(role *Resource) []*Resource {
			role.Props["managedPolicyArns"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty("arn:aws:iam::aws:policy/IAMFullAccess")})
			return nil
		}, "IAMFullAccess"},
		"a role policy allowing *": {func(role *Resource) []*Resource {
			return []*Resource{res(iamRolePolicyType, "more", map[string]any{"policy": admin}).from("role", role)}
		}, `role policy more statement "Everything" allows *`},
		"an inline policy allowing iam:*": {func(role *Resource) []*Resource {
			role.Props["inlinePolicies"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
				"name": resource.NewProperty("iam"), "policy": resource.NewProperty(doc(map[string]any{"Sid": "Iam", "Effect": "Allow", "Action": "iam:*", "Resource": "*"})),
			})})
			return nil
		}, `statement "Iam" allows iam:*`},
		"a NotAction statement": {func(role *Resource) []*Resource {
			return []*Resource{res(iamRolePolicyType, "not", map[string]any{"policy": doc(map[string]any{
				"Sid": "AllButBilling", "Effect": "Allow", "NotAction": "aws-portal:*", "Resource": "*"})}).from("role", role)}
		}, "allows every action but aws-portal:*"},
		"a customer managed policy of the stack": {func(role *Resource) []*Resource {
			mp := res(iamPolicyType, "wide", map[string]any{"policy": admin})
			return []*Resource{mp, res(iamRolePolicyAttachType, "wide", map[string]any{}).from("role", role).from("policyArn", mp)}
		}, `managed policy wide statement "Everything" allows *`},
		"a deny of everything is no grant": {func(role *Resource) []*Resource {
			return []*Resource{res(iamRolePolicyType, "deny", map[string]any{"policy": doc(map[string]any{"Effect": "Deny", "Action": "*", "Resource": "*"})}).from("role", role)}
		}, ""},
	} {
		vs := Evaluate(roleStack(tc.extra), []Rule{rule})
		if tc.want == "" {
			if len(vs) != 0 {
				t.Errorf("%s: %v", name, vs)
			}
			continue
		}
		if len(vs) != 1 || !strings.Contains(vs[0].Message, tc.want) || !strings.Contains(vs[0].URN, fisTemplateType) || !strings.Contains(vs[0].Message, "role drill is an administrator") {
			t.Errorf("%s: %v; want one violation on the template with %q", name, vs, tc.want)
		}
	}
	// An admin role that no template uses is not this rule's business.
	s := roleStack(func(role *Resource) []*Resource {
		return []*Resource{res(iamRolePolicyAttachType, "admin", map[string]any{"policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}).from("role", role)}
	})
	s.Resources = s.Resources[:1:1]
	s.Resources = append(s.Resources, res(iamRolePolicyAttachType, "admin", map[string]any{"role": "drill-1a2b3c4", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}))
	if vs := Evaluate(s, []Rule{rule}); len(vs) != 0 {
		t.Errorf("no template: %v", vs)
	}
}
