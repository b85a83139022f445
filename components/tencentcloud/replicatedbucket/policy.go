package replicatedbucket

import "github.com/modelfort/modelfort/internal/campolicy"

// Condition keys of the bucket policy.
const (
	SecureTransportKey = "cos:secure-transport"
	TLSVersionKey      = "cos:tls-version"
	VersionIDKey       = "cos:versionid"
	// MinTLSVersion is the oldest TLS version the bucket policy accepts.
	MinTLSVersion = "1.2"
)

// BucketPolicy is the policy of a bucket whose objects are resource
// ("qcs::cos:REGION:uid/APPID:BUCKET/*"): deny every request without HTTPS
// or with TLS below 1.2 and, with protectVersions, every request that
// would permanently delete an object version.
func BucketPolicy(resource string, protectVersions bool) campolicy.Policy {
	anyone := map[string][]string{"qcs": {campolicy.Anyone}}
	deny := func(actions []string, cond map[string]map[string][]string) campolicy.Statement {
		return campolicy.Statement{Effect: "deny", Principal: anyone, Action: actions, Resource: []string{resource}, Condition: cond}
	}
	all := []string{"name/cos:*"}
	stmts := []campolicy.Statement{
		deny(all, campolicy.Cond("bool_equal", SecureTransportKey, "false")),
		deny(all, campolicy.Cond("numeric_less_than", TLSVersionKey, MinTLSVersion)),
	}
	if protectVersions {
		stmts = append(stmts,
			deny([]string{"name/cos:DeleteObject"}, campolicy.Cond("string_like", VersionIDKey, "*")),
			// A batch delete names its versions in the request body, which
			// no condition key sees: deny it outright.
			deny([]string{"name/cos:DeleteMultipleObjects"}, nil),
		)
	}
	return campolicy.New(stmts...)
}
