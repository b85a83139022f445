package offlinecloud

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Sources of the AWS prerequisites.
const (
	srcAPIGatewayLoggingRole = "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html"
	srcShieldSubscription    = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_CreateProtection.html#API_CreateProtection_Errors"
	srcShieldHealthCheck     = "https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-health-checks.html"
	srcCloudTrailBucket      = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"
	srcSageMakerQuotas       = "https://docs.aws.amazon.com/sagemaker/latest/dg/regions-quotas.html"
	srcLambdaVPC             = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"
)

const (
	typeAPIGatewayAccount = "aws:apigateway/account:Account"
	typeShieldProtection  = "aws:shield/protection:Protection"
	typeShieldSubscribe   = "aws:shield/subscription:Subscription"
	typeS3BucketPolicy    = "aws:s3/bucketPolicy:BucketPolicy"
	typeS3Bucket          = "aws:s3/bucketV2:BucketV2"
	typeSageMakerConfig   = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
	typeSageMakerEndpoint = "aws:sagemaker/endpoint:Endpoint"
	typeLambdaFunction    = "aws:lambda/function:Function"
	typeIAMRole           = "aws:iam/role:Role"
	typeIAMRolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	typeIAMRoleAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeIAMPolicyAttach   = "aws:iam/policyAttachment:PolicyAttachment"
	typeIAMPolicy         = "aws:iam/policy:Policy"
)

var apiGatewayLoggingRole = Prerequisite{
	ID:       "APIGW-LOGGING-ROLE",
	Requires: "a stage with access logging, or method settings with execution logging, in a region whose API Gateway account settings hold a CloudWatch Logs role (`aws:apigateway/account:Account`)",
	Message:  "BadRequestException: CloudWatch Logs role ARN must be set in account settings to enable logging",
	Source:   srcAPIGatewayLoggingRole,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		logs := false
		if v, ok := known(in["accessLogSettings"]); ok && v.IsObject() {
			logs = true
		}
		for _, l := range lookup(in, "settings.loggingLevel") {
			if v, ok := known(l.v); ok && v.IsString() && v.StringValue() != "OFF" {
				logs = true
			}
		}
		if !logs {
			return "", nil
		}
		s, err := a.Settings()
		if err != nil || s.AWS.APIGatewayCloudWatchRoles[env.Region] != "" {
			return "", err
		}
		accounts, err := a.List(typeAPIGatewayAccount)
		if err != nil {
			return "", err
		}
		for _, acct := range accounts {
			if v, ok := known(acct.Outputs["cloudwatchRoleArn"]); acct.Region == env.Region && ok && v.IsString() && v.StringValue() != "" {
				return "", nil
			}
		}
		return "BadRequestException: CloudWatch Logs role ARN must be set in account settings to enable logging", nil
	},
}

var shieldSubscription = Prerequisite{
	ID:       "SHIELD-SUBSCRIPTION",
	Requires: "a Shield Advanced subscription in the account (the default offline account has one; `noShieldAdvanced` in the settings takes it away)",
	Message:  "ResourceNotFoundException: The subscription does not exist.",
	Source:   srcShieldSubscription,
	check: func(a *Account, _ Env, _ resource.PropertyMap) (string, error) {
		s, err := a.Settings()
		if err != nil || !s.AWS.NoShieldAdvanced {
			return "", err
		}
		subs, err := a.List(typeShieldSubscribe)
		if err != nil || len(subs) > 0 {
			return "", err
		}
		return "ResourceNotFoundException: The subscription does not exist.", nil
	},
}

var shieldHealthCheckNotOnZones = Prerequisite{
	ID:       "SHIELD-HC-HOSTED-ZONE",
	Requires: "a health check associated with the protection of a resource other than a Route 53 hosted zone (health-based detection supports every protected resource type except hosted zones)",
	Message:  "InvalidParameterException: Health-based detection is not supported for the protected resource type (X)",
	Source:   srcShieldHealthCheck,
	check: func(a *Account, _ Env, in resource.PropertyMap) (string, error) {
		id, ok := known(in["shieldProtectionId"])
		if !ok || !id.IsString() {
			return "", nil
		}
		protections, err := a.List(typeShieldProtection)
		if err != nil {
			return "", err
		}
		for _, p := range protections {
			if p.ID != id.StringValue() {
				continue
			}
			if arn, ok := known(p.Outputs["resourceArn"]); ok && arn.IsString() && strings.Contains(arn.StringValue(), ":hostedzone/") {
				return fmt.Sprintf("InvalidParameterException: Health-based detection is not supported for the protected resource type (%s)", arn.StringValue()), nil
			}
			return "", nil
		}
		return "ResourceNotFoundException: The referenced protection does not exist.", nil
	},
}

