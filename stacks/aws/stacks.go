// Package stacks composes modelfort's components into one model-serving
// deployment per environment: a primary region and a disaster-recovery
// region, each with its own explicit provider.
//
// A deployment holds: a multi-Region data key; the model-artifact bucket
// (object-locked) replicated to the DR region; the audit trail with its
// log bucket replicated too; a locked backup vault copied to the DR
// region; in each region a private VPC, a Bedrock guardrail and the model
// endpoint (the DR one a warm standby); and the access roles.
package aws

import (
	"slices"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/accessroles"
	"github.com/modelfort/modelfort/components/aws/audittrail"
	"github.com/modelfort/modelfort/components/aws/backupvault"
	"github.com/modelfort/modelfort/components/aws/failover"
	"github.com/modelfort/modelfort/components/aws/faultinjection"
	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/guardedinvoke"
	"github.com/modelfort/modelfort/components/aws/guardrail"
	"github.com/modelfort/modelfort/components/aws/incidents"
	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/metadatastore"
	"github.com/modelfort/modelfort/components/aws/modelendpoint"
	"github.com/modelfort/modelfort/components/aws/privatevpc"
	"github.com/modelfort/modelfort/components/aws/securitygroups"
	"github.com/modelfort/modelfort/components/aws/shieldprotection"
	"github.com/modelfort/modelfort/components/aws/threatdetection"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

// Site is the part of a deployment in one region.
type Site struct {
	// Role is "primary" or "dr".
	Role     string
	Region   string
	Provider *aws.Provider
	// Network is the site's private VPC; Endpoint the model endpoint it
	// serves (the DR one a warm standby); Guardrail the site's Bedrock
	// guardrail for prompts and answers.
	Network   *privatevpc.Vpc
	Endpoint  *modelendpoint.Endpoint
	Guardrail *guardrail.Guardrail
	// Handler applies the guardrail to every prompt and answer and is
	// the endpoint's only caller; it also answers the health route.
	Handler *guardedinvoke.Handler
	// FrontDoor is the site's API in front of its handler, behind a web
	// ACL, on the custom domain that fails over between the sites.
	FrontDoor *frontdoor.API
}

// Deployment is what a stack builds.
type Deployment struct {
	Config  Config
	Primary *Site
	DR      *Site

	// DataKey is a multi-Region key in the primary region with its
	// replica in the DR region; it encrypts the model artifacts.
	DataKey *kmskey.Key
	// Models holds the model artifacts; ModelsReplica is its copy.
	Models, ModelsReplica *wormbucket.Bucket
	Replication           *wormbucket.Replication
	Audit                 *audittrail.Trail
	// AuditReplica is the audit log bucket's copy in the DR region.
	AuditReplica *wormbucket.Bucket
	Backup       *backupvault.Vault
	// Metadata is the store of training and model metadata, in the
	// primary site's database tier, its automated backups replicated to
	// the DR region.
	Metadata *metadatastore.Store
	// Access holds the publish, invoke and audit roles.
	Access *accessroles.Roles
	// Failover points the custom domain at the primary's front door, and
	// at the DR one when the primary's health check fails; with Shield on
	// a CloudFront distribution in front of both is protected by Shield
	// Advanced, and Shield protects the hosted zone.
	Failover *failover.Regional
	Shield   *shieldprotection.Protection
	// Drills are the AWS FIS experiment templates of the drills (make
	// drill): the region outage cuts the primary site's private subnets
	// off, under a stop alarm.
	Drills *faultinjection.Experiments
	// Incidents are where each site's alarms and findings go, by site
	// (PrimarySite, DRSite and, when neither region is us-east-1,
	// EdgeSite): every alarm of the deployment notifies the routing of
	// its region.
	Incidents map[string]*incidents.Routing
	// Detection is each site's threat detection (GuardDuty, Security Hub,
	// AWS Config), by site; empty without modelfort:threatDetection
	// outside prod.
	Detection map[string]*threatdetection.Detection
	// Edge acts in us-east-1, where CloudFront, its web ACL, Shield's
	// global metrics and Route 53's health-check metrics are: a provider
	// of its own (named "edge"), or the site's when a site is there and
	// Shield is off.
	Edge *aws.Provider
}

// Program is the Pulumi program of the modelfort project: it loads the
// stack configuration, deploys, and exports what a user needs.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	d, err := Deploy(ctx, cfg)
	if err != nil {
		return err
	}
	d.export(ctx)
	return nil
}

