// Package privatenetwork provides Network, a private Tencent Cloud VPC for
// model serving: a subnet in each of at least two availability zones and
// one security group per tier of the application, whose rules name other
// tiers' groups.
//
// Without arguments a Network is a 10.0.0.0/16 VPC with a /20 subnet in
// each of the region's first two zones, no route to or from the internet
// (no NAT or internet gateway: the VPC's default route table holds only its
// local route), multicast off, and the serving tiers (ServingTiers): the
// "clients" that call the model, the internal load balancer "clb" and the
// serving cluster's "nodes", with flows clients -> clb (TCP 443), clb ->
// nodes (TCP 30000-32767, the node ports) and nodes -> nodes (all), and
// nodes' egress to the VPC (TCP 443, the cluster's private API endpoint),
// to Tencent Cloud's internal service addresses (169.254.0.0/16, TCP 80
// and 443: COS, the image registry) and to Tencent Cloud's internal DNS
// servers (UDP 53).
//
// Rules: ingress comes only from other tiers' security groups (Flows),
// never from an address block, so 0.0.0.0/0 can never be admitted. Egress
// goes to tiers, or to address blocks a tier names (Tier.Egress), never
// to 0.0.0.0/0 or ::/0. Every group and every rule has a description. A
// Tencent Cloud security group without rules admits and sends nothing.
//
// Provider gaps (pulumi-tencentcloud v0.1.2): there is no VPC flow-log
// resource (newer providers have vpc.FlowLog and vpc.FlowLogConfig), so a
// Network has no flow logs; enable them in the console or with a newer
// provider. Tencent Cloud security groups belong to a region, not to a
// VPC: the groups are usable by any VPC of the region, and only the
// instances attached to them decide which VPC they filter.
package privatenetwork
