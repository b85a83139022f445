package guardedinvoke

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

const guardrailPath = "/guardrail/" + testGuardrailID + "/version/" + testGuardrailVersion + "/apply"

func post(body string) events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{
		Resource:       InvocationsPath,
		Path:           InvocationsPath,
		HTTPMethod:     http.MethodPost,
		Body:           body,
		RequestContext: events.APIGatewayProxyRequestContext{RequestID: "req-1"},
	}
}

func getHealth() events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{Resource: HealthPath, Path: HealthPath, HTTPMethod: http.MethodGet}
}

// do calls Handle and decodes its JSON answer.
func do(t *testing.T, r *rig, req events.APIGatewayProxyRequest) (int, map[string]any) {
	t.Helper()
	resp, err := r.h.Handle(context.Background(), req)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	if ct := resp.Headers["Content-Type"]; ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("the answer %q is not a JSON object: %v", resp.Body, err)
	}
	return resp.StatusCode, body
}

func wantStatus(t *testing.T, got int, body map[string]any, want int, wantErr string) {
	t.Helper()
	if got != want {
		t.Fatalf("status = %d, want %d (body %v)", got, want, body)
	}
	if wantErr != "" && body["error"] != wantErr {
		t.Fatalf("error = %v, want %q (body %v)", body["error"], wantErr, body)
	}
}

// sent decodes what the fake endpoint received.
func sent(t *testing.T, c endpointCall) modelRequest {
	t.Helper()
	var req modelRequest
	if err := json.Unmarshal(c.Body, &req); err != nil {
		t.Fatalf("the endpoint received %q, not JSON: %v", c.Body, err)
	}
	return req
}

func TestCleanPass(t *testing.T) {
	const prompt = "What is the capital of France?"
	r := newRig(t, testConfig(), guardPass, modelSays("Paris."))
	status, body := do(t, r, post(`{"inputs":"`+prompt+`","parameters":{"temperature":0.2,"max_new_tokens":64}}`))
	wantStatus(t, status, body, http.StatusOK, "")
	if body["generated_text"] != "Paris." {
		t.Errorf("generated_text = %v, want Paris.", body["generated_text"])
	}
	g, _ := body["guardrail"].(map[string]any)
	if g["prompt"] != "NONE" || g["answer"] != "NONE" {
		t.Errorf("guardrail = %v, want NONE for both", body["guardrail"])
	}

	calls := r.sm.Calls()
	if len(calls) != 1 {
		t.Fatalf("the endpoint was called %d times, want 1", len(calls))
	}
	c := calls[0]
	if c.Path != "/endpoints/"+testEndpoint+"/invocations" {
		t.Errorf("endpoint path = %q", c.Path)
	}
	if c.ContentType != "application/json" || c.Accept != "application/json" {
		t.Errorf("Content-Type %q, Accept %q, want application/json for both", c.ContentType, c.Accept)
	}
	req := sent(t, c)
	if req.Inputs != prompt {
		t.Errorf("the endpoint received inputs %q, want %q", req.Inputs, prompt)
	}
	if string(req.Parameters["max_new_tokens"]) != "64" || string(req.Parameters["temperature"]) != "0.2" {
		t.Errorf("the endpoint received parameters %s", c.Body)
	}

	guards := r.bedrock.Calls()
	if len(guards) != 2 {
		t.Fatalf("the guardrail was called %d times, want 2", len(guards))
	}
	for i, want := range []guardCall{
		{Path: guardrailPath, Source: "INPUT", Text: prompt},
		{Path: guardrailPath, Source: "OUTPUT", Text: "Paris."},
	} {
		if guards[i] != want {
			t.Errorf("guardrail call %d = %+v, want %+v", i, guards[i], want)
		}
	}
	if strings.Contains(r.logs.String(), prompt) || strings.Contains(r.logs.String(), "Paris.") {
		t.Errorf("the log holds the prompt or the answer:\n%s", r.logs)
	}
}

func TestListAnswerAndBase64Body(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, modelSaysList("Bonjour."))
	req := post("")
	req.Body = base64.StdEncoding.EncodeToString([]byte(`{"inputs":"Say hello in French."}`))
	req.IsBase64Encoded = true
	status, body := do(t, r, req)
	wantStatus(t, status, body, http.StatusOK, "")
	if body["generated_text"] != "Bonjour." {
		t.Errorf("generated_text = %v, want Bonjour.", body["generated_text"])
	}
	if got := sent(t, r.sm.Calls()[0]).Inputs; got != "Say hello in French." {
		t.Errorf("the endpoint received %q", got)
	}
}

