// Package rulestest runs the policy pack's rules over what a program
// registered under mocks (a mocktest.Recording), so that component and
// stack tests meet the same rules as "pulumi preview" does. It lives with
// the rules, above the test harness, which knows nothing of them.
package rulestest

import (
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/policy/rules"
)

// Stack turns a recording into what the policy rules inspect. The
// properties are the recorded inputs, as the pack sees them in a preview;
// component resources are left out.
func Stack(rec *mocktest.Recording, environment string) *rules.Stack {
	s := &rules.Stack{Environment: environment}
	for _, res := range rec.Resources {
		if !res.Custom {
			continue
		}
		deps := map[string][]string{}
		for prop, urns := range res.PropertyDependencies {
			for _, u := range urns {
				deps[prop] = append(deps[prop], string(u))
			}
		}
		props := res.Inputs.Copy()
		if res.ID != "" {
			props["id"] = res.Outputs["id"]
		}
		s.Resources = append(s.Resources, &rules.Resource{
			URN: string(res.URN), Type: res.Type, Name: res.Name, Props: props,
			Protect: res.Protect, Parent: string(res.Parent), Region: res.Region, PropertyDependencies: deps,
		})
	}
	return s
}
