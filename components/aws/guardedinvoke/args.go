package guardedinvoke

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/logretention"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and bounds.
const (
	// DefaultTimeoutSeconds is the function's timeout: API Gateway's
	// default integration timeout, 29 s. Lambda allows 1 to 900.
	DefaultTimeoutSeconds = 29
	MinTimeoutSeconds     = 1
	MaxTimeoutSeconds     = 900
	// GuardrailReserveMilliseconds is what the default invoke timeout
	// leaves of the function's timeout for the two guardrail calls (2 s);
	// MinGuardrailReserveMilliseconds is the least any invoke timeout must
	// leave them (1 s).
	GuardrailReserveMilliseconds    = 2000
	MinGuardrailReserveMilliseconds = 1000
	// DefaultMemoryMB is the function's memory; Lambda allows 128 to
	// 10240 MB.
	DefaultMemoryMB = 256
	MinMemoryMB     = 128
	MaxMemoryMB     = 10240
	// DefaultMaxBodyBytes is the largest request body the function
	// accepts: 64 KiB. MaxMaxBodyBytes is Lambda's limit of a synchronous
	// invocation's payload, 6 MB.
	DefaultMaxBodyBytes = 65536
	MaxMaxBodyBytes     = 6 * 1024 * 1024
	// DefaultMaxNewTokens is the most tokens a request may ask the model
	// to generate.
	DefaultMaxNewTokens = 1024
	MaxMaxNewTokens     = 1 << 20
	// DefaultHealthCacheSeconds is how long a warm instance reuses a health
	// probe's result; the handler allows up to an hour.
	DefaultHealthCacheSeconds = 5
	MaxHealthCacheSeconds     = 3600
	DefaultLogRetentionDays   = 365
)

// The function: a Go binary named bootstrap for the OS-only runtime, on
// Graviton.
const (
	Runtime      = "provided.al2023"
	Architecture = "arm64"
	// HandlerName is the function's handler setting: the binary's name in
	// the zip.
	HandlerName = "bootstrap"
	// HandlerPackage is the main package the default Code is built from.
	HandlerPackage = "github.com/modelfort/modelfort/handlers/guardedinvoke/bootstrap"
)

// The environment variables the function reads (the handler's
// guardedinvoke.Env* constants).
const (
	EnvEndpointName       = "MODELFORT_ENDPOINT_NAME"
	EnvGuardrailID        = "MODELFORT_GUARDRAIL_ID"
	EnvGuardrailVersion   = "MODELFORT_GUARDRAIL_VERSION"
	EnvInvokeTimeoutMS    = "MODELFORT_INVOKE_TIMEOUT_MS"
	EnvMaxBodyBytes       = "MODELFORT_MAX_BODY_BYTES"
	EnvMaxNewTokens       = "MODELFORT_MAX_NEW_TOKENS"
	EnvHealthCacheSeconds = "MODELFORT_HEALTH_CACHE_SECONDS"
)

// LogRetentionDays are the retention periods CloudWatch Logs accepts.
var LogRetentionDays = logretention.Days

