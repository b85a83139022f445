package kmskey

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

// DecryptActions are what a decrypt-only grant allows.
var DecryptActions = []string{"kms:Decrypt", "kms:DescribeKey"}

// GrantEncryptDecrypt lets a role encrypt and decrypt with the key and its
// replica, through an inline policy on the role named name.
func (k *Key) GrantEncryptDecrypt(ctx *pulumi.Context, name string, role *iam.Role) (*iam.RolePolicy, error) {
	return k.grant(ctx, name, role, UseActions)
}

// GrantDecrypt lets a role decrypt with the key and its replica, and
// nothing else, through an inline policy on the role named name.
func (k *Key) GrantDecrypt(ctx *pulumi.Context, name string, role *iam.Role) (*iam.RolePolicy, error) {
	return k.grant(ctx, name, role, DecryptActions)
}

func (k *Key) grant(ctx *pulumi.Context, name string, role *iam.Role, actions []string) (*iam.RolePolicy, error) {
	if role == nil {
		return nil, fmt.Errorf("kmskey grant %s: role is nil", name)
	}
	resources := pulumi.StringArray{k.Arn}
	if k.Replica != nil {
		resources = append(resources, k.ReplicaArn)
	}
	doc := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Actions:   pulumi.ToStringArray(actions),
		Resources: resources,
	}}, pulumi.Parent(k))
	return iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.Name, Policy: doc}, pulumi.Parent(k))
}
