package offlinecloud

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// Rule is one value that the real cloud refuses in a resource's inputs:
// a name pattern or length, an allowed enum value, a numeric range, a list
// limit. Rules are stateless and look at one resource's inputs only. A
// value that is not known yet (a computed output during a preview) is
// never refused.
type Rule struct {
	// ID names the rule in docs/offline-cloud.md and in the refusal.
	ID string
	// Property is the input the rule checks, as a path of the SDK's
	// property names: "name", "rules[].lifecycle.deleteAfter".
	Property string
	// Refuses says in a few words what the rule refuses.
	Refuses string
	// Message is the cloud's wording of the refusal, as the docs show it
	// (the value in place of X).
	Message string
	// Source is the cloud's documentation of the rule: the API reference
	// of the operation, or the service's documented limits.
	Source string
	// check returns a refusal for every violating value it finds.
	check func(in resource.PropertyMap) []violation
}

// violation is one value a rule refuses: where it is and the cloud's
// message about it.
type violation struct {
	path    string
	message string
}

// Refusal is one value the stand-in refuses, as the real cloud would.
type Refusal struct {
	RuleID string
	// Path is where the value is, with list indices: "rules[0].name".
	Path    string
	Message string
	Source  string
}

// Property is the top-level input property of the refused value.
func (r Refusal) Property() resource.PropertyKey {
	p := r.Path
	if i := strings.IndexAny(p, ".["); i >= 0 {
		p = p[:i]
	}
	return resource.PropertyKey(p)
}

// String is the cloud's message followed by the rule and its source.
func (r Refusal) String() string {
	return fmt.Sprintf("%s (offline cloud rule %s at %s; see %s)", r.Message, r.RuleID, r.Path, r.Source)
}

// Refusals applies the rules of a resource type to its inputs and returns
// what the real cloud would refuse, in a stable order.
func (c *Cloud) Refusals(typ string, inputs resource.PropertyMap) []Refusal {
	var out []Refusal
	for _, rule := range c.Rules[typ] {
		for _, v := range rule.check(inputs) {
			out = append(out, Refusal{RuleID: rule.ID, Path: v.path, Message: v.message, Source: rule.Source})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// CheckFailures are the refusals of Refusals as the provider protocol's
// Check reports them, so that "pulumi preview" and "pulumi up" print them.
func (c *Cloud) CheckFailures(typ string, inputs resource.PropertyMap) []plugin.CheckFailure {
	var out []plugin.CheckFailure
	for _, r := range c.Refusals(typ, inputs) {
		out = append(out, plugin.CheckFailure{Property: r.Property(), Reason: r.String()})
	}
	return out
}

// known returns a value with secrets and known outputs unwrapped, or false
// when the value is absent, null or not known yet.
func known(v resource.PropertyValue) (resource.PropertyValue, bool) {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return v, false
			}
			v = o.Element
		case v.IsComputed(), v.IsNull():
			return v, false
		default:
			return v, !v.ContainsUnknowns() || v.IsObject() || v.IsArray()
		}
	}
}

// at is one value found under a path, with its path and list indices.
type at struct {
	path    string
	indices []int
	v       resource.PropertyValue
}

// lookup finds the known values under a path such as
// "contentPolicyConfig.filtersConfigs[].inputStrength", where "[]" walks
// every element of a list.
func lookup(in resource.PropertyMap, path string) []at {
	cur := []at{{v: resource.NewProperty(in)}}
	for _, seg := range strings.Split(path, ".") {
		name, list := strings.CutSuffix(seg, "[]")
		var next []at
		for _, c := range cur {
			obj, ok := known(c.v)
			if !ok || !obj.IsObject() {
				continue
			}
			v, ok := known(obj.ObjectValue()[resource.PropertyKey(name)])
			if !ok {
				continue
			}
			p := name
			if c.path != "" {
				p = c.path + "." + name
			}
			if !list {
				next = append(next, at{path: p, indices: c.indices, v: v})
				continue
			}
			if !v.IsArray() {
				continue
			}
			for i, e := range v.ArrayValue() {
				if e, ok := known(e); ok {
					next = append(next, at{path: fmt.Sprintf("%s[%d]", p, i), indices: append(append([]int{}, c.indices...), i), v: e})
				}
			}
		}
		cur = next
	}
	return cur
}

