package drill

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Outputs are the stack outputs the drills read. ParseOutputs fills the
// ones a scenario needs and fails naming every one that is missing.
type Outputs struct {
	Environment   string
	PrimaryRegion string
	DRRegion      string
	DomainName    string
	HostedZoneID  string
	// HealthCheckIDs are each site's CALCULATED serving health check, the
	// one its Route 53 failover record follows.
	HealthCheckIDs Sites
	// EndpointHealthCheckIDs are the CLOUDWATCH_METRIC health checks on
	// each site's endpoint alarms, children of the calculated check.
	EndpointHealthCheckIDs struct{ Primary, DR []string }
	FaultInjection         FaultInjection
	BackupVault            string
	BackupCopyVaultArn     string
	BackupRoleArn          string
	DataKeyReplicaArn      string
	ModelBucket            string
	ModelBucketArn         string
	ModelReplicaBucket     string
	// ModelArtifactKey and ModelDigest (hex SHA-256) are empty while no
	// model has been published.
	ModelArtifactKey string
	ModelDigest      string
	Budget           Budget
}

// Sites holds one value per site.
type Sites struct{ Primary, DR string }

// FaultInjection is the faultInjection output: the FIS experiment
// template of the region-outage drill and the stop condition that halts
// it (a CloudWatch alarm on a metric the drill can put).
type FaultInjection struct {
	Region                   string
	RegionOutageTemplateID   string
	StopAlarmName            string
	StopMetricNamespace      string
	StopMetricName           string
	StopMetricDimension      string
	StopMetricDimensionValue string
}

// Budget is the recoveryBudget output (stacks/aws/budget.go): minutes of
// data a disaster may lose and seconds serving may be down.
type Budget struct {
	RPOMinutes struct {
		ModelArtifacts, Backups, Worst, Target int
	}
	RTOSeconds struct {
		ProbeDetection, AlarmDetection, Detection, DNS, ScaleUp, Worst, Target int
	}
}

// Output names.
const (
	outEnvironment            = "environment"
	outPrimaryRegion          = "primaryRegion"
	outDRRegion               = "drRegion"
	outDomainName             = "domainName"
	outHostedZoneID           = "hostedZoneId"
	outHealthCheckIDs         = "healthCheckIds"
	outEndpointHealthCheckIDs = "endpointHealthCheckIds"
	outFaultInjection         = "faultInjection"
	outBackupVault            = "backupVault"
	outBackupCopyVaultArn     = "backupCopyVaultArn"
	outBackupRoleArn          = "backupRoleArn"
	outDataKeyReplicaArn      = "dataKeyReplicaArn"
	outModelBucket            = "modelBucket"
	outModelBucketArn         = "modelBucketArn"
	outModelReplicaBucket     = "modelReplicaBucket"
	outModelArtifactKey       = "modelArtifactKey"
	outModelDigest            = "modelDigest"
	outRecoveryBudget         = "recoveryBudget"
)

// commonOutputs are what every scenario needs.
var commonOutputs = []string{outEnvironment, outPrimaryRegion, outDRRegion, outRecoveryBudget}

// mayBeEmpty are the outputs that exist but are empty while nothing has
// been published.
var mayBeEmpty = []string{outModelArtifactKey, outModelDigest}

// MissingOutputsError names the stack outputs a drill needs and did not
// find, or found in another shape.
type MissingOutputsError struct {
	Stack   string
	Missing []string
	Invalid []string
}

func (e *MissingOutputsError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, "missing "+strings.Join(e.Missing, ", "))
	}
	if len(e.Invalid) > 0 {
		parts = append(parts, "not as expected: "+strings.Join(e.Invalid, "; "))
	}
	up := "make up"
	if e.Stack != "" {
		up = "make up STACK=" + e.Stack
	}
	return fmt.Sprintf("stack outputs %s; the stack may predate drills: run `%s` to update it", strings.Join(parts, "; "), up)
}

