package modelworkload

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const (
	namespaceType  = "kubernetes:core/v1:Namespace"
	accountType    = "kubernetes:core/v1:ServiceAccount"
	secretType     = "kubernetes:core/v1:Secret"
	serviceType    = "kubernetes:core/v1:Service"
	deploymentType = "kubernetes:apps/v1:Deployment"
	pdbType        = "kubernetes:policy/v1:PodDisruptionBudget"
	configType     = "kubernetes:cloud.tencent.com/v1alpha1:TkeServiceConfig"

	modelURI = "cos://models-1250000000/deepseek-r1-distill-qwen-7b/"
	image    = "ccr.ccs.tencentyun.com/modelfort/vllm-openai@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	// cluster is the cluster testKubeconfig's context names.
	cluster = "cls-a1b2c3d4"
)

// testKubeconfig is a TKE cluster's kubeconfig, as the provider takes it.
const testKubeconfig = `apiVersion: v1
kind: Config
current-context: serving
clusters:
- name: cls-a1b2c3d4
  cluster: {server: "https://10.0.0.14"}
contexts:
- name: serving
  context: {cluster: cls-a1b2c3d4, user: admin}
users:
- name: admin
  user: {token: offline}
`

func required(change func(a *Args)) *Args {
	a := &Args{
		Image:          image,
		ModelURI:       modelURI,
		Region:         "ap-guangzhou",
		Domain:         "llm.internal.example.com",
		LoadBalancerId: pulumi.String("lb-1a2b3c4d"),
		CertificateId:  pulumi.String("VjANRdz8"),
	}
	if change != nil {
		change(a)
	}
	return a
}

// run deploys the workload through a kubernetes provider on the test
// cluster; w is the component, set when it was created.
func run(t *testing.T, args *Args, opts ...pulumi.ResourceOption) (rec *mocktest.Recording, w *Workload, err error) {
	t.Helper()
	rec, err = mocktest.Run(func(ctx *pulumi.Context) error {
		k8s, err := kubernetes.NewProvider(ctx, "tke", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String(testKubeconfig)})
		if err != nil {
			return err
		}
		w, err = NewWorkload(ctx, "llm", args, append([]pulumi.ResourceOption{pulumi.Provider(k8s)}, opts...)...)
		return err
	})
	return rec, w, err
}

// find returns the recorded resource or fails the test.
func find(t *testing.T, rec *mocktest.Recording, typ string) *mocktest.Resource {
	t.Helper()
	r := rec.Find(typ, "llm")
	if r == nil {
		t.Fatalf("no %s:\n%s", typ, rec)
	}
	return r
}

// container is the Deployment's only container.
func container(t *testing.T, dep *mocktest.Resource) string {
	t.Helper()
	if n := len(dep.Get("spec.template.spec.containers").ArrayValue()); n != 1 {
		t.Fatalf("%d containers", n)
	}
	return "spec.template.spec.containers[0]."
}

func strMap(v resource.PropertyValue) map[string]string {
	out := map[string]string{}
	if v.IsObject() {
		for k, e := range v.ObjectValue() {
			for e.IsSecret() {
				e = e.SecretValue().Element
			}
			if e.IsString() {
				out[string(k)] = e.StringValue()
			}
		}
	}
	return out
}

func env(dep *mocktest.Resource) map[string]string {
	out := map[string]string{}
	for _, e := range dep.Get("spec.template.spec.containers[0].env").ArrayValue() {
		out[e.ObjectValue()["name"].StringValue()] = e.ObjectValue()["value"].StringValue()
	}
	return out
}

