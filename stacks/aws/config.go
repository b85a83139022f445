package aws

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/modelendpoint"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/instancestorage"
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
		Protect: true, RequireCompliance: true, MinInstances: 2, RequireShield: true,
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
	// default instance type (ml.p3.2xlarge, 16 GB of GPU memory).
	DefaultModelArtifact  = "deepseek-r1-distill-qwen-1.5b/model.tar.gz"
	DefaultModelImage     = "763104351884.dkr.ecr.{region}.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124"
	DefaultMaxModelLength = 8192
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
	ModelArtifact            string
	ModelImageURI            string
	InstanceType             string
	InstanceStorage          bool
	MaxModelLength           int
	// RPOTargetMinutes and RTOTargetMinutes (modelfort:rpoTargetMinutes,
	// modelfort:rtoTargetMinutes) are the environment's recovery targets;
	// a configuration whose Budget cannot meet them is rejected.
	RPOTargetMinutes, RTOTargetMinutes int
}

// Profile returns the profile of the configured environment.
func (c Config) Profile() Profile { return Profiles[c.Environment] }

var awsRegion = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

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
		ModelImageURI: v.String(stackconfig.Key("modelImage"), DefaultModelImage),
		InstanceType:  v.String(stackconfig.Key("instanceType"), modelendpoint.DefaultInstanceType),

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
	p := c.Profile()
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
	}
	for _, k := range ints {
		n, err := v.Int(stackconfig.Key(k.key), k.def)
		if err != nil {
			return c, err
		}
		*k.dst = n
	}
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
	if err := stackconfig.Region(RegionKey, c.PrimaryRegion, awsRegion, "an AWS region", "us-east-1"); err != nil {
		return err
	}
	if err := stackconfig.Region(DRRegionKey, c.DRRegion, awsRegion, "an AWS region", "us-west-2"); err != nil {
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
	if c.MaxModelLength < 1 {
		return fmt.Errorf("%s:maxModelLength is %d; it must be positive", Namespace, c.MaxModelLength)
	}
	if strings.HasPrefix(c.ModelArtifact, "/") || strings.Contains(c.ModelArtifact, "..") || c.ModelArtifact == "" {
		return fmt.Errorf("%s:modelArtifact is %q; give the artifact's key under models/, such as %s", Namespace, c.ModelArtifact, DefaultModelArtifact)
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
