package aws

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/failover"
	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/modelendpoint"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/instancestorage"
	"github.com/modelfort/modelfort/internal/modelartifact"
	"github.com/modelfort/modelfort/internal/verify"
	"github.com/modelfort/modelfort/stacks/stackconfig"
)

// Namespace is the stack configuration namespace of modelfort's own keys.
const Namespace = stackconfig.Namespace

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
	// MinInstances is the least number of serving instances per region
	// (primary and standby); RequireShield demands modelfort:shield.
	MinInstances  int
	RequireShield bool
	// Detection owns threat detection (GuardDuty, Security Hub, AWS
	// Config) in both regions unless modelfort:threatDetection says
	// otherwise.
	Detection bool
	// Defaults of keys the stack configuration leaves out.
	RetentionMode                      string
	RetentionDays                      int
	PrimaryInstances, StandbyInstances int
	HealthCheckIntervalSeconds         int
	RPOTargetMinutes, RTOTargetMinutes int
}

// Profiles are the environments a stack may declare.
var Profiles = map[string]Profile{
	"dev": {
		BackupGovernanceLock: true, MinInstances: 1,
		RetentionMode: wormbucket.Governance, RetentionDays: 1,
		PrimaryInstances: 1, StandbyInstances: 1, HealthCheckIntervalSeconds: 30,
		RPOTargetMinutes: 24 * 60, RTOTargetMinutes: 120,
	},
	"staging": {
		BackupGovernanceLock: true, MinInstances: 1,
		RetentionMode: wormbucket.Governance, RetentionDays: 7,
		PrimaryInstances: 2, StandbyInstances: 1, HealthCheckIntervalSeconds: 30,
		RPOTargetMinutes: 12 * 60, RTOTargetMinutes: 60,
	},
	"prod": {
		Protect: true, RequireCompliance: true, MinInstances: 2, RequireShield: true, Detection: true,
		RetentionMode: wormbucket.Compliance, RetentionDays: 30,
		PrimaryInstances: 2, StandbyInstances: 2, HealthCheckIntervalSeconds: 10,
		RPOTargetMinutes: 4 * 60, RTOTargetMinutes: 30,
	},
}

// Defaults of keys that do not depend on the environment.
const (
	DefaultBackupRPOHours              = 24
	DefaultHealthCheckFailureThreshold = 3
	DefaultDNSTTLSeconds               = 60
	DefaultScaleUpMinutes              = 10
	// DefaultModelArtifact is a distilled DeepSeek-R1 that fits the
	// default instance type, and DefaultModelImage the large-model
	// inference (LMI) container AWS's DeepSeek-R1 distilled examples use,
	// with their settings (ModelEnvironment):
	// https://github.com/aws-samples/sagemaker-genai-hosting-examples/blob/main/Deepseek/DeepSeek-R1-Llama8B-LMI-TGI-Deploy.ipynb
	// DefaultInstanceType (an NVIDIA V100 with 16 GB) has no local NVMe
	// storage, so a customer-managed KMS key encrypts its volume; it runs
	// the model in fp16 (vLLM refuses bf16 below compute capability 8.0).
	// The types AWS suggests for the model (ml.g4dn, ml.g5, ml.g6,
	// ml.g6e .xlarge) have NVMe storage, which SageMaker encrypts with a
	// hardware key only: choose one with modelfort:instanceType, and
	// modelfort:instanceStorage follows.
	DefaultModelArtifact  = "deepseek-r1-distill-qwen-1.5b/model.tar.gz"
	DefaultModelImage     = "763104351884.dkr.ecr.{region}.amazonaws.com/djl-inference:0.31.0-lmi13.0.0-cu124"
	DefaultInstanceType   = modelendpoint.DefaultInstanceType
	DefaultMaxModelLength = 8192
	// DefaultMaxNewTokens is the most tokens one request may generate,
	// and DefaultTokensPerSecond the slowest generation rate, per
	// request, the serving path is sized for: together they bound how
	// long an answer takes, which the timeouts must cover.
	DefaultMaxNewTokens    = 1024
	DefaultTokensPerSecond = 50
	// DefaultIntegrationTimeoutSeconds is API Gateway's integration
	// timeout without a quota increase; MaxIntegrationTimeoutSeconds the
	// most a regional REST API allows once the account's quota is raised.
	DefaultIntegrationTimeoutSeconds = 29
	MaxIntegrationTimeoutSeconds     = 300
	// DefaultCapturePercent of requests are captured for model
	// monitoring, into a capture bucket apart from the artifacts.
	DefaultCapturePercent = 10
)

