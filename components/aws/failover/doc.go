// Package failover provides Regional: a DNS name that answers with
// the primary region while it is healthy and with the disaster-recovery
// region when it is not (Route 53 failover records, PRIMARY and SECONDARY,
// each tied to a Route 53 health check of its region), and optionally a
// CloudFront distribution in front of both regions, with its own
// CLOUDFRONT web ACL.
//
// Regional creates its two HTTPS probes itself (through package
// healthcheck), because their request interval and failure threshold
// decide, with the records' TTL, how long a failover can take. A probe
// sees only what its path exercises: give each site a path that fails
// when its model does (a front door's /health, answered by the guarded
// handler, calls the guardrail and the endpoint). A Site's Alarms (the
// model endpoint's error and latency alarms) add CLOUDWATCH_METRIC health
// checks, and the site's record then follows a calculated check that is
// healthy only while the probe and every alarm are, so a model that
// answers but fails or slows also fails over. WorstCaseFailover = the
// slowest of interval × threshold and the alarms' Detection, + TTL. That figure is a Go
// field, computed before anything is registered, and an output, so that a
// stack can hold it against its recovery time objective (or let
// RecoveryTimeObjective reject settings that miss it). The health checks'
// ARNs are outputs; give them to shieldprotection.Protection
// (Resource.HealthCheckArn) rather than probing the same endpoints twice.
//
// The records are CNAMEs: a Site's Target must answer to the record's
// name. An API Gateway front door does only through a custom domain of
// that name, in both regions (frontdoor.Args.DomainName); FromFrontDoor
// makes a Site of a front door and NewRegional rejects one
// without it. Each health check probes its own region (a front door's
// execute-api host), never the failover name, which would follow the
// failover.
//
// CloudFront fails over between origins (on 500, 502, 503 and 504) only
// for GET, HEAD and OPTIONS, and refuses cache behaviors that send other
// methods to an origin group. So the distribution sends those methods to
// an origin group of the two regions, and the paths that take POSTs
// (WritePaths, "/invocations") to the failover name, where Route 53 does
// the failing over. Requests reach the origins with the distribution's
// Host replaced by the origin's, so an IAM (SigV4) caller signs for the
// origin's name (the failover name), not the distribution's: see
// examples/invoke-client. CloudFront.OriginReadTimeoutSeconds must cover
// the front doors' integration timeout. Shield Standard protects every
// distribution; CloudFront.ShieldAdvanced adds a Shield Advanced
// protection (for an account that subscribes), whose health-based
// detection follows a calculated health check that is healthy while
// either region's probe is (a calculated check watches plain checks).
package failover
