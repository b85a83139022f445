// Command security-groups is an example of securitygroups.Groups:
// three tiers of an inference service in an existing VPC (an API gateway
// tier that admits HTTPS from the corporate network, a model tier that
// only the gateway reaches, a cache that only the models reach) and S3 by
// its prefix list. No tier admits anything from the internet; no tier
// sends anything anywhere but to the next tier, or to S3.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set vpcId vpc-0123456789abcdef0   # else a VPC is created
//	pulumi up
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/securitygroups"
)

func program(ctx *pulumi.Context) error {
	var vpcID pulumi.StringInput = pulumi.String(config.Get(ctx, "vpcId"))
	if config.Get(ctx, "vpcId") == "" {
		vpc, err := ec2.NewVpc(ctx, "inference", &ec2.VpcArgs{CidrBlock: pulumi.String("10.50.0.0/16")})
		if err != nil {
			return err
		}
		vpcID = vpc.ID().ToStringOutput()
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{})
	if err != nil {
		return err
	}
	s3, err := ec2.GetPrefixList(ctx, &ec2.GetPrefixListArgs{Name: pulumi.StringRef(fmt.Sprintf("com.amazonaws.%s.s3", region.Name))})
	if err != nil {
		return err
	}

	groups, err := securitygroups.NewGroups(ctx, "inference", &securitygroups.Args{
		VpcId: vpcID,
		Tiers: map[string]securitygroups.Tier{
			"gateway": {
				Description:    "inference API gateway",
				AllowCidrRules: true,
				Ingress: []securitygroups.Rule{
					{Description: "HTTPS from the corporate network", FromPort: 443, CidrBlock: "10.0.0.0/8"},
				},
			},
			"model": {
				Description: "model servers",
				Egress: []securitygroups.Rule{
					{Description: "model weights from S3", FromPort: 443, PrefixList: "s3"},
				},
			},
			"cache": {Description: "response cache (Redis)"},
		},
		Flows: []securitygroups.Flow{
			{Client: "gateway", Server: "model", FromPort: 8080, Description: "inference requests"},
			{Client: "model", Server: "cache", FromPort: 6379, Description: "cached completions"},
		},
		PrefixLists: map[string]pulumi.StringInput{"s3": pulumi.String(s3.Id)},
	})
	if err != nil {
		return err
	}
	ctx.Export("securityGroupIds", groups.Ids)
	return nil
}

func main() {
	pulumi.Run(program)
}
