package offlinecloud

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// AWSAccount is the account ID of the offline AWS cloud.
const AWSAccount = "123456789012"

// AWS is the stand-in for pulumi-aws v6.83.2. Its Kinds table is the list
// of the resource types whose computed attributes the stand-in fills in;
// every other type gets an ID of 17 hex digits and an ARN of the form
// arn:aws:SERVICE:REGION:ACCOUNT:KIND/ID. Every type also gets "tagsAll",
// a copy of "tags", as the real provider computes it when no default tags
// are set.
var AWS = &Cloud{
	Package: "aws",
	Version: "6.83.2",
	Default: Kind{
		ID:  Template("{hex17}"),
		ARN: Template("arn:{partition}:{service}:{region}:{account}:{kind}/{id}"),
	},
	Common: map[string]Attr{
		"tagsAll": tagsAll,
	},
	Configure: awsConfigure,
	Invokes:   awsInvokes,
	Kinds:     awsKinds,
	Rules:     awsRules,
	Names:     awsNames,

	Prerequisites: awsPrerequisites,
	Schema:        awsSchema,
}

// awsSchema is the schema of pulumi-aws v6.83.2 as far as modelfort uses
// it: the provider, the resource types of Kinds and those the components
// create, and the functions the stand-in answers or the components call.
// TestAWSSchemaIsGenerated writes it from the SDK's source (go test
// ./internal/offlinecloud -run TestAWSSchemaIsGenerated -update-schema).
//
//go:embed schema_aws.json
var awsSchema []byte

// S3 keeps a bucket's configuration in separate resources whose ID is the
// bucket name; they have no ARN of their own.
var s3Config = Kind{ID: Template("{$bucket}"), NoARN: true, ForceNew: []string{"bucket"}}

// ec2ID returns the shape of an EC2 type whose IDs look like "vpc-0a1b...".
func ec2ID(prefix, arnKind string, forceNew ...string) Kind {
	return Kind{
		ID:       Template(prefix + "-{hex17}"),
		ARN:      Template("arn:{partition}:ec2:{region}:{account}:" + arnKind + "/{id}"),
		ForceNew: forceNew,
		Computed: map[string]Attr{"ownerId": Template("{account}")},
	}
}

// namedKind returns the shape of a type that the real provider autonames by
// "name" and whose ID is that name.
func namedKind(arn string, forceNew ...string) Kind {
	return Kind{
		Autoname: "name",
		ID:       Template("{$name}"),
		ARN:      Template(arn),
		ForceNew: append([]string{"name"}, forceNew...),
	}
}

