package modelworkload

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/component"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:ModelWorkload"

// pkg prefixes the component's errors.
const pkg = "modelworkload"

// TKE's annotations of a LoadBalancer Service.
const (
	// ExistedLBAnnotation binds the Service to an existing CLB
	// (https://www.tencentcloud.com/document/product/457/36835).
	ExistedLBAnnotation = "service.kubernetes.io/tke-existed-lbid"
	// ProtocolAnnotation gives a port TKE's extension protocols, such as
	// HTTPS (https://www.tencentcloud.com/document/product/457/39141).
	ProtocolAnnotation = "service.cloud.tencent.com/specify-protocol"
	// ServiceConfigAnnotation names the TkeServiceConfig that configures
	// the CLB (https://www.tencentcloud.com/document/product/457/36834).
	ServiceConfigAnnotation = "service.cloud.tencent.com/tke-service-config"
	// LocalOnlyAnnotation binds, with externalTrafficPolicy Local, only
	// the nodes that run a pod
	// (https://www.tencentcloud.com/document/product/457/39142).
	LocalOnlyAnnotation = "service.kubernetes.io/local-svc-only-bind-node-with-pod"
	// CertificateKey is the key of the Secret that holds the SSL
	// Certificates ID TKE configures the listener with.
	CertificateKey = "qcloud_cert_id"
)

// The TkeServiceConfig's health check of the CLB's backends: every 10
// seconds, 5 to answer, healthy after 2 successes, unhealthy after 3
// failures, healthy only on a 2xx (CLB's HttpCode 2).
const (
	HealthCheckInterval  = 10
	HealthCheckTimeout   = 5
	HealthCheckHealthy   = 2
	HealthCheckUnhealthy = 3
	HealthCheckHTTPCode  = 2
)

// Workload is the model server on a TKE cluster behind an internal CLB.
type Workload struct {
	pulumi.ResourceState

	// Namespace is the namespace of the objects.
	Namespace pulumi.StringOutput `pulumi:"namespace"`
	// ServiceName is the LoadBalancer Service's name.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// DeploymentName is the Deployment's name.
	DeploymentName pulumi.StringOutput `pulumi:"deploymentName"`

	// HealthPath is the path the probes and the CLB check.
	HealthPath string
	// Port is the container's HTTP port, the Service's target port.
	Port int
	// Selector is the pods' labels that the Deployment, the Service and
	// the PodDisruptionBudget select.
	Selector map[string]string

	// NamespaceResource is the namespace it created (nil with
	// NamespaceExists).
	NamespaceResource *corev1.Namespace
	// ServiceAccount is the pods' identity; its token is not mounted.
	ServiceAccount *corev1.ServiceAccount
	// Deployment runs the pods.
	Deployment *appsv1.Deployment
	// Service is the LoadBalancer Service TKE binds to the CLB.
	Service *corev1.Service
	// PodDisruptionBudget keeps a pod up during voluntary disruptions.
	PodDisruptionBudget *policyv1.PodDisruptionBudget
	// TLSSecret holds the certificate's SSL Certificates ID.
	TLSSecret *corev1.Secret
	// ServiceConfig is the TkeServiceConfig of the CLB's listener.
	ServiceConfig *apiextensions.CustomResource
	// LogConfig sends the server's output to LogTopicId (nil without it).
	LogConfig *apiextensions.CustomResource
}

