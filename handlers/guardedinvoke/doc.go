// Package guardedinvoke is the Lambda function that stands between API
// Gateway and a SageMaker endpoint serving a model with LMI (vLLM). It
// guards every invocation with a pinned, published Bedrock guardrail
// version, and serves the health route that Route 53 probes so that DNS
// failover follows the model, not merely the function.
//
// # The request path
//
// POST /invocations takes the LMI request {"inputs": "<prompt>",
// "parameters": {...}} and, in order:
//
//  1. refuses a body larger than Config.MaxBodyBytes (413 body_too_large),
//     one that is not a JSON object with a string inputs and an object
//     parameters (400 bad_request), and one whose parameters.max_new_tokens
//     exceeds Config.MaxNewTokens (400 max_new_tokens_too_large). A request
//     that does not set max_new_tokens is given Config.MaxNewTokens, so
//     that no request runs past the timeout the stack sized for it;
//     max_tokens and max_length, which some model servers read as the same
//     limit, are refused, as are top-level fields other than inputs and
//     parameters;
//  2. applies the guardrail to the prompt (source INPUT). If it intervenes
//     only to anonymize personal information, the anonymized prompt goes
//     on; any other intervention answers 400 prompt_blocked with the
//     guardrail's blocked message;
//  3. invokes the endpoint with a request the handler builds itself (so
//     the model sees exactly what the guardrail saw), under a deadline of
//     Config.InvokeTimeout, and reads {"generated_text": ...} or
//     [{"generated_text": ...}];
//  4. applies the guardrail to the answer (source OUTPUT): a block answers
//     400 answer_blocked with the blocked message, an anonymization
//     returns the anonymized text;
//  5. answers 200 {"generated_text": ..., "guardrail": {"prompt": ...,
//     "answer": ...}}, where each outcome is NONE or ANONYMIZED.
//
// # Failing closed
//
// No text reaches the model or the caller unguarded. A guardrail that
// cannot be reached, or whose answer cannot be read, answers 503
// guardrail_unavailable. A model container error answers 502 model_error,
// throttling or an endpoint that cannot serve answers 503
// endpoint_unavailable, a passed deadline answers 504 model_timeout, and
// any other endpoint failure answers 502 endpoint_error. Answers carry a
// short fixed message, never an internal error's text; details go to the
// log (JSON on standard error), which never holds a prompt or an answer.
//
// # Health
//
// GET /health applies the guardrail to a fixed benign text and asks the
// endpoint for one token, together, within min(Config.InvokeTimeout, 1.8s): Route 53 wants an answer within 2 s.
// Both answering is 200 {"status": "ok", ...}; otherwise 503 {"status":
// "unhealthy", "reason": "guardrail" | "endpoint" | "timeout", ...}. A warm
// instance reuses a result for Config.HealthCacheTTL, so that Route 53's
// many checkers do not multiply model calls.
//
// Package main in the bootstrap directory reads the Config from the
// environment (see ConfigFromEnv) and starts the function.
package guardedinvoke
