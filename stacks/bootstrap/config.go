package bootstrap

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/verify"
)

// Namespace is the configuration namespace of the bootstrap project's
// own keys (its Pulumi.yaml names the project so).
const Namespace = "modelfort-bootstrap"

// Key returns the configuration key of one of the bootstrap's settings.
func Key(name string) string { return Namespace + ":" + name }

// Defaults.
const (
	DefaultPrefix                = "modelfort"
	DefaultProject               = "modelfort"
	DefaultStateRetentionDays    = 30
	DefaultNoncurrentVersionDays = 90
	DefaultSessionHours          = 3
)

// DefaultEnvironments are the GitHub environments (and stacks) that deploy
// into the account when the configuration names none.
var DefaultEnvironments = []string{"dev", "staging", "prod"}

// Config is the bootstrap stack's configuration, checked.
type Config struct {
	// Repository is the GitHub repository, "OWNER/NAME", whose workflows
	// may assume the deploy roles.
	Repository string
	// Environments are the GitHub environments whose jobs deploy into
	// this account; each gets a deploy role that only a job of that
	// environment may assume. They are also the names of the stacks
	// (project Project) whose state those roles may write.
	Environments []string
	// PrimaryRegion holds the state bucket and the keys; DRRegion their
	// replicas.
	PrimaryRegion, DRRegion string
	// Prefix starts the names of what the bootstrap creates: the state
	// bucket (PREFIX-pulumi-state-ACCOUNT-REGION), the key aliases
	// (alias/PREFIX/pulumi-state, alias/PREFIX/pulumi-secrets) and the
	// managed policies (PREFIX-deploy-...).
	Prefix string
	// Project is the Pulumi project whose stacks the deploy roles run
	// (the name in the main Pulumi.yaml).
	Project string
	// StateRetention is the object-lock retention of every state object
	// version; NoncurrentVersionDays is when older versions expire (once
	// their retention allows).
	StateRetention        wormbucket.Retention
	NoncurrentVersionDays int
	// SessionHours is how long a deploy role's session may last: a prod
	// "pulumi up" that creates databases and endpoints takes more than
	// the one hour AWS grants by default.
	SessionHours int
	// OIDCProviderArn is the account's existing GitHub OIDC provider, if
	// one exists already (IAM allows one per issuer and account).
	OIDCProviderArn string
	// AlarmEmails are subscribed to the state replication's alarms.
	AlarmEmails []string
	// Protect marks every resource protected. Default: true.
	Protect bool
}

