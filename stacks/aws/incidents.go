package aws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/incidents"
	"github.com/modelfort/modelfort/internal/verify"
)

// IncidentsKey is the configuration key of where incidents go.
const IncidentsKey = Namespace + ":incidents"

// Sites that incidents are routed in: the primary and DR regions, and
// us-east-1 (EdgeRegion), where Route 53 publishes its health checks'
// metrics and Shield those of CloudFront distributions and hosted zones.
const (
	PrimarySite = "primary"
	DRSite      = "dr"
	EdgeSite    = "edge"
	EdgeRegion  = "us-east-1"
)

// Incidents is modelfort:incidents, where a deployment's incidents go: the
// alarms of every component, GuardDuty and Security Hub findings, and the
// backup vaults' and jobs' failures. It is required in every environment:
// an alarm that reaches nobody is an incident nobody hears of.
//
//	modelfort:incidents:
//	  emails: [oncall@example.com]   # each owner confirms the subscription
//	  topicArns:                     # or existing topics, by site
//	    primary: arn:aws:sns:us-east-1:123456789012:oncall
//	  guardDutyMinSeverity: 7
type Incidents struct {
	// Emails subscribe to the routing topic of each site that has no
	// topic in TopicArns.
	Emails []string `json:"emails,omitempty"`
	// TopicArns are existing standard SNS topics, by site (primary, dr,
	// edge), in the site's region, whose subscribers and key policy the
	// caller manages (see components/aws/incidents). A site without one
	// gets a topic of its own, which Emails subscribe to.
	TopicArns map[string]string `json:"topicArns,omitempty"`
	// GuardDutyMinSeverity is the lowest GuardDuty finding severity
	// routed, 1 to 8.9. Default (0): 7, High and Critical.
	GuardDutyMinSeverity float64 `json:"guardDutyMinSeverity,omitempty"`
}

// parseIncidents reads modelfort:incidents, a structured value (JSON as
// Pulumi returns it); unknown fields are refused, so that a misspelt one
// is not silently ignored.
func parseIncidents(s string) (Incidents, error) {
	var in Incidents
	if s == "" {
		return in, nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return in, fmt.Errorf("%s is not an object of emails (a list), topicArns (by site: %s) and guardDutyMinSeverity: %v", IncidentsKey, strings.Join(incidentSites, ", "), err)
	}
	return in, nil
}

var incidentSites = []string{PrimarySite, DRSite, EdgeSite}

// IncidentRegions are the sites whose routing the deployment creates, and
// their regions: the primary and DR sites, and the edge when neither is in
// us-east-1.
func (c Config) IncidentRegions() map[string]string {
	out := map[string]string{PrimarySite: c.PrimaryRegion, DRSite: c.DRRegion}
	if c.EdgeSite() == EdgeSite {
		out[EdgeSite] = EdgeRegion
	}
	return out
}

// EdgeSite is the site whose routing takes us-east-1's alarms: the
// primary or DR site when it is there, else the edge's own.
func (c Config) EdgeSite() string {
	switch EdgeRegion {
	case c.PrimaryRegion:
		return PrimarySite
	case c.DRRegion:
		return DRSite
	}
	return EdgeSite
}

// routingArgs are the incidents.Args of a site's routing. The edge routes
// alarms (and, with Shield, Shield's changes) only: nothing of the
// deployment's is backed up or scanned there.
func (c Config) routingArgs(site string) *incidents.Args {
	a := &incidents.Args{Emails: slices.Clone(c.Incidents.Emails), GuardDutyMinSeverity: c.Incidents.GuardDutyMinSeverity}
	if arn, ok := c.Incidents.TopicArns[site]; ok {
		a.TopicArn, a.Emails = pulumi.String(arn), nil
	}
	if site == EdgeSite {
		a.NoGuardDuty, a.NoSecurityHub, a.NoBackupEvents, a.GuardDutyMinSeverity = true, true, true, 0
	}
	// Shield's API calls are recorded in us-east-1: the routing there
	// hears of a protection removed or weakened.
	a.ShieldChanges = c.Shield && site == c.EdgeSite()
	return a
}

