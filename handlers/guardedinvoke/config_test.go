package guardedinvoke

import (
	"strings"
	"testing"
	"time"
)

// env is a lookup over a map.
func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func goodEnv() map[string]string {
	return map[string]string{
		EnvEndpointName:     "llm-primary",
		EnvGuardrailID:      "arn:aws:bedrock:eu-west-1:123456789012:guardrail/abc123def",
		EnvGuardrailVersion: "2",
		EnvInvokeTimeoutMS:  "25000",
		EnvMaxBodyBytes:     "65536",
		EnvMaxNewTokens:     "512",
		EnvRegion:           "eu-west-1",
	}
}

func TestConfigFromEnv(t *testing.T) {
	cfg, err := ConfigFromEnv(env(goodEnv()))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		EndpointName:     "llm-primary",
		GuardrailID:      "arn:aws:bedrock:eu-west-1:123456789012:guardrail/abc123def",
		GuardrailVersion: "2",
		InvokeTimeout:    25 * time.Second,
		MaxBodyBytes:     65536,
		MaxNewTokens:     512,
		HealthCacheTTL:   DefaultHealthCacheSeconds * time.Second,
		Region:           "eu-west-1",
	}
	if cfg != want {
		t.Errorf("cfg = %+v, want %+v", cfg, want)
	}

	e := goodEnv()
	e[EnvHealthCacheSeconds] = "0"
	if cfg, err := ConfigFromEnv(env(e)); err != nil || cfg.HealthCacheTTL != 0 {
		t.Errorf("cache 0: cfg %+v, err %v; want no cache", cfg, err)
	}
}

func TestConfigFromEnvErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  map[string]string // "" deletes
		want []string          // each must appear in the error
	}{
		{"endpoint missing", map[string]string{EnvEndpointName: ""}, []string{EnvEndpointName, "not set"}},
		{"endpoint malformed", map[string]string{EnvEndpointName: "bad_name!"}, []string{EnvEndpointName, "not a SageMaker endpoint name"}},
		{"guardrail missing", map[string]string{EnvGuardrailID: ""}, []string{EnvGuardrailID, "not set"}},
		{"guardrail malformed", map[string]string{EnvGuardrailID: "Not An ID"}, []string{EnvGuardrailID}},
		{"version missing", map[string]string{EnvGuardrailVersion: ""}, []string{EnvGuardrailVersion, "not set"}},
		{"version DRAFT", map[string]string{EnvGuardrailVersion: "DRAFT"}, []string{EnvGuardrailVersion, "DRAFT", "published"}},
		{"version not a number", map[string]string{EnvGuardrailVersion: "v2"}, []string{EnvGuardrailVersion}},
		{"timeout missing", map[string]string{EnvInvokeTimeoutMS: ""}, []string{EnvInvokeTimeoutMS, "not set"}},
		{"timeout zero", map[string]string{EnvInvokeTimeoutMS: "0"}, []string{EnvInvokeTimeoutMS, "positive"}},
		{"timeout negative", map[string]string{EnvInvokeTimeoutMS: "-5"}, []string{EnvInvokeTimeoutMS, "negative"}},
		{"timeout not a number", map[string]string{EnvInvokeTimeoutMS: "30s"}, []string{EnvInvokeTimeoutMS, "not a whole number"}},
		{"timeout huge", map[string]string{EnvInvokeTimeoutMS: "99999999999999999"}, []string{EnvInvokeTimeoutMS, "more than"}},
		{"body missing", map[string]string{EnvMaxBodyBytes: ""}, []string{EnvMaxBodyBytes, "not set"}},
		{"body zero", map[string]string{EnvMaxBodyBytes: "0"}, []string{EnvMaxBodyBytes, "positive"}},
		{"tokens missing", map[string]string{EnvMaxNewTokens: ""}, []string{EnvMaxNewTokens, "not set"}},
		{"tokens malformed", map[string]string{EnvMaxNewTokens: "many"}, []string{EnvMaxNewTokens, "not a whole number"}},
		{"cache negative", map[string]string{EnvHealthCacheSeconds: "-1"}, []string{EnvHealthCacheSeconds, "negative"}},
		{"cache malformed", map[string]string{EnvHealthCacheSeconds: "5s"}, []string{EnvHealthCacheSeconds}},
		{"cache too long", map[string]string{EnvHealthCacheSeconds: "86400"}, []string{EnvHealthCacheSeconds, "more than"}},
		{"several", map[string]string{EnvEndpointName: "", EnvMaxNewTokens: ""}, []string{EnvEndpointName, EnvMaxNewTokens}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := goodEnv()
			for k, v := range tc.set {
				if v == "" {
					delete(e, k)
				} else {
					e[k] = v
				}
			}
			cfg, err := ConfigFromEnv(env(e))
			if err == nil {
				t.Fatalf("no error; cfg %+v", cfg)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if cfg != (Config{}) {
				t.Errorf("a failed parse returned %+v, want the zero Config", cfg)
			}
		})
	}
}
