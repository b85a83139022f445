package aws

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/threatdetection"
	"github.com/modelfort/modelfort/internal/verify"
)

// ThreatDetectionKey is the configuration key of threat detection.
const ThreatDetectionKey = Namespace + ":threatDetection"

// Who owns an account-wide detection service in a region.
const (
	// Own: the stack creates it (GuardDuty's detector, Security Hub, the
	// AWS Config recorder).
	Own = "own"
	// Organization: the organization's administrator does (GuardDuty's
	// is then verified through getDetector; Security Hub's and AWS
	// Config's are left to the organization's central configuration).
	Organization = "organization"
)

// ThreatDetection is modelfort:threatDetection: GuardDuty (S3 protection,
// and malware scanning of the model buckets), Security Hub with a standard,
// and AWS Config with the managed rules that mirror the policy pack, in
// both regions (threatdetection.Detection). Each service exists once per
// account and region, so its owner is an account-level decision: the
// stack's own, or the organization's.
//
//	modelfort:threatDetection:
//	  guardDuty: own          # or organization (verified)
//	  securityHub: own        # or organization
//	  config: own             # or organization
//	  standard: fsbp          # cis-1.4.0, cis-3.0.0, nist-800-53-r5
//	  configRoleArn: ARN      # when the account has AWSServiceRoleForConfig already
//
// Unset, prod owns all three (a profile with Detection) and dev and
// staging have none: in an account that several environments share, the
// prod stack or the organization owns them.
type ThreatDetection struct {
	GuardDuty     string `json:"guardDuty,omitempty"`
	SecurityHub   string `json:"securityHub,omitempty"`
	Config        string `json:"config,omitempty"`
	Standard      string `json:"standard,omitempty"`
	ConfigRoleArn string `json:"configRoleArn,omitempty"`
}

// parseThreatDetection reads modelfort:threatDetection: nil when it is
// not set and the profile has no detection, the profile's defaults when
// it is not set and the profile has it.
func parseThreatDetection(s string, p Profile) (*ThreatDetection, error) {
	if s == "" {
		if !p.Detection {
			return nil, nil
		}
		return &ThreatDetection{GuardDuty: Own, SecurityHub: Own, Config: Own}, nil
	}
	td := &ThreatDetection{}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(td); err != nil {
		return nil, fmt.Errorf("%s is not an object of guardDuty, securityHub, config (each %s or %s), standard and configRoleArn: %v", ThreatDetectionKey, Own, Organization, err)
	}
	for _, f := range []*string{&td.GuardDuty, &td.SecurityHub, &td.Config} {
		if *f == "" {
			*f = Own
		}
	}
	return td, nil
}

// validateThreatDetection checks modelfort:threatDetection as the two
// detections will.
func (c Config) validateThreatDetection() error {
	td := c.ThreatDetection
	if td == nil {
		return nil
	}
	if c.GuardDuty {
		return fmt.Errorf("%s:guardDuty is true and %s is set: the audit trail's detector and the detection's would be two in %s, which GuardDuty refuses; remove %s:guardDuty (see docs/upgrading.md)", Namespace, ThreatDetectionKey, c.PrimaryRegion, Namespace)
	}
	for _, f := range []struct{ name, v string }{{"guardDuty", td.GuardDuty}, {"securityHub", td.SecurityHub}, {"config", td.Config}} {
		if err := verify.OneOf(ThreatDetectionKey+"."+f.name, f.v, Own, Organization); err != nil {
			return err
		}
	}
	if td.ConfigRoleArn != "" && td.Config != Own {
		return fmt.Errorf("%s.configRoleArn is set with config %s; the role is the recorder's, and the organization's recorder is not the stack's", ThreatDetectionKey, td.Config)
	}
	for _, site := range []string{PrimarySite, DRSite} {
		a := c.detectionArgs(site, nil)
		if err := a.Validate("detection-" + site); err != nil {
			return fmt.Errorf("%s (site %s): %w", ThreatDetectionKey, site, err)
		}
	}
	return nil
}

// detectionArgs are the threatdetection.Args of a site: malware scanning
// of the site's model bucket, global resources recorded in the primary
// region only, and the AWS Config service-linked role created there (or
// configRoleArn) and passed to the DR site (configRole).
func (c Config) detectionArgs(site string, configRole pulumi.StringInput) *threatdetection.Args {
	td := c.ThreatDetection
	a := &threatdetection.Args{
		GuardDuty:     threatdetection.GuardDuty{OrganizationManaged: td.GuardDuty == Organization},
		Standard:      td.Standard,
		NoSecurityHub: td.SecurityHub == Organization,
		NoConfig:      td.Config == Organization,
	}
	if a.NoSecurityHub {
		a.Standard = ""
	}
	if !a.NoConfig {
		if td.ConfigRoleArn != "" {
			a.ConfigRoleArn = pulumi.String(td.ConfigRoleArn)
		} else if site == DRSite {
			a.ConfigRoleArn = configRole
		}
		a.NoGlobalResources = site == DRSite
	}
	return a
}

// detect creates each site's threat detection, which scans the site's
// copy of the model artifacts for malware.
func (d *Deployment) detect(ctx *pulumi.Context) error {
	cfg := d.Config
	if cfg.ThreatDetection == nil {
		return nil
	}
	protect := pulumi.Protect(cfg.Profile().Protect)
	d.Detection = map[string]*threatdetection.Detection{}
	var configRole pulumi.StringInput
	for _, s := range []struct {
		site   string
		prov   pulumi.ProviderResource
		bucket pulumi.StringInput
		key    pulumi.StringInput
	}{
		{PrimarySite, d.Primary.Provider, d.Models.BucketName, d.DataKey.Arn},
		{DRSite, d.DR.Provider, d.ModelsReplica.BucketName, d.DataKey.ReplicaArn},
	} {
		a := cfg.detectionArgs(s.site, configRole)
		a.MalwareScanBuckets = []threatdetection.MalwareScanBucket{{Key: "models", BucketName: s.bucket, KMSKeyArns: []pulumi.StringInput{s.key}}}
		det, err := threatdetection.NewDetection(ctx, "detection-"+s.site, a, pulumi.Provider(s.prov), protect)
		if err != nil {
			return err
		}
		d.Detection[s.site] = det
		if !a.NoConfig {
			configRole = det.ConfigRoleArn
		}
	}
	return nil
}
