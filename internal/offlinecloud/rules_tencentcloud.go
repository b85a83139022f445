package offlinecloud

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The Tencent Cloud stand-in's rules: what pulumi-tencentcloud v0.1.2 (the
// bridge of terraform-provider-tencentcloud v1.76.4) refuses before it
// calls the cloud, in the provider's words, and what the Tencent Cloud APIs
// document as refused. Where neither words the refusal, the text is the
// stand-in's (docs/offline-cloud.md says which).

// Tencent Cloud resource types the rules, names and prerequisites name.
const (
	typeTCCLBInstance = "tencentcloud:Clb/instance:Instance"
	typeTCCLBLogSet   = "tencentcloud:Clb/logSet:LogSet"
	typeTCCLBLogTopic = "tencentcloud:Clb/logTopic:LogTopic"
	typeTCCLSLogset   = "tencentcloud:Cls/logset:Logset"
	typeTCCLSTopic    = "tencentcloud:Cls/topic:Topic"
	typeTCNodePool    = "tencentcloud:Kubernetes/nodePool:NodePool"
	typeTCCluster     = "tencentcloud:Kubernetes/cluster:Cluster"
	typeTCBucket      = "tencentcloud:Cos/bucket:Bucket"
	typeTCAudit       = "tencentcloud:Audit/instance:Instance"
	typeTCKMSKey      = "tencentcloud:Kms/key:Key"
	typeTCCAMRole     = "tencentcloud:Cam/role:Role"
)

// providerSource is the source of terraform-provider-tencentcloud v1.76.4,
// which pulumi-tencentcloud v0.1.2 bridges.
const providerSource = "https://github.com/tencentcloudstack/terraform-provider-tencentcloud/blob/v1.76.4/tencentcloud/"

// Sources of the Tencent Cloud rules.
const (
	srcTCCLBInstanceZones = providerSource + "resource_tc_clb_instance.go#L441-L459"
	srcTCNodePoolName     = providerSource + "resource_tc_kubernetes_node_pool.go#L362-L366"
	srcTCNodePoolDisk     = providerSource + "resource_tc_kubernetes_node_pool.go#L204-L210"
	srcTCCOSVersioning    = providerSource + "resource_tc_cos_bucket.go#L746-L755"
	srcCOSPutEncryption   = "https://www.tencentcloud.com/document/product/436/33459"
	srcCOSPutReplication  = "https://www.tencentcloud.com/document/api/436/19223"
)

// COSEncryptionAlgorithms are the server-side encryption algorithms PUT
// Bucket encryption accepts: SSE-COS (AES256) and SSE-KMS (KMS, with the
// CMK COS creates when no key is named; pulumi-tencentcloud v0.1.2 cannot
// name one).
var COSEncryptionAlgorithms = []string{"AES256", "KMS"}

