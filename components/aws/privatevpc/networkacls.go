package privatevpc

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tags"
)

// networkACL takes the VPC's default network ACL under management, for
// every subnet of the component: the coarse layer below the security
// groups (see the package documentation).
func (a *Args) networkACL(ctx *pulumi.Context, name string, vpc *ec2.Vpc, subnetIDs pulumi.StringArray, in pulumi.ResourceOrInvokeOption) error {
	_, err := ec2.NewDefaultNetworkAcl(ctx, name+"-default", &ec2.DefaultNetworkAclArgs{
		DefaultNetworkAclId: vpc.DefaultNetworkAclId,
		SubnetIds:           subnetIDs,
		Ingress:             networkAclIngress(a.CidrBlock),
		Egress:              networkAclEgress(a.CidrBlock),
		Tags:                tags.Named(a.Tags, name+"-default"),
	}, in)
	return err
}

// networkAclIngress: anything from inside the VPC; from outside, replies
// to HTTPS on TCP 1024 to 65535, never port 3389 (nor 22, below 1024).
func networkAclIngress(vpcCidr string) ec2.DefaultNetworkAclIngressArray {
	return ec2.DefaultNetworkAclIngressArray{
		ec2.DefaultNetworkAclIngressArgs{RuleNo: pulumi.Int(100), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"), CidrBlock: pulumi.String(vpcCidr), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0)},
		ec2.DefaultNetworkAclIngressArgs{RuleNo: pulumi.Int(200), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(1024), ToPort: pulumi.Int(3388)},
		ec2.DefaultNetworkAclIngressArgs{RuleNo: pulumi.Int(210), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(3390), ToPort: pulumi.Int(65535)},
	}
}

// networkAclEgress: anything inside the VPC; out of it, HTTPS only.
func networkAclEgress(vpcCidr string) ec2.DefaultNetworkAclEgressArray {
	return ec2.DefaultNetworkAclEgressArray{
		ec2.DefaultNetworkAclEgressArgs{RuleNo: pulumi.Int(100), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"), CidrBlock: pulumi.String(vpcCidr), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0)},
		ec2.DefaultNetworkAclEgressArgs{RuleNo: pulumi.Int(200), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443)},
	}
}
