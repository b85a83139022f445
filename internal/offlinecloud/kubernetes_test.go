package offlinecloud

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// testKubeconfig has two contexts on two clusters; the current one sets
// no namespace.
const testKubeconfig = `apiVersion: v1
kind: Config
current-context: serving
clusters:
- name: cls-a1b2c3d4
  cluster: {server: "https://10.0.0.14"}
- name: cls-e5f6a7b8
  cluster: {server: "https://10.1.0.14"}
contexts:
- name: serving
  context: {cluster: cls-a1b2c3d4, user: admin}
- name: staging
  context: {cluster: cls-e5f6a7b8, user: admin, namespace: models}
users:
- name: admin
  user: {token: offline}
`

func kubeEnv(t *testing.T) Env {
	t.Helper()
	env, err := Kubernetes.Configure(inputs(map[string]any{"kubeconfig": testKubeconfig}))
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func TestKubernetesAutonamesMetadataName(t *testing.T) {
	typ := "kubernetes:core/v1:ServiceAccount"
	u := urn(typ, "model-server")
	first := Kubernetes.Check(typ, u, nil, inputs(map[string]any{"metadata": map[string]any{"namespace": "serving"}}), []byte("seed-1"))
	md := first["metadata"].ObjectValue()
	name := md["name"].StringValue()
	want, _ := resource.NewUniqueName([]byte("seed-1"), "model-server-", 0, 0, nil)
	if name != want || len(name) != len("model-server-")+8 {
		t.Errorf("generated name %q; want %q, the logical name and 8 hex digits drawn from the seed as pulumi-kubernetes draws them", name, want)
	}
	if md["namespace"].StringValue() != "serving" || md["annotations"].ObjectValue()[KubeAutonamed].StringValue() != "true" {
		t.Errorf("metadata %v", md)
	}
	// The next run keeps the generated name, whatever the seed.
	again := Kubernetes.Check(typ, u, first, inputs(map[string]any{"metadata": map[string]any{"namespace": "serving"}}), []byte("seed-2"))
	if got := again["metadata"].ObjectValue()["name"].StringValue(); got != name {
		t.Errorf("second run named it %q; want %q", got, name)
	}
	// A name the program gives, a generateName, a name not known yet and a
	// metadata not known yet are left alone.
	for _, md := range []resource.PropertyValue{
		resource.NewProperty(resource.PropertyMap{"name": resource.NewProperty("given")}),
		resource.NewProperty(resource.PropertyMap{"generateName": resource.NewProperty("given-")}),
		resource.NewProperty(resource.PropertyMap{"name": resource.MakeComputed(resource.NewProperty(""))}),
		resource.MakeComputed(resource.NewProperty("")),
	} {
		in := resource.PropertyMap{"metadata": md}
		if got := Kubernetes.Check(typ, u, nil, in, []byte("s")); !got.DeepEquals(in) {
			t.Errorf("Check changed %v into %v", in, got)
		}
	}
	// A name the program gave before is not adopted once it is dropped: a
	// new one is generated.
	named := inputs(map[string]any{"metadata": map[string]any{"name": "given"}})
	if got := Kubernetes.Check(typ, u, named, resource.PropertyMap{}, []byte("s")); got["metadata"].ObjectValue()["name"].StringValue() == "given" {
		t.Error("adopted a name the program gave, not one the provider generated")
	}
}

func TestKubernetesIDs(t *testing.T) {
	env := kubeEnv(t)
	for _, tc := range []struct {
		typ  string
		in   map[string]any
		want string
	}{
		{"kubernetes:core/v1:Namespace", map[string]any{"metadata": map[string]any{"name": "modelfort-serving"}}, "modelfort-serving"},
		{"kubernetes:core/v1:Service", map[string]any{"metadata": map[string]any{"name": "llm", "namespace": "serving"}}, "serving/llm"},
		{"kubernetes:apps/v1:Deployment", map[string]any{"metadata": map[string]any{"name": "llm"}}, "default/llm"},
		{"kubernetes:cloud.tencent.com/v1alpha1:TkeServiceConfig", map[string]any{"metadata": map[string]any{"name": "llm-clb", "namespace": "serving"}}, "serving/llm-clb"},
		{"kubernetes:core/v1:ConfigMap", map[string]any{"metadata": map[string]any{"name": "other", "namespace": "serving"}}, "serving/other"},
	} {
		id, out, err := Kubernetes.Create(env, tc.typ, urn(tc.typ, "x"), inputs(tc.in), false)
		if err != nil || id != tc.want {
			t.Errorf("%s: ID %q, %v; want %q", tc.typ, id, err, tc.want)
			continue
		}
		if out.HasValue("arn") || out["id"].StringValue() != id || !out["metadata"].DeepEquals(inputs(tc.in)["metadata"]) {
			t.Errorf("%s: outputs %v", tc.typ, out)
		}
	}
	// The provider's namespace (or its context's) is the default.
	staging, err := Kubernetes.Configure(inputs(map[string]any{"kubeconfig": testKubeconfig, "context": "staging"}))
	if err != nil {
		t.Fatal(err)
	}
	id, _, _ := Kubernetes.Create(staging, "kubernetes:core/v1:Secret", urn("kubernetes:core/v1:Secret", "x"), inputs(map[string]any{"metadata": map[string]any{"name": "tls"}}), false)
	if id != "models/tls" {
		t.Errorf("ID %q; want models/tls, in the context's namespace", id)
	}
	gen, _, err := Kubernetes.Create(env, "kubernetes:core/v1:Secret", urn("kubernetes:core/v1:Secret", "x"), inputs(map[string]any{"metadata": map[string]any{"generateName": "tls-"}}), false)
	if err != nil || !strings.HasPrefix(gen, "default/tls-") || len(gen) != len("default/tls-")+5 {
		t.Errorf("generateName: ID %q, %v", gen, err)
	}
	if _, _, err := Kubernetes.Create(env, "kubernetes:core/v1:Secret", urn("kubernetes:core/v1:Secret", "x"), resource.PropertyMap{}, false); err == nil || !strings.Contains(err.Error(), "name or generateName is required") {
		t.Errorf("an unnamed object: %v", err)
	}
}

func TestKubernetesReplacesOnChange(t *testing.T) {
	deployment := func(name, app string, replicas int) map[string]any {
		return map[string]any{
			"metadata": map[string]any{"name": name, "namespace": "serving", "labels": map[string]any{"team": "ml"}},
			"spec": map[string]any{
				"replicas": replicas,
				"selector": map[string]any{"matchLabels": map[string]any{"app": app}},
				"template": map[string]any{"metadata": map[string]any{"labels": map[string]any{"app": app}}},
			},
		}
	}
	for _, tc := range []struct {
		typ      string
		old, new map[string]any
		replace  []resource.PropertyKey
	}{
		{"kubernetes:apps/v1:Deployment", deployment("llm", "llm", 2), deployment("llm", "llm", 3), nil},
		{"kubernetes:apps/v1:Deployment", deployment("llm", "llm", 2), deployment("llm", "vllm", 2), []resource.PropertyKey{"spec"}},
		{"kubernetes:apps/v1:Deployment", deployment("llm", "llm", 2), deployment("vllm", "llm", 2), []resource.PropertyKey{"metadata"}},
		{"kubernetes:core/v1:Namespace", map[string]any{"metadata": map[string]any{"name": "a", "labels": map[string]any{"x": "1"}}}, map[string]any{"metadata": map[string]any{"name": "a", "labels": map[string]any{"x": "2"}}}, nil},
		{"kubernetes:core/v1:Service", map[string]any{"metadata": map[string]any{"name": "s", "namespace": "a"}}, map[string]any{"metadata": map[string]any{"name": "s", "namespace": "b"}}, []resource.PropertyKey{"metadata"}},
		{"kubernetes:core/v1:Service", map[string]any{"spec": map[string]any{"clusterIP": "None"}}, map[string]any{"spec": map[string]any{"clusterIP": "10.0.0.1"}}, []resource.PropertyKey{"spec"}},
		{"kubernetes:core/v1:Service", map[string]any{"spec": map[string]any{"ports": []any{map[string]any{"port": 443}}}}, map[string]any{"spec": map[string]any{"ports": []any{map[string]any{"port": 8443}}}}, nil},
		{"kubernetes:core/v1:Secret", map[string]any{"stringData": map[string]any{"qcloud_cert_id": "a"}}, map[string]any{"stringData": map[string]any{"qcloud_cert_id": "b"}}, []resource.PropertyKey{"stringData"}},
		{"kubernetes:policy/v1:PodDisruptionBudget", map[string]any{"spec": map[string]any{"minAvailable": 1}}, map[string]any{"spec": map[string]any{"minAvailable": 2}}, nil},
	} {
		d := Kubernetes.Diff(tc.typ, inputs(tc.old), inputs(tc.new))
		if d.Changes != plugin.DiffSome || !slices.Equal(d.ReplaceKeys, tc.replace) {
			t.Errorf("%s %v -> %v: changes %v, replace %v; want %v", tc.typ, tc.old, tc.new, d.Changes, d.ReplaceKeys, tc.replace)
		}
		replaces := false
		for _, pd := range d.DetailedDiff {
			replaces = replaces || pd.Kind.IsReplace()
		}
		if replaces != (len(tc.replace) > 0) {
			t.Errorf("%s: detailed diff %v", tc.typ, d.DetailedDiff)
		}
	}
}

func TestKubernetesStatus(t *testing.T) {
	env := kubeEnv(t)
	dep := inputs(map[string]any{"metadata": map[string]any{"name": "llm", "namespace": "serving"}, "spec": map[string]any{"replicas": 3}})
	_, out, err := Kubernetes.Create(env, "kubernetes:apps/v1:Deployment", urn("kubernetes:apps/v1:Deployment", "llm"), dep, false)
	if err != nil {
		t.Fatal(err)
	}
	st := out["status"].ObjectValue()
	if st["readyReplicas"].NumberValue() != 3 || st["availableReplicas"].NumberValue() != 3 || st["updatedReplicas"].NumberValue() != 3 {
		t.Errorf("deployment status %v", st)
	}
	svc := func(typ string, ann map[string]any) resource.PropertyMap {
		return inputs(map[string]any{"metadata": map[string]any{"name": "llm", "namespace": "serving", "annotations": ann}, "spec": map[string]any{"type": typ}})
	}
	_, out, _ = Kubernetes.Create(env, kubeService, urn(kubeService, "llm"), svc("LoadBalancer", map[string]any{TkeExistedLBAnnotation: "lb-1a2b3c4d"}), false)
	ingress := out["status"].ObjectValue()["loadBalancer"].ObjectValue()["ingress"].ArrayValue()
	if len(ingress) != 1 || ingress[0].ObjectValue()["ip"].StringValue() != TkeCLBAddress {
		t.Errorf("service bound to an existing CLB: status %v", out["status"])
	}
	_, out, _ = Kubernetes.Create(env, kubeService, urn(kubeService, "llm"), svc("LoadBalancer", map[string]any{}), false)
	if ip := out["status"].ObjectValue()["loadBalancer"].ObjectValue()["ingress"].ArrayValue()[0].ObjectValue()["ip"].StringValue(); !strings.HasPrefix(ip, "10.0.") {
		t.Errorf("ingress %q", ip)
	}
	_, out, _ = Kubernetes.Create(env, kubeService, urn(kubeService, "llm"), svc("ClusterIP", map[string]any{}), false)
	if out["status"].ObjectValue()["loadBalancer"].ObjectValue().HasValue("ingress") {
		t.Errorf("a ClusterIP service has an ingress: %v", out["status"])
	}
	// During a preview the status is unknown, the program's inputs known.
	_, out, _ = Kubernetes.Create(env, "kubernetes:apps/v1:Deployment", urn("kubernetes:apps/v1:Deployment", "llm"), dep, true)
	if !out["status"].IsComputed() || !out["metadata"].DeepEquals(dep["metadata"]) {
		t.Errorf("preview outputs %v", out)
	}
}

func TestKubernetesConfigure(t *testing.T) {
	t.Setenv("KUBECONFIG", "")
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(testKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		config            map[string]any
		cluster, ns, fail string
	}{
		{map[string]any{"kubeconfig": testKubeconfig}, "cls-a1b2c3d4", "default", ""},
		{map[string]any{"kubeconfig": path}, "cls-a1b2c3d4", "default", ""},
		{map[string]any{"kubeconfig": testKubeconfig, "context": "staging"}, "cls-e5f6a7b8", "models", ""},
		{map[string]any{"kubeconfig": testKubeconfig, "context": "staging", "namespace": "serving", "cluster": "cls-other"}, "cls-other", "serving", ""},
		{map[string]any{"kubeconfig": testKubeconfig, "context": "prod"}, "", "", `context "prod" does not exist`},
		{map[string]any{"kubeconfig": "/nonexistent/kubeconfig"}, "", "", "reading the kubeconfig"},
		{map[string]any{}, "default", "default", ""},
	} {
		env, err := Kubernetes.Configure(inputs(tc.config))
		if tc.fail != "" {
			if err == nil || !strings.Contains(err.Error(), tc.fail) {
				t.Errorf("%v: err %v; want %q", tc.config, err, tc.fail)
			}
			continue
		}
		if err != nil || env.Region != tc.cluster || env.Account != tc.ns {
			t.Errorf("%v: env %+v, %v; want cluster %s, namespace %s", tc.config, env, err, tc.cluster, tc.ns)
		}
	}
	// The provider may hold the kubeconfig as a secret.
	env, err := Kubernetes.Configure(resource.PropertyMap{"kubeconfig": resource.MakeSecret(resource.NewProperty(testKubeconfig))})
	if err != nil || env.Region != "cls-a1b2c3d4" {
		t.Errorf("secret kubeconfig: %+v, %v", env, err)
	}
	t.Setenv("KUBECONFIG", path)
	if env, err := Kubernetes.Configure(resource.PropertyMap{}); err != nil || env.Region != "cls-a1b2c3d4" {
		t.Errorf("$KUBECONFIG: %+v, %v", env, err)
	}
	// A kubeconfig not known yet (a preview) is none, not $KUBECONFIG's.
	unknown := resource.PropertyMap{"kubeconfig": resource.MakeComputed(resource.NewProperty(""))}
	if env, err := Kubernetes.Configure(unknown); err != nil || env.Region != "default" {
		t.Errorf("unknown kubeconfig: %+v, %v", env, err)
	}
	// servingcluster's kubeconfig is JSON on one line.
	json := `{"apiVersion":"v1","kind":"Config","current-context":"modelfort-serving","clusters":[{"name":"modelfort-serving","cluster":{"server":"https://10.0.0.14"}}],"contexts":[{"name":"modelfort-serving","context":{"cluster":"modelfort-serving","user":"admin"}}]}`
	if env, err := Kubernetes.Configure(inputs(map[string]any{"kubeconfig": json})); err != nil || env.Region != "modelfort-serving" {
		t.Errorf("JSON kubeconfig: %+v, %v", env, err)
	}
}

func kubeDeploymentWith(selector, labels map[string]any) map[string]any {
	return map[string]any{
		"metadata": map[string]any{"name": "llm"},
		"spec": map[string]any{
			"selector": selector,
			"template": map[string]any{
				"metadata": map[string]any{"labels": labels},
				"spec":     map[string]any{"containers": []any{map[string]any{"name": "vllm", "ports": []any{map[string]any{"containerPort": 8000}}}}},
			},
		},
	}
}

func kubeDeploymentPort(port int) map[string]any {
	d := kubeDeploymentWith(map[string]any{"matchLabels": map[string]any{"app": "llm"}}, map[string]any{"app": "llm"})
	d["spec"].(map[string]any)["template"].(map[string]any)["spec"] = map[string]any{"containers": []any{map[string]any{"name": "vllm", "ports": []any{map[string]any{"containerPort": port}}}}}
	return d
}

func kubeServiceWith(ann map[string]any, ports ...map[string]any) map[string]any {
	ps := make([]any, len(ports))
	for i, p := range ports {
		ps[i] = p
	}
	return map[string]any{"metadata": map[string]any{"name": "llm", "annotations": ann}, "spec": map[string]any{"type": "LoadBalancer", "ports": ps}}
}

// kubeRuleCases holds a refused and an accepted input for every
// Kubernetes rule, on every type it applies to.
var kubeRuleCases = []ruleCase{
	{"K8S-NAME-RFC1123-LABEL", kubeNamespace, map[string]any{"metadata": map[string]any{"name": "Model_Serving"}}, map[string]any{"metadata": map[string]any{"name": "0model-serving"}}, `Namespace "Model_Serving" is invalid: metadata.name: Invalid value: "Model_Serving": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`},
	{"K8S-NAME-RFC1123-LABEL", kubeNamespace, map[string]any{"metadata": map[string]any{"name": strings.Repeat("n", 64)}}, map[string]any{"metadata": map[string]any{"name": strings.Repeat("n", 63)}}, "must be no more than 63 characters"},
	{"K8S-NAME-DNS1035", kubeService, map[string]any{"metadata": map[string]any{"name": "0llm"}}, map[string]any{"metadata": map[string]any{"name": "llm-0"}}, `Service "0llm" is invalid: metadata.name: Invalid value: "0llm": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character`},
	{"K8S-NAME-DNS1035", kubeService, map[string]any{"metadata": map[string]any{"name": "llm.serving"}}, map[string]any{"metadata": map[string]any{"name": "llm-serving"}}, "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?'"},
	{"K8S-NAME-RFC1123-SUBDOMAIN", kubeServiceAccount, map[string]any{"metadata": map[string]any{"name": "Model"}}, map[string]any{"metadata": map[string]any{"name": "model.server"}}, `ServiceAccount "Model" is invalid: metadata.name: Invalid value: "Model": a lowercase RFC 1123 subdomain`},
	{"K8S-NAME-RFC1123-SUBDOMAIN", kubeSecret, map[string]any{"metadata": map[string]any{"name": "tls-"}}, map[string]any{"metadata": map[string]any{"name": "tls"}}, `Secret "tls-" is invalid`},
	{"K8S-NAME-RFC1123-SUBDOMAIN", kubeDeployment, map[string]any{"metadata": map[string]any{"name": "llm_1"}}, map[string]any{"metadata": map[string]any{"name": "llm-1"}}, `Deployment.apps "llm_1" is invalid: metadata.name`},
	{"K8S-NAME-RFC1123-SUBDOMAIN", kubePDB, map[string]any{"metadata": map[string]any{"name": strings.Repeat("p", 254)}}, map[string]any{"metadata": map[string]any{"name": strings.Repeat("p", 253)}}, `is invalid: metadata.name: Invalid value: "` + strings.Repeat("p", 254) + `": must be no more than 253 characters`},
	{"K8S-NAME-RFC1123-SUBDOMAIN", kubeTkeConfig, map[string]any{"metadata": map[string]any{"name": "LLM"}}, map[string]any{"metadata": map[string]any{"name": "llm-clb"}}, `TkeServiceConfig.cloud.tencent.com "LLM" is invalid`},
	{"K8S-LABEL-VALUE", kubeNamespace, map[string]any{"metadata": map[string]any{"labels": map[string]any{"pod-security.kubernetes.io/enforce": "restricted!"}}}, map[string]any{"metadata": map[string]any{"labels": map[string]any{"pod-security.kubernetes.io/enforce": "restricted"}}}, `metadata.labels: Invalid value: "restricted!": a valid label must be an empty string or consist of alphanumeric characters`},
	{"K8S-LABEL-VALUE", kubeServiceAccount, map[string]any{"metadata": map[string]any{"labels": map[string]any{"v": strings.Repeat("v", 64)}}}, map[string]any{"metadata": map[string]any{"labels": map[string]any{"v": ""}}}, "must be no more than 63 characters"},
	{"K8S-LABEL-VALUE", kubeSecret, map[string]any{"metadata": map[string]any{"labels": map[string]any{"a": "-x"}}}, map[string]any{"metadata": map[string]any{"labels": map[string]any{"a": "x_y.z-1"}}}, "metadata.labels: Invalid value"},
	{"K8S-LABEL-VALUE", kubeService, map[string]any{"spec": map[string]any{"selector": map[string]any{"app": "model server"}}}, map[string]any{"spec": map[string]any{"selector": map[string]any{"app": "model-server"}}}, `spec.selector: Invalid value: "model server"`},
	{"K8S-LABEL-VALUE", kubeDeployment, kubeDeploymentWith(map[string]any{"matchLabels": map[string]any{"app": "a/b"}}, map[string]any{"app": "a/b"}), kubeDeploymentWith(map[string]any{"matchLabels": map[string]any{"app": "a-b"}}, map[string]any{"app": "a-b"}), `spec.template.metadata.labels: Invalid value: "a/b"`},
	{"K8S-LABEL-VALUE", kubePDB, map[string]any{"spec": map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": "x:y"}}}}, map[string]any{"spec": map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": "xy"}}}}, `spec.selector.matchLabels: Invalid value: "x:y"`},
	{"K8S-LABEL-VALUE", kubeTkeConfig, map[string]any{"metadata": map[string]any{"labels": map[string]any{"a": "b."}}}, map[string]any{"metadata": map[string]any{"labels": map[string]any{"a": "b"}}}, `metadata.labels: Invalid value: "b."`},
	{"K8S-SERVICE-PORT", kubeService, kubeServiceWith(nil, map[string]any{"port": 0}), kubeServiceWith(nil, map[string]any{"port": 443}), `Service "llm" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`},
	{"K8S-SERVICE-PORT", kubeService, kubeServiceWith(nil, map[string]any{"port": 443, "targetPort": 70000}), kubeServiceWith(nil, map[string]any{"port": 443, "targetPort": "http"}), "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"},
	{"K8S-NODEPORT-RANGE", kubeService, kubeServiceWith(nil, map[string]any{"port": 443}, map[string]any{"port": 80, "nodePort": 8080}), kubeServiceWith(nil, map[string]any{"port": 443, "nodePort": 0}, map[string]any{"port": 80, "nodePort": 32767}), `Service "llm" is invalid: spec.ports[1].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767`},
	{"K8S-CONTAINER-PORT", kubeDeployment, kubeDeploymentPort(65536), kubeDeploymentPort(8000), `Deployment.apps "llm" is invalid: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive`},
	{"K8S-SELECTOR-MATCH", kubeDeployment, kubeDeploymentWith(map[string]any{"matchLabels": map[string]any{"app": "llm"}}, map[string]any{"app": "vllm", "tier": "gpu"}), kubeDeploymentWith(map[string]any{"matchLabels": map[string]any{"app": "llm"}}, map[string]any{"app": "llm", "tier": "gpu"}), `Deployment.apps "llm" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"vllm", "tier":"gpu"}: ` + "`selector` does not match template `labels`"},
	{"K8S-SELECTOR-MATCH", kubeDeployment, kubeDeploymentWith(map[string]any{"matchExpressions": []any{map[string]any{"key": "tier", "operator": "In", "values": []any{"cpu"}}}}, map[string]any{"tier": "gpu"}), kubeDeploymentWith(map[string]any{"matchExpressions": []any{map[string]any{"key": "tier", "operator": "In", "values": []any{"cpu", "gpu"}}, map[string]any{"key": "canary", "operator": "DoesNotExist"}}}, map[string]any{"tier": "gpu"}), "`selector` does not match template `labels`"},
	{"K8S-SELECTOR-MATCH", kubeDeployment, map[string]any{"spec": map[string]any{"template": map[string]any{"metadata": map[string]any{"labels": map[string]any{"app": "llm"}}}}}, kubeDeploymentWith(map[string]any{"matchLabels": map[string]any{}}, map[string]any{"app": "llm"}), "spec.selector: Required value"},
	{"TKE-SERVICE-CONFIG-NAME", kubeService, kubeServiceWith(map[string]any{TkeServiceConfigAnnotation: "llm-auto-service-config"}), kubeServiceWith(map[string]any{TkeServiceConfigAnnotation: "llm-clb"}), "cannot end in -auto-service-config or -auto-ingress-config (llm-auto-service-config)"},
	{"TKE-SERVICE-CONFIG-NAME", kubeService, kubeServiceWith(map[string]any{TkeServiceConfigAnnotation: "llm-clb", TkeServiceConfigAuto: "true"}), kubeServiceWith(map[string]any{TkeServiceConfigAuto: "true"}), "cannot be used at the same time"},
	{"TKE-SPECIFY-PROTOCOL", kubeService, kubeServiceWith(map[string]any{TkeProtocolAnnotation: `{"443":{"protocol":["HTTPS"]}}`}), kubeServiceWith(map[string]any{TkeProtocolAnnotation: `{"443":{"protocol":["HTTPS"],"hosts":{"llm.example.com":{"tls":"llm-tls"}}}}`}), "gives port 443 HTTPS without hosts and their certificate Secret (tls)"},
	{"TKE-SPECIFY-PROTOCOL", kubeService, kubeServiceWith(map[string]any{TkeProtocolAnnotation: `{"443":{"protocol":["HTTPS"],"hosts":{"llm.example.com":{}}}}`}), kubeServiceWith(map[string]any{TkeProtocolAnnotation: `{"443":{"protocol":["HTTPS"],"tls":"llm-tls"}}`}), `gives host "llm.example.com" of port 443 HTTPS without a certificate Secret (tls)`},
	{"TKE-SPECIFY-PROTOCOL", kubeService, kubeServiceWith(map[string]any{TkeProtocolAnnotation: `{"443":{"protocol":["SSL"]}}`}), kubeServiceWith(map[string]any{TkeProtocolAnnotation: `{"80":{"protocol":["TCP","UDP"]}}`}), `gives port 443 the protocol "SSL"; allowed values are TCP, UDP, TCP_SSL, HTTP, HTTPS, QUIC`},
	{"TKE-SPECIFY-PROTOCOL", kubeService, kubeServiceWith(map[string]any{TkeProtocolAnnotation: `443: HTTPS`}), kubeServiceWith(map[string]any{TkeProtocolAnnotation: `{"443":{"protocol":["TCP_SSL"],"tls":"llm-tls"}}`}), "is not a JSON object of ports"},
}

