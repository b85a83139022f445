package offlinecloud

import (
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Amazon RDS: the shapes, rules, unique names and prerequisites of the DB
// instance, subnet group, parameter group and cross-Region automated
// backups replication that the metadata store creates. They join the AWS
// tables here, so that the tables of the other services stay as they are.

// RDS resource types.
const (
	typeRDSInstance       = "aws:rds/instance:Instance"
	typeRDSSubnetGroup    = "aws:rds/subnetGroup:SubnetGroup"
	typeRDSParameterGroup = "aws:rds/parameterGroup:ParameterGroup"
	typeRDSBackupsReplica = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"
	typeEC2Subnet         = "aws:ec2/subnet:Subnet"
)

// Sources of the RDS rules.
const (
	srcRDSCreateDBInstance       = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html"
	srcRDSDeleteDBInstance       = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html"
	srcRDSCreateDBSubnetGroup    = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html"
	srcRDSCreateDBParameterGroup = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html"
	srcRDSStorageAutoscaling     = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html"
	srcRDSEnhancedMonitoring     = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html"
	// The wording of a duplicate identifier, as users report it.
	srcRDSInstanceExists = "https://github.com/crossplane-contrib/provider-upjet-aws/issues/1346"
	// The wording of a duplicate subnet group name, as users report it.
	srcRDSSubnetGroupExists = "https://github.com/terraform-in-action/manning-code/issues/20"
)

// rdsIdentifierMessage is RDS's refusal of an identifier that breaks its
// format, for the parameter named param.
func rdsIdentifierMessage(param string) string {
	return "InvalidParameterValue: The parameter " + param + " is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens."
}

var rdsIdentifierChars = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)

// rdsIdentifier refuses an identifier at path (RDS's parameter param)
// that breaks the format every RDS identifier shares, or is longer than
// max characters.
func rdsIdentifier(path, param string, max int) func(resource.PropertyMap) []violation {
	return eachString(path, func(s string, _ []int) (string, bool) {
		if len(s) > max {
			return fmt.Sprintf("InvalidParameterValue: The parameter %s is not a valid identifier because it is longer than %d characters.", param, max), true
		}
		bad := !rdsIdentifierChars.MatchString(s) || strings.Contains(s, "--") || strings.HasSuffix(s, "-")
		return rdsIdentifierMessage(param), bad
	})
}

// rdsMonitoringIntervals are the intervals, in seconds, that enhanced
// monitoring accepts (0 turns it off).
var rdsMonitoringIntervals = []int{0, 1, 5, 10, 15, 30, 60}

// finalSnapshotRequired is the provider's refusal to delete an instance
// without a final snapshot identifier when a final snapshot is asked for
// (skipFinalSnapshot false, its default).
const finalSnapshotRequired = "final_snapshot_identifier is required when skip_final_snapshot is false"

