package guardedinvoke

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The environment variables the function reads at start. The stack that
// deploys the function sets them; ConfigFromEnv turns them into a Config.
const (
	// EnvEndpointName names the SageMaker endpoint to invoke (required).
	EnvEndpointName = "MODELFORT_ENDPOINT_NAME"
	// EnvGuardrailID is the Bedrock guardrail's ID or ARN (required).
	EnvGuardrailID = "MODELFORT_GUARDRAIL_ID"
	// EnvGuardrailVersion is the published guardrail version to apply
	// (required; DRAFT is refused).
	EnvGuardrailVersion = "MODELFORT_GUARDRAIL_VERSION"
	// EnvInvokeTimeoutMS is the deadline of one InvokeEndpoint call, in
	// milliseconds (required, positive).
	EnvInvokeTimeoutMS = "MODELFORT_INVOKE_TIMEOUT_MS"
	// EnvMaxBodyBytes is the largest request body accepted, in bytes
	// (required, positive).
	EnvMaxBodyBytes = "MODELFORT_MAX_BODY_BYTES"
	// EnvMaxNewTokens is the most tokens a request may ask the model to
	// generate (required, positive).
	EnvMaxNewTokens = "MODELFORT_MAX_NEW_TOKENS"
	// EnvHealthCacheSeconds is how long a warm instance reuses a health
	// result, in seconds (optional, default DefaultHealthCacheSeconds; 0
	// probes on every health request).
	EnvHealthCacheSeconds = "MODELFORT_HEALTH_CACHE_SECONDS"
	// EnvRegion is the region Lambda runs the function in. Lambda sets it;
	// health answers report it.
	EnvRegion = "AWS_REGION"
)

// DefaultHealthCacheSeconds is how long a health result is reused when
// MODELFORT_HEALTH_CACHE_SECONDS is not set.
const DefaultHealthCacheSeconds = 5

// Bounds beyond which a setting is surely a mistake (and beyond which the
// conversions to time.Duration could overflow).
const (
	maxInvokeTimeout  = 15 * time.Minute // the longest a Lambda function runs
	maxHealthCacheTTL = time.Hour
)

// Config is what a Handler needs to know. Every field but HealthCacheTTL
// and Region is required; Validate says which one is missing or wrong.
type Config struct {
	// EndpointName is the SageMaker endpoint that serves the model.
	EndpointName string
	// GuardrailID is the Bedrock guardrail's identifier: its ID or ARN.
	GuardrailID string
	// GuardrailVersion is the published guardrail version applied to every
	// prompt and answer, a number such as "1". DRAFT is refused, because a
	// draft can change under a running stack.
	GuardrailVersion string
	// InvokeTimeout is the deadline of one InvokeEndpoint call.
	InvokeTimeout time.Duration
	// MaxBodyBytes is the largest request body accepted, after base64
	// decoding.
	MaxBodyBytes int
	// MaxNewTokens is the most tokens a request may ask to generate. A
	// request that does not say is given this many.
	MaxNewTokens int
	// HealthCacheTTL is how long a warm instance reuses a health result.
	// Zero probes on every health request.
	HealthCacheTTL time.Duration
	// Region is the AWS region the function runs in, reported by health
	// answers.
	Region string
}