// ParseOutputs reads the outputs named in needs (and those every drill
// needs) from raw, the stack's outputs as the Automation API or
// "pulumi stack output --json" give them: strings, numbers (float64 or
// json.Number), maps and lists. Outputs not needed are read when present
// and well formed, and otherwise ignored.
func ParseOutputs(stack string, raw map[string]any, needs []string) (*Outputs, error) {
	needed := map[string]bool{}
	for _, n := range append(slices.Clone(commonOutputs), needs...) {
		needed[n] = true
	}
	p := &outputParser{raw: raw, needed: needed}
	o := &Outputs{}
	o.Environment = p.str(outEnvironment)
	o.PrimaryRegion = p.str(outPrimaryRegion)
	o.DRRegion = p.str(outDRRegion)
	o.DomainName = p.str(outDomainName)
	o.HostedZoneID = p.str(outHostedZoneID)
	if m := p.obj(outHealthCheckIDs); m != nil {
		o.HealthCheckIDs.Primary = p.sub(outHealthCheckIDs, m, "primary")
		o.HealthCheckIDs.DR = p.sub(outHealthCheckIDs, m, "dr")
	}
	if m := p.obj(outEndpointHealthCheckIDs); m != nil {
		o.EndpointHealthCheckIDs.Primary = p.subList(outEndpointHealthCheckIDs, m, "primary")
		o.EndpointHealthCheckIDs.DR = p.subList(outEndpointHealthCheckIDs, m, "dr")
	}
	if m := p.obj(outFaultInjection); m != nil {
		f := &o.FaultInjection
		f.Region = p.sub(outFaultInjection, m, "region")
		f.RegionOutageTemplateID = p.sub(outFaultInjection, m, "regionOutageTemplateId")
		f.StopAlarmName = p.sub(outFaultInjection, m, "stopAlarmName")
		f.StopMetricNamespace = p.sub(outFaultInjection, m, "stopMetricNamespace")
		f.StopMetricName = p.sub(outFaultInjection, m, "stopMetricName")
		f.StopMetricDimension = p.sub(outFaultInjection, m, "stopMetricDimension")
		f.StopMetricDimensionValue = p.sub(outFaultInjection, m, "stopMetricDimensionValue")
	}
	o.BackupVault = p.str(outBackupVault)
	o.BackupCopyVaultArn = p.str(outBackupCopyVaultArn)
	o.BackupRoleArn = p.str(outBackupRoleArn)
	o.DataKeyReplicaArn = p.str(outDataKeyReplicaArn)
	o.ModelBucket = p.str(outModelBucket)
	o.ModelBucketArn = p.str(outModelBucketArn)
	o.ModelReplicaBucket = p.str(outModelReplicaBucket)
	o.ModelArtifactKey = p.str(outModelArtifactKey)
	o.ModelDigest = p.str(outModelDigest)
	if m := p.obj(outRecoveryBudget); m != nil {
		b := &o.Budget
		if rpo := p.subObj(outRecoveryBudget, m, "rpoMinutes"); rpo != nil {
			name := outRecoveryBudget + ".rpoMinutes"
			b.RPOMinutes.ModelArtifacts = p.num(name, rpo, "modelArtifacts")
			b.RPOMinutes.Backups = p.num(name, rpo, "backups")
			b.RPOMinutes.Worst = p.num(name, rpo, "worst")
			b.RPOMinutes.Target = p.num(name, rpo, "target")
		}
		if rto := p.subObj(outRecoveryBudget, m, "rtoSeconds"); rto != nil {
			name := outRecoveryBudget + ".rtoSeconds"
			b.RTOSeconds.ProbeDetection = p.num(name, rto, "probeDetection")
			b.RTOSeconds.AlarmDetection = p.num(name, rto, "alarmDetection")
			b.RTOSeconds.Detection = p.num(name, rto, "detection")
			b.RTOSeconds.DNS = p.num(name, rto, "dns")
			b.RTOSeconds.ScaleUp = p.num(name, rto, "scaleUp")
			b.RTOSeconds.Worst = p.num(name, rto, "worst")
			b.RTOSeconds.Target = p.num(name, rto, "target")
		}
	}
	if len(p.missing) > 0 || len(p.invalid) > 0 {
		return nil, &MissingOutputsError{Stack: stack, Missing: p.missing, Invalid: p.invalid}
	}
	return o, nil
}