var awsKinds = map[string]Kind{
	// S3
	"aws:s3/bucketV2:BucketV2": {
		Autoname:  "bucket",
		LowerName: true,
		ID:        Template("{$bucket}"),
		ARN:       Template("arn:{partition}:s3:::{$bucket}"),
		ForceNew:  []string{"bucket", "bucketPrefix", "objectLockEnabled"},
		Computed: map[string]Attr{
			"bucketDomainName":         Template("{$bucket}.s3.{dnssuffix}"),
			"bucketRegionalDomainName": Template("{$bucket}.s3.{region}.{dnssuffix}"),
			"hostedZoneId":             Value("Z3AQBSTGFYJSTF"),
			"region":                   Template("{region}"),
		},
	},
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               s3Config,
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": s3Config,
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     s3Config,
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     s3Config,
	"aws:s3/bucketPolicy:BucketPolicy":                                                           s3Config,
	"aws:s3/bucketLoggingV2:BucketLoggingV2":                                                     s3Config,
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       s3Config,
	"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2":                     s3Config,
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig":                                     s3Config,

	// KMS
	"aws:kms/key:Key": {
		ID:       kmsKeyID,
		ARN:      Template("arn:{partition}:kms:{region}:{account}:key/{id}"),
		ForceNew: []string{"multiRegion", "customerMasterKeySpec", "keyUsage", "xksKeyId"},
		Computed: map[string]Attr{"keyId": Template("{id}")},
	},
	"aws:kms/replicaKey:ReplicaKey": {
		ID:       replicaKeyID,
		ARN:      Template("arn:{partition}:kms:{region}:{account}:key/{id}"),
		ForceNew: []string{"primaryKeyArn"},
		Computed: map[string]Attr{"keyId": Template("{id}"), "keyRotationEnabled": Value(true)},
	},
	"aws:kms/alias:Alias": {
		ID:       Template("{$name}"),
		ARN:      Template("arn:{partition}:kms:{region}:{account}:{$name}"),
		ForceNew: []string{"name", "namePrefix"},
		Computed: map[string]Attr{"targetKeyArn": kmsTargetKeyARN},
	},

	// IAM
	"aws:iam/role:Role": {
		Autoname: "name",
		ID:       Template("{$name}"),
		ARN:      Template("arn:{partition}:iam::{account}:role/{$name}"),
		ForceNew: []string{"name", "namePrefix", "path"},
		Computed: map[string]Attr{"uniqueId": upper("AROA{hex17}"), "createDate": Value("2026-01-01T00:00:00Z")},
	},
	"aws:iam/policy:Policy": {
		Autoname: "name",
		ID:       Template("arn:{partition}:iam::{account}:policy/{$name}"),
		ARN:      Template("arn:{partition}:iam::{account}:policy/{$name}"),
		ForceNew: []string{"name", "namePrefix", "path"},
		Computed: map[string]Attr{"policyId": upper("ANPA{hex17}")},
	},
	"aws:iam/rolePolicy:RolePolicy": {
		Autoname: "name",
		ID:       Template("{$role}:{$name}"),
		NoARN:    true,
		ForceNew: []string{"role", "name", "namePrefix"},
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
		ID:       Template("{$role}-{hex8}"),
		NoARN:    true,
		ForceNew: []string{"role", "policyArn"},
	},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
		ID:       oidcProviderARN,
		ARN:      oidcProviderARN,
		ForceNew: []string{"url"},
	},

	// EC2 and VPC
	"aws:ec2/vpc:Vpc": func() Kind {
		k := ec2ID("vpc", "vpc", "cidrBlock", "instanceTenancy")
		k.Computed["defaultSecurityGroupId"] = Template("sg-{hex17}")
		k.Computed["defaultNetworkAclId"] = Template("acl-{hex17}")
		k.Computed["defaultRouteTableId"] = Template("rtb-{hex17}")
		k.Computed["mainRouteTableId"] = Template("rtb-{hex17}")
		k.Computed["dhcpOptionsId"] = Template("dopt-{hex17}")
		return k
	}(),
	"aws:ec2/subnet:Subnet": func() Kind {
		k := ec2ID("subnet", "subnet", "vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId")
		k.Computed["availabilityZoneId"] = subnetZoneID
		return k
	}(),
	"aws:ec2/securityGroup:SecurityGroup": func() Kind {
		k := ec2ID("sg", "security-group", "name", "namePrefix", "vpcId", "description")
		k.Autoname = "name"
		return k
	}(),
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": func() Kind {
		k := ec2ID("sg", "security-group", "vpcId")
		k.Computed["name"] = Value("default")
		return k
	}(),
	"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl":         ec2ID("acl", "network-acl", "defaultNetworkAclId"),
	"aws:ec2/networkAcl:NetworkAcl":                       ec2ID("acl", "network-acl", "vpcId"),
	"aws:ec2/routeTable:RouteTable":                       ec2ID("rtb", "route-table", "vpcId"),
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {ID: Template("rtbassoc-{hex17}"), NoARN: true, ForceNew: []string{"subnetId", "gatewayId"}},
	"aws:ec2/route:Route":                                 {ID: Template("r-{hex17}"), NoARN: true, ForceNew: []string{"routeTableId", "destinationCidrBlock", "destinationPrefixListId"}},
	"aws:ec2/internetGateway:InternetGateway":             ec2ID("igw", "internet-gateway"),
	"aws:ec2/natGateway:NatGateway":                       {ID: Template("nat-{hex17}"), NoARN: true, ForceNew: []string{"subnetId", "allocationId", "connectivityType"}},
	"aws:ec2/eip:Eip": func() Kind {
		k := ec2ID("eipalloc", "elastic-ip")
		delete(k.Computed, "ownerId")
		k.Computed["allocationId"] = Template("{id}")
		k.Computed["publicIp"] = Value("203.0.113.10")
		return k
	}(),
	"aws:ec2/flowLog:FlowLog": func() Kind {
		k := ec2ID("fl", "vpc-flow-log", "vpcId", "subnetId", "trafficType", "logDestination", "logDestinationType", "iamRoleArn", "maxAggregationInterval")
		delete(k.Computed, "ownerId")
		return k
	}(),
	"aws:ec2/vpcEndpoint:VpcEndpoint": func() Kind {
		k := ec2ID("vpce", "vpc-endpoint", "vpcId", "serviceName", "vpcEndpointType")
		k.Computed["prefixListId"] = Template("pl-{hex8}")
		k.Computed["state"] = Value("available")
		k.Computed["networkInterfaceIds"] = Strings("eni-{hex17}")
		k.Computed["dnsEntries"] = List(Object(map[string]Attr{
			"dnsName":      Template("{id}.{$serviceName}"),
			"hostedZoneId": upper("Z{hex17}"),
		}))
		return k
	}(),
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": vpcRule,
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   vpcRule,

	// CloudWatch, SNS
	"aws:cloudwatch/logGroup:LogGroup":       namedKind("arn:{partition}:logs:{region}:{account}:log-group:{$name}"),
	"aws:cloudwatch/metricAlarm:MetricAlarm": namedKind("arn:{partition}:cloudwatch:{region}:{account}:alarm:{$name}"),
	"aws:sns/topic:Topic": func() Kind {
		k := namedKind("arn:{partition}:sns:{region}:{account}:{$name}")
		k.ID = k.ARN
		k.Computed = map[string]Attr{"owner": Template("{account}")}
		return k
	}(),
	"aws:sns/topicPolicy:TopicPolicy": {ID: Template("{$arn}"), NoARN: true, ForceNew: []string{"arn"}},

	// SageMaker and Application Auto Scaling
	"aws:sagemaker/model:Model":                                 namedKind("arn:{partition}:sagemaker:{region}:{account}:model/{$name}", "primaryContainer", "containers", "executionRoleArn", "vpcConfig", "enableNetworkIsolation"),
	"aws:sagemaker/endpointConfiguration:EndpointConfiguration": namedKind("arn:{partition}:sagemaker:{region}:{account}:endpoint-config/{$name}", "productionVariants", "kmsKeyArn", "dataCaptureConfig", "shadowProductionVariants", "asyncInferenceConfig"),
	"aws:sagemaker/endpoint:Endpoint":                           namedKind("arn:{partition}:sagemaker:{region}:{account}:endpoint/{$name}"),
	"aws:appautoscaling/target:Target": {
		ID:       Template("{$resourceId}"),
		ARN:      Template("arn:{partition}:application-autoscaling:{region}:{account}:scalable-target/{hex17}"),
		ForceNew: []string{"resourceId", "scalableDimension", "serviceNamespace"},
	},
	"aws:appautoscaling/policy:Policy": {
		ID:       Template("{$name}"),
		ARN:      Template("arn:{partition}:autoscaling:{region}:{account}:scalingPolicy:{uuid}:resource/{$serviceNamespace}/{$resourceId}:policyName/{$name}"),
		ForceNew: []string{"name", "resourceId", "scalableDimension", "serviceNamespace"},
	},

	// Backup, CloudTrail, GuardDuty
	"aws:backup/vault:Vault": func() Kind {
		k := namedKind("arn:{partition}:backup:{region}:{account}:backup-vault:{$name}", "kmsKeyArn")
		k.Computed = map[string]Attr{"recoveryPoints": Value(0)}
		return k
	}(),
	"aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
		ID:       Template("{$backupVaultName}"),
		NoARN:    true,
		ForceNew: []string{"backupVaultName"},
		Computed: map[string]Attr{"backupVaultArn": Template("arn:{partition}:backup:{region}:{account}:backup-vault:{$backupVaultName}")},
	},
	"aws:backup/plan:Plan": {
		Autoname: "name",
		ID:       Template("{uuid}"),
		ARN:      Template("arn:{partition}:backup:{region}:{account}:backup-plan:{id}"),
		ForceNew: []string{"name"},
		Computed: map[string]Attr{"version": Template("{hex8}")},
	},
	"aws:backup/selection:Selection": {
		ID:       Template("{uuid}"),
		NoARN:    true,
		ForceNew: []string{"name", "planId", "iamRoleArn", "resources", "selectionTags", "conditions", "notResources"},
	},
	// A vault's notification configuration is the vault's: its ID is the
	// vault name, and every input replaces it (there is no update), as in
	// the provider
	// (https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/backup/vault_notifications.go).
	"aws:backup/vaultNotifications:VaultNotifications": {
		ID:       Template("{$backupVaultName}"),
		NoARN:    true,
		ForceNew: []string{"backupVaultName", "snsTopicArn", "backupVaultEvents"},
		Computed: map[string]Attr{"backupVaultArn": Template("arn:{partition}:backup:{region}:{account}:backup-vault:{$backupVaultName}")},
	},
	// A restore testing plan's ID is its name, and its ARN ends in the
	// name and an ID (pulumi-aws provider/computed_ids.go;
	// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html,
	// restoreTestingPlan). The provider autonames it with '_' between the
	// logical name and the suffix (pulumi-aws provider/resources.go); the
	// stand-in's autonaming joins with '-', which AWS refuses in these
	// names, so the stand-in names no plan: a program must.
	"aws:backup/restoreTestingPlan:RestoreTestingPlan": {
		ID:       Template("{$name}"),
		ARN:      Template("arn:{partition}:backup:{region}:{account}:restore-testing-plan:{$name}-{uuid}"),
		ForceNew: []string{"name"},
	},
	// A restore testing selection's ID is NAME:PLAN-NAME (pulumi-aws
	// provider/computed_ids.go); it has no ARN.
	"aws:backup/restoreTestingSelection:RestoreTestingSelection": {
		ID:       Template("{$name}:{$restoreTestingPlanName}"),
		NoARN:    true,
		ForceNew: []string{"name", "restoreTestingPlanName", "protectedResourceType"},
	},
	"aws:cloudtrail/trail:Trail": func() Kind {
		k := namedKind("arn:{partition}:cloudtrail:{region}:{account}:trail/{$name}")
		k.Computed = map[string]Attr{"homeRegion": Template("{region}")}
		return k
	}(),
	"aws:guardduty/detector:Detector": {
		ID:       Template("{hex17}{hex8}"),
		ARN:      Template("arn:{partition}:guardduty:{region}:{account}:detector/{id}"),
		Computed: map[string]Attr{"accountId": Template("{account}")},
	},

	// WAF, Shield, Route 53, CloudFront
	"aws:wafv2/webAcl:WebAcl": {
		Autoname: "name",
		ID:       Template("{uuid}"),
		ARN:      webACLARN,
		ForceNew: []string{"name", "scope"},
		Computed: map[string]Attr{"capacity": Value(1500), "lockToken": Template("{uuid}")},
	},
	"aws:wafv2/webAclAssociation:WebAclAssociation":                   {ID: Template("{$webAclArn},{$resourceArn}"), NoARN: true, ForceNew: []string{"webAclArn", "resourceArn"}},
	"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {ID: Template("{$resourceArn}"), NoARN: true, ForceNew: []string{"resourceArn"}},
	"aws:shield/protection:Protection": {
		ID:       Template("{uuid}"),
		ARN:      Template("arn:{partition}:shield::{account}:protection/{id}"),
		ForceNew: []string{"name", "resourceArn"},
	},
	"aws:shield/protectionGroup:ProtectionGroup": {
		ID:       Template("{$protectionGroupId}"),
		Computed: map[string]Attr{"protectionGroupArn": Template("arn:{partition}:shield::{account}:protection-group/{$protectionGroupId}")},
		NoARN:    true,
		ForceNew: []string{"protectionGroupId"},
	},
	"aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation": {
		ID:       Template("{$shieldProtectionId}+{$healthCheckArn}"),
		NoARN:    true,
		ForceNew: []string{"shieldProtectionId", "healthCheckArn"},
	},
	"aws:route53/healthCheck:HealthCheck": {
		ID:  Template("{uuid}"),
		ARN: Template("arn:{partition}:route53:::healthcheck/{id}"),
	},
	"aws:route53/zone:Zone": {
		ID:       upper("Z{hex17}"),
		ARN:      Template("arn:{partition}:route53:::hostedzone/{id}"),
		ForceNew: []string{"name"},
		Computed: map[string]Attr{
			"zoneId":      upper("Z{hex17}"),
			"nameServers": Strings("ns-1.awsdns-01.org", "ns-2.awsdns-02.net", "ns-3.awsdns-03.com", "ns-4.awsdns-04.co.uk"),
		},
	},
	"aws:route53/record:Record": {
		ID:       route53RecordID,
		NoARN:    true,
		ForceNew: []string{"zoneId", "name", "type", "setIdentifier"},
		Computed: map[string]Attr{"fqdn": Template("{$name}")},
	},
	"aws:cloudfront/distribution:Distribution": {
		ID:  upper("E{hex17}"),
		ARN: Template("arn:{partition}:cloudfront::{account}:distribution/{id}"),
		Computed: map[string]Attr{
			"domainName":      Template("d{hex8}.cloudfront.net"),
			"hostedZoneId":    Value("Z2FDTNDATAQYW2"),
			"status":          Value("Deployed"),
			"etag":            upper("E{hex8}"),
			"callerReference": Template("{uuid}"),
		},
	},

	// Bedrock
	"aws:bedrock/guardrail:Guardrail": {
		Autoname: "name",
		ID:       Template("{hex8}{hex8},DRAFT"),
		NoARN:    true,
		Computed: map[string]Attr{
			"guardrailId":  Template("{hex8}{hex8}"),
			"guardrailArn": Template("arn:{partition}:bedrock:{region}:{account}:guardrail/{hex8}{hex8}"),
			"version":      Value("DRAFT"),
			"status":       Value("READY"),
			"createdAt":    Value("2026-01-01T00:00:00Z"),
		},
	},
	"aws:bedrock/guardrailVersion:GuardrailVersion": {
		ID:       Template("{$guardrailArn},1"),
		NoARN:    true,
		ForceNew: []string{"guardrailArn"},
		Computed: map[string]Attr{"version": Value("1")},
	},

	// Lambda
	"aws:lambda/function:Function": func() Kind {
		k := namedKind(lambdaFunctionARN, "packageType")
		k.Computed = map[string]Attr{
			"invokeArn":          Template(lambdaInvokeARN(lambdaFunctionARN)),
			"qualifiedArn":       lambdaVersioned(lambdaFunctionARN + ":{version}"),
			"qualifiedInvokeArn": lambdaVersioned(lambdaInvokeARN(lambdaFunctionARN + ":{version}")),
			"version":            lambdaVersioned("{version}"),
			"lastModified":       Value("2026-01-01T00:00:00.000+0000"),
			"codeSha256":         lambdaCodeSHA256,
			"sourceCodeHash":     lambdaSourceCodeHash,
		}
		return k
	}(),
	// A permission is a statement of the function's resource policy; its ID
	// is the statement ID, which the provider generates (prefixed
	// "terraform-") when the program gives none. Every input replaces it.
	"aws:lambda/permission:Permission": {
		ID:    lambdaStatementID,
		NoARN: true,
		ForceNew: []string{"action", "eventSourceToken", "function", "functionUrlAuthType", "principal", "principalOrgId",
			"qualifier", "sourceAccount", "sourceArn", "statementId", "statementIdPrefix"},
		Computed: map[string]Attr{"statementId": Template("{id}")},
	},

	// API Gateway
	"aws:apigateway/restApi:RestApi": {
		ID:  Template("{hex8}"),
		ARN: Template("arn:{partition}:apigateway:{region}::/restapis/{id}"),
		Computed: map[string]Attr{
			"rootResourceId": Template("{hex8}"),
			"executionArn":   Template("arn:{partition}:execute-api:{region}:{account}:{id}"),
			"createdDate":    Value("2026-01-01T00:00:00Z"),
		},
	},
	"aws:apigateway/resource:Resource": {ID: Template("{hex8}"), NoARN: true, ForceNew: []string{"restApi", "parentId", "pathPart"}},
	"aws:apigateway/stage:Stage": {
		ID:       Template("ags-{$restApi}-{$stageName}"),
		ARN:      Template("arn:{partition}:apigateway:{region}::/restapis/{$restApi}/stages/{$stageName}"),
		ForceNew: []string{"restApi", "stageName"},
		Computed: map[string]Attr{
			"invokeUrl":    Template("https://{$restApi}.execute-api.{region}.{dnssuffix}/{$stageName}"),
			"executionArn": Template("arn:{partition}:execute-api:{region}:{account}:{$restApi}/{$stageName}"),
		},
	},
	"aws:apigateway/domainName:DomainName": {
		ID:       Template("{$domainName}"),
		ARN:      Template("arn:{partition}:apigateway:{region}::/domainnames/{$domainName}"),
		ForceNew: []string{"domainName"},
		Computed: map[string]Attr{
			"regionalDomainName": Template("d-{hex8}.execute-api.{region}.{dnssuffix}"),
			"regionalZoneId":     upper("Z{hex17}"),
		},
	},
}

