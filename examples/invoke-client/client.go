package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Service is the SigV4 signing name of API Gateway's invoke API.
const Service = "execute-api"

// InvocationsPath is the API's model resource, under Client.URL.
const InvocationsPath = "/invocations"

// RegionScopePhrase is what API Gateway says (403) of a request signed
// for another region than its own.
const RegionScopePhrase = "Credential should be scoped to a valid region"

// MaxRetries is how many times a call retries on 502, 503 and 504.
const MaxRetries = 2

// maxAnswerBytes bounds the answers read; snippetBytes bounds the body
// quoted in errors.
const (
	maxAnswerBytes = 8 << 20
	snippetBytes   = 256
)

// Client calls POST /invocations of the modelfort API, signed with
// SigV4 for whichever region answers.
type Client struct {
	// URL is where requests go, without /invocations: the failover name
	// (https://llm.example.com) or the CloudFront distribution
	// (https://cdn.example.com). Required.
	URL string
	// Regions are the regions that may answer at URL, primary first,
	// then DR. Required.
	Regions []string
	// SigningHost is the Host the API verifies signatures with. Default:
	// URL's host. Through CloudFront, which replaces Host with its
	// origin's, give the failover name (llm.example.com).
	SigningHost string
	// Credentials sign the requests. Required.
	Credentials aws.CredentialsProvider
	// HTTP sends the requests. Default: a client with a 90 s timeout.
	HTTP *http.Client
	// Signer signs the requests. Default: v4.NewSigner().
	Signer *v4.Signer
	// Backoff is the wait before the retry-th retry (0, 1) on 502, 503
	// or 504. Default: 250 ms, then 500 ms.
	Backoff func(retry int) time.Duration

	mu     sync.Mutex
	region string // the region of the last call that got through, or ""
}

// errBlocked is the API's refusal (400) of a prompt or an answer its
// guardrail blocked.
type errBlocked struct {
	// Reason is "prompt_blocked" or "answer_blocked".
	Reason string
	// Message is the API's explanation.
	Message string
}

func (e *errBlocked) Error() string {
	return fmt.Sprintf("modelfort: %s: %s", strings.ReplaceAll(e.Reason, "_", " "), e.Message)
}

// statusError is any other answer than 200 or a block.
type statusError struct {
	Status int
	// Body is the start of the answer's body.
	Body string
	// Region is the region the request was signed for.
	Region string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("modelfort: HTTP %d (signed for %s): %s", e.Status, e.Region, e.Body)
}

// Region is the region the next call is signed for first: the one the
// last call got through with, or else Regions[0].
func (c *Client) Region() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.region != "" {
		return c.region
	}
	if len(c.Regions) > 0 {
		return c.Regions[0]
	}
	return ""
}

func (c *Client) remember(region string) {
	c.mu.Lock()
	c.region = region
	c.mu.Unlock()
}

// Invoke asks the model to complete prompt with at most maxNewTokens
// tokens and returns its answer.
//
// It signs for Region(); when the API refuses the signature's region (as
// the DR region does after DNS fails over to it), it signs again for the
// next region not yet tried (each at most once a call) and remembers the
// one that is accepted. It retries 502, 503 and 504 at most MaxRetries
// times.
func (c *Client) Invoke(ctx context.Context, prompt string, maxNewTokens int) (string, error) {
	endpoint, err := c.endpoint()
	if err != nil {
		return "", err
	}
	if maxNewTokens <= 0 {
		return "", fmt.Errorf("modelfort: maxNewTokens is %d; give a positive number", maxNewTokens)
	}
	body, err := json.Marshal(invocation{Inputs: prompt, Parameters: parameters{MaxNewTokens: maxNewTokens}})
	if err != nil {
		return "", err
	}
	region := c.Region()
	tried := []string{region}
	for retries := 0; ; {
		status, answer, err := c.send(ctx, endpoint, region, body)
		if err != nil {
			return "", err
		}
		switch {
		case status == http.StatusForbidden && bytes.Contains(answer, []byte(RegionScopePhrase)):
			next := c.nextRegion(region, tried)
			if next == "" {
				return "", fmt.Errorf("modelfort: every region (%s) refused its signature's region; the last said: %w",
					strings.Join(tried, ", "), &statusError{Status: status, Body: snippet(answer), Region: region})
			}
			region = next
			tried = append(tried, region)
			continue
		case (status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout) && retries < MaxRetries:
			if err := c.wait(ctx, retries); err != nil {
				return "", err
			}
			retries++
			continue
		case status == http.StatusOK:
			c.remember(region)
			return generatedText(answer)
		case status == http.StatusBadRequest:
			// The API got past authentication: this region is right.
			c.remember(region)
			var b struct{ Error, Message string }
			if json.Unmarshal(answer, &b) == nil && (b.Error == "prompt_blocked" || b.Error == "answer_blocked") {
				return "", &errBlocked{Reason: b.Error, Message: b.Message}
			}
		}
		return "", &statusError{Status: status, Body: snippet(answer), Region: region}
	}
}

