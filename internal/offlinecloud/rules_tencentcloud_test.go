package offlinecloud

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func clb(networkType string, zones map[string]any) map[string]any {
	in := map[string]any{"clbName": "serving", "networkType": networkType, "vpcId": "vpc-1", "subnetId": "subnet-1"}
	for k, v := range zones {
		in[k] = v
	}
	return in
}

func nodePool(name string, disk int) map[string]any {
	return map[string]any{"name": name, "clusterId": "cls-1", "maxSize": 3, "minSize": 1, "vpcId": "vpc-1",
		"autoScalingConfig": map[string]any{"instanceType": "S5.MEDIUM4", "systemDiskSize": disk}}
}

func cosBucket(extra map[string]any) map[string]any {
	in := map[string]any{"bucket": "models-1250000000", "acl": "private", "versioningEnable": true}
	for k, v := range extra {
		if v == nil {
			delete(in, k)
			continue
		}
		in[k] = v
	}
	return in
}

func replicated(class string) map[string]any {
	return cosBucket(map[string]any{
		"multiAz":     true,
		"replicaRole": "qcs::cam::uin/100000000001:uin/100000000001",
		"replicaRules": []any{map[string]any{"status": "Enabled", "prefix": "",
			"destinationBucket": "qcs::cos:ap-shanghai::models-replica-1250000000", "destinationStorageClass": class}},
	})
}

// tcCreate creates a Tencent Cloud resource in a prerequisite's setup.
func tcCreate(t *testing.T, a *Account, region, typ, name string, in map[string]any) string {
	t.Helper()
	id, _, err := TencentCloud.CreateIn(a, TencentEnv(region), typ, urnOf("dev", typ, name), inputs(in), false)
	if err != nil {
		t.Fatalf("creating %s %s: %v", typ, name, err)
	}
	return id
}

// role creates the service role a prerequisite asks for.
func role(name string) func(t *testing.T, a *Account) {
	return func(t *testing.T, a *Account) {
		tcCreate(t, a, "ap-guangzhou", typeTCCAMRole, name, map[string]any{"name": name, "document": `{"version":"2.0"}`})
	}
}

func missingRole(name string) Settings {
	return Settings{Tencent: TencentSettings{MissingServiceRoles: []string{name}}}
}

func inactive(service string) Settings {
	return Settings{Tencent: TencentSettings{InactiveServices: []string{service}}}
}

