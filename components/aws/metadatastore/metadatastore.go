package metadatastore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:MetadataStore"

// pkg prefixes the component's errors.
const pkg = "metadatastore"

// Engine is the RDS engine of the store.
const Engine = "postgres"

// LogExports are the logs the instance exports to CloudWatch Logs.
var LogExports = []string{"postgresql", "upgrade"}

// Store is an encrypted, private PostgreSQL database (Amazon RDS) for
// training and model metadata, optionally with its automated backups
// replicated to a second region.
type Store struct {
	pulumi.ResourceState

	// Arn, Identifier and ResourceId identify the DB instance; ResourceId
	// (db-...) is what IAM database authentication names.
	Arn        pulumi.StringOutput `pulumi:"arn"`
	Identifier pulumi.StringOutput `pulumi:"identifier"`
	ResourceId pulumi.StringOutput `pulumi:"resourceId"`
	// Address and Port are where clients connect (TLS only).
	Address pulumi.StringOutput `pulumi:"address"`
	Port    pulumi.IntOutput    `pulumi:"port"`
	// MasterUserSecretArn is the Secrets Manager secret, managed and
	// rotated by RDS, that holds the master user's credentials.
	MasterUserSecretArn pulumi.StringOutput `pulumi:"masterUserSecretArn"`
	// ReplicatedBackupsArn is the ARN of the automated backups replicated
	// to ReplicaRegion, or empty without a ReplicaProvider.
	ReplicatedBackupsArn pulumi.StringOutput `pulumi:"replicatedBackupsArn"`
	// KMSKeyArn is the key that encrypts the store.
	KMSKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// Region is where the store lives; ReplicaRegion where its automated
	// backups are replicated ("" without a ReplicaProvider).
	Region        string
	ReplicaRegion string
	// RecoveryPoint is how far behind the primary a restore in
	// ReplicaRegion can be (ReplicatedBackupRecoveryPoint), 0 without a
	// replica.
	RecoveryPoint time.Duration
	// BackupRetentionDays is the point-in-time recovery window, in the
	// store's region and in ReplicaRegion.
	BackupRetentionDays int
	// DatabaseName and MasterUsername are the database and its master
	// user.
	DatabaseName   string
	MasterUsername string

	// Instance is the DB instance; SubnetGroup and ParameterGroup its
	// groups; MonitoringRole the role enhanced monitoring assumes;
	// LogGroups the log groups of the exported logs, by export;
	// Replication the cross-Region backup replication (nil without a
	// ReplicaProvider); Key the key the store created (nil when KMSKeyArn
	// was given).
	Instance       *rds.Instance
	SubnetGroup    *rds.SubnetGroup
	ParameterGroup *rds.ParameterGroup
	MonitoringRole *iam.Role
	LogGroups      map[string]*cloudwatch.LogGroup
	Replication    *rds.InstanceAutomatedBackupsReplication
	Key            *kmskey.Key

	env awsenv.Env
}