// Deploy builds the deployment that cfg describes. cfg must be valid.
func Deploy(ctx *pulumi.Context, cfg Config) (*Deployment, error) {
	d := &Deployment{Config: cfg}
	var err error
	if d.Primary, err = newSite(ctx, cfg, "primary", cfg.PrimaryRegion); err != nil {
		return nil, err
	}
	if d.DR, err = newSite(ctx, cfg, "dr", cfg.DRRegion); err != nil {
		return nil, err
	}
	profile := cfg.Profile()
	inPrimary := []pulumi.ResourceOption{pulumi.Provider(d.Primary.Provider), pulumi.Protect(profile.Protect)}
	inDR := []pulumi.ResourceOption{pulumi.Provider(d.DR.Provider), pulumi.Protect(profile.Protect)}
	if err := d.edgeProvider(ctx); err != nil {
		return nil, err
	}
	if err := d.routeIncidents(ctx, d.Edge); err != nil {
		return nil, err
	}
	primaryTopic, drTopic := d.routing(PrimarySite).TopicArn, d.routing(DRSite).TopicArn

	if d.DataKey, err = kmskey.NewKey(ctx, "data", &kmskey.Args{
		Description: "modelfort " + cfg.Environment + " data key",
		Alias:       kmskey.DefaultAlias(ctx, "data"),
		ViaServices: []string{"backup", "rds", "s3", "sagemaker", "secretsmanager"},
		// The metadata store's log groups are encrypted with it.
		ServicePrincipals: []string{"logs"},
		ReplicaProvider:   d.DR.Provider,
	}, inPrimary...); err != nil {
		return nil, err
	}
	retention := &wormbucket.Retention{Mode: cfg.RetentionMode, Days: cfg.RetentionDays}
	if d.Models, err = wormbucket.NewBucket(ctx, "models", &wormbucket.Args{
		KMSKeyArn: d.DataKey.Arn, Retention: retention,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.ModelsReplica, err = wormbucket.NewBucket(ctx, "models-replica", &wormbucket.Args{
		KMSKeyArn: d.DataKey.ReplicaArn, Retention: retention,
	}, inDR...); err != nil {
		return nil, err
	}
	if d.Replication, err = wormbucket.NewReplication(ctx, "models", &wormbucket.ReplicationArgs{
		Source: d.Models, Destination: d.ModelsReplica,
		AlarmTopicArn: primaryTopic, DestinationAlarmTopicArn: drTopic,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.Audit, err = audittrail.NewTrail(ctx, "audit", &audittrail.Args{
		TrailName:        "modelfort-" + cfg.Environment,
		BucketRetention:  retention,
		DataEventBuckets: []pulumi.StringInput{d.Models.Arn},
		GuardDuty:        cfg.GuardDuty,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if d.AuditReplica, err = wormbucket.NewBucket(ctx, "audit-logs-replica", &wormbucket.Args{
		Retention: retention,
	}, inDR...); err != nil {
		return nil, err
	}
	if _, err = wormbucket.NewReplication(ctx, "audit-logs", &wormbucket.ReplicationArgs{
		Source: d.Audit.Bucket, Destination: d.AuditReplica,
		AlarmTopicArn: primaryTopic, DestinationAlarmTopicArn: drTopic,
	}, inPrimary...); err != nil {
		return nil, err
	}
	if err := d.detect(ctx); err != nil {
		return nil, err
	}
	if err := d.network(ctx, d.Primary, inPrimary); err != nil {
		return nil, err
	}
	if err := d.network(ctx, d.DR, inDR); err != nil {
		return nil, err
	}
	if err := d.metadataStore(ctx, inPrimary); err != nil {
		return nil, err
	}
	// The backup plan selects the primary region's stateful data by ARN
	// (the model artifacts, the audit logs and the metadata store): the
	// capture buckets' user data must stay erasable, and access-log
	// buckets are S3's own logs of these.
	if d.Backup, err = backupvault.NewVault(ctx, "backup", &backupvault.Args{
		Resources:              []pulumi.StringInput{d.Models.Arn, d.Audit.Bucket.Arn, d.Metadata.Arn},
		RecoveryPointObjective: time.Duration(cfg.BackupRPOHours) * time.Hour,
		CopyProvider:           d.DR.Provider,
		GovernanceMode:         profile.BackupGovernanceLock,
		// Each site's routing reports failed backup, copy and restore
		// jobs through EventBridge; the vaults add what it does not: every
		// restore (a restore nobody planned is seen) and S3's per-object
		// failures.
		NotificationTopicArn:     primaryTopic,
		CopyNotificationTopicArn: drTopic,
		NotificationEvents:       VaultNotificationEvents,
	}, inPrimary...); err != nil {
		return nil, err
	}
	access := &accessroles.Args{
		Publish: &accessroles.PublishRole{BucketArn: d.Models.Arn, Prefix: ModelPrefix, KMSKeyArn: d.DataKey.Arn,
			ReplicaBucketArn: d.ModelsReplica.Arn, ReplicaKMSKeyArn: d.DataKey.ReplicaArn},
		Audit: &accessroles.AuditRole{
			LogBucketArns: []pulumi.StringInput{d.Audit.Bucket.Arn, d.AuditReplica.Arn},
			KMSKeyArns:    []pulumi.StringInput{d.Audit.KMSKeyArn, d.AuditReplica.KMSKeyArn},
		},
	}
	// What can be rebuilt from code waits for a published artifact:
	// SageMaker refuses a model whose data is not in the bucket, and the
	// DR site's model reads the replica, which publish waits for.
	if cfg.Serving() {
		if err := d.serve(ctx, d.Primary, d.Models, cfg.PrimaryInstances, inPrimary); err != nil {
			return nil, err
		}
		if err := d.serve(ctx, d.DR, d.ModelsReplica, cfg.StandbyInstances, inDR); err != nil {
			return nil, err
		}
		if err := d.edge(ctx, inPrimary); err != nil {
			return nil, err
		}
		if err := d.drills(ctx, inPrimary); err != nil {
			return nil, err
		}
		access.Invoke = &accessroles.InvokeRole{InvocationsArns: []pulumi.StringInput{
			d.Primary.FrontDoor.InvocationsArn, d.DR.FrontDoor.InvocationsArn,
		}}
	}
	if d.Access, err = accessroles.NewRoles(ctx, "access", access, inPrimary...); err != nil {
		return nil, err
	}
	return d, nil
}

// VaultNotificationEvents are the backup vaults' events that reach the
// incident routings directly: those the routings' EventBridge rule for
// AWS Backup (failed, aborted and expired jobs) does not report.
var VaultNotificationEvents = []string{"RESTORE_JOB_COMPLETED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED"}

// ModelPrefix is where model artifacts live in the model bucket.
const ModelPrefix = "models/"

// VPC blocks of the two sites; they do not overlap, so the sites can be
// peered or joined to a transit gateway later.
var siteCidrs = map[string]string{"primary": "10.10.0.0/16", "dr": "10.20.0.0/16"}

// HandlerTier is the security-group tier of the guarded handlers;
// DatabaseTier the metadata store's, which admits the model endpoints'
// tier only, on PostgreSQL's port.
const (
	HandlerTier  = "handler"
	DatabaseTier = "database"
)

// network builds a site's private network: it lives long, since the
// metadata store is in it, and serving is built into it.
func (d *Deployment) network(ctx *pulumi.Context, site *Site, opts []pulumi.ResourceOption) error {
	var err error
	site.Network, err = privatevpc.NewVpc(ctx, site.Role, &privatevpc.Args{
		CidrBlock: siteCidrs[site.Role],
		Tiers: map[string]securitygroups.Tier{
			privatevpc.DefaultEndpointTier: {Description: "modelfort model endpoints"},
			HandlerTier:                    {Description: "modelfort guarded handlers: HTTPS to the VPC endpoints only"},
			DatabaseTier:                   {Description: "modelfort metadata store: PostgreSQL from the model endpoints only"},
		},
		Flows: []securitygroups.Flow{{
			Client: privatevpc.DefaultEndpointTier, Server: DatabaseTier, Protocol: "tcp",
			FromPort: metadatastore.Port, ToPort: metadatastore.Port,
			Description: "model endpoints to the metadata store",
		}},
		// The endpoints and the handlers reach the VPC endpoints; the
		// database sends nothing (RDS backs up outside the VPC).
		EndpointClientTiers: []string{privatevpc.DefaultEndpointTier, HandlerTier},
		// The handler calls the guardrail through Bedrock's runtime
		// endpoint, the model through SageMaker's.
		InterfaceEndpoints: append(slices.Clone(privatevpc.DefaultInterfaceEndpoints), "bedrock-runtime"),
	}, opts...)
	return err
}

// serve builds a site's guardrail, its model endpoint of the given size
// (reading the published artifact from bucket, the site's own region's
// copy), the guarded handler and the front door.
func (d *Deployment) serve(ctx *pulumi.Context, site *Site, bucket *wormbucket.Bucket, instances int, opts []pulumi.ResourceOption) error {
	cfg := d.Config
	var err error
	if site.Guardrail, err = guardrail.NewGuardrail(ctx, site.Role, nil, opts...); err != nil {
		return err
	}
	var subnets []modelendpoint.Subnet
	for i, s := range site.Network.PrivateSubnets {
		subnets = append(subnets, modelendpoint.Subnet{ID: s.ID().ToStringOutput(), Zone: site.Network.Zones[i]})
	}
	if site.Endpoint, err = modelendpoint.NewEndpoint(ctx, site.Role, &modelendpoint.Args{
		Image:               cfg.ModelImage(site.Region),
		ArtifactBucket:      bucket,
		ArtifactPrefix:      ModelPrefix,
		ArtifactKey:         cfg.ArtifactKey(),
		Subnets:             subnets,
		SecurityGroupIds:    []pulumi.StringInput{site.Network.EndpointTierSecurityGroupId},
		InstanceType:        cfg.InstanceType,
		InstanceStorage:     cfg.InstanceStorage,
		Instances:           instances,
		AllowSingleInstance: instances < 2,
		MaxInstances:        max(instances, cfg.PrimaryInstances) * 2,
		Environment:         cfg.ModelEnvironment(),
		CapturePercent:      cfg.CapturePercent,
		AlarmTopicArn:       d.routing(site.Role).TopicArn,
	}, opts...); err != nil {
		return err
	}
	var subnetIDs []pulumi.StringInput
	for _, s := range site.Network.PrivateSubnets {
		subnetIDs = append(subnetIDs, s.ID().ToStringOutput())
	}
	if site.Handler, err = guardedinvoke.NewHandler(ctx, site.Role, &guardedinvoke.Args{
		EndpointName:              site.Endpoint.EndpointName,
		GuardrailArn:              site.Guardrail.GuardrailArn,
		GuardrailVersion:          site.Guardrail.Version,
		Subnets:                   subnetIDs,
		SecurityGroupIds:          []pulumi.StringInput{site.Network.TierSecurityGroupIds.MapIndex(pulumi.String(HandlerTier))},
		RuntimeVpcEndpointId:      site.Network.VpcEndpointIds.MapIndex(pulumi.String("sagemaker.runtime")),
		BedrockVpcEndpointId:      site.Network.VpcEndpointIds.MapIndex(pulumi.String("bedrock-runtime")),
		TimeoutSeconds:            cfg.IntegrationTimeoutSeconds,
		InvokeTimeoutMilliseconds: int(cfg.InvokeTimeout() / time.Millisecond),
		MaxBodyBytes:              cfg.MaxBodyBytes(),
		MaxNewTokens:              cfg.MaxNewTokens,
	}, opts...); err != nil {
		return err
	}
	cert := cfg.PrimaryCertificateArn
	if site.Role == "dr" {
		cert = cfg.DRCertificateArn
	}
	site.FrontDoor, err = frontdoor.NewAPI(ctx, site.Role, &frontdoor.Args{
		Handler:              &frontdoor.Handler{FunctionName: site.Handler.FunctionName, InvokeArn: site.Handler.InvokeArn},
		TimeoutMilliseconds:  cfg.IntegrationTimeoutSeconds * 1000,
		WebAcl:               &webacl.Args{MaxBodyBytes: cfg.MaxBodyBytes()},
		DomainName:           cfg.DomainName,
		CertificateArn:       pulumi.String(cert),
		ManageAccountLogging: cfg.APIGatewayAccountLogging,
	}, opts...)
	return err
}

// metadataStore builds the metadata store in the primary site's database
// tier, encrypted with the data key, its automated backups replicated to
// the DR region under the key's replica. Outside prod it may be deleted
// (a destroy of dev takes it, after a final snapshot) and runs in one
// zone.
func (d *Deployment) metadataStore(ctx *pulumi.Context, opts []pulumi.ResourceOption) error {
	var subnets []pulumi.StringInput
	for _, s := range d.Primary.Network.PrivateSubnets {
		subnets = append(subnets, s.ID().ToStringOutput())
	}
	prod := d.Config.Profile().Protect
	var err error
	d.Metadata, err = metadatastore.NewStore(ctx, "metadata", &metadatastore.Args{
		SubnetIds:        subnets,
		SecurityGroupIds: []pulumi.StringInput{d.Primary.Network.TierSecurityGroupIds.MapIndex(pulumi.String(DatabaseTier))},
		KMSKeyArn:        d.DataKey.Arn,
		ReplicaProvider:  d.DR.Provider,
		ReplicaKMSKeyArn: d.DataKey.ReplicaArn,
		SingleAZ:         !prod,
		AllowDeletion:    !prod,
	}, opts...)
	return err
}

// drills builds the FIS experiment templates of the drills: the region
// outage cuts the primary site's private subnets (handlers, endpoints,
// VPC endpoints) off, as the loss of the site's network would.
func (d *Deployment) drills(ctx *pulumi.Context, opts []pulumi.ResourceOption) error {
	var subnets []pulumi.StringInput
	for _, s := range d.Primary.Network.PrivateSubnets {
		subnets = append(subnets, s.Arn)
	}
	var err error
	d.Drills, err = faultinjection.NewExperiments(ctx, "drills", &faultinjection.Args{
		RegionOutage:  &faultinjection.RegionOutage{SubnetArns: subnets, VpcId: d.Primary.Network.VpcId},
		AlarmTopicArn: d.routing(PrimarySite).TopicArn,
	}, opts...)
	return err
}

// failoverSite is a site as the failover name sees it: its front door,
// probed on the health route (which calls the guardrail and the model),
// and its endpoint's error and latency alarms.
func failoverSite(site *Site) failover.Site {
	s := failover.FromFrontDoor(site.FrontDoor)
	for _, alarm := range []pulumi.StringOutput{site.Endpoint.ErrorAlarmName, site.Endpoint.LatencyAlarmName} {
		s.Alarms = append(s.Alarms, failover.Alarm{Name: alarm, Region: site.Region, Detection: EndpointAlarmDetection})
	}
	return s
}

// edge fails the custom domain over between the sites' front doors and,
// with Shield on, puts a Shield-protected CloudFront distribution in
// front of both and protects the hosted zone.
func (d *Deployment) edge(ctx *pulumi.Context, opts []pulumi.ResourceOption) error {
	cfg := d.Config
	args := &failover.Args{
		ZoneId:     pulumi.String(cfg.HostedZoneId),
		RecordName: cfg.DomainName,
		Primary:    failoverSite(d.Primary),
		Secondary:  failoverSite(d.DR),
		TTL:        cfg.DNSTTLSeconds,
		HealthCheck: &failover.HealthCheck{
			RequestInterval:  cfg.HealthCheckIntervalSeconds,
			FailureThreshold: cfg.HealthCheckFailureThreshold,
		},
		RecoveryTimeObjective: time.Duration(cfg.RTOTargetMinutes) * time.Minute,
	}
	edge := d.Edge
	if cfg.Shield {
		args.CloudFront = &failover.CloudFront{
			Aliases:                  []string{cfg.CDNDomainName},
			CertificateArn:           pulumi.String(cfg.CDNCertificateArn),
			Provider:                 edge,
			AlarmActions:             d.routing(EdgeSite).AlarmActions(),
			ShieldAdvanced:           true,
			OriginReadTimeoutSeconds: cfg.CDNReadTimeoutSeconds(),
			ShieldMitigation:         cfg.Mitigation(),
			WebAcl:                   &webacl.Args{MaxBodyBytes: cfg.MaxBodyBytes()},
		}
	}
	var err error
	if d.Failover, err = failover.NewRegional(ctx, "failover", args, opts...); err != nil {
		return err
	}
	if err := d.healthCheckAlarms(ctx, edge); err != nil {
		return err
	}
	if !cfg.Shield {
		return nil
	}
	// The group holds the distribution by ARN: it waits for failover,
	// which protects it.
	shield := cfg.shieldArgs(ShieldGroupID(ctx.Stack()), d.Failover.DistributionArn, d.routing(EdgeSite).AlarmActions())
	shield.Resources[0].AlarmProvider = edge
	d.Shield, err = shieldprotection.NewProtection(ctx, "shield", shield, append(opts, pulumi.DependsOn([]pulumi.Resource{d.Failover}))...)
	return err
}

// edgeProvider sets Edge: with Shield, or when neither site is in
// us-east-1, a provider of its own named "edge" (the name its resources
// have always had); else the provider of the site there.
func (d *Deployment) edgeProvider(ctx *pulumi.Context) error {
	cfg := d.Config
	if !cfg.Shield && cfg.EdgeSite() != EdgeSite {
		d.Edge = map[string]*aws.Provider{PrimarySite: d.Primary.Provider, DRSite: d.DR.Provider}[cfg.EdgeSite()]
		return nil
	}
	var err error
	d.Edge, err = aws.NewProvider(ctx, "edge", &aws.ProviderArgs{Region: pulumi.String(EdgeRegion)})
	return err
}

func newSite(ctx *pulumi.Context, cfg Config, role, region string) (*Site, error) {
	prov, err := aws.NewProvider(ctx, role, &aws.ProviderArgs{
		Region: pulumi.String(region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
			"modelfort:environment": pulumi.String(cfg.Environment),
			"modelfort:site":        pulumi.String(role),
		}},
	})
	if err != nil {
		return nil, err
	}
	return &Site{Role: role, Region: region, Provider: prov}, nil
}

// export publishes the stack outputs a user needs.
func (d *Deployment) export(ctx *pulumi.Context) {
	cfg := d.Config
	ctx.Export("environment", pulumi.String(cfg.Environment))
	ctx.Export("primaryRegion", pulumi.String(d.Primary.Region))
	ctx.Export("drRegion", pulumi.String(d.DR.Region))
	ctx.Export("domainName", pulumi.String(cfg.DomainName))
	ctx.Export("hostedZoneId", pulumi.String(cfg.HostedZoneId))
	ctx.Export("dataKeyArn", d.DataKey.Arn)
	ctx.Export("dataKeyReplicaArn", d.DataKey.ReplicaArn)
	ctx.Export("modelBucket", d.Models.BucketName)
	ctx.Export("modelBucketArn", d.Models.Arn)
	ctx.Export("modelReplicaBucket", d.ModelsReplica.BucketName)
	ctx.Export("modelReplicaBucketArn", d.ModelsReplica.Arn)
	// What make publish needs to name the artifact as the endpoints will.
	ctx.Export("modelPrefix", pulumi.String(ModelPrefix))
	ctx.Export("modelArtifact", pulumi.String(cfg.ModelArtifact))
	ctx.Export("modelDigest", pulumi.String(cfg.ModelDigest))
	ctx.Export("modelArtifactKey", pulumi.String(cfg.ArtifactKey()))
	ctx.Export("auditTrailArn", d.Audit.TrailArn)
	ctx.Export("auditBucket", d.Audit.BucketName)
	ctx.Export("auditReplicaBucket", d.AuditReplica.BucketName)
	ctx.Export("backupVault", d.Backup.VaultName)
	ctx.Export("backupCopyVaultArn", d.Backup.CopyVaultArn)
	ctx.Export("backupSchedule", d.Backup.Schedule)
	ctx.Export("backupRoleArn", d.Backup.RoleArn)
	ctx.Export("primaryVpcId", d.Primary.Network.VpcId)
	ctx.Export("drVpcId", d.DR.Network.VpcId)
	ctx.Export("roleArns", d.Access.RoleArns)
	ctx.Export("metadataStore", pulumi.Map{
		"arn": d.Metadata.Arn, "address": d.Metadata.Address, "port": d.Metadata.Port,
		"masterUserSecretArn": d.Metadata.MasterUserSecretArn, "replicatedBackupsArn": d.Metadata.ReplicatedBackupsArn,
	})
	ctx.Export("recoveryBudget", cfg.Budget().Output(cfg))
	topics := pulumi.StringMap{}
	for site, r := range d.Incidents {
		topics[site] = r.TopicArn
	}
	ctx.Export("incidentTopicArns", topics)
	detection := pulumi.Map{}
	for site, det := range d.Detection {
		detection[site] = pulumi.Map{
			"region": pulumi.String(det.Region), "detectorId": det.DetectorId,
			"securityHubStandardsArn": det.SecurityHubStandardsArn, "configRecorderName": det.ConfigRecorderName,
			"configRuleNames": det.ConfigRuleNames, "malwareProtectionPlanArns": det.MalwareProtectionPlanArns,
		}
	}
	ctx.Export("threatDetection", detection)
	ctx.Export("serving", pulumi.Bool(cfg.Serving()))
	if !cfg.Serving() {
		ctx.Export("nextStep", pulumi.String("publish a model artifact: make publish STACK="+ctx.Stack()+" FILE=model.tar.gz, then make up STACK="+ctx.Stack()))
		return
	}
	ctx.Export("primaryEndpointName", d.Primary.Endpoint.EndpointName)
	ctx.Export("drEndpointName", d.DR.Endpoint.EndpointName)
	ctx.Export("guardrailIds", pulumi.StringMap{"primary": d.Primary.Guardrail.GuardrailId, "dr": d.DR.Guardrail.GuardrailId})
	// The custom domain maps the stage at its root: the URL has no stage.
	ctx.Export("endpointUrl", pulumi.String(cfg.EndpointURL()))
	ctx.Export("healthUrl", pulumi.String("https://"+cfg.DomainName+"/"+frontdoor.HealthPath))
	ctx.Export("frontDoorUrls", pulumi.StringMap{"primary": d.Primary.FrontDoor.InvokeUrl, "dr": d.DR.FrontDoor.InvokeUrl})
	ctx.Export("invocationsArns", pulumi.StringMap{"primary": d.Primary.FrontDoor.InvocationsArn, "dr": d.DR.FrontDoor.InvocationsArn})
	ctx.Export("handlerNames", pulumi.StringMap{"primary": d.Primary.Handler.FunctionName, "dr": d.DR.Handler.FunctionName})
	ctx.Export("guardrailVersions", pulumi.StringMap{"primary": d.Primary.Guardrail.Version, "dr": d.DR.Guardrail.Version})
	ctx.Export("captureBuckets", pulumi.StringMap{"primary": d.Primary.Endpoint.CaptureBucket.BucketName, "dr": d.DR.Endpoint.CaptureBucket.BucketName})
	ctx.Export("healthCheckIds", pulumi.StringMap{"primary": d.Failover.PrimaryHealthCheckId, "dr": d.Failover.SecondaryHealthCheckId})
	ctx.Export("endpointHealthCheckIds", pulumi.StringArrayMap{"primary": d.Failover.PrimaryAlarmHealthCheckIds, "dr": d.Failover.SecondaryAlarmHealthCheckIds})
	ctx.Export("worstCaseFailoverSeconds", d.Failover.WorstCaseFailoverSeconds)
	ctx.Export("faultInjection", pulumi.Map{
		"region":                   pulumi.String(d.Drills.Region),
		"regionOutageTemplateId":   d.Drills.RegionOutageTemplateId,
		"stopAlarmName":            d.Drills.StopAlarmName,
		"stopMetricNamespace":      pulumi.String(faultinjection.StopMetricNamespace),
		"stopMetricName":           pulumi.String(faultinjection.StopMetricName),
		"stopMetricDimension":      pulumi.String(faultinjection.StopMetricDimension),
		"stopMetricDimensionValue": pulumi.String(d.Drills.StopMetricDimensionValue),
	})
	if d.Shield != nil {
		ctx.Export("shieldProtectionIds", d.Shield.ProtectionIds)
		ctx.Export("cdnDomainName", d.Failover.DistributionDomainName)
		cdn := d.Failover.Shield
		ctx.Export("shield", pulumi.Map{
			"protectionIds":             pulumi.StringMap{"zone": d.Shield.ProtectionIds.MapIndex(pulumi.String("zone")), "distribution": cdn.ProtectionIds.MapIndex(pulumi.String("distribution"))},
			"healthCheckAssociationIds": cdn.AssociationIds,
			"protectionGroupIds":        d.Shield.ProtectionGroupIds,
			"automaticMitigations":      cdn.AutomaticMitigations,
			"responseTeamRoleArn":       d.Shield.ResponseTeamRoleArn,
			"proactiveEngagement":       d.Shield.ProactiveEngagementEnabled,
		})
		// Shield Advanced protects the distribution, not the regional
		// APIs: clients call through it, signing for domainName (the
		// origin API Gateway sees; examples/invoke-client -signing-host).
		ctx.Export("protectedEndpointUrl", pulumi.String("https://"+cfg.CDNDomainName+"/"+frontdoor.InvocationsPath))
	}
}
