package main

import (
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const kubeconfig = `apiVersion: v1
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

func settings() []mocktest.Option {
	return []mocktest.Option{
		mocktest.Secret(mocktest.Project+":kubeconfig", kubeconfig),
		mocktest.Config(mocktest.Project+":region", "ap-guangzhou"),
		mocktest.Config(mocktest.Project+":loadBalancerId", "lb-1a2b3c4d"),
		mocktest.Config(mocktest.Project+":certificateId", "VjANRdz8"),
		mocktest.Config(mocktest.Project+":domain", "llm.internal.example.com"),
		mocktest.Config(mocktest.Project+":modelUri", "cos://models-1250000000/deepseek-r1-distill-qwen-7b/"),
		mocktest.Config(mocktest.Project+":image", "ccr.ccs.tencentyun.com/modelfort/vllm-openai@sha256:"+strings.Repeat("ab", 32)),
	}
}

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, settings()...)
	if err != nil {
		t.Fatal(err)
	}
	svc := rec.Find("kubernetes:core/v1:Service", "llm")
	if svc == nil || svc.Region != "cls-a1b2c3d4" || svc.Str("spec.type") != "LoadBalancer" || svc.ID != "modelfort-serving/llm" {
		t.Fatalf("service: %+v", svc)
	}
	dep := rec.Find("kubernetes:apps/v1:Deployment", "llm")
	if dep == nil || dep.Str("spec.template.spec.nodeSelector[\"node.kubernetes.io/instance-type\"]") != "GN7.2XLARGE32" {
		t.Errorf("deployment: %+v", dep)
	}
}

// TestProgramRefusesAnUnpinnedImage: the component's validation reaches
// the program.
func TestProgramRefusesAnUnpinnedImage(t *testing.T) {
	opts := append(settings(), mocktest.Config(mocktest.Project+":image", "vllm/vllm-openai:latest"))
	if _, err := mocktest.Run(program, opts...); err == nil || !strings.Contains(err.Error(), `Image is "vllm/vllm-openai:latest"`) {
		t.Errorf("err = %v", err)
	}
}