var rdsRules = map[string][]Rule{
	typeRDSInstance: {
		{
			ID: "RDS-INSTANCE-IDENTIFIER", Property: "identifier",
			Refuses: "a DB instance identifier outside 1 to 63 letters, digits and hyphens, not beginning with a letter, ending with a hyphen or holding two consecutive hyphens",
			Message: rdsIdentifierMessage("DBInstanceIdentifier"),
			Source:  srcRDSCreateDBInstance,
			check:   rdsIdentifier("identifier", "DBInstanceIdentifier", 63),
		},
		{
			ID: "RDS-BACKUP-RETENTION", Property: "backupRetentionPeriod",
			Refuses: "a backup retention period outside 0 to 35 days",
			Message: "expected backup_retention_period to be in the range (0 - 35), got X",
			Source:  srcRDSCreateDBInstance,
			check: eachNumber("backupRetentionPeriod", func(n float64, _ []int) (string, bool) {
				return fmt.Sprintf("expected backup_retention_period to be in the range (0 - 35), got %s", strconv.FormatFloat(n, 'f', -1, 64)), n < 0 || n > 35
			}),
		},
		{
			ID: "RDS-MONITORING-INTERVAL", Property: "monitoringInterval",
			Refuses: "an enhanced monitoring interval other than 0, 1, 5, 10, 15, 30, 60 seconds",
			Message: "expected monitoring_interval to be one of [0 1 5 10 15 30 60], got X",
			Source:  srcRDSCreateDBInstance,
			check: eachNumber("monitoringInterval", func(n float64, _ []int) (string, bool) {
				return fmt.Sprintf("expected monitoring_interval to be one of %v, got %s", rdsMonitoringIntervals, strconv.FormatFloat(n, 'f', -1, 64)),
					n != math.Trunc(n) || !slices.Contains(rdsMonitoringIntervals, int(n))
			}),
		},
		{
			ID: "RDS-FINAL-SNAPSHOT", Property: "finalSnapshotIdentifier",
			Refuses: "an instance that asks for a final snapshot (`skipFinalSnapshot` false or absent, the default) without a `finalSnapshotIdentifier`: the provider refuses to delete it, so the stand-in refuses to create it; and a final snapshot identifier that breaks the identifier format (1 to 255 letters, digits and hyphens, beginning with a letter, no `--`, no final hyphen)",
			Message: finalSnapshotRequired,
			Source:  srcRDSDeleteDBInstance,
			check: all(
				rdsFinalSnapshotRequired,
				rdsIdentifier("finalSnapshotIdentifier", "FinalDBSnapshotIdentifier", 255),
			),
		},
		{
			ID: "RDS-MAX-STORAGE", Property: "maxAllocatedStorage",
			Refuses: "a storage autoscaling threshold (`maxAllocatedStorage`, not 0) less than 10% above the allocated storage",
			Message: "InvalidParameterCombination: Invalid max storage size for X",
			Source:  srcRDSStorageAutoscaling,
			check:   rdsMaxStorage,
		},
	},
}

// rdsFinalSnapshotRequired refuses an instance that asks for a final
// snapshot without naming it.
func rdsFinalSnapshotRequired(in resource.PropertyMap) []violation {
	if v, present := in["skipFinalSnapshot"]; present && !v.IsNull() {
		skip, ok := known(v)
		if !ok || skip.IsBool() && skip.BoolValue() {
			return nil
		}
	}
	if v, present := in["finalSnapshotIdentifier"]; present && !v.IsNull() {
		if id, ok := known(v); !ok || id.IsString() && id.StringValue() != "" {
			return nil
		}
	}
	return []violation{{"finalSnapshotIdentifier", finalSnapshotRequired}}
}

// rdsMaxStorage refuses a storage autoscaling threshold that is not at
// least 10% above the allocated storage.
func rdsMaxStorage(in resource.PropertyMap) []violation {
	maxV, ok1 := known(in["maxAllocatedStorage"])
	alloc, ok2 := known(in["allocatedStorage"])
	if !ok1 || !ok2 || !maxV.IsNumber() || !alloc.IsNumber() || maxV.NumberValue() == 0 {
		return nil
	}
	if maxV.NumberValue()*10 >= alloc.NumberValue()*11 {
		return nil
	}
	engine := "X"
	if e, ok := known(in["engine"]); ok && e.IsString() {
		engine = e.StringValue()
	}
	return []violation{{"maxAllocatedStorage", "InvalidParameterCombination: Invalid max storage size for " + engine}}
}