// outputParser reads outputs, noting the needed ones that are missing or
// malformed.
type outputParser struct {
	raw              map[string]any
	needed           map[string]bool
	missing, invalid []string
}

// root is the top-level output a dotted name belongs to.
func root(name string) string {
	r, _, _ := strings.Cut(name, ".")
	return r
}

func (p *outputParser) miss(name string) {
	if p.needed[root(name)] {
		p.missing = append(p.missing, name)
	}
}

func (p *outputParser) bad(name, format string, args ...any) {
	if p.needed[root(name)] {
		p.invalid = append(p.invalid, name+" "+fmt.Sprintf(format, args...))
	}
}

// get is an output's value; nil when absent or null.
func (p *outputParser) get(name string) (any, bool) {
	v, ok := p.raw[name]
	if !ok || v == nil {
		p.miss(name)
		return nil, false
	}
	return v, true
}

func (p *outputParser) str(name string) string {
	v, ok := p.get(name)
	if !ok {
		return ""
	}
	return p.asString(name, v)
}

func (p *outputParser) asString(name string, v any) string {
	s, ok := v.(string)
	if !ok {
		p.bad(name, "is a %T, not a string", v)
		return ""
	}
	if s == "[secret]" {
		p.bad(name, "is a secret: read the outputs with --show-secrets")
		return ""
	}
	if s == "" && !slices.Contains(mayBeEmpty, name) {
		p.miss(name)
	}
	return s
}

func (p *outputParser) obj(name string) map[string]any {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.bad(name, "is a %T, not an object", v)
		return nil
	}
	return m
}

func (p *outputParser) sub(parent string, m map[string]any, key string) string {
	name := parent + "." + key
	v, ok := m[key]
	if !ok || v == nil {
		p.miss(name)
		return ""
	}
	return p.asString(name, v)
}

func (p *outputParser) subObj(parent string, m map[string]any, key string) map[string]any {
	name := parent + "." + key
	v, ok := m[key]
	if !ok || v == nil {
		p.miss(name)
		return nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		p.bad(name, "is a %T, not an object", v)
		return nil
	}
	return o
}

func (p *outputParser) subList(parent string, m map[string]any, key string) []string {
	name := parent + "." + key
	v, ok := m[key]
	if !ok || v == nil {
		p.miss(name)
		return nil
	}
	var list []string
	switch l := v.(type) {
	case []any:
		for i, e := range l {
			s, ok := e.(string)
			if !ok || s == "" {
				p.bad(fmt.Sprintf("%s[%d]", name, i), "is not a health check ID")
				continue
			}
			list = append(list, s)
		}
	case []string:
		list = slices.Clone(l)
	default:
		p.bad(name, "is a %T, not a list", v)
	}
	return list
}

func (p *outputParser) num(parent string, m map[string]any, key string) int {
	name := parent + "." + key
	v, ok := m[key]
	if !ok || v == nil {
		p.miss(name)
		return 0
	}
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			p.bad(name, "is %q, not a number", n)
			return 0
		}
	default:
		p.bad(name, "is a %T, not a number", v)
		return 0
	}
	if f < 0 || f != math.Trunc(f) {
		p.bad(name, "is %v, not a whole number of at least 0", f)
		return 0
	}
	return int(f)
}

// Durations of the budget.
func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }
func seconds(n int) time.Duration { return time.Duration(n) * time.Second }
