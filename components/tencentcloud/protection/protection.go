// Package protection provides Protection, the account-level safeguards a
// Tencent Cloud deployment turns on where the provider offers them, each
// behind a switch: a CloudAudit tracker that records every management
// event (reads and writes) into a replicated COS bucket, encrypted with a
// KMS key, and Anti-DDoS protection policies for Anti-DDoS Advanced or Pro
// instances.
//
// Audit is on unless DisableAudit is set; it needs AuditBucket, a
// replicatedbucket.Bucket in the component's region (CloudAudit demands
// that the key be in the bucket's region). Anti-DDoS is off unless
// AntiDDoS names instances: the provider cannot buy an Anti-DDoS instance,
// it can only apply a policy to one that exists.
//
// Provider gaps (pulumi-tencentcloud v0.1.2): a KMS key cannot be shared
// with CloudAudit by a key policy (Tencent Cloud KMS has none); CloudAudit
// uses the key through its service role, which the account authorizes
// once in the CloudAudit console. Anti-DDoS Basic, which protects every
// public address for free, has no settings in the provider; the serving
// path here has no public address anyway.
package protection

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/audit"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/dayu"

	"github.com/modelfort/modelfort/components/tencentcloud/kmskey"
	"github.com/modelfort/modelfort/components/tencentcloud/replicatedbucket"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:Protection"

// ReadWriteAll is CloudAudit's setting that records both read and write
// events.
const ReadWriteAll = 3

// DefaultLogFilePrefix is the key prefix of the audit log files.
const DefaultLogFilePrefix = "cloudaudit"

// Anti-DDoS settings.
var (
	// AntiDDoSBusinesses are the kinds of Anti-DDoS instance: bgpip
	// (Anti-DDoS Advanced), bgp (Pro, single IP), bgp-multip (Pro,
	// shared), net (Pro, network).
	AntiDDoSBusinesses = []string{"bgpip", "bgp", "bgp-multip", "net"}
	// DDoSLevels are the protection levels.
	DDoSLevels = []string{"low", "middle", "high"}
)

// Defaults of an AntiDDoS target.
const (
	DefaultBusiness  = "bgpip"
	DefaultDDoSLevel = "middle"
)

// Args configures Protection. AuditBucket is required unless DisableAudit
// is set; every other field's zero value is the secure default.
type Args struct {
	// DisableAudit creates no CloudAudit tracker (explicit loosening, for
	// an account whose audit is run elsewhere).
	DisableAudit bool
	// AuditBucket receives the audit log. Its primary bucket must be in
	// the component's region.
	AuditBucket *replicatedbucket.Bucket
	// AuditName is the tracker's name: 3 to 128 letters, digits and '_'.
	// Default: "modelfort_NAME" ('-' becomes '_').
	AuditName string
	// LogFilePrefix is the key prefix of the log files: 3 to 40 letters,
	// digits, '_' and '-'. Default: "cloudaudit".
	LogFilePrefix string
	// AuditKeyId is the KMS key (in the bucket's region) that encrypts the
	// audit log. Default: a dedicated kmskey.Key, alias
	// "AUDITNAME-audit-log" ('_' becomes '-').
	AuditKeyId pulumi.StringInput
	// AntiDDoS are Anti-DDoS instances to protect with a policy each.
	AntiDDoS []AntiDDoS
	// Tags are added to the dedicated key.
	Tags map[string]string
}

// AntiDDoS is one Anti-DDoS Advanced or Pro instance to protect.
type AntiDDoS struct {
	// ResourceId is the instance's ID ("bgpip-00000001"). Required.
	ResourceId string
	// Business is the instance's kind (see AntiDDoSBusinesses). Default:
	// bgpip.
	Business string
	// Level is the protection level: low, middle or high. Default:
	// middle.
	Level string
}

// Protection is the deployment's audit tracker and Anti-DDoS policies.
type Protection struct {
	pulumi.ResourceState

	// AuditName is the tracker's name, or empty without audit.
	AuditName pulumi.StringOutput `pulumi:"auditName"`
	// AuditKeyId is the key that encrypts the audit log, or empty.
	AuditKeyId pulumi.StringOutput `pulumi:"auditKeyId"`
	// AntiDDoSPolicies are the IDs of the Anti-DDoS policies.
	AntiDDoSPolicies pulumi.StringArrayOutput `pulumi:"antiDdosPolicies"`

	// Region is where the component acts.
	Region string

	// Audit is the CloudAudit tracker, or nil without audit.
	Audit *audit.Instance
	// Key is the dedicated audit key, or nil.
	Key *kmskey.Key
}

var (
	auditName  = regexp.MustCompile(`^[a-zA-Z0-9_]{3,128}$`)
	filePrefix = regexp.MustCompile(`^[a-zA-Z0-9_-]{3,40}$`)
)

