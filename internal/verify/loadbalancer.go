package verify

import "regexp"

var applicationLoadBalancerArn = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:loadbalancer/app/[^/]+/[^/]+$`)

// ApplicationLoadBalancerRegion returns the region of an Application Load
// Balancer ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID),
// and whether s is one. A web ACL guards such a load balancer of its own
// region; Shield Advanced reports its metrics there.
func ApplicationLoadBalancerRegion(s string) (string, bool) {
	m := applicationLoadBalancerArn.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}