// rdsKinds shape the RDS types. The provider autonames a DB instance's
// identifier and the groups' names; they are lower case here, as RDS
// stores them (pulumi-aws provider/resources.go; the provider's own
// validation of these names accepts lower case only). The instance's ID
// is its resource ID, "db-" and 26 upper-case characters, not its
// identifier, since the Terraform AWS provider v5
// (https://github.com/hashicorp/terraform-provider-aws/issues/31232).
var rdsKinds = map[string]Kind{
	typeRDSInstance: {
		Autoname:  "identifier",
		LowerName: true,
		ID:        rdsResourceID,
		ARN:       Template("arn:{partition}:rds:{region}:{account}:db:{$identifier}"),
		ForceNew:  []string{"identifier", "identifierPrefix", "engine", "dbName", "kmsKeyId", "storageEncrypted", "username", "characterSetName", "timezone"},
		Computed: map[string]Attr{
			"resourceId":        Template("{id}"),
			"address":           rdsAddress,
			"port":              rdsPort,
			"endpoint":          rdsEndpoint,
			"masterUserSecrets": rdsMasterUserSecrets,
		},
	},
	typeRDSSubnetGroup: func() Kind {
		k := namedKind("arn:{partition}:rds:{region}:{account}:subgrp:{$name}", "namePrefix")
		k.LowerName = true
		return k
	}(),
	typeRDSParameterGroup: func() Kind {
		k := namedKind("arn:{partition}:rds:{region}:{account}:pg:{$name}", "namePrefix", "family", "description")
		k.LowerName = true
		return k
	}(),
	// The replication of an instance's automated backups lives in the
	// destination region; its ID is the ARN of the replicated backups
	// (auto-backup:ab-...), and it has no other ARN.
	typeRDSBackupsReplica: {
		ID:       rdsReplicatedBackupsARN,
		NoARN:    true,
		ForceNew: []string{"sourceDbInstanceArn", "kmsKeyId", "retentionPeriod", "preSignedUrl"},
	},
}

// seedText returns n lower-case letters and digits derived from the
// resource, as RDS's generated names hold.
func seedText(r *Instance, salt string, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	sum := hashOf(hex.EncodeToString(r.seed), salt)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(alphabet[int(sum[i%len(sum)]+byte(i/len(sum)))%len(alphabet)])
	}
	return b.String()
}

// rdsResourceID is an instance's resource ID: "db-" and 26 upper-case
// letters and digits.
func rdsResourceID(r *Instance) (resource.PropertyValue, error) {
	return resource.NewProperty("db-" + strings.ToUpper(seedText(r, "resource-id", 26))), nil
}

// rdsAddress is an instance's DNS name: IDENTIFIER.RANDOM.REGION.rds.DNSSUFFIX.
func rdsAddress(r *Instance) (resource.PropertyValue, error) {
	id, err := r.expand("{$identifier}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	return resource.NewProperty(fmt.Sprintf("%s.%s.%s.rds.%s", strings.ToLower(id), seedText(r, "address", 12), r.Env.Region, r.Env.DNSSuffix)), nil
}

// rdsDefaultPorts are the engines' default ports.
var rdsDefaultPorts = map[string]float64{"postgres": 5432, "mysql": 3306, "mariadb": 3306}

// rdsPort is the port the program gives, or the engine's default.
func rdsPort(r *Instance) (resource.PropertyValue, error) {
	if v, ok := known(r.Inputs["port"]); ok && v.IsNumber() && v.NumberValue() != 0 {
		return v, nil
	}
	if e, ok := known(r.Inputs["engine"]); ok && e.IsString() {
		if p, ok := rdsDefaultPorts[e.StringValue()]; ok {
			return resource.NewProperty(p), nil
		}
	}
	return resource.NewProperty(5432.0), nil
}

// rdsEndpoint is ADDRESS:PORT.
func rdsEndpoint(r *Instance) (resource.PropertyValue, error) {
	addr, err := rdsAddress(r)
	if err != nil {
		return addr, err
	}
	port, _ := rdsPort(r)
	return resource.NewProperty(addr.StringValue() + ":" + strconv.FormatFloat(port.NumberValue(), 'f', -1, 64)), nil
}

// rdsMasterUserSecrets is the secret RDS manages for the master user when
// the program asks it to (manageMasterUserPassword): its ARN
// (secret:rds!db-UUID-SUFFIX), the key that encrypts it and its status;
// none otherwise.
func rdsMasterUserSecrets(r *Instance) (resource.PropertyValue, error) {
	if v, ok := known(r.Inputs["manageMasterUserPassword"]); !ok || !v.IsBool() || !v.BoolValue() {
		return resource.NewProperty([]resource.PropertyValue{}), nil
	}
	arn, err := r.expand("arn:{partition}:secretsmanager:{region}:{account}:secret:rds!db-{uuid}-")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	arn += seedText(r, "secret", 6)
	key := "arn:" + r.Env.Partition + ":kms:" + r.Env.Region + ":" + r.Env.Account + ":alias/aws/secretsmanager"
	if v, ok := known(r.Inputs["masterUserSecretKmsKeyId"]); ok && v.IsString() && v.StringValue() != "" {
		key = v.StringValue()
	}
	return resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
		"secretArn":    resource.NewProperty(arn),
		"kmsKeyId":     resource.NewProperty(key),
		"secretStatus": resource.NewProperty("active"),
	})}), nil
}

