package modelendpoint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/instancestorage"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults.
const (
	DefaultInstanceType             = "ml.p3.2xlarge"
	DefaultInstances                = 2
	DefaultTargetInvocations        = 50
	DefaultErrorThreshold           = 5
	DefaultLatencyThresholdSeconds  = 30
	DefaultAnomalyBandWidth         = 2
	DefaultCaptureSamplingPercent   = 100
	DefaultModelDownloadTimeoutSecs = 1800
	// VariantName is the endpoint's one production variant.
	VariantName = "primary"
)

// Subnet is a private subnet the model runs in, and its zone.
type Subnet struct {
	ID   pulumi.StringInput
	Zone string
}

// Args configures an Endpoint. Image, ArtifactBucket, ArtifactKey,
// Subnets and SecurityGroupIds are required; every other field has a
// secure default.
type Args struct {
	// Image is the inference container image (an ECR URI). Required.
	Image string
	// Environment is passed to the container (for example the
	// large-model-inference container's OPTION_* settings). Default: none.
	Environment map[string]string
	// ArtifactBucket holds the model artifact under ArtifactPrefix;
	// ArtifactKey is the artifact (model.tar.gz) and must lie under it.
	// The model's role may read that prefix only. ArtifactBucket (in the
	// endpoint's region) and ArtifactKey are required; ArtifactPrefix
	// defaults to "" (the whole bucket).
	ArtifactBucket *wormbucket.Bucket
	ArtifactPrefix string
	ArtifactKey    string
	// Subnets are private subnets in at least two availability zones,
	// each with an ID and a Zone. Required.
	Subnets []Subnet
	// SecurityGroupIds are the endpoint tier's security groups. At least
	// one.
	SecurityGroupIds []pulumi.StringInput
	// KMSKeyArn encrypts the instances' storage: a KMS key ARN (not an
	// alias or a key ID), not with InstanceStorage. Default: a dedicated
	// key usable through SageMaker only.
	KMSKeyArn pulumi.StringInput
	// InstanceType is the ML instance type ("ml.FAMILY.SIZE"); a type
	// with local NVMe storage needs InstanceStorage. Default: ml.p3.2xlarge.
	InstanceType string
	// InstanceStorage accepts an instance type with local NVMe storage,
	// which AWS encrypts with a hardware key instead of a KMS key; only
	// for such a type. Default: off.
	InstanceStorage bool
	// Instances is the initial instance count: at least 2 (1 with
	// AllowSingleInstance). Default: 2, so that SageMaker spreads them
	// over zones.
	Instances int
	// AllowSingleInstance permits Instances and MinInstances of 1: an
	// explicit loosening for development. Default: off.
	AllowSingleInstance bool
	// MinInstances and MaxInstances bound auto scaling: MinInstances from
	// 2 (1 with AllowSingleInstance) to Instances, MaxInstances at least
	// Instances. Defaults: the initial count, and twice it.
	MinInstances, MaxInstances int
	// TargetInvocationsPerInstance is what auto scaling keeps each
	// instance at, per minute: positive. Default: 50.
	TargetInvocationsPerInstance int
	// CaptureBucket receives captured requests and responses under
	// CapturePrefix, encrypted with its key; CapturePercent of the
	// requests are captured, 1 to 100. Defaults: ArtifactBucket,
	// "data-capture/NAME/" and 100.
	CaptureBucket  *wormbucket.Bucket
	CapturePrefix  string
	CapturePercent int
	// ErrorThreshold is the number of 5XX errors in 5 minutes that alarms
	// (default 5); LatencyThresholdSeconds the average model latency that
	// alarms (default 30); AnomalyBandWidth the width, in standard
	// deviations, of the invocations anomaly band (default 2). Each is
	// positive.
	ErrorThreshold          int
	LatencyThresholdSeconds int
	AnomalyBandWidth        int
	// AlarmEmails subscribe to the alarm topic: email addresses. Default:
	// none.
	AlarmEmails []string
	// Tags are added to every resource that takes them. Default: none.
	Tags map[string]string
}