func TestDefaults(t *testing.T) {
	rec, w, err := run(t, required(nil))
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "llm")
	if comp == nil {
		t.Fatalf("no %s:\n%s", Type, rec)
	}
	for _, typ := range []string{namespaceType, accountType, secretType, serviceType, deploymentType, pdbType, configType} {
		r := find(t, rec, typ)
		if r.Parent != comp.URN || r.Region != cluster {
			t.Errorf("%s: parent %s, cluster %q; want the component's child on %s", typ, r.Parent, r.Region, cluster)
		}
	}
	ns := find(t, rec, namespaceType)
	if ns.Str("metadata.name") != DefaultNamespace || ns.ID != DefaultNamespace {
		t.Errorf("namespace %v (ID %s)", ns.Get("metadata"), ns.ID)
	}
	for _, mode := range []string{"enforce", "audit", "warn"} {
		if got := strMap(ns.Get("metadata.labels"))["pod-security.kubernetes.io/"+mode]; got != "restricted" {
			t.Errorf("pod-security %s is %q; want restricted", mode, got)
		}
	}
	sa := find(t, rec, accountType)
	if sa.Bool("automountServiceAccountToken") || !sa.Has("automountServiceAccountToken") || sa.ID != "modelfort-serving/llm" {
		t.Errorf("service account %v", sa.Inputs)
	}

	dep := find(t, rec, deploymentType)
	c := container(t, dep)
	if dep.Num("spec.replicas") != 2 || dep.Str("spec.strategy.type") != "RollingUpdate" || !dep.Has("spec.strategy.rollingUpdate.maxUnavailable") ||
		dep.Num("spec.strategy.rollingUpdate.maxUnavailable") != 0 || dep.Num("spec.strategy.rollingUpdate.maxSurge") != 1 {
		t.Errorf("deployment spec %v", dep.Get("spec.strategy"))
	}
	if dep.Str("spec.template.spec.serviceAccountName") != "llm" || dep.Bool("spec.template.spec.automountServiceAccountToken") || !dep.Has("spec.template.spec.automountServiceAccountToken") {
		t.Errorf("pod identity %v", dep.Get("spec.template.spec"))
	}
	psc := "spec.template.spec.securityContext."
	if !dep.Bool(psc+"runAsNonRoot") || dep.Num(psc+"runAsUser") == 0 || dep.Str(psc+"seccompProfile.type") != "RuntimeDefault" {
		t.Errorf("pod security context %v", dep.Get("spec.template.spec.securityContext"))
	}
	sc := c + "securityContext."
	if dep.Bool(sc+"allowPrivilegeEscalation") || !dep.Has(sc+"allowPrivilegeEscalation") || !dep.Bool(sc+"readOnlyRootFilesystem") ||
		!dep.Bool(sc+"runAsNonRoot") || dep.Bool(sc+"privileged") || !slices.Equal(dep.Strs(sc+"capabilities.drop"), []string{"ALL"}) || dep.Has(sc+"capabilities.add") {
		t.Errorf("container security context %v", dep.Get(c+"securityContext"))
	}
	if dep.Str(c+"image") != image {
		t.Errorf("image %q", dep.Str(c+"image"))
	}
	for _, p := range []string{"readinessProbe", "livenessProbe", "startupProbe"} {
		if dep.Str(c+p+".httpGet.path") != DefaultHealthPath || dep.Num(c+p+".httpGet.port") != DefaultPort {
			t.Errorf("%s %v", p, dep.Get(c+p))
		}
	}
	if got := dep.Num(c+"startupProbe.periodSeconds") * dep.Num(c+"startupProbe.failureThreshold"); got != DefaultStartupMinutes*60 {
		t.Errorf("the startup probe allows %v s; want %d", got, DefaultStartupMinutes*60)
	}
	res := c + "resources."
	if strMap(dep.Get(res + "limits"))[GPUResource] != "1" || strMap(dep.Get(res + "requests"))[GPUResource] != "1" ||
		strMap(dep.Get(res + "limits"))["memory"] != "32Gi" || strMap(dep.Get(res + "requests"))["cpu"] != "4" {
		t.Errorf("resources %v", dep.Get(c+"resources"))
	}
	tol := dep.Get("spec.template.spec.tolerations").ArrayValue()
	if len(tol) != 1 || strMap(tol[0])["key"] != GPUResource || strMap(tol[0])["operator"] != "Exists" || strMap(tol[0])["effect"] != "NoSchedule" {
		t.Errorf("tolerations %v", tol)
	}
	if dep.Has("spec.template.spec.nodeSelector") {
		t.Errorf("node selector %v", dep.Get("spec.template.spec.nodeSelector"))
	}
	spread := dep.Get("spec.template.spec.topologySpreadConstraints").ArrayValue()
	if len(spread) == 0 || strMap(spread[0])["topologyKey"] != "topology.kubernetes.io/zone" || strMap(spread[0])["whenUnsatisfiable"] != "DoNotSchedule" ||
		!reflect.DeepEqual(strMap(spread[0].ObjectValue()["labelSelector"].ObjectValue()["matchLabels"]), w.Selector) {
		t.Errorf("topology spread %v", spread)
	}
	mounts := map[string]string{}
	for _, m := range dep.Get(c + "volumeMounts").ArrayValue() {
		mounts[strMap(m)["mountPath"]] = strMap(m)["name"]
	}
	for _, v := range dep.Get("spec.template.spec.volumes").ArrayValue() {
		if !v.ObjectValue()["emptyDir"].IsObject() || len(v.ObjectValue()) != 2 {
			t.Errorf("volume %v is not an emptyDir", v)
		}
	}
	for _, p := range []string{"/tmp", "/cache", "/models", "/dev/shm"} {
		if mounts[p] == "" {
			t.Errorf("no writable volume at %s: %v", p, mounts)
		}
	}
	if e := env(dep); e["MODEL_NAME"] != "deepseek-r1-distill-qwen-7b" || e["PORT"] != "8000" || e["HOME"] != "/cache" || e["MODEL_DIR"] != "/models" {
		t.Errorf("env %v", e)
	}

	svc := find(t, rec, serviceType)
	if svc.Str("spec.type") != "LoadBalancer" || svc.Str("spec.externalTrafficPolicy") != "Local" || svc.ID != "modelfort-serving/llm" {
		t.Errorf("service %v", svc.Inputs)
	}
	ann := strMap(svc.Get("metadata.annotations"))
	if ann[LocalOnlyAnnotation] != "true" || len(ann) != 4 {
		t.Errorf("annotations %v", ann)
	}
	ports := svc.Get("spec.ports").ArrayValue()
	if len(ports) != 1 || ports[0].ObjectValue()["port"].NumberValue() != 443 || ports[0].ObjectValue()["protocol"].StringValue() != "TCP" {
		t.Errorf("ports %v", ports)
	}
	if ingress := svc.Outputs["status"].ObjectValue()["loadBalancer"].ObjectValue()["ingress"].ArrayValue(); len(ingress) != 1 {
		t.Errorf("status %v", svc.Outputs["status"])
	}
	secret := find(t, rec, secretType)
	if secret.Str("metadata.name") != "llm-tls" || secret.Str("type") != "Opaque" || strMap(secret.Get("stringData"))[CertificateKey] != "VjANRdz8" {
		t.Errorf("secret %v", secret.Inputs)
	}
	if !secret.Inputs["stringData"].IsSecret() {
		t.Error("the certificate ID is not a secret")
	}
	var protocol map[string]struct {
		Protocol []string                     `json:"protocol"`
		Hosts    map[string]map[string]string `json:"hosts"`
	}
	if err := json.Unmarshal([]byte(ann[ProtocolAnnotation]), &protocol); err != nil {
		t.Fatal(err)
	}
	if p := protocol["443"]; len(protocol) != 1 || !slices.Equal(p.Protocol, []string{"HTTPS"}) || p.Hosts["llm.internal.example.com"]["tls"] != secret.Str("metadata.name") {
		t.Errorf("%s is %s; want HTTPS on 443 for the domain, with the Secret %s", ProtocolAnnotation, ann[ProtocolAnnotation], secret.Str("metadata.name"))
	}
	if !slices.Contains(svc.Dependencies, secret.URN) {
		t.Error("the service does not wait for the certificate's secret")
	}

	cfg := find(t, rec, configType)
	if cfg.Str("apiVersion") != "cloud.tencent.com/v1alpha1" || cfg.Str("kind") != "TkeServiceConfig" || cfg.Str("metadata.namespace") != svc.Str("metadata.namespace") {
		t.Errorf("TkeServiceConfig %v", cfg.Inputs)
	}
	l7 := "spec.loadBalancer.l7Listeners[0]."
	hc := l7 + "domains[0].rules[0].healthCheck."
	if cfg.Str(l7+"protocol") != "HTTPS" || cfg.Num(l7+"port") != 443 || cfg.Str(l7+"domains[0].domain") != "llm.internal.example.com" ||
		cfg.Str(l7+"domains[0].rules[0].url") != "/" || cfg.Str(l7+"domains[0].rules[0].forwardType") != "HTTP" {
		t.Errorf("listener %v", cfg.Get("spec"))
	}
	if !cfg.Bool(hc+"enable") || cfg.Num(hc+"httpCode") != 2 || cfg.Str(hc+"httpCheckMethod") != "GET" || cfg.Str(hc+"httpCheckDomain") != "llm.internal.example.com" ||
		cfg.Num(hc+"timeout") >= cfg.Num(hc+"intervalTime") || cfg.Num(hc+"healthNum") < 2 || cfg.Num(hc+"unHealthNum") < 2 {
		t.Errorf("health check %v", cfg.Get(l7+"domains[0].rules[0].healthCheck"))
	}
	if !slices.Contains(svc.Dependencies, cfg.URN) {
		t.Error("the service does not wait for its TkeServiceConfig")
	}

	pdb := find(t, rec, pdbType)
	if pdb.Num("spec.minAvailable") != 1 || !reflect.DeepEqual(strMap(pdb.Get("spec.selector.matchLabels")), w.Selector) {
		t.Errorf("pod disruption budget %v", pdb.Get("spec"))
	}
	if w.HealthPath != DefaultHealthPath || w.Port != DefaultPort {
		t.Errorf("outputs: health path %q, port %d", w.HealthPath, w.Port)
	}
}