// Sizing of the serving path: what the handler keeps for itself out of
// the integration timeout, and how many bytes of request body a token of
// prompt may take (JSON escapes included).
const (
	// HandlerMargin is what the handler keeps, out of the integration
	// timeout, to answer before API Gateway gives up.
	HandlerMargin = 2 * time.Second
	// GuardrailAllowance is the time the two guardrail calls may take.
	GuardrailAllowance = 2 * time.Second
	// BodyBytesPerToken and BodyOverheadBytes size the request body
	// limit from the prompt's tokens.
	BodyBytesPerToken = 6
	BodyOverheadBytes = 1024
)

// ModelImage returns the container image for a region.
func (c Config) ModelImage(region string) string {
	return strings.ReplaceAll(c.ModelImageURI, "{region}", region)
}

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
	// Shield (modelfort:shield) protects the deployment with Shield
	// Advanced, a paid subscription the account must already have.
	Shield bool

	// PrimaryInstances and StandbyInstances (modelfort:primaryInstances,
	// modelfort:standbyInstances) are the serving instances in the
	// primary region and, as a warm standby, in the DR region.
	PrimaryInstances, StandbyInstances int
	// ScaleUpMinutes (modelfort:scaleUpMinutes) is how long the standby
	// takes to grow to the primary's size.
	ScaleUpMinutes int
	// HealthCheckIntervalSeconds (10 or 30), HealthCheckFailureThreshold
	// (1 to 10) and DNSTTLSeconds (modelfort:healthCheckIntervalSeconds,
	// modelfort:healthCheckFailureThreshold, modelfort:dnsTtlSeconds)
	// decide how fast traffic fails over.
	HealthCheckIntervalSeconds, HealthCheckFailureThreshold, DNSTTLSeconds int
	// ModelArtifact (modelfort:modelArtifact) is the artifact's key under
	// the model bucket's "models/" prefix; ModelImageTag
	// (modelfort:modelImage) the large-model-inference container image,
	// with {region} for the site's region; InstanceType and
	// InstanceStorage (modelfort:instanceType, modelfort:instanceStorage)
	// the serving instances; MaxModelLength (modelfort:maxModelLength) the
	// context length the container serves.
	// DomainName (modelfort:domainName) is the name clients call; it
	// fails over between the regions' front doors. HostedZoneId
	// (modelfort:hostedZoneId) holds its records. PrimaryCertificateArn
	// and DRCertificateArn (modelfort:primaryCertificateArn,
	// modelfort:drCertificateArn) are ACM certificates of DomainName in
	// each region.
	DomainName, HostedZoneId                string
	PrimaryCertificateArn, DRCertificateArn string
	// CDNDomainName and CDNCertificateArn (modelfort:cdnDomainName,
	// modelfort:cdnCertificateArn, in us-east-1) name the CloudFront
	// distribution put in front of both regions when Shield is on, so
	// that Shield Advanced protects it.
	CDNDomainName, CDNCertificateArn string
	// APIGatewayAccountLogging (modelfort:apiGatewayAccountLogging,
	// default true) lets the stack own each region's API Gateway logging
	// role, a per-account and per-region setting without which a stage
	// that logs cannot be created. Set it false where another stack of
	// the same account owns the setting.
	APIGatewayAccountLogging bool
	// ModelDigest (modelfort:modelDigest) is the SHA-256, in hex, of the
	// published model artifact, which `make publish` uploads and writes
	// here once the DR region's replica has arrived. Until it is set the
	// stack deploys what lives long (keys, buckets, vaults, networks, the
	// metadata store) and serves nothing: SageMaker refuses a model whose
	// data is not in the bucket yet.
	ModelDigest     string
	ModelArtifact   string
	ModelImageURI   string
	InstanceType    string
	InstanceStorage bool
	MaxModelLength  int
	// MaxNewTokens (modelfort:maxNewTokens) is the most tokens a request
	// may generate; TokensPerSecond (modelfort:tokensPerSecond) the
	// slowest generation rate per request the path is sized for;
	// IntegrationTimeoutSeconds (modelfort:integrationTimeoutSeconds,
	// 29, or up to 300 once the account's API Gateway quota is raised)
	// how long the front door waits. An answer of MaxNewTokens at
	// TokensPerSecond must fit in the timeout.
	MaxNewTokens, TokensPerSecond, IntegrationTimeoutSeconds int
	// CapturePercent (modelfort:capturePercent, 1 to 100) is the share
	// of requests and answers captured for model monitoring.
	CapturePercent int
	// RPOTargetMinutes and RTOTargetMinutes (modelfort:rpoTargetMinutes,
	// modelfort:rtoTargetMinutes) are the environment's recovery targets;
	// a configuration whose Budget cannot meet them is rejected.
	RPOTargetMinutes, RTOTargetMinutes int
	// Incidents (modelfort:incidents) is where alarms and findings go.
	Incidents Incidents
	// ThreatDetection (modelfort:threatDetection) is who owns GuardDuty,
	// Security Hub and AWS Config in the stack's regions; nil: none.
	ThreatDetection *ThreatDetection
	// ShieldMitigation (modelfort:shieldMitigation) is the action of
	// Shield Advanced's automatic application-layer mitigation on the
	// CloudFront distribution; ShieldResponse (modelfort:shieldResponse)
	// the Shield Response Team's access and proactive engagement.
	ShieldMitigation string
	ShieldResponse   *ShieldResponse
}