var (
	repoPattern   = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)
	envPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,30}$`)
	prefixPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,18}[a-z0-9]$`)
	// A Pulumi project name as the S3 backend's paths hold it.
	projectPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)
	oidcArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\.actions\.githubusercontent\.com$`)
)

// Values looks configuration keys up; a key that is not set reads as "".
type Values func(key string) string

// LoadConfig reads and checks the stack's configuration.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	return ParseConfig(func(key string) string { return config.Get(ctx, key) })
}

// ParseConfig checks a configuration; its errors name the key and the
// values it allows.
func ParseConfig(get Values) (Config, error) {
	c := Config{
		Repository:      get(Key("repository")),
		PrimaryRegion:   get("aws:region"),
		DRRegion:        get(Key("drRegion")),
		Prefix:          or(get(Key("prefix")), DefaultPrefix),
		Project:         or(get(Key("project")), DefaultProject),
		OIDCProviderArn: get(Key("oidcProviderArn")),
	}
	if !repoPattern.MatchString(c.Repository) {
		return c, fmt.Errorf("%s is %q; give the GitHub repository as OWNER/NAME, such as my-org/modelfort", Key("repository"), c.Repository)
	}
	var err error
	if c.Environments, err = list(get, "environments", DefaultEnvironments); err != nil {
		return c, err
	}
	for i, e := range c.Environments {
		if !envPattern.MatchString(e) {
			return c, fmt.Errorf("%s[%d] is %q; an environment is 1 to 31 lower-case letters, digits and '-', starting with a letter or digit", Key("environments"), i, e)
		}
		if slices.Contains(c.Environments[:i], e) {
			return c, fmt.Errorf("%s[%d] %q is listed twice", Key("environments"), i, e)
		}
	}
	if !verify.IsAWSRegion(c.PrimaryRegion) {
		return c, fmt.Errorf("aws:region is %q; give the primary region of the state, such as us-east-1", c.PrimaryRegion)
	}
	if !verify.IsAWSRegion(c.DRRegion) {
		return c, fmt.Errorf("%s is %q; give the disaster-recovery region of the state, such as us-west-2", Key("drRegion"), c.DRRegion)
	}
	if c.DRRegion == c.PrimaryRegion {
		return c, fmt.Errorf("%s is %s, the same as aws:region; the state's copy must be in another region", Key("drRegion"), c.DRRegion)
	}
	if !prefixPattern.MatchString(c.Prefix) {
		return c, fmt.Errorf("%s is %q; give 3 to 20 lower-case letters, digits and '-', starting with a letter and not ending with '-'", Key("prefix"), c.Prefix)
	}
	if !projectPattern.MatchString(c.Project) {
		return c, fmt.Errorf("%s is %q; give the Pulumi project name of the stacks (letters, digits, '_', '.', '-')", Key("project"), c.Project)
	}
	// The longest bucket name must still be a valid one.
	for _, r := range []string{c.PrimaryRegion, c.DRRegion} {
		if name := StateBucketName(c.Prefix, "123456789012", r); !verify.IsBucketName(name) {
			return c, fmt.Errorf("%s %q makes the state bucket name %q, which is not a valid S3 bucket name (at most 63 characters); give a shorter prefix", Key("prefix"), c.Prefix, name)
		}
	}
	mode := strings.ToUpper(or(get(Key("stateRetentionMode")), wormbucket.Compliance))
	if err := verify.OneOf(Key("stateRetentionMode"), mode, wormbucket.Compliance, wormbucket.Governance); err != nil {
		return c, err
	}
	days, err := integer(get, "stateRetentionDays", DefaultStateRetentionDays, 1, wormbucket.MaxRetentionDays)
	if err != nil {
		return c, err
	}
	c.StateRetention = wormbucket.Retention{Mode: mode, Days: days}
	if c.NoncurrentVersionDays, err = integer(get, "noncurrentVersionDays", DefaultNoncurrentVersionDays, 1, 3650); err != nil {
		return c, err
	}
	if c.SessionHours, err = integer(get, "sessionHours", DefaultSessionHours, 1, 12); err != nil {
		return c, err
	}
	if c.OIDCProviderArn != "" && !oidcArnPattern.MatchString(c.OIDCProviderArn) {
		return c, fmt.Errorf("%s is %q; give the account's GitHub OIDC provider, arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com, or leave it unset to create one", Key("oidcProviderArn"), c.OIDCProviderArn)
	}
	if c.AlarmEmails, err = list(get, "alarmEmails", nil); err != nil {
		return c, err
	}
	protect := or(get(Key("protect")), "true")
	if c.Protect, err = strconv.ParseBool(protect); err != nil {
		return c, fmt.Errorf("%s is %q; give true or false", Key("protect"), protect)
	}
	return c, nil
}

// Subject is the OIDC token subject of a GitHub Actions job of repository
// that runs in environment: GitHub's "sub" claim for a job with
// "environment:" set.
func Subject(repository, environment string) string {
	return "repo:" + repository + ":environment:" + environment
}

// StateBucketName is the name of the state bucket (or its replica) of
// an account in a region.
func StateBucketName(prefix, account, region string) string {
	return prefix + "-pulumi-state-" + account + "-" + region
}

// list reads a list value: a JSON array of strings, as "pulumi config set
// --path" writes it, or a comma-separated string.
func list(get Values, name string, def []string) ([]string, error) {
	v := strings.TrimSpace(get(Key(name)))
	if v == "" {
		return slices.Clone(def), nil
	}
	var out []string
	if strings.HasPrefix(v, "[") {
		if err := json.Unmarshal([]byte(v), &out); err != nil {
			return nil, fmt.Errorf("%s is %s; give a list of strings: %v", Key(name), v, err)
		}
	} else {
		for _, s := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(s))
		}
	}
	for i, s := range out {
		if s == "" {
			return nil, fmt.Errorf("%s[%d] is empty", Key(name), i)
		}
	}
	return out, nil
}

// integer reads a whole number between min and max, or def.
func integer(get Values, name string, def, min, max int) (int, error) {
	s := get(Key(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, fmt.Errorf("%s is %q; give a whole number from %d to %d (default %d)", Key(name), s, min, max, def)
	}
	return n, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
