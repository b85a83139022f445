package guardedinvoke

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	bedrocktypes "github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
)

// The health probe: a benign text for the guardrail, and the smallest
// generation the model can do.
const (
	healthProbeText    = "modelfort health check"
	healthProbePayload = `{"inputs":"ping","parameters":{"max_new_tokens":1}}`
	// maxHealthDeadline bounds a probe, whatever the invoke timeout:
	// Route 53 counts a check failed unless the endpoint answers within
	// two seconds of connecting, so a slower probe must answer 503 itself
	// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html).
	maxHealthDeadline = 1800 * time.Millisecond
)

// Reasons a health answer gives for being unhealthy.
const (
	reasonGuardrail = "guardrail"
	reasonEndpoint  = "endpoint"
	reasonTimeout   = "timeout"
)

// healthBody is the JSON of a health answer.
type healthBody struct {
	Status   string `json:"status"`
	Region   string `json:"region"`
	Endpoint string `json:"endpoint"`
	Reason   string `json:"reason,omitempty"`
}

// healthResult is one probe's outcome: "" when healthy, else a reason.
type healthResult struct {
	reason string
}

// healthCheck answers GET /health: healthy only when both the guardrail
// and the endpoint answer within the deadline. A result is reused for
// HealthCacheTTL, so that Route 53's many checkers cost one probe per
// instance per TTL.
func (h *Handler) healthCheck(ctx context.Context, log *slog.Logger) reply {
	res, cached := h.cachedHealth(ctx, log)
	body := healthBody{Status: "ok", Region: h.cfg.Region, Endpoint: h.cfg.EndpointName}
	status := http.StatusOK
	if res.reason != "" {
		body.Status, body.Reason = "unhealthy", res.reason
		status = http.StatusServiceUnavailable
	}
	log.Debug("health answered", "cached", cached, "reason", res.reason)
	return reply{status: status, body: body}
}

// cachedHealth returns a fresh enough cached result, or probes and caches
// the new one. It holds healthMu across the probe.
func (h *Handler) cachedHealth(ctx context.Context, log *slog.Logger) (healthResult, bool) {
	h.healthMu.Lock()
	defer h.healthMu.Unlock()
	now := h.now()
	if h.health != nil && h.cfg.HealthCacheTTL > 0 && now.Sub(h.healthAt) < h.cfg.HealthCacheTTL {
		return *h.health, true
	}
	res := h.probe(ctx, log)
	// A probe cut short by the caller going away says nothing about the
	// model; do not keep it.
	if ctx.Err() == nil {
		h.health, h.healthAt = &res, h.now()
	}
	return res, false
}

// probe applies the guardrail to a benign text and asks the endpoint for
// one token, at once, under a deadline of min(InvokeTimeout, 5s).
func (h *Handler) probe(ctx context.Context, log *slog.Logger) healthResult {
	deadline := min(h.cfg.InvokeTimeout, maxHealthDeadline)
	pctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()

	var guardErr, endpointErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		_, guardErr = h.guard(pctx, bedrocktypes.GuardrailContentSourceInput, healthProbeText)
	})
	wg.Go(func() {
		_, endpointErr = h.invokeEndpoint(pctx, deadline, []byte(healthProbePayload))
	})
	wg.Wait()

	timedOut := func(err error) bool {
		return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
	}
	var res healthResult
	switch {
	case guardErr != nil && !timedOut(guardErr):
		res.reason = reasonGuardrail
	case endpointErr != nil && !timedOut(endpointErr):
		res.reason = reasonEndpoint
	case guardErr != nil || endpointErr != nil:
		res.reason = reasonTimeout
	}
	if guardErr != nil {
		log.Warn("health probe: the guardrail did not answer", "err", guardErr)
	}
	if endpointErr != nil {
		logEndpointError(log.With("probe", "health"), "health probe: the endpoint did not answer", endpointErr)
	}
	return res
}
