package modelendpoint

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

// GrantInvoke lets a role call this endpoint, and nothing else, through an
// inline policy on the role named name, and only through the named VPC
// endpoints of SageMaker runtime (aws:SourceVpce): a caller in the VPC,
// such as a guarded handler, never one on the internet. At least one VPC
// endpoint ID is required. People and CI go through the front door
// instead (execute-api:Invoke).
func (e *Endpoint) GrantInvoke(ctx *pulumi.Context, name string, role *iam.Role, vpcEndpointIds ...pulumi.StringInput) (*iam.RolePolicy, error) {
	if role == nil {
		return nil, fmt.Errorf("modelendpoint grant %s: role is nil", name)
	}
	if len(vpcEndpointIds) == 0 {
		return nil, fmt.Errorf("modelendpoint grant %s: no VPC endpoint named; a direct grant on the runtime holds only through SageMaker runtime VPC endpoints (aws:SourceVpce): give their IDs", name)
	}
	for i, id := range vpcEndpointIds {
		if id == nil {
			return nil, fmt.Errorf("modelendpoint grant %s: VPC endpoint ID %d is nil", name, i)
		}
	}
	doc := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Sid:        pulumi.String("InvokeThisEndpoint"),
		Actions:    iampolicy.Strings("sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"),
		Resources:  pulumi.StringArray{e.EndpointArn},
		Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "aws:SourceVpce", vpcEndpointIds...)},
	}}, pulumi.Parent(e))
	return iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: doc}, pulumi.Parent(e))
}