// NewWorkload deploys the model server. Args are checked before anything
// is registered. Pass the cluster's kubernetes provider in opts
// (pulumi.Provider); resource options apply to the component and through
// it to every object it creates.
func NewWorkload(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Workload, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	w := &Workload{
		HealthPath: a.HealthPath,
		Port:       a.Port,
		Selector: map[string]string{
			"app.kubernetes.io/name":     "modelfort-model-server",
			"app.kubernetes.io/instance": name,
		},
	}
	in, err := component.Register(ctx, Type, name, w, opts...)
	if err != nil {
		return nil, err
	}
	labels := pulumi.StringMap{"app.kubernetes.io/managed-by": pulumi.String("pulumi")}
	for k, v := range w.Selector {
		labels[k] = pulumi.String(v)
	}
	ns := pulumi.String(a.Namespace).ToStringOutput()
	if !a.NamespaceExists {
		if w.NamespaceResource, err = newNamespace(ctx, name, a.Namespace, labels, in); err != nil {
			return nil, err
		}
		ns = w.NamespaceResource.Metadata.Name().Elem()
	}
	meta := func(object string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(object), Namespace: ns, Labels: labels}
	}
	if w.ServiceAccount, err = corev1.NewServiceAccount(ctx, name, &corev1.ServiceAccountArgs{
		Metadata:                     meta(name),
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, in); err != nil {
		return nil, err
	}
	if w.Deployment, err = w.newDeployment(ctx, name, a, meta(name), in); err != nil {
		return nil, err
	}
	if w.PodDisruptionBudget, err = policyv1.NewPodDisruptionBudget(ctx, name, &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta(name),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MinAvailable: pulumi.Int(1),
			Selector:     &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(w.Selector)},
		},
	}, in); err != nil {
		return nil, err
	}
	if err := w.newLoadBalancer(ctx, name, a, meta, in); err != nil {
		return nil, err
	}
	if err := w.newLogConfig(ctx, name, a, ns, labels, in); err != nil {
		return nil, err
	}
	w.Namespace = ns
	w.ServiceName = w.Service.Metadata.Name().Elem()
	w.DeploymentName = w.Deployment.Metadata.Name().Elem()
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{
		"namespace":      w.Namespace,
		"serviceName":    w.ServiceName,
		"deploymentName": w.DeploymentName,
		"healthPath":     pulumi.String(w.HealthPath),
		"port":           pulumi.Int(w.Port),
	})
}

// newNamespace creates the namespace, enforcing (and auditing and warning
// of) the restricted Pod Security Standard.
func newNamespace(ctx *pulumi.Context, name, namespace string, labels pulumi.StringMap, in pulumi.ResourceOrInvokeOption) (*corev1.Namespace, error) {
	nsLabels := pulumi.StringMap{}
	for k, v := range labels {
		nsLabels[k] = v
	}
	for _, mode := range []string{"enforce", "audit", "warn"} {
		nsLabels["pod-security.kubernetes.io/"+mode] = pulumi.String("restricted")
	}
	return corev1.NewNamespace(ctx, name, &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(namespace), Labels: nsLabels},
	}, in)
}