var cloudTrailBucketPolicy = Prerequisite{
	ID:       "CLOUDTRAIL-BUCKET-POLICY",
	Requires: "a trail's bucket whose policy, when the trail is created, lets `cloudtrail.amazonaws.com` call `s3:GetBucketAcl` on the bucket and `s3:PutObject` in it",
	Message:  "InsufficientS3BucketPolicyException: Incorrect S3 bucket policy is detected for bucket: X",
	Source:   srcCloudTrailBucket,
	check: func(a *Account, _ Env, in resource.PropertyMap) (string, error) {
		b, ok := known(in["s3BucketName"])
		if !ok || !b.IsString() {
			return "", nil
		}
		bucket := b.StringValue()
		buckets, err := a.List(typeS3Bucket)
		if err != nil {
			return "", err
		}
		if !slices.ContainsFunc(buckets, func(r Record) bool { return r.ID == bucket }) {
			return "S3BucketDoesNotExistException: S3 bucket " + bucket + " does not exist.", nil
		}
		policies, err := a.List(typeS3BucketPolicy)
		if err != nil {
			return "", err
		}
		for _, p := range policies {
			if p.ID != bucket {
				continue
			}
			if doc, ok := known(p.Outputs["policy"]); ok && doc.IsString() && lets(doc.StringValue(), "cloudtrail.amazonaws.com", "s3:GetBucketAcl", "s3:PutObject") {
				return "", nil
			}
		}
		return "InsufficientS3BucketPolicyException: Incorrect S3 bucket policy is detected for bucket: " + bucket, nil
	},
}

var sageMakerEndpointQuota = Prerequisite{
	ID:       "SAGEMAKER-ENDPOINT-QUOTA",
	Requires: "instances of the endpoint's instance type within the account's quota for endpoint usage in the region, where the settings set one (`sageMakerEndpointInstances`)",
	Message:  "ResourceLimitExceeded: The account-level service limit 'X for endpoint usage' is N Instances, with current utilization of U Instances and a request delta of D Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.",
	Source:   srcSageMakerQuotas,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		s, err := a.Settings()
		if err != nil || len(s.AWS.SageMakerEndpointInstances) == 0 {
			return "", err
		}
		name, ok := known(in["endpointConfigName"])
		if !ok || !name.IsString() {
			return "", nil
		}
		configs, err := a.List(typeSageMakerConfig)
		if err != nil {
			return "", err
		}
		instances := func(config string) map[string]int {
			out := map[string]int{}
			for _, c := range configs {
				if c.Region != env.Region || c.ID != config {
					continue
				}
				for _, v := range lookup(c.Outputs, "productionVariants[]") {
					pv, ok := known(v.v)
					if !ok || !pv.IsObject() {
						continue
					}
					typ, _ := known(pv.ObjectValue()["instanceType"])
					n, _ := known(pv.ObjectValue()["initialInstanceCount"])
					if typ.IsString() && n.IsNumber() {
						out[typ.StringValue()] += int(n.NumberValue())
					}
				}
			}
			return out
		}
		endpoints, err := a.List(typeSageMakerEndpoint)
		if err != nil {
			return "", err
		}
		for typ, delta := range instances(name.StringValue()) {
			quota, limited := s.AWS.SageMakerEndpointInstances[env.Region+"/"+typ]
			if !limited {
				continue
			}
			used := 0
			for _, e := range endpoints {
				if c, ok := known(e.Outputs["endpointConfigName"]); e.Region == env.Region && ok && c.IsString() {
					used += instances(c.StringValue())[typ]
				}
			}
			if used+delta > quota {
				return fmt.Sprintf("ResourceLimitExceeded: The account-level service limit '%s for endpoint usage' is %d Instances, with current utilization of %d Instances and a request delta of %d Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.", typ, quota, used, delta), nil
			}
		}
		return "", nil
	},
}

// Lambda's refusals of an execution role.
const (
	lambdaRoleNotAssumable = "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda."
	lambdaRoleNoENI        = "InvalidParameterValueException: The provided execution role does not have permissions to call CreateNetworkInterface on EC2"
)

