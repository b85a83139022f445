package privatevpc

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/securitygroups"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/logretention"
)

// Defaults and limits.
const (
	DefaultCidrBlock            = "10.0.0.0/16"
	DefaultZoneCount            = 3
	MinZones                    = 2
	DefaultFlowLogRetentionDays = 365
	// DefaultFlowLogAggregationSeconds is the flow logs' capture window:
	// 60 seconds (the other value AWS allows is 600).
	DefaultFlowLogAggregationSeconds = 60
	// DefaultEndpointTier is the workload tier of model endpoints.
	DefaultEndpointTier = "endpoint"
	// VpcEndpointsTier is the tier of the interface endpoints' security
	// group; the name is reserved.
	VpcEndpointsTier = "vpc-endpoints"
	// S3PrefixList is the name under which rules reach S3 through the
	// gateway endpoint (securitygroups.Rule.PrefixList); reserved.
	S3PrefixList = "s3"
	// MinVpcPrefix and MaxVpcPrefix bound the VPC's block: AWS allows
	// /16 at most, and a /24 leaves each of three zones a /26.
	MinVpcPrefix = 16
	MaxVpcPrefix = 24
	// MaxPrivateSubnetPrefix is the smallest private subnet, /26 (59
	// usable addresses): every interface endpoint takes an address in
	// each subnet, and every endpoint instance another.
	MaxPrivateSubnetPrefix = 26
	// MaxSubnetPrefix is the smallest subnet AWS allows, /28 (NAT
	// subnets).
	MaxSubnetPrefix = 28
	// NatSubnetPrefix is the size of the NAT subnets of the default
	// layout.
	NatSubnetPrefix = 28
)

// DefaultInterfaceEndpoints are the services a private SageMaker model
// endpoint needs, by the last part of their VPC endpoint service name
// ("com.amazonaws.REGION.NAME").
var DefaultInterfaceEndpoints = []string{"sagemaker.api", "sagemaker.runtime", "kms", "logs", "monitoring", "sts", "ecr.api", "ecr.dkr"}

// FlowLogRetentionDays are the retention periods CloudWatch Logs accepts.
var FlowLogRetentionDays = logretention.Days

// Args configures a Vpc. The zero value is a valid, secure VPC.
type Args struct {
	// CidrBlock is the VPC's IPv4 block: private address space
	// (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), /16 to /24. Default:
	// 10.0.0.0/16.
	CidrBlock string
	// Zones are the availability zones, by name, at least 2, all of the
	// region. Default: the first ZoneCount zones of the region that need
	// no opt-in.
	Zones []string
	// ZoneCount is how many zones to take from the region when Zones is
	// empty: at least 2. Default: 3.
	ZoneCount int
	// PrivateSubnetCidrs are the private subnets' blocks, one per zone in
	// order: inside CidrBlock, /16 to /26, not overlapping. Default: the
	// layout described in the package documentation.
	PrivateSubnetCidrs []string
	// InternetEgress adds an internet gateway and a NAT gateway per zone,
	// in NAT subnets of their own, for HTTPS to the internet (explicit
	// loosening). Default: off.
	InternetEgress bool
	// NatSubnetCidrs are the NAT subnets' blocks, one per zone in order,
	// with InternetEgress only: inside CidrBlock, /16 to /28, overlapping
	// nothing. Default: the layout described in the package documentation.
	NatSubnetCidrs []string
	// Tiers are the workload tiers: a security group each (see
	// securitygroups.Tier). The tier "vpc-endpoints" is added by the
	// component and may not be declared. Default: one tier, "endpoint"
	// (model endpoints).
	Tiers map[string]securitygroups.Tier
	// Flows are connections between tiers (see securitygroups.Flow); they
	// may name "vpc-endpoints". Default: none.
	Flows []securitygroups.Flow
	// PrefixLists are further prefix lists the tiers' rules may name; "s3"
	// is the S3 gateway endpoint's and is added by the component.
	// Default: none.
	PrefixLists map[string]pulumi.StringInput
	// EndpointTier is the tier whose security group model endpoints use
	// (the EndpointTierSecurityGroupId output): one of Tiers. Default:
	// "endpoint".
	EndpointTier string
	// EndpointClientTiers are the tiers that reach the VPC endpoints: each
	// gets HTTPS to the "vpc-endpoints" tier and to S3's prefix list.
	// Tiers of Tiers, no repeats. Default: every tier of Tiers.
	EndpointClientTiers []string
	// InterfaceEndpoints are the services that get an interface endpoint,
	// by the last part of their service name ("sagemaker.runtime"), no
	// repeats. Default (nil or empty): DefaultInterfaceEndpoints. S3
	// always has a gateway endpoint and may not be listed.
	InterfaceEndpoints []string
	// EndpointPolicies are VPC endpoint policies (JSON) by service: "s3"
	// or a service of InterfaceEndpoints. Default: none (the service's
	// default policy, which allows any principal of any account: IAM and
	// resource policies still apply).
	EndpointPolicies map[string]pulumi.StringInput
	// FlowLogKMSKeyArn encrypts the flow-log group: a KMS key ARN (not an
	// alias or a key ID). Default: a dedicated key (kmskey.Key) usable by
	// CloudWatch Logs of this account only.
	FlowLogKMSKeyArn pulumi.StringInput
	// FlowLogRetentionDays is how long flow logs are kept; one of
	// FlowLogRetentionDays. Default: 365.
	FlowLogRetentionDays int
	// FlowLogAggregationSeconds is the capture window: 60 or 600.
	// Default: 60.
	FlowLogAggregationSeconds int
	// Tags are added to every resource, with a Name tag of the
	// component's own. Default: none.
	Tags map[string]string
}