// TestKubernetesRulesRefuseAndAccept checks every rule with a value the
// API server (or TKE) refuses and one it accepts.
func TestKubernetesRulesRefuseAndAccept(t *testing.T) {
	for _, tc := range kubeRuleCases {
		t.Run(tc.rule, func(t *testing.T) {
			refused := Kubernetes.Refusals(tc.typ, inputs(tc.bad))
			var found *Refusal
			for i := range refused {
				if refused[i].RuleID == tc.rule && strings.Contains(refused[i].Message, tc.want) {
					found = &refused[i]
				}
			}
			if found == nil {
				t.Fatalf("%s did not refuse %v with %q (refusals: %v)", tc.rule, tc.bad, tc.want, refused)
			}
			if !strings.HasPrefix(found.Source, "https://kubernetes.io/docs/") && !strings.HasPrefix(found.Source, "https://www.tencentcloud.com/document/product/457/") {
				t.Errorf("source %q is neither Kubernetes's nor TKE's documentation", found.Source)
			}
			if got := Kubernetes.Refusals(tc.typ, inputs(tc.good)); len(got) > 0 {
				t.Errorf("%v was refused: %v", tc.good, got)
			}
		})
	}
}

// TestEveryKubernetesRuleHasCases keeps the table above complete: a case
// for every rule of every type.
func TestEveryKubernetesRuleHasCases(t *testing.T) {
	cases := map[string]bool{}
	for _, tc := range kubeRuleCases {
		cases[tc.rule+" "+tc.typ] = true
	}
	for typ, rules := range Kubernetes.Rules {
		if _, ok := Kubernetes.Kinds[typ]; !ok {
			t.Errorf("rules for %s, a type the stand-in does not shape", typ)
		}
		for _, r := range rules {
			if !cases[r.ID+" "+typ] {
				t.Errorf("rule %s of %s has no refused and accepted case in kubeRuleCases", r.ID, typ)
			}
			if r.Property == "" || r.Refuses == "" || r.Message == "" || r.Source == "" || r.check == nil {
				t.Errorf("rule %s of %s is incomplete: %+v", r.ID, typ, r)
			}
		}
	}
}

