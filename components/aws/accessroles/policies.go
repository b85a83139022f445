package accessroles

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Statement IDs of the trust policies.
const (
	SidAccountPrincipals = "AccountPrincipalsAssume"
	SidCI                = "CIAssumesWithWebIdentity"
)

// trustPolicy lets the role's principals (or the account) assume it, and
// the CI system's tokens with the right audience and subject.
func (a *Args) trustPolicy(ctx *pulumi.Context, env awsenv.Env, t Trust, providerArn pulumi.StringInput, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	var stmts iam.GetPolicyDocumentStatementArray
	if len(t.Principals) > 0 || len(t.CISubjects) == 0 {
		principals := t.Principals
		if len(principals) == 0 {
			principals = []pulumi.StringInput{pulumi.String(env.RootArn())}
		}
		st := iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidAccountPrincipals),
			Actions:    iampolicy.Strings("sts:AssumeRole"),
			Principals: iampolicy.Principals("AWS", principals...),
		}
		if t.RequireMFA {
			st.Conditions = iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("Bool", "aws:MultiFactorAuthPresent", pulumi.String("true")),
			}
		}
		stmts = append(stmts, st)
	}
	if len(t.CISubjects) > 0 {
		host := strings.TrimPrefix(a.CI.URL, "https://")
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidCI),
			Actions:    iampolicy.Strings("sts:AssumeRoleWithWebIdentity"),
			Principals: iampolicy.Principals("Federated", providerArn),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", host+":aud", iampolicy.Strings(a.CI.Audiences...)...),
				iampolicy.Condition("StringLike", host+":sub", iampolicy.Strings(t.CISubjects...)...),
			},
		})
	}
	return iampolicy.Document(ctx, stmts, opts...)
}

// Statement IDs of the role policies.
const (
	SidListModelPrefix   = "ListModelPrefix"
	SidWriteModels       = "WriteModelObjects"
	SidEncryptModels     = "EncryptWithModelKeyThroughS3"
	SidReadModels        = "ReadModelObjects"
	SidListReplicaPrefix = "ListReplicaModelPrefix"
	SidDecryptReplica    = "DecryptReplicaThroughS3"
	SidDenyModelChanges  = "DenyDeletesAndRetentionChanges"
	SidDenyBucketChanges = "DenyBucketProtectionChanges"
	SidInvokeAPIs        = "InvokeNamedFrontDoors"
	SidDenyRuntime       = "DenySageMakerRuntimeDirectly"
	SidReadTrails        = "ReadTrails"
	SidReadLogGroups     = "ReadLogGroups"
	SidListLogs          = "ListLogGroupsAndQueries"
	SidReadLogBuckets    = "ReadTrailLogBuckets"
	SidListLogBuckets    = "ListTrailLogBuckets"
	SidDecryptLogs       = "DecryptTrailLogs"
)

// PublishActions are what the publish role may do under its prefix.
var PublishActions = []string{"s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:PutObject"}

// viaS3 is the kms:ViaService value of S3 in a key's region.
func viaS3(key pulumi.StringInput, env awsenv.Env) pulumi.StringOutput {
	return key.ToStringOutput().ApplyT(func(arn string) string {
		region := env.Region
		if parts := strings.Split(arn, ":"); len(parts) > 3 && parts[3] != "" {
			region = parts[3]
		}
		return fmt.Sprintf("s3.%s.%s", region, env.DNSSuffix)
	}).(pulumi.StringOutput)
}

