package privatevpc

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/loggroup"
	"github.com/modelfort/modelfort/internal/tags"
)

// flowLogs creates the key (unless given, and then sets v.Key), the log
// group, the delivery role and the flow log of all the VPC's traffic.
func (a *Args) flowLogs(ctx *pulumi.Context, name string, v *Vpc, env awsenv.Env, vpcID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) (*ec2.FlowLog, *cloudwatch.LogGroup, pulumi.StringOutput, error) {
	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name+"-flow-logs", a.FlowLogKMSKeyArn, kmskey.Args{
		Description:       "modelfort VPC flow logs " + name,
		ServicePrincipals: []string{"logs"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	v.Key = key
	logGroup, err := loggroup.New(ctx, name+"-flow-logs", loggroup.Args{
		KMSKeyArn:     keyArn,
		RetentionDays: a.FlowLogRetentionDays,
		Tags:          tags.Named(a.Tags, name+"-flow-logs"),
	}, in)
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	role, delivery, err := a.flowLogRole(ctx, name, env, logGroup, in)
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	flowLog, err := ec2.NewFlowLog(ctx, name, &ec2.FlowLogArgs{
		VpcId:                  vpcID,
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         logGroup.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(a.FlowLogAggregationSeconds),
		Tags:                   tags.Named(a.Tags, name),
	}, in, pulumi.DependsOn([]pulumi.Resource{delivery}))
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	return flowLog, logGroup, keyArn.ToStringOutput(), nil
}

// flowLogRole creates the role VPC flow logs deliver through, which only
// flow logs of this account may assume, and its policy, which lets it
// write to logGroup only (and look it up).
func (a *Args) flowLogRole(ctx *pulumi.Context, name string, env awsenv.Env, logGroup *cloudwatch.LogGroup, in pulumi.ResourceOrInvokeOption) (*iam.Role, *iam.RolePolicy, error) {
	// Flow logs of this account only (the confused-deputy guard AWS
	// recommends).
	trust := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Sid:        pulumi.String("FlowLogsOfThisAccountAssume"),
		Actions:    iampolicy.Strings("sts:AssumeRole"),
		Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("vpc-flow-logs"))),
		Conditions: iam.GetPolicyDocumentStatementConditionArray{
			iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			iampolicy.Condition("ArnLike", "aws:SourceArn", pulumi.Sprintf("arn:%s:ec2:%s:%s:vpc-flow-log/*", env.Partition, env.Region, env.AccountId)),
		},
	}}, in)
	role, err := iam.NewRole(ctx, name+"-flow-logs", &iam.RoleArgs{
		Description:      pulumi.String("VPC flow log delivery to CloudWatch Logs for modelfort " + name),
		AssumeRolePolicy: trust,
		Tags:             tags.Named(a.Tags, name+"-flow-logs"),
	}, in)
	if err != nil {
		return nil, nil, err
	}
	delivery, err := iam.NewRolePolicy(ctx, name+"-flow-logs", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
			iam.GetPolicyDocumentStatementArgs{
				Sid:       pulumi.String("WriteFlowLogs"),
				Actions:   iampolicy.Strings("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
				Resources: pulumi.StringArray{logGroup.Arn, pulumi.Sprintf("%s:log-stream:*", logGroup.Arn)},
			},
			// The service looks its log group up before it writes; it may
			// not create one.
			iam.GetPolicyDocumentStatementArgs{
				Sid:       pulumi.String("FindFlowLogGroup"),
				Actions:   iampolicy.Strings("logs:DescribeLogGroups"),
				Resources: pulumi.StringArray{pulumi.Sprintf("arn:%s:logs:%s:%s:log-group:*", env.Partition, env.Region, env.AccountId)},
			},
		}, in),
	}, in)
	if err != nil {
		return nil, nil, err
	}
	return role, delivery, nil
}
