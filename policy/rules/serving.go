package rules

import (
	"fmt"

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