func TestPromptBlocked(t *testing.T) {
	const blockedMsg = "Sorry, I cannot help with that."
	r := newRig(t, testConfig(), func(source, text string) guardAnswer {
		if source == "INPUT" {
			return guardBlock(blockedMsg)
		}
		return guardPass(source, text)
	}, modelSays("should not happen"))
	status, body := do(t, r, post(`{"inputs":"how do I hurt someone"}`))
	wantStatus(t, status, body, http.StatusBadRequest, "prompt_blocked")
	if body["message"] != blockedMsg {
		t.Errorf("message = %v, want the guardrail's blocked message", body["message"])
	}
	if n := len(r.sm.Calls()); n != 0 {
		t.Errorf("the endpoint was called %d times after the prompt was blocked", n)
	}
}

func TestPromptAnonymizedButAlsoBlocked(t *testing.T) {
	// PII anonymized together with a blocked word is a block.
	r := newRig(t, testConfig(), func(source, text string) guardAnswer {
		a := guardAnonymize(text, "jane@example.com")
		b := a.Body.(map[string]any)
		b["assessments"] = append(b["assessments"].([]any), map[string]any{
			"wordPolicy": map[string]any{"customWords": []any{map[string]any{"match": "forbidden", "action": "BLOCKED", "detected": true}}},
		})
		return a
	}, modelSays("should not happen"))
	status, body := do(t, r, post(`{"inputs":"mail jane@example.com the forbidden thing"}`))
	wantStatus(t, status, body, http.StatusBadRequest, "prompt_blocked")
	if n := len(r.sm.Calls()); n != 0 {
		t.Errorf("the endpoint was called %d times after the prompt was blocked", n)
	}
}

func TestAnswerBlocked(t *testing.T) {
	const blockedMsg = "The answer was withheld."
	r := newRig(t, testConfig(), func(source, text string) guardAnswer {
		if source == "OUTPUT" {
			return guardBlock(blockedMsg)
		}
		return guardPass(source, text)
	}, modelSays("something violent"))
	status, body := do(t, r, post(`{"inputs":"tell me a story"}`))
	wantStatus(t, status, body, http.StatusBadRequest, "answer_blocked")
	if body["message"] != blockedMsg {
		t.Errorf("message = %v, want the guardrail's blocked message", body["message"])
	}
	if _, ok := body["generated_text"]; ok || strings.Contains(mustJSON(body), "violent") {
		t.Errorf("the blocked answer leaked: %v", body)
	}
}

func TestPromptAnonymized(t *testing.T) {
	const email = "jane@example.com"
	r := newRig(t, testConfig(), func(source, text string) guardAnswer {
		if source == "INPUT" && strings.Contains(text, email) {
			return guardAnonymize(text, email)
		}
		return guardPass(source, text)
	}, modelSays("Done."))
	status, body := do(t, r, post(`{"inputs":"Write to `+email+` please."}`))
	wantStatus(t, status, body, http.StatusOK, "")
	if got := sent(t, r.sm.Calls()[0]).Inputs; got != "Write to {EMAIL} please." {
		t.Errorf("the endpoint received %q, want the anonymized prompt", got)
	}
	if g := body["guardrail"].(map[string]any); g["prompt"] != "ANONYMIZED" || g["answer"] != "NONE" {
		t.Errorf("guardrail = %v", g)
	}
	if strings.Contains(r.logs.String(), email) {
		t.Errorf("the log holds the matched PII:\n%s", r.logs)
	}
}

func TestAnswerAnonymized(t *testing.T) {
	const email = "ceo@example.com"
	r := newRig(t, testConfig(), func(source, text string) guardAnswer {
		if source == "OUTPUT" {
			return guardAnonymize(text, email)
		}
		return guardPass(source, text)
	}, modelSays("Her address is "+email+"."))
	status, body := do(t, r, post(`{"inputs":"What is the CEO's email?"}`))
	wantStatus(t, status, body, http.StatusOK, "")
	if body["generated_text"] != "Her address is {EMAIL}." {
		t.Errorf("generated_text = %v, want the anonymized answer", body["generated_text"])
	}
	if g := body["guardrail"].(map[string]any); g["prompt"] != "NONE" || g["answer"] != "ANONYMIZED" {
		t.Errorf("guardrail = %v", g)
	}
}

