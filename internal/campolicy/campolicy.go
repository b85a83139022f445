// Package campolicy writes and reads Tencent Cloud access policies: CAM
// policies, CAM role trust documents and COS bucket policies, which share
// one language (version "2.0", lower-case elements).
//
// Documents are written with every value as an array, which CAM accepts
// everywhere and which the tencentcloud provider asks for ("elements that
// may be a string or an array only support the array form"). Parse reads
// either form, so that tests and policy rules can inspect documents written
// by hand too.
package campolicy

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Version is the policy language version.
const Version = "2.0"

// Anyone is the principal that matches every requester, anonymous or
// not, as COS bucket policies write it.
const Anyone = "qcs::cam::anyone:anyone"

// Policy is a policy document.
type Policy struct {
	// Version is the language version, "2.0".
	Version string `json:"version"`
	// Statement are the policy's statements.
	Statement []Statement `json:"statement"`
}

// Statement is one statement of a policy.
type Statement struct {
	// Effect is "allow" or "deny".
	Effect string `json:"effect"`
	// Principal maps a principal type ("qcs", "service") to its names.
	Principal map[string][]string `json:"principal,omitempty"`
	// Action are the actions, "name/cos:GetObject".
	Action []string `json:"action"`
	// Resource are the resources' names, "qcs::cos:...".
	Resource []string `json:"resource,omitempty"`
	// Condition maps an operator ("bool_equal") to keys and their values.
	Condition map[string]map[string][]string `json:"condition,omitempty"`
}

// New returns a policy of the statements.
func New(stmts ...Statement) Policy {
	return Policy{Version: Version, Statement: stmts}
}

// JSON renders the policy; map keys are sorted, so the text is stable.
func (p Policy) JSON() string {
	b, err := json.Marshal(p)
	if err != nil {
		panic(fmt.Sprintf("campolicy: %v", err)) // only strings: cannot fail
	}
	return string(b)
}

// Cond is a one-key condition.
func Cond(operator, key string, values ...string) map[string]map[string][]string {
	return map[string]map[string][]string{operator: {key: values}}
}

// AssumedByService is a role trust document that lets a Tencent Cloud
// service ("cos.qcloud.com") assume the role.
func AssumedByService(service string) Policy {
	return New(Statement{
		Effect:    "allow",
		Principal: map[string][]string{"service": {service}},
		Action:    []string{"name/sts:AssumeRole"},
	})
}

// Parse reads a policy document. Elements may be strings or arrays;
// element names are matched in lower case.
func Parse(doc string) (*Policy, error) {
	var raw map[string]any
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return nil, fmt.Errorf("not a policy document: %w", err)
	}
	raw = lowerKeys(raw)
	p := &Policy{Version: fmt.Sprint(raw["version"])}
	stmts, _ := raw["statement"].([]any)
	if s, ok := raw["statement"].(map[string]any); ok {
		stmts = []any{s}
	}
	for _, s := range stmts {
		m, ok := s.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("a statement is not an object: %v", s)
		}
		m = lowerKeys(m)
		st := Statement{Effect: strings.ToLower(fmt.Sprint(m["effect"])), Action: strs(m["action"]), Resource: strs(m["resource"])}
		if pr, ok := m["principal"].(map[string]any); ok {
			st.Principal = map[string][]string{}
			for k, v := range pr {
				st.Principal[strings.ToLower(k)] = strs(v)
			}
		}
		if c, ok := m["condition"].(map[string]any); ok {
			st.Condition = map[string]map[string][]string{}
			for op, keys := range c {
				km, _ := keys.(map[string]any)
				st.Condition[strings.ToLower(op)] = map[string][]string{}
				for k, v := range km {
					st.Condition[strings.ToLower(op)][k] = strs(v)
				}
			}
		}
		p.Statement = append(p.Statement, st)
	}
	return p, nil
}

// Values returns the values a statement's condition gives a key under an
// operator.
func (s Statement) Values(operator, key string) []string {
	return s.Condition[operator][key]
}

// Actions returns every action the policy's statements of an effect name,
// sorted and without repeats.
func (p *Policy) Actions(effect string) []string {
	return p.collect(effect, func(s Statement) []string { return s.Action })
}

func lowerKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

func strs(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	default:
		return []string{fmt.Sprint(x)}
	}
}

// Resources returns every resource the policy's statements of an effect
// name, sorted and without repeats.
func (p *Policy) Resources(effect string) []string {
	return p.collect(effect, func(s Statement) []string { return s.Resource })
}

// collect returns what field gives of the statements of an effect, sorted
// and without repeats.
func (p *Policy) collect(effect string, field func(Statement) []string) []string {
	seen := map[string]bool{}
	for _, s := range p.Statement {
		if s.Effect == effect {
			for _, v := range field(s) {
				seen[v] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
