// Package instancestorage knows which SageMaker ML instance types carry
// local NVMe storage. AWS encrypts that storage with a hardware key and
// refuses a KMS key for an endpoint that uses such a type, so both the
// model endpoint component and the policy pack must tell them apart.
package instancestorage

import (
	"regexp"
	"slices"
)

// NVMeFamilies are the instance families with local NVMe storage.
var NVMeFamilies = []string{"c5d", "c6id", "g4dn", "g5", "g6", "g6e", "inf2", "m5d", "m6id", "p3dn", "p4d", "p4de", "p5", "p5e", "r5d", "r6id", "trn1"}

var mlType = regexp.MustCompile(`^ml\.([a-z0-9]+)\.[a-z0-9]+$`)

// Family returns the family of an ML instance type ("g5" of
// "ml.g5.2xlarge"), or false if it is not one.
func Family(instanceType string) (string, bool) {
	m := mlType.FindStringSubmatch(instanceType)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// HasNVMe reports whether an ML instance type has local NVMe storage.
func HasNVMe(instanceType string) bool {
	f, ok := Family(instanceType)
	return ok && slices.Contains(NVMeFamilies, f)
}
