package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Types and annotations of the Tencent Cloud serving path: the model
// server's Kubernetes Service, which TKE binds to an existing CLB, and
// the TkeServiceConfig that sets the CLB listener's health check.
const (
	k8sServiceType       = "kubernetes:core/v1:Service"
	tkeServiceConfigType = "kubernetes:cloud.tencent.com/v1alpha1:TkeServiceConfig"
	tcListenerType       = "tencentcloud:Clb/listener:Listener"
	tcListenerRuleType   = "tencentcloud:Clb/listenerRule:ListenerRule"
	tcAlarmPolicyType    = "tencentcloud:Monitor/alarmPolicy:AlarmPolicy"

	tkeExistedLBAnnotation   = "service.kubernetes.io/tke-existed-lbid"
	tkeProtocolAnnotation    = "service.cloud.tencent.com/specify-protocol"
	tkeServiceConfigAnnotate = "service.cloud.tencent.com/tke-service-config"
)

// tlsProtocols are the CLB listener protocols that terminate TLS.
var tlsProtocols = []string{"HTTPS", "TCP_SSL", "QUIC"}

// annotation returns a Kubernetes object's annotation, and whether the
// annotations are known.
func annotation(r *Resource, key string) (string, bool) {
	v, known := r.Get("metadata.annotations")
	if !known || !v.IsObject() {
		return "", known
	}
	a, ok := v.ObjectValue()[resource.PropertyKey(key)]
	if !ok {
		return "", true
	}
	p, known := plain(a)
	if !p.IsString() {
		return "", known
	}
	return p.StringValue(), known
}

// boundServices are the Services the stack binds to a CLB through TKE.
func boundServices(s *Stack) []*Resource {
	var out []*Resource
	for _, r := range s.OfType(k8sServiceType) {
		if lb, known := annotation(r, tkeExistedLBAnnotation); !known || lb != "" {
			out = append(out, r)
		}
	}
	return out
}

var tencentServingRules = []Rule{
	{
		ID:          "tc-clb-https-only",
		Description: "CLB listeners terminate TLS: a Service that TKE binds to a CLB declares HTTPS (or TCP_SSL) for every port, and CLB listeners use HTTPS or TCP_SSL.",
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, svc := range boundServices(s) {
				for _, msg := range serviceTLSProblems(svc) {
					out = append(out, Violation{URN: svc.URN, Message: msg})
				}
			}
			for _, l := range s.OfType(tcListenerType) {
				if p, known := l.Str("protocol"); known && !slices.Contains(tlsProtocols, p) {
					out = append(out, Violation{URN: l.URN, Message: "the listener's protocol is " + p + "; use HTTPS or TCP_SSL"})
				}
			}
			return out
		},
	},
	{
		ID:          "tc-clb-health-check",
		Description: "CLB listeners check their backends' health: a Service bound to a CLB names a TkeServiceConfig of the stack whose layer-7 rules enable a health check, and listener rules switch it on.",
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			configs := map[string]*Resource{}
			for _, c := range s.OfType(tkeServiceConfigType) {
				ns, _ := c.Str("metadata.namespace")
				name, _ := c.Str("metadata.name")
				configs[ns+"/"+name] = c
			}
			for _, svc := range boundServices(s) {
				name, known := annotation(svc, tkeServiceConfigAnnotate)
				if !known {
					continue
				}
				ns, _ := svc.Str("metadata.namespace")
				c := configs[ns+"/"+name]
				if name == "" || c == nil {
					out = append(out, Violation{URN: svc.URN, Message: "the Service names no TkeServiceConfig of the stack, so the CLB's health check is TKE's default"})
					continue
				}
				if msg := healthCheckProblem(c); msg != "" {
					out = append(out, Violation{URN: c.URN, Message: msg})
				}
			}
			for _, r := range s.OfType(tcListenerRuleType) {
				out = append(out, violations(r, requireTrue(r, "healthCheckSwitch", "the listener rule's health check is off"))...)
			}
			return out
		},
	},
	{
		ID:          "tc-alarm-receivers",
		Description: "Cloud Monitor alarm policies notify someone: at least one notification template.",
		Level:       Mandatory,
		Types:       []string{tcAlarmPolicyType},
		CheckResource: func(r *Resource) []string {
			if n, known := r.Len("noticeIds"); known && n == 0 {
				return []string{"the alarm policy has no notification template, so its alarms reach nobody"}
			}
			return nil
		},
	},
}

// violations turns a resource's messages into violations.
func violations(r *Resource, msgs []string) []Violation {
	var out []Violation
	for _, m := range msgs {
		out = append(out, Violation{URN: r.URN, Message: m})
	}
	return out
}

// serviceTLSProblems are the ports of a bound Service that TKE would not
// give a TLS listener.
func serviceTLSProblems(svc *Resource) []string {
	spec, known := annotation(svc, tkeProtocolAnnotation)
	if !known {
		return nil
	}
	var protocols map[string]struct {
		Protocol []string `json:"protocol"`
	}
	if spec != "" {
		if err := json.Unmarshal([]byte(spec), &protocols); err != nil {
			return []string{fmt.Sprintf("the %s annotation is not a JSON object of ports: %v", tkeProtocolAnnotation, err)}
		}
	}
	var out []string
	n, _ := svc.Len("spec.ports")
	for i := 0; i < n; i++ {
		port, _ := svc.Num(fmt.Sprintf("spec.ports[%d].port", i))
		p := protocols[fmt.Sprint(port)].Protocol
		if len(p) == 0 {
			out = append(out, fmt.Sprintf("port %v has no %s entry, so TKE opens a plain TCP listener", port, tkeProtocolAnnotation))
			continue
		}
		for _, proto := range p {
			if !slices.Contains(tlsProtocols, proto) {
				out = append(out, fmt.Sprintf("port %v is %s; use HTTPS or TCP_SSL", port, proto))
			}
		}
	}
	sort.Strings(out)
	return out
}

// healthCheckProblem says what a TkeServiceConfig lacks for the CLB to
// check its backends, or "".
func healthCheckProblem(c *Resource) string {
	listeners, known := c.Len("spec.loadBalancer.l7Listeners")
	if !known {
		return ""
	}
	rules := 0
	for i := 0; i < listeners; i++ {
		domains, _ := c.Len(fmt.Sprintf("spec.loadBalancer.l7Listeners[%d].domains", i))
		for j := 0; j < domains; j++ {
			base := fmt.Sprintf("spec.loadBalancer.l7Listeners[%d].domains[%d].rules", i, j)
			n, _ := c.Len(base)
			for k := 0; k < n; k++ {
				rules++
				if on, known := c.Bool(fmt.Sprintf("%s[%d].healthCheck.enable", base, k)); known && !on {
					return fmt.Sprintf("the health check of %s[%d] is off", base, k)
				}
			}
		}
	}
	if rules == 0 {
		return "the TkeServiceConfig configures no layer-7 rule, so the CLB's health check is TKE's default"
	}
	return ""
}
