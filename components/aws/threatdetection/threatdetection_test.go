package threatdetection

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	detectorT = "aws:guardduty/detector:Detector"
	featureT  = "aws:guardduty/detectorFeature:DetectorFeature"
	planT     = "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"
	hubT      = "aws:securityhub/account:Account"
	subT      = "aws:securityhub/standardsSubscription:StandardsSubscription"
	recorderT = "aws:cfg/recorder:Recorder"
	channelT  = "aws:cfg/deliveryChannel:DeliveryChannel"
	statusT   = "aws:cfg/recorderStatus:RecorderStatus"
	ruleT     = "aws:cfg/rule:Rule"
	slrT      = "aws:iam/serviceLinkedRole:ServiceLinkedRole"
	roleT     = "aws:iam/role:Role"
	policyT   = "aws:iam/rolePolicy:RolePolicy"
)

func run(t *testing.T, args *Args, opts ...mocktest.Option) (*mocktest.Recording, error) {
	t.Helper()
	return mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewDetection(ctx, "td", args)
		return err
	}, opts...)
}

// TestDefaults: a detector with S3 protection, Security Hub with FSBP, and
// AWS Config (service-linked role, own bucket, recorder, channel, status,
// every managed rule), in the order AWS needs.
func TestDefaults(t *testing.T) {
	rec, err := run(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	det, feat := rec.Find(detectorT, "td"), rec.Find(featureT, "td-s3")
	if det == nil || !det.Bool("enable") || det.Str("findingPublishingFrequency") != "FIFTEEN_MINUTES" ||
		feat == nil || feat.Str("detectorId") != det.ID || feat.Str("name") != "S3_DATA_EVENTS" || feat.Str("status") != "ENABLED" {
		t.Errorf("GuardDuty: %v %v", det, feat)
	}
	hub, sub := rec.Find(hubT, "td"), rec.Find(subT, "td-fsbp")
	if hub == nil || hub.Bool("enableDefaultStandards") || sub == nil ||
		sub.Str("standardsArn") != "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0" ||
		!slices.Contains(sub.Dependencies, hub.URN) {
		t.Errorf("Security Hub: %v %v", hub, sub)
	}
	slr, recorder, channel, status := rec.Find(slrT, "td-config"), rec.Find(recorderT, "td"), rec.Find(channelT, "td"), rec.Find(statusT, "td")
	if slr == nil || slr.Str("awsServiceName") != "config.amazonaws.com" || recorder == nil || channel == nil || status == nil {
		t.Fatalf("AWS Config: %v %v %v %v", slr, recorder, channel, status)
	}
	if recorder.Str("roleArn") != slr.Out("arn") || !recorder.Bool("recordingGroup.allSupported") || !recorder.Bool("recordingGroup.includeGlobalResourceTypes") {
		t.Errorf("recorder: %v", recorder.Inputs)
	}
	bucket := rec.Find("aws:s3/bucketV2:BucketV2", "td-config")
	if bucket == nil || channel.Str("s3BucketName") != bucket.ID || bucket.Bool("objectLockEnabled") || bucket.Str(`tags["modelfort:purpose"]`) != ConfigPurpose {
		t.Errorf("channel %v into bucket %v (AWS Config refuses object lock)", channel.Inputs, bucket)
	}
	for _, waits := range []struct {
		who  *mocktest.Resource
		what *mocktest.Resource
	}{
		{channel, recorder},
		{channel, rec.Find("aws:s3/bucketPolicy:BucketPolicy", "td-config")},
		{status, channel},
	} {
		if waits.what == nil || !slices.Contains(waits.who.Dependencies, waits.what.URN) {
			t.Errorf("%s does not wait for %v", waits.who.URN, waits.what)
		}
	}
	if !status.Bool("isEnabled") || status.Str("name") != recorder.Out("name") {
		t.Errorf("status: %v", status.Inputs)
	}
	rules := rec.OfType(ruleT)
	if len(rules) != len(ManagedRules) {
		t.Errorf("%d rules; want %d", len(rules), len(ManagedRules))
	}
	for _, r := range ManagedRules {
		got := rec.Find(ruleT, "td-"+r.Name())
		if got == nil || got.Str("source.owner") != "AWS" || got.Str("source.sourceIdentifier") != r.Identifier || !slices.Contains(got.Dependencies, recorder.URN) {
			t.Errorf("rule %s: %v", r.Identifier, got)
		}
	}
	if alarm := rec.Find(ruleT, "td-cloudwatch-alarm-action-check"); !strings.Contains(alarm.Str("inputParameters"), `"insufficientDataActionRequired":"false"`) {
		t.Errorf("alarm rule parameters %q", alarm.Str("inputParameters"))
	}
	bp, err := rec.Find("aws:s3/bucketPolicy:BucketPolicy", "td-config").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	put := bp.Find("AWSConfigBucketDelivery")
	if put == nil || !slices.Equal(put.Principal["Service"], []string{"config.amazonaws.com"}) ||
		!slices.Equal(put.Values("StringEquals", "aws:SourceAccount"), []string{offlinecloud.AWSAccount}) || bp.Find("DenyInsecureTransport") == nil {
		t.Errorf("bucket policy %v", bp.Sids())
	}
	if len(rec.OfType(planT)) != 0 {
		t.Error("a malware plan without buckets")
	}
}

// TestEveryManagedRuleIsKnownOffline: the stand-in refuses an identifier
// it does not know; every rule of the table must be one it knows, and
// mirror a policy rule, or say it is run-time only.
func TestEveryManagedRuleIsKnownOffline(t *testing.T) {
	for _, r := range ManagedRules {
		if !slices.Contains(offlinecloud.ConfigManagedRuleIdentifiers, r.Identifier) {
			t.Errorf("%s is not in offlinecloud.ConfigManagedRuleIdentifiers", r.Identifier)
		}
	}
}

// TestOrganizationManaged: no detector of the component's own; the
// region's detector is verified through getDetector, and the deployment
// fails, naming the region and what is missing, without one that is
// enabled with S3 protection.
func TestOrganizationManaged(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		want     string
	}{
		{"enabled with S3 protection", `{"aws":{"guardDutyOrganizationDetectors":{"us-east-1":{"id":"org1","status":"ENABLED","features":{"S3_DATA_EVENTS":"ENABLED"}}}}}`, ""},
		{"absent", `{}`, "GuardDuty.OrganizationManaged: account 123456789012 has no GuardDuty detector in us-east-1"},
		{"another region's", `{"aws":{"guardDutyOrganizationDetectors":{"eu-west-1":{"id":"org1","status":"ENABLED","features":{"S3_DATA_EVENTS":"ENABLED"}}}}}`, "GuardDuty.OrganizationManaged: account 123456789012 has no GuardDuty detector in us-east-1"},
		{"disabled, no S3", `{"aws":{"guardDutyOrganizationDetectors":{"us-east-1":{"id":"org1","status":"DISABLED"}}}}`,
			`GuardDuty.OrganizationManaged: the GuardDuty detector org1 of account 123456789012 in us-east-1 is not what the organization must provide: the detector is "DISABLED", not ENABLED, and S3 protection (feature S3_DATA_EVENTS) is not ENABLED`},
		{"enabled, S3 off", `{"aws":{"guardDutyOrganizationDetectors":{"us-east-1":{"id":"org1","status":"ENABLED","features":{"S3_DATA_EVENTS":"DISABLED"}}}}}`,
			"GuardDuty.OrganizationManaged: the GuardDuty detector org1 of account 123456789012 in us-east-1 is not what the organization must provide: S3 protection (feature S3_DATA_EVENTS) is not ENABLED;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var settings offlinecloud.Settings
			if err := json.Unmarshal([]byte(tt.settings), &settings); err != nil {
				t.Fatal(err)
			}
			rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
				d, err := NewDetection(ctx, "td", &Args{GuardDuty: GuardDuty{OrganizationManaged: true}})
				if err != nil {
					return err
				}
				// A resource that takes the output records its value.
				_, err = s3.NewBucketV2(ctx, "probe", &s3.BucketV2Args{Tags: pulumi.StringMap{"detector": d.DetectorId}})
				return err
			}, mocktest.AccountSettings(settings))
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), "threatdetection td: "+tt.want) {
					t.Fatalf("err = %v; want %q", err, tt.want)
				}
				if len(rec.Resources) != 0 {
					t.Errorf("registered before failing:\n%s", rec)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.OfType(detectorT)) != 0 || len(rec.OfType(featureT)) != 0 {
				t.Error("an organization-managed region got a detector of the component's own")
			}
			called := slices.ContainsFunc(rec.Calls, func(c mocktest.Call) bool { return c.Token == "aws:guardduty/getDetector:getDetector" })
			if !called {
				t.Error("the organization's detector was not looked up")
			}
			if probe := rec.Find("aws:s3/bucketV2:BucketV2", "probe"); probe.Str(`tags["detector"]`) != "org1" {
				t.Errorf("DetectorId is %q, not the organization's: %v", probe.Str(`tags["detector"]`), probe.Inputs)
			}
		})
	}
}

