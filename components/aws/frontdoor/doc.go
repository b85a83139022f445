// Package frontdoor provides API, the regional front door of a
// SageMaker model endpoint: an API Gateway REST API (REGIONAL) whose
// POST /invocations calls SageMaker runtime InvokeEndpoint through an AWS
// integration and a role that may invoke that one endpoint and nothing
// else, guarded by a WAF web ACL (webacl.ACL), throttled, with access
// logs in a KMS-encrypted log group, a GET /health resource for Route 53
// health checks, and optionally a custom domain with TLS 1.2 at least.
//
// Callers authenticate with IAM (SigV4, the default) or with an API key
// under a usage plan that throttles each key. The health resource answers
// 200 from a mock integration without authentication: it touches nothing
// behind the API.
//
// Access logs carry no request or response bodies, and execution logging
// is off: API Gateway would write it to a log group of its own, which is
// not encrypted with a customer-managed key. API Gateway writes access
// logs through a role set in the region's API Gateway account settings, a
// per-account, per-region singleton; ManageAccountLogging creates that
// role and setting where no one else manages them.
//
// The execute-api endpoint stays enabled: it is how a Route 53 health
// check reaches one region's API when a failover name points at both.
package frontdoor