// The Tencent Cloud rules join the cases of TestRulesRefuseAndAccept,
// TestUniqueNamesAreClaimedAndReleased and TestPrerequisitesRefuseAndAccept:
// each has a refused and an accepted case.
func init() {
	ruleCases = append(ruleCases,
		ruleCase{"CLB-INTERNAL-ZONE", typeTCCLBInstance, clb("INTERNAL", map[string]any{"masterZoneId": "ap-guangzhou-3"}), clb("OPEN", map[string]any{"masterZoneId": "ap-guangzhou-3", "slaveZoneId": "ap-guangzhou-4"}),
			"[CHECK][CLB instance][Create] check: INTERNAL network_type do not support master zone id setting"},
		ruleCase{"CLB-INTERNAL-ZONE", typeTCCLBInstance, clb("INTERNAL", map[string]any{"slaveZoneId": "ap-guangzhou-4"}), clb("INTERNAL", map[string]any{"masterZoneId": ""}),
			"INTERNAL network_type do not support slave zone id setting"},
		ruleCase{"CLB-INTERNAL-ZONE", typeTCCLBInstance, clb("INTERNAL", map[string]any{"zoneId": "ap-guangzhou-3"}), clb("INTERNAL", nil),
			"INTERNAL network_type do not support zone id setting"},
		ruleCase{"TKE-NODEPOOL-NAME", typeTCNodePool, nodePool("modelfort-staging-serving-gpu", 50), nodePool("modelfort-staging-serving", 50),
			"the node pool name modelfort-staging-serving-gpu is longer than 25 characters"},
		ruleCase{"TKE-NODEPOOL-NAME", typeTCNodePool, nodePool("serving/gpu", 50), nodePool("推理_serving-1.2", 50),
			"may contain only Chinese, English letters, digits"},
		ruleCase{"TKE-NODEPOOL-DISK", typeTCNodePool, nodePool("serving", 20), nodePool("serving", 50),
			`"auto_scaling_config.0.system_disk_size" cannot be lower than 50: 20`},
		ruleCase{"TKE-NODEPOOL-DISK", typeTCNodePool, nodePool("serving", 501), nodePool("serving", 500),
			`"auto_scaling_config.0.system_disk_size" cannot be higher than 500: 501`},
		ruleCase{"COS-ENCRYPTION-ALGORITHM", typeTCBucket, cosBucket(map[string]any{"encryptionAlgorithm": "SM4"}), cosBucket(map[string]any{"encryptionAlgorithm": "KMS"}),
			"cos put bucket encryption error: InvalidArgument: SSEAlgorithm must be AES256 or KMS, got SM4, bucket: models-1250000000"},
		ruleCase{"COS-ENCRYPTION-ALGORITHM", typeTCBucket, cosBucket(map[string]any{"encryptionAlgorithm": "aes256"}), cosBucket(map[string]any{"encryptionAlgorithm": "AES256"}),
			"got aes256"},
		ruleCase{"COS-VERSIONING-REQUIRED", typeTCBucket, cosBucket(map[string]any{"versioningEnable": nil, "multiAz": true}), cosBucket(map[string]any{"multiAz": true}),
			"cannot create MAZ bucket unless versioning enable"},
		ruleCase{"COS-VERSIONING-REQUIRED", typeTCBucket, cosBucket(map[string]any{"versioningEnable": false, "replicaRole": "qcs::cam::uin/1:uin/1"}), cosBucket(map[string]any{"versioningEnable": false}),
			"cannot configure role unless versioning enable"},
		ruleCase{"COS-REPLICA-ROLE", typeTCBucket, cosBucket(map[string]any{"replicaRole": "qcs::cam::uin/100000000001:roleName/modelfort-cos-replication-models"}), replicated("MAZ_STANDARD"),
			"InvalidArgument: Role must be the request initiator's identifier, qcs::cam::uin/<OwnerUin>:uin/<SubUin>; got qcs::cam::uin/100000000001:roleName/modelfort-cos-replication-models"},
		ruleCase{"COS-REPLICA-MAZ", typeTCBucket, replicated("STANDARD"), replicated("MAZ_STANDARD_IA"),
			"InvalidArgument: Objects in MAZ buckets cannot be replicated to an OAZ bucket (replicaRules[0].destinationStorageClass is STANDARD;"},
		ruleCase{"COS-REPLICA-MAZ", typeTCBucket, replicated("INTELLIGENT_TIERING"), cosBucket(map[string]any{"replicaRules": []any{map[string]any{"status": "Enabled", "destinationBucket": "qcs::cos:ap-shanghai::r-1250000000", "destinationStorageClass": "STANDARD"}}}),
			"is INTELLIGENT_TIERING"},
	)
	uniqueCases = append(uniqueCases,
		uniqueCase{"CLB-NAME-TAKEN", typeTCCLBInstance, TencentCloud, TencentEnv("ap-guangzhou"), clb("INTERNAL", nil),
			"[CHECK][CLB instance][Create] check: Same CLB name serving exists!"},
		uniqueCase{"CLS-LOGSET-TAKEN", typeTCCLBLogSet, TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"period": 7},
			"Code=FailedOperation.LogsetConflict, Message=A logset with the same name already exists."},
		uniqueCase{"CLS-LOGSET-TAKEN", typeTCCLSLogset, TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"logsetName": "modelfort"},
			"Code=FailedOperation.LogsetConflict"},
		uniqueCase{"CLS-TOPIC-TAKEN", typeTCCLBLogTopic, TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"logSetId": "ls-1", "topicName": "clb-serving"},
			"Code=InvalidParameter.TopicConflict, Message=The logset already has a log topic of the same name."},
		uniqueCase{"CLS-TOPIC-TAKEN", typeTCCLSTopic, TencentCloud, TencentEnv("ap-guangzhou"), map[string]any{"logsetId": "ls-1", "topicName": "audit"},
			"Code=InvalidParameter.TopicConflict"},
	)
	prereqCases = append(prereqCases,
		prereqCase{
			rule: "AUDIT-REGION", typ: typeTCAudit, region: "ap-shanghai", afterRegion: "ap-guangzhou",
			in:    map[string]any{"name": "modelfort", "cosBucket": "audit", "cosRegion": "ap-guangzhou", "logFilePrefix": "cloudaudit", "auditSwitch": true, "readWriteAttribute": 3},
			setup: func(*testing.T, *Account) {},
			want:  "Code=UnsupportedRegion, Message=API does not support the requested region.",
		},
		prereqCase{
			rule: "AUDIT-SERVICE-ROLE", typ: typeTCAudit, settings: missingRole(RoleCloudAudit),
			in:    map[string]any{"name": "modelfort", "cosBucket": "audit", "cosRegion": "ap-guangzhou", "logFilePrefix": "cloudaudit", "auditSwitch": true, "readWriteAttribute": 3},
			setup: role(RoleCloudAudit),
			want:  "Code=ResourceNotFound.RoleNotExist, Message=The role does not exist. (CloudAudit_QCSRole)",
		},
		prereqCase{
			rule: "TKE-SERVICE-ROLE", typ: typeTCCluster, settings: missingRole(RoleTKE),
			in:    map[string]any{"vpcId": "vpc-1", "clusterCidr": "172.16.0.0/16", "clusterName": "serving"},
			setup: role(RoleTKE),
			want:  "Code=InternalError.CamNoAuth, Message=No permission. (the account has not authorized the TKE service role TKE_QCSRole)",
		},
		prereqCase{
			rule: "COS-LOG-SERVICE-ROLE", typ: typeTCBucket, settings: missingRole(RoleCLS),
			in:    cosBucket(map[string]any{"logEnable": true, "logTargetBucket": "logs-1250000000", "logPrefix": "access/"}),
			setup: role(RoleCLS),
			want:  "cos enable log error: AccessDenied: the account has not authorized the service role CLS_QcsRole, through which COS delivers access logs, bucket: models-1250000000",
		},
		prereqCase{
			rule: "COS-SSE-KMS-ACTIVATED", typ: typeTCBucket, settings: inactive(ServiceKMS),
			in:    cosBucket(map[string]any{"encryptionAlgorithm": "KMS"}),
			setup: func(*testing.T, *Account) {}, afterSettings: &Settings{},
			want: "cos put bucket encryption error: KMS is not activated in this account, and SSE-KMS encrypts with a KMS key, bucket: models-1250000000",
		},
		prereqCase{
			rule: "KMS-ACTIVATED", typ: typeTCKMSKey, settings: inactive(ServiceKMS),
			in:    map[string]any{"alias": "modelfort-data", "keyUsage": "ENCRYPT_DECRYPT"},
			setup: func(*testing.T, *Account) {}, afterSettings: &Settings{},
			want: "KMS is not activated in this account",
		},
	)
	for _, typ := range []string{typeTCCLBLogSet, typeTCCLBLogTopic, typeTCCLSLogset, typeTCCLSTopic, typeTCCLBInstance} {
		in := map[string]any{"period": 7}
		switch typ {
		case typeTCCLBLogTopic:
			in = map[string]any{"logSetId": "ls-1", "topicName": "clb"}
		case typeTCCLSLogset:
			in = map[string]any{"logsetName": "modelfort"}
		case typeTCCLSTopic:
			in = map[string]any{"logsetId": "ls-1", "topicName": "audit"}
		case typeTCCLBInstance:
			in = clb("INTERNAL", map[string]any{"logSetId": "ls-1", "logTopicId": "topic-1"})
		}
		prereqCases = append(prereqCases, prereqCase{
			rule: "CLS-ACTIVATED", typ: typ, settings: inactive(ServiceCLS), in: in,
			setup: func(*testing.T, *Account) {}, afterSettings: &Settings{},
			want: "CLS is not activated in this account",
		})
	}
}