// wireName fills the list indices into the name AWS's request validation
// gives a member ("rules.%d.member.limit"), counting from 1 as AWS does.
func wireName(format string, indices []int) string {
	args := make([]any, len(indices))
	for i, n := range indices {
		args[i] = n + 1
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// validation is the message of AWS's request validation for a member that
// breaks a constraint of the service's API model, as the API returns it.
func validation(code, value, member, constraint string) string {
	return fmt.Sprintf("%s: 1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", code, value, member, constraint)
}

// text renders a scalar value as AWS quotes it.
func text(v resource.PropertyValue) string {
	switch {
	case v.IsString():
		return v.StringValue()
	case v.IsNumber():
		return strconv.FormatFloat(v.NumberValue(), 'f', -1, 64)
	case v.IsBool():
		return strconv.FormatBool(v.BoolValue())
	}
	return fmt.Sprint(v.Mappable())
}

// eachString checks every string value under path with bad, which returns the
// message of a refusal.
func eachString(path string, bad func(s string, indices []int) (string, bool)) func(resource.PropertyMap) []violation {
	return func(in resource.PropertyMap) []violation {
		var out []violation
		for _, a := range lookup(in, path) {
			if !a.v.IsString() {
				continue
			}
			if msg, ok := bad(a.v.StringValue(), a.indices); ok {
				out = append(out, violation{path: a.path, message: msg})
			}
		}
		return out
	}
}

// eachNumber checks every number value under path with bad.
func eachNumber(path string, bad func(n float64, indices []int) (string, bool)) func(resource.PropertyMap) []violation {
	return func(in resource.PropertyMap) []violation {
		var out []violation
		for _, a := range lookup(in, path) {
			if !a.v.IsNumber() {
				continue
			}
			if msg, ok := bad(a.v.NumberValue(), a.indices); ok {
				out = append(out, violation{path: a.path, message: msg})
			}
		}
		return out
	}
}

// pattern refuses a string that does not match the API model's pattern.
// shown is the pattern as AWS prints it; match, if not empty, is the same
// pattern in Go's syntax. The whole value must match.
func pattern(path, code, member, shown, match string) func(resource.PropertyMap) []violation {
	if match == "" {
		match = shown
	}
	re := regexp.MustCompile(`^(?:` + match + `)$`)
	return eachString(path, func(s string, idx []int) (string, bool) {
		return validation(code, s, wireName(member, idx), "Member must satisfy regular expression pattern: "+shown), !re.MatchString(s)
	})
}

// length refuses a string shorter than min or longer than max characters.
func length(path, code, member string, min, max int) func(resource.PropertyMap) []violation {
	return eachString(path, func(s string, idx []int) (string, bool) {
		n := utf8.RuneCountInString(s)
		switch {
		case n < min:
			return validation(code, s, wireName(member, idx), fmt.Sprintf("Member must have length greater than or equal to %d", min)), true
		case n > max:
			return validation(code, s, wireName(member, idx), fmt.Sprintf("Member must have length less than or equal to %d", max)), true
		}
		return "", false
	})
}

// valueRange refuses a number below min or above max.
func valueRange(path, code, member string, min, max float64) func(resource.PropertyMap) []violation {
	return eachNumber(path, func(n float64, idx []int) (string, bool) {
		v := strconv.FormatFloat(n, 'f', -1, 64)
		switch {
		case n < min:
			return validation(code, v, wireName(member, idx), "Member must have value greater than or equal to "+strconv.FormatFloat(min, 'f', -1, 64)), true
		case n > max:
			return validation(code, v, wireName(member, idx), "Member must have value less than or equal to "+strconv.FormatFloat(max, 'f', -1, 64)), true
		}
		return "", false
	})
}

// enum refuses a string that is not one of values.
func enum(path, code, member string, values ...string) func(resource.PropertyMap) []violation {
	return eachString(path, func(s string, idx []int) (string, bool) {
		for _, v := range values {
			if s == v {
				return "", false
			}
		}
		return validation(code, s, wireName(member, idx), "Member must satisfy enum value set: ["+strings.Join(values, ", ")+"]"), true
	})
}

// listLength refuses a list with fewer than min or more than max elements.
func listLength(path, code, member string, min, max int) func(resource.PropertyMap) []violation {
	return func(in resource.PropertyMap) []violation {
		var out []violation
		for _, a := range lookup(in, path) {
			if !a.v.IsArray() {
				continue
			}
			n := len(a.v.ArrayValue())
			var items []string
			for _, e := range a.v.ArrayValue() {
				items = append(items, text(e))
			}
			value := "[" + strings.Join(items, ", ") + "]"
			switch {
			case n < min:
				out = append(out, violation{a.path, validation(code, value, wireName(member, a.indices), fmt.Sprintf("Member must have length greater than or equal to %d", min))})
			case n > max:
				out = append(out, violation{a.path, validation(code, value, wireName(member, a.indices), fmt.Sprintf("Member must have length less than or equal to %d", max))})
			}
		}
		return out
	}
}

// all joins the checks of one rule.
func all(checks ...func(resource.PropertyMap) []violation) func(resource.PropertyMap) []violation {
	return func(in resource.PropertyMap) []violation {
		var out []violation
		for _, c := range checks {
			out = append(out, c(in)...)
		}
		return out
	}
}

// The three forms of a SageMaker name (model, endpoint configuration,
// endpoint) share one pattern in the SageMaker API model.
const sageMakerNamePattern = `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`

func sageMakerName(member string) func(resource.PropertyMap) []violation {
	return all(
		length("name", "ValidationException", member, 0, 63),
		pattern("name", "ValidationException", member, sageMakerNamePattern, `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`),
	)
}
