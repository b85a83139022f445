package rules

import (
	"github.com/modelfort/modelfort/internal/iampolicy"
)

func requireTrue(r *Resource, path, msg string) []string {
	if v, known := r.Bool(path); known && !v {
		return []string{msg}
	}
	return nil
}

func requireNotTrue(r *Resource, path, msg string) []string {
	if v, known := r.Bool(path); known && v {
		return []string{msg}
	}
	return nil
}

func requireSet(r *Resource, path, msg string) []string {
	if v, known := r.Str(path); known && v == "" {
		return []string{msg}
	}
	return nil
}

// policyAt parses the policy document at path; false when it is unknown
// or not a document.
func policyAt(r *Resource, path string) (*iampolicy.Policy, bool) {
	doc, known := r.Str(path)
	if !known || doc == "" {
		return nil, false
	}
	p, err := iampolicy.Parse(doc)
	return p, err == nil
}
