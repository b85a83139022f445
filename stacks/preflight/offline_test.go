package preflight

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/modelfort/modelfort/internal/offlinecloud"
	stacks "github.com/modelfort/modelfort/stacks/aws"
)

// runOffline runs the checks against an offline account through Serve, as
// the command does.
func runOffline(t *testing.T, a *offlinecloud.Account, c stacks.Config) Report {
	t.Helper()
	w, err := OfflineWorld(a, c)
	if err != nil {
		t.Fatal(err)
	}
	endpoint, stop, err := Serve(w)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	cl := NewClients(aws.Config{
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAOFFLINE", "offline", ""),
		BaseEndpoint: aws.String(endpoint),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	})
	return Run(context.Background(), Options{Stack: "prod", Config: c, Clients: cl, Target: "the offline account"})
}

// freshSettings are a fresh AWS account's: no Shield Advanced, no quota
// of the GPU type.
func freshSettings() offlinecloud.Settings {
	return offlinecloud.Settings{AWS: offlinecloud.AWSSettings{
		NoShieldAdvanced:           true,
		SageMakerEndpointInstances: map[string]int{"us-east-1/" + typ: 0, "us-west-2/" + typ: 0},
	}}
}

func TestOfflineFreshAccount(t *testing.T) {
	r := runOffline(t, offlinecloud.NewMemoryAccount(freshSettings()), prodConfig())
	if !r.Failed() {
		t.Fatalf("a fresh account passes: %+v", r.Results)
	}
	for _, tc := range []struct {
		check, region string
		want          Status
		found         string
	}{
		{CheckCredentials, Global, OK, "account 123456789012 as arn:aws:iam::123456789012:user/offline"},
		{CheckShield, Global, Missing, "INACTIVE"},
		{CheckEndpointQuota, "us-east-1", Missing, "is 0"},
		{CheckEndpointQuota, "us-west-2", Missing, "is 0"},
		{CheckCertificate + " (cdnCertificateArn)", "us-east-1", NA, "not checked offline: the offline account holds no ACM certificates"},
		{CheckHostedZone, Global, NA, "not checked offline: the offline account holds no Route 53 hosted zones"},
		{CheckAPIGatewayLog, "us-west-2", OK, "the stack sets it"},
		{CheckGuardDuty, "us-east-1", OK, "none yet"},
	} {
		got := result(t, r, tc.check, tc.region)
		if got.Status != tc.want || !strings.Contains(got.Found, tc.found) {
			t.Errorf("%s %s: got %s %q; want %s ~%q", tc.check, tc.region, got.Status, got.Found, tc.want, tc.found)
		}
	}
	if r.Failures() != 3 {
		t.Errorf("%d failures; want 3 (Shield, two quotas)", r.Failures())
	}
}

func TestOfflineReadyAccount(t *testing.T) {
	// The default offline account subscribes to Shield and sets no quota.
	r := runOffline(t, offlinecloud.NewMemoryAccount(offlinecloud.Settings{}), prodConfig())
	if r.Failed() {
		t.Fatalf("the default account fails: %+v", r.Results)
	}
	if got := result(t, r, CheckEndpointQuota, "us-west-2"); got.Status != OK || !strings.Contains(got.Found, "is 1000000") {
		t.Errorf("quota %+v", got)
	}
	// A fresh account made ready.
	s := freshSettings()
	s.AWS.NoShieldAdvanced = false
	s.AWS.SageMakerEndpointInstances = map[string]int{"us-east-1/" + typ: 4, "us-west-2/" + typ: 4}
	r = runOffline(t, offlinecloud.NewMemoryAccount(s), prodConfig())
	if r.Failed() {
		t.Fatalf("a ready account fails: %+v", r.Results)
	}
}

func TestOfflineAccountObjects(t *testing.T) {
	s := freshSettings()
	s.AWS.SageMakerEndpointInstances = nil
	s.AWS.APIGatewayCloudWatchRoles = map[string]string{"us-east-1": "arn:aws:iam::123456789012:role/apigw-logs"}
	s.AWS.GuardDutyOrganizationDetectors = map[string]offlinecloud.GuardDutyDetector{
		"us-west-2": {ID: "org-west", Status: "ENABLED", Features: map[string]string{S3DataEvents: "ENABLED"}},
	}
	a := offlinecloud.NewMemoryAccount(s)
	put := func(typ, region, id string, outs map[string]any) {
		if err := a.Put(offlinecloud.Record{Type: typ, Region: region, ID: id, URN: "urn:pulumi:prod::modelfort::" + typ + "::x", Outputs: resource.NewPropertyMapFromMap(outs)}); err != nil {
			t.Fatal(err)
		}
	}
	// A stack subscribed to Shield, set us-west-2's logging role, and
	// created us-east-1's detector.
	put(typeShieldSubscription, "us-east-1", "123456789012", map[string]any{})
	put(typeAPIGatewayAccount, "us-west-2", "api-gateway-account", map[string]any{"cloudwatchRoleArn": "arn:aws:iam::123456789012:role/stack-logs"})
	put(typeGuardDutyDetector, "us-east-1", "stackdet", map[string]any{"enable": true, "tagsAll": map[string]any{EnvironmentTag: "prod", "modelfort:site": "primary"}})
	put(typeGuardDutyFeature, "us-east-1", "stackdet/S3_DATA_EVENTS", map[string]any{"detectorId": "stackdet", "name": S3DataEvents, "status": "ENABLED"})

	c := prodConfig()
	c.APIGatewayAccountLogging = false
	r := runOffline(t, a, c)
	for _, tc := range []struct {
		check, region string
		want          Status
		found         string
	}{
		{CheckShield, Global, OK, "ACTIVE"},
		{CheckAPIGatewayLog, "us-east-1", OK, "role/apigw-logs"},
		{CheckAPIGatewayLog, "us-west-2", OK, "role/stack-logs"},
		{CheckGuardDuty, "us-east-1", OK, "detector stackdet, tagged modelfort:environment=prod: the stack's own"},
		// The organization's detector in us-west-2, where the stack would own one.
		{CheckGuardDuty, "us-west-2", Missing, "detector org-west already exists"},
	} {
		got := result(t, r, tc.check, tc.region)
		if got.Status != tc.want || !strings.Contains(got.Found, tc.found) {
			t.Errorf("%s %s: got %s %q; want %s ~%q", tc.check, tc.region, got.Status, got.Found, tc.want, tc.found)
		}
	}
	c.ThreatDetection.GuardDuty = stacks.Organization
	r = runOffline(t, a, c)
	if got := result(t, r, CheckGuardDuty, "us-west-2"); got.Status != OK {
		t.Errorf("organization: %+v", got)
	}
	// us-east-1's detector is the stack's, which the organization mode does
	// not look at the tags of: enabled with S3 protection, it passes.
	if got := result(t, r, CheckGuardDuty, "us-east-1"); got.Status != OK {
		t.Errorf("organization us-east-1: %+v", got)
	}
}
