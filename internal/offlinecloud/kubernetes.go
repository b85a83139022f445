package offlinecloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"gopkg.in/yaml.v3"
)

// Kubernetes is the stand-in for pulumi-kubernetes v4.32.0, the version
// that sdk/go/kubernetes/pulumi-plugin.json of the SDK in go.mod asks the
// engine for. It shapes the objects modelfort puts on a TKE cluster; other
// types get the same treatment as namespaced objects.
//
// As pulumi-kubernetes does:
//
//   - an object without metadata.name (and without metadata.generateName)
//     gets "<logical name>-<8 hex digits>" from the engine's random seed,
//     with the annotation pulumi.com/autonamed: "true"; the next run keeps
//     a name the previous one generated;
//   - the ID is "NAMESPACE/NAME" for a namespaced object (the namespace
//     defaults to the provider's), "NAME" for a cluster-scoped one
//     (Namespace);
//   - a change to metadata.name or metadata.namespace replaces the object,
//     as do the type's immutable fields (a Deployment's spec.selector, a
//     Service's spec.clusterIP, a Secret's type and data, since the
//     provider's enableSecretMutable is off by default).
//
// Outputs are the inputs plus "status" where the API server reports one
// (a Namespace's phase, a Deployment's ready replicas, a LoadBalancer
// Service's ingress address). The server's metadata (uid, resourceVersion,
// creationTimestamp) is not modelled: outputs copy inputs by top-level
// name, and a refresh would turn such a field into an input.
//
// Where it acts: Env.Region is the name of the cluster the kubeconfig's
// context selects (TKE's kubeconfigs name it after the cluster ID,
// "cls-..."), or the provider's "cluster"; Env.Account is the default
// namespace, from the provider's "namespace", the context's namespace or
// "default". Without a kubeconfig (the provider's, or $KUBECONFIG) the
// cluster is "default"; the stand-in never reads ~/.kube/config.
var Kubernetes = &Cloud{
	Package:   "kubernetes",
	Version:   "4.32.0",
	Default:   kubeKind(true, nil),
	Configure: kubernetesConfigure,
	Rules:     kubernetesRules,
	Kinds: map[string]Kind{
		kubeNamespace:      kubeKind(false, map[string]Attr{"status": Value(map[string]any{"phase": "Active"})}),
		kubeServiceAccount: kubeKind(true, nil),
		kubeSecret:         kubeKind(true, nil, "type", "data", "stringData"),
		kubeService:        kubeKind(true, map[string]Attr{"status": kubeServiceStatus}, "spec.clusterIP"),
		kubeDeployment:     kubeKind(true, map[string]Attr{"status": kubeDeploymentStatus}, "spec.selector"),
		// policy/v1 PodDisruptionBudgets are mutable; only v1beta1 replaced
		// on a change of spec.
		kubePDB:       kubeKind(true, nil),
		kubeTkeConfig: kubeKind(true, nil),
	},
}

// KubeAutonamed is the annotation pulumi-kubernetes puts on an object
// whose name it generated.
const KubeAutonamed = "pulumi.com/autonamed"

// TkeCLBAddress is the address a LoadBalancer Service that TKE binds to an
// existing CLB (annotation service.kubernetes.io/tke-existed-lbid) reports
// as its ingress: the address the offline Tencent Cloud gives every CLB.
const TkeCLBAddress = "10.0.0.10"

// kubeKind shapes an object: autonamed in metadata.name, replaced when its
// name, its namespace or one of forceNew changes.
func kubeKind(namespaced bool, computed map[string]Attr, forceNew ...string) Kind {
	return Kind{
		Autonamer: kubeAutoname,
		NoARN:     true,
		ID:        kubeID(namespaced),
		ForceNew:  append([]string{"metadata.name", "metadata.namespace"}, forceNew...),
		Computed:  computed,
	}
}