// rdsReplicatedBackupsARN is the ARN of replicated automated backups in
// the destination region.
func rdsReplicatedBackupsARN(r *Instance) (resource.PropertyValue, error) {
	prefix, err := r.expand("arn:{partition}:rds:{region}:{account}:auto-backup:ab-")
	return resource.NewProperty(prefix + seedText(r, "auto-backup", 38)), err
}

// rdsNames are the names RDS lets one object hold at a time. RDS stores
// identifiers and group names in lower case, so two names that differ in
// case are one.
var rdsNames = map[string][]Unique{
	typeRDSInstance: {{
		ID: "RDS-INSTANCE-TAKEN", Property: "identifier", Scope: "account and region (case-insensitive)",
		Message: "DBInstanceAlreadyExists: DB instance already exists",
		Source:  srcRDSInstanceExists,
		key:     lowerShown(nameIn("region", "rds-instance", "identifier", strings.ToLower)),
	}},
	typeRDSSubnetGroup: {{
		ID: "RDS-SUBNET-GROUP-TAKEN", Property: "name", Scope: "account and region (case-insensitive)",
		Message: "DBSubnetGroupAlreadyExists: The DB subnet group '{name}' already exists.",
		Source:  srcRDSSubnetGroupExists,
		key:     lowerShown(nameIn("region", "rds-subnet-group", "name", strings.ToLower)),
	}},
	typeRDSParameterGroup: {{
		ID: "RDS-PARAMETER-GROUP-TAKEN", Property: "name", Scope: "account and region (case-insensitive)",
		Message: "DBParameterGroupAlreadyExists: A DB parameter group with the same name exists.",
		Source:  srcRDSCreateDBParameterGroup,
		key:     lowerShown(nameIn("region", "rds-parameter-group", "name", strings.ToLower)),
	}},
}

// The refusals of CreateDBSubnetGroup about its subnets.
const (
	rdsInvalidSubnet = "InvalidSubnet: The requested subnet is invalid, or multiple subnets were requested that are not all in a common VPC."
	rdsTooFewAZs     = "DBSubnetGroupDoesNotCoverEnoughAZs: The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: X. Add subnets to cover at least 2 AZs."
)

// rdsSubnetGroupZones: a DB subnet group's subnets are subnets of the
// account in the group's region, in one VPC, covering at least two
// availability zones. A subnet the account does not hold (or holds in
// another region) is refused as AWS refuses an invalid one.
var rdsSubnetGroupZones = Prerequisite{
	ID: "RDS-SUBNET-GROUP-AZS",
	Requires: "a DB subnet group whose subnets are subnets of the account (`aws:ec2/subnet:Subnet`) in its region and one VPC (else `" + rdsInvalidSubnet +
		"`), in at least 2 availability zones",
	Message: rdsTooFewAZs,
	Source:  srcRDSCreateDBSubnetGroup,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		var ids []string
		for _, s := range lookup(in, "subnetIds[]") {
			if !s.v.IsString() {
				return "", nil
			}
			ids = append(ids, s.v.StringValue())
		}
		if v, ok := in["subnetIds"]; ok && v.ContainsUnknowns() || len(ids) == 0 {
			return "", nil
		}
		zones, vpcs := map[string]bool{}, map[string]bool{}
		for _, id := range ids {
			sn, found, err := a.Get(typeEC2Subnet, env.Region, id)
			if err != nil {
				return "", err
			}
			if !found {
				return rdsInvalidSubnet, nil
			}
			vpcs[str(sn.Outputs["vpcId"])] = true
			if az := str(sn.Outputs["availabilityZone"]); az != "" {
				zones[az] = true
			}
		}
		if len(vpcs) > 1 {
			return rdsInvalidSubnet, nil
		}
		if len(zones) < 2 {
			covered := strings.Join(slices.Sorted(maps.Keys(zones)), ", ")
			return strings.Replace(rdsTooFewAZs, "AZ coverage: X.", "AZ coverage: "+covered+".", 1), nil
		}
		return "", nil
	},
}

