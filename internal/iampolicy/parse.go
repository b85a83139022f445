package iampolicy

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// Policy is a parsed IAM policy document, normalized: every "string or
// list" field is a list.
type Policy struct {
	Version   string
	Statement []Statement
}

// Statement is one statement of a Policy.
type Statement struct {
	Sid          string
	Effect       string
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	Principal    map[string][]string // "*" alone is {"*": ["*"]}
	NotPrincipal map[string][]string
	// Condition maps operator, then condition key, to values.
	Condition map[string]map[string][]string
}

// Parse decodes a policy document.
func Parse(doc string) (*Policy, error) {
	var raw struct {
		Version   string
		Statement []struct {
			Sid          string
			Effect       string
			Action       json.RawMessage
			NotAction    json.RawMessage
			Resource     json.RawMessage
			NotResource  json.RawMessage
			Principal    json.RawMessage
			NotPrincipal json.RawMessage
			Condition    map[string]map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return nil, fmt.Errorf("not a policy document: %w: %q", err, doc)
	}
	p := &Policy{Version: raw.Version}
	for _, s := range raw.Statement {
		st := Statement{Sid: s.Sid, Effect: s.Effect}
		var err error
		for _, f := range []struct {
			dst *[]string
			src json.RawMessage
		}{{&st.Action, s.Action}, {&st.NotAction, s.NotAction}, {&st.Resource, s.Resource}, {&st.NotResource, s.NotResource}} {
			if *f.dst, err = list(f.src); err != nil {
				return nil, err
			}
		}
		if st.Principal, err = principalMap(s.Principal); err != nil {
			return nil, err
		}
		if st.NotPrincipal, err = principalMap(s.NotPrincipal); err != nil {
			return nil, err
		}
		if len(s.Condition) > 0 {
			st.Condition = map[string]map[string][]string{}
			for op, keys := range s.Condition {
				st.Condition[op] = map[string][]string{}
				for k, v := range keys {
					if st.Condition[op][k], err = list(v); err != nil {
						return nil, err
					}
				}
			}
		}
		p.Statement = append(p.Statement, st)
	}
	return p, nil
}

// Find returns the statement with the given Sid, or nil.
func (p *Policy) Find(sid string) *Statement {
	for i := range p.Statement {
		if p.Statement[i].Sid == sid {
			return &p.Statement[i]
		}
	}
	return nil
}

// Sids lists the statement IDs, sorted.
func (p *Policy) Sids() []string {
	var out []string
	for _, s := range p.Statement {
		out = append(out, s.Sid)
	}
	sort.Strings(out)
	return out
}

// Allows reports whether an Allow statement lists action exactly.
func (p *Policy) Allows(action string) bool {
	for _, s := range p.Statement {
		if s.Effect == "Allow" && slices.Contains(s.Action, action) {
			return true
		}
	}
	return false
}

// Values returns a condition's values, or nil.
func (s *Statement) Values(op, key string) []string {
	return s.Condition[op][key]
}

func list(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("neither a string nor a list of strings: %s", raw)
	}
	return many, nil
}

func principalMap(raw json.RawMessage) (map[string][]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var star string
	if err := json.Unmarshal(raw, &star); err == nil {
		return map[string][]string{star: {star}}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("a principal is neither \"*\" nor an object: %s", raw)
	}
	out := map[string][]string{}
	for k, v := range m {
		ids, err := list(v)
		if err != nil {
			return nil, err
		}
		out[k] = ids
	}
	return out, nil
}
