package stacks

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

// Namespace is the stack configuration namespace of modelfort's own keys.
const Namespace = "modelfort"

// Profile is what an environment demands of a deployment, and its
// defaults for keys the stack configuration leaves out.
type Profile struct {
	// Protect marks every stateful resource protected, so that
	// "pulumi destroy" refuses to delete it.
	Protect bool
	// RequireCompliance demands COMPLIANCE object-lock retention.
	RequireCompliance bool
	// BackupGovernanceLock leaves the backup vault lock removable, so
	// that the environment can be torn down.
	BackupGovernanceLock bool
	// Defaults of modelfort:retentionMode and modelfort:retentionDays.
	RetentionMode string
	RetentionDays int
}

// Profiles are the environments a stack may declare.
var Profiles = map[string]Profile{
	"dev":     {BackupGovernanceLock: true, RetentionMode: wormbucket.Governance, RetentionDays: 1},
	"staging": {BackupGovernanceLock: true, RetentionMode: wormbucket.Governance, RetentionDays: 7},
	"prod":    {Protect: true, RequireCompliance: true, RetentionMode: wormbucket.Compliance, RetentionDays: 30},
}

// DefaultBackupRPOHours is modelfort:backupRpoHours when it is not set.
const DefaultBackupRPOHours = 24

// Config is a stack's typed configuration.
type Config struct {
	// Environment is modelfort:environment, a key of Profiles.
	Environment string
	// PrimaryRegion is aws:region, where the deployment serves.
	PrimaryRegion string
	// DRRegion is modelfort:drRegion, where it fails over to.
	DRRegion string
	// RetentionMode and RetentionDays (modelfort:retentionMode,
	// modelfort:retentionDays) are the object-lock retention of the model
	// artifacts.
	RetentionMode string
	RetentionDays int
	// BackupRPOHours (modelfort:backupRpoHours) is the backup plan's
	// recovery point objective.
	BackupRPOHours int
	// GuardDuty (modelfort:guardDuty) turns on a GuardDuty detector.
	GuardDuty bool
}

// Profile returns the profile of the configured environment.
func (c Config) Profile() Profile { return Profiles[c.Environment] }

var awsRegion = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

// LoadConfig reads and validates the stack configuration.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	get := func(key string) string { return config.Get(ctx, key) }
	return ParseConfig(get)
}

// ParseConfig builds a Config from configuration values (keys such as
// "modelfort:environment"; absent keys read as "") and validates it.
func ParseConfig(get func(key string) string) (Config, error) {
	c := Config{
		Environment:   get(Namespace + ":environment"),
		PrimaryRegion: get("aws:region"),
		DRRegion:      get(Namespace + ":drRegion"),
		RetentionMode: get(Namespace + ":retentionMode"),
	}
	if err := c.validateEnvironment(); err != nil {
		return c, err
	}
	p := c.Profile()
	if c.RetentionMode == "" {
		c.RetentionMode = p.RetentionMode
	}
	var err error
	if c.RetentionDays, err = intKey(get, "retentionDays", p.RetentionDays); err != nil {
		return c, err
	}
	if c.BackupRPOHours, err = intKey(get, "backupRpoHours", DefaultBackupRPOHours); err != nil {
		return c, err
	}
	if v := get(Namespace + ":guardDuty"); v != "" {
		if c.GuardDuty, err = strconv.ParseBool(v); err != nil {
			return c, fmt.Errorf("%s:guardDuty is %q; allowed values are true and false", Namespace, v)
		}
	}
	return c, c.Validate()
}

func intKey(get func(string) string, key string, def int) (int, error) {
	v := get(Namespace + ":" + key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s:%s is %q; it must be a whole number", Namespace, key, v)
	}
	return n, nil
}

func (c Config) validateEnvironment() error {
	if _, ok := Profiles[c.Environment]; ok {
		return nil
	}
	names := make([]string, 0, len(Profiles))
	for n := range Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return fmt.Errorf("%s:environment is %q; allowed values are %s", Namespace, c.Environment, strings.Join(names, ", "))
}

// Validate checks the configuration; its errors name the configuration
// key and the values it allows.
func (c Config) Validate() error {
	if err := c.validateEnvironment(); err != nil {
		return err
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
	if c.RetentionMode != wormbucket.Compliance && c.RetentionMode != wormbucket.Governance {
		return fmt.Errorf("%s:retentionMode is %q; allowed values are %s and %s", Namespace, c.RetentionMode, wormbucket.Compliance, wormbucket.Governance)
	}
	if c.Profile().RequireCompliance && c.RetentionMode != wormbucket.Compliance {
		return fmt.Errorf("%s:retentionMode is %s; the %s environment demands %s", Namespace, c.RetentionMode, c.Environment, wormbucket.Compliance)
	}
	if c.RetentionDays < 1 || c.RetentionDays > 36500 {
		return fmt.Errorf("%s:retentionDays is %d; allowed values are 1 to 36500", Namespace, c.RetentionDays)
	}
	if c.BackupRPOHours < 1 {
		return fmt.Errorf("%s:backupRpoHours is %d; AWS Backup runs at most hourly, so it must be at least 1", Namespace, c.BackupRPOHours)
	}
	return nil
}
