// Package rules holds modelfort's policy rules: plain Go functions over a
// resource's type and properties (or over a whole stack), so that the same
// rules run in the policy pack (package policy, through Pulumi's policyx
// SDK) during "pulumi preview" and "pulumi up", and in Go tests over the
// resources that internal/mocktest records.
//
// A rule never treats a value that is not known yet (a computed output
// during a preview) as a violation: it cannot tell yet, and says nothing.
package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Level is how a violation is enforced.
type Level int

const (
	// Advisory violations are reported and let the update proceed.
	Advisory Level = iota
	// Mandatory violations stop the update.
	Mandatory
)

// ProdEnvironment is the environment in which every rule is mandatory.
const ProdEnvironment = "prod"

// Resource is what a rule sees of one resource.
type Resource struct {
	URN  string
	Type string
	Name string
	// Props are the resource's properties: its inputs during a preview,
	// its outputs once it exists. Unknown values may appear.
	Props   resource.PropertyMap
	Protect bool
	Parent  string
	// Region is where the resource's provider acts ("" when not known,
	// or for a provider without regions).
	Region string
	// PropertyDependencies maps a property to the URNs of the resources
	// its value came from.
	PropertyDependencies map[string][]string
}

// Stack is every resource of one deployment, and its environment.
type Stack struct {
	Environment string
	Resources   []*Resource
}

// Violation is one finding of a rule.
type Violation struct {
	RuleID  string
	URN     string
	Message string
	Level   Level
}

func (v Violation) String() string {
	return fmt.Sprintf("%s %s: %s", v.RuleID, v.URN, v.Message)
}

// Rule is one policy.
type Rule struct {
	// ID names the rule; it is also the policy's name in the pack.
	ID          string
	Description string
	// Anchors are the corresponding checks of other tools (Checkov,
	// cdk-nag, tfsec), where one exists.
	Anchors []string
	// Level is the rule's enforcement outside prod; in prod every rule is
	// mandatory.
	Level Level
	// Types are the resource types a resource rule looks at.
	Types []string
	// ProdOnly rules apply to the prod environment alone.
	ProdOnly bool
	// CheckResource inspects one resource and returns what is wrong.
	CheckResource func(r *Resource) []string
	// CheckStack inspects a whole stack.
	CheckStack func(s *Stack) []Violation
}

// LevelIn returns the rule's enforcement level in an environment.
func (r Rule) LevelIn(environment string) Level {
	if environment == ProdEnvironment {
		return Mandatory
	}
	return r.Level
}

// Applies reports whether the rule applies to a resource type.
func (r Rule) Applies(typ string) bool {
	for _, t := range r.Types {
		if t == typ {
			return true
		}
	}
	return false
}

// Evaluate runs every rule over a stack, the resource rules on each
// resource of their types and the stack rules on the whole.
func Evaluate(s *Stack, rules []Rule) []Violation {
	var out []Violation
	for _, rule := range rules {
		if rule.ProdOnly && s.Environment != ProdEnvironment {
			continue
		}
		level := rule.LevelIn(s.Environment)
		if rule.CheckResource != nil {
			for _, r := range s.Resources {
				if !rule.Applies(r.Type) {
					continue
				}
				for _, msg := range rule.CheckResource(r) {
					out = append(out, Violation{RuleID: rule.ID, URN: r.URN, Message: msg, Level: level})
				}
			}
		}
		if rule.CheckStack != nil {
			for _, v := range rule.CheckStack(s) {
				v.RuleID, v.Level = rule.ID, level
				out = append(out, v)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].RuleID < out[j].RuleID })
	return out
}

// Get returns the property at path ("rules[0].status") and whether it is
// known. A missing property is known and null.
func (r *Resource) Get(path string) (resource.PropertyValue, bool) {
	p, err := resource.ParsePropertyPath(path)
	if err != nil {
		return resource.NewNullProperty(), true
	}
	v, ok := p.Get(resource.NewProperty(r.Props))
	if !ok {
		// A path through an unknown value cannot be followed yet.
		return resource.NewNullProperty(), !prefixUnknown(r.Props, p)
	}
	return plain(v)
}

// plain unwraps secrets and known outputs; unknown values report false.
func plain(v resource.PropertyValue) (resource.PropertyValue, bool) {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return resource.NewNullProperty(), false
			}
			v = o.Element
		case v.IsComputed():
			return resource.NewNullProperty(), false
		default:
			return v, !v.ContainsUnknowns()
		}
	}
}

func prefixUnknown(m resource.PropertyMap, p resource.PropertyPath) bool {
	for i := 1; i <= len(p); i++ {
		v, ok := p[:i].Get(resource.NewProperty(m))
		if !ok {
			return false
		}
		if _, known := plain(v); !known {
			return true
		}
	}
	return false
}

// Str returns a string property, and whether it is known.
func (r *Resource) Str(path string) (string, bool) {
	v, known := r.Get(path)
	if v.IsString() {
		return v.StringValue(), known
	}
	return "", known
}

// Bool returns a bool property, and whether it is known.
func (r *Resource) Bool(path string) (bool, bool) {
	v, known := r.Get(path)
	if v.IsBool() {
		return v.BoolValue(), known
	}
	return false, known
}

// Num returns a number property, and whether it is known.
func (r *Resource) Num(path string) (float64, bool) {
	v, known := r.Get(path)
	if v.IsNumber() {
		return v.NumberValue(), known
	}
	return 0, known
}

// Len returns the length of a list property, and whether it is known.
func (r *Resource) Len(path string) (int, bool) {
	v, known := r.Get(path)
	if v.IsArray() {
		return len(v.ArrayValue()), known
	}
	return 0, known
}

// OfType returns the stack's resources of a type.
func (s *Stack) OfType(typ string) []*Resource {
	var out []*Resource
	for _, r := range s.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Referring returns the resources of type typ whose property prop refers
// to target: its value came from target (a property dependency), or it
// equals one of target's identifying properties (keys).
func (s *Stack) Referring(target *Resource, typ, prop string, keys ...string) []*Resource {
	var ids []string
	for _, k := range append([]string{"id"}, keys...) {
		if v, known := target.Str(k); known && v != "" {
			ids = append(ids, v)
		}
	}
	var out []*Resource
	for _, r := range s.OfType(typ) {
		if contains(r.PropertyDependencies[prop], target.URN) {
			out = append(out, r)
			continue
		}
		if v, known := r.Str(prop); known && v != "" && contains(ids, v) {
			out = append(out, r)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Table renders violations one a line, for failure messages and logs.
func Table(vs []Violation) string {
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = v.String()
	}
	return strings.Join(lines, "\n")
}
