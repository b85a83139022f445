package replicatedbucket

import (
	"slices"

	"github.com/modelfort/modelfort/internal/campolicy"
)

// Condition keys of the bucket policy.
const (
	SecureTransportKey = "cos:secure-transport"
	TLSVersionKey      = "cos:tls-version"
	VersionIDKey       = "cos:versionid"
	// MinTLSVersion is the oldest TLS version the bucket policy accepts
	// where COS honours TLSVersionKey.
	MinTLSVersion = "1.2"
)

// TLSVersionRegions are the regions where COS honours the cos:tls-version
// condition key: "The tls-version condition key is supported only in the
// Beijing region. It will be supported in other regions later."
// (https://www.tencentcloud.com/document/product/436/46205). Elsewhere the
// policy has no TLS statement, which would protect nothing; extend the
// list when COS does.
var TLSVersionRegions = []string{"ap-beijing"}

// BucketPolicy is the policy of a bucket of region whose objects are
// resource ("qcs::cos:REGION:uid/APPID:BUCKET/*"): deny every request
// without HTTPS; in TLSVersionRegions, every request with TLS below 1.2;
// with protectVersions, every request that would permanently delete an
// object version.
func BucketPolicy(region, resource string, protectVersions bool) campolicy.Policy {
	anyone := map[string][]string{"qcs": {campolicy.Anyone}}
	deny := func(actions []string, cond map[string]map[string][]string) campolicy.Statement {
		return campolicy.Statement{Effect: "deny", Principal: anyone, Action: actions, Resource: []string{resource}, Condition: cond}
	}
	all := []string{"name/cos:*"}
	stmts := []campolicy.Statement{deny(all, campolicy.Cond("bool_equal", SecureTransportKey, "false"))}
	if slices.Contains(TLSVersionRegions, region) {
		stmts = append(stmts, deny(all, campolicy.Cond("numeric_less_than", TLSVersionKey, MinTLSVersion)))
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
