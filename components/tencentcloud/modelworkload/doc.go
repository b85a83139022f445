// Package modelworkload provides Workload, the model server (vLLM serving a
// model such as a distilled DeepSeek-R1) on a TKE cluster, reachable over
// HTTPS only through an existing internal CLB.
//
// It registers, through the kubernetes provider the caller passes
// (pulumi.Provider), a Namespace that enforces the "restricted" Pod
// Security Standard, a ServiceAccount whose token is never mounted, a
// Deployment of GPU pods spread over zones, a PodDisruptionBudget, and a
// LoadBalancer Service that TKE binds to the given CLB
// (service.kubernetes.io/tke-existed-lbid), with an HTTPS listener on 443
// (TKE's extension protocol, service.cloud.tencent.com/specify-protocol)
// whose certificate is an SSL Certificates ID held in an Opaque Secret
// (key qcloud_cert_id), and whose health check a TkeServiceConfig sets to
// the server's own health path.
//
// The pods run as a non-root user with a read-only root filesystem, no
// privilege escalation and no capabilities; the server writes only to
// emptyDir volumes (/tmp, /cache, /models, /dev/shm). The container reads
// its model at start from the COS copy in the cluster's region, whose URI
// it gets as MODEL_URI: the component passes no credentials.
package modelworkload
