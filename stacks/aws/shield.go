package aws

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/shieldprotection"
	"github.com/modelfort/modelfort/internal/verify"
)

// Shield configuration keys.
const (
	ShieldMitigationKey = Namespace + ":shieldMitigation"
	ShieldResponseKey   = Namespace + ":shieldResponse"
)

// ShieldResponse is modelfort:shieldResponse: how the Shield Response Team
// (SRT) helps during an attack. Both settings are account-wide (one per
// Shield Advanced subscription), so one stack of the account owns them, or
// the organization does; each may be turned off for that reason.
//
//	modelfort:shieldResponse:
//	  contacts:                       # proactive engagement: 1 to 10, one with a phone
//	    - email: soc@example.com
//	      phone: "+15555550100"
//	      notes: Security operations, 24x7
//	  proactiveEngagement: true       # default true: the SRT calls the contacts
//	  responseTeamAccess: true        # default true: the SRT may act in the account
type ShieldResponse struct {
	Contacts            []ShieldContact `json:"contacts,omitempty"`
	ProactiveEngagement *bool           `json:"proactiveEngagement,omitempty"`
	ResponseTeamAccess  *bool           `json:"responseTeamAccess,omitempty"`
}

// ShieldContact is an emergency contact of proactive engagement.
type ShieldContact struct {
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"`
	Notes string `json:"notes,omitempty"`
}

func parseShieldResponse(s string) (*ShieldResponse, error) {
	if s == "" {
		return nil, nil
	}
	r := &ShieldResponse{}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(r); err != nil {
		return nil, fmt.Errorf("%s is not an object of contacts (each email, phone, notes), proactiveEngagement and responseTeamAccess: %v", ShieldResponseKey, err)
	}
	return r, nil
}

// engages reports whether the stack owns proactive engagement; responds
// whether it owns the SRT's access.
func (r *ShieldResponse) engages() bool {
	return r.ProactiveEngagement == nil || *r.ProactiveEngagement
}
func (r *ShieldResponse) responds() bool { return r.ResponseTeamAccess == nil || *r.ResponseTeamAccess }

// validateShield checks the Shield keys: only with modelfort:shield; the
// mitigation's action; and the SRT's settings as shieldprotection will.
func (c Config) validateShield() error {
	if !c.Shield {
		if c.ShieldMitigation != "" || c.ShieldResponse != nil {
			return fmt.Errorf("%s or %s is set, and %s:shield is false; they configure Shield Advanced", ShieldMitigationKey, ShieldResponseKey, Namespace)
		}
		return nil
	}
	if err := verify.OneOf(ShieldMitigationKey, c.Mitigation(), shieldprotection.Count, shieldprotection.Block); err != nil {
		return err
	}
	if c.ShieldResponse == nil {
		return fmt.Errorf("%s is not set; with Shield Advanced give the emergency contacts the Shield Response Team calls during an attack ({\"contacts\": [{\"email\": ..., \"phone\": \"+1...\"}]}), or turn proactiveEngagement and responseTeamAccess off where another stack or the organization owns them", ShieldResponseKey)
	}
	if !c.ShieldResponse.engages() && len(c.ShieldResponse.Contacts) > 0 {
		return fmt.Errorf("%s.contacts are set with proactiveEngagement false; the contacts are proactive engagement's", ShieldResponseKey)
	}
	a := c.shieldArgs("group", nil, nil)
	if err := a.Validate("shield"); err != nil {
		return fmt.Errorf("%s: %w", ShieldResponseKey, err)
	}
	return nil
}

// Mitigation is the action of Shield's automatic application-layer
// mitigation: modelfort:shieldMitigation, COUNT by default (AWS's advice
// while Shield learns the traffic's baseline; BLOCK once the counted rules
// are seen to match attacks only).
func (c Config) Mitigation() string {
	if c.ShieldMitigation == "" {
		return shieldprotection.Count
	}
	return c.ShieldMitigation
}

// shieldArgs are the stack's own Shield protection: the hosted zone, a
// protection group of the deployment's protected entry points (the zone
// and, by ARN, the CloudFront distribution that failover protects), the
// SRT's access and proactive engagement, and the DDoSDetected alarms'
// actions.
func (c Config) shieldArgs(groupID string, distribution pulumi.StringInput, alarmActions []pulumi.StringInput) *shieldprotection.Args {
	group := shieldprotection.Group{
		ID: groupID, Pattern: shieldprotection.PatternArbitrary, Members: []string{"zone"},
		// A distribution and its DNS do not share traffic: Shield compares
		// each with its own baseline (AWS's advice for CloudFront:
		// https://docs.aws.amazon.com/waf/latest/developerguide/ddos-protection-groups.html).
		Aggregation: shieldprotection.Max,
	}
	if distribution != nil {
		group.MemberArns = []pulumi.StringInput{distribution}
	}
	a := &shieldprotection.Args{
		Resources: []shieldprotection.Resource{{
			Name: "zone",
			Arn:  pulumi.String("arn:aws:route53:::hostedzone/" + c.HostedZoneId),
			Type: shieldprotection.Route53HostedZone,
		}},
		Groups:       []shieldprotection.Group{group},
		AlarmActions: alarmActions,
	}
	r := c.ShieldResponse
	if r.responds() {
		a.ResponseTeam = &shieldprotection.ResponseTeam{}
	}
	if r.engages() {
		pe := &shieldprotection.ProactiveEngagement{}
		for _, ct := range r.Contacts {
			pe.Contacts = append(pe.Contacts, shieldprotection.Contact{Email: ct.Email, Phone: ct.Phone, Notes: ct.Notes})
		}
		a.ProactiveEngagement = pe
	}
	return a
}

var groupIDChars = regexp.MustCompile(`^[A-Za-z0-9-]{1,36}$`)

// ShieldGroupID is the protection group's ID: unique in the account (a
// group ID is), so it names the stack; a stack name that does not fit is
// hashed.
func ShieldGroupID(stack string) string {
	if id := "modelfort-" + stack; groupIDChars.MatchString(id) {
		return id
	}
	sum := sha256.Sum256([]byte(stack))
	return "modelfort-" + hex.EncodeToString(sum[:])[:16]
}