// awsManagedENIPolicies are AWS managed policies (by their name after
// "arn:PARTITION:iam::aws:policy/") that allow ec2:CreateNetworkInterface;
// the account holds no copy of them to read.
var awsManagedENIPolicies = []string{
	"service-role/AWSLambdaVPCAccessExecutionRole",
	"service-role/AWSLambdaENIManagementAccess",
	"AdministratorAccess",
	"PowerUserAccess",
	"AmazonEC2FullAccess",
}

var lambdaVPCExecutionRole = Prerequisite{
	ID: "LAMBDA-VPC-ROLE",
	Requires: "a function with `vpcConfig` subnets whose execution role is a role of the account that `lambda.amazonaws.com` may assume, " +
		"with a policy allowing `ec2:CreateNetworkInterface`: inline (`aws:iam/rolePolicy:RolePolicy`, the role's `inlinePolicies`) or attached " +
		"(`aws:iam/rolePolicyAttachment:RolePolicyAttachment`, `aws:iam/policyAttachment:PolicyAttachment`, the role's `managedPolicyArns`: " +
		"a policy of the account, or AWSLambdaVPCAccessExecutionRole, AWSLambdaENIManagementAccess, AdministratorAccess, PowerUserAccess, AmazonEC2FullAccess), " +
		"and no unconditional Deny of it; a role the account lacks, or that Lambda may not assume, is refused as AWS does (`" + lambdaRoleNotAssumable + "`)",
	Message: lambdaRoleNoENI,
	Source:  srcLambdaVPC,
	check: func(a *Account, env Env, in resource.PropertyMap) (string, error) {
		inVPC := false
		for _, s := range lookup(in, "vpcConfig.subnetIds[]") {
			inVPC = inVPC || s.v.IsString() && s.v.StringValue() != ""
		}
		r, ok := known(in["role"])
		if !inVPC || !ok || !r.IsString() {
			return "", nil
		}
		role, found, err := roleOf(a, env, r.StringValue())
		if err != nil {
			return "", err
		}
		if !found || !lets(str(role.Outputs["assumeRolePolicy"]), "lambda.amazonaws.com", "sts:AssumeRole") {
			return lambdaRoleNotAssumable, nil
		}
		docs, err := rolePolicies(a, env, role)
		if err != nil {
			return "", err
		}
		allowed, denied := false, false
		for _, doc := range docs {
			allow, deny := grants(doc, "ec2:CreateNetworkInterface")
			allowed, denied = allowed || allow, denied || deny
		}
		if !allowed || denied {
			return lambdaRoleNoENI, nil
		}
		return "", nil
	},
}

// roleOf finds the IAM role an ARN names (arn:PARTITION:iam::ACCOUNT:role/PATH/NAME)
// in the account. Role names are unique in the account whatever their
// case, and roles are global: any region's record counts.
func roleOf(a *Account, env Env, arn string) (Record, bool, error) {
	name := arn[strings.LastIndexByte(arn, '/')+1:]
	roles, err := a.List(typeIAMRole)
	if err != nil {
		return Record{}, false, err
	}
	for _, r := range roles {
		if strings.EqualFold(r.ID, name) && strings.HasPrefix(str(r.Outputs["arn"]), "arn:"+env.Partition+":") {
			return r, true, nil
		}
	}
	return Record{}, false, nil
}

// managedENIPolicy is the document standing for an AWS managed policy that
// allows ec2:CreateNetworkInterface.
const managedENIPolicy = `{"Statement":[{"Effect":"Allow","Action":"ec2:CreateNetworkInterface","Resource":"*"}]}`

// rolePolicies returns the policy documents of a role: its inline policies
// (on the role and as RolePolicy objects) and the policies attached to it
// (on the role, as RolePolicyAttachment or PolicyAttachment objects). An
// attached policy the account does not hold counts only when it is one of
// awsManagedENIPolicies.
func rolePolicies(a *Account, env Env, role Record) ([]string, error) {
	name := role.ID
	var docs, arns []string
	for _, p := range lookup(role.Outputs, "inlinePolicies[].policy") {
		docs = append(docs, str(p.v))
	}
	for _, p := range lookup(role.Outputs, "managedPolicyArns[]") {
		arns = append(arns, str(p.v))
	}
	inline, err := a.List(typeIAMRolePolicy)
	if err != nil {
		return nil, err
	}
	for _, p := range inline {
		if strings.EqualFold(str(p.Outputs["role"]), name) {
			docs = append(docs, str(p.Outputs["policy"]))
		}
	}
	attachments, err := a.List(typeIAMRoleAttachment)
	if err != nil {
		return nil, err
	}
	for _, at := range attachments {
		if strings.EqualFold(str(at.Outputs["role"]), name) {
			arns = append(arns, str(at.Outputs["policyArn"]))
		}
	}
	shared, err := a.List(typeIAMPolicyAttach)
	if err != nil {
		return nil, err
	}
	for _, at := range shared {
		for _, r := range lookup(at.Outputs, "roles[]") {
			if strings.EqualFold(str(r.v), name) {
				arns = append(arns, str(at.Outputs["policyArn"]))
			}
		}
	}
	policies, err := a.List(typeIAMPolicy)
	if err != nil {
		return nil, err
	}
	for _, arn := range arns {
		if managed, ok := strings.CutPrefix(arn, "arn:"+env.Partition+":iam::aws:policy/"); ok {
			if slices.Contains(awsManagedENIPolicies, managed) {
				docs = append(docs, managedENIPolicy)
			}
			continue
		}
		for _, p := range policies {
			if str(p.Outputs["arn"]) == arn {
				docs = append(docs, str(p.Outputs["policy"]))
			}
		}
	}
	return docs, nil
}

