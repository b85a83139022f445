package awsenv

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestLookup(t *testing.T) {
	var def, cn, again Env
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "cn", &aws.ProviderArgs{Region: pulumi.String("cn-north-1")})
		if err != nil {
			return err
		}
		if def, err = Lookup(ctx); err != nil {
			return err
		}
		if cn, err = Lookup(ctx, pulumi.Provider(p)); err != nil {
			return err
		}
		again, err = Lookup(ctx, pulumi.Provider(p))
		return err
	}, mocktest.Config("aws:region", "eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	if def != (Env{AccountId: "123456789012", Partition: "aws", Region: "eu-west-1", DNSSuffix: "amazonaws.com"}) {
		t.Errorf("default provider: %+v", def)
	}
	if cn != (Env{AccountId: "123456789012", Partition: "aws-cn", Region: "cn-north-1", DNSSuffix: "amazonaws.com.cn"}) || again != cn {
		t.Errorf("China provider: %+v, then %+v", cn, again)
	}
	// Two providers asked once each: an identity and a region call apiece.
	if n := len(rec.Calls); n != 4 {
		t.Errorf("%d invokes; want 4 (answers are remembered per provider)", n)
	}
	if cn.RootArn() != "arn:aws-cn:iam::123456789012:root" || cn.ServiceEndpoint("s3") != "s3.cn-north-1.amazonaws.com.cn" || cn.ServicePrincipal("backup") != "backup.amazonaws.com" {
		t.Errorf("derived names: %s %s %s", cn.RootArn(), cn.ServiceEndpoint("s3"), cn.ServicePrincipal("backup"))
	}
}
