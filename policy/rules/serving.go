package rules

import (
	"fmt"
	"strings"

	"github.com/modelfort/modelfort/internal/instancestorage"
)

var servingRules = []Rule{
	{
		ID:          "sagemaker-endpoint-kms",
		Description: "SageMaker endpoint configurations encrypt storage with a customer-managed KMS key (instance types with local NVMe storage, which AWS encrypts with a hardware key and where it refuses a KMS key, excepted).",
		Anchors:     []string{"CKV_AWS_98", "AwsSolutions-SM2"},
		Level:       Mandatory,
		Types:       []string{endpointConfigType},
		CheckResource: func(r *Resource) []string {
			k, known := r.Str("kmsKeyArn")
			if !known || k != "" {
				return nil
			}
			n, _ := r.Len("productionVariants")
			for i := 0; i < n; i++ {
				if t, known := r.Str(fmt.Sprintf("productionVariants[%d].instanceType", i)); !known || !instancestorage.HasNVMe(t) {
					return []string{"no kmsKeyArn"}
				}
			}
			if n == 0 {
				return []string{"no kmsKeyArn"}
			}
			return nil
		},
	},
	{
		ID:          "sagemaker-network-isolation",
		Description: "SageMaker models run with network isolation.",
		Anchors:     []string{"CKV_AWS_370", "AwsSolutions-SM3"},
		Level:       Mandatory,
		Types:       []string{sageMakerModelType},
		CheckResource: func(r *Resource) []string {
			return requireTrue(r, "enableNetworkIsolation", "network isolation is off")
		},
	},
	{
		ID:          "sagemaker-vpc",
		Description: "SageMaker models run in a VPC.",
		Anchors:     []string{"CKV_AWS_369", "AwsSolutions-SM1"},
		Level:       Mandatory,
		Types:       []string{sageMakerModelType},
		CheckResource: func(r *Resource) []string {
			if n, known := r.Len("vpcConfig.subnets"); known && n == 0 {
				return []string{"the model has no VPC configuration"}
			}
			return nil
		},
	},
	{
		ID:          "api-no-direct-runtime",
		Description: "No API Gateway integration calls the SageMaker runtime directly: requests reach the model through a guarded handler that applies the guardrail.",
		Anchors:     []string{"https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-use-independent-api.html"},
		Level:       Mandatory,
		Types:       []string{apiIntegrationType},
		CheckResource: func(r *Resource) []string {
			if uri, known := r.Str("uri"); known && strings.Contains(uri, ":runtime.sagemaker:") {
				return []string{"the integration invokes the SageMaker runtime around the guardrail (" + uri + ")"}
			}
			return nil
		},
	},
	{
		ID:          "health-route-not-mock",
		Description: "A health route that health checks probe is not answered by a MOCK integration: it must exercise what it reports on.",
		Anchors:     []string{"https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html"},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, in := range s.OfType(apiIntegrationType) {
				if t, known := in.Str("type"); !known || t != "MOCK" {
					continue
				}
				for _, res := range s.OfType(apiResourceType) {
					part, known := res.Str("pathPart")
					if !known || !strings.Contains(strings.ToLower(part), "health") {
						continue
					}
					if id, known := res.Str("id"); contains(in.PropertyDependencies["resourceId"], res.URN) || known && id != "" && in.has("resourceId", id) {
						out = append(out, Violation{URN: in.URN, Message: "the health route /" + part + " answers from a MOCK integration, whatever the service behind it does"})
					}
				}
			}
			return out
		},
	},
	{
		ID:          "sagemaker-two-instances",
		Description: "In prod, every SageMaker production variant runs at least 2 instances, spread over zones.",
		Level:       Mandatory,
		ProdOnly:    true,
		Types:       []string{endpointConfigType},
		CheckResource: func(r *Resource) []string {
			var out []string
			n, _ := r.Len("productionVariants")
			for i := 0; i < n; i++ {
				if c, known := r.Num(fmt.Sprintf("productionVariants[%d].initialInstanceCount", i)); known && c < 2 {
					out = append(out, fmt.Sprintf("production variant %d runs %v instance(s)", i, c))
				}
			}
			return out
		},
	},
}

// has reports whether the string property at path is known and equals v.
func (r *Resource) has(path, v string) bool {
	got, known := r.Str(path)
	return known && got == v
}
