package guardedinvoke

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/sagemakerruntime"
)

// The fakes below stand in for Bedrock Runtime and SageMaker Runtime at
// the HTTP level, so that the tests drive the real SDK clients: their
// serializers, their error deserializers and their context handling.

const (
	testGuardrailID      = "gr0abc123"
	testGuardrailVersion = "3"
	testEndpoint         = "llm-primary"
	testRegion           = "eu-west-1"
)

// guardCall is one ApplyGuardrail request the fake received.
type guardCall struct {
	Path   string
	Source string
	Text   string
}

// guardAnswer is what the fake Bedrock answers: a status and a JSON body,
// or a header error type.
type guardAnswer struct {
	Status    int
	ErrorType string
	Body      any
}

// fakeBedrock is a Bedrock Runtime that answers ApplyGuardrail.
type fakeBedrock struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	calls  []guardCall
	answer func(source, text string) guardAnswer
}

func newFakeBedrock(t *testing.T, answer func(source, text string) guardAnswer) *fakeBedrock {
	f := &fakeBedrock{t: t, answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBedrock) serve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Source  string `json:"source"`
		Content []struct {
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
		} `json:"content"`
	}
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/guardrail/") || !strings.HasSuffix(r.URL.Path, "/apply") {
		f.t.Errorf("fake Bedrock: unexpected %s %s", r.Method, r.URL.Path)
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Content) != 1 {
		f.t.Errorf("fake Bedrock: bad ApplyGuardrail request (%v)", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	call := guardCall{Path: r.URL.Path, Source: req.Source, Text: req.Content[0].Text.Text}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	f.mu.Unlock()

	a := f.answer(call.Source, call.Text)
	w.Header().Set("Content-Type", "application/json")
	if a.ErrorType != "" {
		w.Header().Set("X-Amzn-ErrorType", a.ErrorType)
	}
	if a.Status == 0 {
		a.Status = http.StatusOK
	}
	w.WriteHeader(a.Status)
	json.NewEncoder(w).Encode(a.Body)
}

func (f *fakeBedrock) Calls() []guardCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]guardCall(nil), f.calls...)
}

// Guardrail answers.

func usage() map[string]int {
	return map[string]int{"topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 1, "sensitiveInformationPolicyUnits": 1, "sensitiveInformationPolicyFreeUnits": 0, "contextualGroundingPolicyUnits": 0}
}

// guardPass does not intervene.
func guardPass(string, string) guardAnswer {
	return guardAnswer{Body: map[string]any{"action": "NONE", "outputs": []any{}, "assessments": []any{map[string]any{}}, "usage": usage()}}
}

// guardBlock blocks with a content filter and message.
func guardBlock(message string) guardAnswer {
	return guardAnswer{Body: map[string]any{
		"action":       "GUARDRAIL_INTERVENED",
		"actionReason": "Guardrail blocked.",
		"outputs":      []any{map[string]any{"text": message}},
		"assessments": []any{map[string]any{
			"contentPolicy": map[string]any{"filters": []any{map[string]any{
				"type": "VIOLENCE", "confidence": "HIGH", "filterStrength": "HIGH", "action": "BLOCKED", "detected": true,
			}}},
		}},
		"usage": usage(),
	}}
}

// guardAnonymize masks match (an email address) in text.
func guardAnonymize(text, match string) guardAnswer {
	return guardAnswer{Body: map[string]any{
		"action":  "GUARDRAIL_INTERVENED",
		"outputs": []any{map[string]any{"text": strings.ReplaceAll(text, match, "{EMAIL}")}},
		"assessments": []any{map[string]any{
			"sensitiveInformationPolicy": map[string]any{"piiEntities": []any{map[string]any{
				"match": match, "type": "EMAIL", "action": "ANONYMIZED", "detected": true,
			}}},
		}},
		"usage": usage(),
	}}
}

// guardDown is Bedrock failing.
func guardDown(string, string) guardAnswer {
	return guardAnswer{Status: http.StatusInternalServerError, ErrorType: "InternalServerException", Body: map[string]any{"message": "internal failure"}}
}

// endpointCall is one InvokeEndpoint request the fake received.
type endpointCall struct {
	Path        string
	ContentType string
	Accept      string
	Body        []byte
}

// fakeSageMaker is a SageMaker Runtime that answers InvokeEndpoint.
type fakeSageMaker struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	calls  []endpointCall
	answer func(w http.ResponseWriter, r *http.Request, req modelRequest)
}