// kubeAutoname fills in metadata.name as pulumi-kubernetes's Check does
// (provider/pkg/metadata/naming.go): unless the program gave a name or a
// generateName (known or not), the name a previous run generated is kept,
// else one is drawn from the engine's seed.
func kubeAutoname(urn resource.URN, olds, news resource.PropertyMap, seed []byte) resource.PropertyMap {
	md, ok := kubeObject(news["metadata"])
	if !ok {
		return news
	}
	for _, k := range []resource.PropertyKey{"name", "generateName"} {
		if v, has := md[k]; has && (v.HasValue() || v.ContainsUnknowns()) {
			return news
		}
	}
	name := ""
	if old, ok := kubeObject(olds["metadata"]); ok {
		if ann, ok := kubeObject(old["annotations"]); ok && str(ann[KubeAutonamed]) == "true" {
			name = str(old["name"])
		}
	}
	if name == "" {
		if len(seed) == 0 {
			seed = []byte(urn)
		}
		var err error
		if name, err = resource.NewUniqueName(seed, urn.Name()+"-", 0, 0, nil); err != nil {
			return news
		}
	}
	md["name"] = resource.NewProperty(name)
	if ann, ok := kubeObject(md["annotations"]); ok {
		ann[KubeAutonamed] = resource.NewProperty("true")
		md["annotations"] = resource.NewProperty(ann)
	}
	news["metadata"] = resource.NewProperty(md)
	return news
}

// kubeObject returns a copy of an object value (an empty one when the value
// is absent or null), or false when it is not known yet or not an object.
func kubeObject(v resource.PropertyValue) (resource.PropertyMap, bool) {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	switch {
	case v.IsNull():
		return resource.PropertyMap{}, true
	case v.IsObject():
		return v.ObjectValue().Copy(), true
	}
	return nil, false
}

// kubeID is "NAMESPACE/NAME", or "NAME" for a cluster-scoped object, as
// pulumi-kubernetes's IDs are. An object named by generateName gets the
// prefix and 5 characters, as the API server names it.
func kubeID(namespaced bool) Attr {
	return func(r *Instance) (resource.PropertyValue, error) {
		md, _ := kubeObject(r.Inputs["metadata"])
		name := str(md["name"])
		if name == "" {
			if gen := str(md["generateName"]); gen != "" {
				digits, _ := r.expand("{hex8}")
				name = gen + digits[:5]
			}
		}
		if name == "" {
			return resource.PropertyValue{}, errors.New("metadata.name: Required value: name or generateName is required")
		}
		if !namespaced {
			return resource.NewProperty(name), nil
		}
		ns := str(md["namespace"])
		if ns == "" {
			ns = r.Env.Account
		}
		if ns == "" {
			ns = "default"
		}
		return resource.NewProperty(ns + "/" + name), nil
	}
}

