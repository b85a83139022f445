package threatdetection

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/securityhub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:ThreatDetection"

// pkg prefixes the component's errors and names its key's alias.
const pkg = "threatdetection"

// ConfigService is the AWS Config service, whose service-linked role
// (AWSServiceRoleForConfig) the recorder uses.
const ConfigService = "config.amazonaws.com"

// MalwareProtectionService is the service principal that assumes a
// Malware Protection for S3 plan's role.
const MalwareProtectionService = "malware-protection-plan.guardduty.amazonaws.com"

// Detection is a region's threat detection: its GuardDuty detector (owned,
// or the organization's, verified), Malware Protection for S3 plans,
// Security Hub with a named standard, and AWS Config recording with the
// managed rules of ManagedRules.
type Detection struct {
	pulumi.ResourceState

	// DetectorId is the region's GuardDuty detector: the component's, or
	// the organization's it verified.
	DetectorId pulumi.StringOutput `pulumi:"detectorId"`
	// MalwareProtectionPlanArns and MalwareScanRoleArns are the plans and
	// their roles by MalwareScanBucket.Key.
	MalwareProtectionPlanArns pulumi.StringMapOutput `pulumi:"malwareProtectionPlanArns"`
	MalwareScanRoleArns       pulumi.StringMapOutput `pulumi:"malwareScanRoleArns"`
	// SecurityHubStandardsArn is the standard subscribed to, and
	// SecurityHubSubscriptionArn the subscription; empty with
	// NoSecurityHub.
	SecurityHubStandardsArn    pulumi.StringOutput `pulumi:"securityHubStandardsArn"`
	SecurityHubSubscriptionArn pulumi.StringOutput `pulumi:"securityHubSubscriptionArn"`
	// ConfigRecorderName, ConfigRoleArn and ConfigBucketName are the
	// recorder, its role and where it delivers; ConfigRuleNames the
	// managed rules. Empty with NoConfig.
	ConfigRecorderName pulumi.StringOutput      `pulumi:"configRecorderName"`
	ConfigRoleArn      pulumi.StringOutput      `pulumi:"configRoleArn"`
	ConfigBucketName   pulumi.StringOutput      `pulumi:"configBucketName"`
	ConfigRuleNames    pulumi.StringArrayOutput `pulumi:"configRuleNames"`

	// Region is where the detection acts.
	Region string

	// Detector and DetectorFeature are the component's detector and its S3
	// protection (nil with GuardDuty.OrganizationManaged).
	Detector        *guardduty.Detector
	DetectorFeature *guardduty.DetectorFeature
	// MalwareProtectionPlans, MalwareScanRoles and MalwareScanPolicies by
	// MalwareScanBucket.Key.
	MalwareProtectionPlans map[string]*guardduty.MalwareProtectionPlan
	MalwareScanRoles       map[string]*iam.Role
	MalwareScanPolicies    map[string]*iam.RolePolicy
	// SecurityHub and Subscription (nil with NoSecurityHub).
	SecurityHub  *securityhub.Account
	Subscription *securityhub.StandardsSubscription
	// The AWS Config resources (nil with NoConfig; ServiceLinkedRole nil
	// with ConfigRoleArn, Bucket nil with ConfigBucketName).
	ServiceLinkedRole *iam.ServiceLinkedRole
	Bucket            *ConfigBucket
	Recorder          *cfg.Recorder
	DeliveryChannel   *cfg.DeliveryChannel
	RecorderStatus    *cfg.RecorderStatus
	Rules             []*cfg.Rule
}

