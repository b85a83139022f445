package modelendpoint

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

// GrantInvoke lets a role call this endpoint, and nothing else, through an
// inline policy on the role named name.
func (e *Endpoint) GrantInvoke(ctx *pulumi.Context, name string, role *iam.Role) (*iam.RolePolicy, error) {
	if role == nil {
		return nil, fmt.Errorf("modelendpoint grant %s: role is nil", name)
	}
	doc := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Sid:       pulumi.String("InvokeThisEndpoint"),
		Actions:   iampolicy.Strings("sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"),
		Resources: pulumi.StringArray{e.EndpointArn},
	}}, pulumi.Parent(e))
	return iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: doc}, pulumi.Parent(e))
}
