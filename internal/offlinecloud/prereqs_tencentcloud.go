package offlinecloud

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// What Tencent Cloud checks in the account when a resource is created or
// updated: the region an API serves, the service roles the account has
// authorized and the services it has activated. The default offline
// account (Settings{}) has authorized every role and activated every
// service, as an account that has run the stacks before; the "tencent"
// section of the settings takes them away (see TencentSettings).

// AuditRegion is the one region CloudAudit's API (CreateAudit,
// DescribeAudit, UpdateAudit) serves.
const AuditRegion = "ap-guangzhou"

// Service roles of the account that the stand-in checks.
const (
	RoleTKE        = "TKE_QCSRole"
	RoleCloudAudit = "CloudAudit_QCSRole"
	RoleCLS        = "CLS_QcsRole"
)

// Services an account activates before use.
const (
	ServiceKMS = "kms"
	ServiceCLS = "cls"
)

// Sources of the Tencent Cloud prerequisites.
const (
	srcAuditCreate      = "https://www.tencentcloud.com/document/api/1021/34208"
	srcAuditErrors      = "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/cloudaudit/v20190319/errors.go"
	srcTKEServiceRole   = "https://www.tencentcloud.com/document/product/457/37808"
	srcCOSLogRole       = providerSource + "resource_tc_cos_bucket.go#L173-L223"
	srcCLSOpen          = "https://www.tencentcloud.com/document/api/614/80500"
	srcKMSOpen          = "https://cloud.tencent.com/document/api/573/140190"
	srcCOSSSEKMS        = "https://www.tencentcloud.com/document/product/436/38070"
	msgUnsupportedAudit = "Code=UnsupportedRegion, Message=API does not support the requested region."
	msgAuditRoleMissing = "Code=ResourceNotFound.RoleNotExist, Message=The role does not exist. (CloudAudit_QCSRole)"
	msgTKERoleMissing   = "Code=InternalError.CamNoAuth, Message=No permission. (the account has not authorized the TKE service role TKE_QCSRole)"
	msgCOSLogRole       = "cos enable log error: AccessDenied: the account has not authorized the service role CLS_QcsRole, through which COS delivers access logs, bucket: {$bucket}"
	msgCLSInactive      = "CLS is not activated in this account: activate it (console, or OpenClsService) before creating logsets, log topics or CLB access logs"
	msgKMSInactive      = "KMS is not activated in this account: activate it (console, or CreateKmsInstance) before creating keys"
	msgCOSKMSInactive   = "cos put bucket encryption error: KMS is not activated in this account, and SSE-KMS encrypts with a KMS key, bucket: {$bucket}"
)

// HasServiceRole says whether the account has authorized a service role:
// always, unless the settings list it as missing; then only once a stack
// created a tencentcloud:Cam/role:Role of that name.
func HasServiceRole(a *Account, role string) (bool, error) {
	s, err := a.Settings()
	if err != nil || !slices.Contains(s.Tencent.MissingServiceRoles, role) {
		return err == nil, err
	}
	roles, err := a.List(typeTCCAMRole)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(roles, func(r Record) bool { return str(r.Outputs["name"]) == role }), nil
}

// Activated says whether the account has activated a service: always,
// unless the settings list it as inactive.
func Activated(a *Account, service string) (bool, error) {
	s, err := a.Settings()
	return err == nil && !slices.Contains(s.Tencent.InactiveServices, service), err
}

// serviceRole is the prerequisite that the account has authorized role
// when applies says the resource needs it.
func serviceRole(id, role, requires, msg, source string, applies func(resource.PropertyMap) bool) Prerequisite {
	return Prerequisite{
		ID: id, Requires: requires, Message: msg, Source: source,
		check: func(a *Account, _ Env, in resource.PropertyMap) (string, error) {
			if applies != nil && !applies(in) {
				return "", nil
			}
			ok, err := HasServiceRole(a, role)
			if err != nil || ok {
				return "", err
			}
			return message(msg, Env{}, "", in), nil
		},
	}
}

// serviceActive is the prerequisite that the account has activated service
// when applies says the resource uses it.
func serviceActive(id, service, requires, msg, source string, applies func(resource.PropertyMap) bool) Prerequisite {
	return Prerequisite{
		ID: id, Requires: requires, Message: msg, Source: source,
		check: func(a *Account, _ Env, in resource.PropertyMap) (string, error) {
			if applies != nil && !applies(in) {
				return "", nil
			}
			ok, err := Activated(a, service)
			if err != nil || ok {
				return "", err
			}
			return message(msg, Env{}, "", in), nil
		},
	}
}

