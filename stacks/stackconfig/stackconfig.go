// Package stackconfig reads typed values from a stack's configuration,
// with errors that name the configuration key and the values it allows.
// The AWS and the Tencent Cloud stacks share it: the namespace of
// modelfort's own keys, the one reader of whole numbers and booleans, and
// the checks of the environment and of the two regions every stack has.
package stackconfig

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/internal/verify"
)

// Namespace is the stack configuration namespace of modelfort's own keys.
const Namespace = "modelfort"

// Key returns the configuration key of one of modelfort's own settings:
// "modelfort:NAME".
func Key(name string) string { return Namespace + ":" + name }

// EnvironmentKey is the key that names a stack's environment (its
// profile).
const EnvironmentKey = Namespace + ":environment"

// Values looks configuration keys up ("modelfort:environment"); a key
// that is not set reads as "".
type Values func(key string) string

// FromContext returns the configuration of the stack that ctx runs.
func FromContext(ctx *pulumi.Context) Values {
	return func(key string) string { return config.Get(ctx, key) }
}

// String reads a value, or def when the key is not set.
func (v Values) String(key, def string) string {
	if s := v(key); s != "" {
		return s
	}
	return def
}

// Int reads a whole number, or def when the key is not set.
func (v Values) Int(key string, def int) (int, error) {
	s := v(key)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s is %q; it must be a whole number", key, s)
	}
	return n, nil
}

// Bool reads true or false, or def when the key is not set.
func (v Values) Bool(key string, def bool) (bool, error) {
	s := v(key)
	if s == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%s is %q; allowed values are true and false", key, s)
	}
	return b, nil
}

// OneOf checks that value is one of allowed, naming key and the allowed
// values (sorted) otherwise.
func OneOf(key, value string, allowed []string) error {
	sorted := slices.Clone(allowed)
	sort.Strings(sorted)
	return verify.OneOf(key, value, sorted...)
}

// Keys returns a map's keys, for OneOf.
func Keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Environment checks that env (modelfort:environment) names one of
// profiles.
func Environment[P any](env string, profiles map[string]P) error {
	return OneOf(EnvironmentKey, env, Keys(profiles))
}

// Region checks the region a key names: valid matches the cloud's region
// names, kind says which ("an AWS region") and example is one.
func Region(key, value string, valid *regexp.Regexp, kind, example string) error {
	if valid.MatchString(value) {
		return nil
	}
	return fmt.Errorf("%s is %q; it must be %s such as %s", key, value, kind, example)
}

// OtherRegion checks that the region of key (value) is not the primary
// region, the one of primaryKey; role names it in the message
// ("disaster-recovery", "replica").
func OtherRegion(key, value, primaryKey, primary, role string) error {
	if value != primary {
		return nil
	}
	return fmt.Errorf("%s is %q, the same as %s; the %s region must be another region", key, value, primaryKey, role)
}