// Args configures a Handler. EndpointName, GuardrailArn,
// GuardrailVersion, Subnets, SecurityGroupIds, RuntimeVpcEndpointId and
// BedrockVpcEndpointId are required; every other field has a secure
// default.
type Args struct {
	// EndpointName is the SageMaker endpoint the function invokes: 1 to 63
	// letters, digits and '-'. Required.
	EndpointName pulumi.StringInput
	// GuardrailArn is the Bedrock guardrail applied to every prompt and
	// every answer, in the function's account and region
	// (arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID). Required.
	GuardrailArn pulumi.StringInput
	// GuardrailVersion is the guardrail's published version the function
	// applies, such as "1" (guardrail.Guardrail's Version). Required;
	// DRAFT is refused, since a draft can change under a running stack.
	GuardrailVersion pulumi.StringInput
	// Subnets are the private subnets the function runs in: at least 2,
	// in different availability zones.
	Subnets []pulumi.StringInput
	// SecurityGroupIds are the function's security groups, its own tier
	// (HTTPS to the VPC endpoints only): at least 1.
	SecurityGroupIds []pulumi.StringInput
	// RuntimeVpcEndpointId is the VPC's sagemaker.runtime interface
	// endpoint (vpce-...): the role may invoke the endpoint through it
	// only. Required.
	RuntimeVpcEndpointId pulumi.StringInput
	// BedrockVpcEndpointId is the VPC's bedrock-runtime interface endpoint
	// (vpce-...): the role may apply the guardrail through it only.
	// Required.
	BedrockVpcEndpointId pulumi.StringInput
	// Code is the function's deployment package: a zip holding the
	// handler's binary, named bootstrap, built for linux/arm64. Default:
	// built from HandlerPackage when the program runs
	// (lambdabuild.GuardedInvoke).
	Code pulumi.Archive
	// TimeoutSeconds is the function's timeout: 1 to 900. Default: 29,
	// API Gateway's default integration timeout.
	TimeoutSeconds int
	// InvokeTimeoutMilliseconds is the deadline of the InvokeEndpoint
	// call: at least 1, leaving at least 1000 ms of TimeoutSeconds for the
	// guardrail calls. Default: TimeoutSeconds less 2000 ms (less 1000 ms
	// for a timeout under 3 s).
	InvokeTimeoutMilliseconds int
	// MemoryMB is the function's memory: 128 to 10240. Default: 256.
	MemoryMB int
	// MaxBodyBytes is the largest request body the function accepts: 1 to
	// 6291456 (Lambda's payload limit). Default: 65536.
	MaxBodyBytes int
	// MaxNewTokens is the most tokens a request may ask the model to
	// generate (and what a request that does not say gets): 1 to 1048576.
	// Default: 1024.
	MaxNewTokens int
	// HealthCacheSeconds is how long a warm instance reuses the result of
	// GET /health's probes of the guardrail and the endpoint: 1 to 3600.
	// Default: 5.
	HealthCacheSeconds int
	// KMSKeyArn encrypts the function's environment and its log group: a
	// KMS key ARN. Default: a dedicated key usable by CloudWatch Logs of
	// this account only.
	KMSKeyArn pulumi.StringInput
	// LogRetentionDays is how long the function's logs are kept; one of
	// LogRetentionDays. Default: 365.
	LogRetentionDays int
	// Tags are added to the function, its role, key and log group.
	Tags map[string]string
}

const pkg = "guardedinvoke"