func TestModelError(t *testing.T) {
	for _, byHeader := range []bool{true, false} {
		name := "type in body"
		if byHeader {
			name = "type in header"
		}
		t.Run(name, func(t *testing.T) {
			r := newRig(t, testConfig(), guardPass, modelFails(byHeader))
			status, body := do(t, r, post(`{"inputs":"hello"}`))
			wantStatus(t, status, body, http.StatusBadGateway, "model_error")
			if strings.Contains(mustJSON(body), "container said no") {
				t.Errorf("the model's error text leaked: %v", body)
			}
			if n := len(r.bedrock.Calls()); n != 1 {
				t.Errorf("the guardrail was called %d times, want 1 (the prompt only)", n)
			}
		})
	}
}

func TestMalformedModelAnswer(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, func(w http.ResponseWriter, _ *http.Request, _ modelRequest) {
		w.Write([]byte(`{"text":"no generated_text here"}`))
	})
	status, body := do(t, r, post(`{"inputs":"hello"}`))
	wantStatus(t, status, body, http.StatusBadGateway, "model_error")
}

func TestEndpointThrottled(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, modelThrottled)
	status, body := do(t, r, post(`{"inputs":"hello"}`))
	wantStatus(t, status, body, http.StatusServiceUnavailable, "endpoint_unavailable")
}

func TestEndpointSlow(t *testing.T) {
	cfg := testConfig()
	cfg.InvokeTimeout = 200 * time.Millisecond
	r := newRig(t, cfg, guardPass, modelSlow)
	status, body := do(t, r, post(`{"inputs":"hello"}`))
	wantStatus(t, status, body, http.StatusGatewayTimeout, "model_timeout")
	if n := len(r.bedrock.Calls()); n != 1 {
		t.Errorf("the guardrail was called %d times, want 1 (the prompt only)", n)
	}
}

func TestGuardrailDown(t *testing.T) {
	r := newRig(t, testConfig(), guardDown, modelSays("unguarded"))
	status, body := do(t, r, post(`{"inputs":"hello"}`))
	wantStatus(t, status, body, http.StatusServiceUnavailable, "guardrail_unavailable")
	if n := len(r.sm.Calls()); n != 0 {
		t.Errorf("the endpoint was called %d times without a guardrail", n)
	}
	if strings.Contains(mustJSON(body), "internal failure") {
		t.Errorf("the guardrail's error text leaked: %v", body)
	}
}

func TestGuardrailDownOnAnswer(t *testing.T) {
	r := newRig(t, testConfig(), func(source, text string) guardAnswer {
		if source == "OUTPUT" {
			return guardDown(source, text)
		}
		return guardPass(source, text)
	}, modelSays("unguarded answer"))
	status, body := do(t, r, post(`{"inputs":"hello"}`))
	wantStatus(t, status, body, http.StatusServiceUnavailable, "guardrail_unavailable")
	if strings.Contains(mustJSON(body), "unguarded answer") {
		t.Errorf("the unguarded answer leaked: %v", body)
	}
}

func TestGuardrailUnreachable(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, modelSays("unguarded"))
	r.bedrock.srv.Close()
	status, body := do(t, r, post(`{"inputs":"hello"}`))
	wantStatus(t, status, body, http.StatusServiceUnavailable, "guardrail_unavailable")
	if n := len(r.sm.Calls()); n != 0 {
		t.Errorf("the endpoint was called %d times without a guardrail", n)
	}
}

func TestBodyTooLarge(t *testing.T) {
	cfg := testConfig()
	cfg.MaxBodyBytes = 64
	r := newRig(t, cfg, guardPass, modelSays("x"))
	big := `{"inputs":"` + strings.Repeat("a", 100) + `"}`
	for _, encoded := range []bool{false, true} {
		req := post(big)
		if encoded {
			req.Body, req.IsBase64Encoded = base64.StdEncoding.EncodeToString([]byte(big)), true
		}
		status, body := do(t, r, req)
		wantStatus(t, status, body, http.StatusRequestEntityTooLarge, "body_too_large")
		if body["limit"] != float64(64) {
			t.Errorf("limit = %v, want 64", body["limit"])
		}
	}
	if n := len(r.bedrock.Calls()) + len(r.sm.Calls()); n != 0 {
		t.Errorf("a refused body reached AWS (%d calls)", n)
	}
}

