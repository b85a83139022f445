// Package failover gives a model service on Tencent Cloud one private
// name that clients in every serving region resolve, and the path to
// reach whichever region serves: a Cloud Connect Network (CCN) joining
// the regions' VPCs, with a bandwidth limit between them, and a
// PrivateDNS zone bound to every VPC whose A record points at the
// active region's load balancer.
//
// Failover is a configuration change: Args.Active names the region that
// serves, and a "pulumi up" moves the record. Tencent Cloud's PrivateDNS
// has no health-checked records and provider v0.1.2 no DNS health check,
// so the health signal is the serving alarms' (package servingalarms),
// which reach the on-call receivers; the runbook's failover step flips
// Active. The record's TTL bounds how long clients keep the old answer.
package failover
