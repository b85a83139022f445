package main

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// The names the fakes answer to (httptest's certificate covers
// *.example.com) and the regions.
const (
	apiHost = "llm.example.com" // the failover name, the API's custom domain
	cdnHost = "cdn.example.com" // the CloudFront distribution
	primary = "us-east-1"
	dr      = "us-west-2"
)

// API Gateway's refusals.
const (
	msgRegion    = `{"message":"Credential should be scoped to a valid region. "}`
	msgMismatch  = `{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}`
	msgMissing   = `{"message":"Missing Authentication Token"}`
	msgService   = `{"message":"Credential should be scoped to correct service: 'execute-api'. "}`
	msgToken     = `{"message":"The security token included in the request is invalid."}`
	msgExpired   = `{"message":"Signature expired"}`
	msgForbidden = `{"message":"Forbidden"}`
)

var testCreds = aws.Credentials{
	AccessKeyID:     "ASIAEXAMPLEEXAMPLE00",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	SessionToken:    "FwoGZXIvYXdzEXAMPLESESSIONTOKEN",
	Source:          "test",
}

func staticCreds(c aws.Credentials) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return c, nil })
}

// answer is a scripted answer of the fake API, given after it has
// authenticated a request.
type answer struct {
	status int
	body   string
}

// seen is a request the fake API received.
type seen struct {
	host         string
	signedRegion string // the region of the signature's credential scope
	status       int    // the fake's answer
	contentHash  string // X-Amz-Content-Sha256
	inputs       string
	maxNewTokens int
}

// fakeAPI is API Gateway in whichever region DNS currently sends
// apiHost to: it verifies SigV4 as API Gateway does, with the Host it
// receives, and answers the model's generated text (or a scripted
// answer).
type fakeAPI struct {
	mu      sync.Mutex
	region  string
	script  []answer
	history []seen
}

func (f *fakeAPI) setRegion(r string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.region = r
}

func (f *fakeAPI) queue(a ...answer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, a...)
}

// take returns the requests received since the last take.
func (f *fakeAPI) take() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.history
	f.history = nil
	return h
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := seen{host: r.Host, contentHash: r.Header.Get("X-Amz-Content-Sha256")}
	status, body := f.answer(r, &s)
	s.status = status
	f.history = append(f.history, s)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func (f *fakeAPI) answer(r *http.Request, s *seen) (int, string) {
	if r.Host != apiHost {
		return http.StatusForbidden, msgForbidden
	}
	if r.Method != http.MethodPost || r.URL.Path != InvocationsPath {
		return http.StatusForbidden, msgMissing
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return http.StatusBadRequest, `{"message":"unreadable body"}`
	}
	region, status, msg := verifySigV4(r, body, f.region)
	s.signedRegion = region
	if status != http.StatusOK {
		return status, msg
	}
	var in struct {
		Inputs     *string `json:"inputs"`
		Parameters struct {
			MaxNewTokens int `json:"max_new_tokens"`
		} `json:"parameters"`
	}
	if json.Unmarshal(body, &in) != nil || in.Inputs == nil || in.Parameters.MaxNewTokens <= 0 {
		return http.StatusBadRequest, `{"message":"Invalid request body"}`
	}
	s.inputs, s.maxNewTokens = *in.Inputs, in.Parameters.MaxNewTokens
	if len(f.script) > 0 {
		a := f.script[0]
		f.script = f.script[1:]
		return a.status, a.body
	}
	out, _ := json.Marshal(map[string]string{"generated_text": "[" + f.region + "] " + *in.Inputs})
	return http.StatusOK, string(out)
}

