// Package modelendpoint provides Endpoint, a private SageMaker
// real-time endpoint for a large model (for example a distilled
// DeepSeek-R1 served by a large-model-inference container): the model reads
// its artifact from a WORM bucket prefix, runs in private subnets of at
// least two availability zones under the endpoint tier's security group
// with network isolation, on at least two instances by default, with its
// storage encrypted with a customer-managed key, auto scaling on
// invocations, and alarms that notify an encrypted SNS topic.
//
// A sample of the requests and answers (10% by default) is captured into
// a capturebucket.Bucket, the endpoint's own unless one is given, never
// into the artifact bucket, which the endpoint only reads: captured data is
// personal data that must expire and stay erasable, which a write-once
// bucket forbids. The execution role may write only under the capture
// prefix, with the capture bucket's key.
//
// The 5XX and latency alarms are single-metric, standard-resolution
// alarms over one-minute periods that fire after three bad periods in a
// row (AlarmDetection), so that a Route 53 health check can watch them
// (CLOUDWATCH_METRIC) and fail the region over.
//
// Instance types with local NVMe storage (g4dn, g5, g6, p4d, p5, ...) are
// a special case: AWS encrypts their instance storage with a hardware key
// and refuses a KMS key for it, so such a type needs the explicit
// Args.InstanceStorage, and the endpoint configuration then has no KMS key.
package modelendpoint