// NewDetection creates a region's threat detection; the provider in opts
// decides the region. Args are checked before anything is registered, and
// so is an organization-managed detector (GuardDuty.OrganizationManaged):
// a region without an enabled detector with S3 protection fails the
// deployment, preview included. Resource options apply to the component
// and through it to every resource it creates.
func NewDetection(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Detection, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	d := &Detection{Region: env.Region,
		MalwareProtectionPlans: map[string]*guardduty.MalwareProtectionPlan{},
		MalwareScanRoles:       map[string]*iam.Role{}, MalwareScanPolicies: map[string]*iam.RolePolicy{}}
	orgDetector := ""
	if a.GuardDuty.OrganizationManaged {
		if orgDetector, err = verifyOrganizationDetector(ctx, env, opts...); err != nil {
			return nil, component.Errorf(pkg, name, err)
		}
	}
	in, err := component.Register(ctx, Type, name, d, opts...)
	if err != nil {
		return nil, err
	}
	// Set after registering, which resets the output fields.
	d.DetectorId = pulumi.String(orgDetector).ToStringOutput()
	t := tags.Of(a.Tags)

	if !a.GuardDuty.OrganizationManaged {
		if err := a.newDetector(ctx, name, d, t, in); err != nil {
			return nil, err
		}
	}
	plans, roles := pulumi.StringMap{}, pulumi.StringMap{}
	for _, b := range a.MalwareScanBuckets {
		if err := a.newMalwarePlan(ctx, name, b, d, env, t, in); err != nil {
			return nil, err
		}
		plans[b.Key], roles[b.Key] = d.MalwareProtectionPlans[b.Key].Arn, d.MalwareScanRoles[b.Key].Arn
	}
	d.MalwareProtectionPlanArns, d.MalwareScanRoleArns = plans.ToStringMapOutput(), roles.ToStringMapOutput()

	empty := pulumi.String("").ToStringOutput()
	d.SecurityHubStandardsArn, d.SecurityHubSubscriptionArn = empty, empty
	if !a.NoSecurityHub {
		if d.SecurityHub, err = securityhub.NewAccount(ctx, name, &securityhub.AccountArgs{
			// The standard is chosen below, not AWS's defaults.
			EnableDefaultStandards: pulumi.Bool(false),
			AutoEnableControls:     pulumi.Bool(true),
		}, in); err != nil {
			return nil, err
		}
		arn := StandardArn(a.Standard, env.Partition, env.Region)
		if d.Subscription, err = securityhub.NewStandardsSubscription(ctx, name+"-"+a.Standard, &securityhub.StandardsSubscriptionArgs{
			StandardsArn: pulumi.String(arn),
		}, in, pulumi.DependsOn([]pulumi.Resource{d.SecurityHub})); err != nil {
			return nil, err
		}
		d.SecurityHubStandardsArn, d.SecurityHubSubscriptionArn = pulumi.String(arn).ToStringOutput(), d.Subscription.ID().ToStringOutput()
	}

	d.ConfigRecorderName, d.ConfigRoleArn, d.ConfigBucketName = empty, empty, empty
	d.ConfigRuleNames = pulumi.StringArray{}.ToStringArrayOutput()
	if !a.NoConfig {
		if err := a.newConfig(ctx, name, d, env, t, in); err != nil {
			return nil, err
		}
	}

	return d, ctx.RegisterResourceOutputs(d, pulumi.Map{
		"detectorId": d.DetectorId, "malwareProtectionPlanArns": d.MalwareProtectionPlanArns, "malwareScanRoleArns": d.MalwareScanRoleArns,
		"securityHubStandardsArn": d.SecurityHubStandardsArn, "securityHubSubscriptionArn": d.SecurityHubSubscriptionArn,
		"configRecorderName": d.ConfigRecorderName, "configRoleArn": d.ConfigRoleArn, "configBucketName": d.ConfigBucketName,
		"configRuleNames": d.ConfigRuleNames,
	})
}