// verifySigV4 checks r's signature as API Gateway in region does and
// returns the signature's region and 200, or API Gateway's refusal. It
// recomputes the signature with the SDK's signer over a clone of r that
// keeps the signed headers only, with the Host r arrived with, the body's
// hash and the X-Amz-Date time, and testCreds.
func verifySigV4(r *http.Request, body []byte, region string) (string, int, string) {
	auth := r.Header.Get("Authorization")
	algorithm, fields, ok := strings.Cut(auth, " ")
	if !ok || algorithm != "AWS4-HMAC-SHA256" {
		return "", http.StatusForbidden, msgMissing
	}
	params := map[string]string{}
	for _, f := range strings.Split(fields, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		params[k] = v
	}
	scope := strings.Split(params["Credential"], "/") // AKID/date/region/service/aws4_request
	signedHeaders := strings.Split(params["SignedHeaders"], ";")
	if len(scope) != 5 || scope[4] != "aws4_request" || params["Signature"] == "" || params["SignedHeaders"] == "" {
		return "", http.StatusForbidden, msgMissing
	}
	akid, date, scopeRegion, service := scope[0], scope[1], scope[2], scope[3]
	if scopeRegion != region {
		return scopeRegion, http.StatusForbidden, msgRegion
	}
	if service != Service {
		return scopeRegion, http.StatusForbidden, msgService
	}
	if akid != testCreds.AccessKeyID || r.Header.Get("X-Amz-Security-Token") != testCreds.SessionToken {
		return scopeRegion, http.StatusForbidden, msgToken
	}
	signingTime, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil || signingTime.Format("20060102") != date {
		return scopeRegion, http.StatusForbidden, msgMismatch
	}
	if d := time.Since(signingTime); d > 5*time.Minute || d < -5*time.Minute {
		return scopeRegion, http.StatusForbidden, msgExpired
	}
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	if h := r.Header.Get("X-Amz-Content-Sha256"); h != "" && h != payloadHash {
		return scopeRegion, http.StatusForbidden, msgMismatch
	}

	clone := r.Clone(context.Background())
	clone.URL = &url.URL{Scheme: "https", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	clone.Host = r.Host
	clone.Header = http.Header{}
	clone.ContentLength = 0
	for _, h := range signedHeaders {
		switch h {
		case "host":
		case "content-length":
			clone.ContentLength = r.ContentLength
		default:
			v := r.Header.Values(h)
			if len(v) == 0 {
				return scopeRegion, http.StatusForbidden, msgMismatch
			}
			clone.Header[http.CanonicalHeaderKey(h)] = v
		}
	}
	if err := v4.NewSigner().SignHTTP(context.Background(), testCreds, clone, payloadHash, service, scopeRegion, signingTime); err != nil {
		return scopeRegion, http.StatusInternalServerError, `{"message":"Internal server error"}`
	}
	if subtle.ConstantTimeCompare([]byte(clone.Header.Get("Authorization")), []byte(auth)) != 1 {
		return scopeRegion, http.StatusForbidden, msgMismatch
	}
	return scopeRegion, http.StatusOK, ""
}

// world is the fake API at apiHost and a fake CloudFront at cdnHost in
// front of it, reached through a transport that resolves both names to
// the fakes.
type world struct {
	api       *fakeAPI
	transport *http.Transport
	backoffs  []int
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{api: &fakeAPI{region: primary}}
	apiSrv := httptest.NewTLSServer(w.api)
	t.Cleanup(apiSrv.Close)

	addrs := map[string]string{apiHost + ":443": apiSrv.Listener.Addr().String()}
	roots := x509.NewCertPool()
	roots.AddCert(apiSrv.Certificate())
	w.transport = &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			a, ok := addrs[addr]
			if !ok {
				return nil, fmt.Errorf("no such host %s", addr)
			}
			return (&net.Dialer{}).DialContext(ctx, network, a)
		},
	}
	t.Cleanup(w.transport.CloseIdleConnections)

	// CloudFront answers its own name only, and forwards POST
	// /invocations to the failover name with every viewer header but
	// Host, which becomes the origin's.
	origin := &url.URL{Scheme: "https", Host: apiHost}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(origin)
			pr.SetXForwarded()
			pr.Out.Header.Set("Via", "2.0 0123456789abcdef.cloudfront.net (CloudFront)")
			pr.Out.Header.Set("X-Amz-Cf-Id", "EXAMPLEcfid==")
		},
		Transport: w.transport,
	}
	cdnSrv := httptest.NewTLSServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Host != cdnHost {
			http.Error(rw, "403 ERROR: The request could not be satisfied. Bad request.", http.StatusForbidden)
			return
		}
		proxy.ServeHTTP(rw, r)
	}))
	t.Cleanup(cdnSrv.Close)
	addrs[cdnHost+":443"] = cdnSrv.Listener.Addr().String()
	return w
}

// client is a client of url, signed with testCreds.
func (w *world) client(url string) *Client {
	return &Client{
		URL:         url,
		Regions:     []string{primary, dr},
		Credentials: staticCreds(testCreds),
		HTTP:        &http.Client{Transport: w.transport, Timeout: 10 * time.Second},
		Signer:      v4.NewSigner(),
		Backoff: func(retry int) time.Duration {
			w.backoffs = append(w.backoffs, retry)
			return time.Millisecond
		},
	}
}

// trace summarises requests as "region:status".
func trace(h []seen) string {
	var parts []string
	for _, s := range h {
		parts = append(parts, fmt.Sprintf("%s:%d", s.signedRegion, s.status))
	}
	return strings.Join(parts, " ")
}

func invoke(t *testing.T, c *Client, prompt string) string {
	t.Helper()
	got, err := c.Invoke(context.Background(), prompt, 64)
	if err != nil {
		t.Fatalf("Invoke(%q): %v", prompt, err)
	}
	return got
}