// TestTheChainHolds follows the values from Args through every object
// that must agree on them.
func TestTheChainHolds(t *testing.T) {
	for _, args := range []*Args{required(nil), required(func(a *Args) {
		a.Port, a.HealthPath = 9000, "/v1/health"
		a.ModelURI = "https://models-1250000000.cos.ap-guangzhou.myqcloud.com/r1/"
	})} {
		rec, w, err := run(t, args)
		if err != nil {
			t.Fatal(err)
		}
		svc, dep, cfg := find(t, rec, serviceType), find(t, rec, deploymentType), find(t, rec, configType)
		ann := strMap(svc.Get("metadata.annotations"))
		if ann[ExistedLBAnnotation] != "lb-1a2b3c4d" {
			t.Errorf("%s is %q; want the LoadBalancerId", ExistedLBAnnotation, ann[ExistedLBAnnotation])
		}
		if ann[ServiceConfigAnnotation] != cfg.Str("metadata.name") || cfg.Str("metadata.namespace") != svc.Str("metadata.namespace") {
			t.Errorf("%s is %q; want the TkeServiceConfig %s/%s", ServiceConfigAnnotation, ann[ServiceConfigAnnotation], cfg.Str("metadata.namespace"), cfg.Str("metadata.name"))
		}
		c := container(t, dep)
		hc := cfg.Str("spec.loadBalancer.l7Listeners[0].domains[0].rules[0].healthCheck.httpCheckPath")
		if hc != args.HealthPath && !(args.HealthPath == "" && hc == DefaultHealthPath) || dep.Str(c+"readinessProbe.httpGet.path") != hc || w.HealthPath != hc {
			t.Errorf("health paths: CLB %q, readiness %q, output %q", hc, dep.Str(c+"readinessProbe.httpGet.path"), w.HealthPath)
		}
		containerPort := dep.Num(c + "ports[0].containerPort")
		if svc.Num("spec.ports[0].targetPort") != containerPort || dep.Num(c+"readinessProbe.httpGet.port") != containerPort || int(containerPort) != w.Port {
			t.Errorf("ports: service target %v, container %v, readiness %v, output %d", svc.Get("spec.ports[0].targetPort"), containerPort, dep.Get(c+"readinessProbe.httpGet.port"), w.Port)
		}
		if e := env(dep); e["MODEL_URI"] != args.ModelURI {
			t.Errorf("MODEL_URI is %q; want %q", e["MODEL_URI"], args.ModelURI)
		}
		selector := strMap(svc.Get("spec.selector"))
		template := strMap(dep.Get("spec.template.metadata.labels"))
		for k, v := range selector {
			if template[k] != v {
				t.Errorf("the service selects %s=%s; the pods have %q", k, v, template[k])
			}
		}
		if !reflect.DeepEqual(selector, strMap(dep.Get("spec.selector.matchLabels"))) || !reflect.DeepEqual(selector, w.Selector) || len(selector) == 0 {
			t.Errorf("selectors: service %v, deployment %v, output %v", selector, dep.Get("spec.selector"), w.Selector)
		}
		if dep.Str("spec.template.spec.serviceAccountName") != find(t, rec, accountType).Str("metadata.name") {
			t.Error("the pods do not run as the component's service account")
		}
	}
}

