package verify

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestKMSKeyArn(t *testing.T) {
	good := "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef"
	for _, s := range []string{good, "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"} {
		if !IsKMSKeyArn(s) || KMSKeyArn("KMSKeyArn", pulumi.String(s)) != nil {
			t.Errorf("%s refused", s)
		}
	}
	for _, s := range []string{"", "alias/models", "1234abcd-12ab", "arn:aws:kms:us-east-1:123456789012:alias/models", "arn:aws:kms:eu-west-1:1:key/x"} {
		err := KMSKeyArn("KMSKeyArn", pulumi.String(s))
		if IsKMSKeyArn(s) || err == nil || !strings.Contains(err.Error(), "KMSKeyArn") {
			t.Errorf("%q accepted (err %v)", s, err)
		}
	}
	if err := KMSKeyArn("KMSKeyArn", pulumi.String(good).ToStringOutput()); err != nil {
		t.Errorf("an output was refused: %v", err)
	}
	if err := KMSKeyArn("KMSKeyArn", nil); err != nil {
		t.Errorf("nil was refused: %v", err)
	}
}

func TestCertificateArn(t *testing.T) {
	arn := "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000041"
	if r, ok := CertificateRegion(arn); !ok || r != "us-east-1" {
		t.Errorf("region %q, %v", r, ok)
	}
	if !IsCertificateArn(arn, "") || !IsCertificateArn(arn, "us-east-1") || IsCertificateArn(arn, "us-west-2") {
		t.Error("region matching is wrong")
	}
	if IsCertificateArn("arn:aws:iam::123456789012:server-certificate/x", "") {
		t.Error("an IAM certificate passed")
	}
}

func TestDNSNames(t *testing.T) {
	for _, s := range []string{"example.com", "llm.dev.example.com", "_dmarc.example.com", "a-b.c0.io"} {
		if !IsDNSName(s) {
			t.Errorf("%s refused", s)
		}
	}
	for _, s := range []string{"", "com", "Example.com", "a..com", "-a.com", "a-.com", "a.c0m", "a.com.", "*.a.com",
		strings.Repeat("a", 64) + ".com", strings.Repeat("abcdefghi.", 26) + "com"} {
		if IsDNSName(s) {
			t.Errorf("%q accepted", s)
		}
	}
	if !IsWildcardDNSName("*.example.com") || !IsWildcardDNSName("example.com") || IsWildcardDNSName("a.*.example.com") {
		t.Error("wildcards are wrong")
	}
}

func TestNames(t *testing.T) {
	if !IsTierName("endpoint") || !IsTierName("db-2") || IsTierName("2db") || IsTierName("Api") || IsTierName(strings.Repeat("a", 33)) {
		t.Error("tier names")
	}
	if !IsBucketName("models-123") || !IsBucketName("a.b.c") || IsBucketName("ab") || IsBucketName("a..b") || IsBucketName("Models") || IsBucketName("-ab") {
		t.Error("bucket names")
	}
}

func TestMessages(t *testing.T) {
	if err := OneOf("Mode", "X", "A", "B"); err == nil || err.Error() != `Mode is "X"; allowed values are A, B` {
		t.Errorf("OneOf: %v", err)
	}
	if OneOf("Mode", "B", "A", "B") != nil {
		t.Error("OneOf refused an allowed value")
	}
	if err := Between("Days", 31, 7, 30, 30); err == nil || err.Error() != "Days is 31; allowed values are 7 to 30 (0 means 30)" {
		t.Errorf("Between: %v", err)
	}
	if err := Between("Port", 0, 1, 65535, 0); err == nil || err.Error() != "Port is 0; allowed values are 1 to 65535" {
		t.Errorf("Between: %v", err)
	}
	if Between("Days", 7, 7, 30, 30) != nil || Between("Days", 30, 7, 30, 30) != nil {
		t.Error("Between refused its bounds")
	}
	if err := NoneNil("Users", []pulumi.StringInput{pulumi.String("a"), nil}); err == nil || err.Error() != "Users[1] is nil" {
		t.Errorf("NoneNil: %v", err)
	}
	if NoneNil("Users", []pulumi.StringInput{pulumi.String("a")}) != nil {
		t.Error("NoneNil refused a full list")
	}
}

func TestAWSRegions(t *testing.T) {
	for _, ok := range []string{"us-east-1", "eu-central-2", "us-gov-west-1", "us-isob-east-1"} {
		if !IsAWSRegion(ok) {
			t.Errorf("%s is an AWS region", ok)
		}
	}
	for _, bad := range []string{"", "mars", "us-east", "US-EAST-1", "us-east-1a", "eu_central_1"} {
		if IsAWSRegion(bad) {
			t.Errorf("%q is no AWS region", bad)
		}
	}
}
