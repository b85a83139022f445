package loggroup

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
)

const logGroupType = "aws:cloudwatch/logGroup:LogGroup"

func TestNew(t *testing.T) {
	key := pulumi.String("arn:aws:kms:us-east-1:123456789012:key/k")
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		if _, err := New(ctx, "auto", Args{KMSKeyArn: key, RetentionDays: 365, Tags: pulumi.StringMap{"a": pulumi.String("b")}}); err != nil {
			return err
		}
		_, err := New(ctx, "named", Args{KMSKeyArn: key, RetentionDays: 30, Name: "aws-waf-logs-x"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	auto, named := rec.Find(logGroupType, "auto"), rec.Find(logGroupType, "named")
	if auto.Str("kmsKeyId") != string(key) || auto.Num("retentionInDays") != 365 || auto.Str("tags.a") != "b" {
		t.Errorf("auto: %v", auto.Inputs)
	}
	if named.Str("name") != "aws-waf-logs-x" || named.Num("retentionInDays") != 30 {
		t.Errorf("named: %v", named.Inputs)
	}
}

func TestRefusals(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "plain", Args{RetentionDays: 30})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "KMSKeyArn is nil") || len(rec.OfType(logGroupType)) != 0 {
		t.Errorf("no key: %v", err)
	}
	_, err = mocktest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "odd", Args{KMSKeyArn: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/k"), RetentionDays: 31})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "RetentionDays is 31; allowed values are [1 3 5") {
		t.Errorf("31 days: %v", err)
	}
	if CheckRetention("LogRetentionDays", 365) != nil || CheckRetention("LogRetentionDays", 0) == nil {
		t.Error("CheckRetention")
	}
}
