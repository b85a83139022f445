package modelendpoint

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// autoscale keeps the variant between MinInstances and MaxInstances on
// invocations per instance.
func (a *Args) autoscale(ctx *pulumi.Context, name string, endpoint *sagemaker.Endpoint, in pulumi.ResourceOption) error {
	resourceID := pulumi.Sprintf("endpoint/%s/variant/%s", endpoint.Name, VariantName)
	target, err := appautoscaling.NewTarget(ctx, name, &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("sagemaker"),
		ResourceId:        resourceID,
		ScalableDimension: pulumi.String("sagemaker:variant:DesiredInstanceCount"),
		MinCapacity:       pulumi.Int(a.MinInstances),
		MaxCapacity:       pulumi.Int(a.MaxInstances),
	}, in)
	if err != nil {
		return err
	}
	_, err = appautoscaling.NewPolicy(ctx, name, &appautoscaling.PolicyArgs{
		Name:              pulumi.String(name + "-invocations"),
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ResourceId:        target.ResourceId,
		ScalableDimension: target.ScalableDimension,
		TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			TargetValue: pulumi.Float64(float64(a.TargetInvocationsPerInstance)),
			PredefinedMetricSpecification: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
				PredefinedMetricType: pulumi.String("SageMakerVariantInvocationsPerInstance"),
			},
			ScaleInCooldown:  pulumi.Int(600),
			ScaleOutCooldown: pulumi.Int(120),
		},
	}, in)
	return err
}