// lambdaFunctionARN is the ARN of a Lambda function, unqualified.
const lambdaFunctionARN = "arn:{partition}:lambda:{region}:{account}:function:{$name}"

// lambdaInvokeARN is the ARN API Gateway integrations invoke a function
// (or a version of it) by.
func lambdaInvokeARN(functionARN string) string {
	return "arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/" + functionARN + "/invocations"
}

// lambdaVersioned is a template in which {version} is the function's
// version: "$LATEST", or "1" when the program publishes versions
// ("publish"), as a first create does.
func lambdaVersioned(tmpl string) Attr {
	return func(r *Instance) (resource.PropertyValue, error) {
		version := "$LATEST"
		if v, ok := known(r.Inputs["publish"]); ok && v.IsBool() && v.BoolValue() {
			version = "1"
		}
		return Template(strings.ReplaceAll(tmpl, "{version}", version))(r)
	}
}

// lambdaCodeSHA256 is what Lambda reports of a function's deployment
// package: the base64 SHA-256 of the zip. The stand-in reads the zip file
// an archive names ("code", a path); for other packages (an archive of
// assets, an S3 object, an image, a path it cannot read) it derives a value
// of the same shape from the archive's Pulumi hash, or from the resource.
func lambdaCodeSHA256(r *Instance) (resource.PropertyValue, error) {
	sum := sha256.Sum256(r.seed)
	digest := sum[:]
	if v, ok := known(r.Inputs["code"]); ok && v.IsArchive() {
		a := v.ArchiveValue()
		if d, err := fileSHA256(a.Path); a.Path != "" && err == nil {
			digest = d
		} else if h, err := hex.DecodeString(a.Hash); a.Hash != "" && err == nil {
			digest = h
		}
	}
	return resource.NewProperty(base64.StdEncoding.EncodeToString(digest)), nil
}

