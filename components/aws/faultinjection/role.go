package faultinjection

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// Statement IDs of the experiment role's policies.
const (
	SidFISOfThisAccountAssumes = "FISOfThisAccountAssumes"

	SidDescribeNetwork          = "DescribeNetwork"
	SidCreateNetworkAclInVpc    = "CreateNetworkAclInVpc"
	SidCreateFISNetworkAcl      = "CreateFISNetworkAcl"
	SidTagFISNetworkAclOnCreate = "TagFISNetworkAclOnCreate"
	SidChangeFISNetworkAcl      = "ChangeFISNetworkAcl"
	SidSwapSubnetNetworkAcl     = "SwapSubnetNetworkAcl"
	SidReadPrefixLists          = "ReadPrefixLists"
	SidCreateLogDelivery        = "CreateLogDelivery"
	SidLogGroupResourcePolicy   = "LogGroupResourcePolicy"
)

// FISTag is the tag FIS puts on the network ACL it clones for
// aws:network:disrupt-connectivity, with the value "true": the role may
// create, change and delete network ACLs so tagged only
// (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#disrupt-connectivity).
const FISTag = "managedByFIS"

// role creates the role FIS assumes to run the experiments (NAME) and its
// inline policy (NAME): the permissions aws:network:disrupt-connectivity
// needs on the region-outage subnets and their VPC, and those of
// experiment logging.
//
// The trust policy admits fis.amazonaws.com for experiments of this
// account and region only: FIS recommends aws:SourceAccount and
// aws:SourceArn against the confused deputy
// (https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html).
// No stop-condition permission is needed: FIS watches the alarms with its
// service-linked role AWSServiceRoleForFIS
// (https://docs.aws.amazon.com/fis/latest/userguide/using-service-linked-roles.html).
func (a *Args) role(ctx *pulumi.Context, name string, env awsenv.Env, in pulumi.ResourceOrInvokeOption) (*iam.Role, *iam.RolePolicy, error) {
	trust := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Sid:        pulumi.String(SidFISOfThisAccountAssumes),
		Actions:    iampolicy.Strings("sts:AssumeRole"),
		Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("fis"))),
		Conditions: iam.GetPolicyDocumentStatementConditionArray{
			iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			iampolicy.Condition("ArnLike", "aws:SourceArn", pulumi.String(fmt.Sprintf("arn:%s:fis:%s:%s:experiment/*", env.Partition, env.Region, env.AccountId))),
		},
	}}, in)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("AWS FIS experiments of modelfort " + name + ": cut the primary site's subnets off, log the experiments"),
		AssumeRolePolicy: trust,
		Tags:             tags.Named(a.Tags, name),
	}, in)
	if err != nil {
		return nil, nil, err
	}
	policy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: iampolicy.Document(ctx, a.statements(env), in),
	}, in)
	if err != nil {
		return nil, nil, err
	}
	return role, policy, nil
}

// statements are the experiment role's permissions.
//
// aws:network:disrupt-connectivity clones the network ACL of each target
// subnet into one tagged managedByFIS=true, adds deny entries, swaps it in
// for the duration, then swaps the original back and deletes the clone.
// Its permissions are those of the FIS actions reference
// (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#disrupt-connectivity),
// scoped as the AWS managed policy AWSFaultInjectionSimulatorNetworkAccess
// scopes them
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSFaultInjectionSimulatorNetworkAccess.html),
// and narrower: to this region and account, to the VPC of the subnets
// (creating an ACL), to the target subnets themselves (swapping an ACL),
// and to ACLs tagged managedByFIS=true (creating, tagging, adding entries,
// deleting). The Describe actions support no resource-level permissions
// and take "*"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
// ec2:DescribeManagedPrefixLists and ec2:GetManagedPrefixListEntries
// serve the action's prefix-list, s3 and dynamodb scopes, not the "all"
// this template uses; they are kept because the actions reference lists
// them for the action, and read only.
//
// Experiment logging to CloudWatch Logs needs what a vended-log delivery
// to CloudWatch Logs needs of whoever sets it up
// (https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html#permissions-experiment-logging,
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html):
// logs:CreateLogDelivery (which takes no resource), and
// logs:PutResourcePolicy, logs:DescribeResourcePolicies and
// logs:DescribeLogGroups, on "log-group:*" of this region and account as
// that page asks ("instead of specifying only a single log group name"),
// so that CloudWatch Logs can let its delivery service write to the
// experiment log group.
func (a *Args) statements(env awsenv.Env) iam.GetPolicyDocumentStatementArray {
	ec2Arn := func(resource string) string {
		return fmt.Sprintf("arn:%s:ec2:%s:%s:%s", env.Partition, env.Region, env.AccountId, resource)
	}
	vpc := pulumi.Sprintf("arn:%s:ec2:%s:%s:vpc/%s", env.Partition, env.Region, env.AccountId, a.RegionOutage.VpcId)
	acls := pulumi.String(ec2Arn("network-acl/*"))
	fisTag := func(key string) iam.GetPolicyDocumentStatementConditionArgs {
		return iampolicy.Condition("StringEquals", key, pulumi.String("true"))
	}
	subnetsAndAcls := append(pulumi.StringArray{}, a.RegionOutage.SubnetArns...)
	subnetsAndAcls = append(subnetsAndAcls, acls)
	return iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidDescribeNetwork),
			Actions:   iampolicy.Strings("ec2:DescribeManagedPrefixLists", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs"),
			Resources: iampolicy.Strings("*"),
		},
		// Creating an ACL is authorized on the VPC it is created in ...
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidCreateNetworkAclInVpc),
			Actions:   iampolicy.Strings("ec2:CreateNetworkAcl"),
			Resources: pulumi.StringArray{vpc},
		},
		// ... and on the new ACL, which must carry the FIS tag.
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidCreateFISNetworkAcl),
			Actions:    iampolicy.Strings("ec2:CreateNetworkAcl"),
			Resources:  pulumi.StringArray{acls},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{fisTag("aws:RequestTag/" + FISTag)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidTagFISNetworkAclOnCreate),
			Actions:   iampolicy.Strings("ec2:CreateTags"),
			Resources: pulumi.StringArray{acls},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "ec2:CreateAction", pulumi.String("CreateNetworkAcl")),
				fisTag("aws:RequestTag/" + FISTag),
			},
		},
		// The managed policy names the VPC here too, under the same tag
		// condition; kept as AWS wrote it, held to this VPC.
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidChangeFISNetworkAcl),
			Actions:    iampolicy.Strings("ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"),
			Resources:  pulumi.StringArray{acls, vpc},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{fisTag("ec2:ResourceTag/" + FISTag)},
		},
		// Swapping is authorized on the subnet and on the ACL swapped in:
		// the clone, then the original back.
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidSwapSubnetNetworkAcl),
			Actions:   iampolicy.Strings("ec2:ReplaceNetworkAclAssociation"),
			Resources: subnetsAndAcls,
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidReadPrefixLists),
			Actions:   iampolicy.Strings("ec2:GetManagedPrefixListEntries"),
			Resources: iampolicy.Strings(fmt.Sprintf("arn:%s:ec2:%s:*:prefix-list/*", env.Partition, env.Region)),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidCreateLogDelivery),
			Actions:   iampolicy.Strings("logs:CreateLogDelivery"),
			Resources: iampolicy.Strings("*"),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidLogGroupResourcePolicy),
			Actions:   iampolicy.Strings("logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:PutResourcePolicy"),
			Resources: iampolicy.Strings(fmt.Sprintf("arn:%s:logs:%s:%s:log-group:*", env.Partition, env.Region, env.AccountId)),
		},
	}
}
