// Package webacl provides ACL, an AWS WAFv2 web ACL in front of a model
// endpoint: the AWS managed rule groups for IP reputation, anonymous IP
// addresses, common exploits and known bad inputs, a rate-based rule per
// client IP, a request body size limit suited to model prompts, logging to
// a KMS-encrypted CloudWatch Logs group with the authorization headers
// redacted, and the association to what it guards.
//
// An ACL is REGIONAL by default, for an API Gateway stage or an
// Application Load Balancer. A CLOUDFRONT web ACL must be created through
// a provider in us-east-1 (NewACL checks it before it registers
// anything) and is attached by the distribution, which names its Arn.
//
// The body size rule blocks bodies larger than MaxBodyBytes. Bodies larger
// than what WAF inspects (16 KB for API Gateway and CloudFront unless the
// web ACL raises it, 8 KB for load balancers) are blocked too: the rule
// treats an oversize body as a match. The common rule set's own 8 KB body
// rule (SizeRestrictions_BODY) would reject ordinary prompts, so it only
// counts; the size rule replaces it.
package webacl
