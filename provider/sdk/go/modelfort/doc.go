// Secure-by-default, disaster-ready AI model serving on AWS: customer-managed KMS keys, object-locked (WORM) buckets, audit trails, locked backup vaults, Bedrock guardrails, web ACLs and incident routing.
package modelfort