// Profile returns the profile of the configured environment.
func (c Config) Profile() Profile { return Profiles[c.Environment] }

// RegionKey and DRRegionKey are the configuration keys of the primary
// and the disaster-recovery region.
const (
	RegionKey   = "aws:region"
	DRRegionKey = Namespace + ":drRegion"
)

// LoadConfig reads and validates the stack configuration.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	return ParseConfig(stackconfig.FromContext(ctx))
}

// ParseConfig builds a Config from configuration values (keys such as
// "modelfort:environment"; absent keys read as "") and validates it.
func ParseConfig(get func(key string) string) (Config, error) {
	v := stackconfig.Values(get)
	c := Config{
		Environment:   v(stackconfig.EnvironmentKey),
		PrimaryRegion: v(RegionKey),
		DRRegion:      v(DRRegionKey),
		ModelArtifact: v.String(stackconfig.Key("modelArtifact"), DefaultModelArtifact),
		ModelDigest:   v(Namespace + ":modelDigest"),
		ModelImageURI: v.String(stackconfig.Key("modelImage"), DefaultModelImage),
		InstanceType:  v.String(stackconfig.Key("instanceType"), DefaultInstanceType),

		DomainName:            v(Namespace + ":domainName"),
		HostedZoneId:          v(Namespace + ":hostedZoneId"),
		PrimaryCertificateArn: v(Namespace + ":primaryCertificateArn"),
		DRCertificateArn:      v(Namespace + ":drCertificateArn"),
		CDNDomainName:         v(Namespace + ":cdnDomainName"),
		CDNCertificateArn:     v(Namespace + ":cdnCertificateArn"),

		APIGatewayAccountLogging: true,
	}
	if err := stackconfig.Environment(c.Environment, Profiles); err != nil {
		return c, err
	}
	var err error
	if c.Incidents, err = parseIncidents(v(IncidentsKey)); err != nil {
		return c, err
	}
	p := c.Profile()
	if c.ThreatDetection, err = parseThreatDetection(v(ThreatDetectionKey), p); err != nil {
		return c, err
	}
	if c.ShieldResponse, err = parseShieldResponse(v(ShieldResponseKey)); err != nil {
		return c, err
	}
	c.ShieldMitigation = v(Namespace + ":shieldMitigation")
	c.RetentionMode = v.String(stackconfig.Key("retentionMode"), p.RetentionMode)
	ints := []struct {
		key string
		dst *int
		def int
	}{
		{"retentionDays", &c.RetentionDays, p.RetentionDays},
		{"backupRpoHours", &c.BackupRPOHours, DefaultBackupRPOHours},
		{"primaryInstances", &c.PrimaryInstances, p.PrimaryInstances},
		{"standbyInstances", &c.StandbyInstances, p.StandbyInstances},
		{"scaleUpMinutes", &c.ScaleUpMinutes, DefaultScaleUpMinutes},
		{"healthCheckIntervalSeconds", &c.HealthCheckIntervalSeconds, p.HealthCheckIntervalSeconds},
		{"healthCheckFailureThreshold", &c.HealthCheckFailureThreshold, DefaultHealthCheckFailureThreshold},
		{"dnsTtlSeconds", &c.DNSTTLSeconds, DefaultDNSTTLSeconds},
		{"rpoTargetMinutes", &c.RPOTargetMinutes, p.RPOTargetMinutes},
		{"rtoTargetMinutes", &c.RTOTargetMinutes, p.RTOTargetMinutes},
		{"maxModelLength", &c.MaxModelLength, DefaultMaxModelLength},
		{"maxNewTokens", &c.MaxNewTokens, DefaultMaxNewTokens},
		{"tokensPerSecond", &c.TokensPerSecond, DefaultTokensPerSecond},
		{"integrationTimeoutSeconds", &c.IntegrationTimeoutSeconds, DefaultIntegrationTimeoutSeconds},
		{"capturePercent", &c.CapturePercent, DefaultCapturePercent},
	}
	for _, k := range ints {
		n, err := v.Int(stackconfig.Key(k.key), k.def)
		if err != nil {
			return c, err
		}
		*k.dst = n
	}
	// Local NVMe storage follows the instance type unless stated.
	c.InstanceStorage = instancestorage.HasNVMe(c.InstanceType)
	for key, dst := range map[string]*bool{"guardDuty": &c.GuardDuty, "shield": &c.Shield, "instanceStorage": &c.InstanceStorage,
		"apiGatewayAccountLogging": &c.APIGatewayAccountLogging} {
		b, err := v.Bool(stackconfig.Key(key), *dst)
		if err != nil {
			return c, err
		}
		*dst = b
	}
	return c, c.Validate()
}

