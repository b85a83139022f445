package modelendpoint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/capturebucket"
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
	DefaultCapturePercent           = 10
	DefaultModelDownloadTimeoutSecs = 1800
	// DefaultAlarmPeriodSeconds and DefaultAlarmEvaluationPeriods make
	// the 5XX and latency alarms see a failure within 3 minutes.
	DefaultAlarmPeriodSeconds     = 60
	DefaultAlarmEvaluationPeriods = 3
	MaxAlarmEvaluationPeriods     = 10
	// MaxAlarmPeriodSeconds is one day; and CloudWatch lets an alarm
	// look back at most 7 days (period times evaluation periods).
	MaxAlarmPeriodSeconds = 86400
	maxAlarmRangeSeconds  = 7 * 86400
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
	// ArtifactObject is the resource that uploads ArtifactKey when the
	// same program uploads it (an s3.BucketObjectv2): the model waits for
	// it, because SageMaker refuses a model whose data is not there yet
	// ("Could not find model data at s3://..."). Leave it nil when the
	// artifact is published before the program runs, as the stacks do
	// (make publish). Default: nil.
	ArtifactObject pulumi.Resource
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
	// CaptureBucket receives a sample of the requests and answers (data
	// capture) under CapturePrefix, encrypted with its key; the role may
	// write under that prefix only. It must be in the endpoint's region.
	// Default (nil): a capturebucket.Bucket of the endpoint's own,
	// NAME-capture, so that captured data, which must stay erasable,
	// never mixes with model artifacts. The ArtifactBucket is never
	// written.
	CaptureBucket *capturebucket.Bucket
	// CapturePrefix is where requests and answers are captured. Default:
	// "data-capture/NAME/".
	CapturePrefix string
	// CapturePercent is the share of requests captured: 1 to 100.
	// Default (0): 10.
	CapturePercent int
	// DisableCapture turns data capture off: no capture bucket, no
	// capture permissions; CaptureBucket, CapturePrefix and
	// CapturePercent must then be unset. Default: off (capture on).
	DisableCapture bool
	// ErrorThreshold is the number of 5XX errors per alarm period (Sum)
	// that, in each of AlarmEvaluationPeriods periods in a row, sets off
	// the 5XX alarm (default 5); LatencyThresholdSeconds the average
	// model latency per period that, in each of those periods, sets off
	// the latency alarm (default 30); AnomalyBandWidth the width, in
	// standard deviations, of the invocations anomaly band (default 2).
	// Each is positive.
	ErrorThreshold          int
	LatencyThresholdSeconds int
	AnomalyBandWidth        int
	// AlarmPeriodSeconds is the period of the 5XX and latency alarms,
	// which health checks may watch to fail over: a multiple of 60, up to
	// 86400 (SageMaker publishes these metrics each minute, and Route 53
	// accepts standard-resolution alarms only, so CloudWatch's
	// high-resolution 10 and 30 are refused). Default (0): 60.
	AlarmPeriodSeconds int
	// AlarmEvaluationPeriods is how many periods in a row must breach
	// (all of them: N out of N) before those alarms fire: 1 to 10, and
	// AlarmPeriodSeconds times it at most 7 days. Default (0): 3.
	AlarmEvaluationPeriods int
	// AlarmEmails subscribe to the alarm topic: email addresses. Required
	// unless AlarmTopicArn is given (alarms that reach nobody are
	// refused); not with it.
	AlarmEmails []string
	// AlarmTopicArn is a standard SNS topic, in the endpoint's region,
	// that the alarms notify instead of a topic of the component's own
	// (an incidents.Routing's TopicArn): its subscribers and its key
	// policy, which must let CloudWatch use the key, are the caller's.
	// Default: a topic of the component's own, encrypted with a key of
	// its own, that AlarmEmails subscribe to.
	AlarmTopicArn pulumi.StringInput
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
	}
	for _, d := range defaults {
		if *d.v == 0 {
			*d.v = d.def
		}
		if *d.v < 1 {
			return fmt.Errorf("%s is %d; it must be positive", d.field, *d.v)
		}
	}
	if err := a.validateCapture(name); err != nil {
		return err
	}
	if err := a.validateAlarms(); err != nil {
		return err
	}
	for i, e := range a.AlarmEmails {
		if !strings.Contains(e, "@") {
			return fmt.Errorf("AlarmEmails[%d] %q is not an email address", i, e)
		}
	}
	if a.AlarmTopicArn == nil && len(a.AlarmEmails) == 0 {
		return fmt.Errorf("AlarmEmails and AlarmTopicArn are both empty, so the endpoint's alarms would reach nobody; give the on-call addresses (AlarmEmails), or a topic whose subscribers you manage (AlarmTopicArn, such as an incidents.Routing's TopicArn)")
	}
	if a.AlarmTopicArn != nil && len(a.AlarmEmails) > 0 {
		return fmt.Errorf("AlarmEmails subscribe to the component's own alarm topic, but AlarmTopicArn is given; subscribe the addresses to that topic where it is managed")
	}
	// The topic's region is checked by NewEndpoint, once the provider's
	// is known.
	return verify.AlarmTopicArn("AlarmTopicArn", a.AlarmTopicArn, "")
}