// TestKubernetesRulesSkipUnknownValues: what is not known yet is never
// refused.
func TestKubernetesRulesSkipUnknownValues(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewProperty(""))
	md := func(m resource.PropertyMap) resource.PropertyValue { return resource.NewProperty(m) }
	cases := map[string]resource.PropertyMap{
		kubeNamespace: {"metadata": md(resource.PropertyMap{"name": unknown, "labels": md(resource.PropertyMap{"a": unknown})})},
		kubeService: {
			"metadata": md(resource.PropertyMap{"annotations": md(resource.PropertyMap{TkeProtocolAnnotation: unknown})}),
			"spec":     md(resource.PropertyMap{"ports": resource.NewProperty([]resource.PropertyValue{md(resource.PropertyMap{"nodePort": unknown, "port": unknown})})}),
		},
		kubeDeployment: {"spec": md(resource.PropertyMap{
			"selector": md(resource.PropertyMap{"matchLabels": md(resource.PropertyMap{"app": unknown})}),
			"template": md(resource.PropertyMap{"metadata": md(resource.PropertyMap{"labels": md(resource.PropertyMap{"app": resource.NewProperty("llm")})})}),
		})},
		kubeSecret: {"metadata": unknown},
	}
	for typ, in := range cases {
		if got := Kubernetes.Refusals(typ, in); len(got) > 0 {
			t.Errorf("%s: refused what is not known: %v", typ, got)
		}
	}
}

