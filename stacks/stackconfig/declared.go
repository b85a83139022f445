package stackconfig

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Types of configuration values.
const (
	String  = "string"
	Integer = "integer"
	Boolean = "boolean"
	Object  = "object"
)

// Clouds whose stacks read a key.
const (
	AWS          = "aws"
	TencentCloud = "tencentcloud"
)

// Decl declares one of modelfort's configuration keys: its name in the
// modelfort namespace, its type, the clouds whose stacks read it, and what
// it means. A stack's configuration may hold only declared keys (Check);
// the README's configuration tables are checked against Declared.
//
// Pulumi's own project-level declarations (config: in Pulumi.yaml) do not
// fit: a key declared there without a default is required in every stack
// of the project, and most of these keys have defaults that depend on the
// environment's profile, or belong to one cloud of the two that share
// the project.
type Decl struct {
	Name, Type  string
	Clouds      []string
	Description string
}

// Key is the declaration's configuration key, "modelfort:NAME".
func (d Decl) Key() string { return Key(d.Name) }

var (
	both     = []string{AWS, TencentCloud}
	awsOnly  = []string{AWS}
	tcloud   = []string{TencentCloud}
	declared = []Decl{
		{"cloud", String, both, "the cloud of the stack: aws (default) or tencentcloud"},
		{"environment", String, both, "the profile: dev, staging or prod"},
		// AWS.
		{"drRegion", String, awsOnly, "the disaster-recovery region"},
		{"retentionMode", String, awsOnly, "object-lock mode of model artifacts and audit logs"},
		{"retentionDays", Integer, awsOnly, "their retention in days"},
		{"backupRpoHours", Integer, awsOnly, "the backup plan's recovery point objective"},
		{"apiGatewayAccountLogging", Boolean, awsOnly, "own each region's API Gateway logging role"},
		{"guardDuty", Boolean, awsOnly, "the audit trail's own GuardDuty detector (before threatDetection)"},
		{"threatDetection", Object, awsOnly, "who owns GuardDuty, Security Hub and AWS Config in both regions"},
		{"incidents", Object, awsOnly, "where alarms and findings go"},
		{"shield", Boolean, awsOnly, "Shield Advanced protections"},
		{"shieldMitigation", String, awsOnly, "the action of Shield's automatic L7 mitigation"},
		{"shieldResponse", Object, awsOnly, "the Shield Response Team's access and proactive engagement"},
		{"primaryInstances", Integer, awsOnly, "serving instances in the primary region"},
		{"standbyInstances", Integer, awsOnly, "warm standby instances in the DR region"},
		{"scaleUpMinutes", Integer, both, "time for the standby to reach the primary's size"},
		{"healthCheckIntervalSeconds", Integer, awsOnly, "failover health-check interval"},
		{"healthCheckFailureThreshold", Integer, awsOnly, "failures before failover"},
		{"dnsTtlSeconds", Integer, both, "failover records' TTL"},
		{"rpoTargetMinutes", Integer, both, "the recovery point target"},
		{"rtoTargetMinutes", Integer, both, "the recovery time target"},
		{"modelDigest", String, awsOnly, "the SHA-256 of the published artifact (make publish sets it)"},
		{"modelArtifact", String, awsOnly, "the artifact's name under its content address"},
		{"modelImage", String, both, "the inference container image"},
		{"instanceType", String, awsOnly, "the serving instance type"},
		{"instanceStorage", Boolean, awsOnly, "whether the instance type has NVMe storage"},
		{"maxModelLength", Integer, awsOnly, "the context length served"},
		{"maxNewTokens", Integer, awsOnly, "the most tokens a request may generate"},
		{"tokensPerSecond", Integer, awsOnly, "the slowest generation rate the path is sized for"},
		{"integrationTimeoutSeconds", Integer, awsOnly, "the front door's and the handler's timeout"},
		{"capturePercent", Integer, awsOnly, "the share of requests captured for model monitoring"},
		{"domainName", String, awsOnly, "the name clients call, which fails over between the regions"},
		{"hostedZoneId", String, awsOnly, "the Route 53 hosted zone of domainName"},
		{"primaryCertificateArn", String, awsOnly, "the ACM certificate of domainName in the primary region"},
		{"drCertificateArn", String, awsOnly, "the ACM certificate of domainName in the DR region"},
		{"cdnDomainName", String, awsOnly, "with Shield: the CloudFront distribution's name"},
		{"cdnCertificateArn", String, awsOnly, "with Shield: its ACM certificate, in us-east-1"},
		// Tencent Cloud.
		{"replicaRegion", String, tcloud, "the region of the replicas"},
		{"zoneCount", Integer, tcloud, "availability zones of the network and the cluster"},
		{"minNodes", Integer, tcloud, "the serving cluster's least nodes"},
		{"maxNodes", Integer, tcloud, "the serving cluster's most nodes"},
		{"cloudAudit", Boolean, tcloud, "a CloudAudit tracker of the stack's own"},
		{"vpcCidr", String, tcloud, "the VPC's address block"},
		{"nodeInstanceType", String, tcloud, "the cluster nodes' instance type"},
		{"clbLogSetId", String, tcloud, "the CLS log set of the load balancer's logs"},
		{"antiDdosInstance", String, tcloud, "the Anti-DDoS Pro instance"},
		{"antiDdosBusiness", String, tcloud, "the Anti-DDoS business type"},
		{"replicaVpcCidr", String, tcloud, "the replica region's VPC block, apart from vpcCidr"},
		{"replicaMinNodes", Integer, tcloud, "the warm standby's nodes in the replica region"},
		{"modelPath", String, tcloud, "the model's prefix in the model bucket"},
		{"certificateId", String, tcloud, "the SSL certificate of the service name"},
		{"serviceDomain", String, tcloud, "the private zone of the service name model.DOMAIN"},
		{"activeRegion", String, tcloud, "the region the service name points at"},
		{"alarmReceivers", Object, tcloud, "the Cloud Monitor notification templates of the alarms"},
		{"replicationMinutes", Integer, tcloud, "the COS replication lag the recovery budget assumes"},
		{"responseMinutes", Integer, tcloud, "on-call's time from the alarm to a finished failover"},
	}
)