// fileDigests remembers the SHA-256 of the files fileSHA256 read, by path,
// size and modification time: a deployment package is megabytes, and a
// program registers a function per region (and the tests many programs).
var fileDigests sync.Map // fileKey -> []byte

type fileKey struct {
	path    string
	size    int64
	modTime int64
}

// fileSHA256 is the SHA-256 of the file at path.
func fileSHA256(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	key := fileKey{path, fi.Size(), fi.ModTime().UnixNano()}
	if d, ok := fileDigests.Load(key); ok {
		return d.([]byte), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	d := h.Sum(nil)
	fileDigests.Store(key, d)
	return d, nil
}

// lambdaSourceCodeHash is the program's "sourceCodeHash" when it gives
// one, and otherwise the package's hash, as the provider reads it back.
func lambdaSourceCodeHash(r *Instance) (resource.PropertyValue, error) {
	if v, ok := known(r.Inputs["sourceCodeHash"]); ok && v.IsString() && v.StringValue() != "" {
		return v, nil
	}
	return lambdaCodeSHA256(r)
}

// lambdaStatementID is a permission's ID, its statement ID: the one the
// program gives, or the provider's generated one, its prefix
// ("statementIdPrefix", by default "terraform-") and 26 characters (a
// timestamp to the ten-thousandth of a second and 8 hex digits).
func lambdaStatementID(r *Instance) (resource.PropertyValue, error) {
	if v, ok := known(r.Inputs["statementId"]); ok && v.IsString() && v.StringValue() != "" {
		return v, nil
	}
	prefix := "terraform-"
	if v, ok := known(r.Inputs["statementIdPrefix"]); ok && v.IsString() && v.StringValue() != "" {
		prefix = v.StringValue()
	}
	suffix, err := r.expand("202601010000000000{hex8}")
	return resource.NewProperty(prefix + suffix), err
}

// vpcRule shapes the standalone security group rules of package vpc.
var vpcRule = Kind{
	ID:       Template("sgr-{hex17}"),
	ARN:      Template("arn:{partition}:ec2:{region}:{account}:security-group-rule/{id}"),
	ForceNew: []string{"securityGroupId"},
	Computed: map[string]Attr{"securityGroupRuleId": Template("{id}")},
}

// upper is a template whose result is upper case, as in IAM unique IDs.
func upper(tmpl string) Attr { return mapped(tmpl, strings.ToUpper) }

// kmsKeyID gives a multi-Region key an "mrk-" ID, as AWS does.
func kmsKeyID(r *Instance) (resource.PropertyValue, error) {
	if v, ok := r.Inputs["multiRegion"]; ok && v.IsBool() && v.BoolValue() {
		return Template("mrk-{hex17}{hex8}abcdef0")(r)
	}
	return Template("{uuid}")(r)
}

// replicaKeyID gives a replica key the key ID of its primary, as AWS does.
func replicaKeyID(r *Instance) (resource.PropertyValue, error) {
	arn, err := r.expand("{$primaryKeyArn}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	return resource.NewProperty(arn[strings.LastIndexByte(arn, '/')+1:]), nil
}

// kmsTargetKeyARN resolves an alias's target, given as a key ID or an ARN.
func kmsTargetKeyARN(r *Instance) (resource.PropertyValue, error) {
	target, err := r.expand("{$targetKeyId}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	if strings.HasPrefix(target, "arn:") {
		return resource.NewProperty(target), nil
	}
	return Template("arn:{partition}:kms:{region}:{account}:key/" + target)(r)
}

// oidcProviderARN is the ARN (and ID) of an IAM OIDC provider.
func oidcProviderARN(r *Instance) (resource.PropertyValue, error) {
	url, err := r.expand("{$url}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	return Template("arn:{partition}:iam::{account}:oidc-provider/" + strings.TrimPrefix(url, "https://"))(r)
}

// webACLARN puts a web ACL under "global" or "regional" by its scope.
func webACLARN(r *Instance) (resource.PropertyValue, error) {
	scope, err := r.expand("{$scope}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	if scope == "CLOUDFRONT" {
		return Template("arn:{partition}:wafv2:us-east-1:{account}:global/webacl/{$name}/{id}")(r)
	}
	return Template("arn:{partition}:wafv2:{region}:{account}:regional/webacl/{$name}/{id}")(r)
}

// subnetZoneID maps a subnet's zone name to the zone ID the offline cloud
// gives it in getAvailabilityZones.
func subnetZoneID(r *Instance) (resource.PropertyValue, error) {
	if v, ok := r.Inputs["availabilityZoneId"]; ok && v.IsString() {
		return v, nil
	}
	az, err := r.expand("{$availabilityZone}")
	if err != nil {
		return resource.PropertyValue{}, err
	}
	return resource.NewProperty(ZoneId(az)), nil
}

// route53RecordID is a record's ID as the provider spells it:
// ZONE_NAME_TYPE, with _SETIDENTIFIER when the record has one.
func route53RecordID(r *Instance) (resource.PropertyValue, error) {
	id, err := r.expand("{$zoneId}_{$name}_{$type}")
	if v, ok := r.Inputs["setIdentifier"]; ok && v.IsString() && v.StringValue() != "" {
		id += "_" + v.StringValue()
	}
	return resource.NewProperty(id), err
}

// tagsAll copies "tags", as the real provider does without default tags.
func tagsAll(r *Instance) (resource.PropertyValue, error) {
	if v, ok := r.Inputs["tags"]; ok {
		return v, nil
	}
	return resource.NewProperty(resource.PropertyMap{}), nil
}

// awsConfigure reads the region from the provider's configuration or, as
// the real provider does, from AWS_REGION or AWS_DEFAULT_REGION.
func awsConfigure(config resource.PropertyMap) (Env, error) {
	region := ""
	if v, ok := config["region"]; ok && v.IsString() {
		region = v.StringValue()
	}
	for _, name := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if region == "" {
			region = os.Getenv(name)
		}
	}
	if region == "" {
		return Env{}, fmt.Errorf("the offline aws provider has no region: set aws:region in the stack config (pulumi config set aws:region us-east-1)")
	}
	return AWSEnv(region), nil
}

// AWSEnv returns the offline environment of an AWS region.
func AWSEnv(region string) Env {
	env := Env{Region: region, Account: AWSAccount, Partition: "aws", DNSSuffix: "amazonaws.com"}
	switch {
	case strings.HasPrefix(region, "cn-"):
		env.Partition, env.DNSSuffix = "aws-cn", "amazonaws.com.cn"
	case strings.HasPrefix(region, "us-gov-"):
		env.Partition = "aws-us-gov"
	}
	return env
}

// AWSZones returns the three availability zones the offline cloud gives a
// region: REGIONa, REGIONb and REGIONc.
func AWSZones(region string) []string {
	return []string{region + "a", region + "b", region + "c"}
}

// ZoneId returns the zone ID of an availability zone name the way AWS
// spells them: "us-east-1a" is "use1-az1", "ap-southeast-2b" is "apse2-az2".
func ZoneId(zone string) string {
	if zone == "" {
		return ""
	}
	region, letter := zone[:len(zone)-1], zone[len(zone)-1]
	parts := strings.Split(region, "-")
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i == 0 || i == len(parts)-1:
			b.WriteString(p)
		default:
			for _, dir := range []string{"north", "south", "east", "west", "central"} {
				p = strings.ReplaceAll(p, dir, dir[:1])
			}
			b.WriteString(p)
		}
	}
	return fmt.Sprintf("%s-az%d", b.String(), int(letter-'a')+1)
}
