package aws

import (
	"slices"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

const (
	detectorT   = "aws:guardduty/detector:Detector"
	featureT    = "aws:guardduty/detectorFeature:DetectorFeature"
	planT       = "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"
	hubT        = "aws:securityhub/account:Account"
	standardT   = "aws:securityhub/standardsSubscription:StandardsSubscription"
	recorderT   = "aws:cfg/recorder:Recorder"
	recStatusT  = "aws:cfg/recorderStatus:RecorderStatus"
	configRuleT = "aws:cfg/rule:Rule"
	bucketT     = "aws:s3/bucketV2:BucketV2"
)

// inRegion returns the recorded resources of type typ in region.
func inRegion(rec *mocktest.Recording, typ, region string) []*mocktest.Resource {
	var out []*mocktest.Resource
	for _, r := range rec.OfType(typ) {
		if r.Region == region {
			out = append(out, r)
		}
	}
	return out
}

// TestProdDetectsInBothRegions follows prod's threat detection in each
// region: a GuardDuty detector with S3 protection; malware scanning of that
// region's copy of the model artifacts; Security Hub with the standard;
// AWS Config recording, with the rules on the default and unused security
// groups; and the findings' route to on-call (finding -> rule -> topic is
// TestEveryFindingReachesOnCall's).
func TestProdDetectsInBothRegions(t *testing.T) {
	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	models := map[string]string{"us-east-1": "models", "us-west-2": "models-replica"}
	for region, bucketName := range models {
		dets := inRegion(rec, detectorT, region)
		if len(dets) != 1 || !dets[0].Bool("enable") {
			t.Fatalf("%s: detectors %v", region, dets)
		}
		feats := inRegion(rec, featureT, region)
		if len(feats) != 1 || feats[0].Str("detectorId") != dets[0].ID || feats[0].Str("name") != "S3_DATA_EVENTS" || feats[0].Str("status") != "ENABLED" {
			t.Errorf("%s: S3 protection %v", region, feats)
		}
		// The plan scans the region's model bucket, the one its endpoint
		// reads.
		var bucket *mocktest.Resource
		for _, b := range inRegion(rec, bucketT, region) {
			if b.Name == bucketName {
				bucket = b
			}
		}
		plans := inRegion(rec, planT, region)
		if bucket == nil || len(plans) != 1 || plans[0].Str("protectedResource.s3Bucket.bucketName") != bucket.Out("bucket") ||
			plans[0].Str("actions[0].taggings[0].status") != "ENABLED" {
			t.Errorf("%s: malware plans %v for bucket %v", region, plans, bucket)
		}
		subs := inRegion(rec, standardT, region)
		if len(inRegion(rec, hubT, region)) != 1 || len(subs) != 1 ||
			subs[0].Str("standardsArn") != "arn:aws:securityhub:"+region+"::standards/aws-foundational-security-best-practices/v/1.0.0" {
			t.Errorf("%s: Security Hub standards %v", region, subs)
		}
		recorders, status := inRegion(rec, recorderT, region), inRegion(rec, recStatusT, region)
		if len(recorders) != 1 || len(status) != 1 || !status[0].Bool("isEnabled") || status[0].Str("name") != recorders[0].Out("name") {
			t.Errorf("%s: AWS Config recorder %v, status %v", region, recorders, status)
		}
		var rules []string
		for _, r := range inRegion(rec, configRuleT, region) {
			rules = append(rules, r.Str("source.sourceIdentifier"))
		}
		for _, want := range []string{"VPC_DEFAULT_SECURITY_GROUP_CLOSED", "EC2_SECURITY_GROUP_ATTACHED_TO_ENI_PERIODIC", "GUARDDUTY_ENABLED_CENTRALIZED", "CLOUDWATCH_ALARM_ACTION_CHECK"} {
			if !slices.Contains(rules, want) {
				t.Errorf("%s: no AWS Config rule %s among %v", region, want, rules)
			}
		}
		// Global resources (IAM) are recorded once, in the primary region.
		if global := recorders[0].Bool("recordingGroup.includeGlobalResourceTypes"); global != (region == "us-east-1") {
			t.Errorf("%s: global resources recorded: %v", region, global)
		}
	}
	// One AWS Config service-linked role for the account, used by both.
	slrs := rec.OfType("aws:iam/serviceLinkedRole:ServiceLinkedRole")
	if len(slrs) != 1 {
		t.Fatalf("%d service-linked roles", len(slrs))
	}
	for _, r := range rec.OfType(recorderT) {
		if r.Str("roleArn") != slrs[0].Out("arn") {
			t.Errorf("recorder of %s uses %s", r.Region, r.Str("roleArn"))
		}
	}
}

// TestDevHasNoDetectionByDefault: dev and staging leave the account's
// detection services to the prod stack or the organization.
func TestDevHasNoDetectionByDefault(t *testing.T) {
	rec, err := run(t, "dev", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{detectorT, hubT, recorderT, planT} {
		if n := len(rec.OfType(typ)); n != 0 {
			t.Errorf("%d %s in dev", n, typ)
		}
	}
}

// TestOrganizationManagedDetection: with guardDuty "organization" the
// stack creates no detector and verifies the organization's in each
// region; a region without one fails before anything is registered.
func TestOrganizationManagedDetection(t *testing.T) {
	org := func(regions ...string) offlinecloud.Settings {
		st := offlinecloud.Settings{}
		st.AWS.GuardDutyOrganizationDetectors = map[string]offlinecloud.GuardDutyDetector{}
		for _, r := range regions {
			st.AWS.GuardDutyOrganizationDetectors[r] = offlinecloud.GuardDutyDetector{ID: "org-" + r, Status: "ENABLED", Features: map[string]string{"S3_DATA_EVENTS": "ENABLED"}}
		}
		return st
	}
	overrides := map[string]string{ThreatDetectionKey: `{"guardDuty": "organization", "securityHub": "organization", "config": "own"}`}
	rec, err := run(t, "prod", overrides, mocktest.AccountSettings(org("us-east-1", "us-west-2")))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.OfType(detectorT)) + len(rec.OfType(hubT)); n != 0 {
		t.Errorf("%d detectors and hubs of the stack's own", n)
	}
	if n := len(rec.OfType(recorderT)); n != 2 {
		t.Errorf("%d recorders; want one per region", n)
	}
	rec, err = run(t, "prod", overrides, mocktest.AccountSettings(org("us-east-1")))
	if err == nil || !strings.Contains(err.Error(), "threatdetection detection-dr: GuardDuty.OrganizationManaged: account 123456789012 has no GuardDuty detector in us-west-2") {
		t.Errorf("err = %v", err)
	}
}

// TestShieldProtectsTheEntryPoints follows prod's Shield Advanced setup:
// the entry points (the CloudFront distribution clients call, and the
// hosted zone) are protected, grouped, the distribution's protection
// follows a health check and mitigates application-layer attacks in its
// web ACL; the SRT's role and proactive engagement's contacts are the
// config's.
func TestShieldProtectsTheEntryPoints(t *testing.T) {
	rec, err := run(t, "prod", nil)
	if err != nil {
		t.Fatal(err)
	}
	dist := rec.OfType("aws:cloudfront/distribution:Distribution")
	if len(dist) != 1 {
		t.Fatalf("%d distributions", len(dist))
	}
	values := stackConfig(t, "prod")
	zone := "arn:aws:route53:::hostedzone/" + values["modelfort:hostedZoneId"]
	protections := map[string]*mocktest.Resource{}
	for _, p := range rec.OfType("aws:shield/protection:Protection") {
		protections[p.Str("resourceArn")] = p
	}
	cdn := protections[dist[0].Out("arn")]
	if len(protections) != 2 || cdn == nil || protections[zone] == nil {
		t.Fatalf("protections of %v; want the distribution and the zone", protections)
	}
	groups := rec.OfType("aws:shield/protectionGroup:ProtectionGroup")
	if len(groups) != 1 || groups[0].Str("pattern") != "ARBITRARY" || groups[0].Str("protectionGroupId") != "modelfort-prod" ||
		!slices.Equal(slices.Sorted(slices.Values(groups[0].Strs("members"))), slices.Sorted(slices.Values([]string{zone, dist[0].Out("arn")}))) {
		t.Errorf("protection groups %v", groups)
	}
	var assoc *mocktest.Resource
	for _, a := range rec.OfType("aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation") {
		if a.Str("shieldProtectionId") == cdn.ID {
			assoc = a
		}
	}
	if assoc == nil || !strings.HasPrefix(assoc.Str("healthCheckArn"), "arn:aws:route53:::healthcheck/") {
		t.Errorf("the distribution's protection has no health check: %v", assoc)
	}
	resp := rec.Find("aws:shield/applicationLayerAutomaticResponse:ApplicationLayerAutomaticResponse", "failover-cdn-distribution")
	if resp == nil || resp.Str("resourceArn") != dist[0].Out("arn") || resp.Str("action") != "COUNT" || dist[0].Str("webAclId") == "" {
		t.Errorf("automatic response %v", resp)
	}
	srt := rec.OfType("aws:shield/drtAccessRoleArnAssociation:DrtAccessRoleArnAssociation")
	role := rec.Find("aws:iam/role:Role", "shield-srt")
	if len(srt) != 1 || role == nil || srt[0].Str("roleArn") != role.Out("arn") || !strings.Contains(role.Str("assumeRolePolicy"), "drt.shield.amazonaws.com") {
		t.Errorf("SRT access %v, role %v", srt, role)
	}
	pe := rec.OfType("aws:shield/proactiveEngagement:ProactiveEngagement")
	if len(pe) != 1 || !pe[0].Bool("enabled") || pe[0].Str("emergencyContacts[0].emailAddress") != "soc@example.com" ||
		pe[0].Str("emergencyContacts[0].phoneNumber") != "+15555550100" {
		t.Errorf("proactive engagement %v", pe)
	}
}

func TestDetectionAndShieldConfigRejections(t *testing.T) {
	for _, tc := range []struct {
		env, key, value, want string
	}{
		{"prod", ThreatDetectionKey, `{"guardDuty": "mine"}`, `modelfort:threatDetection.guardDuty is "mine"; allowed values are own, organization`},
		{"prod", ThreatDetectionKey, `{"detector": "own"}`, `unknown field "detector"`},
		{"prod", ThreatDetectionKey, `{"standard": "pci"}`, `modelfort:threatDetection (site primary): Standard is "pci"`},
		{"prod", ThreatDetectionKey, `{"config": "organization", "configRoleArn": "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"}`, "modelfort:threatDetection.configRoleArn is set with config organization"},
		{"prod", "modelfort:guardDuty", "true", "modelfort:guardDuty is true and modelfort:threatDetection is set"},
		{"dev", ShieldMitigationKey, "BLOCK", "modelfort:shieldMitigation or modelfort:shieldResponse is set, and modelfort:shield is false"},
		{"prod", ShieldMitigationKey, "DROP", `modelfort:shieldMitigation is "DROP"; allowed values are COUNT, BLOCK`},
		{"prod", ShieldResponseKey, "", "modelfort:shieldResponse is not set; with Shield Advanced give the emergency contacts"},
		{"prod", ShieldResponseKey, `{"contacts": [{"email": "soc@example.com"}]}`, "modelfort:shieldResponse: ProactiveEngagement"},
		{"prod", ShieldResponseKey, `{"proactiveEngagement": false, "contacts": [{"email": "soc@example.com", "phone": "+15555550100"}]}`, "modelfort:shieldResponse.contacts are set with proactiveEngagement false"},
	} {
		t.Run(tc.env+"/"+tc.key+"="+tc.value, func(t *testing.T) {
			rec, err := run(t, tc.env, map[string]string{tc.key: tc.value})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want it to contain %q", err, tc.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("bad config registered %d resources", len(rec.Resources))
			}
		})
	}
}
