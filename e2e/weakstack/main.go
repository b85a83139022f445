// Command weakstack is a deliberately weak program: a plain S3 bucket with
// none of modelfort's protections and a security group rule open to the
// internet. The end-to-end tests preview it, as a prod stack, with the
// policy pack, which must refuse it.
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		if _, err := s3.NewBucketV2(ctx, "weak", &s3.BucketV2Args{}); err != nil {
			return err
		}
		_, err := vpc.NewSecurityGroupIngressRule(ctx, "open", &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: pulumi.String("sg-0123456789abcdef0"),
			CidrIpv4:        pulumi.String("0.0.0.0/0"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(443),
			ToPort:          pulumi.Int(443),
			Description:     pulumi.String("deliberately open"),
		})
		return err
	})
}
