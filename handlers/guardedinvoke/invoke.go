package guardedinvoke

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	bedrocktypes "github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/aws-sdk-go-v2/service/sagemakerruntime"
	"github.com/aws/aws-sdk-go-v2/service/sagemakerruntime/types"
	"github.com/aws/smithy-go"
)

// EndpointClient invokes a SageMaker endpoint. *sagemakerruntime.Client
// satisfies it.
type EndpointClient interface {
	InvokeEndpoint(ctx context.Context, params *sagemakerruntime.InvokeEndpointInput, optFns ...func(*sagemakerruntime.Options)) (*sagemakerruntime.InvokeEndpointOutput, error)
}

// Parameters a request may not set, because the model server reads them
// as another name for the generation limit; max_new_tokens is the one
// name, and it is capped.
var refusedParameters = []string{"max_tokens", "max_length"}

// modelRequest is the LMI/vLLM request the endpoint receives. The handler
// builds it anew, so the model sees exactly the prompt the guardrail saw.
type modelRequest struct {
	Inputs     string                     `json:"inputs"`
	Parameters map[string]json.RawMessage `json:"parameters"`
}

// invoke answers POST /invocations.
func (h *Handler) invoke(ctx context.Context, log *slog.Logger, req events.APIGatewayProxyRequest) reply {
	body, refusal, ok := h.readBody(req)
	if !ok {
		return refusal
	}
	mreq, refusal, ok := h.parseRequest(body)
	if !ok {
		return refusal
	}

	prompt, err := h.guard(ctx, bedrocktypes.GuardrailContentSourceInput, mreq.Inputs)
	if err != nil {
		log.Error("the guardrail could not check the prompt", "err", err)
		return fail(http.StatusServiceUnavailable, "guardrail_unavailable", "")
	}
	logVerdict(log, "prompt", prompt)
	if prompt.outcome == blocked {
		return fail(http.StatusBadRequest, "prompt_blocked", prompt.text)
	}
	mreq.Inputs = prompt.text

	payload, err := json.Marshal(mreq)
	if err != nil {
		log.Error("the model request could not be encoded", "err", err)
		return fail(http.StatusInternalServerError, "internal_error", "")
	}
	generated, err := h.generate(ctx, payload)
	if err != nil {
		res := endpointFailure(ctx, err)
		logEndpointError(log, "the endpoint did not answer", err)
		return res
	}

	answer := verdict{outcome: passed}
	// An empty answer holds nothing to guard (and a guardrail refuses
	// empty text).
	if generated != "" {
		answer, err = h.guard(ctx, bedrocktypes.GuardrailContentSourceOutput, generated)
		if err != nil {
			log.Error("the guardrail could not check the answer", "err", err)
			return fail(http.StatusServiceUnavailable, "guardrail_unavailable", "")
		}
		logVerdict(log, "answer", answer)
		if answer.outcome == blocked {
			return fail(http.StatusBadRequest, "answer_blocked", answer.text)
		}
	}
	return reply{status: http.StatusOK, body: successBody{
		GeneratedText: answer.text,
		Guardrail:     guardrailOutcomes{Prompt: prompt.outcome.String(), Answer: answer.outcome.String()},
	}}
}

// successBody is the JSON of a guarded answer.
type successBody struct {
	GeneratedText string            `json:"generated_text"`
	Guardrail     guardrailOutcomes `json:"guardrail"`
}

// guardrailOutcomes says what the guardrail did to the prompt and to the
// answer: NONE or ANONYMIZED.
type guardrailOutcomes struct {
	Prompt string `json:"prompt"`
	Answer string `json:"answer"`
}

