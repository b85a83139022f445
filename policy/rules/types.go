package rules

// Resource types the rules below look at.
const (
	kmsKeyType            = "aws:kms/key:Key"
	kmsReplicaKeyType     = "aws:kms/replicaKey:ReplicaKey"
	vpcType               = "aws:ec2/vpc:Vpc"
	subnetType            = "aws:ec2/subnet:Subnet"
	flowLogType           = "aws:ec2/flowLog:FlowLog"
	defaultSGType         = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	securityGroupType     = "aws:ec2/securityGroup:SecurityGroup"
	sgRuleType            = "aws:ec2/securityGroupRule:SecurityGroupRule"
	ingressRuleType       = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressRuleType        = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	sageMakerModelType    = "aws:sagemaker/model:Model"
	endpointConfigType    = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
	trailType             = "aws:cloudtrail/trail:Trail"
	backupVaultType       = "aws:backup/vault:Vault"
	backupVaultLockType   = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	webACLType            = "aws:wafv2/webAcl:WebAcl"
	webACLLoggingType     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	shieldProtectionType  = "aws:shield/protection:Protection"
	shieldHealthCheckType = "aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation"
	iamRoleType           = "aws:iam/role:Role"
	iamRolePolicyType     = "aws:iam/rolePolicy:RolePolicy"
	iamPolicyType         = "aws:iam/policy:Policy"
	iamUserPolicyType     = "aws:iam/userPolicy:UserPolicy"
	iamGroupPolicyType    = "aws:iam/groupPolicy:GroupPolicy"
	logGroupType          = "aws:cloudwatch/logGroup:LogGroup"
	apiIntegrationType    = "aws:apigateway/integration:Integration"
	apiResourceType       = "aws:apigateway/resource:Resource"
)

// StatefulTypes are the resource types that hold data or keys: prod
// protects every one of them, so that "pulumi destroy" cannot lose data.
var StatefulTypes = []string{
	kmsKeyType, kmsReplicaKeyType, BucketType, backupVaultType, logGroupType, trailType,
	"aws:dynamodb/table:Table", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:efs/fileSystem:FileSystem",
}

// anywhere is the set of CIDRs that mean "the whole internet".
var anywhere = []string{"0.0.0.0/0", "::/0"}