var (
	// SageMaker's pattern for an endpoint name.
	endpointNameRE = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`)
	// Bedrock's pattern for a guardrail identifier: an ID or an ARN.
	guardrailIDRE = regexp.MustCompile(`^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))$`)
	// A published guardrail version: Bedrock's pattern less DRAFT.
	guardrailVersionRE = regexp.MustCompile(`^[1-9][0-9]{0,7}$`)
)

// Validate reports every field that is missing or out of range, each as a
// sentence naming the environment variable that sets it.
func (c Config) Validate() error {
	var errs []error
	switch {
	case c.EndpointName == "":
		errs = append(errs, fmt.Errorf("%s is not set; it must name the SageMaker endpoint to invoke", EnvEndpointName))
	case !endpointNameRE.MatchString(c.EndpointName):
		errs = append(errs, fmt.Errorf("%s is %q, which is not a SageMaker endpoint name", EnvEndpointName, c.EndpointName))
	}
	switch {
	case c.GuardrailID == "":
		errs = append(errs, fmt.Errorf("%s is not set; it must be the ID or ARN of the Bedrock guardrail to apply", EnvGuardrailID))
	case !guardrailIDRE.MatchString(c.GuardrailID):
		errs = append(errs, fmt.Errorf("%s is %q, which is neither a guardrail ID nor a guardrail ARN", EnvGuardrailID, c.GuardrailID))
	}
	switch {
	case c.GuardrailVersion == "":
		errs = append(errs, fmt.Errorf("%s is not set; it must be a published guardrail version such as 1", EnvGuardrailVersion))
	case strings.EqualFold(c.GuardrailVersion, "DRAFT"):
		errs = append(errs, fmt.Errorf("%s is DRAFT, which can change under a running stack; pin a published version such as 1", EnvGuardrailVersion))
	case !guardrailVersionRE.MatchString(c.GuardrailVersion):
		errs = append(errs, fmt.Errorf("%s is %q, which is not a published guardrail version number", EnvGuardrailVersion, c.GuardrailVersion))
	}
	switch {
	case c.InvokeTimeout <= 0:
		errs = append(errs, fmt.Errorf("%s must be a positive number of milliseconds, not %d", EnvInvokeTimeoutMS, c.InvokeTimeout.Milliseconds()))
	case c.InvokeTimeout > maxInvokeTimeout:
		errs = append(errs, fmt.Errorf("%s is %d, longer than a Lambda function may run (%d)", EnvInvokeTimeoutMS, c.InvokeTimeout.Milliseconds(), maxInvokeTimeout.Milliseconds()))
	}
	if c.MaxBodyBytes <= 0 {
		errs = append(errs, fmt.Errorf("%s must be a positive number of bytes, not %d", EnvMaxBodyBytes, c.MaxBodyBytes))
	}
	if c.MaxNewTokens <= 0 {
		errs = append(errs, fmt.Errorf("%s must be a positive number of tokens, not %d", EnvMaxNewTokens, c.MaxNewTokens))
	}
	switch {
	case c.HealthCacheTTL < 0:
		errs = append(errs, fmt.Errorf("%s must not be negative, but it is %d", EnvHealthCacheSeconds, int64(c.HealthCacheTTL/time.Second)))
	case c.HealthCacheTTL > maxHealthCacheTTL:
		errs = append(errs, fmt.Errorf("%s is %d, but a health result may be reused for at most %d seconds", EnvHealthCacheSeconds, int64(c.HealthCacheTTL/time.Second), int64(maxHealthCacheTTL/time.Second)))
	}
	return errors.Join(errs...)
}

// ConfigFromEnv reads the MODELFORT_* variables and AWS_REGION through
// lookup (os.LookupEnv in the function) and validates the result. The
// error names every variable that is missing or malformed.
func ConfigFromEnv(lookup func(string) (string, bool)) (Config, error) {
	var errs []error
	get := func(name string) string {
		v, _ := lookup(name)
		return strings.TrimSpace(v)
	}
	// number parses a required (or, with def >= 0, optional) whole number
	// no larger than most. A missing, malformed or too large value is
	// reported here; ok says whether the value parsed.
	number := func(name, unit string, def, most int64) (int64, bool) {
		s := get(name)
		if s == "" {
			if def >= 0 {
				return def, true
			}
			errs = append(errs, fmt.Errorf("%s is not set; it must be a whole number of %s", name, unit))
			return 0, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s is %q, which is not a whole number of %s", name, s, unit))
			return 0, false
		}
		// Values that could overflow a Duration are reported here;
		// Validate reports the rest (zero, say).
		switch {
		case n < 0:
			errs = append(errs, fmt.Errorf("%s is %d, but it must not be negative", name, n))
			return 0, false
		case n > most:
			errs = append(errs, fmt.Errorf("%s is %d, more than the %d %s it may be", name, n, most, unit))
			return 0, false
		}
		return n, true
	}

	cfg := Config{
		EndpointName:     get(EnvEndpointName),
		GuardrailID:      get(EnvGuardrailID),
		GuardrailVersion: get(EnvGuardrailVersion),
		Region:           get(EnvRegion),
	}
	// Fields that did not parse are given a valid stand-in so that Validate
	// reports only what the parse did not already report.
	if ms, ok := number(EnvInvokeTimeoutMS, "milliseconds", -1, maxInvokeTimeout.Milliseconds()); ok {
		cfg.InvokeTimeout = time.Duration(ms) * time.Millisecond
	} else {
		cfg.InvokeTimeout = time.Millisecond
	}
	if n, ok := number(EnvMaxBodyBytes, "bytes", -1, math.MaxInt32); ok {
		cfg.MaxBodyBytes = int(n)
	} else {
		cfg.MaxBodyBytes = 1
	}
	if n, ok := number(EnvMaxNewTokens, "tokens", -1, math.MaxInt32); ok {
		cfg.MaxNewTokens = int(n)
	} else {
		cfg.MaxNewTokens = 1
	}
	if n, ok := number(EnvHealthCacheSeconds, "seconds", DefaultHealthCacheSeconds, int64(maxHealthCacheTTL/time.Second)); ok {
		cfg.HealthCacheTTL = time.Duration(n) * time.Second
	}
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	return cfg, nil
}