func TestInvokePrimary(t *testing.T) {
	w := newWorld(t)
	c := w.client("https://" + apiHost)
	if got := invoke(t, c, "hello"); got != "[us-east-1] hello" {
		t.Errorf("answer %q", got)
	}
	h := w.api.take()
	if trace(h) != "us-east-1:200" {
		t.Fatalf("requests %s, want one signed for us-east-1", trace(h))
	}
	sum := sha256.Sum256([]byte(`{"inputs":"hello","parameters":{"max_new_tokens":64}}`))
	if h[0].contentHash != hex.EncodeToString(sum[:]) || h[0].inputs != "hello" || h[0].maxNewTokens != 64 || h[0].host != apiHost {
		t.Errorf("request %+v", h[0])
	}
	if c.Region() != primary {
		t.Errorf("Region() %s", c.Region())
	}
}

func TestFailoverAndBack(t *testing.T) {
	w := newWorld(t)
	c := w.client("https://" + apiHost + "/")
	invoke(t, c, "one")
	if got := trace(w.api.take()); got != "us-east-1:200" {
		t.Fatalf("before failover: %s", got)
	}

	w.api.setRegion(dr) // DNS fails over
	if got := invoke(t, c, "two"); got != "[us-west-2] two" {
		t.Errorf("answer %q", got)
	}
	if got := trace(w.api.take()); got != "us-east-1:403 us-west-2:200" {
		t.Errorf("at failover: %s, want one refusal then DR", got)
	}
	invoke(t, c, "three")
	if got := trace(w.api.take()); got != "us-west-2:200" {
		t.Errorf("after failover: %s, want DR straight away", got)
	}
	if c.Region() != dr {
		t.Errorf("Region() %s", c.Region())
	}

	w.api.setRegion(primary) // and back
	invoke(t, c, "four")
	if got := trace(w.api.take()); got != "us-west-2:403 us-east-1:200" {
		t.Errorf("at failback: %s", got)
	}
	invoke(t, c, "five")
	if got := trace(w.api.take()); got != "us-east-1:200" {
		t.Errorf("after failback: %s", got)
	}
}

func TestNoRegionAccepted(t *testing.T) {
	w := newWorld(t)
	w.api.setRegion("eu-west-1")
	c := w.client("https://" + apiHost)
	_, err := c.Invoke(context.Background(), "hello", 8)
	var se *statusError
	if !errors.As(err, &se) || se.Status != http.StatusForbidden || !strings.Contains(err.Error(), RegionScopePhrase) {
		t.Fatalf("error %v, want the region refusal", err)
	}
	if got := trace(w.api.take()); got != "us-east-1:403 us-west-2:403" {
		t.Errorf("requests %s, want each region once", got)
	}
	if c.Region() != primary {
		t.Errorf("Region() %s after failing", c.Region())
	}
}

func TestThroughCDN(t *testing.T) {
	w := newWorld(t)

	c := w.client("https://" + cdnHost)
	c.SigningHost = apiHost
	if got := invoke(t, c, "via cdn"); got != "[us-east-1] via cdn" {
		t.Errorf("answer %q", got)
	}
	w.api.setRegion(dr)
	invoke(t, c, "via cdn after failover")
	if got := trace(w.api.take()); got != "us-east-1:200 us-east-1:403 us-west-2:200" {
		t.Errorf("requests %s", got)
	}
	w.api.setRegion(primary)

	// Signed for the name dialled, the signature names cdn.example.com
	// and the API, which sees llm.example.com, refuses it.
	naive := w.client("https://" + cdnHost)
	_, err := naive.Invoke(context.Background(), "via cdn", 8)
	var se *statusError
	if !errors.As(err, &se) || se.Status != http.StatusForbidden || !strings.Contains(se.Body, "signature we calculated does not match") {
		t.Fatalf("without SigningHost: %v, want 403 signature mismatch", err)
	}
	h := w.api.take()
	if trace(h) != "us-east-1:403" || h[0].host != apiHost {
		t.Errorf("without SigningHost: requests %s %+v, want one refusal, no retry", trace(h), h)
	}
}

// TestFakeVerifies shows that the fake API checks signatures for real.
func TestFakeVerifies(t *testing.T) {
	w := newWorld(t)
	wrong := testCreds
	wrong.SecretAccessKey = "not-the-secret"
	c := w.client("https://" + apiHost)
	c.Credentials = staticCreds(wrong)
	_, err := c.Invoke(context.Background(), "hello", 8)
	if err == nil || !strings.Contains(err.Error(), "signature we calculated does not match") {
		t.Errorf("wrong secret: %v", err)
	}

	// A signature for another host (the API verifies with the Host it
	// receives).
	c = w.client("https://" + apiHost)
	c.SigningHost = "other.example.com"
	if _, err := c.Invoke(context.Background(), "hello", 8); err == nil || !strings.Contains(err.Error(), "signature we calculated does not match") {
		t.Errorf("other host: %v", err)
	}
	if got := trace(w.api.take()); got != "us-east-1:403 us-east-1:403" {
		t.Errorf("requests %s", got)
	}
}

