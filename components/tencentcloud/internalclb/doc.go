// Package internalclb provides LoadBalancer, a Tencent Cloud CLB reachable
// only inside a VPC: network type INTERNAL, placed in a subnet, with a
// master and a slave availability zone, bound to security groups (its
// tier's), logging every request to CLS, and protected from deletion.
//
// It carries no listeners: the serving cluster attaches them (a TKE
// Service of type LoadBalancer that names the CLB with the annotation
// service.kubernetes.io/tke-existed-lbid), so that the load balancer
// outlives deployments of the model. Backends are checked against both
// the CLB's security groups and their own (loadBalancerPassToTarget off).
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how LoadBalancer gets as
// close as it can:
//
//   - The CLB has no delete protection (newer providers have
//     deleteProtect). Unless AllowDeletion is set, LoadBalancer protects
//     the CLB in Pulumi's state instead (the protect resource option):
//     "pulumi destroy" refuses to delete it, but the console and API do
//     not.
//   - The provider documents masterZoneId and slaveZoneId as applicable to
//     OPEN CLBs and does not read them back, so a change made outside
//     Pulumi goes unseen. LoadBalancer sends them for its INTERNAL CLB (the
//     CLB API takes them where the region offers cross-zone disaster
//     recovery for private CLBs); the subnet decides the CLB's zone where
//     it does not, so give a subnet in MasterZone.
//   - A CLB log set is one per region and account (it has no name in this
//     provider): for a second LoadBalancer in a region, pass the first's
//     LogSetId.
package internalclb
