package mocktest

import (
	"github.com/modelfort/modelfort/policy/rules"
)

// Stack turns a recording into what the policy rules inspect, so that the
// policy pack's rules run over the resources a program registers. The
// properties are the recorded inputs, as the pack sees them in a preview;
// component resources are left out.
func (r *Recording) Stack(environment string) *rules.Stack {
	s := &rules.Stack{Environment: environment}
	for _, res := range r.Resources {
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
			Protect: res.Protect, Parent: string(res.Parent), PropertyDependencies: deps,
		})
	}
	return s
}
