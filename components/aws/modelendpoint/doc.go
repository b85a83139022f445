// Package modelendpoint provides Endpoint, a private SageMaker
// real-time endpoint for a large model (for example a distilled
// DeepSeek-R1 served by a large-model-inference container): the model reads
// its artifact from a WORM bucket prefix, runs in private subnets of at
// least two availability zones under the endpoint tier's security group
// with network isolation, on at least two instances by default, with its
// storage and captured requests encrypted with customer-managed keys, auto
// scaling on invocations, and alarms that notify an encrypted SNS topic.
//
// Instance types with local NVMe storage (g4dn, g5, g6, p4d, p5, ...) are
// a special case: AWS encrypts their instance storage with a hardware key
// and refuses a KMS key for it, so such a type needs the explicit
// Args.InstanceStorage, and the endpoint configuration then has no KMS key.
package modelendpoint