func TestOptions(t *testing.T) {
	rec, w, err := run(t, required(func(a *Args) {
		a.Image = "ccr.ccs.tencentyun.com:443/modelfort/vllm-openai:v0.8.5"
		a.ModelName = "r1-7b"
		a.Replicas, a.GPUsPerReplica, a.CPUs, a.MemoryGiB, a.StartupMinutes = 4, 2, 16, 96, 45
		a.NodeSelector = map[string]string{"node.kubernetes.io/instance-type": "GN7.2XLARGE32"}
		a.Tolerations = []Toleration{{Key: "dedicated", Value: "llm", Effect: "NoExecute"}}
		a.Namespace = "llm"
		a.NamespaceExists = true
	}))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Find(namespaceType, "llm") != nil || w.NamespaceResource != nil {
		t.Error("created a namespace that exists")
	}
	dep := find(t, rec, deploymentType)
	c := container(t, dep)
	if dep.Num("spec.replicas") != 4 || dep.Str("metadata.namespace") != "llm" || dep.ID != "llm/llm" ||
		strMap(dep.Get(c + "resources.limits"))[GPUResource] != "2" || strMap(dep.Get(c + "resources.requests"))["cpu"] != "16" || strMap(dep.Get(c + "resources.limits"))["memory"] != "96Gi" {
		t.Errorf("deployment %v", dep.Inputs)
	}
	if dep.Num(c+"startupProbe.failureThreshold")*dep.Num(c+"startupProbe.periodSeconds") != 45*60 {
		t.Errorf("startup probe %v", dep.Get(c+"startupProbe"))
	}
	if e := env(dep); e["MODEL_NAME"] != "r1-7b" {
		t.Errorf("env %v", e)
	}
	if got := strMap(dep.Get("spec.template.spec.nodeSelector")); got["node.kubernetes.io/instance-type"] != "GN7.2XLARGE32" {
		t.Errorf("node selector %v", got)
	}
	tol := dep.Get("spec.template.spec.tolerations").ArrayValue()
	if len(tol) != 1 || !reflect.DeepEqual(strMap(tol[0]), map[string]string{"key": "dedicated", "operator": "Equal", "value": "llm", "effect": "NoExecute"}) {
		t.Errorf("tolerations %v", tol)
	}
	for _, typ := range []string{accountType, secretType, serviceType, pdbType, configType} {
		if r := find(t, rec, typ); r.Str("metadata.namespace") != "llm" {
			t.Errorf("%s in namespace %q", typ, r.Str("metadata.namespace"))
		}
	}
}

