// Command invoke-client calls a modelfort model API with IAM (SigV4)
// authentication, through the failover name or through CloudFront, and
// keeps working when the API fails over to the DR region.
//
// The API is an API Gateway REST API in two regions, whose POST
// /invocations requires IAM. A custom domain (llm.example.com) fails
// over between them by Route 53 DNS failover, and a CloudFront
// distribution (cdn.example.com) may sit in front of it. Two things break
// a naive SigV4 client:
//
//  1. A signature is scoped to a region. After DNS fails over, a request
//     signed for the primary region reaches the DR region's API Gateway,
//     which refuses it: 403 {"message":"Credential should be scoped to a
//     valid region. "}. The client signs for the region its last call got
//     through with (the primary at first); on that refusal it signs again
//     for the next region, each at most once a call, and remembers the
//     region that answered, so later calls go straight to it (and back,
//     the same way, when DNS fails back).
//
//  2. CloudFront replaces the Host header with its origin's
//     (llm.example.com), and API Gateway verifies the signature with the
//     Host it sees. A request signed for cdn.example.com is refused: 403
//     "The request signature we calculated does not match...". The client
//     signs for -signing-host (the origin, the failover name) while
//     sending the request to -url.
//
// It also retries 502, 503 and 504 twice, with a short backoff, and
// reports the guardrail's refusals (400 prompt_blocked or answer_blocked).
//
// With the stack's outputs (pulumi stack output), and credentials that may
// execute-api:Invoke POST /invocations in both regions (the usual AWS
// environment, profile or role, through config.LoadDefaultConfig):
//
//	# through the failover name: endpointUrl's host
//	go run ./examples/invoke-client \
//	  -url https://llm.example.com \
//	  -regions "$(pulumi stack output primaryRegion),$(pulumi stack output drRegion)" \
//	  -prompt "What is SigV4?" -max-new-tokens 128
//
//	# through CloudFront: cdnDomainName (or its alias), signed for endpointUrl's host
//	go run ./examples/invoke-client \
//	  -url "https://$(pulumi stack output cdnDomainName)" \
//	  -signing-host llm.example.com \
//	  -regions us-east-1,us-west-2 -prompt "What is SigV4?"
//
// The custom domain maps the API's stage at its root, so -url is the
// scheme and host alone; a trailing /invocations is dropped.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "invoke-client:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("invoke-client", flag.ContinueOnError)
	rawURL := fs.String("url", "", "the API's address: https://<endpointUrl's host>, or https://<cdnDomainName> (required)")
	regions := fs.String("regions", "", "the regions, primary first: <primaryRegion>,<drRegion> (default: the AWS configuration's region)")
	signingHost := fs.String("signing-host", "", "the host API Gateway sees, through CloudFront endpointUrl's host (default: -url's host)")
	prompt := fs.String("prompt", "", "the prompt (required)")
	maxNewTokens := fs.Int("max-new-tokens", 256, "the most tokens the answer may have")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rawURL == "" || *prompt == "" {
		fs.Usage()
		return fmt.Errorf("-url and -prompt are required")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return fmt.Errorf("loading the AWS configuration: %w", err)
	}
	c := &Client{
		URL:         strings.TrimSuffix(strings.TrimSuffix(*rawURL, "/"), InvocationsPath),
		Regions:     splitList(*regions),
		SigningHost: *signingHost,
		Credentials: cfg.Credentials,
	}
	if len(c.Regions) == 0 && cfg.Region != "" {
		c.Regions = []string{cfg.Region}
	}
	answer, err := c.Invoke(ctx, *prompt, *maxNewTokens)
	if err != nil {
		return err
	}
	fmt.Println(answer)
	return nil
}

// splitList splits a comma list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