// validateCapture checks the data-capture fields and fills in their
// defaults. A nil CaptureBucket stays nil: NewEndpoint creates one.
func (a *Args) validateCapture(name string) error {
	if a.DisableCapture {
		if a.CaptureBucket != nil || a.CapturePrefix != "" || a.CapturePercent != 0 {
			return errors.New("DisableCapture is set together with CaptureBucket, CapturePrefix or CapturePercent; leave those unset to turn capture off")
		}
		return nil
	}
	if a.CapturePercent == 0 {
		a.CapturePercent = DefaultCapturePercent
	}
	if err := verify.Between("CapturePercent", a.CapturePercent, 1, 100, DefaultCapturePercent); err != nil {
		return err
	}
	if a.CapturePrefix == "" {
		a.CapturePrefix = "data-capture/" + name + "/"
	}
	if strings.HasPrefix(a.CapturePrefix, "/") || !strings.HasSuffix(a.CapturePrefix, "/") {
		return fmt.Errorf("CapturePrefix %q must be a key prefix ending in '/', not starting with '/'", a.CapturePrefix)
	}
	return nil
}

// validateAlarms checks the period and evaluation periods of the 5XX and
// latency alarms and fills in their defaults.
func (a *Args) validateAlarms() error {
	if a.AlarmPeriodSeconds == 0 {
		a.AlarmPeriodSeconds = DefaultAlarmPeriodSeconds
	}
	if p := a.AlarmPeriodSeconds; p < 60 || p%60 != 0 || p > MaxAlarmPeriodSeconds {
		return fmt.Errorf("AlarmPeriodSeconds is %d; allowed values are multiples of 60 up to %d (0 means %d); "+
			"SageMaker publishes its metrics each minute and Route 53 health checks accept standard-resolution alarms only",
			p, MaxAlarmPeriodSeconds, DefaultAlarmPeriodSeconds)
	}
	if a.AlarmEvaluationPeriods == 0 {
		a.AlarmEvaluationPeriods = DefaultAlarmEvaluationPeriods
	}
	if err := verify.Between("AlarmEvaluationPeriods", a.AlarmEvaluationPeriods, 1, MaxAlarmEvaluationPeriods, DefaultAlarmEvaluationPeriods); err != nil {
		return err
	}
	if r := a.AlarmPeriodSeconds * a.AlarmEvaluationPeriods; r > maxAlarmRangeSeconds {
		return fmt.Errorf("AlarmPeriodSeconds (%d) times AlarmEvaluationPeriods (%d) is %d seconds; CloudWatch allows at most %d (7 days)",
			a.AlarmPeriodSeconds, a.AlarmEvaluationPeriods, r, maxAlarmRangeSeconds)
	}
	return nil
}
