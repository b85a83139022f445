package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/privatevpc"
)

// PrivateVpcArgs are privatevpc.Args on the wire.
type PrivateVpcArgs struct {
	CidrBlock                 string                        `pulumi:"cidrBlock,optional"`
	Zones                     []string                      `pulumi:"zones,optional"`
	ZoneCount                 int                           `pulumi:"zoneCount,optional"`
	PrivateSubnetCidrs        []string                      `pulumi:"privateSubnetCidrs,optional"`
	InternetEgress            bool                          `pulumi:"internetEgress,optional"`
	NatSubnetCidrs            []string                      `pulumi:"natSubnetCidrs,optional"`
	Tiers                     map[string]SecurityGroupTier  `pulumi:"tiers,optional"`
	Flows                     []SecurityGroupFlow           `pulumi:"flows,optional"`
	PrefixLists               map[string]pulumi.StringInput `pulumi:"prefixLists,optional"`
	EndpointTier              string                        `pulumi:"endpointTier,optional"`
	EndpointClientTiers       []string                      `pulumi:"endpointClientTiers,optional"`
	InterfaceEndpoints        []string                      `pulumi:"interfaceEndpoints,optional"`
	EndpointPolicies          map[string]pulumi.StringInput `pulumi:"endpointPolicies,optional"`
	FlowLogKMSKeyArn          pulumi.StringInput            `pulumi:"flowLogKmsKeyArn,optional"`
	FlowLogRetentionDays      int                           `pulumi:"flowLogRetentionDays,optional"`
	FlowLogAggregationSeconds int                           `pulumi:"flowLogAggregationSeconds,optional"`
	Tags                      map[string]string             `pulumi:"tags,optional"`
}

func newPrivateVpc(ctx *pulumi.Context, name string, a PrivateVpcArgs, opts ...pulumi.ResourceOption) (*privatevpc.Vpc, error) {
	return privatevpc.NewVpc(ctx, name, &privatevpc.Args{
		CidrBlock:                 a.CidrBlock,
		Zones:                     a.Zones,
		ZoneCount:                 a.ZoneCount,
		PrivateSubnetCidrs:        a.PrivateSubnetCidrs,
		InternetEgress:            a.InternetEgress,
		NatSubnetCidrs:            a.NatSubnetCidrs,
		Tiers:                     securityGroupTiers(a.Tiers),
		Flows:                     securityGroupFlows(a.Flows),
		PrefixLists:               a.PrefixLists,
		EndpointTier:              a.EndpointTier,
		EndpointClientTiers:       a.EndpointClientTiers,
		InterfaceEndpoints:        a.InterfaceEndpoints,
		EndpointPolicies:          a.EndpointPolicies,
		FlowLogKMSKeyArn:          a.FlowLogKMSKeyArn,
		FlowLogRetentionDays:      a.FlowLogRetentionDays,
		FlowLogAggregationSeconds: a.FlowLogAggregationSeconds,
		Tags:                      a.Tags,
	}, opts...)
}
