package protection

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/kmskey"
	"github.com/modelfort/modelfort/components/tencentcloud/replicatedbucket"
	"github.com/modelfort/modelfort/internal/verify"
)

// ReadWriteAll is CloudAudit's setting that records both read and write
// events.
const ReadWriteAll = 3

// DefaultLogFilePrefix is the key prefix of the audit log files.
const DefaultLogFilePrefix = "cloudaudit"

// AuditRegion is the one region CloudAudit's API serves: CreateAudit,
// DescribeAudit and UpdateAudit take Region "ap-guangzhou" only
// (https://www.tencentcloud.com/document/api/1021/34208). The tracker is
// created through a provider of that region; its bucket and key may be
// elsewhere.
const AuditRegion = "ap-guangzhou"

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
	// an account whose audit is run elsewhere). Default: false.
	DisableAudit bool
	// AuditBucket receives the audit log. Its primary bucket must be in
	// the component's region. Required unless DisableAudit.
	AuditBucket *replicatedbucket.Bucket
	// AuditProvider is the tencentcloud provider the tracker is created
	// through, which must act in AuditRegion (ap-guangzhou) for the
	// component's account. Default: the component's provider, which must
	// then act in ap-guangzhou.
	AuditProvider pulumi.ProviderResource
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
	// AntiDDoS are Anti-DDoS instances to protect with a policy each,
	// each instance once. Default: none.
	AntiDDoS []AntiDDoS
	// Tags are added to the dedicated key. Default: none.
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

var (
	auditName  = regexp.MustCompile(`^[a-zA-Z0-9_]{3,128}$`)
	filePrefix = regexp.MustCompile(`^[a-zA-Z0-9_-]{3,40}$`)
)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
// AntiDDoS becomes a filled-in copy, so that the caller's list is left
// as it is. The bucket's region and the tracker's (AuditProvider's) are
// checked by NewProtection, which asks the providers.
func (a *Args) Validate(name string) error {
	if !a.DisableAudit {
		if err := a.validateAudit(name); err != nil {
			return err
		}
	}
	a.AntiDDoS = slices.Clone(a.AntiDDoS)
	for i := range a.AntiDDoS {
		d := &a.AntiDDoS[i]
		field := fmt.Sprintf("AntiDDoS[%d]", i)
		if d.ResourceId == "" {
			return fmt.Errorf("%s.ResourceId is empty; give the ID of an Anti-DDoS instance", field)
		}
		if d.Business == "" {
			d.Business = DefaultBusiness
		}
		if err := verify.OneOf(field+".Business", d.Business, AntiDDoSBusinesses...); err != nil {
			return err
		}
		if d.Level == "" {
			d.Level = DefaultDDoSLevel
		}
		if err := verify.OneOf(field+".Level", d.Level, DDoSLevels...); err != nil {
			return err
		}
		for _, prev := range a.AntiDDoS[:i] {
			if prev.ResourceId == d.ResourceId {
				return fmt.Errorf("%s.ResourceId %q is named twice", field, d.ResourceId)
			}
		}
	}
	return nil
}

// validateAudit checks and fills in the tracker's settings.
func (a *Args) validateAudit(name string) error {
	if a.AuditBucket == nil {
		return fmt.Errorf("AuditBucket is nil; give the replicatedbucket.Bucket that receives the audit log, or set DisableAudit")
	}
	if a.AuditName == "" {
		a.AuditName = "modelfort_" + strings.ReplaceAll(name, "-", "_")
	}
	if !auditName.MatchString(a.AuditName) {
		return fmt.Errorf("AuditName is %q; allowed values are 3 to 128 letters, digits and '_'", a.AuditName)
	}
	if a.LogFilePrefix == "" {
		a.LogFilePrefix = DefaultLogFilePrefix
	}
	if !filePrefix.MatchString(a.LogFilePrefix) {
		return fmt.Errorf("LogFilePrefix is %q; allowed values are 3 to 40 letters, digits, '_' and '-'", a.LogFilePrefix)
	}
	if a.AuditKeyId == nil {
		if err := kmskey.Validate(keyName(name), a.keyArgs()); err != nil {
			return fmt.Errorf("AuditName is %q, which names the dedicated audit key; %w", a.AuditName, err)
		}
	}
	return nil
}
