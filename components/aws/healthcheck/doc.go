// Package healthcheck creates the Route 53 health checks of modelfort's
// AWS components, one way: HTTPS with SNI, measuring latency, from at
// least three checker regions, tagged with a Name.
//
// It is a helper, not a component resource: New registers a
// route53.HealthCheck with the logical name and the options (parent,
// provider, protect) its caller gives, so that the health check is a
// child of the component that needs it. failover.Regional creates one per
// region and ties its failover records to them; shieldprotection.Protection
// creates one for a protected resource and associates it with the
// protection, for Shield Advanced's health-based detection.
//
// The request interval and the failure threshold have no defaults:
// together they decide how soon a failure is seen (interval × threshold
// seconds), which a caller must choose against its recovery time
// objective.
package healthcheck
