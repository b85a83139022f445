package metadatastore

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and bounds.
const (
	// DefaultInstanceClass is a small Graviton (arm64) burstable class,
	// enough for training and model metadata.
	DefaultInstanceClass = "db.t4g.medium"
	// DefaultEngineVersion is the PostgreSQL major version; RDS picks its
	// newest minor version and AutoMinorVersionUpgrade keeps it current.
	DefaultEngineVersion = "17"
	// DefaultAllocatedStorageGiB is gp3's minimum for PostgreSQL;
	// MaxStorageGiB its maximum
	// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html).
	DefaultAllocatedStorageGiB = 20
	MinStorageGiB              = 20
	MaxStorageGiB              = 65536
	// DefaultMaxAllocatedStorageGiB is the storage autoscaling threshold.
	DefaultMaxAllocatedStorageGiB = 100
	// DefaultDatabaseName is the database created with the instance.
	DefaultDatabaseName = "modelfort"
	// DefaultMasterUsername is the master user, whose password RDS keeps
	// in Secrets Manager and rotates.
	DefaultMasterUsername = "modelfort_admin"
	// DefaultBackupRetentionDays and MaxBackupRetentionDays bound the
	// automated backups (and their cross-Region copy): 1 to 35 days (0,
	// which turns backups off, is not offered).
	DefaultBackupRetentionDays = 7
	MaxBackupRetentionDays     = 35
	// DefaultMonitoringIntervalSeconds is how often enhanced monitoring
	// samples the host.
	DefaultMonitoringIntervalSeconds = 60
	// DefaultLogRetentionDays is how long the exported PostgreSQL and
	// upgrade logs are kept.
	DefaultLogRetentionDays = 365
	// PerformanceInsightsRetentionDays is the free retention of
	// Performance Insights.
	PerformanceInsightsRetentionDays = 7
	// Port is PostgreSQL's port.
	Port = 5432
)

// ReplicatedBackupRecoveryPoint is how far behind the primary the
// cross-Region copy of the automated backups (a ReplicaProvider) can be:
// the newest point a restore in the DR region reaches. RDS copies
// snapshots and transaction logs to the destination Region as soon as
// they are ready, asynchronously, and AWS puts the resulting recovery
// point objective at 5 to 30 minutes, depending on how much transaction
// log the database writes and on the network transfer time
// (https://docs.aws.amazon.com/prescriptive-guidance/latest/dr-standard-edition-amazon-rds/rds-pitr-snapshot.html;
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html).
// This is the upper end, the figure a recovery budget must carry.
const ReplicatedBackupRecoveryPoint = 30 * time.Minute

// EngineMajorVersions are the PostgreSQL major versions the component
// accepts: those in RDS standard support
// (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html).
var EngineMajorVersions = []string{"14", "15", "16", "17", "18"}

// MonitoringIntervals are the enhanced monitoring intervals, in seconds,
// that RDS accepts, less 0 (off), which the component does not offer
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html).
var MonitoringIntervals = []int{1, 5, 10, 15, 30, 60}