func TestBlocked(t *testing.T) {
	w := newWorld(t)
	c := w.client("https://" + apiHost)
	for _, reason := range []string{"prompt_blocked", "answer_blocked"} {
		w.api.queue(answer{http.StatusBadRequest, `{"error":"` + reason + `","message":"The guardrail blocked it."}`})
		_, err := c.Invoke(context.Background(), "something forbidden", 8)
		var b *errBlocked
		if !errors.As(err, &b) || b.Reason != reason || b.Message != "The guardrail blocked it." {
			t.Errorf("%s: error %#v", reason, err)
		}
	}
	if got := trace(w.api.take()); got != "us-east-1:400 us-east-1:400" {
		t.Errorf("requests %s, want no retries", got)
	}

	// Another 400 is a status error.
	w.api.queue(answer{http.StatusBadRequest, `{"message":"Received client error (422) from primary"}`})
	_, err := c.Invoke(context.Background(), "x", 8)
	var se *statusError
	if !errors.As(err, &se) || se.Status != 400 || !strings.Contains(se.Body, "client error (422)") {
		t.Errorf("other 400: %v", err)
	}
}

func TestRetries(t *testing.T) {
	w := newWorld(t)
	c := w.client("https://" + apiHost)
	w.api.queue(answer{http.StatusServiceUnavailable, `{"message":"Service Unavailable"}`})
	if got := invoke(t, c, "again"); got != "[us-east-1] again" {
		t.Errorf("answer %q", got)
	}
	if got := trace(w.api.take()); got != "us-east-1:503 us-east-1:200" {
		t.Errorf("requests %s", got)
	}
	if !slices.Equal(w.backoffs, []int{0}) {
		t.Errorf("backoffs %v", w.backoffs)
	}

	// At most MaxRetries.
	w.backoffs = nil
	w.api.queue(answer{502, `{"message":"Internal server error"}`}, answer{503, `{}`}, answer{504, `{"message":"Endpoint request timed out"}`}, answer{200, `{"generated_text":"late"}`})
	_, err := c.Invoke(context.Background(), "again", 8)
	var se *statusError
	if !errors.As(err, &se) || se.Status != 504 || !strings.Contains(se.Body, "timed out") {
		t.Errorf("error %v, want the third answer, 504", err)
	}
	if got := trace(w.api.take()); got != "us-east-1:502 us-east-1:503 us-east-1:504" {
		t.Errorf("requests %s", got)
	}
	if !slices.Equal(w.backoffs, []int{0, 1}) {
		t.Errorf("backoffs %v", w.backoffs)
	}
	// The 200 left in the script is the next call's answer.
	if got := invoke(t, c, "x"); got != "late" {
		t.Errorf("answer %q", got)
	}

	// Other statuses are not retried.
	w.api.take()
	w.api.queue(answer{500, `{"message":"Internal server error"}`})
	if _, err := c.Invoke(context.Background(), "x", 8); err == nil || !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("500: %v", err)
	}
	if got := trace(w.api.take()); got != "us-east-1:500" {
		t.Errorf("requests %s", got)
	}
}

func TestAnswerShapes(t *testing.T) {
	w := newWorld(t)
	c := w.client("https://" + apiHost)
	w.api.queue(answer{200, `[{"generated_text":"from a list"}]`}, answer{200, `{"outputs":"?"}`}, answer{200, `not json`})
	if got := invoke(t, c, "x"); got != "from a list" {
		t.Errorf("answer %q", got)
	}
	for range 2 {
		if _, err := c.Invoke(context.Background(), "x", 8); err == nil || !strings.Contains(err.Error(), "generated_text") {
			t.Errorf("error %v", err)
		}
	}
}

func TestSettings(t *testing.T) {
	w := newWorld(t)
	for _, c := range []*Client{
		{URL: "llm.example.com", Regions: []string{primary}, Credentials: staticCreds(testCreds)},
		{URL: "https://" + apiHost, Credentials: staticCreds(testCreds)},
		{URL: "https://" + apiHost, Regions: []string{primary}},
	} {
		if _, err := c.Invoke(context.Background(), "x", 8); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
	if _, err := w.client("https://"+apiHost).Invoke(context.Background(), "x", 0); err == nil {
		t.Error("maxNewTokens 0: no error")
	}
	if h := w.api.take(); len(h) != 0 {
		t.Errorf("requests %s", trace(h))
	}
	if got := splitList(" us-east-1, ,us-west-2,"); !slices.Equal(got, []string{primary, dr}) {
		t.Errorf("splitList: %q", got)
	}
}
