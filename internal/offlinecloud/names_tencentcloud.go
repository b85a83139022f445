package offlinecloud

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// tencentNames are the names Tencent Cloud lets one object hold at a time,
// keyed by the type token of the resources that hold them. Tencent Cloud
// errors read "Code=CODE, Message=TEXT"; the texts are the SDKs'
// descriptions of each code, in English where the SDK gives Chinese.
var tencentNames = map[string][]Unique{
	"tencentcloud:Cos/bucket:Bucket": {{
		ID: "COS-BUCKET-TAKEN", Property: "bucket", Scope: "account (names end with the APPID), every region",
		Message: "Code=BucketAlreadyOwnedByYou, Message=Your previous request to create the named bucket succeeded and you already own it.",
		Source:  "https://intl.cloud.tencent.com/document/product/436/14106",
		key:     nameIn("account", "cos", "bucket", nil),
	}},
	"tencentcloud:Cam/role:Role": {{
		ID: "CAM-ROLE-TAKEN", Property: "name", Scope: "account",
		Message: "Code=InvalidParameter.RoleNameInUse, Message=A role with the same name already exists.",
		Source:  "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/cam/v20190116/errors.go",
		key:     nameIn("account", "cam-role", "name", nil),
	}},
	"tencentcloud:Kms/key:Key": {{
		ID: "KMS-KEY-ALIAS-TAKEN", Property: "alias", Scope: "account and region",
		Message: "Code=InvalidParameterValue.AliasAlreadyExists, Message=The alias already exists.",
		Source:  "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/kms/v20190118/errors.go",
		key:     nameIn("region", "kms-alias", "alias", nil),
	}},
	"tencentcloud:Audit/instance:Instance": {{
		ID: "AUDIT-NAME-TAKEN", Property: "name", Scope: "account",
		Message: "Code=ResourceInUse.AlreadyExistsSameAudit, Message=A tracking set with the same name already exists.",
		Source:  "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/cloudaudit/v20190319/errors.go",
		key:     nameIn("account", "audit", "name", nil),
	}},
	// The provider looks the name up before it creates a CLB and refuses
	// one that a CLB of the region holds (checkSameName).
	typeTCCLBInstance: {{
		ID: "CLB-NAME-TAKEN", Property: "clbName", Scope: "account and region",
		Message: "[CHECK][CLB instance][Create] check: Same CLB name {name} exists!",
		Source:  providerSource + "resource_tc_clb_instance.go#L335-L343",
		key:     nameIn("region", "clb-name", "clbName", nil),
	}},
	// A CLB exclusive logset is a CLS logset: the provider always names it
	// clb_logset, and its name is unique among the region's CLS logsets.
	typeTCCLBLogSet: {{
		ID: "CLS-LOGSET-TAKEN", Property: "(none: always clb_logset)", Scope: "account and region (every CLS logset)",
		Message: clsLogsetConflict,
		Source:  "https://www.tencentcloud.com/document/api/214/37821",
		key:     fixedName("region", "cls-logset", clbLogsetName),
	}},
	typeTCCLSLogset: {{
		ID: "CLS-LOGSET-TAKEN", Property: "logsetName", Scope: "account and region (every CLS logset)",
		Message: clsLogsetConflict,
		Source:  "https://www.tencentcloud.com/document/product/614/42780",
		key:     nameIn("region", "cls-logset", "logsetName", nil),
	}},
	typeTCCLBLogTopic: {{
		ID: "CLS-TOPIC-TAKEN", Property: "topicName", Scope: "logset",
		Message: clsTopicConflict,
		Source:  srcCLSErrors,
		key:     nameInLogset("logSetId"),
	}},
	typeTCCLSTopic: {{
		ID: "CLS-TOPIC-TAKEN", Property: "topicName", Scope: "logset",
		Message: clsTopicConflict,
		Source:  srcCLSErrors,
		key:     nameInLogset("logsetId"),
	}},
}

// The CLS names: a logset name is unique in the region, a topic name in
// its logset. The texts are the SDK's descriptions of the codes.
const (
	clbLogsetName     = "clb_logset"
	clsLogsetConflict = "Code=FailedOperation.LogsetConflict, Message=A logset with the same name already exists."
	clsTopicConflict  = "Code=InvalidParameter.TopicConflict, Message=The logset already has a log topic of the same name."
	srcCLSErrors      = "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/cls/v20201016/errors.go"
)

// fixedName is the key function of a name that every object of a type
// holds, whatever its inputs, unique within scope.
func fixedName(scope, space, name string) func(Env, resource.PropertyMap) (string, string, bool) {
	return func(env Env, _ resource.PropertyMap) (string, string, bool) {
		return nameIn(scope, space, "name", nil)(env, resource.PropertyMap{"name": resource.NewProperty(name)})
	}
}

// nameInLogset is the key function of a CLS topic name (topicName), unique
// within the logset that the input logset names.
func nameInLogset(logset string) func(Env, resource.PropertyMap) (string, string, bool) {
	return func(env Env, in resource.PropertyMap) (string, string, bool) {
		set, ok1 := known(in[resource.PropertyKey(logset)])
		name, ok2 := known(in["topicName"])
		if !ok1 || !ok2 || !set.IsString() || !name.IsString() {
			return "", "", false
		}
		return strings.Join([]string{env.Partition, env.Account, env.Region, "cls-topic", set.StringValue(), name.StringValue()}, "/"), name.StringValue(), true
	}
}