// validateIncidents checks modelfort:incidents as the routings will: each
// site the deployment uses reaches someone, in its own region.
func (c Config) validateIncidents() error {
	in := c.Incidents
	if len(in.Emails) == 0 && len(in.TopicArns) == 0 {
		return fmt.Errorf("%s is not set, so no alarm or finding would reach anyone; give the on-call email addresses ({\"emails\": [\"oncall@example.com\"]}) or existing SNS topics by site ({\"topicArns\": {\"primary\": ARN, \"dr\": ARN}})", IncidentsKey)
	}
	regions := c.IncidentRegions()
	for _, site := range slices.Sorted(maps.Keys(in.TopicArns)) {
		arn := in.TopicArns[site]
		region, ok := regions[site]
		if !ok {
			return fmt.Errorf("%s.topicArns has site %q; allowed sites are %s (edge only when neither region is %s)", IncidentsKey, site, strings.Join(slices.Sorted(maps.Keys(regions)), ", "), EdgeRegion)
		}
		if err := verify.AlarmTopicArn(fmt.Sprintf("%s.topicArns.%s", IncidentsKey, site), pulumi.String(arn), region); err != nil {
			return err
		}
	}
	for _, site := range slices.Sorted(maps.Keys(regions)) {
		if err := c.routingArgs(site).Validate("incidents-" + site); err != nil {
			return fmt.Errorf("%s (site %s): %w", IncidentsKey, site, err)
		}
	}
	return nil
}

// routeIncidents creates the routing of each site: the primary's and the
// DR's through their providers, the edge's through edge (us-east-1).
func (d *Deployment) routeIncidents(ctx *pulumi.Context, edge *aws.Provider) error {
	cfg := d.Config
	d.Incidents = map[string]*incidents.Routing{}
	for _, s := range []struct {
		site string
		prov *aws.Provider
	}{{PrimarySite, d.Primary.Provider}, {DRSite, d.DR.Provider}, {EdgeSite, edge}} {
		if _, ok := cfg.IncidentRegions()[s.site]; !ok {
			continue
		}
		r, err := incidents.NewRouting(ctx, "incidents-"+s.site, cfg.routingArgs(s.site), pulumi.Provider(s.prov), pulumi.Protect(cfg.Profile().Protect))
		if err != nil {
			return err
		}
		d.Incidents[s.site] = r
	}
	return nil
}

// routing returns the routing of a site; EdgeSite gives the one that
// takes us-east-1's alarms.
func (d *Deployment) routing(site string) *incidents.Routing {
	if site == EdgeSite {
		site = d.Config.EdgeSite()
	}
	return d.Incidents[site]
}

// healthCheckAlarms make a failing health check reach people: Route 53
// publishes HealthCheckStatus (1 healthy, 0 not) in us-east-1 only
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-check-status.html),
// so the alarms live there and notify the edge routing. A failover is
// then heard of when it starts, not when a user complains.
func (d *Deployment) healthCheckAlarms(ctx *pulumi.Context, edge *aws.Provider) error {
	actions := d.routing(EdgeSite).AlarmActionsArray()
	for _, hc := range []struct {
		site string
		id   pulumi.StringOutput
	}{{PrimarySite, d.Failover.PrimaryHealthCheckId}, {DRSite, d.Failover.SecondaryHealthCheckId}} {
		if _, err := cloudwatch.NewMetricAlarm(ctx, "health-"+hc.site, &cloudwatch.MetricAlarmArgs{
			AlarmDescription: pulumi.String(fmt.Sprintf("modelfort %s: the %s site's health check fails (Route 53 sees its front door unhealthy; traffic fails over)",
				d.Config.Environment, hc.site)),
			Namespace:          pulumi.String("AWS/Route53"),
			MetricName:         pulumi.String("HealthCheckStatus"),
			Dimensions:         pulumi.StringMap{"HealthCheckId": hc.id},
			Statistic:          pulumi.String("Minimum"),
			Period:             pulumi.Int(60),
			EvaluationPeriods:  pulumi.Int(1),
			Threshold:          pulumi.Float64(1),
			ComparisonOperator: pulumi.String("LessThanThreshold"),
			// No data from Route 53 is itself a reason to look.
			TreatMissingData: pulumi.String("breaching"),
			AlarmActions:     actions,
			OkActions:        actions,
		}, pulumi.Provider(edge)); err != nil {
			return err
		}
	}
	return nil
}
