package offlinecloud

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Prerequisite is something the real cloud checks in the account when a
// resource is created or updated: an API Gateway stage that logs needs the
// region's CloudWatch Logs role, a CloudTrail trail needs a bucket policy
// that lets CloudTrail write, Shield needs a subscription. The check runs
// against the [Account] at the moment of the call, so a resource created
// before what it needs fails offline as it would for real.
type Prerequisite struct {
	// ID names the rule in docs/offline-cloud.md and in the refusal.
	ID string
	// Requires says in a few words what must hold.
	Requires string
	// Message is the cloud's refusal, as docs/offline-cloud.md shows it.
	Message string
	// Source is the cloud's documentation of the requirement.
	Source string
	// check returns the cloud's refusal, or "" when the prerequisite holds.
	check func(a *Account, env Env, in resource.PropertyMap) (string, error)
}

// unmet returns the refusal of the first prerequisite of a type that the
// account does not meet.
func (c *Cloud) unmet(a *Account, env Env, typ string, in resource.PropertyMap) error {
	for _, p := range c.Prerequisites[typ] {
		msg, err := p.check(a, env, in)
		if err != nil {
			return fmt.Errorf("offline cloud rule %s: %w", p.ID, err)
		}
		if msg != "" {
			return fmt.Errorf("%s (offline cloud rule %s; see %s)", msg, p.ID, p.Source)
		}
	}
	return nil
}

// CreateIn creates a resource in an account: it checks the prerequisites,
// claims the resource's unique names and stores the object, or fails with
// the cloud's refusal and leaves the account as it was. During a preview
// nothing is checked or stored (the real providers do not call the cloud
// to preview a create either).
func (c *Cloud) CreateIn(a *Account, env Env, typ string, urn resource.URN, inputs resource.PropertyMap, preview bool) (string, resource.PropertyMap, error) {
	id, out, err := c.Create(env, typ, urn, inputs, preview)
	if err != nil || preview {
		return id, out, err
	}
	if err := c.unmet(a, env, typ, inputs); err != nil {
		return "", nil, err
	}
	o := Record{Type: typ, Region: env.Region, ID: id, URN: string(urn), Outputs: out}
	keys, rules, shown := c.names(env, typ, inputs)
	if name, h, err := a.take(o, keys); err != nil || name != "" {
		if err != nil {
			return "", nil, err
		}
		i := slices.Index(keys, name)
		return "", nil, taken(rules[i], env, shown[i], inputs, h)
	}
	o.Names = keys
	if err := a.store.Put(o); err != nil {
		return "", nil, err
	}
	return id, out, nil
}

// UpdateIn changes a resource in place in an account: the prerequisites
// must hold, a name it now holds is claimed and one it no longer holds is
// released.
func (c *Cloud) UpdateIn(a *Account, env Env, typ string, urn resource.URN, id string, news resource.PropertyMap, preview bool) (resource.PropertyMap, error) {
	out, err := c.Update(env, typ, urn, id, news, preview)
	if err != nil || preview {
		return out, err
	}
	if err := c.unmet(a, env, typ, news); err != nil {
		return nil, err
	}
	o := Record{Type: typ, Region: env.Region, ID: id, URN: string(urn), Outputs: out}
	old, _, err := a.store.Get(typ, env.Region, id)
	if err != nil {
		return nil, err
	}
	keys, rules, shown := c.names(env, typ, news)
	var fresh []string
	for _, k := range keys {
		if !slices.Contains(old.Names, k) {
			fresh = append(fresh, k)
		}
	}
	if name, h, err := a.take(o, fresh); err != nil || name != "" {
		if err != nil {
			return nil, err
		}
		i := slices.Index(keys, name)
		return nil, taken(rules[i], env, shown[i], news, h)
	}
	me := Holder{Object: o.Key(), URN: o.URN}
	for _, k := range old.Names {
		if !slices.Contains(keys, k) {
			if err := a.store.Release(k, me); err != nil {
				return nil, err
			}
		}
	}
	o.Names = keys
	return out, a.store.Put(o)
}

// DeleteIn removes a resource's object from the account and frees its
// names. Deleting what the account does not hold succeeds, as the real
// providers treat "not found" on delete.
func (c *Cloud) DeleteIn(a *Account, env Env, typ string, urn resource.URN, id string) error {
	return a.remove(typ, env.Region, id, urn)
}

// ReadIn returns a resource as the account holds it: its inputs (the
// program's inputs, with every value the account holds in an output of the
// same name, so that an out-of-band change shows up as drift) and outputs.
// ok is false when the account does not hold it (deleted out of band, or
// never created here).
func (c *Cloud) ReadIn(a *Account, env Env, typ, id string, inputs resource.PropertyMap) (resource.PropertyMap, resource.PropertyMap, bool, error) {
	o, ok, err := a.store.Get(typ, env.Region, id)
	if err != nil || !ok {
		return nil, nil, false, err
	}
	in := inputs.Copy()
	for k := range in {
		if v, ok := o.Outputs[k]; ok {
			in[k] = v
		}
	}
	return in, o.Outputs.Copy(), true, nil
}

// importedInputs are the inputs of an imported object: its outputs less
// "id", "arn" and the attributes the cloud computes for its type.
func (c *Cloud) importedInputs(typ string, out resource.PropertyMap) resource.PropertyMap {
	in := out.Copy()
	k := c.Kind(typ)
	delete(in, "id")
	if !k.NoARN {
		delete(in, "arn")
	}
	for name := range c.Common {
		delete(in, resource.PropertyKey(name))
	}
	for name := range k.Computed {
		delete(in, resource.PropertyKey(name))
	}
	return in
}