// TestKubernetesCheckThroughThePlugin drives the provider as the engine
// does: Check names the object from the engine's seed and fails on a
// refused value, with the API server's wording.
func TestKubernetesCheckThroughThePlugin(t *testing.T) {
	p := NewProvider(Kubernetes)
	typ := kubeService
	resp, err := p.Check(context.Background(), plugin.CheckRequest{
		URN: urn(typ, "llm"), Type: "kubernetes:core/v1:Service", RandomSeed: []byte("engine-seed"),
		News: inputs(map[string]any{"metadata": map[string]any{"namespace": "serving"}, "spec": map[string]any{"ports": []any{map[string]any{"port": 443}}}}),
	})
	if err != nil || len(resp.Failures) != 0 {
		t.Fatalf("a valid service failed the check: %v %v", resp.Failures, err)
	}
	want, _ := resource.NewUniqueName([]byte("engine-seed"), "llm-", 0, 0, nil)
	if got := resp.Properties["metadata"].ObjectValue()["name"].StringValue(); got != want {
		t.Errorf("name %q; want %q", got, want)
	}
	resp, err = p.Check(context.Background(), plugin.CheckRequest{
		URN: urn(typ, "llm"), Type: "kubernetes:core/v1:Service",
		News: inputs(map[string]any{"metadata": map[string]any{"name": "llm"}, "spec": map[string]any{"ports": []any{map[string]any{"port": 443, "nodePort": 443}}}}),
	})
	if err != nil || len(resp.Failures) != 1 {
		t.Fatalf("failures %v, %v; want one", resp.Failures, err)
	}
	if f := resp.Failures[0]; f.Property != "spec" || !strings.HasPrefix(f.Reason, `Service "llm" is invalid: spec.ports[0].nodePort: Invalid value: 443: provided port is not in the valid range.`) ||
		!strings.Contains(f.Reason, "K8S-NODEPORT-RANGE") || !strings.Contains(f.Reason, srcK8sNodePort) {
		t.Errorf("failure %+v", f)
	}
}