// NewStore creates a metadata store. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every resource it creates; the backup
// replication acts in ReplicaProvider's region.
func NewStore(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Store, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	s := &Store{Region: env.Region, BackupRetentionDays: a.BackupRetentionDays, DatabaseName: a.DatabaseName, MasterUsername: a.MasterUsername, env: env}
	if a.ReplicaProvider != nil {
		replicaEnv, err := awsenv.Lookup(ctx, pulumi.Provider(a.ReplicaProvider))
		if err != nil {
			return nil, component.Errorf(pkg, name, err)
		}
		if replicaEnv.Region == env.Region {
			return nil, component.Errorf(pkg, name, fmt.Errorf("ReplicaProvider acts in %s, the store's own region; the backups must be replicated to another region", env.Region))
		}
		s.ReplicaRegion, s.RecoveryPoint = replicaEnv.Region, ReplicatedBackupRecoveryPoint
	}
	if err := keysInRegions(a, env.Region, s.ReplicaRegion); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if a.Identifier == "" {
		a.Identifier = defaultIdentifier(ctx.Project(), ctx.Stack(), name)
	}
	in, err := component.Register(ctx, Type, name, s, opts...)
	if err != nil {
		return nil, err
	}

	own := kmskey.Args{
		Description:       "modelfort metadata store " + name,
		ViaServices:       []string{"rds", "secretsmanager"},
		ServicePrincipals: []string{"logs"},
		Tags:              a.Tags,
	}
	if a.ReplicaProvider != nil && a.ReplicaKMSKeyArn == nil {
		own.ReplicaProvider = a.ReplicaProvider
	}
	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, own, in)
	if err != nil {
		return nil, err
	}
	s.Key = key
	replicaKeyArn := a.ReplicaKMSKeyArn
	if replicaKeyArn == nil && key != nil && key.Replica != nil {
		replicaKeyArn = key.ReplicaArn
	}

	t := tags.Of(a.Tags)
	if s.SubnetGroup, err = rds.NewSubnetGroup(ctx, name, &rds.SubnetGroupArgs{
		Description: pulumi.String("modelfort metadata store " + name + ": private subnets of the database tier"),
		SubnetIds:   pulumi.StringArray(a.SubnetIds),
		Tags:        t,
	}, in); err != nil {
		return nil, err
	}
	if s.ParameterGroup, err = rds.NewParameterGroup(ctx, name, &rds.ParameterGroupArgs{
		Description: pulumi.String("modelfort metadata store " + name + ": TLS only, connections logged"),
		Family:      pulumi.String(Engine + a.engineMajor()),
		Parameters:  parameters(),
		Tags:        t,
	}, in); err != nil {
		return nil, err
	}
	monitoring, err := s.monitoringRole(ctx, name, t, in)
	if err != nil {
		return nil, err
	}
	s.LogGroups = map[string]*cloudwatch.LogGroup{}
	waits := []pulumi.Resource{monitoring}
	for _, export := range LogExports {
		// RDS writes the exported logs to /aws/rds/instance/ID/LOG; made
		// beforehand, the groups are encrypted and expire.
		lg, err := loggroup.New(ctx, name+"-"+export, loggroup.Args{
			KMSKeyArn:     keyArn,
			RetentionDays: a.LogRetentionDays,
			Name:          "/aws/rds/instance/" + a.Identifier + "/" + export,
			Tags:          t,
		}, in)
		if err != nil {
			return nil, err
		}
		s.LogGroups[export] = lg
		waits = append(waits, lg)
	}

	instance := &rds.InstanceArgs{
		Identifier:                         pulumi.String(a.Identifier),
		Engine:                             pulumi.String(Engine),
		EngineVersion:                      pulumi.String(a.EngineVersion),
		AutoMinorVersionUpgrade:            pulumi.Bool(true),
		AllowMajorVersionUpgrade:           pulumi.Bool(false),
		InstanceClass:                      pulumi.String(a.InstanceClass),
		StorageType:                        pulumi.String("gp3"),
		AllocatedStorage:                   pulumi.Int(a.AllocatedStorageGiB),
		MaxAllocatedStorage:                pulumi.Int(a.MaxAllocatedStorageGiB),
		StorageEncrypted:                   pulumi.Bool(true),
		KmsKeyId:                           keyArn,
		DbName:                             pulumi.String(a.DatabaseName),
		Username:                           pulumi.String(a.MasterUsername),
		ManageMasterUserPassword:           pulumi.Bool(true),
		MasterUserSecretKmsKeyId:           keyArn,
		IamDatabaseAuthenticationEnabled:   pulumi.Bool(true),
		Port:                               pulumi.Int(Port),
		DbSubnetGroupName:                  s.SubnetGroup.Name,
		VpcSecurityGroupIds:                pulumi.StringArray(a.SecurityGroupIds),
		PubliclyAccessible:                 pulumi.Bool(false),
		ParameterGroupName:                 s.ParameterGroup.Name,
		MultiAz:                            pulumi.Bool(!a.SingleAZ),
		BackupRetentionPeriod:              pulumi.Int(a.BackupRetentionDays),
		CopyTagsToSnapshot:                 pulumi.Bool(true),
		DeleteAutomatedBackups:             pulumi.Bool(false),
		DeletionProtection:                 pulumi.Bool(!a.AllowDeletion),
		SkipFinalSnapshot:                  pulumi.Bool(a.SkipFinalSnapshot),
		EnabledCloudwatchLogsExports:       pulumi.ToStringArray(LogExports),
		PerformanceInsightsEnabled:         pulumi.Bool(true),
		PerformanceInsightsKmsKeyId:        keyArn,
		PerformanceInsightsRetentionPeriod: pulumi.Int(PerformanceInsightsRetentionDays),
		MonitoringInterval:                 pulumi.Int(a.MonitoringIntervalSeconds),
		MonitoringRoleArn:                  s.MonitoringRole.Arn,
		Tags:                               t,
	}
	if !a.SkipFinalSnapshot {
		instance.FinalSnapshotIdentifier = pulumi.String(a.Identifier + "-final")
	}
	// The identifier is fixed (the log groups are named after it), so a
	// replacement must delete the old instance first; deletion protection
	// makes that fail unless AllowDeletion.
	if s.Instance, err = rds.NewInstance(ctx, name, instance, in, pulumi.DependsOn(waits), pulumi.DeleteBeforeReplace(true)); err != nil {
		return nil, err
	}

	s.ReplicatedBackupsArn = pulumi.String("").ToStringOutput()
	if a.ReplicaProvider != nil {
		if s.Replication, err = rds.NewInstanceAutomatedBackupsReplication(ctx, name, &rds.InstanceAutomatedBackupsReplicationArgs{
			SourceDbInstanceArn: s.Instance.Arn,
			KmsKeyId:            replicaKeyArn,
			RetentionPeriod:     pulumi.Int(a.BackupRetentionDays),
		}, in, pulumi.Provider(a.ReplicaProvider)); err != nil {
			return nil, err
		}
		s.ReplicatedBackupsArn = s.Replication.ID().ToStringOutput()
	}

	s.Arn, s.Identifier, s.ResourceId = s.Instance.Arn, s.Instance.Identifier, s.Instance.ResourceId
	s.Address, s.Port = s.Instance.Address, s.Instance.Port
	s.MasterUserSecretArn = s.Instance.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	s.KMSKeyArn = keyArn.ToStringOutput()
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"arn": s.Arn, "identifier": s.Identifier, "resourceId": s.ResourceId, "address": s.Address, "port": s.Port,
		"masterUserSecretArn": s.MasterUserSecretArn, "replicatedBackupsArn": s.ReplicatedBackupsArn, "kmsKeyArn": s.KMSKeyArn,
	})
}

