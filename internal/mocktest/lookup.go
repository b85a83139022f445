package mocktest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Find returns the resource of the given type and logical name, or nil.
func (r *Recording) Find(typ, name string) *Resource {
	for _, res := range r.Resources {
		if res.Type == typ && res.Name == name {
			return res
		}
	}
	return nil
}

// ByID returns the custom resource whose physical ID is id, or nil: a
// test follows an input that names another resource by ID to that
// resource.
func (r *Recording) ByID(id string) *Resource {
	if id == "" {
		return nil
	}
	for _, res := range r.Resources {
		if res.ID == id && res.Custom {
			return res
		}
	}
	return nil
}

// OfType returns the resources of a type, in registration order.
func (r *Recording) OfType(typ string) []*Resource {
	var out []*Resource
	for _, res := range r.Resources {
		if res.Type == typ {
			out = append(out, res)
		}
	}
	return out
}

// Children returns the resources whose parent is p.
func (r *Recording) Children(p *Resource) []*Resource {
	var out []*Resource
	for _, res := range r.Resources {
		if res.Parent == p.URN {
			out = append(out, res)
		}
	}
	return out
}

// Types counts the resources of each type, for an overview in a failure
// message.
func (r *Recording) Types() map[string]int {
	out := map[string]int{}
	for _, res := range r.Resources {
		out[res.Type]++
	}
	return out
}

// String lists the recorded resources, one URN a line, sorted.
func (r *Recording) String() string {
	urns := make([]string, len(r.Resources))
	for i, res := range r.Resources {
		urns[i] = string(res.URN)
	}
	sort.Strings(urns)
	return strings.Join(urns, "\n")
}

// Get returns the input at a property path such as
// "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", with secrets
// unwrapped. A missing input is a null value.
func (res *Resource) Get(path string) resource.PropertyValue {
	p, err := resource.ParsePropertyPath(path)
	if err != nil {
		panic(fmt.Sprintf("mocktest: bad property path %q: %v", path, err))
	}
	v, ok := p.Get(resource.NewProperty(res.Inputs))
	if !ok {
		return resource.NewNullProperty()
	}
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// Has reports whether the input at path is set.
func (res *Resource) Has(path string) bool {
	return res.Get(path).HasValue()
}

// Str returns the string input at path, or "" if it is not a string.
func (res *Resource) Str(path string) string {
	if v := res.Get(path); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Bool returns the bool input at path, or false if it is not a bool.
func (res *Resource) Bool(path string) bool {
	if v := res.Get(path); v.IsBool() {
		return v.BoolValue()
	}
	return false
}

// Num returns the number input at path, or 0 if it is not a number.
func (res *Resource) Num(path string) float64 {
	if v := res.Get(path); v.IsNumber() {
		return v.NumberValue()
	}
	return 0
}

// Strs returns the string list input at path.
func (res *Resource) Strs(path string) []string {
	v := res.Get(path)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		for e.IsSecret() {
			e = e.SecretValue().Element
		}
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// JSON decodes the string input at path (a policy document, say).
func (res *Resource) JSON(path string) (map[string]any, error) {
	var out map[string]any
	s := res.Str(path)
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("%s of %s is not a JSON object: %w", path, res.URN, err)
	}
	return out, nil
}

// Out returns the string output named key.
func (res *Resource) Out(key string) string {
	v := res.Outputs[resource.PropertyKey(key)]
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}