// newDeployment creates the Deployment of the model server's pods.
func (w *Workload) newDeployment(ctx *pulumi.Context, name string, a Args, meta *metav1.ObjectMetaArgs, in pulumi.ResourceOrInvokeOption) (*appsv1.Deployment, error) {
	podLabels := pulumi.StringMap{"app.kubernetes.io/component": pulumi.String("model-server")}
	for k, v := range w.Selector {
		podLabels[k] = pulumi.String(v)
	}
	probe := func(period, failures int) *corev1.ProbeArgs {
		return &corev1.ProbeArgs{
			HttpGet:          &corev1.HTTPGetActionArgs{Path: pulumi.String(a.HealthPath), Port: pulumi.Int(a.Port)},
			PeriodSeconds:    pulumi.Int(period),
			TimeoutSeconds:   pulumi.Int(5),
			FailureThreshold: pulumi.Int(failures),
		}
	}
	gpus := pulumi.String(strconv.Itoa(a.GPUsPerReplica))
	memory := pulumi.String(fmt.Sprintf("%dGi", a.MemoryGiB))
	// The server's contract: copy the model from MODEL_URI into MODEL_DIR,
	// serve it as MODEL_NAME on PORT; every cache under the writable HOME.
	env := map[string]string{
		"MODEL_URI":      a.ModelURI,
		"MODEL_NAME":     a.ModelName,
		"MODEL_DIR":      "/models",
		"PORT":           strconv.Itoa(a.Port),
		"HOME":           "/cache",
		"XDG_CACHE_HOME": "/cache",
		"HF_HOME":        "/cache/huggingface",
		"TMPDIR":         "/tmp",
	}
	var envVars corev1.EnvVarArray
	for _, k := range slices.Sorted(maps.Keys(env)) {
		envVars = append(envVars, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(env[k])})
	}
	mounts := corev1.VolumeMountArray{}
	volumes := corev1.VolumeArray{}
	for _, v := range []struct {
		name, path, medium, size string
	}{
		{"tmp", "/tmp", "", "1Gi"},
		{"cache", "/cache", "", "20Gi"},
		// The model's copy: as large as the node's disk allows.
		{"models", "/models", "", ""},
		{"shm", "/dev/shm", "Memory", fmt.Sprintf("%dGi", max(1, a.MemoryGiB/4))},
	} {
		mounts = append(mounts, corev1.VolumeMountArgs{Name: pulumi.String(v.name), MountPath: pulumi.String(v.path)})
		dir := &corev1.EmptyDirVolumeSourceArgs{}
		if v.medium != "" {
			dir.Medium = pulumi.String(v.medium)
		}
		if v.size != "" {
			dir.SizeLimit = pulumi.String(v.size)
		}
		volumes = append(volumes, corev1.VolumeArgs{Name: pulumi.String(v.name), EmptyDir: dir})
	}
	var tolerations corev1.TolerationArray
	for _, t := range a.Tolerations {
		ta := corev1.TolerationArgs{Key: pulumi.String(t.Key), Operator: pulumi.String(t.Operator)}
		if t.Operator == "" {
			ta.Operator = pulumi.String("Equal")
		}
		if t.Value != "" {
			ta.Value = pulumi.String(t.Value)
		}
		if t.Effect != "" {
			ta.Effect = pulumi.String(t.Effect)
		}
		tolerations = append(tolerations, ta)
	}
	spread := func(key, when string) corev1.TopologySpreadConstraintArgs {
		return corev1.TopologySpreadConstraintArgs{
			MaxSkew:           pulumi.Int(1),
			TopologyKey:       pulumi.String(key),
			WhenUnsatisfiable: pulumi.String(when),
			LabelSelector:     &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(w.Selector)},
		}
	}
	pod := &corev1.PodSpecArgs{
		ServiceAccountName:            w.ServiceAccount.Metadata.Name().Elem(),
		AutomountServiceAccountToken:  pulumi.Bool(false),
		EnableServiceLinks:            pulumi.Bool(false),
		TerminationGracePeriodSeconds: pulumi.Int(60),
		SecurityContext: &corev1.PodSecurityContextArgs{
			RunAsNonRoot:   pulumi.Bool(true),
			RunAsUser:      pulumi.Int(1000),
			RunAsGroup:     pulumi.Int(1000),
			FsGroup:        pulumi.Int(1000),
			SeccompProfile: &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
		},
		Tolerations: tolerations,
		TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{
			// Every zone gets its share, or the pod waits: a zone's loss
			// leaves the others serving.
			spread("topology.kubernetes.io/zone", "DoNotSchedule"),
			spread("kubernetes.io/hostname", "ScheduleAnyway"),
		},
		Containers: corev1.ContainerArray{corev1.ContainerArgs{
			Name:            pulumi.String(ContainerName),
			Image:           pulumi.String(a.Image),
			ImagePullPolicy: pulumi.String("IfNotPresent"),
			Ports: corev1.ContainerPortArray{corev1.ContainerPortArgs{
				Name: pulumi.String("http"), ContainerPort: pulumi.Int(a.Port), Protocol: pulumi.String("TCP"),
			}},
			Env: envVars,
			Resources: &corev1.ResourceRequirementsArgs{
				Requests: pulumi.StringMap{GPUResource: gpus, "cpu": pulumi.String(strconv.Itoa(a.CPUs)), "memory": memory},
				Limits:   pulumi.StringMap{GPUResource: gpus, "memory": memory},
			},
			SecurityContext: &corev1.SecurityContextArgs{
				AllowPrivilegeEscalation: pulumi.Bool(false),
				ReadOnlyRootFilesystem:   pulumi.Bool(true),
				RunAsNonRoot:             pulumi.Bool(true),
				Privileged:               pulumi.Bool(false),
				Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
			},
			// Loading the model takes minutes: the startup probe allows
			// StartupMinutes before liveness takes over.
			StartupProbe:   probe(10, a.StartupMinutes*6),
			ReadinessProbe: probe(10, 3),
			LivenessProbe:  probe(20, 3),
			VolumeMounts:   mounts,
		}},
		Volumes: volumes,
	}
	if len(a.NodeSelector) > 0 {
		pod.NodeSelector = pulumi.ToStringMap(a.NodeSelector)
	}
	// pulumi-kubernetes waits 10 minutes for a Deployment to be ready by
	// default; the model's load may take StartupMinutes.
	wait := (time.Duration(a.StartupMinutes) * time.Minute) + 10*time.Minute
	return appsv1.NewDeployment(ctx, name, &appsv1.DeploymentArgs{
		Metadata: meta,
		Spec: appsv1.DeploymentSpecArgs{
			Replicas:                pulumi.Int(a.Replicas),
			RevisionHistoryLimit:    pulumi.Int(5),
			ProgressDeadlineSeconds: pulumi.Int(a.StartupMinutes*60 + 300),
			Selector:                &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(w.Selector)},
			// A new pod is up before an old one goes: a rollout needs one
			// spare GPU node's worth of capacity.
			Strategy: &appsv1.DeploymentStrategyArgs{
				Type: pulumi.String("RollingUpdate"),
				RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{
					MaxUnavailable: pulumi.Int(0),
					MaxSurge:       pulumi.Int(1),
				},
			},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: podLabels},
				Spec:     pod,
			},
		},
	}, in, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: wait.String(), Update: wait.String()}))
}

