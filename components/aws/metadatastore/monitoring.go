package metadatastore

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

// MonitoringService is the principal that enhanced monitoring assumes its
// role as, and MonitoringPolicy the AWS managed policy that lets it
// publish the OS metrics to CloudWatch Logs and nothing else
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html;
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonRDSEnhancedMonitoringRole.html).
const (
	MonitoringService = "monitoring.rds.amazonaws.com"
	MonitoringPolicy  = "service-role/AmazonRDSEnhancedMonitoringRole"
)

// monitoringRole creates the role NAME-monitoring that enhanced
// monitoring of this account alone may assume (aws:SourceAccount, against
// the confused deputy), with the managed policy attached. It returns the
// attachment, which the instance waits for.
func (s *Store) monitoringRole(ctx *pulumi.Context, name string, t pulumi.StringMap, in pulumi.ResourceOrInvokeOption) (pulumi.Resource, error) {
	role, err := iam.NewRole(ctx, name+"-monitoring", &iam.RoleArgs{
		Description:      pulumi.String("RDS enhanced monitoring of the modelfort metadata store " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, MonitoringService, s.env.AccountId, in),
		Tags:             t,
	}, in)
	if err != nil {
		return nil, err
	}
	s.MonitoringRole = role
	return iam.NewRolePolicyAttachment(ctx, name+"-monitoring", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", s.env.Partition, MonitoringPolicy)),
	}, in)
}