// readBody returns the request body, base64-decoded if API Gateway encoded
// it, or the refusal of a body that is too large or badly encoded.
func (h *Handler) readBody(req events.APIGatewayProxyRequest) ([]byte, reply, bool) {
	limit := h.cfg.MaxBodyBytes
	tooLarge := reply{status: http.StatusRequestEntityTooLarge, body: errorBody{Error: "body_too_large", Limit: limit}}
	if !req.IsBase64Encoded {
		if len(req.Body) > limit {
			return nil, tooLarge, false
		}
		return []byte(req.Body), reply{}, true
	}
	// Refuse an encoding that must decode to too many bytes before
	// decoding it.
	if len(req.Body) > base64.StdEncoding.EncodedLen(limit) {
		return nil, tooLarge, false
	}
	body, err := base64.StdEncoding.DecodeString(req.Body)
	if err != nil {
		return nil, fail(http.StatusBadRequest, "bad_request", "The body is marked base64 but is not valid base64."), false
	}
	if len(body) > limit {
		return nil, tooLarge, false
	}
	return body, reply{}, true
}

// parseRequest reads an LMI request, caps its generation limit and
// returns it, or the refusal of a request that is malformed or asks for
// too many tokens.
func (h *Handler) parseRequest(body []byte) (modelRequest, reply, bool) {
	bad := func(message string) (modelRequest, reply, bool) {
		return modelRequest{}, fail(http.StatusBadRequest, "bad_request", message), false
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return bad("The body must be a JSON object.")
	}
	for k := range top {
		if k != "inputs" && k != "parameters" {
			return bad(fmt.Sprintf("The body may hold only inputs and parameters, not %q.", k))
		}
	}
	var req modelRequest
	raw, ok := top["inputs"]
	if !ok || json.Unmarshal(raw, &req.Inputs) != nil || !isJSONString(raw) {
		return bad("The body must hold the prompt as a string field inputs.")
	}
	if req.Inputs == "" {
		return bad("The prompt (inputs) is empty.")
	}
	if raw, ok := top["parameters"]; ok && !isJSONNull(raw) {
		if json.Unmarshal(raw, &req.Parameters) != nil || req.Parameters == nil {
			return bad("The field parameters must be a JSON object.")
		}
	}
	if req.Parameters == nil {
		req.Parameters = map[string]json.RawMessage{}
	}
	for _, name := range refusedParameters {
		if _, ok := req.Parameters[name]; ok {
			return bad(fmt.Sprintf("The parameter %s is not accepted; use max_new_tokens.", name))
		}
	}

	limit := h.cfg.MaxNewTokens
	n := limit
	if raw, ok := req.Parameters["max_new_tokens"]; ok && !isJSONNull(raw) {
		var f float64
		if json.Unmarshal(raw, &f) != nil || f < 1 || f != math.Trunc(f) {
			return bad("The parameter max_new_tokens must be a positive whole number.")
		}
		if f > float64(limit) {
			return modelRequest{}, reply{status: http.StatusBadRequest, body: errorBody{Error: "max_new_tokens_too_large", Limit: limit}}, false
		}
		n = int(f)
	}
	req.Parameters["max_new_tokens"] = json.RawMessage(fmt.Sprint(n))
	return req, reply{}, true
}

func isJSONString(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '"'
}

func isJSONNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// generate invokes the endpoint with payload under the invoke deadline and
// returns the generated text.
func (h *Handler) generate(ctx context.Context, payload []byte) (string, error) {
	body, err := h.invokeEndpoint(ctx, h.cfg.InvokeTimeout, payload)
	if err != nil {
		return "", err
	}
	return parseGenerated(body)
}

// invokeEndpoint calls InvokeEndpoint with a JSON payload under a deadline
// of timeout and returns the model's answer.
func (h *Handler) invokeEndpoint(ctx context.Context, timeout time.Duration, payload []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := h.endpoint.InvokeEndpoint(ctx, &sagemakerruntime.InvokeEndpointInput{
		EndpointName: aws.String(h.cfg.EndpointName),
		Body:         payload,
		ContentType:  aws.String("application/json"),
		Accept:       aws.String("application/json"),
	})
	if err != nil {
		return nil, fmt.Errorf("invoking SageMaker endpoint %s failed: %w", h.cfg.EndpointName, withContextErr(ctx, err))
	}
	return out.Body, nil
}

