package modelworkload

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and limits.
const (
	DefaultNamespace      = "modelfort-serving"
	DefaultPort           = 8000
	DefaultHealthPath     = "/health"
	DefaultReplicas       = 2
	MinReplicas           = 2
	MaxReplicas           = 32
	DefaultGPUsPerReplica = 1
	MaxGPUsPerReplica     = 8
	DefaultCPUs           = 4
	MaxCPUs               = 128
	DefaultMemoryGiB      = 32
	MaxMemoryGiB          = 2048
	DefaultStartupMinutes = 30
	MaxStartupMinutes     = 120
	// MinPort is the lowest container port: the server runs as a non-root
	// user without capabilities, which cannot bind below 1024.
	MinPort = 1024
	// ListenerPort is the CLB's HTTPS port.
	ListenerPort = 443
	// MaxNameLength is the longest component name: it names the
	// Kubernetes objects ("NAME-tls", "NAME-clb") and labels them.
	MaxNameLength = 50
	// GPUResource is the extended resource of NVIDIA GPUs on TKE nodes.
	GPUResource = "nvidia.com/gpu"
)

// Toleration lets the pods run on nodes with a matching taint, as a
// Kubernetes toleration does.
type Toleration struct {
	// Key is the taint's key; empty with Operator Exists matches every
	// taint.
	Key string
	// Operator is "Exists" or "Equal" (empty means Equal).
	Operator string
	// Value is the taint's value; empty with Exists.
	Value string
	// Effect is "NoSchedule", "PreferNoSchedule", "NoExecute" or empty
	// (every effect).
	Effect string
}

// DefaultTolerations tolerate the taint TKE's GPU node pools carry.
var DefaultTolerations = []Toleration{{Key: GPUResource, Operator: "Exists", Effect: "NoSchedule"}}

// Args configures a Workload. Image, ModelURI, Region, Domain,
// LoadBalancerId and CertificateId are required; every other field's zero
// value is the secure default.
type Args struct {
	// Image is the model server's image, pinned by digest
	// ("REPOSITORY@sha256:<64 hex digits>") or by a tag other than
	// "latest". It must copy the model from MODEL_URI into MODEL_DIR and
	// serve it on PORT as a non-root user. Required.
	Image string
	// ModelURI is the COS copy of the model artifact in Region, read by the
	// container at start: "cos://BUCKET-APPID/PREFIX/" or
	// "https://BUCKET-APPID.cos.REGION.myqcloud.com/PREFIX/". Required.
	ModelURI string
	// Region is the cluster's region, where ModelURI's copy must be
	// ("ap-guangzhou"). A ModelURI whose host names another region is
	// refused. Required.
	Region string
	// ModelName is the name the server serves the model under (MODEL_NAME).
	// Default: the last segment of ModelURI's path.
	ModelName string
	// Domain is the name clients use: the HTTPS host of the CLB's listener
	// rule, covered by the certificate, resolved (private DNS) to the
	// CLB's address. Required.
	Domain string
	// LoadBalancerId is the existing internal CLB ("lb-...") that TKE binds
	// the Service to. Required.
	LoadBalancerId pulumi.StringInput
	// CertificateId is the SSL Certificates ID of Domain's certificate,
	// which the CLB's HTTPS listener presents. Required.
	CertificateId pulumi.StringInput
	// Port is the container's HTTP port: 1024 to 65535. Default: 8000
	// (vLLM's).
	Port int
	// HealthPath is the server's health endpoint, probed by Kubernetes and
	// by the CLB: "/" then up to 199 of letters, digits and "-_./=?".
	// Default: "/health" (vLLM's).
	HealthPath string
	// Replicas is the number of pods: 2 to 32. Default: 2.
	Replicas int
	// GPUsPerReplica is each pod's nvidia.com/gpu: 1 to 8. Default: 1.
	GPUsPerReplica int
	// CPUs each pod requests: 1 to 128. Default: 4.
	CPUs int
	// MemoryGiB is each pod's memory, requested and limited: 1 to 2048;
	// a quarter of it is the shared memory (/dev/shm) of tensor
	// parallelism. Default: 32.
	MemoryGiB int
	// StartupMinutes is how long a pod may take to load its model before
	// Kubernetes restarts it: 1 to 120. Default: 30.
	StartupMinutes int
	// NodeSelector restricts the pods to nodes with these labels (the GPU
	// pool's). Default: none (the GPU request alone selects GPU nodes).
	NodeSelector map[string]string
	// Tolerations let the pods onto tainted nodes. Default: tolerate the
	// nvidia.com/gpu NoSchedule taint.
	Tolerations []Toleration
	// Namespace is where the objects go: an RFC 1123 label, not "default"
	// nor a kube- namespace. Default: "modelfort-serving".
	Namespace string
	// NamespaceExists uses an existing namespace instead of creating one
	// that enforces the restricted Pod Security Standard (explicit
	// loosening: the existing namespace's admission applies). Default:
	// false.
	NamespaceExists bool
	// LogTopicId is a CLS log topic that the server's standard output goes
	// to, through a LogConfig of TKE's log collector (the cluster's log
	// agent must be on). Default: none (logs stay on the nodes).
	LogTopicId pulumi.StringInput
}

