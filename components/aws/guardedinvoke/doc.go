// Package guardedinvoke provides Handler, the Lambda function that sits
// between a front door (frontdoor.API) and a SageMaker model endpoint, so
// that no prompt reaches the model and no answer reaches the caller
// without passing a Bedrock guardrail. It answers API Gateway proxy
// requests: POST /invocations applies the guardrail to the prompt, invokes
// the endpoint and applies the guardrail to the answer; GET /health probes
// the guardrail and the endpoint. The code is the handler of package
// handlers/guardedinvoke, built for linux/arm64 (provided.al2023, on
// Graviton) when the program runs, unless Args.Code gives a package.
//
// The function runs in the private VPC's subnets, in a security group
// tier of its own, and reaches Bedrock and SageMaker runtime through the
// VPC's interface endpoints. Its role may apply that one guardrail and
// invoke that one endpoint, each only through its VPC endpoint
// (aws:SourceVpce), so that the role's credentials are worth nothing
// outside the VPC; beyond that it may write its own logs, traces and
// network interfaces and decrypt its environment. It pins a published
// guardrail version: a DRAFT can change under a running stack and is
// refused.
//
// The environment, which names the endpoint and the guardrail, is
// encrypted with a customer-managed key, which also encrypts the log
// group the function writes JSON logs to; X-Ray tracing is on. The
// function's timeout defaults to API Gateway's integration timeout, and
// the endpoint's invocation is given that less the time the guardrail
// calls need.
//
// The permission that lets an API invoke the function belongs to the
// front door, which knows the API and the routes.
package guardedinvoke