// grants reads an identity policy document: whether an Allow statement
// grants action (by name, or a pattern with * and ?, in Action or outside
// NotAction), and whether a Deny statement without conditions refuses it.
// Resources and the conditions of Allow statements are not weighed.
func grants(doc, action string) (allow, deny bool) {
	var d struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &d) != nil {
		return false, false
	}
	type statement struct {
		Effect    string
		Action    any
		NotAction any
		Condition map[string]any
	}
	var stmts []statement
	if json.Unmarshal(d.Statement, &stmts) != nil {
		var one statement
		if json.Unmarshal(d.Statement, &one) != nil {
			return false, false
		}
		stmts = []statement{one}
	}
	for _, st := range stmts {
		match := slices.ContainsFunc(strs(st.Action), func(p string) bool { return actionMatches(p, action) })
		if st.NotAction != nil {
			match = !slices.ContainsFunc(strs(st.NotAction), func(p string) bool { return actionMatches(p, action) })
		}
		switch {
		case !match:
		case st.Effect == "Allow":
			allow = true
		case st.Effect == "Deny" && len(st.Condition) == 0:
			deny = true
		}
	}
	return allow, deny
}

// actionMatches matches an IAM action pattern ("ec2:*", "ec2:Create*",
// "*") against an action, ignoring case as IAM does.
func actionMatches(pattern, action string) bool {
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(strings.ToLower(pattern))) + "$"
	ok, _ := regexp.MatchString(re, strings.ToLower(action))
	return ok
}

// awsPrerequisites are what AWS checks in the account when a resource of
// each type is created or updated.
var awsPrerequisites = map[string][]Prerequisite{
	"aws:apigateway/stage:Stage":                                                   {apiGatewayLoggingRole},
	"aws:apigateway/methodSettings:MethodSettings":                                 {apiGatewayLoggingRole},
	typeShieldProtection:                                                           {shieldSubscription},
	"aws:shield/protectionGroup:ProtectionGroup":                                   {shieldSubscription},
	"aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation": {shieldSubscription, shieldHealthCheckNotOnZones},
	"aws:cloudtrail/trail:Trail":                                                   {cloudTrailBucketPolicy},
	typeSageMakerEndpoint:                                                          {sageMakerEndpointQuota},
	typeLambdaFunction:                                                             {lambdaVPCExecutionRole},
}

// lets says whether an IAM policy document allows a service principal
// every one of the actions (by name or by a "s3:*"-style wildcard).
func lets(doc, service string, actions ...string) bool {
	var d struct {
		Statement []struct {
			Effect    string
			Principal any
			Action    any
		}
	}
	if json.Unmarshal([]byte(doc), &d) != nil {
		return false
	}
	allowed := map[string]bool{}
	for _, st := range d.Statement {
		if st.Effect != "Allow" || !slices.Contains(strs(principalServices(st.Principal)), service) {
			continue
		}
		for _, a := range strs(st.Action) {
			allowed[strings.ToLower(a)] = true
		}
	}
	for _, want := range actions {
		svc, _, _ := strings.Cut(want, ":")
		if !allowed[strings.ToLower(want)] && !allowed[strings.ToLower(svc)+":*"] && !allowed["*"] {
			return false
		}
	}
	return true
}

func principalServices(p any) any {
	if m, ok := p.(map[string]any); ok {
		return m["Service"]
	}
	return nil
}

// strs reads a policy field that is a string or a list of strings.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