// Args configures a Store. Its zero value, with SubnetIds and
// SecurityGroupIds, is a valid, secure store.
type Args struct {
	// SubnetIds are the private subnets of the DB subnet group. Required:
	// at least 2, in at least 2 availability zones of one VPC (RDS refuses
	// a subnet group that covers fewer); no element may be nil.
	SubnetIds []pulumi.StringInput
	// SecurityGroupIds are the security groups of the instance: the
	// database tier's group, which admits only the tiers that need the
	// database. Required: at least 1; no element may be nil.
	SecurityGroupIds []pulumi.StringInput
	// KMSKeyArn is the customer-managed key that encrypts the storage,
	// the automated backups and snapshots, the master user secret,
	// Performance Insights and the exported logs' log groups: a KMS key
	// ARN (not an alias or key ID) in the store's region. Its policy must
	// let CloudWatch Logs of this account use it (kmskey.Args
	// ServicePrincipals "logs"). Default: a dedicated key (kmskey.Key),
	// usable through RDS and Secrets Manager and by CloudWatch Logs, with
	// a replica in ReplicaProvider's region when there is one.
	KMSKeyArn pulumi.StringInput
	// Identifier is the DB instance identifier. Default: the component's
	// name and 7 hex digits derived from the project and stack, so that
	// two stacks of one account do not collide. Allowed: 1 to 63
	// lower-case letters, digits and hyphens, beginning with a letter,
	// without two consecutive hyphens or a final hyphen.
	Identifier string
	// InstanceClass is the DB instance class. Default: db.t4g.medium.
	// Allowed: "db." followed by a family and a size (db.r7g.large).
	InstanceClass string
	// EngineVersion is the PostgreSQL version: a major version ("17";
	// RDS picks the newest minor) or a major.minor ("17.5"). Default:
	// "17". Allowed majors: EngineMajorVersions.
	EngineVersion string
	// AllocatedStorageGiB is the initial gp3 storage. Default (0): 20.
	// Allowed: 20 to 65536.
	AllocatedStorageGiB int
	// MaxAllocatedStorageGiB is the storage autoscaling threshold.
	// Default (0): 100, or AllocatedStorageGiB when that is larger.
	// Allowed: at least 10% above AllocatedStorageGiB, at most 65536.
	MaxAllocatedStorageGiB int
	// DatabaseName is the database created with the instance. Default:
	// "modelfort". Allowed: 1 to 63 letters, digits and underscores,
	// beginning with a letter.
	DatabaseName string
	// MasterUsername is the master user. Default: "modelfort_admin".
	// Allowed: 1 to 16 letters, digits and underscores, beginning with a
	// letter, not a name PostgreSQL or RDS reserves.
	MasterUsername string
	// BackupRetentionDays is how long automated backups (and their
	// cross-Region copy) are kept, the window of point-in-time recovery.
	// Default (0): 7. Allowed: 1 to 35.
	BackupRetentionDays int
	// MonitoringIntervalSeconds is the enhanced monitoring interval.
	// Default (0): 60. Allowed: MonitoringIntervals.
	MonitoringIntervalSeconds int
	// LogRetentionDays is how long the exported postgresql and upgrade
	// logs are kept. Default (0): 365. Allowed: the retention periods
	// CloudWatch Logs accepts (logretention.Days).
	LogRetentionDays int
	// SingleAZ, when true, runs the instance without a standby in a second
	// availability zone. Default: false (Multi-AZ).
	SingleAZ bool
	// AllowDeletion, when true, turns deletion protection off. Default:
	// false (the instance cannot be deleted until it is turned off).
	AllowDeletion bool
	// SkipFinalSnapshot, when true, deletes the instance without a final
	// snapshot. Default: false (a final snapshot IDENTIFIER-final is
	// taken).
	SkipFinalSnapshot bool
	// ReplicaProvider, when set, replicates the automated backups
	// (snapshots and transaction logs) to that provider's region, which
	// must differ from the store's, with the same retention: a restore
	// there reaches ReplicatedBackupRecoveryPoint. Default: none.
	ReplicaProvider *aws.Provider
	// ReplicaKMSKeyArn is the key that encrypts the replicated backups: a
	// KMS key ARN in ReplicaProvider's region, such as the data key's
	// replica there. Required with ReplicaProvider when KMSKeyArn is
	// given; otherwise default: the replica of the store's own key.
	// Allowed only with ReplicaProvider.
	ReplicaKMSKeyArn pulumi.StringInput
	// Tags are added to every resource. Default: none.
	Tags map[string]string
}

var (
	identifierPattern   = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)
	instanceClassFormat = regexp.MustCompile(`^db\.[a-z0-9]+\.[a-z0-9]+$`)
	engineVersionFormat = regexp.MustCompile(`^([0-9]+)(\.[0-9]+)?$`)
	databaseNameFormat  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,62}$`)
	usernameFormat      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,15}$`)
)

// reservedUsernames are master user names that RDS for PostgreSQL
// refuses (rdsadmin and the like, and the postgres superuser).
var reservedUsernames = []string{"postgres", "rdsadmin", "rdsrepladmin", "rds_superuser", "rds_replication", "public", "admin"}