// rdsInstanceSubnetGroup: an instance that names a DB subnet group names
// one the account holds in its region.
var rdsInstanceSubnetGroup = Prerequisite{
	ID:       "RDS-DB-SUBNET-GROUP",
	Requires: "a DB instance whose `dbSubnetGroupName`, when given, names a DB subnet group of the account in its region",
	Message:  "DBSubnetGroupNotFoundFault: DBSubnetGroup 'X' not found.",
	Source:   srcRDSCreateDBInstance,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		v, ok := known(in["dbSubnetGroupName"])
		if !ok || !v.IsString() || v.StringValue() == "" {
			return "", nil
		}
		name := v.StringValue()
		// RDS stores group names in lower case.
		for _, id := range []string{name, strings.ToLower(name)} {
			if _, found, err := a.Get(typeRDSSubnetGroup, env.Region, id); err != nil || found {
				return "", err
			}
		}
		return "DBSubnetGroupNotFoundFault: DBSubnetGroup '" + name + "' not found.", nil
	},
}

// RDS's refusals of an instance's enhanced monitoring role.
const (
	rdsMonitoringRoleMissing = "InvalidParameterCombination: A MonitoringRoleARN value is required if you specify a MonitoringInterval value other than 0."
	rdsMonitoringRoleMessage = "InvalidParameterValue: IAM role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"
)

// rdsMonitoringRole: with enhanced monitoring on, the instance names a
// monitoring role, a role of the account that monitoring.rds.amazonaws.com
// may assume. It is checked at Create, when the role's ARN (an output of
// the role) is known: a preview does not know it yet.
var rdsMonitoringRole = Prerequisite{
	ID: "RDS-MONITORING-ROLE",
	Requires: "a DB instance with enhanced monitoring (`monitoringInterval` not 0) whose `monitoringRoleArn` is given (else `" + rdsMonitoringRoleMissing +
		"`) and is a role of the account that `monitoring.rds.amazonaws.com` may assume",
	Message: rdsMonitoringRoleMessage,
	Source:  srcRDSEnhancedMonitoring,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		n, ok := known(in["monitoringInterval"])
		if !ok || !n.IsNumber() || n.NumberValue() == 0 {
			return "", nil
		}
		r, ok := known(in["monitoringRoleArn"])
		if !ok || !r.IsString() || r.StringValue() == "" {
			return rdsMonitoringRoleMissing, nil
		}
		role, found, err := roleOf(a, env, r.StringValue())
		if err != nil {
			return "", err
		}
		if !found || !lets(str(role.Outputs["assumeRolePolicy"]), "monitoring.rds.amazonaws.com", "sts:AssumeRole") {
			return rdsMonitoringRoleMessage, nil
		}
		return "", nil
	},
}

var rdsPrerequisites = map[string][]Prerequisite{
	typeRDSSubnetGroup: {rdsSubnetGroupZones},
	typeRDSInstance:    {rdsInstanceSubnetGroup, rdsMonitoringRole},
}

// The RDS tables join the AWS ones when the package loads.
func init() {
	for typ, k := range rdsKinds {
		awsKinds[typ] = k
	}
	for typ, rs := range rdsRules {
		awsRules[typ] = append(awsRules[typ], rs...)
	}
	for typ, us := range rdsNames {
		awsNames[typ] = append(awsNames[typ], us...)
	}
	for typ, ps := range rdsPrerequisites {
		awsPrerequisites[typ] = append(awsPrerequisites[typ], ps...)
	}
}
