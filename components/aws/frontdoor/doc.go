// Package frontdoor provides API, the regional front door of a model
// endpoint: an API Gateway REST API (REGIONAL) whose POST /invocations and
// GET /health go, through Lambda proxy integrations, to a guarded handler
// (a guardedinvoke.Handler), which applies the Bedrock guardrail to the
// prompt and the answer and is the only caller of the SageMaker endpoint.
// The stage is guarded by a WAF web ACL (webacl.ACL), throttled, writes
// access logs to a KMS-encrypted log group, and may have a custom domain
// with TLS 1.2 at least.
//
// Callers authenticate with IAM (SigV4, the default) or with an API key
// under a usage plan that throttles each key. The health resource needs no
// authentication (Route 53's checkers cannot sign) and is answered by the
// handler, which probes the guardrail and the endpoint: it fails when the
// model does, so the health checks that drive failover follow the model,
// not the API alone. A permission for each route lets this API, on this
// stage, method and path only, invoke the handler.
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
