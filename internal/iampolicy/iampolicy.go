// Package iampolicy builds IAM policy documents from the AWS SDK's typed
// statement inputs (aws.iam.getPolicyDocument), so that components never
// write policy JSON by hand.
package iampolicy

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Document renders statements as a policy document. Pass the component as
// pulumi.Parent so that the call uses the component's provider.
func Document(ctx *pulumi.Context, stmts iam.GetPolicyDocumentStatementArray, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	return iam.GetPolicyDocumentOutput(ctx, iam.GetPolicyDocumentOutputArgs{Statements: stmts}, opts...).Json()
}

// Principals is one principal block: a type ("AWS", "Service", "*") and
// its identifiers.
func Principals(typ string, ids ...pulumi.StringInput) iam.GetPolicyDocumentStatementPrincipalArray {
	return iam.GetPolicyDocumentStatementPrincipalArray{
		iam.GetPolicyDocumentStatementPrincipalArgs{Type: pulumi.String(typ), Identifiers: pulumi.StringArray(ids)},
	}
}

// Anyone is the anonymous principal "*", for Deny statements.
func Anyone() iam.GetPolicyDocumentStatementPrincipalArray {
	return Principals("*", pulumi.String("*"))
}

// Condition is one condition: an operator, a key and its values.
func Condition(test, variable string, values ...pulumi.StringInput) iam.GetPolicyDocumentStatementConditionArgs {
	return iam.GetPolicyDocumentStatementConditionArgs{
		Test: pulumi.String(test), Variable: pulumi.String(variable), Values: pulumi.StringArray(values),
	}
}

// Strings turns plain strings into inputs.
func Strings(xs ...string) pulumi.StringArray {
	return pulumi.ToStringArray(xs)
}

// AssumedByService is a trust policy that lets an AWS service principal
// ("s3.amazonaws.com") assume a role on behalf of this account only.
func AssumedByService(ctx *pulumi.Context, service, accountID string, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	return Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Actions:    Strings("sts:AssumeRole"),
		Principals: Principals("Service", pulumi.String(service)),
		Conditions: iam.GetPolicyDocumentStatementConditionArray{
			Condition("StringEquals", "aws:SourceAccount", pulumi.String(accountID)),
		},
	}}, opts...)
}
