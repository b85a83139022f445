package verify

import "testing"

func TestApplicationLoadBalancerRegion(t *testing.T) {
	for s, want := range map[string]string{
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/models/50dc6c495c0c9188":         "us-east-1",
		"arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/models/50dc6c495c0c9188":     "cn-north-1",
		"arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/a-b/0123456789abcdef": "us-gov-west-1",
	} {
		if got, ok := ApplicationLoadBalancerRegion(s); !ok || got != want {
			t.Errorf("ApplicationLoadBalancerRegion(%s) = %q, %v; want %q", s, got, ok, want)
		}
	}
	for _, s := range []string{
		"",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/models",                      // classic
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/models/50dc6c495c0c9188", // network
		"arn:aws:elasticloadbalancing:us-east-1:12345:loadbalancer/app/models/50dc6c495c0c9188",
		"arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/v1",
	} {
		if r, ok := ApplicationLoadBalancerRegion(s); ok {
			t.Errorf("%q taken for an Application Load Balancer in %s", s, r)
		}
	}
}
