package privatenetwork

// Tiers of ServingTiers.
const (
	TierClients = "clients"
	TierCLB     = "clb"
	TierNodes   = "nodes"
)

// ServiceCidr is where Tencent Cloud's services (COS, the container
// registry, the metadata service) answer on the internal network.
const ServiceCidr = "169.254.0.0/16"

// DNSServers are Tencent Cloud's internal DNS servers.
var DNSServers = []string{"183.60.82.98/32", "183.60.83.19/32"}

// DefaultPodCidr is the serving cluster's pod and service block
// (servingcluster.DefaultClusterCidr).
const DefaultPodCidr = "172.16.0.0/16"

// ServingTiers are the default tiers; vpcCidr is the network's block,
// podCidr the serving cluster's pod and service block, and remoteClients
// the blocks of other networks whose clients call the load balancer on
// TCP 443 (and which the clients tier may call). TKE needs the pod
// network open between nodes: a Service's traffic reaches a node and is
// forwarded to a pod on another node
// (https://www.tencentcloud.com/document/product/457/9084).
func ServingTiers(vpcCidr, podCidr string, remoteClients ...string) map[string]Tier {
	nodeEgress := []CidrRule{
		{CidrBlock: vpcCidr, Protocol: TCP, Ports: "443", Description: "nodes reach the cluster's private API endpoint"},
		{CidrBlock: ServiceCidr, Protocol: TCP, Ports: "80,443", Description: "nodes reach Tencent Cloud services (COS, image registry) internally"},
		{CidrBlock: ServiceCidr, Protocol: UDP, Ports: "123", Description: "nodes keep time with Tencent Cloud's internal NTP servers"},
		{CidrBlock: podCidr, Protocol: All, Ports: All, Description: "nodes reach pods on other nodes"},
	}
	for _, dns := range DNSServers {
		nodeEgress = append(nodeEgress, CidrRule{CidrBlock: dns, Protocol: UDP, Ports: "53", Description: "nodes resolve names with Tencent Cloud's internal DNS"})
	}
	var clbIngress, clientEgress []CidrRule
	for _, c := range remoteClients {
		clbIngress = append(clbIngress, CidrRule{CidrBlock: c, Protocol: TCP, Ports: "443", Description: "clients of the other region call the model service over TLS"})
		clientEgress = append(clientEgress, CidrRule{CidrBlock: c, Protocol: TCP, Ports: "443", Description: "clients call the other region's model service over TLS"})
	}
	return map[string]Tier{
		TierClients: {Description: "callers of the model service inside the VPC", Egress: clientEgress},
		TierCLB:     {Description: "internal load balancer of the model service", Ingress: clbIngress},
		TierNodes: {Description: "serving cluster nodes", Egress: nodeEgress, Ingress: []CidrRule{
			{CidrBlock: podCidr, Protocol: All, Ports: All, Description: "pods on other nodes reach this node's pods"},
		}},
	}
}

// ServingFlows are the default flows between ServingTiers.
var ServingFlows = []Flow{
	{Client: TierClients, Server: TierCLB, Protocol: TCP, Ports: "443", Description: "clients call the model service over TLS"},
	{Client: TierCLB, Server: TierNodes, Protocol: TCP, Ports: "30000-32767", Description: "the load balancer forwards to the serving node ports"},
	{Client: TierNodes, Server: TierNodes, Protocol: All, Ports: All, Description: "cluster traffic between serving nodes"},
}