// parameters are the instance's PostgreSQL settings: TLS only
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html),
// and every connection and disconnection logged.
func parameters() rds.ParameterGroupParameterArray {
	var out rds.ParameterGroupParameterArray
	for _, p := range [][2]string{{"rds.force_ssl", "1"}, {"log_connections", "1"}, {"log_disconnections", "1"}} {
		out = append(out, rds.ParameterGroupParameterArgs{Name: pulumi.String(p[0]), Value: pulumi.String(p[1]), ApplyMethod: pulumi.String("immediate")})
	}
	return out
}

var identifierUnsafe = regexp.MustCompile(`[^a-z0-9]+`)

// defaultIdentifier is NAME-HASH: the component's name made a valid
// identifier, and 7 hex digits of the project, stack and name, so that
// the stores of two stacks of one account and region do not collide.
func defaultIdentifier(project, stack, name string) string {
	sum := sha256.Sum256([]byte(project + "/" + stack + "/" + name))
	base := strings.Trim(identifierUnsafe.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if base == "" || base[0] < 'a' || base[0] > 'z' {
		base = "db-" + base
	}
	base = strings.TrimSuffix(base, "-")
	if len(base) > 55 {
		base = strings.TrimRight(base[:55], "-")
	}
	return base + "-" + hex.EncodeToString(sum[:])[:7]
}
