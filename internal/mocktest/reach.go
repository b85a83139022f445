package mocktest

import "fmt"

// Descendants returns every resource below p (children, their children,
// and so on), in registration order.
func (r *Recording) Descendants(p *Resource) []*Resource {
	below := map[string]bool{string(p.URN): true}
	for grew := true; grew; {
		grew = false
		for _, res := range r.Resources {
			if below[string(res.Parent)] && !below[string(res.URN)] {
				below[string(res.URN)] = true
				grew = true
			}
		}
	}
	var out []*Resource
	for _, res := range r.Resources {
		if res != p && below[string(res.URN)] {
			out = append(out, res)
		}
	}
	return out
}

// Reach is what the resource options given to a component must bring to
// every custom resource below it.
type Reach struct {
	// Region is the region of the provider they must act in.
	Region string
	// Protect is whether they must be protected.
	Protect bool
	// Skip, when set, leaves out the resources it reports true for, such
	// as those a component places in another region on purpose (a
	// replica); check those with a second Reach.
	Skip func(*Resource) bool
}

// NeverProtected are the types that hold no data and that components
// leave unprotected whatever their options say, so that they can be
// renamed or replaced where the rest is protected: KMS aliases, and a
// SageMaker model and endpoint configuration, which every model rollout
// replaces (SageMaker cannot edit them).
var NeverProtected = map[string]bool{
	"aws:kms/alias:Alias":                                       true,
	"aws:sagemaker/model:Model":                                 true,
	"aws:sagemaker/endpointConfiguration:EndpointConfiguration": true,
}

// OptionsReach checks that every custom resource below the component p
// acts in want.Region and is protected as want.Protect says (those of
// NeverProtected types: never), so that a child added later is covered
// without editing the test. It returns one
// line for each resource that is not, and fails when p has no custom
// descendant at all.
func (r *Recording) OptionsReach(p *Resource, want Reach) []string {
	if p == nil {
		return []string{"the component was not registered"}
	}
	var problems []string
	checked := 0
	for _, res := range r.Descendants(p) {
		if !res.Custom {
			continue
		}
		if want.Skip != nil && want.Skip(res) {
			continue
		}
		checked++
		if res.Region != want.Region {
			problems = append(problems, fmt.Sprintf("%s acts in %q; want %q", res.URN, res.Region, want.Region))
		}
		if protect := want.Protect && !NeverProtected[res.Type]; res.Protect != protect {
			problems = append(problems, fmt.Sprintf("%s: protect is %v; want %v", res.URN, res.Protect, protect))
		}
	}
	if checked == 0 {
		problems = append(problems, fmt.Sprintf("%s has no custom resource below it", p.URN))
	}
	return problems
}
