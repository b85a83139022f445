// Package component holds the prelude that every modelfort component
// constructor runs, so that each runs it the same way:
//
//  1. take a copy of the caller's Args (the zero value when nil), never
//     changing the caller's;
//  2. validate it and fill in its defaults (Args.Validate), before
//     anything is registered, so that bad input leaves nothing
//     half-created;
//  3. register the component resource with the caller's options, which
//     reach its children through pulumi.Parent.
//
// Errors carry the prefix "PACKAGE NAME: ", so that a message names the
// component, the instance and the field:
//
//	kmskey data: DeletionWindowDays is 3; allowed values are 7 to 30 (0 means 30)
package component

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Validator is what a component's *Args is: Validate checks the arguments
// and fills in their defaults; its errors name the field and the allowed
// values.
type Validator[A any] interface {
	*A
	Validate(name string) error
}

// Prepare returns a validated copy of args, with defaults filled in (the
// zero value when args is nil). Errors are prefixed with pkg and name.
func Prepare[A any, P Validator[A]](pkg, name string, args *A) (A, error) {
	var a A
	if args != nil {
		a = *args
	}
	if err := P(&a).Validate(name); err != nil {
		return a, Errorf(pkg, name, err)
	}
	return a, nil
}

// Errorf prefixes err with the component's package and instance name,
// unless it carries them already.
func Errorf(pkg, name string, err error) error {
	if err == nil {
		return nil
	}
	var prefixed *prefixedError
	if asPrefixed(err, &prefixed) && prefixed.pkg == pkg && prefixed.name == name {
		return err
	}
	return &prefixedError{pkg: pkg, name: name, err: err}
}

// Register registers c as a component resource of type typ and returns
// the option that makes a resource its child.
func Register(ctx *pulumi.Context, typ, name string, c pulumi.ComponentResource, opts ...pulumi.ResourceOption) (pulumi.ResourceOrInvokeOption, error) {
	if err := ctx.RegisterComponentResource(typ, name, c, opts...); err != nil {
		return nil, err
	}
	return pulumi.Parent(c), nil
}

type prefixedError struct {
	pkg, name string
	err       error
}

func (e *prefixedError) Error() string { return fmt.Sprintf("%s %s: %v", e.pkg, e.name, e.err) }
func (e *prefixedError) Unwrap() error { return e.err }

func asPrefixed(err error, target **prefixedError) bool {
	p, ok := err.(*prefixedError)
	if ok {
		*target = p
	}
	return ok
}
