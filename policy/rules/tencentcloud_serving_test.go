package rules

import (
	"strings"
	"testing"
)

// tcService is a Service that TKE binds to the CLB lb-1, with the
// annotations changed by ann (a nil value removes one) and a port 443.
func tcService(ann map[string]any) *Resource {
	a := map[string]any{
		tkeExistedLBAnnotation:   "lb-1",
		tkeProtocolAnnotation:    `{"443":{"protocol":["HTTPS"],"hosts":{"model.example.internal":{"tls":"llm-tls"}}}}`,
		tkeServiceConfigAnnotate: "llm-clb",
	}
	for k, v := range ann {
		if v == nil {
			delete(a, k)
		} else {
			a[k] = v
		}
	}
	return res(k8sServiceType, "svc", map[string]any{
		"metadata": map[string]any{"name": "llm", "namespace": "serving", "annotations": a},
		"spec":     map[string]any{"type": "LoadBalancer", "ports": []any{map[string]any{"port": 443, "targetPort": 8000}}},
	})
}

// tkeConfig is the TkeServiceConfig llm-clb with its health check on or
// off.
func tkeConfig(enable bool) *Resource {
	return res(tkeServiceConfigType, "cfg", map[string]any{
		"metadata": map[string]any{"name": "llm-clb", "namespace": "serving"},
		"spec": map[string]any{"loadBalancer": map[string]any{"l7Listeners": []any{map[string]any{
			"protocol": "HTTPS", "port": 443,
			"domains": []any{map[string]any{"domain": "model.example.internal", "rules": []any{map[string]any{
				"url": "/", "healthCheck": map[string]any{"enable": enable, "httpCheckPath": "/health"}}}}},
		}}}},
	})
}

func init() {
	for id, c := range map[string]struct{ pass, fail *Stack }{
		"tc-clb-https-only": {
			one("dev", tcService(nil), res(tcListenerType, "l", map[string]any{"protocol": "HTTPS"}),
				// A Service TKE does not bind to a CLB is not a listener.
				res(k8sServiceType, "internal", map[string]any{"spec": map[string]any{"type": "ClusterIP", "ports": []any{map[string]any{"port": 80}}}})),
			one("dev", tcService(map[string]any{tkeProtocolAnnotation: `{"443":{"protocol":["HTTP"]}}`}), tkeConfig(true)),
		},
		"tc-clb-health-check": {
			one("dev", tcService(nil), tkeConfig(true), res(tcListenerRuleType, "r", map[string]any{"healthCheckSwitch": true})),
			one("dev", tcService(nil), tkeConfig(false)),
		},
		"tc-alarm-receivers": {
			one("dev", res(tcAlarmPolicyType, "p", map[string]any{"noticeIds": []any{"notice-1a2b3c4d"}})),
			one("dev", res(tcAlarmPolicyType, "p", map[string]any{"noticeIds": []any{}})),
		},
	} {
		cases[id] = c
	}
}

// TestServingRulesNameWhatIsMissing: each way a bound Service or its
// health check falls short is named.
func TestServingRulesNameWhatIsMissing(t *testing.T) {
	for _, tt := range []struct {
		stack *Stack
		rule  string
		want  string
	}{
		{one("dev", tcService(map[string]any{tkeProtocolAnnotation: nil})), "tc-clb-https-only", "port 443 has no service.cloud.tencent.com/specify-protocol entry"},
		{one("dev", tcService(map[string]any{tkeProtocolAnnotation: "443:HTTPS"})), "tc-clb-https-only", "is not a JSON object of ports"},
		{one("dev", res(tcListenerType, "l", map[string]any{"protocol": "TCP"})), "tc-clb-https-only", "the listener's protocol is TCP"},
		{one("dev", tcService(map[string]any{tkeServiceConfigAnnotate: nil})), "tc-clb-health-check", "names no TkeServiceConfig of the stack"},
		{one("dev", tcService(nil)), "tc-clb-health-check", "names no TkeServiceConfig of the stack"},
		{one("dev", res(tcListenerRuleType, "r", map[string]any{"healthCheckSwitch": false})), "tc-clb-health-check", "the listener rule's health check is off"},
	} {
		var rule Rule
		for _, r := range All() {
			if r.ID == tt.rule {
				rule = r
			}
		}
		vs := Evaluate(tt.stack, []Rule{rule})
		if len(vs) != 1 || !strings.Contains(vs[0].Message, tt.want) {
			t.Errorf("%s: %v; want one violation saying %q", tt.rule, vs, tt.want)
		}
	}
}