// TestTencentPrerequisitesHoldInTheDefaultAccount: the default offline
// account (Settings{}) has every service role and service, so the stacks'
// resources pass; settings that take one away refuse only what needs it.
func TestTencentPrerequisitesHoldInTheDefaultAccount(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	for i, c := range []struct {
		typ string
		in  map[string]any
	}{
		{typeTCCluster, map[string]any{"vpcId": "vpc-1", "clusterCidr": "172.16.0.0/16"}},
		{typeTCBucket, cosBucket(map[string]any{"logEnable": true, "encryptionAlgorithm": "KMS"})},
		{typeTCKMSKey, map[string]any{"alias": "k"}},
		{typeTCCLBLogSet, map[string]any{"period": 7}},
		{typeTCAudit, map[string]any{"name": "modelfort"}},
	} {
		if _, _, err := TencentCloud.CreateIn(a, TencentEnv("ap-guangzhou"), c.typ, urnOf("dev", c.typ, strings.Repeat("x", i+1)), inputs(c.in), false); err != nil {
			t.Errorf("%s: %v", c.typ, err)
		}
	}
	// Without CLS_QcsRole, a bucket that does not log and a CLB without
	// access logs are still accepted; without KMS, an AES256 bucket is.
	b := NewMemoryAccount(Settings{Tencent: TencentSettings{MissingServiceRoles: []string{RoleCLS}, InactiveServices: []string{ServiceKMS, ServiceCLS}}})
	for i, c := range []struct {
		typ string
		in  map[string]any
	}{
		{typeTCBucket, cosBucket(map[string]any{"encryptionAlgorithm": "AES256"})},
		{typeTCCLBInstance, clb("INTERNAL", nil)},
	} {
		if _, _, err := TencentCloud.CreateIn(b, TencentEnv("ap-guangzhou"), c.typ, urnOf("dev", c.typ, strings.Repeat("y", i+1)), inputs(c.in), false); err != nil {
			t.Errorf("%s: %v", c.typ, err)
		}
	}
}