var (
	endpointName     = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`)
	guardrailArn     = regexp.MustCompile(`^arn:(aws[a-z-]*):bedrock:([a-z0-9-]+):([0-9]{12}):guardrail/[a-z0-9]+$`)
	guardrailVersion = regexp.MustCompile(`^[1-9][0-9]{0,7}$`)
	vpcEndpointID    = regexp.MustCompile(`^vpce-[0-9a-f]{8,17}$`)
)

// Validate checks a and fills in its defaults, as NewHandler does; name
// is the component's. The guardrail's account and region are checked by
// NewHandler, against the provider's.
func (a *Args) Validate(name string) error {
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	if err := a.checkTargets(); err != nil {
		return err
	}
	if err := a.checkNetwork(); err != nil {
		return err
	}
	if err := a.checkLimits(); err != nil {
		return err
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	return loggroup.CheckRetention("LogRetentionDays", a.LogRetentionDays)
}

// checkTargets checks the endpoint and the guardrail.
func (a *Args) checkTargets() error {
	if a.EndpointName == nil {
		return errors.New("EndpointName is nil; give the name of the SageMaker endpoint the function invokes")
	}
	if s, ok := a.EndpointName.(pulumi.String); ok && !endpointName.MatchString(string(s)) {
		return fmt.Errorf("EndpointName %q is not a SageMaker endpoint name (1 to 63 letters, digits and '-')", string(s))
	}
	if a.GuardrailArn == nil {
		return errors.New("GuardrailArn is nil; give the ARN of the Bedrock guardrail the function applies")
	}
	if s, ok := a.GuardrailArn.(pulumi.String); ok && !guardrailArn.MatchString(string(s)) {
		return fmt.Errorf("GuardrailArn %q is not a Bedrock guardrail ARN (arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID)", string(s))
	}
	if a.GuardrailVersion == nil {
		return errors.New("GuardrailVersion is nil; give the guardrail's published version, such as guardrail.Guardrail's Version")
	}
	if s, ok := a.GuardrailVersion.(pulumi.String); ok {
		switch {
		case strings.EqualFold(string(s), "DRAFT"):
			return errors.New("GuardrailVersion is DRAFT, which can change under a running stack; pin a published version such as \"1\"")
		case !guardrailVersion.MatchString(string(s)):
			return fmt.Errorf("GuardrailVersion %q is not a published guardrail version (a number from 1 to 99999999)", string(s))
		}
	}
	return nil
}

// checkNetwork checks where the function runs and the VPC endpoints its
// role is bound to.
func (a *Args) checkNetwork() error {
	if len(a.Subnets) < 2 {
		return fmt.Errorf("Subnets has %d subnet(s); give private subnets in at least 2 availability zones", len(a.Subnets))
	}
	if err := verify.NoneNil("Subnets", a.Subnets); err != nil {
		return err
	}
	if len(a.SecurityGroupIds) == 0 {
		return errors.New("SecurityGroupIds is empty; give the function's own security group tier")
	}
	if err := verify.NoneNil("SecurityGroupIds", a.SecurityGroupIds); err != nil {
		return err
	}
	for _, e := range []struct {
		field, service string
		id             pulumi.StringInput
	}{{"RuntimeVpcEndpointId", "sagemaker.runtime", a.RuntimeVpcEndpointId}, {"BedrockVpcEndpointId", "bedrock-runtime", a.BedrockVpcEndpointId}} {
		if e.id == nil {
			return fmt.Errorf("%s is nil; give the ID of the VPC's %s interface endpoint, the only way the function's role reaches the service", e.field, e.service)
		}
		if s, ok := e.id.(pulumi.String); ok && !vpcEndpointID.MatchString(string(s)) {
			return fmt.Errorf("%s %q is not a VPC endpoint ID (vpce-...)", e.field, string(s))
		}
	}
	return nil
}

// checkLimits checks the function's timeouts, memory and the handler's
// limits, and fills in their defaults.
func (a *Args) checkLimits() error {
	if a.TimeoutSeconds == 0 {
		a.TimeoutSeconds = DefaultTimeoutSeconds
	}
	if err := verify.Between("TimeoutSeconds", a.TimeoutSeconds, MinTimeoutSeconds, MaxTimeoutSeconds, DefaultTimeoutSeconds); err != nil {
		return err
	}
	longest := a.TimeoutSeconds*1000 - MinGuardrailReserveMilliseconds
	if longest < 1 {
		return fmt.Errorf("TimeoutSeconds is %d, which leaves no time to invoke the endpoint beside the %d ms the guardrail calls need; allowed values are %d to %d",
			a.TimeoutSeconds, MinGuardrailReserveMilliseconds, MinTimeoutSeconds+1, MaxTimeoutSeconds)
	}
	if a.InvokeTimeoutMilliseconds == 0 {
		a.InvokeTimeoutMilliseconds = a.TimeoutSeconds*1000 - GuardrailReserveMilliseconds
		if a.InvokeTimeoutMilliseconds < MinGuardrailReserveMilliseconds {
			a.InvokeTimeoutMilliseconds = longest
		}
	}
	if a.InvokeTimeoutMilliseconds < 1 || a.InvokeTimeoutMilliseconds > longest {
		return fmt.Errorf("InvokeTimeoutMilliseconds is %d; allowed values are 1 to %d, leaving at least %d ms of TimeoutSeconds (%d s) for the guardrail calls",
			a.InvokeTimeoutMilliseconds, longest, MinGuardrailReserveMilliseconds, a.TimeoutSeconds)
	}
	for _, f := range []struct {
		field         string
		v             *int
		min, max, def int
	}{
		{"MemoryMB", &a.MemoryMB, MinMemoryMB, MaxMemoryMB, DefaultMemoryMB},
		{"MaxBodyBytes", &a.MaxBodyBytes, 1, MaxMaxBodyBytes, DefaultMaxBodyBytes},
		{"MaxNewTokens", &a.MaxNewTokens, 1, MaxMaxNewTokens, DefaultMaxNewTokens},
		{"HealthCacheSeconds", &a.HealthCacheSeconds, 1, MaxHealthCacheSeconds, DefaultHealthCacheSeconds},
	} {
		if *f.v == 0 {
			*f.v = f.def
		}
		if err := verify.Between(f.field, *f.v, f.min, f.max, f.def); err != nil {
			return err
		}
	}
	return nil
}