// nonEmpty says whether a string input is known and not empty.
func nonEmpty(property string) func(resource.PropertyMap) bool {
	return func(in resource.PropertyMap) bool {
		v, ok := known(in[resource.PropertyKey(property)])
		return ok && v.IsString() && v.StringValue() != ""
	}
}

// boolTrue says whether a boolean input is known and true.
func boolTrue(property string) func(resource.PropertyMap) bool {
	return func(in resource.PropertyMap) bool {
		v, ok := known(in[resource.PropertyKey(property)])
		return ok && v.IsBool() && v.BoolValue()
	}
}

var auditRegion = Prerequisite{
	ID:       "AUDIT-REGION",
	Requires: "a tracker created through a provider of ap-guangzhou, the only region CloudAudit's CreateAudit serves (the provider's create returns no error when CreateAudit fails, resource_tc_audit.go lines 148-150 at v1.76.4: offline the refusal shows, for real the create reports success with no tracker)",
	Message:  msgUnsupportedAudit,
	Source:   srcAuditCreate,
	check: func(_ *Account, env Env, _ resource.PropertyMap) (string, error) {
		if env.Region == AuditRegion {
			return "", nil
		}
		return msgUnsupportedAudit, nil
	},
}

var auditServiceRole = serviceRole("AUDIT-SERVICE-ROLE", RoleCloudAudit,
	"an account that has authorized CloudAudit's service role CloudAudit_QCSRole (role entity cloudaudit.cloud.tencent.com), through which the tracker writes to COS and uses the KMS key; missing when `tencent.missingServiceRoles` lists it, until a stack creates the role",
	msgAuditRoleMissing, srcAuditErrors, nil)

var tkeServiceRole = serviceRole("TKE-SERVICE-ROLE", RoleTKE,
	"an account that has authorized TKE's service role TKE_QCSRole, which TKE is granted when the service is activated; missing when `tencent.missingServiceRoles` lists it, until a stack creates the role (the code is one of tke's CamNoAuth codes; which one a missing role gives is not documented)",
	msgTKERoleMissing, srcTKEServiceRole, nil)

var cosLogServiceRole = serviceRole("COS-LOG-SERVICE-ROLE", RoleCLS,
	"a bucket with `logEnable` in an account that has authorized the service role CLS_QcsRole with QcloudCOSAccessForCLSRole, as the provider's documentation of access logging sets it up; missing when `tencent.missingServiceRoles` lists it, until a stack creates the role (the wrapper is the provider's, the COS error inside the stand-in's)",
	msgCOSLogRole, srcCOSLogRole, boolTrue("logEnable"))

var clsActivated = func(requires string, applies func(resource.PropertyMap) bool) Prerequisite {
	return serviceActive("CLS-ACTIVATED", ServiceCLS,
		requires+" in an account that has activated CLS (not when `tencent.inactiveServices` lists `cls`; the text is the stand-in's)",
		msgCLSInactive, srcCLSOpen, applies)
}

var kmsActivated = serviceActive("KMS-ACTIVATED", ServiceKMS,
	"a KMS key in an account that has activated (bought) KMS; not when `tencent.inactiveServices` lists `kms` (the text is the stand-in's)",
	msgKMSInactive, srcKMSOpen, nil)

var cosSSEKMSActivated = serviceActive("COS-SSE-KMS-ACTIVATED", ServiceKMS,
	"a bucket with `encryptionAlgorithm` KMS (SSE-KMS) in an account that has activated KMS; not when `tencent.inactiveServices` lists `kms` (the wrapper is the provider's, the rest the stand-in's)",
	msgCOSKMSInactive, srcCOSSSEKMS,
	func(in resource.PropertyMap) bool {
		v, ok := known(in["encryptionAlgorithm"])
		return ok && v.IsString() && v.StringValue() == "KMS"
	})

// tencentPrerequisites are what Tencent Cloud checks in the account when a
// resource of each type is created or updated.
var tencentPrerequisites = map[string][]Prerequisite{
	typeTCAudit:       {auditRegion, auditServiceRole},
	typeTCCluster:     {tkeServiceRole},
	typeTCBucket:      {cosLogServiceRole, cosSSEKMSActivated},
	typeTCKMSKey:      {kmsActivated},
	typeTCCLBLogSet:   {clsActivated("a CLB logset", nil)},
	typeTCCLBLogTopic: {clsActivated("a CLB log topic", nil)},
	typeTCCLSLogset:   {clsActivated("a CLS logset", nil)},
	typeTCCLSTopic:    {clsActivated("a CLS topic", nil)},
	typeTCCLBInstance: {clsActivated("a CLB with access logs (`logSetId`)", nonEmpty("logSetId"))},
}