// Validate checks the configuration; its errors name the configuration
// key and the values it allows.
func (c Config) Validate() error {
	if err := stackconfig.Environment(c.Environment, Profiles); err != nil {
		return err
	}
	if err := stackconfig.Region(RegionKey, c.PrimaryRegion, verify.AWSRegion, "an AWS region", "us-east-1"); err != nil {
		return err
	}
	if err := stackconfig.Region(DRRegionKey, c.DRRegion, verify.AWSRegion, "an AWS region", "us-west-2"); err != nil {
		return err
	}
	if err := stackconfig.OtherRegion(DRRegionKey, c.DRRegion, RegionKey, c.PrimaryRegion, "disaster-recovery"); err != nil {
		return err
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
	p := c.Profile()
	if c.PrimaryInstances < max(1, p.MinInstances) {
		return fmt.Errorf("%s:primaryInstances is %d; the %s environment needs at least %d", Namespace, c.PrimaryInstances, c.Environment, max(1, p.MinInstances))
	}
	if c.StandbyInstances < p.MinInstances || c.StandbyInstances > c.PrimaryInstances {
		return fmt.Errorf("%s:standbyInstances is %d; the %s environment allows %d to %d (%s:primaryInstances)",
			Namespace, c.StandbyInstances, c.Environment, p.MinInstances, c.PrimaryInstances, Namespace)
	}
	if p.RequireShield && !c.Shield {
		return fmt.Errorf("%s:shield is false; the %s environment demands Shield Advanced (the account must subscribe to it)", Namespace, c.Environment)
	}
	if c.ScaleUpMinutes < 0 {
		return fmt.Errorf("%s:scaleUpMinutes is %d; it cannot be negative", Namespace, c.ScaleUpMinutes)
	}
	if c.HealthCheckIntervalSeconds != 10 && c.HealthCheckIntervalSeconds != 30 {
		return fmt.Errorf("%s:healthCheckIntervalSeconds is %d; allowed values are 10 and 30", Namespace, c.HealthCheckIntervalSeconds)
	}
	if c.HealthCheckFailureThreshold < 1 || c.HealthCheckFailureThreshold > 10 {
		return fmt.Errorf("%s:healthCheckFailureThreshold is %d; allowed values are 1 to 10", Namespace, c.HealthCheckFailureThreshold)
	}
	if c.DNSTTLSeconds < 0 || c.DNSTTLSeconds > 86400 {
		return fmt.Errorf("%s:dnsTtlSeconds is %d; allowed values are 0 to 86400", Namespace, c.DNSTTLSeconds)
	}
	if c.RPOTargetMinutes < 1 || c.RTOTargetMinutes < 1 {
		return fmt.Errorf("%s:rpoTargetMinutes (%d) and %s:rtoTargetMinutes (%d) must be at least 1", Namespace, c.RPOTargetMinutes, Namespace, c.RTOTargetMinutes)
	}
	if err := c.validateEdge(); err != nil {
		return err
	}
	if err := c.validateIncidents(); err != nil {
		return err
	}
	if err := c.validateThreatDetection(); err != nil {
		return err
	}
	if err := c.validateShield(); err != nil {
		return err
	}
	if err := c.checkServing(); err != nil {
		return err
	}
	if strings.HasPrefix(c.ModelArtifact, "/") || strings.Contains(c.ModelArtifact, "..") || c.ModelArtifact == "" {
		return fmt.Errorf("%s:modelArtifact is %q; give the artifact's name under its content address, such as %s", Namespace, c.ModelArtifact, DefaultModelArtifact)
	}
	if c.ModelDigest != "" && !modelartifact.ValidDigest(c.ModelDigest) {
		return fmt.Errorf("%s:modelDigest is %q; give the SHA-256 of the published artifact as 64 lower-case hex digits (make publish writes it)", Namespace, c.ModelDigest)
	}
	if instancestorage.HasNVMe(c.InstanceType) != c.InstanceStorage {
		return fmt.Errorf("%s:instanceStorage is %v but %s %s local NVMe storage; set it to %v", Namespace, c.InstanceStorage, c.InstanceType,
			map[bool]string{true: "has", false: "has no"}[instancestorage.HasNVMe(c.InstanceType)], instancestorage.HasNVMe(c.InstanceType))
	}
	if _, ok := instancestorage.Family(c.InstanceType); !ok {
		return fmt.Errorf("%s:instanceType is %q; it must be an ML instance type such as ml.g5.2xlarge", Namespace, c.InstanceType)
	}
	return c.checkBudget()
}

// Serving reports whether the stack serves: a published artifact is named.
func (c Config) Serving() bool { return c.ModelDigest != "" }

// ArtifactKey is the published artifact's content-addressed key in the
// model buckets (see internal/modelartifact), or "" before anything is published.
func (c Config) ArtifactKey() string {
	if !c.Serving() {
		return ""
	}
	return modelartifact.Key(ModelPrefix, c.ModelDigest, c.ModelArtifact)
}

// zoneID is a Route 53 hosted zone ID.
var zoneID = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)

