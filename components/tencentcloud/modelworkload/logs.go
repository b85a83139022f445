package modelworkload

import (
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ContainerName is the model server's container.
const ContainerName = "model-server"

// newLogConfig creates, with LogTopicId, the LogConfig that has TKE's log
// collector ship the server container's standard output to the CLS topic
// (https://www.tencentcloud.com/document/product/457/64846). A LogConfig
// is cluster-scoped; its name is NAME-stdout.
func (w *Workload) newLogConfig(ctx *pulumi.Context, name string, a Args, ns pulumi.StringOutput, labels pulumi.StringMap, in pulumi.ResourceOrInvokeOption) error {
	if a.LogTopicId == nil {
		return nil
	}
	var err error
	w.LogConfig, err = apiextensions.NewCustomResource(ctx, name+"-logs", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("cls.cloud.tencent.com/v1"),
		Kind:       pulumi.String("LogConfig"),
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(name + "-stdout"), Labels: labels},
		OtherFields: kubernetes.UntypedArgs{
			"spec": pulumi.Map{
				"inputDetail": pulumi.Map{
					"type": pulumi.String("container_stdout"),
					"containerStdout": pulumi.Map{
						"workloads": pulumi.Array{pulumi.Map{
							"kind":      pulumi.String("deployment"),
							"name":      w.Deployment.Metadata.Name().Elem(),
							"namespace": ns,
							"container": pulumi.String(ContainerName),
						}},
					},
				},
				"clsDetail": pulumi.Map{
					"topicId": a.LogTopicId,
					"logType": pulumi.String("minimalist_log"),
				},
			},
		},
	}, in)
	return err
}
