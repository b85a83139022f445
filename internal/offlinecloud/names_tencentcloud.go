package offlinecloud

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
}