// TestKubernetesKindsMatchTheSDK checks the Kinds table against the
// pulumi-kubernetes SDK: every type exists (a custom resource's module
// aside), every computed attribute is an output, and every replacing
// property starts at an input.
func TestKubernetesKindsMatchTheSDK(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi-kubernetes/sdk/v4").Output()
	if err != nil {
		t.Fatalf("locating the SDK: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "go", "kubernetes")
	for typ, k := range Kubernetes.Kinds {
		parts := strings.Split(typ, ":")
		group, version, _ := strings.Cut(parts[1], "/")
		name := parts[2]
		file := filepath.Join(dir, group, version, strings.ToLower(name[:1])+name[1:]+".go")
		var outputs, ins map[string]bool
		if src, err := os.ReadFile(file); err == nil {
			outputs, ins = fields(src, name), fields(src, strings.ToLower(name[:1])+name[1:]+"Args")
		} else if strings.Contains(group, ".") {
			// A custom resource: apiextensions.CustomResource.
			src, err := os.ReadFile(filepath.Join(dir, "apiextensions", "customResource.go"))
			if err != nil {
				t.Fatal(err)
			}
			outputs, ins = fields(src, "CustomResource"), fields(src, "customResourceArgs")
		} else {
			t.Errorf("%s: not in the SDK: %v", typ, err)
			continue
		}
		for attr := range k.Computed {
			if !outputs[attr] {
				t.Errorf("%s: computed attribute %q is not an output of the SDK's type", typ, attr)
			}
		}
		for _, in := range k.ForceNew {
			top, _, _ := strings.Cut(in, ".")
			if !ins[top] {
				t.Errorf("%s: %q is not under an input of the SDK's type", typ, in)
			}
		}
		if k.Autonamer == nil || !k.NoARN {
			t.Errorf("%s: want autonaming in metadata.name and no arn", typ)
		}
	}
}