// CDNCertificateRegion is where CloudFront reads certificates.
const CDNCertificateRegion = "us-east-1"

// validateEdge checks the names and certificates of the front doors and
// of the CloudFront distribution that Shield needs.
func (c Config) validateEdge() error {
	if !verify.IsDNSName(c.DomainName) {
		return fmt.Errorf("%s:domainName is %q; give the lower-case name clients call, such as llm.example.com", Namespace, c.DomainName)
	}
	if !zoneID.MatchString(c.HostedZoneId) {
		return fmt.Errorf("%s:hostedZoneId is %q; give the Route 53 hosted zone ID (Z...) that holds %s", Namespace, c.HostedZoneId, c.DomainName)
	}
	for key, cert := range map[string][2]string{
		"primaryCertificateArn": {c.PrimaryCertificateArn, c.PrimaryRegion},
		"drCertificateArn":      {c.DRCertificateArn, c.DRRegion},
	} {
		if !verify.IsCertificateArn(cert[0], cert[1]) {
			return fmt.Errorf("%s:%s is %q; give the ACM certificate of %s in %s", Namespace, key, cert[0], c.DomainName, cert[1])
		}
	}
	if !c.Shield {
		return nil
	}
	if !verify.IsDNSName(c.CDNDomainName) || c.CDNDomainName == c.DomainName {
		return fmt.Errorf("%s:cdnDomainName is %q; with Shield on, give the CloudFront distribution's name, other than %s", Namespace, c.CDNDomainName, c.DomainName)
	}
	if !verify.IsCertificateArn(c.CDNCertificateArn, CDNCertificateRegion) {
		return fmt.Errorf("%s:cdnCertificateArn is %q; give the ACM certificate of %s in %s, where CloudFront reads certificates", Namespace, c.CDNCertificateArn, c.CDNDomainName, CDNCertificateRegion)
	}
	return nil
}