// publishPolicy: write and read back under the prefix, encrypt (and, for
// multipart uploads and reads, decrypt) with the key through S3 only, read
// the replica under the prefix, and never delete, change retention or
// loosen the bucket.
func publishPolicy(p *PublishRole, env awsenv.Env) iam.GetPolicyDocumentStatementArray {
	bucket := p.BucketArn.ToStringOutput()
	objects := pulumi.Sprintf("%s/%s*", bucket, p.Prefix)
	read := pulumi.StringArray{objects}
	var replica iam.GetPolicyDocumentStatementArray
	if p.ReplicaBucketArn != nil {
		replicaBucket := p.ReplicaBucketArn.ToStringOutput()
		read = append(read, pulumi.Sprintf("%s/%s*", replicaBucket, p.Prefix))
		replica = iam.GetPolicyDocumentStatementArray{
			iam.GetPolicyDocumentStatementArgs{
				Sid:       pulumi.String(SidListReplicaPrefix),
				Actions:   iampolicy.Strings("s3:ListBucket"),
				Resources: pulumi.StringArray{replicaBucket},
				Conditions: iam.GetPolicyDocumentStatementConditionArray{
					iampolicy.Condition("StringLike", "s3:prefix", pulumi.String(p.Prefix+"*")),
				},
			},
			iam.GetPolicyDocumentStatementArgs{
				Sid:       pulumi.String(SidDecryptReplica),
				Actions:   iampolicy.Strings("kms:Decrypt"),
				Resources: pulumi.StringArray{p.ReplicaKMSKeyArn},
				Conditions: iam.GetPolicyDocumentStatementConditionArray{
					iampolicy.Condition("StringEquals", "kms:ViaService", viaS3(p.ReplicaKMSKeyArn, env)),
				},
			},
		}
	}
	return append(iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidListModelPrefix),
			Actions:   iampolicy.Strings("s3:ListBucket"),
			Resources: pulumi.StringArray{bucket},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringLike", "s3:prefix", pulumi.String(p.Prefix+"*")),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidWriteModels),
			Actions:   iampolicy.Strings(PublishActions...),
			Resources: pulumi.StringArray{objects},
		},
		// HeadObject and GetObject: whether the artifact (and its replica)
		// is there, with which checksum.
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidReadModels),
			Actions:   iampolicy.Strings("s3:GetObject"),
			Resources: read,
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidEncryptModels),
			Actions:   iampolicy.Strings("kms:Decrypt", "kms:GenerateDataKey"),
			Resources: pulumi.StringArray{p.KMSKeyArn},
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "kms:ViaService", viaS3(p.KMSKeyArn, env)),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:    pulumi.String(SidDenyModelChanges),
			Effect: pulumi.String("Deny"),
			Actions: iampolicy.Strings("s3:BypassGovernanceRetention", "s3:DeleteObject", "s3:DeleteObjectVersion",
				"s3:PutObjectLegalHold", "s3:PutObjectRetention"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/*", bucket)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:    pulumi.String(SidDenyBucketChanges),
			Effect: pulumi.String("Deny"),
			Actions: iampolicy.Strings("s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration",
				"s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration"),
			Resources: pulumi.StringArray{bucket},
		},
	}, replica...)
}

// invokePolicy: execute-api:Invoke on the named front doors' POST
// /invocations, nothing else.
func invokePolicy(iv *InvokeRole) iam.GetPolicyDocumentStatementArray {
	return iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Sid:       pulumi.String(SidInvokeAPIs),
		Actions:   iampolicy.Strings("execute-api:Invoke"),
		Resources: pulumi.StringArray(iv.InvocationsArns),
	}}
}

// RuntimeInvokeActions are the SageMaker runtime's invoke actions, which
// every role of the component is denied (denyRuntime).
var RuntimeInvokeActions = []string{"sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:InvokeEndpointWithResponseStream"}

// denyRuntime is the one place that decides how the roles may reach the
// SageMaker runtime: never directly, so that every call goes through a
// front door (its WAF, throttling, guardrail and logs). The deny covers
// every endpoint ("*") and wins over whatever a managed policy allows;
// with RuntimeVpcEndpointIds it spares calls made through those VPC
// endpoints (StringNotEquals aws:SourceVpce), which still need an Allow.
func (a *Args) denyRuntime() iam.GetPolicyDocumentStatementArgs {
	st := iam.GetPolicyDocumentStatementArgs{
		Sid:       pulumi.String(SidDenyRuntime),
		Effect:    pulumi.String("Deny"),
		Actions:   iampolicy.Strings(RuntimeInvokeActions...),
		Resources: iampolicy.Strings("*"),
	}
	if len(a.RuntimeVpcEndpointIds) > 0 {
		st.Conditions = iam.GetPolicyDocumentStatementConditionArray{
			iampolicy.Condition("StringNotEquals", "aws:SourceVpce", a.RuntimeVpcEndpointIds...),
		}
	}
	return st
}

// Read-only actions of the audit role. Those on "*" are actions that IAM
// cannot scope to a resource; none has a wildcard.
var (
	AuditTrailActions    = []string{"cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags", "cloudtrail:ListTrails", "cloudtrail:LookupEvents"}
	AuditLogGroupActions = []string{"logs:DescribeLogStreams", "logs:DescribeMetricFilters", "logs:DescribeSubscriptionFilters", "logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogGroupFields", "logs:ListTagsForResource", "logs:StartQuery"}
	AuditListLogActions  = []string{"logs:DescribeLogGroups", "logs:DescribeQueries", "logs:DescribeQueryDefinitions", "logs:GetQueryResults", "logs:StopQuery"}
)

// auditPolicy: read trails, log groups (all of the account's by default),
// and the trail log buckets and keys given.
func auditPolicy(au *AuditRole, env awsenv.Env) iam.GetPolicyDocumentStatementArray {
	any := pulumi.StringArray{pulumi.String("*")}
	groups := pulumi.StringArray{pulumi.Sprintf("arn:%s:logs:*:%s:log-group:*", env.Partition, env.AccountId)}
	if len(au.LogGroupArns) > 0 {
		groups = nil
		for _, g := range au.LogGroupArns {
			groups = append(groups, g, pulumi.Sprintf("%s:*", g))
		}
	}
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidReadTrails), Actions: iampolicy.Strings(AuditTrailActions...), Resources: any},
		iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidListLogs), Actions: iampolicy.Strings(AuditListLogActions...), Resources: any},
		iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidReadLogGroups), Actions: iampolicy.Strings(AuditLogGroupActions...), Resources: groups},
	}
	if len(au.LogBucketArns) > 0 {
		var buckets, objects pulumi.StringArray
		for _, b := range au.LogBucketArns {
			buckets = append(buckets, b)
			objects = append(objects, pulumi.Sprintf("%s/*", b))
		}
		stmts = append(stmts,
			iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidListLogBuckets), Actions: iampolicy.Strings("s3:GetBucketLocation", "s3:ListBucket"), Resources: buckets},
			iam.GetPolicyDocumentStatementArgs{Sid: pulumi.String(SidReadLogBuckets), Actions: iampolicy.Strings("s3:GetObject", "s3:GetObjectVersion"), Resources: objects},
		)
	}
	if len(au.KMSKeyArns) > 0 {
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String(SidDecryptLogs), Actions: iampolicy.Strings("kms:Decrypt", "kms:DescribeKey"), Resources: pulumi.StringArray(au.KMSKeyArns),
		})
	}
	return stmts
}