func TestRejections(t *testing.T) {
	for _, tt := range []struct {
		args *Args
		name string
		want string
	}{
		{nil, "llm", `Image is ""; allowed values are images pinned by digest`},
		{required(func(a *Args) { a.Image = "vllm/vllm-openai" }), "llm", `Image is "vllm/vllm-openai"; allowed values are images pinned by digest (REPOSITORY@sha256:<64 hex digits>) or by a tag other than "latest"`},
		{required(func(a *Args) { a.Image = "vllm/vllm-openai:latest" }), "llm", `Image is "vllm/vllm-openai:latest"`},
		{required(func(a *Args) { a.Image = "registry:5000/vllm" }), "llm", `Image is "registry:5000/vllm"`},
		{required(func(a *Args) { a.Image = "vllm/vllm-openai@sha256:abc" }), "llm", `Image is "vllm/vllm-openai@sha256:abc"`},
		{required(func(a *Args) { a.Region = "" }), "llm", `Region is ""; allowed values are Tencent Cloud regions`},
		{required(func(a *Args) { a.ModelURI = "" }), "llm", `ModelURI is ""; allowed values are cos://BUCKET-APPID/PREFIX/ or https://BUCKET-APPID.cos.REGION.myqcloud.com/PREFIX/`},
		{required(func(a *Args) { a.ModelURI = "s3://models/r1/" }), "llm", `ModelURI is "s3://models/r1/"`},
		{required(func(a *Args) { a.ModelURI = "cos://models-1250000000/" }), "llm", `ModelURI is "cos://models-1250000000/"; allowed values are cos://BUCKET-APPID/PREFIX/ or https://BUCKET-APPID.cos.REGION.myqcloud.com/PREFIX/, with a non-empty PREFIX`},
		{required(func(a *Args) { a.ModelURI = "http://models-1250000000.cos.ap-guangzhou.myqcloud.com/r1/" }), "llm", `ModelURI is "http://`},
		{required(func(a *Args) { a.ModelURI = "https://models-1250000000.cos.ap-shanghai.myqcloud.com/r1/" }), "llm", `ModelURI "https://models-1250000000.cos.ap-shanghai.myqcloud.com/r1/" is a COS copy in ap-shanghai; allowed values are copies in Region (ap-guangzhou), where the cluster reads it`},
		{required(func(a *Args) { a.ModelName = "r1 7b" }), "llm", `ModelName is "r1 7b"`},
		{required(func(a *Args) { a.Domain = "LLM" }), "llm", `Domain is "LLM"; allowed values are lower-case DNS names`},
		{required(func(a *Args) { a.LoadBalancerId = nil }), "llm", "LoadBalancerId is nil"},
		{required(func(a *Args) { a.CertificateId = nil }), "llm", "CertificateId is nil"},
		{required(func(a *Args) { a.Port = 80 }), "llm", "Port is 80; allowed values are 1024 to 65535 (0 means 8000)"},
		{required(func(a *Args) { a.HealthPath = "health" }), "llm", `HealthPath is "health"`},
		{required(func(a *Args) { a.Replicas = 1 }), "llm", "Replicas is 1; allowed values are 2 to 32 (0 means 2)"},
		{required(func(a *Args) { a.Replicas = 33 }), "llm", "Replicas is 33; allowed values are 2 to 32"},
		{required(func(a *Args) { a.GPUsPerReplica = 9 }), "llm", "GPUsPerReplica is 9; allowed values are 1 to 8 (0 means 1)"},
		{required(func(a *Args) { a.CPUs = -1 }), "llm", "CPUs is -1; allowed values are 1 to 128"},
		{required(func(a *Args) { a.MemoryGiB = 4096 }), "llm", "MemoryGiB is 4096; allowed values are 1 to 2048"},
		{required(func(a *Args) { a.StartupMinutes = 121 }), "llm", "StartupMinutes is 121; allowed values are 1 to 120"},
		{required(func(a *Args) { a.Namespace = "kube-system" }), "llm", `Namespace is "kube-system"; allowed values are RFC 1123 labels`},
		{required(func(a *Args) { a.Namespace = "default" }), "llm", `Namespace is "default"`},
		{required(func(a *Args) { a.Namespace = "Serving" }), "llm", `Namespace is "Serving"`},
		{required(func(a *Args) { a.NodeSelector = map[string]string{"gpu": "a b"} }), "llm", `NodeSelector has "gpu": "a b"`},
		{required(func(a *Args) { a.Tolerations = []Toleration{{Key: "k", Operator: "In"}} }), "llm", `Tolerations[0].Operator is "In"; allowed values are , Exists, Equal`},
		{required(func(a *Args) { a.Tolerations = []Toleration{{Key: "k", Effect: "Never"}} }), "llm", `Tolerations[0].Effect is "Never"`},
		{required(func(a *Args) { a.Tolerations = []Toleration{{Key: "k", Operator: "Exists", Value: "v"}} }), "llm", `Tolerations[0].Value is "v"; allowed values are empty with Operator Exists`},
		{required(func(a *Args) { a.Tolerations = []Toleration{{Value: "v"}} }), "llm", "Tolerations[0].Key is empty"},
		{required(nil), "0llm", `the name "0llm" names the Kubernetes objects`},
		{required(nil), strings.Repeat("l", MaxNameLength+1), `the name "` + strings.Repeat("l", MaxNameLength+1) + `" names the Kubernetes objects`},
	} {
		rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
			_, err := NewWorkload(ctx, tt.name, tt.args)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "modelworkload "+tt.name+": "+tt.want) {
			t.Errorf("err = %v; want %q", err, tt.want)
		}
		if len(rec.Resources) != 0 {
			t.Errorf("%q: registered before failing:\n%s", tt.want, rec)
		}
	}
}