type invocation struct {
	Inputs     string     `json:"inputs"`
	Parameters parameters `json:"parameters"`
}

type parameters struct {
	MaxNewTokens int `json:"max_new_tokens"`
}

// endpoint checks the client's settings and returns URL/invocations.
func (c *Client) endpoint() (string, error) {
	u, err := url.Parse(c.URL)
	if err != nil {
		return "", fmt.Errorf("modelfort: URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("modelfort: URL %q is not an address such as https://llm.example.com", c.URL)
	}
	if len(c.Regions) == 0 || slices.Contains(c.Regions, "") {
		return "", fmt.Errorf("modelfort: Regions %q: give the regions, primary first", c.Regions)
	}
	if c.Credentials == nil {
		return "", errors.New("modelfort: Credentials is nil")
	}
	return strings.TrimSuffix(c.URL, "/") + InvocationsPath, nil
}

// nextRegion is the first region after current, in Regions order and
// round again, that is not in tried; or "".
func (c *Client) nextRegion(current string, tried []string) string {
	i := slices.Index(c.Regions, current)
	for n := 1; n <= len(c.Regions); n++ {
		r := c.Regions[(i+n)%len(c.Regions)]
		if !slices.Contains(tried, r) {
			return r
		}
	}
	return ""
}

// send posts body to endpoint, signed for region, and returns the
// answer's status and (bounded) body.
func (c *Client) send(ctx context.Context, endpoint, region string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if err := c.sign(ctx, req, body, region); err != nil {
		return 0, nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("modelfort: POST %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return 0, nil, fmt.Errorf("modelfort: POST %s: reading the answer: %w", endpoint, err)
	}
	return resp.StatusCode, answer, nil
}

var defaultHTTP = &http.Client{Timeout: 90 * time.Second}

// sign signs req for region and SigningHost, and leaves req's Host to
// its URL: the signature names the host the API sees, the request goes
// to the one dialled (CloudFront refuses Hosts other than its own).
func (c *Client) sign(ctx context.Context, req *http.Request, body []byte, region string) error {
	creds, err := c.Credentials.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("modelfort: credentials: %w", err)
	}
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	req.Host = c.SigningHost
	signer := c.Signer
	if signer == nil {
		signer = defaultSigner
	}
	err = signer.SignHTTP(ctx, creds, req, payloadHash, Service, region, time.Now())
	req.Host = ""
	if err != nil {
		return fmt.Errorf("modelfort: signing for %s: %w", region, err)
	}
	return nil
}

var defaultSigner = v4.NewSigner()

// wait sleeps Backoff(retry), or until ctx is done.
func (c *Client) wait(ctx context.Context, retry int) error {
	d := 250 * time.Millisecond << retry
	if c.Backoff != nil {
		d = c.Backoff(retry)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// generatedText reads {"generated_text": ...}, or the list of one such
// object that Hugging Face serving containers answer.
func generatedText(answer []byte) (string, error) {
	type generation struct {
		GeneratedText *string `json:"generated_text"`
	}
	var one generation
	if err := json.Unmarshal(answer, &one); err != nil {
		var list []generation
		if json.Unmarshal(answer, &list) != nil || len(list) == 0 {
			return "", fmt.Errorf("modelfort: the answer is not {\"generated_text\": ...}: %s", snippet(answer))
		}
		one = list[0]
	}
	if one.GeneratedText == nil {
		return "", fmt.Errorf("modelfort: the answer has no generated_text: %s", snippet(answer))
	}
	return *one.GeneratedText, nil
}

// snippet is the start of body, on one line.
func snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > snippetBytes {
		s = strings.ToValidUTF8(s[:snippetBytes], "") + "…"
	}
	return s
}
