// Package servingcluster provides Cluster, a managed Tencent Kubernetes
// Engine (TKE) cluster for model serving: its API server reachable only
// inside the VPC, deletion protection on, audit logs, events and container
// logs sent to CLS, and a node pool spread evenly over the subnets of at
// least two zones.
//
// The cluster's endpoint is opened by a separate ClusterEndpoint once the
// node pool exists (TKE opens an endpoint only on a cluster with nodes),
// on the intranet only, in the first subnet. Nodes get no public address
// and no internet bandwidth, run with Tencent Cloud's security and
// monitoring agents, and belong to the given security groups (the nodes
// tier). Cluster never sets a node password: give KeyIds for SSH key
// pairs (without them TKE's default login applies).
//
// Provider gaps (pulumi-tencentcloud v0.1.2) and how Cluster gets as close
// as it can:
//
//   - Kubernetes secrets cannot be encrypted with a KMS key (newer
//     providers have kubernetes.EncryptionProtection).
//   - Node pool data disks have no encryption setting (only the cluster's
//     master data disks do), so the node pool gets no data disk; model
//     weights belong in COS, not on node disks.
//   - Audit and event logs go to CLS log sets that TKE creates when
//     AuditLogSetId is not given; their retention is CLS's default.
package servingcluster