// kubeDeploymentStatus is the status of a Deployment that pulumi-kubernetes's
// await logic accepts: every replica updated, ready and available.
func kubeDeploymentStatus(r *Instance) (resource.PropertyValue, error) {
	replicas := 1.0
	if spec, ok := kubeObject(r.Inputs["spec"]); ok {
		if v, ok := known(spec["replicas"]); ok && v.IsNumber() {
			replicas = v.NumberValue()
		}
	}
	return resource.NewPropertyValue(map[string]any{
		"observedGeneration": 1,
		"replicas":           replicas,
		"updatedReplicas":    replicas,
		"readyReplicas":      replicas,
		"availableReplicas":  replicas,
		"conditions": []any{
			map[string]any{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
			map[string]any{"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"},
		},
	}), nil
}

// kubeServiceStatus gives a LoadBalancer Service the ingress address its load
// balancer has: the existing CLB's when TKE binds one, else an address
// derived from the ID.
func kubeServiceStatus(r *Instance) (resource.PropertyValue, error) {
	spec, _ := kubeObject(r.Inputs["spec"])
	if str(spec["type"]) != "LoadBalancer" {
		return resource.NewPropertyValue(map[string]any{"loadBalancer": map[string]any{}}), nil
	}
	ip := fmt.Sprintf("10.0.%d.%d", r.seed[0], 1+int(r.seed[1])%254)
	md, _ := kubeObject(r.Inputs["metadata"])
	if ann, ok := kubeObject(md["annotations"]); ok && str(ann[TkeExistedLBAnnotation]) != "" {
		ip = TkeCLBAddress
	}
	return resource.NewPropertyValue(map[string]any{
		"loadBalancer": map[string]any{"ingress": []any{map[string]any{"ip": ip}}},
	}), nil
}

// kubeconfigFile is the part of a kubeconfig file the stand-in reads.
type kubeconfigFile struct {
	CurrentContext string `yaml:"current-context"`
	Contexts       []struct {
		Name    string `yaml:"name"`
		Context struct {
			Cluster   string `yaml:"cluster"`
			Namespace string `yaml:"namespace"`
		} `yaml:"context"`
	} `yaml:"contexts"`
}

// kubernetesConfigure reads where the provider acts from its kubeconfig
// (the file's contents or its path, as the provider takes it; without
// one, the first file of $KUBECONFIG), "context", "cluster" and
// "namespace".
func kubernetesConfigure(config resource.PropertyMap) (Env, error) {
	given, has := config["kubeconfig"]
	text := str(given)
	if !has {
		// A kubeconfig not known yet (a preview) reads as none.
		if paths := filepath.SplitList(os.Getenv("KUBECONFIG")); len(paths) > 0 {
			text = paths[0]
		}
	}
	cluster, namespace := "", ""
	if text != "" {
		if !strings.Contains(text, "\n") && !strings.HasPrefix(strings.TrimSpace(text), "{") {
			b, err := os.ReadFile(text)
			if err != nil {
				return Env{}, fmt.Errorf("reading the kubeconfig: %w", err)
			}
			text = string(b)
		}
		var kc kubeconfigFile
		if err := yaml.Unmarshal([]byte(text), &kc); err != nil {
			return Env{}, fmt.Errorf("parsing the kubeconfig: %w", err)
		}
		name := kc.CurrentContext
		if c := str(config["context"]); c != "" {
			name = c
		}
		found := false
		for _, c := range kc.Contexts {
			if c.Name == name {
				cluster, namespace, found = c.Context.Cluster, c.Context.Namespace, true
			}
		}
		if !found {
			return Env{}, fmt.Errorf("invalid kubeconfig: context %q does not exist", name)
		}
	}
	if c := str(config["cluster"]); c != "" {
		cluster = c
	}
	if n := str(config["namespace"]); n != "" {
		namespace = n
	}
	if cluster == "" {
		cluster = "default"
	}
	if namespace == "" {
		namespace = "default"
	}
	return Env{Region: cluster, Account: namespace}, nil
}

// The documentation the Kubernetes rules come from.
const (
	srcK8sNames         = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/"
	srcK8sLabels        = "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set"
	srcK8sNodePort      = "https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport"
	srcK8sServicePorts  = "https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec"
	srcK8sContainerPort = "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports"
	srcK8sSelector      = "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector"
	srcTkeServiceConfig = "https://www.tencentcloud.com/document/product/457/36834"
	srcTkeProtocol      = "https://www.tencentcloud.com/document/product/457/39141"
)

// The API server's descriptions of its name and label formats
// (k8s.io/apimachinery/pkg/util/validation), as its refusals quote them.
const (
	kubeRFC1123LabelMsg     = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
	kubeRFC1123SubdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
	kubeDNS1035LabelMsg     = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
	kubeLabelValueMsg       = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)

var (
	kubeRFC1123Label     = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	kubeRFC1123Subdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	kubeDNS1035Label     = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
	kubeLabelValue       = regexp.MustCompile(`^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$`)
)

// Type tokens of the objects the rules check.
const (
	kubeNamespace      = "kubernetes:core/v1:Namespace"
	kubeServiceAccount = "kubernetes:core/v1:ServiceAccount"
	kubeSecret         = "kubernetes:core/v1:Secret"
	kubeService        = "kubernetes:core/v1:Service"
	kubeDeployment     = "kubernetes:apps/v1:Deployment"
	kubePDB            = "kubernetes:policy/v1:PodDisruptionBudget"
	kubeTkeConfig      = "kubernetes:cloud.tencent.com/v1alpha1:TkeServiceConfig"
)

// kubernetesRules are the values the API server (and, for a Service's
// annotations, TKE's service controller) refuses.
var kubernetesRules = func() map[string][]Rule {
	rules := map[string][]Rule{
		kubeNamespace: {kubeNameRule(kubeNamespace, "K8S-NAME-RFC1123-LABEL", "an RFC 1123 label", kubeRFC1123Label, kubeRFC1123LabelMsg, 63)},
		kubeService: {
			kubeNameRule(kubeService, "K8S-NAME-DNS1035", "a DNS-1035 label (a Service's name starts with a letter)", kubeDNS1035Label, kubeDNS1035LabelMsg, 63),
			kubePortRule(kubeService, "K8S-SERVICE-PORT", "spec.ports[].port", srcK8sServicePorts),
			kubePortRule(kubeService, "K8S-SERVICE-PORT", "spec.ports[].targetPort", srcK8sServicePorts),
			kubeNodePortRule(),
			tkeServiceConfigRule(),
			tkeProtocolRule(),
		},
		kubeDeployment: {
			kubePortRule(kubeDeployment, "K8S-CONTAINER-PORT", "spec.template.spec.containers[].ports[].containerPort", srcK8sContainerPort),
			kubeSelectorRule(),
		},
	}
	for _, typ := range []string{kubeServiceAccount, kubeSecret, kubeDeployment, kubePDB, kubeTkeConfig} {
		rules[typ] = append(rules[typ], kubeNameRule(typ, "K8S-NAME-RFC1123-SUBDOMAIN", "an RFC 1123 subdomain", kubeRFC1123Subdomain, kubeRFC1123SubdomainMsg, 253))
	}
	labels := map[string][]string{
		kubeService:    {"spec.selector"},
		kubeDeployment: {"spec.selector.matchLabels", "spec.template.metadata.labels"},
		kubePDB:        {"spec.selector.matchLabels"},
	}
	for _, typ := range []string{kubeNamespace, kubeServiceAccount, kubeSecret, kubeService, kubeDeployment, kubePDB, kubeTkeConfig} {
		rules[typ] = append(rules[typ], kubeLabelRule(typ, append([]string{"metadata.labels"}, labels[typ]...)))
	}
	return rules
}()

// kubeInvalid is the API server's refusal of an object:
// `Deployment.apps "NAME" is invalid: FIELD: DETAIL`.
func kubeInvalid(typ string, in resource.PropertyMap, field, detail string) string {
	parts := strings.Split(typ, ":")
	kind := parts[len(parts)-1]
	if len(parts) == 3 {
		if group, _, _ := strings.Cut(parts[1], "/"); group != "core" {
			kind += "." + group
		}
	}
	md, _ := kubeObject(in["metadata"])
	return fmt.Sprintf("%s %q is invalid: %s: %s", kind, str(md["name"]), field, detail)
}

// kubeNameRule refuses a metadata.name that does not match re or is longer
// than max.
func kubeNameRule(typ, id, format string, re *regexp.Regexp, msg string, max int) Rule {
	return Rule{
		ID: id, Property: "metadata.name", Source: srcK8sNames,
		Refuses: fmt.Sprintf("a name that is not %s of at most %d characters", format, max),
		Message: fmt.Sprintf(`metadata.name: Invalid value: "X": %s`, msg),
		check: func(in resource.PropertyMap) []violation {
			var out []violation
			for _, a := range lookup(in, "metadata.name") {
				if !a.v.IsString() {
					continue
				}
				s := a.v.StringValue()
				if len(s) > max {
					out = append(out, violation{a.path, kubeInvalid(typ, in, "metadata.name", fmt.Sprintf("Invalid value: %q: must be no more than %d characters", s, max))})
				}
				if !re.MatchString(s) {
					out = append(out, violation{a.path, kubeInvalid(typ, in, "metadata.name", fmt.Sprintf("Invalid value: %q: %s", s, msg))})
				}
			}
			return out
		},
	}
}

// kubeLabelRule refuses a label value (under metadata.labels, a selector or a
// pod template's labels) that is not a valid label value.
func kubeLabelRule(typ string, paths []string) Rule {
	return Rule{
		ID: "K8S-LABEL-VALUE", Property: strings.Join(paths, ", "), Source: srcK8sLabels,
		Refuses: "a label value longer than 63 characters, or of other characters than alphanumerics, `-`, `_` and `.`, or not beginning and ending with an alphanumeric",
		Message: `metadata.labels: Invalid value: "X": ` + kubeLabelValueMsg,
		check: func(in resource.PropertyMap) []violation {
			var out []violation
			for _, p := range paths {
				for _, a := range lookup(in, p) {
					if !a.v.IsObject() {
						continue
					}
					obj := a.v.ObjectValue()
					for _, k := range obj.StableKeys() {
						v, ok := known(obj[k])
						if !ok || !v.IsString() {
							continue
						}
						s := v.StringValue()
						if len(s) > 63 {
							out = append(out, violation{a.path + "." + string(k), kubeInvalid(typ, in, a.path, fmt.Sprintf("Invalid value: %q: must be no more than 63 characters", s))})
						}
						if !kubeLabelValue.MatchString(s) {
							out = append(out, violation{a.path + "." + string(k), kubeInvalid(typ, in, a.path, fmt.Sprintf("Invalid value: %q: %s", s, kubeLabelValueMsg))})
						}
					}
				}
			}
			return out
		},
	}
}

// eachKubeNumber refuses every number under path that bad reports, with
// the API server's wording: FIELD: Invalid value: N: DETAIL.
func eachKubeNumber(typ, path string, bad func(n float64) bool, detail string) func(resource.PropertyMap) []violation {
	return func(in resource.PropertyMap) []violation {
		var out []violation
		for _, a := range lookup(in, path) {
			if a.v.IsNumber() && bad(a.v.NumberValue()) {
				out = append(out, violation{a.path, kubeInvalid(typ, in, a.path, fmt.Sprintf("Invalid value: %s: %s", text(a.v), detail))})
			}
		}
		return out
	}
}

// kubePortRule refuses a port number outside 1 to 65535 (a targetPort that
// is a name is not checked).
func kubePortRule(typ, id, path, source string) Rule {
	const detail = "must be between 1 and 65535, inclusive"
	return Rule{
		ID: id, Property: path, Source: source,
		Refuses: "a port number outside 1 to 65535",
		Message: strings.ReplaceAll(path, "[]", "[0]") + ": Invalid value: X: " + detail,
		check:   eachKubeNumber(typ, path, func(n float64) bool { return n < 1 || n > 65535 }, detail),
	}
}

// kubeNodePortRule refuses a Service's node port outside the default range of
// the API server's --service-node-port-range (0 asks it to allocate one).
func kubeNodePortRule() Rule {
	const detail = "provided port is not in the valid range. The range of valid ports is 30000-32767"
	return Rule{
		ID: "K8S-NODEPORT-RANGE", Property: "spec.ports[].nodePort", Source: srcK8sNodePort,
		Refuses: "a node port outside 30000 to 32767, the default --service-node-port-range (TKE's too); 0 lets the API server allocate one",
		Message: "spec.ports[0].nodePort: Invalid value: X: " + detail,
		check:   eachKubeNumber(kubeService, "spec.ports[].nodePort", func(n float64) bool { return n != 0 && (n < 30000 || n > 32767) }, detail),
	}
}

// kubeStringMap reads an object of strings; ok is false when a value is not a
// known string.
func kubeStringMap(v resource.PropertyValue) (map[string]string, bool) {
	obj, ok := kubeObject(v)
	if !ok {
		return nil, false
	}
	out := map[string]string{}
	for k, e := range obj {
		e, ok := known(e)
		if !ok || !e.IsString() {
			return nil, false
		}
		out[string(k)] = e.StringValue()
	}
	return out, true
}

// kubeSelectorRule refuses a Deployment whose selector is missing or does not
// select its own pod template's labels.
func kubeSelectorRule() Rule {
	return Rule{
		ID: "K8S-SELECTOR-MATCH", Property: "spec.selector", Source: srcK8sSelector,
		Refuses: "a Deployment without `spec.selector`, or whose selector (`matchLabels`, `matchExpressions`) does not select `spec.template.metadata.labels`",
		Message: "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"X\"}: `selector` does not match template `labels`",
		check: func(in resource.PropertyMap) []violation {
			spec, ok := kubeObject(in["spec"])
			if !ok || in["spec"].IsNull() {
				return nil
			}
			sel, has := spec["selector"]
			if !has || sel.IsNull() {
				return []violation{{"spec.selector", kubeInvalid(kubeDeployment, in, "spec.selector", "Required value")}}
			}
			selector, ok := known(sel)
			if !ok || !selector.IsObject() || selector.ContainsUnknowns() {
				return nil
			}
			var labels map[string]string
			if tmpl, ok := kubeObject(spec["template"]); ok {
				if md, ok := kubeObject(tmpl["metadata"]); ok {
					if labels, ok = kubeStringMap(md["labels"]); !ok {
						return nil
					}
				} else {
					return nil
				}
			} else {
				return nil
			}
			if len(labels) == 0 {
				labels = nil
			}
			if kubeSelects(selector.ObjectValue(), labels) {
				return nil
			}
			return []violation{{"spec.template.metadata.labels", kubeInvalid(kubeDeployment, in, "spec.template.metadata.labels",
				fmt.Sprintf("Invalid value: %#v: `selector` does not match template `labels`", labels))}}
		},
	}
}

// kubeSelects reports whether a label selector selects labels.
func kubeSelects(selector resource.PropertyMap, labels map[string]string) bool {
	match, ok := kubeStringMap(selector["matchLabels"])
	if !ok {
		return true
	}
	for k, v := range match {
		if got, has := labels[k]; !has || got != v {
			return false
		}
	}
	exprs := selector["matchExpressions"]
	if !exprs.IsArray() {
		return true
	}
	for _, e := range exprs.ArrayValue() {
		expr, ok := kubeObject(e)
		if !ok {
			continue
		}
		key := str(expr["key"])
		var values []string
		if v := expr["values"]; v.IsArray() {
			values = stringList(v)
		}
		got, has := labels[key]
		switch str(expr["operator"]) {
		case "In":
			if !has || !slices.Contains(values, got) {
				return false
			}
		case "NotIn":
			if has && slices.Contains(values, got) {
				return false
			}
		case "Exists":
			if !has {
				return false
			}
		case "DoesNotExist":
			if has {
				return false
			}
		}
	}
	return true
}

// The annotations of a Service that TKE's service controller reads.
const (
	TkeExistedLBAnnotation     = "service.kubernetes.io/tke-existed-lbid"
	TkeServiceConfigAnnotation = "service.cloud.tencent.com/tke-service-config"
	TkeServiceConfigAuto       = "service.cloud.tencent.com/tke-service-config-auto"
	TkeProtocolAnnotation      = "service.cloud.tencent.com/specify-protocol"
)

// tkeServiceConfigRule refuses what TKE's documentation of
// TkeServiceConfig forbids: naming one's own configuration and asking for
// an automatic one, or naming it with the suffix of the automatic ones.
// TKE does not refuse the Service; its controller reports the error as an
// event and never configures the CLB, so pulumi-kubernetes's wait for the
// load balancer times out. The wording is the stand-in's.
func tkeServiceConfigRule() Rule {
	return Rule{
		ID: "TKE-SERVICE-CONFIG-NAME", Property: "metadata.annotations", Source: srcTkeServiceConfig,
		Refuses: "a Service annotated with both `" + TkeServiceConfigAnnotation + "` and `" + TkeServiceConfigAuto + "`, or naming a TkeServiceConfig that ends in `-auto-service-config` or `-auto-ingress-config`",
		Message: "TKE service controller: the annotations " + TkeServiceConfigAnnotation + " and " + TkeServiceConfigAuto + " cannot be used at the same time, and a TkeServiceConfig named in " + TkeServiceConfigAnnotation + " cannot end in -auto-service-config or -auto-ingress-config (X)",
		check: func(in resource.PropertyMap) []violation {
			md, _ := kubeObject(in["metadata"])
			ann, ok := kubeObject(md["annotations"])
			if !ok {
				return nil
			}
			name := str(ann[TkeServiceConfigAnnotation])
			auto := str(ann[TkeServiceConfigAuto]) == "true"
			if name == "" || !auto && !strings.HasSuffix(name, "-auto-service-config") && !strings.HasSuffix(name, "-auto-ingress-config") {
				return nil
			}
			return []violation{{"metadata.annotations", "TKE service controller: the annotations " + TkeServiceConfigAnnotation + " and " + TkeServiceConfigAuto +
				" cannot be used at the same time, and a TkeServiceConfig named in " + TkeServiceConfigAnnotation + " cannot end in -auto-service-config or -auto-ingress-config (" + name + ")"}}
		},
	}
}

// tkeProtocols are the protocols of TKE's Service extension protocol.
var tkeProtocols = []string{"TCP", "UDP", "TCP_SSL", "HTTP", "HTTPS", "QUIC"}

// tkeProtocolRule refuses a specify-protocol annotation TKE cannot read: not
// a JSON object of ports, a protocol it does not know, or TCP_SSL, HTTPS
// or QUIC without the Secret of a certificate ("tls", for HTTPS in each of
// "hosts"). Like TKE-SERVICE-CONFIG-NAME, TKE reports it as an event; the
// wording is the stand-in's.
func tkeProtocolRule() Rule {
	return Rule{
		ID: "TKE-SPECIFY-PROTOCOL", Property: "metadata.annotations", Source: srcTkeProtocol,
		Refuses: "a `" + TkeProtocolAnnotation + "` annotation that is not a JSON object of ports, names a protocol other than " + strings.Join(tkeProtocols, ", ") + ", or asks for TCP_SSL, HTTPS or QUIC without a certificate Secret (`tls`; for HTTPS, `tls` in each of `hosts`)",
		Message: "TKE service controller: " + TkeProtocolAnnotation + " X",
		check: func(in resource.PropertyMap) []violation {
			md, _ := kubeObject(in["metadata"])
			ann, ok := kubeObject(md["annotations"])
			if !ok {
				return nil
			}
			v, ok := known(ann[TkeProtocolAnnotation])
			if !ok || !v.IsString() {
				return nil
			}
			if problem := tkeProtocolProblem(v.StringValue()); problem != "" {
				return []violation{{"metadata.annotations", "TKE service controller: " + TkeProtocolAnnotation + " " + problem}}
			}
			return nil
		},
	}
}

// tkeProtocolProblem says what is wrong with a specify-protocol value, or
// returns "".
func tkeProtocolProblem(value string) string {
	var ports map[string]struct {
		Protocol []string                  `json:"protocol"`
		TLS      string                    `json:"tls"`
		Hosts    map[string]map[string]any `json:"hosts"`
	}
	if err := json.Unmarshal([]byte(value), &ports); err != nil {
		return fmt.Sprintf("is not a JSON object of ports: %v", err)
	}
	for _, port := range slices.Sorted(maps.Keys(ports)) {
		spec := ports[port]
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("names the port %q", port)
		}
		if len(spec.Protocol) == 0 {
			return fmt.Sprintf("gives port %s no protocol", port)
		}
		for _, p := range spec.Protocol {
			if !slices.Contains(tkeProtocols, p) {
				return fmt.Sprintf("gives port %s the protocol %q; allowed values are %s", port, p, strings.Join(tkeProtocols, ", "))
			}
			if p == "HTTPS" && spec.TLS == "" {
				if len(spec.Hosts) == 0 {
					return fmt.Sprintf("gives port %s HTTPS without hosts and their certificate Secret (tls)", port)
				}
				for _, h := range slices.Sorted(maps.Keys(spec.Hosts)) {
					if tls, _ := spec.Hosts[h]["tls"].(string); tls == "" {
						return fmt.Sprintf("gives host %q of port %s HTTPS without a certificate Secret (tls)", h, port)
					}
				}
			}
			if (p == "TCP_SSL" || p == "QUIC") && spec.TLS == "" {
				return fmt.Sprintf("gives port %s %s without a certificate Secret (tls)", port, p)
			}
		}
	}
	return ""
}