// Validate checks the arguments of the store named name and fills in
// their defaults; its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if len(a.SubnetIds) < 2 {
		return fmt.Errorf("SubnetIds has %d subnet(s); give at least 2, in 2 availability zones: RDS refuses a DB subnet group that covers fewer", len(a.SubnetIds))
	}
	if err := verify.NoneNil("SubnetIds", a.SubnetIds); err != nil {
		return err
	}
	if len(a.SecurityGroupIds) == 0 {
		return fmt.Errorf("SecurityGroupIds is empty; give the database tier's security group")
	}
	if err := verify.NoneNil("SecurityGroupIds", a.SecurityGroupIds); err != nil {
		return err
	}
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	if a.ReplicaKMSKeyArn != nil && a.ReplicaProvider == nil {
		return fmt.Errorf("ReplicaKMSKeyArn is set without ReplicaProvider; set both, or neither")
	}
	if a.ReplicaProvider != nil && a.KMSKeyArn != nil && a.ReplicaKMSKeyArn == nil {
		return fmt.Errorf("ReplicaKMSKeyArn is not set; with a given KMSKeyArn and a ReplicaProvider, give the key's replica in the DR region, which encrypts the replicated backups")
	}
	if err := encryption.Check("ReplicaKMSKeyArn", a.ReplicaKMSKeyArn); err != nil {
		return err
	}
	if a.Identifier != "" && !validIdentifier(a.Identifier) {
		return fmt.Errorf("Identifier %q is not a DB instance identifier (1 to 63 lower-case letters, digits and '-', beginning with a letter, no \"--\", not ending with '-')", a.Identifier)
	}
	if a.InstanceClass == "" {
		a.InstanceClass = DefaultInstanceClass
	}
	if !instanceClassFormat.MatchString(a.InstanceClass) {
		return fmt.Errorf("InstanceClass %q is not a DB instance class; allowed values are db.FAMILY.SIZE, such as %s", a.InstanceClass, DefaultInstanceClass)
	}
	if a.EngineVersion == "" {
		a.EngineVersion = DefaultEngineVersion
	}
	if m := engineVersionFormat.FindStringSubmatch(a.EngineVersion); m == nil || !slices.Contains(EngineMajorVersions, m[1]) {
		return fmt.Errorf("EngineVersion is %q; allowed values are a PostgreSQL major version (%s) or MAJOR.MINOR", a.EngineVersion, strings.Join(EngineMajorVersions, ", "))
	}
	if a.AllocatedStorageGiB == 0 {
		a.AllocatedStorageGiB = DefaultAllocatedStorageGiB
	}
	if err := verify.Between("AllocatedStorageGiB", a.AllocatedStorageGiB, MinStorageGiB, MaxStorageGiB, DefaultAllocatedStorageGiB); err != nil {
		return err
	}
	minMax := (a.AllocatedStorageGiB*11 + 9) / 10 // 10% above, rounded up
	if a.MaxAllocatedStorageGiB == 0 {
		a.MaxAllocatedStorageGiB = max(DefaultMaxAllocatedStorageGiB, minMax)
	}
	if a.MaxAllocatedStorageGiB < minMax || a.MaxAllocatedStorageGiB > MaxStorageGiB {
		return fmt.Errorf("MaxAllocatedStorageGiB is %d; allowed values are %d (10%% above AllocatedStorageGiB, as storage autoscaling demands) to %d", a.MaxAllocatedStorageGiB, minMax, MaxStorageGiB)
	}
	if a.DatabaseName == "" {
		a.DatabaseName = DefaultDatabaseName
	}
	if !databaseNameFormat.MatchString(a.DatabaseName) {
		return fmt.Errorf("DatabaseName %q is not allowed; use 1 to 63 letters, digits and '_', beginning with a letter", a.DatabaseName)
	}
	if a.MasterUsername == "" {
		a.MasterUsername = DefaultMasterUsername
	}
	if !usernameFormat.MatchString(a.MasterUsername) || slices.Contains(reservedUsernames, strings.ToLower(a.MasterUsername)) {
		return fmt.Errorf("MasterUsername %q is not allowed; use 1 to 16 letters, digits and '_', beginning with a letter, other than %s", a.MasterUsername, strings.Join(reservedUsernames, ", "))
	}
	if a.BackupRetentionDays == 0 {
		a.BackupRetentionDays = DefaultBackupRetentionDays
	}
	if err := verify.Between("BackupRetentionDays", a.BackupRetentionDays, 1, MaxBackupRetentionDays, DefaultBackupRetentionDays); err != nil {
		return err
	}
	if a.MonitoringIntervalSeconds == 0 {
		a.MonitoringIntervalSeconds = DefaultMonitoringIntervalSeconds
	}
	if !slices.Contains(MonitoringIntervals, a.MonitoringIntervalSeconds) {
		return fmt.Errorf("MonitoringIntervalSeconds is %d; allowed values are %v (0 means %d)", a.MonitoringIntervalSeconds, MonitoringIntervals, DefaultMonitoringIntervalSeconds)
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	return loggroup.CheckRetention("LogRetentionDays", a.LogRetentionDays)
}

// validIdentifier reports whether s is an RDS identifier in lower case.
func validIdentifier(s string) bool {
	return identifierPattern.MatchString(s) && !strings.Contains(s, "--") && !strings.HasSuffix(s, "-")
}

// engineMajor is the major version of EngineVersion, which names the
// parameter group family (postgres17).
func (a *Args) engineMajor() string {
	major, _, _ := strings.Cut(a.EngineVersion, ".")
	return major
}