// TestArgsAreNotChanged: the caller's Args keep their zero values.
func TestArgsAreNotChanged(t *testing.T) {
	a := required(nil)
	if _, _, err := run(t, a); err != nil {
		t.Fatal(err)
	}
	if a.Port != 0 || a.HealthPath != "" || a.Replicas != 0 || a.Tolerations != nil || a.Namespace != "" || a.ModelName != "" {
		t.Errorf("the caller's args were changed: %+v", a)
	}
}

// TestResourceOptionsReachChildren passes protect and the provider: they
// reach every object below the component.
func TestResourceOptionsReachChildren(t *testing.T) {
	rec, _, err := run(t, required(nil), pulumi.Protect(true))
	if err != nil {
		t.Fatal(err)
	}
	comp := rec.Find(Type, "llm")
	if !comp.Protect {
		t.Error("the component is not protected")
	}
	for _, p := range rec.OptionsReach(comp, mocktest.Reach{Region: cluster, Protect: true}) {
		t.Error(p)
	}
}

// TestPreview runs as "pulumi preview" does.
func TestPreview(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		k8s, err := kubernetes.NewProvider(ctx, "tke", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String(testKubeconfig)})
		if err != nil {
			return err
		}
		_, err = NewWorkload(ctx, "llm", required(nil), pulumi.Provider(k8s))
		return err
	}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Resources); n != 9 {
		t.Errorf("%d resources registered; want 9 (provider, component and 7 objects):\n%s", n, rec)
	}
}

