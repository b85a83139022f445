// Package securitygroups provides Groups, one security group per
// tier of an application (for example "endpoint", "database",
// "vpc-endpoints"), declared together as a set, with rules written between
// the tiers.
//
// A rule's peer is another tier of the set (a security-group reference), a
// named prefix list (for example the S3 prefix list of a gateway endpoint)
// or, only where a tier allows it explicitly, a CIDR block. Ingress from
// 0.0.0.0/0 or ::/0, or from any address outside private address space, is
// never accepted. Egress goes to tiers and prefix lists only, unless a tier
// allows CIDR rules.
//
// Every group and every rule has a description. Rules are separate
// resources of package vpc (SecurityGroupIngressRule and
// SecurityGroupEgressRule), never inline blocks, so that no two resources
// fight over the ownership of a rule. A group created this way has no
// rules but its own: the provider removes the allow-all egress rule that
// AWS adds to a new group.
package securitygroups
