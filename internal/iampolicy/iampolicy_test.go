package iampolicy_test

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestParse(t *testing.T) {
	p, err := iampolicy.Parse(`{"Version":"2012-10-17","Statement":[
		{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":["arn:b","arn:c"],"Principal":"*",
		 "Condition":{"StringEquals":{"aws:SourceAccount":"1"}}},
		{"Effect":"Deny","NotAction":["s3:*"],"Principal":{"AWS":"arn:aws:iam::1:root","Service":["s3.amazonaws.com"]}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Find("A")
	if a == nil || !slices.Equal(a.Action, []string{"s3:GetObject"}) || !slices.Equal(a.Resource, []string{"arn:b", "arn:c"}) ||
		!slices.Equal(a.Principal["*"], []string{"*"}) || !slices.Equal(a.Values("StringEquals", "aws:SourceAccount"), []string{"1"}) {
		t.Errorf("statement A: %+v", a)
	}
	b := p.Statement[1]
	if !slices.Equal(b.NotAction, []string{"s3:*"}) || !slices.Equal(b.Principal["Service"], []string{"s3.amazonaws.com"}) || !p.Allows("s3:GetObject") || p.Allows("s3:PutObject") {
		t.Errorf("statement B: %+v", b)
	}
	if _, err := iampolicy.Parse("not json"); err == nil {
		t.Error("a non-document must fail")
	}
	if _, err := iampolicy.Parse(`{"Statement":[{"Action":1}]}`); err == nil {
		t.Error("a number as an action must fail")
	}
}

func TestAssumedByService(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := iam.NewRole(ctx, "r", &iam.RoleArgs{
			AssumeRolePolicy: iampolicy.AssumedByService(ctx, "backup.amazonaws.com", "123456789012"),
		})
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "p", &iam.RolePolicyArgs{Role: pulumi.String("r"), Policy: iampolicy.Document(ctx,
			iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
				Effect: pulumi.String("Deny"), Actions: iampolicy.Strings("s3:*"), Resources: iampolicy.Strings("*"), Principals: iampolicy.Anyone(),
				Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("Bool", "aws:SecureTransport", pulumi.String("false"))},
			}})})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := rec.Find("aws:iam/role:Role", "r").Policy("assumeRolePolicy")
	if err != nil {
		t.Fatal(err)
	}
	s := p.Statement[0]
	if !slices.Equal(s.Action, []string{"sts:AssumeRole"}) || !slices.Equal(s.Principal["Service"], []string{"backup.amazonaws.com"}) ||
		!slices.Equal(s.Values("StringEquals", "aws:SourceAccount"), []string{"123456789012"}) {
		t.Errorf("trust policy: %+v", s)
	}
	d, err := rec.Find("aws:iam/rolePolicy:RolePolicy", "p").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	if st := d.Statement[0]; st.Effect != "Deny" || !slices.Equal(st.Principal["*"], []string{"*"}) || !slices.Equal(st.Values("Bool", "aws:SecureTransport"), []string{"false"}) {
		t.Errorf("document: %+v", st)
	}
}