// newLoadBalancer creates the certificate's Secret, the TkeServiceConfig
// of the CLB's health check and the Service that TKE binds to the CLB.
func (w *Workload) newLoadBalancer(ctx *pulumi.Context, name string, a Args, meta func(string) *metav1.ObjectMetaArgs, in pulumi.ResourceOrInvokeOption) error {
	secretName, configName := name+"-tls", name+"-clb"
	var err error
	if w.TLSSecret, err = corev1.NewSecret(ctx, name, &corev1.SecretArgs{
		Metadata:   meta(secretName),
		Type:       pulumi.String("Opaque"),
		StringData: pulumi.StringMap{CertificateKey: a.CertificateId},
	}, in); err != nil {
		return err
	}
	if w.ServiceConfig, err = apiextensions.NewCustomResource(ctx, name, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("cloud.tencent.com/v1alpha1"),
		Kind:       pulumi.String("TkeServiceConfig"),
		Metadata:   meta(configName),
		OtherFields: kubernetes.UntypedArgs{
			"spec": pulumi.Map{"loadBalancer": pulumi.Map{"l7Listeners": pulumi.Array{pulumi.Map{
				"protocol": pulumi.String("HTTPS"),
				"port":     pulumi.Int(ListenerPort),
				"domains": pulumi.Array{pulumi.Map{
					"domain": pulumi.String(a.Domain),
					"rules": pulumi.Array{pulumi.Map{
						"url":         pulumi.String("/"),
						"forwardType": pulumi.String("HTTP"),
						"healthCheck": pulumi.Map{
							"enable":          pulumi.Bool(true),
							"httpCheckPath":   pulumi.String(a.HealthPath),
							"httpCheckDomain": pulumi.String(a.Domain),
							"httpCheckMethod": pulumi.String("GET"),
							"httpCode":        pulumi.Int(HealthCheckHTTPCode),
							"intervalTime":    pulumi.Int(HealthCheckInterval),
							"timeout":         pulumi.Int(HealthCheckTimeout),
							"healthNum":       pulumi.Int(HealthCheckHealthy),
							"unHealthNum":     pulumi.Int(HealthCheckUnhealthy),
						},
					}},
				}},
			}}}},
		},
	}, in); err != nil {
		return err
	}
	protocol, err := json.Marshal(map[string]any{
		strconv.Itoa(ListenerPort): map[string]any{
			"protocol": []string{"HTTPS"},
			"hosts":    map[string]any{a.Domain: map[string]string{"tls": secretName}},
		},
	})
	if err != nil {
		return err
	}
	m := meta(name)
	m.Annotations = pulumi.StringMap{
		ExistedLBAnnotation:     a.LoadBalancerId,
		ProtocolAnnotation:      pulumi.String(string(protocol)),
		ServiceConfigAnnotation: pulumi.String(configName),
		LocalOnlyAnnotation:     pulumi.String("true"),
	}
	// TKE reads the certificate's Secret and the TkeServiceConfig when it
	// configures the CLB for the Service: they come first.
	w.Service, err = corev1.NewService(ctx, name, &corev1.ServiceArgs{
		Metadata: m,
		Spec: &corev1.ServiceSpecArgs{
			Type: pulumi.String("LoadBalancer"),
			// Only the nodes that run a pod take the CLB's traffic (with
			// LocalOnlyAnnotation), so the CLB's health check of a node is
			// the check of its pod, and the client's address is kept.
			ExternalTrafficPolicy: pulumi.String("Local"),
			Selector:              pulumi.ToStringMap(w.Selector),
			Ports: corev1.ServicePortArray{corev1.ServicePortArgs{
				Name:       pulumi.String("https"),
				Port:       pulumi.Int(ListenerPort),
				TargetPort: pulumi.Int(a.Port),
				Protocol:   pulumi.String("TCP"),
			}},
		},
	}, in, pulumi.DependsOn([]pulumi.Resource{w.TLSSecret, w.ServiceConfig}))
	return err
}
