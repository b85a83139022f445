// Package protection provides Protection, the account-level safeguards a
// Tencent Cloud deployment turns on where the provider offers them, each
// behind a switch: a CloudAudit tracker that records every management
// event (reads and writes) into a replicated COS bucket, encrypted with a
// KMS key, and Anti-DDoS protection policies for Anti-DDoS Advanced or Pro
// instances.
//
// Audit is on unless DisableAudit is set; it needs AuditBucket, a
// replicatedbucket.Bucket in the component's region (CloudAudit demands
// that the key be in the bucket's region), and a provider of ap-guangzhou
// for the tracker (AuditProvider, by default the component's): CloudAudit's
// API serves that region only. The provider's create returns no error when
// CloudAudit refuses the tracker (terraform-provider-tencentcloud v1.76.4,
// resource_tc_audit.go lines 148-150), so the component checks the region
// before it registers anything. Anti-DDoS is off unless
// AntiDDoS names instances: the provider cannot buy an Anti-DDoS instance,
// it can only apply a policy to one that exists.
//
// Provider gaps (pulumi-tencentcloud v0.1.2): a KMS key cannot be shared
// with CloudAudit by a key policy (Tencent Cloud KMS has none); CloudAudit
// uses the key through its service role, which the account authorizes
// once in the CloudAudit console. Anti-DDoS Basic, which protects every
// public address for free, has no settings in the provider; the serving
// path here has no public address anyway.
package protection
