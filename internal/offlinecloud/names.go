package offlinecloud

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Unique is a name that the real cloud lets one object hold at a time
// within a scope: an S3 bucket name in its partition, an IAM role name in
// the account, a KMS alias in the account and region, a Route 53 record in
// its zone. Create claims it in the [Account] and fails with the cloud's
// wording when another object holds it; Delete releases it.
type Unique struct {
	// ID names the rule in docs/offline-cloud.md and in the refusal.
	ID string
	// Property is the input that holds the name.
	Property string
	// Scope says where the name must be unique, in words: "partition",
	// "account", "account and region", "hosted zone", "VPC".
	Scope string
	// Message is the cloud's refusal, with {name} for the name and
	// {region}, {account}, {partition} for where the create runs.
	Message string
	// Source is the cloud's documentation (or a public report) of the
	// refusal.
	Source string
	// key returns the name as the account holds it (with its scope) and
	// the name as the message shows it, or false when it is not known yet.
	key func(env Env, in resource.PropertyMap) (key, shown string, ok bool)
}

// nameIn returns a Unique's key function for a name in Property, unique
// within scope ("partition", "account" or "region").
func nameIn(scope, space, property string, fold func(string) string) func(Env, resource.PropertyMap) (string, string, bool) {
	return func(env Env, in resource.PropertyMap) (string, string, bool) {
		v, ok := known(in[resource.PropertyKey(property)])
		if !ok || !v.IsString() {
			return "", "", false
		}
		name := v.StringValue()
		k := name
		if fold != nil {
			k = fold(name)
		}
		switch scope {
		case "partition":
			return strings.Join([]string{env.Partition, space, k}, "/"), name, true
		case "account":
			return strings.Join([]string{env.Partition, env.Account, space, k}, "/"), name, true
		default:
			return strings.Join([]string{env.Partition, env.Account, env.Region, space, k}, "/"), name, true
		}
	}
}

// message fills in a Unique's or a Prerequisite's message: {name},
// {region}, {account}, {partition} and {$input} for a string input.
func message(tmpl string, env Env, name string, in resource.PropertyMap) string {
	pairs := []string{"{name}", name, "{region}", env.Region, "{account}", env.Account, "{partition}", env.Partition}
	for k, v := range in {
		if v, ok := known(v); ok && v.IsString() {
			pairs = append(pairs, "{$"+string(k)+"}", v.StringValue())
		}
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}

// names returns the names an object of a type claims, with the rule that
// makes each unique.
func (c *Cloud) names(env Env, typ string, in resource.PropertyMap) (keys []string, rules []Unique, shown []string) {
	for _, u := range c.Names[typ] {
		if k, s, ok := u.key(env, in); ok {
			keys, rules, shown = append(keys, u.ID+" "+k), append(rules, u), append(shown, s)
		}
	}
	return keys, rules, shown
}

// taken is the refusal of a create whose name another object holds.
func taken(u Unique, env Env, name string, in resource.PropertyMap, h Holder) error {
	by := h.URN
	if by == "" {
		by = h.Object
	}
	return fmt.Errorf("%s (offline cloud rule %s: %q is held by %s; see %s)", message(u.Message, env, name, in), u.ID, name, by, u.Source)
}
