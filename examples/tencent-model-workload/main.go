// Command tencent-model-workload is an example of modelworkload.Workload:
// a distilled DeepSeek-R1 served by vLLM on a TKE cluster, over HTTPS only,
// through an existing internal CLB (the loadBalancerId the
// tencent-internal-clb example exports), reading its weights from the COS
// copy in the cluster's region.
//
//	pulumi config set --secret kubeconfig "$(cat intranet-kubeconfig.yaml)"
//	pulumi config set region ap-guangzhou
//	pulumi config set loadBalancerId lb-xxxxxxxx
//	pulumi config set certificateId XXXXXXXX
//	pulumi config set domain llm.internal.example.com
//	pulumi config set modelUri cos://models-1250000000/deepseek-r1-distill-qwen-7b/
//	pulumi config set image ccr.ccs.tencentyun.com/modelfort/vllm-openai@sha256:...
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/tencentcloud/modelworkload"
)

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	// The cluster's intranet kubeconfig: the API server is reachable only
	// inside the VPC (servingcluster).
	tke, err := kubernetes.NewProvider(ctx, "tke", &kubernetes.ProviderArgs{
		Kubeconfig: cfg.RequireSecret("kubeconfig"),
	})
	if err != nil {
		return err
	}
	llm, err := modelworkload.NewWorkload(ctx, "llm", &modelworkload.Args{
		Image:          cfg.Require("image"),
		ModelURI:       cfg.Require("modelUri"),
		Region:         cfg.Require("region"),
		Domain:         cfg.Require("domain"),
		LoadBalancerId: pulumi.String(cfg.Require("loadBalancerId")),
		CertificateId:  pulumi.String(cfg.Require("certificateId")),
		// The GPU pool's instance type; the GPU request alone would do.
		NodeSelector: map[string]string{"node.kubernetes.io/instance-type": "GN7.2XLARGE32"},
	}, pulumi.Provider(tke))
	if err != nil {
		return err
	}
	ctx.Export("namespace", llm.Namespace)
	ctx.Export("service", llm.ServiceName)
	ctx.Export("healthPath", pulumi.String(llm.HealthPath))
	return nil
}

func main() {
	pulumi.Run(program)
}
