package preflight

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/modelfort/modelfort/internal/offlinecloud"
	stacks "github.com/modelfort/modelfort/stacks/aws"
)

// OfflineNoLimit is the quota the offline world answers for an instance
// type the offline account sets no quota of (sageMakerEndpointInstances
// leaves it out: "no limit").
const OfflineNoLimit = 1000000

// Resource types of the offline account that provide prerequisites (the
// stand-in keeps them under the Pulumi AWS provider's type tokens).
const (
	typeShieldSubscription = "aws:shield/subscription:Subscription"
	typeAPIGatewayAccount  = "aws:apigateway/account:Account"
	typeGuardDutyDetector  = "aws:guardduty/detector:Detector"
	typeGuardDutyFeature   = "aws:guardduty/detectorFeature:DetectorFeature"
)

// Messages of the services the offline account does not model.
const (
	offlineNoCertificates = "the offline account holds no ACM certificates, and the stand-in takes any certificate ARN (CLOUD=real checks it)"
	offlineNoZones        = "the offline account holds no Route 53 hosted zones, and the stand-in takes any zone ID (CLOUD=real checks it)"
)

// OfflineWorld is the offline account as the checks see it, from its
// settings (docs/offline-cloud.md, "The offline account") and from what
// stacks created in it, as the stand-in plugins weigh the same
// prerequisites (internal/offlinecloud/prereqs_aws.go):
//
//   - Shield Advanced is subscribed unless noShieldAdvanced, or when a
//     stack created an aws:shield/subscription:Subscription;
//   - the quota of a region and instance type is
//     sageMakerEndpointInstances' ("REGION/TYPE"), else OfflineNoLimit for
//     the stack's instance type;
//   - a region's API Gateway logging role is apiGatewayCloudWatchRoles',
//     else that of an aws:apigateway/account:Account a stack created there;
//   - a region's GuardDuty detectors are guardDutyOrganizationDetectors'
//     and those stacks created (with their DetectorFeature objects and
//     tags);
//   - ACM and Route 53 are not modeled: their checks are NA offline.
func OfflineWorld(a *offlinecloud.Account, c stacks.Config) (*World, error) {
	s, err := a.Settings()
	if err != nil {
		return nil, err
	}
	w := &World{
		Account:        offlinecloud.AWSAccount,
		Caller:         "arn:aws:iam::" + offlinecloud.AWSAccount + ":user/offline",
		EndpointQuotas: map[string]float64{}, APIGatewayRoles: map[string]string{},
		Detectors:  map[string][]Detector{},
		NotModeled: map[string]string{"acm": offlineNoCertificates, "route53": offlineNoZones},
	}
	subs, err := a.List(typeShieldSubscription)
	if err != nil {
		return nil, err
	}
	w.ShieldSubscribed = !s.AWS.NoShieldAdvanced || len(subs) > 0

	for k, v := range s.AWS.SageMakerEndpointInstances {
		w.EndpointQuotas[k] = float64(v)
	}
	for _, region := range []string{c.PrimaryRegion, c.DRRegion} {
		if _, ok := w.EndpointQuotas[region+"/"+c.InstanceType]; !ok {
			w.EndpointQuotas[region+"/"+c.InstanceType] = OfflineNoLimit
		}
	}

	for region, role := range s.AWS.APIGatewayCloudWatchRoles {
		w.APIGatewayRoles[region] = role
	}
	accounts, err := a.List(typeAPIGatewayAccount)
	if err != nil {
		return nil, err
	}
	for _, acct := range accounts {
		if role := str(acct.Outputs["cloudwatchRoleArn"]); role != "" && w.APIGatewayRoles[acct.Region] == "" {
			w.APIGatewayRoles[acct.Region] = role
		}
	}

	for region, d := range s.AWS.GuardDutyOrganizationDetectors {
		status := d.Status
		if status == "" {
			status = "ENABLED"
		}
		w.Detectors[region] = append(w.Detectors[region], Detector{ID: d.ID, Status: status, Features: d.Features})
	}
	detectors, err := a.List(typeGuardDutyDetector)
	if err != nil {
		return nil, err
	}
	features, err := a.List(typeGuardDutyFeature)
	if err != nil {
		return nil, err
	}
	for _, d := range detectors {
		status := "ENABLED"
		if v := d.Outputs["enable"]; v.IsBool() && !v.BoolValue() {
			status = "DISABLED"
		}
		det := Detector{ID: d.ID, Status: status, Features: map[string]string{}, Tags: strMap(d.Outputs["tagsAll"])}
		if len(det.Tags) == 0 {
			det.Tags = strMap(d.Outputs["tags"])
		}
		for _, f := range features {
			if f.Region == d.Region && str(f.Outputs["detectorId"]) == d.ID {
				det.Features[str(f.Outputs["name"])] = str(f.Outputs["status"])
			}
		}
		w.Detectors[d.Region] = append(w.Detectors[d.Region], det)
	}
	return w, nil
}

// str is a string output (through secrets), or "".
func str(v resource.PropertyValue) string {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// strMap is a map of strings output, such as tags.
func strMap(v resource.PropertyValue) map[string]string {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	out := map[string]string{}
	if !v.IsObject() {
		return out
	}
	for k, e := range v.ObjectValue() {
		if s := str(e); s != "" {
			out[string(k)] = s
		}
	}
	return out
}