// COSMultiAZStorageClasses are COS's multi-AZ storage classes, the only
// ones objects of a multi-AZ bucket may be replicated into.
var COSMultiAZStorageClasses = []string{"MAZ_STANDARD", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING"}

// Messages of the Tencent Cloud rules. Those of the provider are its own
// text; the others say in the doc whose they are.
const (
	msgNodePoolDiskLow  = `"auto_scaling_config.0.system_disk_size" cannot be lower than 50: X`
	msgCOSVersionMAZ    = "cannot create MAZ bucket unless versioning enable"
	msgCOSVersionRole   = "cannot configure role unless versioning enable"
	msgCOSVersionRule   = "cannot configure replica rule unless versioning enable"
	msgCOSReplicaMAZ    = "InvalidArgument: Objects in MAZ buckets cannot be replicated to an OAZ bucket (replicaRules[N].destinationStorageClass is X; a MAZ class is MAZ_STANDARD, MAZ_STANDARD_IA or MAZ_INTELLIGENT_TIERING)"
	msgCOSReplicaRole   = "InvalidArgument: Role must be the request initiator's identifier, qcs::cam::uin/<OwnerUin>:uin/<SubUin>; got X"
	msgCOSEncryptionAlg = "cos put bucket encryption error: InvalidArgument: SSEAlgorithm must be AES256 or KMS, got X, bucket: B"
)

var (
	// nodePoolName is what the provider documents a node pool name to be
	// made of: Chinese, English, numbers, underscores, separators and
	// decimal points.
	nodePoolName = regexp.MustCompile(`^[\p{Han}A-Za-z0-9_.\-]+$`)
	// cosInitiator is PUT Bucket replication's Role: the initiator's
	// identifier, qcs::cam::uin/<OwnerUin>:uin/<SubUin>.
	cosInitiator = regexp.MustCompile(`^qcs::cam::uin/[0-9]+:uin/[0-9]+$`)
)

// tencentRules are the values the provider and the Tencent Cloud APIs
// refuse in the inputs of the resource types modelfort creates.
var tencentRules = map[string][]Rule{
	typeTCCLBInstance: {{
		ID: "CLB-INTERNAL-ZONE", Property: "masterZoneId",
		Refuses: "a CLB of network type INTERNAL with `masterZoneId`, `zoneId` or `slaveZoneId` set (zones apply to OPEN CLBs only; the provider refuses each in its create, in this order)",
		Message: "[CHECK][CLB instance][Create] check: INTERNAL network_type do not support master zone id setting",
		Source:  srcTCCLBInstanceZones,
		check:   clbInternalZones,
	}},
	typeTCNodePool: {
		{
			ID: "TKE-NODEPOOL-NAME", Property: "name",
			Refuses: "a node pool name longer than 25 characters, or of other characters than Chinese, English letters, digits, `_`, `-` and `.` (the provider documents the limit but checks nothing; the text is the stand-in's)",
			Message: "InvalidParameter: the node pool name X is longer than 25 characters",
			Source:  srcTCNodePoolName,
			check: eachString("name", func(s string, _ []int) (string, bool) {
				switch {
				case utf8.RuneCountInString(s) > 25:
					return fmt.Sprintf("InvalidParameter: the node pool name %s is longer than 25 characters", s), true
				case !nodePoolName.MatchString(s):
					return fmt.Sprintf("InvalidParameter: the node pool name %s may contain only Chinese, English letters, digits, '_', '-' and '.'", s), true
				}
				return "", false
			}),
		},
		{
			ID: "TKE-NODEPOOL-DISK", Property: "autoScalingConfig.systemDiskSize",
			Refuses: "a system disk outside 50 to 500 GB (the provider's validator, in its words)",
			Message: msgNodePoolDiskLow,
			Source:  srcTCNodePoolDisk,
			check: eachNumber("autoScalingConfig.systemDiskSize", func(n float64, _ []int) (string, bool) {
				const key = `"auto_scaling_config.0.system_disk_size"`
				switch {
				case n < 50:
					return fmt.Sprintf("%s cannot be lower than 50: %d", key, int64(n)), true
				case n > 500:
					return fmt.Sprintf("%s cannot be higher than 500: %d", key, int64(n)), true
				}
				return "", false
			}),
		},
	},
	typeTCBucket: {
		{
			ID: "COS-ENCRYPTION-ALGORITHM", Property: "encryptionAlgorithm",
			Refuses: "a server-side encryption algorithm other than `AES256` (SSE-COS) or `KMS` (SSE-KMS); empty removes encryption and is allowed (the provider sends the value to PUT Bucket encryption unchecked; its wrapper is the provider's, the COS error inside the stand-in's)",
			Message: msgCOSEncryptionAlg,
			Source:  srcCOSPutEncryption,
			check:   cosEncryptionAlgorithm,
		},
		{
			ID: "COS-VERSIONING-REQUIRED", Property: "versioningEnable",
			Refuses: "a bucket with `replicaRole`, `replicaRules` or `multiAz` whose versioning is not enabled (the provider's create refuses it)",
			Message: msgCOSVersionMAZ,
			Source:  srcTCCOSVersioning,
			check:   cosVersioningRequired,
		},
		{
			ID: "COS-REPLICA-ROLE", Property: "replicaRole",
			Refuses: "a replication role that is not the request initiator's identifier `qcs::cam::uin/<OwnerUin>:uin/<SubUin>`, such as a role `qcs::cam::uin/<OwnerUin>:roleName/<Name>` (the format is PUT Bucket replication's; the text is the stand-in's)",
			Message: msgCOSReplicaRole,
			Source:  srcCOSPutReplication,
			check: eachString("replicaRole", func(s string, _ []int) (string, bool) {
				return strings.Replace(msgCOSReplicaRole, "got X", "got "+s, 1), s != "" && !cosInitiator.MatchString(s)
			}),
		},
		{
			ID: "COS-REPLICA-MAZ", Property: "replicaRules[].destinationStorageClass",
			Refuses: "a multi-AZ bucket (`multiAz`) replicating into a storage class that is not multi-AZ (`MAZ_STANDARD`, `MAZ_STANDARD_IA`, `MAZ_INTELLIGENT_TIERING`): \"Objects in MAZ buckets cannot be replicated to an OAZ bucket\" (the API reference's note; the code is the stand-in's). A rule without a class takes the destination bucket's",
			Message: msgCOSReplicaMAZ,
			Source:  srcCOSPutReplication,
			check:   cosReplicaMAZ,
		},
	},
}

// clbInternalZones refuses zone settings on an INTERNAL CLB, as the
// provider's create does.
func clbInternalZones(in resource.PropertyMap) []violation {
	nt, ok := known(in["networkType"])
	if !ok || !nt.IsString() || nt.StringValue() != "INTERNAL" {
		return nil
	}
	var out []violation
	for _, f := range []struct{ property, words string }{
		{"masterZoneId", "master zone id"}, {"zoneId", "zone id"}, {"slaveZoneId", "slave zone id"},
	} {
		if v, ok := known(in[resource.PropertyKey(f.property)]); ok && v.IsString() && v.StringValue() != "" {
			out = append(out, violation{f.property, "[CHECK][CLB instance][Create] check: INTERNAL network_type do not support " + f.words + " setting"})
		}
	}
	return out
}

// cosEncryptionAlgorithm refuses an algorithm PUT Bucket encryption does
// not accept, with the provider's wrapper of the error.
func cosEncryptionAlgorithm(in resource.PropertyMap) []violation {
	v, ok := known(in["encryptionAlgorithm"])
	if !ok || !v.IsString() || v.StringValue() == "" {
		return nil
	}
	for _, a := range COSEncryptionAlgorithms {
		if v.StringValue() == a {
			return nil
		}
	}
	bucket := ""
	if b, ok := known(in["bucket"]); ok && b.IsString() {
		bucket = b.StringValue()
	}
	msg := strings.NewReplacer("got X", "got "+v.StringValue(), "bucket: B", "bucket: "+bucket).Replace(msgCOSEncryptionAlg)
	return []violation{{"encryptionAlgorithm", msg}}
}

// cosVersioningRequired refuses replication or multi-AZ on a bucket
// without versioning, in the order and words of the provider's create.
func cosVersioningRequired(in resource.PropertyMap) []violation {
	if raw, present := in["versioningEnable"]; present {
		v, ok := known(raw)
		if !ok && !raw.IsNull() {
			return nil // not known yet
		}
		if ok && v.IsBool() && v.BoolValue() {
			return nil
		}
	}
	var out []violation
	role, roleOK := known(in["replicaRole"])
	rules, rulesOK := known(in["replicaRules"])
	switch {
	case roleOK && role.IsString() && role.StringValue() != "":
		out = append(out, violation{"versioningEnable", msgCOSVersionRole})
	case rulesOK && rules.IsArray() && len(rules.ArrayValue()) > 0:
		out = append(out, violation{"versioningEnable", msgCOSVersionRule})
	}
	if maz, ok := known(in["multiAz"]); ok && maz.IsBool() && maz.BoolValue() {
		out = append(out, violation{"versioningEnable", msgCOSVersionMAZ})
	}
	return out
}

// cosReplicaMAZ refuses a multi-AZ bucket's replication into a storage
// class that is not multi-AZ.
func cosReplicaMAZ(in resource.PropertyMap) []violation {
	maz, ok := known(in["multiAz"])
	if !ok || !maz.IsBool() || !maz.BoolValue() {
		return nil
	}
	var out []violation
	for _, a := range lookup(in, "replicaRules[].destinationStorageClass") {
		if !a.v.IsString() || a.v.StringValue() == "" || strings.HasPrefix(a.v.StringValue(), "MAZ_") {
			continue
		}
		msg := strings.NewReplacer("[N]", fmt.Sprintf("[%d]", a.indices[0]), "is X", "is "+a.v.StringValue()).Replace(msgCOSReplicaMAZ)
		out = append(out, violation{a.path, msg})
	}
	return out
}