func TestMaxNewTokens(t *testing.T) {
	cfg := testConfig()
	cfg.MaxNewTokens = 100
	r := newRig(t, cfg, guardPass, modelSays("ok"))

	status, body := do(t, r, post(`{"inputs":"hi","parameters":{"max_new_tokens":101}}`))
	wantStatus(t, status, body, http.StatusBadRequest, "max_new_tokens_too_large")
	if body["limit"] != float64(100) {
		t.Errorf("limit = %v, want 100", body["limit"])
	}
	if n := len(r.sm.Calls()) + len(r.bedrock.Calls()); n != 0 {
		t.Fatalf("a refused request reached AWS (%d calls)", n)
	}

	for _, tc := range []struct{ body, want string }{
		{`{"inputs":"hi"}`, "100"},
		{`{"inputs":"hi","parameters":{}}`, "100"},
		{`{"inputs":"hi","parameters":{"max_new_tokens":null}}`, "100"},
		{`{"inputs":"hi","parameters":{"max_new_tokens":100}}`, "100"},
		{`{"inputs":"hi","parameters":{"max_new_tokens":7}}`, "7"},
	} {
		before := len(r.sm.Calls())
		status, body := do(t, r, post(tc.body))
		wantStatus(t, status, body, http.StatusOK, "")
		got := sent(t, r.sm.Calls()[before]).Parameters["max_new_tokens"]
		if string(got) != tc.want {
			t.Errorf("%s: the endpoint received max_new_tokens %s, want %s", tc.body, got, tc.want)
		}
	}
}

func TestBadRequests(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, modelSays("x"))
	for _, b := range []string{
		``,
		`not json`,
		`[]`,
		`null`,
		`{}`,
		`{"inputs":42}`,
		`{"inputs":""}`,
		`{"inputs":["a"]}`,
		`{"inputs":"hi","parameters":[]}`,
		`{"inputs":"hi","parameters":{"max_new_tokens":"10"}}`,
		`{"inputs":"hi","parameters":{"max_new_tokens":0}}`,
		`{"inputs":"hi","parameters":{"max_new_tokens":1.5}}`,
		`{"inputs":"hi","parameters":{"max_tokens":10}}`,
		`{"inputs":"hi","stream":true}`,
	} {
		status, body := do(t, r, post(b))
		if status != http.StatusBadRequest || body["error"] != "bad_request" || body["message"] == "" {
			t.Errorf("%q: got %d %v, want 400 bad_request with a message", b, status, body)
		}
	}
	req := post("not base64!")
	req.IsBase64Encoded = true
	status, body := do(t, r, req)
	wantStatus(t, status, body, http.StatusBadRequest, "bad_request")
	if n := len(r.sm.Calls()) + len(r.bedrock.Calls()); n != 0 {
		t.Errorf("a refused request reached AWS (%d calls)", n)
	}
}

func TestRoutes(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, modelSays("ok"))
	for _, req := range []events.APIGatewayProxyRequest{
		{Resource: "/other", Path: "/other", HTTPMethod: http.MethodGet},
		{Path: "/", HTTPMethod: http.MethodGet},
		{Resource: InvocationsPath, Path: InvocationsPath, HTTPMethod: http.MethodGet},
		{Resource: HealthPath, Path: HealthPath, HTTPMethod: http.MethodPost},
	} {
		status, body := do(t, r, req)
		if status != http.StatusNotFound || body["error"] != "not_found" {
			t.Errorf("%s %s: got %d %v, want 404 not_found", req.HTTPMethod, req.Path, status, body)
		}
	}
	// A proxy resource falls back to the path.
	req := post(`{"inputs":"hi"}`)
	req.Resource = "/{proxy+}"
	status, body := do(t, r, req)
	wantStatus(t, status, body, http.StatusOK, "")
}

