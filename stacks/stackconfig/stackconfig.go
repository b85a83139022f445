// Package stackconfig reads typed values from a stack's configuration,
// with errors that name the configuration key and the values it allows.
// The AWS and the Tencent Cloud stacks share it.
package stackconfig

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Values looks configuration keys up ("modelfort:environment"); a key
// that is not set reads as "".
type Values func(key string) string

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
	if slices.Contains(allowed, value) {
		return nil
	}
	sorted := slices.Clone(allowed)
	sort.Strings(sorted)
	return fmt.Errorf("%s is %q; allowed values are %s", key, value, strings.Join(sorted, ", "))
}

// Keys returns a map's keys, for OneOf.
func Keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