// TestTencentNamesFollowTheirScope: a CLB exclusive logset holds the CLS
// logset name clb_logset, which a CLS logset of that name then cannot
// take, in its region only; topic names are unique per logset.
func TestTencentNamesFollowTheirScope(t *testing.T) {
	a := NewMemoryAccount(Settings{})
	create := func(region, typ, name string, in map[string]any) error {
		_, _, err := TencentCloud.CreateIn(a, TencentEnv(region), typ, urnOf("dev", typ, name), inputs(in), false)
		return err
	}
	if err := create("ap-guangzhou", typeTCCLBLogSet, "clb", map[string]any{"period": 7}); err != nil {
		t.Fatal(err)
	}
	if err := create("ap-guangzhou", typeTCCLSLogset, "named", map[string]any{"logsetName": clbLogsetName}); err == nil || !strings.Contains(err.Error(), "LogsetConflict") {
		t.Errorf("a CLS logset named clb_logset beside the CLB logset: %v", err)
	}
	if err := create("ap-shanghai", typeTCCLBLogSet, "clb-sh", map[string]any{"period": 7}); err != nil {
		t.Errorf("a logset name is unique per region: %v", err)
	}
	if err := create("ap-guangzhou", typeTCCLSTopic, "t1", map[string]any{"logsetId": "ls-1", "topicName": "t"}); err != nil {
		t.Fatal(err)
	}
	if err := create("ap-guangzhou", typeTCCLSTopic, "t2", map[string]any{"logsetId": "ls-2", "topicName": "t"}); err != nil {
		t.Errorf("a topic name is unique per logset: %v", err)
	}
	if err := create("ap-shanghai", typeTCCLBInstance, "clb", clb("INTERNAL", nil)); err != nil {
		t.Errorf("a CLB name is unique per region: %v", err)
	}
}

// TestTencentRulesSkipUnknownValues: values not known yet are not refused.
func TestTencentRulesSkipUnknownValues(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewProperty(""))
	for typ, in := range map[string]resource.PropertyMap{
		typeTCCLBInstance: {"networkType": unknown, "masterZoneId": resource.NewProperty("ap-guangzhou-3")},
		typeTCNodePool:    {"name": unknown, "autoScalingConfig": unknown},
		typeTCBucket: {"versioningEnable": unknown, "multiAz": resource.NewProperty(true), "replicaRole": unknown,
			"encryptionAlgorithm": unknown},
	} {
		if got := TencentCloud.Refusals(typ, in); len(got) > 0 {
			t.Errorf("%s: refused what is not known: %v", typ, got)
		}
	}
}