// TestLogsReachTheTopic follows the chain container -> LogConfig -> CLS
// topic: with LogTopicId, TKE's collector is told to ship the server
// container's output of this Deployment to the topic; without it, no
// rule is made.
func TestLogsReachTheTopic(t *testing.T) {
	for _, topic := range []string{"", "topic-1"} {
		rec, _, err := run(t, required(func(a *Args) {
			if topic != "" {
				a.LogTopicId = pulumi.String(topic)
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		cfg := rec.Find("kubernetes:cls.cloud.tencent.com/v1:LogConfig", "llm-logs")
		if topic == "" {
			if cfg != nil {
				t.Errorf("a LogConfig without LogTopicId: %v", cfg.Inputs)
			}
			continue
		}
		dep := rec.Find(deploymentType, "llm")
		if cfg == nil || cfg.Str("spec.clsDetail.topicId") != topic || cfg.Str("spec.inputDetail.type") != "container_stdout" || cfg.Str("metadata.name") != "llm-stdout" {
			t.Fatalf("LogConfig %v", cfg)
		}
		w := "spec.inputDetail.containerStdout.workloads[0]."
		if cfg.Str(w+"name") != dep.Str("metadata.name") || cfg.Str(w+"namespace") != dep.Str("metadata.namespace") ||
			cfg.Str(w+"kind") != "deployment" || cfg.Str(w+"container") != dep.Str("spec.template.spec.containers[0].name") {
			t.Errorf("the LogConfig collects %v; the server is %s/%s", cfg.Get("spec.inputDetail"), dep.Str("metadata.namespace"), dep.Str("metadata.name"))
		}
	}
}