// newDetector creates the region's detector with S3 protection.
func (a *Args) newDetector(ctx *pulumi.Context, name string, d *Detection, t pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	var err error
	if d.Detector, err = guardduty.NewDetector(ctx, name, &guardduty.DetectorArgs{
		Enable:                     pulumi.Bool(true),
		FindingPublishingFrequency: pulumi.String(a.GuardDuty.FindingPublishingFrequency),
		Tags:                       t,
	}, in); err != nil {
		return err
	}
	d.DetectorId = d.Detector.ID().ToStringOutput()
	d.DetectorFeature, err = guardduty.NewDetectorFeature(ctx, name+"-s3", &guardduty.DetectorFeatureArgs{
		DetectorId: d.DetectorId,
		Name:       pulumi.String(S3DataEvents),
		Status:     pulumi.String("ENABLED"),
	}, in)
	return err
}

// S3DataEvents is the GuardDuty feature of S3 protection.
const S3DataEvents = "S3_DATA_EVENTS"

// verifyOrganizationDetector looks the region's detector up through the
// getDetector data source and returns its ID, or an error naming the
// region and what is missing: no detector, one not ENABLED, or one
// without S3 protection.
func verifyOrganizationDetector(ctx *pulumi.Context, env awsenv.Env, opts ...pulumi.ResourceOption) (string, error) {
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return "", err
	}
	var inv []pulumi.InvokeOption
	if ro.Provider != nil {
		inv = append(inv, pulumi.Provider(ro.Provider))
	}
	res, err := guardduty.LookupDetector(ctx, &guardduty.LookupDetectorArgs{}, inv...)
	if err != nil {
		return "", fmt.Errorf("GuardDuty.OrganizationManaged: account %s has no GuardDuty detector in %s (%v); have the organization's GuardDuty administrator enable it there (with S3 protection), or leave OrganizationManaged unset for a detector of the component's own",
			env.AccountId, env.Region, err)
	}
	var missing []string
	if res.Status != "ENABLED" {
		missing = append(missing, fmt.Sprintf("the detector is %q, not ENABLED", res.Status))
	}
	if !slices.ContainsFunc(res.Features, func(f guardduty.GetDetectorFeatureType) bool {
		return f.Name == S3DataEvents && f.Status == "ENABLED"
	}) {
		missing = append(missing, "S3 protection (feature "+S3DataEvents+") is not ENABLED")
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("GuardDuty.OrganizationManaged: the GuardDuty detector %s of account %s in %s is not what the organization must provide: %s; have the organization's GuardDuty administrator fix it, or leave OrganizationManaged unset for a detector of the component's own",
			res.Id, env.AccountId, env.Region, strings.Join(missing, ", and "))
	}
	return res.Id, nil
}