var (
	dns1035Label  = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
	rfc1123Label  = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	imageRepo     = regexp.MustCompile(`^[a-z0-9][a-z0-9._/:-]*$`)
	imageDigest   = regexp.MustCompile(`^[a-z0-9][a-z0-9._/:-]*@sha256:[0-9a-f]{64}$`)
	imageTag      = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	tencentRegion = regexp.MustCompile(`^[a-z]+-[a-z]+(-[a-z0-9]+)*$`)
	cosHost       = regexp.MustCompile(`^([a-z0-9][a-z0-9-]*-[0-9]+)\.cos\.([a-z0-9-]+)\.myqcloud\.com$`)
	modelName     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
	healthPath    = regexp.MustCompile(`^/[A-Za-z0-9\-_./=?]{0,199}$`)
	labelKey      = regexp.MustCompile(`^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)
	labelValue    = regexp.MustCompile(`^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$`)
)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if !dns1035Label.MatchString(name) || len(name) > MaxNameLength {
		return fmt.Errorf("the name %q names the Kubernetes objects; allowed values are a lower-case letter, then up to %d lower-case letters, digits and '-', not ending in '-'", name, MaxNameLength-1)
	}
	if err := a.validateImage(); err != nil {
		return err
	}
	if err := a.validateModel(); err != nil {
		return err
	}
	if !verify.IsDNSName(a.Domain) {
		return fmt.Errorf("Domain is %q; allowed values are lower-case DNS names such as llm.internal.example.com, covered by the certificate", a.Domain)
	}
	if a.LoadBalancerId == nil {
		return fmt.Errorf("LoadBalancerId is nil; give the existing internal CLB (lb-...) that TKE binds the Service to")
	}
	if a.CertificateId == nil {
		return fmt.Errorf("CertificateId is nil; give the SSL Certificates ID of Domain's certificate")
	}
	if err := a.validateServer(); err != nil {
		return err
	}
	return a.validatePlacement()
}

// validateImage refuses an image that is not pinned.
func (a *Args) validateImage() error {
	pinned := imageDigest.MatchString(a.Image)
	if !pinned && !strings.Contains(a.Image, "@") {
		// A colon after the last slash starts a tag; one before it is a
		// registry's port.
		if colon := strings.LastIndexByte(a.Image, ':'); colon > strings.LastIndexByte(a.Image, '/') {
			tag := a.Image[colon+1:]
			pinned = imageRepo.MatchString(a.Image[:colon]) && imageTag.MatchString(tag) && tag != "latest"
		}
	}
	if !pinned {
		return fmt.Errorf("Image is %q; allowed values are images pinned by digest (REPOSITORY@sha256:<64 hex digits>) or by a tag other than \"latest\"", a.Image)
	}
	return nil
}

// validateModel checks ModelURI against Region and fills in ModelName.
func (a *Args) validateModel() error {
	if !tencentRegion.MatchString(a.Region) {
		return fmt.Errorf("Region is %q; allowed values are Tencent Cloud regions such as ap-guangzhou", a.Region)
	}
	const forms = "cos://BUCKET-APPID/PREFIX/ or https://BUCKET-APPID.cos.REGION.myqcloud.com/PREFIX/"
	u, err := url.Parse(a.ModelURI)
	if err != nil || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") == "" {
		return fmt.Errorf("ModelURI is %q; allowed values are %s, with a non-empty PREFIX", a.ModelURI, forms)
	}
	switch {
	case u.Scheme == "cos" && verify.IsCOSBucket(u.Host):
	case u.Scheme == "https" && cosHost.MatchString(u.Host):
		if region := cosHost.FindStringSubmatch(u.Host)[2]; region != a.Region {
			return fmt.Errorf("ModelURI %q is a COS copy in %s; allowed values are copies in Region (%s), where the cluster reads it", a.ModelURI, region, a.Region)
		}
	default:
		return fmt.Errorf("ModelURI is %q; allowed values are %s", a.ModelURI, forms)
	}
	if a.ModelName == "" {
		a.ModelName = path.Base(strings.TrimRight(u.Path, "/"))
	}
	if !modelName.MatchString(a.ModelName) {
		return fmt.Errorf("ModelName is %q; allowed values are 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit", a.ModelName)
	}
	return nil
}

// validateServer fills in and checks the server's port, probes and size.
func (a *Args) validateServer() error {
	if a.Port == 0 {
		a.Port = DefaultPort
	}
	if err := verify.Between("Port", a.Port, MinPort, 65535, DefaultPort); err != nil {
		return err
	}
	if a.HealthPath == "" {
		a.HealthPath = DefaultHealthPath
	}
	if !healthPath.MatchString(a.HealthPath) {
		return fmt.Errorf("HealthPath is %q; allowed values are '/' then up to 199 letters, digits and '-_./=?'", a.HealthPath)
	}
	for _, f := range []struct {
		field         string
		v             *int
		min, max, def int
	}{
		{"Replicas", &a.Replicas, MinReplicas, MaxReplicas, DefaultReplicas},
		{"GPUsPerReplica", &a.GPUsPerReplica, 1, MaxGPUsPerReplica, DefaultGPUsPerReplica},
		{"CPUs", &a.CPUs, 1, MaxCPUs, DefaultCPUs},
		{"MemoryGiB", &a.MemoryGiB, 1, MaxMemoryGiB, DefaultMemoryGiB},
		{"StartupMinutes", &a.StartupMinutes, 1, MaxStartupMinutes, DefaultStartupMinutes},
	} {
		if *f.v == 0 {
			*f.v = f.def
		}
		if err := verify.Between(f.field, *f.v, f.min, f.max, f.def); err != nil {
			return err
		}
	}
	return nil
}

// validatePlacement checks where the pods go and fills in the defaults.
func (a *Args) validatePlacement() error {
	if a.Namespace == "" {
		a.Namespace = DefaultNamespace
	}
	if !rfc1123Label.MatchString(a.Namespace) || len(a.Namespace) > 63 || a.Namespace == "default" || strings.HasPrefix(a.Namespace, "kube-") {
		return fmt.Errorf("Namespace is %q; allowed values are RFC 1123 labels (up to 63 lower-case letters, digits and '-') other than default and kube-*", a.Namespace)
	}
	for _, k := range sortedKeys(a.NodeSelector) {
		if !labelKey.MatchString(k) || !labelValue.MatchString(a.NodeSelector[k]) {
			return fmt.Errorf("NodeSelector has %q: %q; allowed values are Kubernetes label keys and values", k, a.NodeSelector[k])
		}
	}
	if a.Tolerations == nil {
		a.Tolerations = DefaultTolerations
	}
	for i, t := range a.Tolerations {
		field := fmt.Sprintf("Tolerations[%d]", i)
		if err := verify.OneOf(field+".Operator", t.Operator, "", "Exists", "Equal"); err != nil {
			return err
		}
		if err := verify.OneOf(field+".Effect", t.Effect, "", "NoSchedule", "PreferNoSchedule", "NoExecute"); err != nil {
			return err
		}
		if t.Operator == "Exists" && t.Value != "" {
			return fmt.Errorf("%s.Value is %q; allowed values are empty with Operator Exists", field, t.Value)
		}
		if t.Key == "" && t.Operator != "Exists" {
			return fmt.Errorf("%s.Key is empty; allowed values are a taint's key, or empty with Operator Exists", field)
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
