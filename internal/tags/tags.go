// Package tags turns the Tags of a component's Args into the tags of the
// resources it creates, one way for every AWS component: the caller's
// tags, and a Name tag and further pairs where the component adds them
// (the component's own keys win over the caller's).
package tags

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Of returns the caller's tags as a resource input (an empty map for
// none).
func Of(t map[string]string) pulumi.StringMap {
	return pulumi.ToStringMap(t)
}

// Named returns the caller's tags with a Name tag and the key-value pairs
// kv ("modelfort:tier", "endpoint", ...).
func Named(t map[string]string, name string, kv ...string) pulumi.StringMap {
	out := Of(t)
	out["Name"] = pulumi.String(name)
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = pulumi.String(kv[i+1])
	}
	return out
}

// NamedMap is Named for the resources that take plain tags.
func NamedMap(t map[string]string, name string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range t {
		out[k] = v
	}
	out["Name"] = name
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}