// newMalwarePlan creates a bucket's Malware Protection plan and the role
// it scans and tags with, following
// https://docs.aws.amazon.com/guardduty/latest/ug/malware-protection-s3-iam-policy-prerequisite.html:
// the EventBridge managed rule it listens through, the bucket's
// notifications, reading and tagging its objects, the validation object,
// ownership (ListBucket) and, for SSE-KMS, the keys through S3.
func (a *Args) newMalwarePlan(ctx *pulumi.Context, name string, b MalwareScanBucket, d *Detection, env awsenv.Env, t pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	res := name + "-malware-" + b.Key
	role, err := iam.NewRole(ctx, res, &iam.RoleArgs{
		Description: pulumi.Sprintf("GuardDuty Malware Protection for S3 of bucket %s (modelfort %s)", b.BucketName, name),
		AssumeRolePolicy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("MalwareProtectionAssumesRole"),
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("Service", pulumi.String(MalwareProtectionService)),
		}}, in),
		Tags: t,
	}, in)
	if err != nil {
		return err
	}
	bucket := pulumi.Sprintf("arn:%s:s3:::%s", env.Partition, b.BucketName)
	objects := pulumi.Sprintf("%s/*", bucket)
	rule := pulumi.String(fmt.Sprintf("arn:%s:events:%s:%s:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*", env.Partition, env.Region, env.AccountId))
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("AllowManagedRuleToSendS3EventsToGuardDuty"),
			Actions:    iampolicy.Strings("events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"),
			Resources:  pulumi.StringArray{rule},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringLike", "events:ManagedBy", pulumi.String(MalwareProtectionService))},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("AllowGuardDutyToMonitorEventBridgeManagedRule"),
			Actions:   iampolicy.Strings("events:DescribeRule", "events:ListTargetsByRule"),
			Resources: pulumi.StringArray{rule},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("AllowPostScanTag"),
			Actions:   iampolicy.Strings("s3:PutObjectTagging", "s3:GetObjectTagging", "s3:PutObjectVersionTagging", "s3:GetObjectVersionTagging"),
			Resources: pulumi.StringArray{objects},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("AllowEnableS3EventBridgeEvents"),
			Actions:   iampolicy.Strings("s3:PutBucketNotification", "s3:GetBucketNotification"),
			Resources: pulumi.StringArray{bucket},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("AllowPutValidationObject"),
			Actions:   iampolicy.Strings("s3:PutObject"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/malware-protection-resource-validation-object", bucket)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("AllowCheckBucketOwnership"),
			Actions:   iampolicy.Strings("s3:ListBucket"),
			Resources: pulumi.StringArray{bucket},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("AllowMalwareScan"),
			Actions:   iampolicy.Strings("s3:GetObject", "s3:GetObjectVersion"),
			Resources: pulumi.StringArray{objects},
		},
	}
	if len(b.KMSKeyArns) > 0 {
		keys := pulumi.StringArray{}
		for _, k := range b.KMSKeyArns {
			keys = append(keys, k)
		}
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("AllowDecryptForMalwareScan"),
			Actions:    iampolicy.Strings("kms:GenerateDataKey", "kms:Decrypt"),
			Resources:  keys,
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.String(fmt.Sprintf("s3.%s.%s", env.Region, env.DNSSuffix)))},
		})
	}
	policy, err := iam.NewRolePolicy(ctx, res, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: iampolicy.Document(ctx, stmts, in),
	}, in)
	if err != nil {
		return err
	}
	// GuardDuty checks the role's permissions when the plan is created
	// (InvalidInputException "... does not have the required permissions
	// to validate S3 bucket ownership"): the plan waits for the policy.
	plan, err := guardduty.NewMalwareProtectionPlan(ctx, name+"-"+b.Key, &guardduty.MalwareProtectionPlanArgs{
		Role: role.Arn,
		ProtectedResource: &guardduty.MalwareProtectionPlanProtectedResourceArgs{
			S3Bucket: &guardduty.MalwareProtectionPlanProtectedResourceS3BucketArgs{BucketName: b.BucketName},
		},
		Actions: guardduty.MalwareProtectionPlanActionArray{&guardduty.MalwareProtectionPlanActionArgs{
			Taggings: guardduty.MalwareProtectionPlanActionTaggingArray{&guardduty.MalwareProtectionPlanActionTaggingArgs{Status: pulumi.String("ENABLED")}},
		}},
		Tags: t,
	}, in, pulumi.DependsOn([]pulumi.Resource{policy}))
	if err != nil {
		return err
	}
	d.MalwareScanRoles[b.Key], d.MalwareScanPolicies[b.Key], d.MalwareProtectionPlans[b.Key] = role, policy, plan
	return nil
}

