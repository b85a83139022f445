package stacks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// Namespace is the stack configuration namespace of modelfort's own keys.
const Namespace = "modelfort"

// Profile is what an environment demands of a deployment.
type Profile struct {
	// Protect marks every stateful resource protected, so that
	// "pulumi destroy" refuses to delete it.
	Protect bool
}

// Profiles are the environments a stack may declare.
var Profiles = map[string]Profile{
	"dev":     {},
	"staging": {},
	"prod":    {Protect: true},
}

// Config is a stack's typed configuration.
type Config struct {
	// Environment is modelfort:environment, a key of Profiles.
	Environment string
	// PrimaryRegion is aws:region, where the deployment serves.
	PrimaryRegion string
	// DRRegion is modelfort:drRegion, where it fails over to.
	DRRegion string
}

// Profile returns the profile of the configured environment.
func (c Config) Profile() Profile { return Profiles[c.Environment] }

var awsRegion = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

// LoadConfig reads and validates the stack configuration.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	c := Config{
		Environment:   config.Get(ctx, Namespace+":environment"),
		PrimaryRegion: config.Get(ctx, "aws:region"),
		DRRegion:      config.Get(ctx, Namespace+":drRegion"),
	}
	return c, c.Validate()
}

// Validate checks the configuration; its errors name the configuration
// key and the values it allows.
func (c Config) Validate() error {
	if _, ok := Profiles[c.Environment]; !ok {
		names := make([]string, 0, len(Profiles))
		for n := range Profiles {
			names = append(names, n)
		}
		sort.Strings(names)
		return fmt.Errorf("%s:environment is %q; allowed values are %s", Namespace, c.Environment, strings.Join(names, ", "))
	}
	if !awsRegion.MatchString(c.PrimaryRegion) {
		return fmt.Errorf("aws:region is %q; it must be an AWS region such as us-east-1", c.PrimaryRegion)
	}
	if !awsRegion.MatchString(c.DRRegion) {
		return fmt.Errorf("%s:drRegion is %q; it must be an AWS region such as us-west-2", Namespace, c.DRRegion)
	}
	if c.DRRegion == c.PrimaryRegion {
		return fmt.Errorf("%s:drRegion is %q, the same as aws:region; the disaster-recovery region must be another region", Namespace, c.DRRegion)
	}
	return nil
}