// validate checks args that need no lookup and fills in defaults; its
// errors name the field.
func (a *Args) validate(name string) error {
	if !a.DisableAudit {
		if a.AuditBucket == nil {
			return fmt.Errorf("protection %s: AuditBucket is nil; give the replicatedbucket.Bucket that receives the audit log, or set DisableAudit", name)
		}
		if a.AuditName == "" {
			a.AuditName = "modelfort_" + strings.ReplaceAll(name, "-", "_")
		}
		if !auditName.MatchString(a.AuditName) {
			return fmt.Errorf("protection %s: AuditName is %q; allowed values are 3 to 128 letters, digits and '_'", name, a.AuditName)
		}
		if a.LogFilePrefix == "" {
			a.LogFilePrefix = DefaultLogFilePrefix
		}
		if !filePrefix.MatchString(a.LogFilePrefix) {
			return fmt.Errorf("protection %s: LogFilePrefix is %q; allowed values are 3 to 40 letters, digits, '_' and '-'", name, a.LogFilePrefix)
		}
		if a.AuditKeyId == nil {
			if err := kmskey.Validate(name+"-audit", a.keyArgs()); err != nil {
				return fmt.Errorf("protection %s: AuditName is %q, which names the dedicated audit key; %w", name, a.AuditName, err)
			}
		}
	}
	for i := range a.AntiDDoS {
		d := &a.AntiDDoS[i]
		if d.ResourceId == "" {
			return fmt.Errorf("protection %s: AntiDDoS[%d].ResourceId is empty; give the ID of an Anti-DDoS instance", name, i)
		}
		if d.Business == "" {
			d.Business = DefaultBusiness
		}
		if !slices.Contains(AntiDDoSBusinesses, d.Business) {
			return fmt.Errorf("protection %s: AntiDDoS[%d].Business is %q; allowed values are %s", name, i, d.Business, strings.Join(AntiDDoSBusinesses, ", "))
		}
		if d.Level == "" {
			d.Level = DefaultDDoSLevel
		}
		if !slices.Contains(DDoSLevels, d.Level) {
			return fmt.Errorf("protection %s: AntiDDoS[%d].Level is %q; allowed values are %s", name, i, d.Level, strings.Join(DDoSLevels, ", "))
		}
		for _, prev := range a.AntiDDoS[:i] {
			if prev.ResourceId == d.ResourceId {
				return fmt.Errorf("protection %s: AntiDDoS[%d].ResourceId %q is named twice", name, i, d.ResourceId)
			}
		}
	}
	return nil
}

// keyArgs are the arguments of the dedicated audit key.
func (a *Args) keyArgs() *kmskey.Args {
	return &kmskey.Args{
		Alias:       strings.ReplaceAll(a.AuditName, "_", "-") + "-audit-log",
		Description: "modelfort CloudAudit log key " + a.AuditName,
		Tags:        a.Tags,
	}
}

// NewProtection creates the tracker and policies that args ask for. Args
// are checked before anything is registered. Resource options (provider,
// protect, aliases, ...) apply to the component and through it to every
// resource it creates.
func NewProtection(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Protection, error) {
	a := Args{}
	if args != nil {
		a = *args
		a.AntiDDoS = slices.Clone(args.AntiDDoS)
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("protection %s: %w", name, err)
	}
	if !a.DisableAudit && a.AuditBucket.Region != env.Region {
		return nil, fmt.Errorf("protection %s: AuditBucket is in %s, the component in %s; the audit log's key must be in the bucket's region, so create Protection with the bucket's provider", name, a.AuditBucket.Region, env.Region)
	}

	p := &Protection{Region: env.Region}
	if err := ctx.RegisterComponentResource(Type, name, p, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(p)
	p.AuditName = pulumi.String("").ToStringOutput()
	p.AuditKeyId = pulumi.String("").ToStringOutput()
	if !a.DisableAudit {
		keyID := a.AuditKeyId
		if keyID == nil {
			if p.Key, err = kmskey.NewKey(ctx, name+"-audit", a.keyArgs(), in); err != nil {
				return nil, err
			}
			keyID = p.Key.KeyId
		}
		if p.Audit, err = audit.NewInstance(ctx, name, &audit.InstanceArgs{
			Name:               pulumi.String(a.AuditName),
			AuditSwitch:        pulumi.Bool(true),
			ReadWriteAttribute: pulumi.Int(ReadWriteAll),
			// CloudAudit takes the bucket's own name, without the APPID.
			CosBucket:      pulumi.String(a.AuditBucket.Name),
			CosRegion:      pulumi.String(a.AuditBucket.Region),
			LogFilePrefix:  pulumi.String(a.LogFilePrefix),
			EnableKmsEncry: pulumi.Bool(true),
			KeyId:          keyID,
		}, in, pulumi.DependsOn([]pulumi.Resource{a.AuditBucket.Primary})); err != nil {
			return nil, err
		}
		p.AuditName = p.Audit.Name
		p.AuditKeyId = keyID.ToStringOutput()
	}
	var policies pulumi.StringArray
	for _, d := range a.AntiDDoS {
		pol, err := dayu.NewDdosPolicyV2(ctx, name+"-"+d.ResourceId, &dayu.DdosPolicyV2Args{
			ResourceId: pulumi.String(d.ResourceId),
			Business:   pulumi.String(d.Business),
			DdosLevel:  pulumi.String(d.Level),
			DdosAi:     pulumi.String("on"),
		}, in)
		if err != nil {
			return nil, err
		}
		policies = append(policies, pol.ID().ToStringOutput())
	}
	p.AntiDDoSPolicies = policies.ToStringArrayOutput()
	return p, ctx.RegisterResourceOutputs(p, pulumi.Map{
		"auditName": p.AuditName, "auditKeyId": p.AuditKeyId, "antiDdosPolicies": p.AntiDDoSPolicies,
	})
}