func TestHealthOK(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, modelSays("p"))
	status, body := do(t, r, getHealth())
	wantStatus(t, status, body, http.StatusOK, "")
	want := map[string]any{"status": "ok", "region": testRegion, "endpoint": testEndpoint}
	if mustJSON(body) != mustJSON(want) {
		t.Errorf("health = %v, want %v", body, want)
	}
	calls := r.sm.Calls()
	if len(calls) != 1 {
		t.Fatalf("the endpoint was called %d times, want 1", len(calls))
	}
	if string(calls[0].Body) != healthProbePayload {
		t.Errorf("the health probe sent %s", calls[0].Body)
	}
	if g := r.bedrock.Calls(); len(g) != 1 || g[0].Source != "INPUT" || g[0].Path != guardrailPath {
		t.Errorf("guardrail calls = %+v, want one INPUT call on the pinned version", g)
	}
}

func TestHealthUnhealthy(t *testing.T) {
	slow := testConfig()
	slow.InvokeTimeout = 200 * time.Millisecond
	for _, tc := range []struct {
		name   string
		cfg    Config
		guard  func(string, string) guardAnswer
		model  func(http.ResponseWriter, *http.Request, modelRequest)
		reason string
	}{
		{"endpoint model error", testConfig(), guardPass, modelFails(true), "endpoint"},
		{"endpoint throttled", testConfig(), guardPass, modelThrottled, "endpoint"},
		{"guardrail down", testConfig(), guardDown, modelSays("p"), "guardrail"},
		{"endpoint slow", slow, guardPass, modelSlow, "timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.cfg, tc.guard, tc.model)
			status, body := do(t, r, getHealth())
			wantStatus(t, status, body, http.StatusServiceUnavailable, "")
			want := map[string]any{"status": "unhealthy", "region": testRegion, "endpoint": testEndpoint, "reason": tc.reason}
			if mustJSON(body) != mustJSON(want) {
				t.Errorf("health = %v, want %v", body, want)
			}
		})
	}
}

func TestHealthCache(t *testing.T) {
	cfg := testConfig()
	cfg.HealthCacheTTL = time.Minute
	r := newRig(t, cfg, guardPass, modelSays("p"))
	now := time.Unix(1_700_000_000, 0)
	r.h.now = func() time.Time { return now }

	for range 5 {
		status, body := do(t, r, getHealth())
		wantStatus(t, status, body, http.StatusOK, "")
	}
	if g, e := len(r.bedrock.Calls()), len(r.sm.Calls()); g != 1 || e != 1 {
		t.Errorf("5 health requests within the TTL made %d guardrail and %d endpoint calls, want 1 and 1", g, e)
	}

	now = now.Add(time.Minute)
	do(t, r, getHealth())
	if g, e := len(r.bedrock.Calls()), len(r.sm.Calls()); g != 2 || e != 2 {
		t.Errorf("a health request after the TTL made %d guardrail and %d endpoint calls in all, want 2 and 2", g, e)
	}

	// Concurrent requests on one instance share a probe.
	now = now.Add(time.Minute)
	done := make(chan struct{})
	for range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			r.h.Handle(context.Background(), getHealth())
		}()
	}
	for range 8 {
		<-done
	}
	if e := len(r.sm.Calls()); e != 3 {
		t.Errorf("8 concurrent health requests made %d endpoint calls, want 1 more (3 in all)", e-2)
	}
}

func TestHealthCacheKeepsFailures(t *testing.T) {
	cfg := testConfig()
	cfg.HealthCacheTTL = time.Minute
	r := newRig(t, cfg, guardPass, modelFails(true))
	for range 3 {
		status, body := do(t, r, getHealth())
		wantStatus(t, status, body, http.StatusServiceUnavailable, "")
	}
	if e := len(r.sm.Calls()); e != 1 {
		t.Errorf("3 health requests within the TTL made %d endpoint calls, want 1", e)
	}
}

func TestHealthNoCache(t *testing.T) {
	r := newRig(t, testConfig(), guardPass, modelSays("p")) // HealthCacheTTL 0
	for range 3 {
		do(t, r, getHealth())
	}
	if g, e := len(r.bedrock.Calls()), len(r.sm.Calls()); g != 3 || e != 3 {
		t.Errorf("3 health requests without a cache made %d guardrail and %d endpoint calls, want 3 and 3", g, e)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	cfg := testConfig()
	cfg.GuardrailVersion = "DRAFT"
	if _, err := New(cfg, nil, nil, nil); err == nil || !strings.Contains(err.Error(), EnvGuardrailVersion) {
		t.Errorf("New with a DRAFT version: err = %v, want one naming %s", err, EnvGuardrailVersion)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