// Declared returns the declarations of modelfort's keys, in a stable
// order.
func Declared() []Decl { return slices.Clone(declared) }

// Check refuses configuration that holds a key of the modelfort namespace
// that no declaration names, or a value not of its key's type: a
// misspelled key would otherwise be ignored, and its default used
// silently. config maps keys ("modelfort:retentionDays") to values as
// Pulumi passes them (structured values as JSON); keys of other
// namespaces (aws:region) are left to their providers.
func Check(config map[string]string) error {
	byKey := map[string]Decl{}
	for _, d := range declared {
		byKey[d.Key()] = d
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range config {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		if !strings.HasPrefix(k, Namespace+":") {
			continue
		}
		d, ok := byKey[k]
		if !ok {
			msg := fmt.Sprintf("%s is not a configuration key of modelfort", k)
			if near := nearest(k, byKey); near != "" {
				msg += fmt.Sprintf("; did you mean %s?", near)
			}
			return fmt.Errorf("%s (the keys are listed in README.md, \"Environments\")", msg)
		}
		if err := d.check(config[k]); err != nil {
			return err
		}
	}
	return nil
}

// check checks a value against the declaration's type.
func (d Decl) check(v string) error {
	switch d.Type {
	case Integer:
		if _, err := strconv.Atoi(v); err != nil {
			return fmt.Errorf("%s is %q; it must be a whole number", d.Key(), v)
		}
	case Boolean:
		if _, err := strconv.ParseBool(v); err != nil {
			return fmt.Errorf("%s is %q; allowed values are true and false", d.Key(), v)
		}
	case Object:
		var m map[string]any
		if err := json.Unmarshal([]byte(v), &m); err != nil {
			return fmt.Errorf("%s is %q; it must be an object (a YAML mapping in the stack file)", d.Key(), v)
		}
	}
	return nil
}

// nearest is the declared key closest to k, within two edits (ignoring
// case), or "".
func nearest(k string, byKey map[string]Decl) string {
	best, bestDist := "", 3
	for _, d := range declared {
		if dist := distance(strings.ToLower(k), strings.ToLower(d.Key())); dist < bestDist {
			best, bestDist = d.Key(), dist
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