// GenerationTime is the longest an answer of MaxNewTokens takes at
// TokensPerSecond.
func (c Config) GenerationTime() time.Duration {
	return time.Duration(math.Ceil(float64(c.MaxNewTokens)/float64(c.TokensPerSecond)*1000)) * time.Millisecond
}

// InvokeTimeout is how long the handler waits for the model: the
// integration timeout less the handler's margin.
func (c Config) InvokeTimeout() time.Duration {
	return time.Duration(c.IntegrationTimeoutSeconds)*time.Second - HandlerMargin
}

// MaxBodyBytes is the largest request body the serving path accepts: a
// prompt of the context less MaxNewTokens, at BodyBytesPerToken.
func (c Config) MaxBodyBytes() int {
	return (c.MaxModelLength-c.MaxNewTokens)*BodyBytesPerToken + BodyOverheadBytes
}

// CDNReadTimeoutSeconds is how long CloudFront waits for a region: the
// integration timeout and a second, at least CloudFront's default.
func (c Config) CDNReadTimeoutSeconds() int {
	return max(failover.DefaultOriginReadTimeout, c.IntegrationTimeoutSeconds+1)
}

// checkServing holds the context length, the answer size, the timeouts
// and the body limit against each other.
func (c Config) checkServing() error {
	if c.MaxModelLength < 2 {
		return fmt.Errorf("%s:maxModelLength is %d; it must be at least 2", Namespace, c.MaxModelLength)
	}
	if c.MaxNewTokens < 1 || c.MaxNewTokens >= c.MaxModelLength {
		return fmt.Errorf("%s:maxNewTokens is %d; allowed values are 1 to %d (below %s:maxModelLength, which the prompt shares)", Namespace, c.MaxNewTokens, c.MaxModelLength-1, Namespace)
	}
	if c.TokensPerSecond < 1 {
		return fmt.Errorf("%s:tokensPerSecond is %d; give the slowest generation rate per request, at least 1", Namespace, c.TokensPerSecond)
	}
	if c.IntegrationTimeoutSeconds < 4 || c.IntegrationTimeoutSeconds > MaxIntegrationTimeoutSeconds {
		return fmt.Errorf("%s:integrationTimeoutSeconds is %d; allowed values are 4 to %d (beyond %d only once the account's API Gateway integration timeout quota is raised)",
			Namespace, c.IntegrationTimeoutSeconds, MaxIntegrationTimeoutSeconds, DefaultIntegrationTimeoutSeconds)
	}
	if need := c.GenerationTime() + GuardrailAllowance; need > c.InvokeTimeout() {
		fits := int((c.InvokeTimeout() - GuardrailAllowance).Seconds() * float64(c.TokensPerSecond))
		return fmt.Errorf("%s:maxNewTokens is %d: at %s:tokensPerSecond %d an answer takes up to %s, and the guardrail %s more, beyond the %s the handler may wait (%s:integrationTimeoutSeconds %d less %s); "+
			"lower %s:maxNewTokens to %d, or raise %s:integrationTimeoutSeconds (beyond %d once the account's API Gateway quota is raised)",
			Namespace, c.MaxNewTokens, Namespace, c.TokensPerSecond, c.GenerationTime(), GuardrailAllowance, c.InvokeTimeout(), Namespace, c.IntegrationTimeoutSeconds, HandlerMargin,
			Namespace, max(fits, 0), Namespace, DefaultIntegrationTimeoutSeconds)
	}
	if c.MaxBodyBytes() > webacl.MaxBodyBytesLimit {
		return fmt.Errorf("%s:maxModelLength %d leaves prompts of %d tokens, whose requests take up to %d bytes; the web ACL inspects at most %d: lower %s:maxModelLength or raise %s:maxNewTokens",
			Namespace, c.MaxModelLength, c.MaxModelLength-c.MaxNewTokens, c.MaxBodyBytes(), webacl.MaxBodyBytesLimit, Namespace, Namespace)
	}
	if c.Shield && c.CDNReadTimeoutSeconds() > failover.MaxOriginReadTimeout {
		return fmt.Errorf("%s:integrationTimeoutSeconds is %d; with %s:shield the CloudFront distribution waits at most %d seconds for a region: lower it below %d",
			Namespace, c.IntegrationTimeoutSeconds, Namespace, failover.MaxOriginReadTimeout, failover.MaxOriginReadTimeout)
	}
	if err := verify.Between(Namespace+":capturePercent", c.CapturePercent, 1, 100, DefaultCapturePercent); err != nil {
		return err
	}
	return nil
}