// Validate checks the arguments and fills in their defaults; its errors
// name the field and the allowed values. The buckets' region is checked
// when the component is created, once the provider's region is known.
// name is the component's (the default CapturePrefix names it).
func (a *Args) Validate(name string) error {
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	switch {
	case a.Image == "":
		return errors.New("Image is empty; give the inference container's image URI")
	case a.ArtifactBucket == nil:
		return errors.New("ArtifactBucket is nil; the model's artifact must come from a wormbucket.Bucket")
	case a.ArtifactKey == "" || strings.HasPrefix(a.ArtifactKey, "/"):
		return fmt.Errorf("ArtifactKey %q is not an object key", a.ArtifactKey)
	case !strings.HasPrefix(a.ArtifactKey, a.ArtifactPrefix) || a.ArtifactKey == a.ArtifactPrefix:
		return fmt.Errorf("ArtifactKey %q is outside ArtifactPrefix %q", a.ArtifactKey, a.ArtifactPrefix)
	case len(a.SecurityGroupIds) == 0:
		return errors.New("SecurityGroupIds is empty; give the endpoint tier's security group")
	}
	zones := map[string]bool{}
	for i, s := range a.Subnets {
		if s.ID == nil || s.Zone == "" {
			return fmt.Errorf("Subnets[%d] needs an ID and a Zone", i)
		}
		zones[s.Zone] = true
	}
	if len(a.Subnets) < 2 || len(zones) < 2 {
		return fmt.Errorf("Subnets span %d subnet(s) in %d zone(s); give subnets in at least 2 availability zones", len(a.Subnets), len(zones))
	}
	if a.InstanceType == "" {
		a.InstanceType = DefaultInstanceType
	}
	if _, ok := instancestorage.Family(a.InstanceType); !ok {
		return fmt.Errorf("InstanceType %q is not an ML instance type such as ml.g5.2xlarge", a.InstanceType)
	}
	nvme := instancestorage.HasNVMe(a.InstanceType)
	if nvme && !a.InstanceStorage {
		return fmt.Errorf("InstanceType %s has local NVMe storage, for which AWS refuses a KMS key; set InstanceStorage to accept its hardware encryption, or choose a type without it", a.InstanceType)
	}
	if !nvme && a.InstanceStorage {
		return fmt.Errorf("InstanceStorage is set but %s has no local NVMe storage; leave it off so that a KMS key encrypts the storage", a.InstanceType)
	}
	if nvme && a.KMSKeyArn != nil {
		return fmt.Errorf("KMSKeyArn is set but %s has local NVMe storage, for which AWS refuses a KMS key", a.InstanceType)
	}
	floor := 2
	if a.AllowSingleInstance {
		floor = 1
	}
	if a.Instances == 0 {
		a.Instances = DefaultInstances
	}
	if a.Instances < floor {
		return fmt.Errorf("Instances is %d; at least %d (set AllowSingleInstance to run 1)", a.Instances, floor)
	}
	if a.MinInstances == 0 {
		a.MinInstances = a.Instances
	}
	if a.MaxInstances == 0 {
		a.MaxInstances = 2 * a.Instances
	}
	if a.MinInstances < floor || a.MinInstances > a.Instances {
		return fmt.Errorf("MinInstances is %d; allowed values are %d to Instances (%d)", a.MinInstances, floor, a.Instances)
	}
	if a.MaxInstances < a.Instances {
		return fmt.Errorf("MaxInstances (%d) is below Instances (%d)", a.MaxInstances, a.Instances)
	}
	defaults := []struct {
		field string
		v     *int
		def   int
	}{
		{"TargetInvocationsPerInstance", &a.TargetInvocationsPerInstance, DefaultTargetInvocations},
		{"ErrorThreshold", &a.ErrorThreshold, DefaultErrorThreshold},
		{"LatencyThresholdSeconds", &a.LatencyThresholdSeconds, DefaultLatencyThresholdSeconds},
		{"AnomalyBandWidth", &a.AnomalyBandWidth, DefaultAnomalyBandWidth},
		{"CapturePercent", &a.CapturePercent, DefaultCaptureSamplingPercent},
	}
	for _, d := range defaults {
		if *d.v == 0 {
			*d.v = d.def
		}
		if *d.v < 1 {
			return fmt.Errorf("%s is %d; it must be positive", d.field, *d.v)
		}
	}
	if err := verify.Between("CapturePercent", a.CapturePercent, 1, 100, 0); err != nil {
		return err
	}
	if a.CaptureBucket == nil {
		a.CaptureBucket = a.ArtifactBucket
	}
	if a.CapturePrefix == "" {
		a.CapturePrefix = "data-capture/" + name + "/"
	}
	for i, e := range a.AlarmEmails {
		if !strings.Contains(e, "@") {
			return fmt.Errorf("AlarmEmails[%d] %q is not an email address", i, e)
		}
	}
	return nil
}