// Validate checks the arguments and fills in their defaults; its errors
// name the field and the allowed values. What needs the region (the zones,
// and the subnet layout that depends on their number) is checked when the
// component is created, once the region is known. name is the component's.
func (a *Args) Validate(name string) error {
	if a.CidrBlock == "" {
		a.CidrBlock = DefaultCidrBlock
	}
	if err := checkVpcCidr(a.CidrBlock); err != nil {
		return err
	}
	switch {
	case len(a.Zones) > 0 && len(a.Zones) < MinZones:
		return fmt.Errorf("Zones has %d zone (%s); a VPC that survives the loss of a zone needs at least %d", len(a.Zones), strings.Join(a.Zones, ", "), MinZones)
	case len(a.Zones) > 0 && a.ZoneCount != 0 && a.ZoneCount != len(a.Zones):
		return fmt.Errorf("ZoneCount is %d and Zones names %d; give one of them", a.ZoneCount, len(a.Zones))
	case len(a.Zones) > 0:
		a.ZoneCount = len(a.Zones)
	case a.ZoneCount == 0:
		a.ZoneCount = DefaultZoneCount
	case a.ZoneCount < MinZones:
		return fmt.Errorf("ZoneCount is %d; a VPC that survives the loss of a zone needs at least %d (0 means %d)", a.ZoneCount, MinZones, DefaultZoneCount)
	}
	for i, z := range a.Zones {
		if j := slices.Index(a.Zones, z); j != i {
			return fmt.Errorf("Zones[%d] repeats Zones[%d] (%s); give distinct zones", i, j, z)
		}
	}
	if len(a.NatSubnetCidrs) > 0 && !a.InternetEgress {
		return errors.New("NatSubnetCidrs is set without InternetEgress; NAT subnets exist only with InternetEgress")
	}
	for _, f := range []struct {
		field string
		cidrs []string
	}{{"PrivateSubnetCidrs", a.PrivateSubnetCidrs}, {"NatSubnetCidrs", a.NatSubnetCidrs}} {
		if len(f.cidrs) > 0 && len(f.cidrs) != a.ZoneCount {
			return fmt.Errorf("%s has %d blocks for %d zones; give one per zone", f.field, len(f.cidrs), a.ZoneCount)
		}
	}

	if a.FlowLogRetentionDays == 0 {
		a.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	if err := loggroup.CheckRetention("FlowLogRetentionDays", a.FlowLogRetentionDays); err != nil {
		return err
	}
	if a.FlowLogAggregationSeconds == 0 {
		a.FlowLogAggregationSeconds = DefaultFlowLogAggregationSeconds
	}
	if a.FlowLogAggregationSeconds != 60 && a.FlowLogAggregationSeconds != 600 {
		return fmt.Errorf("FlowLogAggregationSeconds is %d; allowed values are 60 and 600", a.FlowLogAggregationSeconds)
	}

	if len(a.InterfaceEndpoints) == 0 {
		a.InterfaceEndpoints = slices.Clone(DefaultInterfaceEndpoints)
	}
	for i, s := range a.InterfaceEndpoints {
		switch {
		case s == S3PrefixList:
			return fmt.Errorf("InterfaceEndpoints has %q; S3 is reached through the gateway endpoint the component always creates", s)
		case !serviceName.MatchString(s) || strings.Contains(s, "amazonaws"):
			return fmt.Errorf("InterfaceEndpoints[%d] is %q; give the last part of a service name, such as sagemaker.runtime", i, s)
		case slices.Index(a.InterfaceEndpoints, s) != i:
			return fmt.Errorf("InterfaceEndpoints[%d] repeats %q", i, s)
		}
	}
	services := append([]string{S3PrefixList}, a.InterfaceEndpoints...)
	for _, s := range slices.Sorted(maps.Keys(a.EndpointPolicies)) {
		if !slices.Contains(services, s) {
			return fmt.Errorf("EndpointPolicies has %q; allowed values are the endpoints' services: %s", s, strings.Join(services, ", "))
		}
		if a.EndpointPolicies[s] == nil {
			return fmt.Errorf("EndpointPolicies[%q] is nil", s)
		}
	}
	if err := encryption.Check("FlowLogKMSKeyArn", a.FlowLogKMSKeyArn); err != nil {
		return err
	}

	if len(a.Tiers) == 0 {
		a.Tiers = map[string]securitygroups.Tier{DefaultEndpointTier: {Description: "modelfort model endpoints"}}
	}
	if _, ok := a.Tiers[VpcEndpointsTier]; ok {
		return fmt.Errorf("Tiers has %q, which the component adds for the interface endpoints; name the tier otherwise", VpcEndpointsTier)
	}
	if _, ok := a.PrefixLists[S3PrefixList]; ok {
		return fmt.Errorf("PrefixLists has %q, which the component adds for the S3 gateway endpoint; name the prefix list otherwise", S3PrefixList)
	}
	tiers := slices.Sorted(maps.Keys(a.Tiers))
	if a.EndpointTier == "" {
		a.EndpointTier = DefaultEndpointTier
	}
	if _, ok := a.Tiers[a.EndpointTier]; !ok {
		return fmt.Errorf("EndpointTier is %q; allowed values are the declared tiers: %s", a.EndpointTier, strings.Join(tiers, ", "))
	}
	if len(a.EndpointClientTiers) == 0 {
		a.EndpointClientTiers = tiers
	}
	for i, t := range a.EndpointClientTiers {
		if _, ok := a.Tiers[t]; !ok {
			return fmt.Errorf("EndpointClientTiers[%d] is %q; allowed values are the declared tiers: %s", i, t, strings.Join(tiers, ", "))
		}
		if slices.Index(a.EndpointClientTiers, t) != i {
			return fmt.Errorf("EndpointClientTiers[%d] repeats %q", i, t)
		}
	}
	// The tiers as Groups will see them, with placeholders for the IDs
	// that do not exist yet.
	if err := securitygroups.Validate(name, a.groups(pulumi.String("vpc-validation"), pulumi.String("pl-validation"))); err != nil {
		return fmt.Errorf("Tiers: %w", err)
	}
	return nil
}
