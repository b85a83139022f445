package modelendpoint

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Statement IDs of the execution role's policy that concern data capture:
// present only when capture is on.
const (
	SidWriteDataCapture   = "WriteDataCapture"
	SidEncryptDataCapture = "EncryptDataCapture"
)

// rolePolicy lets the model read its artifact prefix, decrypt it, pull its
// image, write its own logs and metrics, write captured data under the
// capture prefix of the capture bucket and encrypt it with that bucket's
// key, and manage the network interfaces of its VPC configuration;
// nothing else. It never writes the artifact bucket.
func (a *Args) rolePolicy(ctx *pulumi.Context, name string, env awsenv.Env, in pulumi.InvokeOption) pulumi.StringOutput {
	art := a.ArtifactBucket
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("ReadArtifactPrefix"),
			Actions:   iampolicy.Strings("s3:GetObject"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/%s*", art.Arn, a.ArtifactPrefix)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("ListArtifactPrefix"),
			Actions:    iampolicy.Strings("s3:ListBucket"),
			Resources:  pulumi.StringArray{art.Arn},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringLike", "s3:prefix", pulumi.String(a.ArtifactPrefix+"*"))},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("DecryptArtifact"),
			Actions:    iampolicy.Strings("kms:Decrypt"),
			Resources:  pulumi.StringArray{art.KMSKeyArn},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.String(env.ServiceEndpoint("s3")))},
		},
	}
	if capture := a.CaptureBucket; capture != nil {
		stmts = append(stmts,
			iam.GetPolicyDocumentStatementArgs{
				Sid:       pulumi.String(SidWriteDataCapture),
				Actions:   iampolicy.Strings("s3:PutObject"),
				Resources: pulumi.StringArray{pulumi.Sprintf("%s/%s*", capture.Arn, a.CapturePrefix)},
			},
			iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String(SidEncryptDataCapture),
				Actions:    iampolicy.Strings("kms:Encrypt", "kms:GenerateDataKey"),
				Resources:  pulumi.StringArray{capture.KMSKeyArn},
				Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.String(env.ServiceEndpoint("s3")))},
			})
	}
	stmts = append(stmts,
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("WriteOwnLogs"),
			Actions:   iampolicy.Strings("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
			Resources: iampolicy.Strings(fmt.Sprintf("arn:%s:logs:%s:%s:log-group:/aws/sagemaker/Endpoints/*", env.Partition, env.Region, env.AccountId)),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String("PutOwnMetrics"),
			Actions:    iampolicy.Strings("cloudwatch:PutMetricData"),
			Resources:  iampolicy.Strings("*"),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringLike", "cloudwatch:namespace", pulumi.String("/aws/sagemaker/*"))},
		},
		// ENI management and the ECR token support no resource-level
		// permissions; they are named actions, never a wildcard.
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("ManageVpcNetworkInterfaces"),
			Actions: iampolicy.Strings("ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface",
				"ec2:DeleteNetworkInterfacePermission", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
				"ec2:DescribeSubnets", "ec2:DescribeVpcs"),
			Resources: iampolicy.Strings("*"),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("GetImageToken"),
			Actions:   iampolicy.Strings("ecr:GetAuthorizationToken"),
			Resources: iampolicy.Strings("*"),
		},
	)
	if repo := repositoryARN(a.Image, env.Partition); repo != "" {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("PullImage"),
			Actions:   iampolicy.Strings("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
			Resources: iampolicy.Strings(repo),
		})
	}
	return iampolicy.Document(ctx, stmts, in)
}

var ecrImage = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/([^:@]+)`)

// repositoryARN is the ECR repository of an image URI, or "" for an image
// from elsewhere.
func repositoryARN(image, partition string) string {
	m := ecrImage.FindStringSubmatch(image)
	if m == nil {
		return ""
	}
	return fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", partition, m[2], m[1], m[3])
}