// withContextErr makes a passed deadline or a cancellation recognisable
// (errors.Is) in err, which the SDK does not always wrap.
func withContextErr(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w: %w", ctxErr, err)
	}
	return err
}

// errModelAnswer marks a model answer that is not the LMI shape.
var errModelAnswer = errors.New("the model's answer is not LMI JSON with a generated_text string")

// parseGenerated reads the LMI answer {"generated_text": ...} or
// [{"generated_text": ...}].
func parseGenerated(body []byte) (string, error) {
	type answer struct {
		GeneratedText *string `json:"generated_text"`
	}
	body = bytes.TrimSpace(body)
	var one answer
	if len(body) > 0 && body[0] == '[' {
		var many []answer
		if err := json.Unmarshal(body, &many); err != nil {
			return "", errModelAnswer
		}
		if len(many) != 1 {
			return "", fmt.Errorf("%w: it holds %d answers, not one", errModelAnswer, len(many))
		}
		one = many[0]
	} else if err := json.Unmarshal(body, &one); err != nil {
		return "", errModelAnswer
	}
	if one.GeneratedText == nil {
		return "", errModelAnswer
	}
	return *one.GeneratedText, nil
}

// endpoint failure classes, as answered and as health reasons.
type endpointClass int

const (
	classTimeout     endpointClass = iota // the deadline passed
	classModel                            // the model container answered an error, or nonsense
	classUnavailable                      // SageMaker throttled or could not serve
	classOther                            // anything else (a missing endpoint, say)
)

// classify sorts an InvokeEndpoint failure. ctx is the request's context.
func classify(ctx context.Context, err error) endpointClass {
	var (
		modelErr     *types.ModelError
		notReady     *types.ModelNotReadyException
		unavailable  *types.ServiceUnavailable
		internal     *types.InternalFailure
		dependency   *types.InternalDependencyException
		apiErr       smithy.APIError
		responseErr  *awshttp.ResponseError
		requestCause = ctx.Err()
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), requestCause != nil:
		return classTimeout
	case errors.As(err, &modelErr), errors.Is(err, errModelAnswer):
		return classModel
	case errors.As(err, &notReady), errors.As(err, &unavailable), errors.As(err, &internal), errors.As(err, &dependency):
		return classUnavailable
	}
	if errors.As(err, &apiErr) {
		if _, ok := retry.DefaultThrottleErrorCodes[apiErr.ErrorCode()]; ok {
			return classUnavailable
		}
	}
	if errors.As(err, &responseErr) {
		switch responseErr.HTTPStatusCode() {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout:
			return classUnavailable
		}
	}
	return classOther
}

// endpointFailure is the answer to a failed invocation.
func endpointFailure(ctx context.Context, err error) reply {
	switch classify(ctx, err) {
	case classTimeout:
		return fail(http.StatusGatewayTimeout, "model_timeout", "The model did not answer in time.")
	case classModel:
		return fail(http.StatusBadGateway, "model_error", "The model could not answer this request.")
	case classUnavailable:
		return fail(http.StatusServiceUnavailable, "endpoint_unavailable", "The model endpoint is busy or unavailable; retry later.")
	default:
		return fail(http.StatusBadGateway, "endpoint_error", "The model endpoint could not be invoked.")
	}
}

// logEndpointError logs an endpoint failure. A model error's message may
// quote the model container's answer, so only its status and log stream
// are logged.
func logEndpointError(log *slog.Logger, msg string, err error) {
	var modelErr *types.ModelError
	if errors.As(err, &modelErr) {
		log.Error(msg, "err", "the model container answered an error",
			"original_status", aws.ToInt32(modelErr.OriginalStatusCode),
			"log_stream", aws.ToString(modelErr.LogStreamArn))
		return
	}
	log.Error(msg, "err", err)
}

// logVerdict logs what the guardrail did, without the text.
func logVerdict(log *slog.Logger, what string, v verdict) {
	if v.outcome == passed {
		return
	}
	log.Info("the guardrail intervened", "on", what, "outcome", v.outcome.String(), "findings", v.findings, "reason", v.reason)
}
