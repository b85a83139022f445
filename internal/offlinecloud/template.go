package offlinecloud

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Template returns an attribute computed from a template. Placeholders:
//
//	{id}         the resource's ID
//	{name}       the resource's logical name (from its URN)
//	{region}     the provider's region
//	{account}    the account (an AWS account ID, a Tencent Cloud APPID)
//	{partition}  the AWS partition ("aws", "aws-cn", "aws-us-gov")
//	{dnssuffix}  the partition's DNS suffix ("amazonaws.com")
//	{service}    the type token's module ("s3" in "aws:s3/bucketV2:BucketV2")
//	{kind}       the type token's name, lower case ("bucketv2")
//	{hex8}       8 hex digits derived from the resource's URN and ID
//	{hex17}      17 hex digits, as in EC2 IDs ("vpc-0123456789abcdef0")
//	{uuid}       a UUID-shaped string, as in KMS key IDs
//	{$prop}      the input property prop, which must be a string
//
// A template that names an input the resource does not have fails, so that
// a gap in the stand-in shows up as an error, not as an empty value.
func Template(tmpl string) Attr {
	return func(r *Instance) (resource.PropertyValue, error) {
		s, err := r.expand(tmpl)
		if err != nil {
			return resource.PropertyValue{}, err
		}
		return resource.NewProperty(s), nil
	}
}

// mapped returns a template whose result passes through f.
func mapped(tmpl string, f func(string) string) Attr {
	t := Template(tmpl)
	return func(r *Instance) (resource.PropertyValue, error) {
		v, err := t(r)
		if err != nil {
			return v, err
		}
		return resource.NewProperty(f(v.StringValue())), nil
	}
}

// Strings returns an attribute that is a list of templates.
func Strings(tmpls ...string) Attr {
	return func(r *Instance) (resource.PropertyValue, error) {
		vals := make([]resource.PropertyValue, len(tmpls))
		for i, t := range tmpls {
			s, err := r.expand(t)
			if err != nil {
				return resource.PropertyValue{}, err
			}
			vals[i] = resource.NewProperty(s)
		}
		return resource.NewProperty(vals), nil
	}
}

// Value returns an attribute with a fixed value.
func Value(v any) Attr {
	return func(*Instance) (resource.PropertyValue, error) {
		return resource.NewPropertyValue(v), nil
	}
}

// Object returns an attribute that is an object of other attributes.
func Object(fields map[string]Attr) Attr {
	return func(r *Instance) (resource.PropertyValue, error) {
		m := resource.PropertyMap{}
		for k, a := range fields {
			v, err := a(r)
			if err != nil {
				return resource.PropertyValue{}, err
			}
			m[resource.PropertyKey(k)] = v
		}
		return resource.NewProperty(m), nil
	}
}

// List returns an attribute that is a list of other attributes.
func List(items ...Attr) Attr {
	return func(r *Instance) (resource.PropertyValue, error) {
		vals := make([]resource.PropertyValue, len(items))
		for i, a := range items {
			v, err := a(r)
			if err != nil {
				return resource.PropertyValue{}, err
			}
			vals[i] = v
		}
		return resource.NewProperty(vals), nil
	}
}

// expand fills in one template's placeholders.
func (r *Instance) expand(tmpl string) (string, error) {
	var b strings.Builder
	rest := tmpl
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("template %q has an unclosed placeholder", tmpl)
		}
		b.WriteString(rest[:open])
		v, err := r.placeholder(rest[open+1 : open+end])
		if err != nil {
			return "", fmt.Errorf("template %q: %w", tmpl, err)
		}
		b.WriteString(v)
		rest = rest[open+end+1:]
	}
}

func (r *Instance) placeholder(p string) (string, error) {
	digits := hex.EncodeToString(r.seed)
	switch p {
	case "id":
		return r.ID, nil
	case "name":
		return r.URN.Name(), nil
	case "region":
		return r.Env.Region, nil
	case "account":
		return r.Env.Account, nil
	case "partition":
		return r.Env.Partition, nil
	case "dnssuffix":
		return r.Env.DNSSuffix, nil
	case "service":
		return tokenModule(r.Type), nil
	case "kind":
		return strings.ToLower(tokenName(r.Type)), nil
	case "hex8":
		return digits[:8], nil
	case "hex17":
		return digits[:17], nil
	case "uuid":
		return digits[0:8] + "-" + digits[8:12] + "-4" + digits[13:16] + "-a" + digits[17:20] + "-" + digits[20:32], nil
	}
	if prop, ok := strings.CutPrefix(p, "$"); ok {
		v, ok := r.Inputs[resource.PropertyKey(prop)]
		for ok && v.IsSecret() {
			v = v.SecretValue().Element
		}
		if !ok || !v.IsString() {
			return "", fmt.Errorf("input %q of %s is not a string the stand-in can read (add it to the type's Kind)", prop, r.Type)
		}
		return v.StringValue(), nil
	}
	return "", fmt.Errorf("unknown placeholder {%s}", p)
}

// tokenModule returns the module of a type token: "s3" in
// "aws:s3/bucketV2:BucketV2", "Cos" in "tencentcloud:Cos/bucket:Bucket".
func tokenModule(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return ""
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return mod
}

// tokenName returns the last part of a type token: "BucketV2".
func tokenName(typ string) string {
	return typ[strings.LastIndexByte(typ, ':')+1:]
}
