package privatevpc

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/tags"
)

// serviceName is the last part of a VPC endpoint service name, such as
// "sagemaker.runtime" (Args.InterfaceEndpoints).
var serviceName = regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`)

// gatewayEndpoint creates the S3 gateway endpoint on the private route
// tables, and adds it to v.Endpoints.
func (a *Args) gatewayEndpoint(ctx *pulumi.Context, name string, v *Vpc, env awsenv.Env, vpcID pulumi.StringOutput, routeTableIDs pulumi.StringArray, in pulumi.ResourceOrInvokeOption) (*ec2.VpcEndpoint, error) {
	s3, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           vpcID,
		ServiceName:     pulumi.String(serviceNameOf(env, S3PrefixList)),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   routeTableIDs,
		Policy:          policyOf(a.EndpointPolicies[S3PrefixList]),
		Tags:            tags.Named(a.Tags, name+"-s3"),
	}, in)
	if err != nil {
		return nil, err
	}
	v.Endpoints[S3PrefixList] = s3
	return s3, nil
}

// interfaceEndpoints creates an interface endpoint with private DNS for
// each service of InterfaceEndpoints, in every private subnet, behind the
// "vpc-endpoints" tier's group sg; it adds them to v.Endpoints and their
// IDs to ids.
func (a *Args) interfaceEndpoints(ctx *pulumi.Context, name string, v *Vpc, env awsenv.Env, vpcID pulumi.StringOutput, subnetIDs pulumi.StringArray, sg pulumi.StringOutput, ids pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	for _, svc := range a.InterfaceEndpoints {
		ep, err := ec2.NewVpcEndpoint(ctx, name+"-"+svc, &ec2.VpcEndpointArgs{
			VpcId:             vpcID,
			ServiceName:       pulumi.String(serviceNameOf(env, svc)),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         subnetIDs,
			SecurityGroupIds:  pulumi.StringArray{sg},
			Policy:            policyOf(a.EndpointPolicies[svc]),
			Tags:              tags.Named(a.Tags, name+"-"+svc),
		}, in)
		if err != nil {
			return err
		}
		v.Endpoints[svc] = ep
		ids[svc] = ep.ID().ToStringOutput()
	}
	return nil
}

// serviceNameOf is a VPC endpoint service name: "com.amazonaws.REGION.s3".
func serviceNameOf(env awsenv.Env, service string) string {
	return fmt.Sprintf("com.amazonaws.%s.%s", env.Region, service)
}

// policyOf is an endpoint policy input: none when p is nil, so that the
// service's default policy applies.
func policyOf(p pulumi.StringInput) pulumi.StringPtrInput {
	if p == nil {
		return nil
	}
	return p.ToStringOutput()
}