// TestMalwareScan: a plan per bucket, tagging on, through a role that
// GuardDuty's malware protection assumes and whose policy the plan waits
// for, scoped to the bucket and its key (through S3).
func TestMalwareScan(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		b, err := newBucketForTest(ctx)
		if err != nil {
			return err
		}
		_, err = NewDetection(ctx, "td", &Args{MalwareScanBuckets: []MalwareScanBucket{{Key: "models", BucketName: b, KMSKeyArns: []pulumi.StringInput{pulumi.String(key)}}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	plan, role, policy := rec.Find(planT, "td-models"), rec.Find(roleT, "td-malware-models"), rec.Find(policyT, "td-malware-models")
	if plan == nil || role == nil || policy == nil {
		t.Fatalf("plan %v role %v policy %v", plan, role, policy)
	}
	if plan.Str("role") != role.Out("arn") || plan.Str("protectedResource.s3Bucket.bucketName") != "models-bucket" ||
		plan.Str("actions[0].taggings[0].status") != "ENABLED" || !slices.Contains(plan.Dependencies, policy.URN) {
		t.Errorf("plan: %v deps %v", plan.Inputs, plan.Dependencies)
	}
	trust, _ := role.Policy("assumeRolePolicy")
	if s := trust.Statement[0]; !slices.Equal(s.Principal["Service"], []string{MalwareProtectionService}) {
		t.Errorf("trust %+v", s)
	}
	p, _ := policy.Policy("policy")
	if s := p.Find("AllowMalwareScan"); s == nil || !slices.Equal(s.Resource, []string{"arn:aws:s3:::models-bucket/*"}) {
		t.Errorf("scan statement %+v", s)
	}
	if s := p.Find("AllowCheckBucketOwnership"); s == nil || !slices.Equal(s.Resource, []string{"arn:aws:s3:::models-bucket"}) {
		t.Errorf("ownership statement %+v", s)
	}
	if s := p.Find("AllowDecryptForMalwareScan"); s == nil || !slices.Equal(s.Resource, []string{key}) ||
		!slices.Equal(s.Values("StringEquals", "kms:ViaService"), []string{"s3.us-east-1.amazonaws.com"}) {
		t.Errorf("decrypt statement %+v", s)
	}
	if s := p.Find("AllowManagedRuleToSendS3EventsToGuardDuty"); s == nil || !strings.HasSuffix(s.Resource[0], ":rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*") {
		t.Errorf("events statement %+v", s)
	}
}

// TestLoosenings: NoSecurityHub, NoConfig, another standard, a given role
// and bucket, no global resources, excluded rules.
func TestLoosenings(t *testing.T) {
	rec, err := run(t, &Args{NoSecurityHub: true, NoConfig: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(hubT))+len(rec.OfType(subT))+len(rec.OfType(recorderT))+len(rec.OfType(ruleT))+len(rec.OfType(slrT)) != 0 {
		t.Errorf("loosened parts created:\n%s", rec)
	}
	rec, err = run(t, &Args{
		Standard: StandardCIS300, NoGlobalResources: true, ExcludeRules: []string{"EC2_SECURITY_GROUP_ATTACHED_TO_ENI_PERIODIC"},
		ConfigRoleArn:    pulumi.String("arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
		ConfigBucketName: pulumi.String("central-config"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if sub := rec.Find(subT, "td-cis-3.0.0"); sub == nil || !strings.HasSuffix(sub.Str("standardsArn"), "::standards/cis-aws-foundations-benchmark/v/3.0.0") {
		t.Errorf("standard: %v", sub)
	}
	if rec.Find(slrT, "td-config") != nil || rec.Find("aws:s3/bucketV2:BucketV2", "td-config") != nil {
		t.Error("a given role or bucket was created")
	}
	if r := rec.Find(recorderT, "td"); r.Bool("recordingGroup.includeGlobalResourceTypes") || rec.Find(channelT, "td").Str("s3BucketName") != "central-config" {
		t.Errorf("recorder %v", r.Inputs)
	}
	if rec.Find(ruleT, "td-iam-policy-no-statements-with-admin-access") != nil || rec.Find(ruleT, "td-ec2-security-group-attached-to-eni-periodic") != nil {
		t.Error("a global or excluded rule was created")
	}
}

// TestTwoRegionsOneServiceLinkedRole: the second region takes the first's
// role; the account refuses a second service-linked role, and a second
// recorder in one region.
func TestTwoRegionsOneServiceLinkedRole(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		primary, err := NewDetection(ctx, "td", nil)
		if err != nil {
			return err
		}
		_, err = NewDetection(ctx, "tdw", &Args{ConfigRoleArn: primary.ConfigRoleArn, NoGlobalResources: true}, pulumi.Provider(west))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.OfType(slrT)) != 1 || rec.Find(recorderT, "tdw").Str("roleArn") != rec.Find(slrT, "td-config").Out("arn") {
		t.Error("the second region must use the first's service-linked role")
	}
	_, err = mocktest.Run(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		if _, err := NewDetection(ctx, "td", nil); err != nil {
			return err
		}
		_, err = NewDetection(ctx, "tdw", nil, pulumi.Provider(west))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "AWSServiceRoleForConfig has been taken") {
		t.Errorf("two service-linked roles: %v", err)
	}
	a := offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	if _, err := run(t, nil, mocktest.Account(a)); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, &Args{ConfigRoleArn: pulumi.String("arn:aws:iam::123456789012:role/r"), NoSecurityHub: true, GuardDuty: GuardDuty{}}, mocktest.Account(a), mocktest.Stack("other"))
	if err == nil || !strings.Contains(err.Error(), "a detector already exists") {
		t.Errorf("a second stack's detector in the region: %v", err)
	}
}

func TestRejections(t *testing.T) {
	b := pulumi.String("models")
	tests := []struct {
		name string
		args *Args
		want string
	}{
		{"frequency", &Args{GuardDuty: GuardDuty{FindingPublishingFrequency: "HOURLY"}}, `GuardDuty.FindingPublishingFrequency is "HOURLY"; allowed values are FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS`},
		{"frequency with org", &Args{GuardDuty: GuardDuty{OrganizationManaged: true, FindingPublishingFrequency: OneHour}}, "GuardDuty.FindingPublishingFrequency is \"ONE_HOUR\" with GuardDuty.OrganizationManaged"},
		{"bucket key", &Args{MalwareScanBuckets: []MalwareScanBucket{{Key: "Models", BucketName: b}}}, `MalwareScanBuckets[0].Key "Models" is not allowed`},
		{"bucket key twice", &Args{MalwareScanBuckets: []MalwareScanBucket{{Key: "m", BucketName: b}, {Key: "m", BucketName: b}}}, `MalwareScanBuckets[1].Key "m" is used twice`},
		{"nil bucket", &Args{MalwareScanBuckets: []MalwareScanBucket{{Key: "m"}}}, "MalwareScanBuckets[0].BucketName is nil"},
		{"bucket ARN", &Args{MalwareScanBuckets: []MalwareScanBucket{{Key: "m", BucketName: pulumi.String("arn:aws:s3:::models")}}}, `MalwareScanBuckets[0].BucketName "arn:aws:s3:::models" is not an S3 bucket name`},
		{"key", &Args{MalwareScanBuckets: []MalwareScanBucket{{Key: "m", BucketName: b, KMSKeyArns: []pulumi.StringInput{pulumi.String("alias/x")}}}}, `MalwareScanBuckets[0].KMSKeyArns[0] "alias/x" is not a KMS key ARN`},
		{"nil key", &Args{MalwareScanBuckets: []MalwareScanBucket{{Key: "m", BucketName: b, KMSKeyArns: []pulumi.StringInput{nil}}}}, "MalwareScanBuckets[0].KMSKeyArns[0] is nil"},
		{"standard", &Args{Standard: "pci"}, `Standard is "pci"; allowed values are cis-1.4.0, cis-3.0.0, fsbp, nist-800-53-r5`},
		{"standard without hub", &Args{NoSecurityHub: true, Standard: StandardFSBP}, `Standard is "fsbp" with NoSecurityHub`},
		{"role with NoConfig", &Args{NoConfig: true, ConfigRoleArn: pulumi.String("arn:aws:iam::123456789012:role/r")}, "ConfigRoleArn is set with NoConfig"},
		{"bucket with NoConfig", &Args{NoConfig: true, ConfigBucketName: b}, "ConfigBucketName is set with NoConfig"},
		{"global with NoConfig", &Args{NoConfig: true, NoGlobalResources: true}, "NoGlobalResources is set with NoConfig"},
		{"exclude with NoConfig", &Args{NoConfig: true, ExcludeRules: []string{"SECURITYHUB_ENABLED"}}, "ExcludeRules is set with NoConfig"},
		{"role", &Args{ConfigRoleArn: pulumi.String("AWSServiceRoleForConfig")}, `ConfigRoleArn "AWSServiceRoleForConfig" is not an IAM role ARN`},
		{"config bucket", &Args{ConfigBucketName: pulumi.String("Config")}, `ConfigBucketName "Config" is not an S3 bucket name`},
		{"exclude", &Args{ExcludeRules: []string{"ROOT_ACCOUNT_MFA_ENABLED"}}, `ExcludeRules[0] "ROOT_ACCOUNT_MFA_ENABLED" is not one of ManagedRules; allowed values are VPC_DEFAULT_SECURITY_GROUP_CLOSED`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := run(t, tt.args)
			if err == nil || !strings.Contains(err.Error(), "threatdetection td: "+tt.want) {
				t.Fatalf("err = %v; want %q", err, "threatdetection td: "+tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("registered before failing:\n%s", rec)
			}
		})
	}
	if _, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := NewDetection(ctx, "threat_detection", nil)
		return err
	}); err == nil || !strings.Contains(err.Error(), `the component name "threat_detection"`) {
		t.Errorf("name: %v", err)
	}
}

// TestResourceOptionsReachChildren: provider and protect reach every
// resource below the component.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = NewDetection(ctx, "td", nil, pulumi.Provider(eu), pulumi.Protect(true))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.OptionsReach(rec.Find(Type, "td"), mocktest.Reach{Region: "eu-west-1", Protect: true}) {
		t.Error(p)
	}
	if sub := rec.Find(subT, "td-fsbp"); !strings.HasPrefix(sub.Str("standardsArn"), "arn:aws:securityhub:eu-west-1::") {
		t.Errorf("standard of another region: %s", sub.Str("standardsArn"))
	}
}
