package bootstrap

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// ProtectedTag is the tag every resource of the bootstrap carries (the
// providers' default tags), with ProtectedValue. The permissions boundary
// denies every change to an IAM resource that carries it, and denies
// setting or removing it: the deploy roles cannot loosen their own
// roles, policies, boundary or OIDC provider, nor tag a role of their
// own making as one of them.
const (
	ProtectedTag   = "modelfort:bootstrap"
	ProtectedValue = "protected"
)

// service is one AWS service the stacks deploy into: its IAM prefix, the
// action families that read its resources (previews, refreshes, drift
// checks) and those that change them (updates). The families are named
// by verb, never "SERVICE:*": a deploy role creates, changes, tags and
// deletes the resources of the stacks, but does not read or write their
// data (s3:GetObject, secretsmanager:GetSecretValue, logs:GetLogEvents),
// invoke them (sagemaker:InvokeEndpoint, lambda:InvokeFunction,
// bedrock:ApplyGuardrail), start drills (fis:StartExperiment) or switch
// off what watches them (cloudtrail:StopLogging, cloudwatch:DisableAlarmActions).
type service struct {
	prefix      string
	read, write []string
}

// Services are what the stacks of stacks/aws deploy (the pulumi-aws
// packages their components import) and what those calls need besides:
// ACM (CloudFront and API Gateway read the certificates the stacks name),
// Secrets Manager (RDS's managed master password), backup-storage (a
// backup vault's storage).
var Services = []service{
	{"acm", fam("Describe", "Get", "List"), nil},
	// API Gateway authorizes by HTTP method on its resource paths.
	{"apigateway", []string{"apigateway:GET"}, []string{"apigateway:DELETE", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT", "apigateway:UpdateRestApiPolicy"}},
	{"application-autoscaling", fam("Describe", "List"), fam("Delete", "Deregister", "Put", "Register", "Tag", "Untag")},
	{"backup", fam("Describe", "Get", "List"), fam("Create", "Delete", "Put", "Tag", "Untag", "Update")},
	{"backup-storage", nil, []string{"MountCapsule"}},
	{"bedrock", fam("Get", "List"), fam("Create", "Delete", "Tag", "Untag", "Update")},
	{"cloudfront", fam("Describe", "Get", "List"), fam("Create", "Delete", "Tag", "Untag", "Update")},
	{"cloudtrail", fam("Describe", "Get", "List"), append(fam("Create", "Delete", "Put", "Update"), "AddTags", "RemoveTags", "StartLogging")},
	{"cloudwatch", fam("Describe", "Get", "List"), fam("Delete", "Put", "Tag", "Untag")},
	{"config", fam("Describe", "Get", "List"), append(fam("Delete", "Put", "Start", "Tag", "Untag"), "StopConfigurationRecorder")},
	{"ec2", fam("Describe", "Get"), fam("Allocate", "Associate", "Attach", "Authorize", "Create", "Delete", "Detach", "Disassociate", "Modify", "Release", "Replace", "Revoke")},
	{"events", fam("Describe", "List"), fam("Delete", "Put", "Remove", "Tag", "Untag")},
	{"fis", fam("Get", "List"), fam("Create", "Delete", "Tag", "Untag", "Update")},
	{"guardduty", fam("Describe", "Get", "List"), fam("Create", "Delete", "Tag", "Untag", "Update")},
	{"iam", fam("Get", "List"), append(fam("Attach", "Create", "Delete", "Detach", "Put", "Tag", "Untag", "Update"), "PassRole")},
	{"kms", fam("Describe", "Get", "List"), append(fam("Create", "Enable", "Put", "Tag", "Untag", "Update"), "CancelKeyDeletion", "DeleteAlias", "ReplicateKey", "ScheduleKeyDeletion")},
	{"lambda", fam("Get", "List"), append(fam("Create", "Delete", "Put", "Tag", "Untag", "Update"), "AddPermission", "PublishVersion", "RemovePermission")},
	{"logs", append(fam("Describe", "List"), "GetLogDelivery", "GetDataProtectionPolicy"), fam("Associate", "Create", "Delete", "Disassociate", "Put", "Tag", "Untag")},
	{"rds", fam("Describe", "List"), fam("Add", "Create", "Delete", "Modify", "Remove")},
	{"route53", fam("Get", "List"), fam("Change", "Create", "Delete", "Update")},
	// Bucket settings only, never objects.
	{"s3", []string{"GetAccelerateConfiguration", "GetBucket*", "GetEncryptionConfiguration", "GetIntelligentTieringConfiguration", "GetLifecycleConfiguration", "GetReplicationConfiguration", "ListAllMyBuckets", "ListBucket"},
		[]string{"CreateBucket", "DeleteBucket", "DeleteBucketPolicy", "PutAccelerateConfiguration", "PutBucket*", "PutEncryptionConfiguration", "PutIntelligentTieringConfiguration", "PutLifecycleConfiguration", "PutReplicationConfiguration"}},
	{"sagemaker", fam("Describe", "List"), append(fam("Create", "Delete", "Update"), "AddTags")},
	{"secretsmanager", append(fam("List"), "DescribeSecret", "GetResourcePolicy"), []string{"CreateSecret", "DeleteSecret", "TagResource", "UntagResource"}},
	{"securityhub", fam("Describe", "Get", "List"), fam("Batch", "Create", "Delete", "Disable", "Enable", "Tag", "Untag", "Update")},
	{"shield", fam("Describe", "Get", "List"), fam("Associate", "Create", "Delete", "Disassociate", "Enable", "Tag", "Untag", "Update")},
	{"sns", fam("Get", "List"), append(fam("Create", "Delete", "Set", "Tag", "Untag"), "Subscribe", "Unsubscribe")},
	{"ssm", fam("Describe", "Get", "List"), fam("Add", "Delete", "Put", "Remove")},
	{"wafv2", fam("Describe", "Get", "List"), fam("Associate", "Create", "Delete", "Disassociate", "Put", "Tag", "Untag", "Update")},
}

// fam names action families by verb: "Create" stands for "Create*".
func fam(verbs ...string) []string {
	out := make([]string, len(verbs))
	for i, v := range verbs {
		out[i] = v + "*"
	}
	return out
}

// Actions returns the IAM actions of every service: the read families,
// and with write the families that change resources too.
func Actions(write bool) []string {
	var out []string
	for _, s := range Services {
		out = append(out, s.actions(write)...)
	}
	return out
}

func (s service) actions(write bool) []string {
	var out []string
	add := func(as []string) {
		for _, a := range as {
			if s.prefix == "apigateway" {
				out = append(out, a) // already "apigateway:METHOD"
				continue
			}
			out = append(out, s.prefix+":"+a)
		}
	}
	add(s.read)
	if write {
		add(s.write)
	}
	return out
}

// MaxPolicyActionsChars bounds the characters of the actions one managed
// policy lists, well within IAM's 6,144 characters per managed policy.
const MaxPolicyActionsChars = 5000

// ServiceChunks splits the actions of the services into lists that each
// fit in one managed policy, whole services at a time.
func ServiceChunks(write bool) [][]string {
	var chunks [][]string
	var cur []string
	size := 0
	for _, s := range Services {
		as := s.actions(write)
		n := 0
		for _, a := range as {
			n += len(a) + 3 // quotes and comma
		}
		if len(cur) > 0 && size+n > MaxPolicyActionsChars {
			chunks, cur, size = append(chunks, cur), nil, 0
		}
		cur, size = append(cur, as...), size+n
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}

// RuntimeInvokeActions are the SageMaker runtime's invoke actions, which
// the boundary never allows (the models are called through their front
// doors).
var RuntimeInvokeActions = []string{"sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:InvokeEndpointWithResponseStream"}

// AccountActions are the organization-, account- and identity-level
// actions the boundary denies on everything: no stack manages the
// organization, the account, its billing, its sign-in, its users or its
// identity federation.
var AccountActions = []string{
	"account:*", "aws-portal:*", "billing:*", "ce:*", "identitystore:*", "organizations:*", "payments:*", "sso:*", "sso-directory:*", "tax:*",
	"ec2:DisableEbsEncryptionByDefault", "guardduty:DisassociateFromAdministratorAccount", "guardduty:DisassociateFromMasterAccount",
	"iam:AddClientIDToOpenIDConnectProvider", "iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:AttachUserPolicy",
	"iam:CreateAccessKey", "iam:CreateAccountAlias", "iam:CreateGroup", "iam:CreateLoginProfile", "iam:CreateOpenIDConnectProvider",
	"iam:CreateSAMLProvider", "iam:CreateServiceSpecificCredential", "iam:CreateUser", "iam:DeleteAccountAlias",
	"iam:DeleteAccountPasswordPolicy", "iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary",
	"iam:PutGroupPolicy", "iam:PutUserPolicy", "iam:SetSecurityTokenServicePreferences", "iam:UpdateAccountPasswordPolicy",
	"iam:UpdateLoginProfile", "iam:UpdateOpenIDConnectProviderThumbprint", "iam:UpdateSAMLProvider",
	"iam:UploadSSHPublicKey", "iam:UploadSigningCertificate",
	"s3:PutAccountPublicAccessBlock", "securityhub:DisassociateFromAdministratorAccount", "securityhub:DisassociateFromMasterAccount",
}

// AdminPolicies are the AWS managed policies the boundary forbids
// attaching to any role.
var AdminPolicies = []string{"AdministratorAccess", "IAMFullAccess", "PowerUserAccess"}

// Boundary statement IDs.
const (
	SidBoundaryAllow           = "AllowAllButTheSageMakerRuntime"
	SidDenyAccount             = "DenyOrganizationAccountAndIdentityActions"
	SidDenyAdminPolicies       = "DenyAttachingAdministratorPolicies"
	SidDenyProtectedIAM        = "DenyChangingProtectedIAMResources"
	SidDenyProtectedTag        = "DenySettingOrRemovingTheProtectedTag"
	SidDenyDeployPolicies      = "DenyChangingTheDeployPolicies"
	SidDenyStateBucketSettings = "DenyChangingTheStateBuckets"
	SidDenyStateKeys           = "DenyChangingTheStateAndSecretsKeys"
)

// boundary is the permissions boundary of every role of the bootstrap:
// whatever policies a role has (now, or attached by hand later), it can
// do no more than this allows, and never what it denies. It allows every
// action but the SageMaker runtime's (the roles' own policies decide
// which services), and denies: organization, account, billing and
// identity actions (users, access keys, identity providers, removing a
// boundary); attaching the administrator policies; changing, passing or
// retagging the bootstrap's own IAM resources (the roles, their policies,
// this boundary, the OIDC provider); and loosening or deleting the state
// buckets, their object versions and retention, and the state and
// secrets keys.
func boundary(ctx *pulumi.Context, env awsenv.Env, cfg Config, bucketArns, keyArns []pulumi.StringInput, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	all := pulumi.StringArray{pulumi.String("*")}
	iamArn := func(res string) pulumi.StringInput {
		return pulumi.String(fmt.Sprintf("arn:%s:iam::%s:%s", env.Partition, env.AccountId, res))
	}
	var admin pulumi.StringArray
	for _, p := range AdminPolicies {
		admin = append(admin, pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", env.Partition, p)))
	}
	var stateResources pulumi.StringArray
	for _, b := range bucketArns {
		stateResources = append(stateResources, b, pulumi.Sprintf("%s/*", b))
	}
	keys := pulumi.StringArray{}
	for _, k := range keyArns {
		keys = append(keys, k)
	}
	for _, region := range []string{cfg.PrimaryRegion, cfg.DRRegion} {
		keys = append(keys, pulumi.String(fmt.Sprintf("arn:%s:kms:%s:%s:alias/%s/*", env.Partition, region, env.AccountId, cfg.Prefix)))
	}
	deny := func(sid string, actions []string, resources pulumi.StringArray, conds ...iam.GetPolicyDocumentStatementConditionArgs) iam.GetPolicyDocumentStatementArgs {
		var cs iam.GetPolicyDocumentStatementConditionArray
		for _, c := range conds {
			cs = append(cs, c)
		}
		return iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String(sid), Effect: pulumi.String("Deny"),
			Actions: iampolicy.Strings(actions...), Resources: resources, Conditions: cs,
		}
	}
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String(SidBoundaryAllow), NotActions: iampolicy.Strings(RuntimeInvokeActions...), Resources: all,
		},
		deny(SidDenyAccount, AccountActions, all),
		deny(SidDenyAdminPolicies, []string{"iam:AttachRolePolicy"}, all, iampolicy.Condition("ArnLike", "iam:PolicyARN", admin...)),
		deny(SidDenyProtectedIAM, []string{"iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:SetDefaultPolicyVersion", "iam:Tag*", "iam:Untag*", "iam:Update*"},
			all, iampolicy.Condition("StringEquals", "aws:ResourceTag/"+ProtectedTag, pulumi.String(ProtectedValue))),
		deny(SidDenyProtectedTag, []string{"iam:Create*", "iam:Tag*", "iam:Untag*"},
			all, iampolicy.Condition("ForAnyValue:StringEquals", "aws:TagKeys", pulumi.String(ProtectedTag))),
		deny(SidDenyDeployPolicies, []string{"iam:*"}, pulumi.StringArray{
			iamArn("policy/" + cfg.Prefix + "-deploy-*"),
			iamArn("policy/" + cfg.Prefix + "-preview-*"),
			iamArn("oidc-provider/token.actions.githubusercontent.com"),
		}),
		deny(SidDenyStateBucketSettings, []string{
			"s3:BypassGovernanceRetention", "s3:DeleteBucket*", "s3:DeleteObjectVersion", "s3:PutBucket*", "s3:PutEncryptionConfiguration",
			"s3:PutLifecycleConfiguration", "s3:PutObjectAcl", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutReplicationConfiguration",
		}, stateResources),
		deny(SidDenyStateKeys, []string{
			"kms:CreateAlias", "kms:CreateGrant", "kms:DeleteAlias", "kms:Disable*", "kms:PutKeyPolicy", "kms:ReplicateKey",
			"kms:ScheduleKeyDeletion", "kms:UpdateAlias", "kms:UpdatePrimaryRegion",
		}, keys),
	}
	return iampolicy.Document(ctx, stmts, opts...)
}

// statePaths are the keys of the S3 backend that hold one stack's state
// (Pulumi's project layout: stacks/PROJECT/STACK.json and its .bak,
// history/PROJECT/STACK/, backups/PROJECT/STACK/, and
// locks/ORG/PROJECT/STACK/).
func statePaths(project, stack string) []string {
	return []string{
		".pulumi/stacks/" + project + "/" + stack + ".json*",
		".pulumi/history/" + project + "/" + stack + "/*",
		".pulumi/backups/" + project + "/" + stack + "/*",
		".pulumi/locks/*/" + project + "/" + stack + "/*",
	}
}

// SecretsContextKey is the KMS encryption context key that binds a
// stack's Pulumi secrets to the stack: its secrets provider URL carries
// context_stack=STACK, and only that stack's roles may encrypt or decrypt
// with it.
const SecretsContextKey = "stack"

// SecretsProvider is the Pulumi secrets provider URL of a stack. It
// names the alias without a region: the CLI resolves it in the region of
// the AWS configuration (AWS_REGION), the primary's key there and, after
// a failover, the replica in the DR region, which decrypts what the
// primary encrypted (a multi-Region key).
func SecretsProvider(alias, stack string) string {
	return "awskms://" + alias + "?context_" + SecretsContextKey + "=" + stack
}

// statePolicy is what a role of one stack needs of the backend: list the
// buckets, read the backend's metadata, read (and, deploying, write and
// delete) the stack's own state objects, through S3 with the state key,
// and use the secrets key with the stack's encryption context.
func statePolicy(ctx *pulumi.Context, env awsenv.Env, cfg Config, stack string, write bool,
	bucketArns []pulumi.StringInput, stateKeys, secretsKeys pulumi.StringArray, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	var buckets, meta, objects pulumi.StringArray
	for _, b := range bucketArns {
		buckets = append(buckets, b)
		meta = append(meta, pulumi.Sprintf("%s/.pulumi/meta.yaml", b))
		for _, p := range statePaths(cfg.Project, stack) {
			objects = append(objects, pulumi.Sprintf("%s/%s", b, p))
		}
	}
	objectActions := []string{"s3:GetObject", "s3:GetObjectVersion"}
	keyActions := []string{"kms:Decrypt"}
	stateKeyActions := []string{"kms:Decrypt"}
	if write {
		objectActions = append(objectActions, "s3:DeleteObject", "s3:PutObject")
		keyActions = append(keyActions, "kms:Encrypt", "kms:GenerateDataKey")
		stateKeyActions = append(stateKeyActions, "kms:GenerateDataKey")
	}
	s3Endpoints := pulumi.StringArray{}
	for _, r := range []string{cfg.PrimaryRegion, cfg.DRRegion} {
		e := env
		e.Region = r
		s3Endpoints = append(s3Endpoints, pulumi.String(e.ServiceEndpoint("s3")))
	}
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("ListTheStateBuckets"), Actions: iampolicy.Strings("s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket"), Resources: buckets,
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("ReadTheBackendMetadata"), Actions: iampolicy.Strings("s3:GetObject"), Resources: meta,
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("StateOfStack" + title(stack)), Actions: iampolicy.Strings(objectActions...), Resources: objects,
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("StateKeyThroughS3"), Actions: iampolicy.Strings(stateKeyActions...), Resources: stateKeys,
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "kms:ViaService", s3Endpoints...)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("SecretsOfStack" + title(stack)), Actions: iampolicy.Strings(keyActions...), Resources: secretsKeys,
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("StringEquals", "kms:EncryptionContext:"+SecretsContextKey, pulumi.String(stack)),
			},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("DescribeSecretsKey"), Actions: iampolicy.Strings("kms:DescribeKey"), Resources: secretsKeys,
		},
	}
	return iampolicy.Document(ctx, stmts, opts...)
}

// servicesPolicy is a managed policy document that allows actions on
// every resource: the roles are scoped by service and verb, bounded by
// the boundary.
func servicesPolicy(ctx *pulumi.Context, sid string, actions []string, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	return iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String(sid), Actions: iampolicy.Strings(actions...), Resources: pulumi.StringArray{pulumi.String("*")},
		},
	}, opts...)
}

// title turns a stack name into a statement ID part: "staging-eu" ->
// "StagingEu".
func title(s string) string {
	out := []byte{}
	up := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		out = append(out, c)
	}
	return string(out)
}