func newFakeSageMaker(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, req modelRequest)) *fakeSageMaker {
	f := &fakeSageMaker{t: t, answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSageMaker) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/endpoints/") || !strings.HasSuffix(r.URL.Path, "/invocations") {
		f.t.Errorf("fake SageMaker: unexpected %s %s", r.Method, r.URL.Path)
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls = append(f.calls, endpointCall{Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), Accept: r.Header.Get("Accept"), Body: body})
	f.mu.Unlock()
	var req modelRequest
	if err := json.Unmarshal(body, &req); err != nil {
		f.t.Errorf("fake SageMaker: the body is not JSON: %v", err)
	}
	f.answer(w, r, req)
}

func (f *fakeSageMaker) Calls() []endpointCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]endpointCall(nil), f.calls...)
}

// Endpoint answers.

// modelSays answers LMI JSON, as an object.
func modelSays(text string) func(http.ResponseWriter, *http.Request, modelRequest) {
	return func(w http.ResponseWriter, _ *http.Request, _ modelRequest) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"generated_text": text})
	}
}

// modelSaysList answers LMI JSON, as a one-element list.
func modelSaysList(text string) func(http.ResponseWriter, *http.Request, modelRequest) {
	return func(w http.ResponseWriter, _ *http.Request, _ modelRequest) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode([]map[string]string{{"generated_text": text}})
	}
}

// modelFails is the container answering an error: SageMaker's 424
// ModelError, named by the header when byHeader, else by __type.
func modelFails(byHeader bool) func(http.ResponseWriter, *http.Request, modelRequest) {
	return func(w http.ResponseWriter, _ *http.Request, _ modelRequest) {
		body := map[string]any{
			"Message":            "Received client error (400) from primary with message \"the container said no\".",
			"OriginalStatusCode": 400,
			"OriginalMessage":    "the container said no",
			"LogStreamArn":       "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/sagemaker/Endpoints/llm-primary",
		}
		if byHeader {
			w.Header().Set("X-Amzn-ErrorType", "ModelError:http://internal.amazon.com/coral/com.amazonaws.sagemaker/")
		} else {
			body["__type"] = "com.amazonaws.sagemakerruntime#ModelError"
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusFailedDependency)
		json.NewEncoder(w).Encode(body)
	}
}

// modelThrottled is SageMaker throttling the caller.
func modelThrottled(w http.ResponseWriter, _ *http.Request, _ modelRequest) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", "ThrottlingException")
	w.WriteHeader(http.StatusTooManyRequests)
	io.WriteString(w, `{"message":"Rate exceeded"}`)
}

// modelSlow answers only after the caller gives up (or after a long
// while).
func modelSlow(w http.ResponseWriter, r *http.Request, _ modelRequest) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
	modelSays("too late")(w, r, modelRequest{})
}

// testConfig is a valid Config for the fakes.
func testConfig() Config {
	return Config{
		EndpointName:     testEndpoint,
		GuardrailID:      testGuardrailID,
		GuardrailVersion: testGuardrailVersion,
		InvokeTimeout:    2 * time.Second,
		MaxBodyBytes:     4096,
		MaxNewTokens:     256,
		HealthCacheTTL:   0,
		Region:           testRegion,
	}
}

// rig is a Handler wired to the fakes through the real SDK clients.
type rig struct {
	h       *Handler
	bedrock *fakeBedrock
	sm      *fakeSageMaker
	logs    *syncBuffer
}

func newRig(t *testing.T, cfg Config, guard func(source, text string) guardAnswer, model func(http.ResponseWriter, *http.Request, modelRequest)) *rig {
	t.Helper()
	r := &rig{bedrock: newFakeBedrock(t, guard), sm: newFakeSageMaker(t, model), logs: &syncBuffer{}}
	awsCfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		// One attempt: the fakes' failures are meant, and retry backoff
		// would only slow the tests.
		RetryMaxAttempts: 1,
	}
	br := bedrockruntime.NewFromConfig(awsCfg, func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(r.bedrock.srv.URL) })
	sm := sagemakerruntime.NewFromConfig(awsCfg, func(o *sagemakerruntime.Options) { o.BaseEndpoint = aws.String(r.sm.srv.URL) })
	logger := slog.New(slog.NewJSONHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := New(cfg, br, sm, logger)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	r.h = h
	return r
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
