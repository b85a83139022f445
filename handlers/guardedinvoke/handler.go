package guardedinvoke

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// The routes the function serves.
const (
	// InvocationsPath is the route (POST) that invokes the model.
	InvocationsPath = "/invocations"
	// HealthPath is the route (GET) Route 53 health checks probe.
	HealthPath = "/health"
)

// Handler answers API Gateway proxy requests: it guards model invocations
// with a Bedrock guardrail and answers health checks. Build one with New;
// it is safe for concurrent use.
type Handler struct {
	cfg       Config
	guardrail GuardrailClient
	endpoint  EndpointClient
	log       *slog.Logger
	now       func() time.Time

	// The last health result and when it was taken. healthMu is held
	// across a probe, so that concurrent health requests on one instance
	// share one probe.
	healthMu sync.Mutex
	health   *healthResult
	healthAt time.Time
}

// New builds a Handler from a validated cfg, the Bedrock Runtime client
// that applies the guardrail and the SageMaker Runtime client that invokes
// the endpoint. A nil logger logs JSON to standard error.
func New(cfg Config, guardrail GuardrailClient, endpoint EndpointClient, logger *slog.Logger) (*Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if guardrail == nil {
		return nil, errors.New("the guarded invoke handler needs a Bedrock Runtime client, but none was given")
	}
	if endpoint == nil {
		return nil, errors.New("the guarded invoke handler needs a SageMaker Runtime client, but none was given")
	}
	if logger == nil {
		logger = NewLogger()
	}
	return &Handler{cfg: cfg, guardrail: guardrail, endpoint: endpoint, log: logger, now: time.Now}, nil
}

// NewLogger is the function's logger: JSON lines on standard error, which
// Lambda sends to CloudWatch Logs.
func NewLogger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stderr, nil))
}

// Handle answers one API Gateway proxy request. It never returns an error:
// every failure is answered with a JSON status, so that API Gateway never
// substitutes its own.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	start := h.now()
	log := h.log
	if id := req.RequestContext.RequestID; id != "" {
		log = log.With("request_id", id)
	}
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		log = log.With("aws_request_id", lc.AwsRequestID)
	}

	var res reply
	route := matchRoute(req)
	switch {
	case route == InvocationsPath && req.HTTPMethod == http.MethodPost:
		res = h.invoke(ctx, log, req)
	case route == HealthPath && req.HTTPMethod == http.MethodGet:
		res = h.healthCheck(ctx, log)
	default:
		route = "unknown"
		res = reply{status: http.StatusNotFound, body: errorBody{Error: "not_found"}}
	}

	attrs := []any{"route", route, "method", req.HTTPMethod, "status", res.status, "duration_ms", h.now().Sub(start).Milliseconds()}
	if eb, ok := res.body.(errorBody); ok {
		attrs = append(attrs, "error", eb.Error)
	}
	log.Info("request answered", attrs...)
	return res.response(), nil
}

// matchRoute finds the route a request is for: its API Gateway resource
// if that is a route, else its path.
func matchRoute(req events.APIGatewayProxyRequest) string {
	for _, p := range []string{req.Resource, req.Path} {
		if p == InvocationsPath || p == HealthPath {
			return p
		}
	}
	return ""
}

// reply is an answer before it is encoded.
type reply struct {
	status int
	body   any
}

// errorBody is the JSON of every refusal and failure of /invocations.
type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message,omitempty"`
	Limit   int    `json:"limit,omitempty"`
}

// fail is a refusal or failure answer.
func fail(status int, code, message string) reply {
	return reply{status: status, body: errorBody{Error: code, Message: message}}
}

// response encodes the reply for API Gateway.
func (r reply) response() events.APIGatewayProxyResponse {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	status := r.status
	if err := enc.Encode(r.body); err != nil {
		// Every body is a plain struct of strings and numbers; this
		// cannot happen, but if it did, say so without detail.
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal_error"}`)
	}
	return events.APIGatewayProxyResponse{
		StatusCode: status,
		Headers: map[string]string{
			"Content-Type":           "application/json",
			"Cache-Control":          "no-store",
			"X-Content-Type-Options": "nosniff",
		},
		Body: strings.TrimSuffix(buf.String(), "\n"),
	}
}