// newConfig creates the recorder (and its service-linked role unless
// ConfigRoleArn is given), where it delivers, its status and the rules.
// AWS's order: a delivery channel needs the recorder
// (NoAvailableConfigurationRecorderException), the recorder starts only
// with a delivery channel (NoAvailableDeliveryChannelException), and a
// rule needs the recorder.
func (a *Args) newConfig(ctx *pulumi.Context, name string, d *Detection, env awsenv.Env, t pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	roleArn := a.ConfigRoleArn
	if roleArn == nil {
		slr, err := iam.NewServiceLinkedRole(ctx, name+"-config", &iam.ServiceLinkedRoleArgs{
			AwsServiceName: pulumi.String(ConfigService),
			Description:    pulumi.String("AWS Config recording (modelfort " + name + ")"),
			Tags:           t,
		}, in)
		if err != nil {
			return err
		}
		d.ServiceLinkedRole, roleArn = slr, slr.Arn
	}
	d.ConfigRoleArn = roleArn.ToStringOutput()

	bucketName := a.ConfigBucketName
	var channelWaits []pulumi.Resource
	var keyArn pulumi.StringPtrInput
	if bucketName == nil {
		b, err := newConfigBucket(ctx, name+"-config", roleArn, a.Tags, env, in)
		if err != nil {
			return err
		}
		d.Bucket, bucketName, keyArn = b, b.BucketName, b.KMSKeyArn
		// Config checks it may write when the channel is put
		// (InsufficientDeliveryPolicyException).
		channelWaits = append(channelWaits, b.Policy, b.Encryption)
	}
	d.ConfigBucketName = bucketName.ToStringOutput()

	var err error
	if d.Recorder, err = cfg.NewRecorder(ctx, name, &cfg.RecorderArgs{
		Name:    pulumi.String(name),
		RoleArn: roleArn,
		RecordingGroup: &cfg.RecorderRecordingGroupArgs{
			AllSupported:               pulumi.Bool(true),
			IncludeGlobalResourceTypes: pulumi.Bool(!a.NoGlobalResources),
		},
	}, in); err != nil {
		return err
	}
	if d.DeliveryChannel, err = cfg.NewDeliveryChannel(ctx, name, &cfg.DeliveryChannelArgs{
		Name:         pulumi.String(name),
		S3BucketName: bucketName,
		S3KmsKeyArn:  keyArn,
		SnapshotDeliveryProperties: &cfg.DeliveryChannelSnapshotDeliveryPropertiesArgs{
			DeliveryFrequency: pulumi.String("TwentyFour_Hours"),
		},
	}, in, pulumi.DependsOn(append([]pulumi.Resource{d.Recorder}, channelWaits...))); err != nil {
		return err
	}
	if d.RecorderStatus, err = cfg.NewRecorderStatus(ctx, name, &cfg.RecorderStatusArgs{
		Name:      d.Recorder.Name,
		IsEnabled: pulumi.Bool(true),
	}, in, pulumi.DependsOn([]pulumi.Resource{d.DeliveryChannel})); err != nil {
		return err
	}
	d.ConfigRecorderName = d.Recorder.Name

	names := pulumi.StringArray{}
	for _, r := range a.rules() {
		ruleArgs := &cfg.RuleArgs{
			Name:        pulumi.String(name + "-" + r.Name()),
			Description: pulumi.String(ruleDescription(r)),
			Source:      &cfg.RuleSourceArgs{Owner: pulumi.String("AWS"), SourceIdentifier: pulumi.String(r.Identifier)},
			Tags:        t,
		}
		if r.Parameters != nil {
			b, err := json.Marshal(r.Parameters)
			if err != nil {
				return err
			}
			ruleArgs.InputParameters = pulumi.String(string(b))
		}
		rule, err := cfg.NewRule(ctx, name+"-"+r.Name(), ruleArgs, in, pulumi.DependsOn([]pulumi.Resource{d.Recorder}))
		if err != nil {
			return err
		}
		d.Rules = append(d.Rules, rule)
		names = append(names, rule.Name)
	}
	d.ConfigRuleNames = names.ToStringArrayOutput()
	return nil
}

// rules are the managed rules of this region: ManagedRules less the
// excluded ones, and less the global ones with NoGlobalResources.
func (a *Args) rules() []ManagedRule {
	var out []ManagedRule
	for _, r := range ManagedRules {
		if slices.Contains(a.ExcludeRules, r.Identifier) || (r.Global && a.NoGlobalResources) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func ruleDescription(r ManagedRule) string {
	if len(r.Mirrors) == 0 {
		return "modelfort: AWS managed rule " + r.Identifier + " (run-time check)"
	}
	return fmt.Sprintf("modelfort: AWS managed rule %s, the run-time check of policy rule %v", r.Identifier, r.Mirrors)
}