// ModelEnvironment is the LMI container's configuration for the default
// model on the configured instance type: vLLM, the context length, and
// the weights' data type, bf16 where the GPU runs it (compute capability
// 8.0 and up: A10G, L4, L40S, A100, H100) and fp16 elsewhere (V100, T4),
// where vLLM refuses bf16.
func (c Config) ModelEnvironment() map[string]string {
	dtype := "fp16"
	if family, _ := instancestorage.Family(c.InstanceType); slices.Contains(bf16Families, family) {
		dtype = "bf16"
	}
	return map[string]string{
		"OPTION_ROLLING_BATCH":          "vllm",
		"OPTION_MAX_MODEL_LEN":          fmt.Sprint(c.MaxModelLength),
		"OPTION_DTYPE":                  dtype,
		"OPTION_GPU_MEMORY_UTILIZATION": "0.9",
		"OPTION_ENABLE_STREAMING":       "false",
		"OPTION_MODEL_LOADING_TIMEOUT":  "1800",
	}
}

// bf16Families are the ML instance families whose GPUs have compute
// capability 8.0 or more.
var bf16Families = []string{"g5", "g6", "g6e", "p4d", "p4de", "p5", "p5e", "p5en"}

// EndpointURL is the URL clients call: the custom domain maps the front
// door's stage at its root, so the path is the invocations resource's.
func (c Config) EndpointURL() string {
	return "https://" + c.DomainName + "/" + frontdoor.InvocationsPath
}
