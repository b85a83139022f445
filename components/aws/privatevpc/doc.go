// Package privatevpc provides Vpc, a VPC for private model
// endpoints: private subnets spread over several availability zones, no
// way in from the internet, VPC endpoints for the AWS services a private
// SageMaker endpoint needs, a security group per workload tier, and flow
// logs of all traffic.
//
// A Vpc is, without any arguments: 10.0.0.0/16 with a private
// subnet (and a route table of its own) in each of three availability
// zones of the region; DNS support and host names on; no internet gateway,
// no NAT and no public IP addresses; the default security group taken
// under management with no rules, so that nothing uses it; the default
// network ACL taken under management; flow logs of ALL traffic to a
// CloudWatch Logs group encrypted with a customer-managed key (its own,
// unless one is given), kept 365 days and written through a role that
// only VPC flow logs of this account may assume and that may only write
// to that group (and look it up); an S3 gateway endpoint on the private
// route tables; interface endpoints with private DNS for SageMaker (API
// and runtime), KMS, CloudWatch Logs and monitoring, STS and ECR (API and
// DKR) in every private subnet; and, through securitygroups.Groups,
// a tier "endpoint" (model endpoints) and a tier "vpc-endpoints" (the
// interface endpoints) that admits HTTPS from the workload tiers only.
//
// The network ACL is the coarse layer, security groups the fine one. The
// default network ACL, which every subnet of the component uses, allows
// any traffic within the VPC and, leaving the VPC, HTTPS only (to S3
// through the gateway endpoint, or to the internet through NAT when
// InternetEgress is on) with its replies on TCP ports 1024 to 65535 except
// 3389. Network ACLs are stateless and cannot name prefix lists, hence the
// replies from 0.0.0.0/0; without an internet gateway nothing outside the
// VPC can reach a subnet, and no rule from 0.0.0.0/0 covers ports 22 or
// 3389.
//
// InternetEgress is an explicit loosening: it adds an internet gateway, a
// small NAT subnet with a NAT gateway in each zone, and a default route
// from each private subnet to the NAT gateway of its zone. Workloads never
// run in the NAT subnets, and no subnet maps public IP addresses.
//
// Subnet layout: without explicit CIDRs, the VPC's block is cut into 2^k
// equal blocks, the smallest k with 2^k > zones: the first blocks are the
// private subnets, and the NAT subnets are /28 blocks at the start of the
// next one. The NAT block is reserved even without InternetEgress, so that
// turning it on later renumbers nothing.
package privatevpc
