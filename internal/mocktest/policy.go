package mocktest

import "github.com/modelfort/modelfort/internal/iampolicy"

// Policy is a parsed IAM policy document (see iampolicy.Policy).
type Policy = iampolicy.Policy

// Statement is one statement of a Policy.
type Statement = iampolicy.Statement

// Policy decodes the policy document held as a JSON string at path.
func (res *Resource) Policy(path string) (*Policy, error) {
	return iampolicy.Parse(res.Str(path))
}

// ParsePolicy decodes a policy document.
func ParsePolicy(doc string) (*Policy, error) {
	return iampolicy.Parse(doc)
}
