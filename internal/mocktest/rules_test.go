package mocktest

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestRunRefusesWhatAWSRefuses: a program that sends a value AWS refuses
// fails with AWS's wording, as an offline "pulumi up" does, and a value
// not known yet (preview) is not refused.
func TestRunRefusesWhatAWSRefuses(t *testing.T) {
	_, err := Run(func(ctx *pulumi.Context) error {
		_, err := cloudwatch.NewLogGroup(ctx, "audit", &cloudwatch.LogGroupArgs{RetentionInDays: pulumi.Int(2)})
		return err
	})
	if err == nil {
		t.Fatal("a log group retained for 2 days was accepted; AWS refuses it")
	}
	for _, want := range []string{
		"InvalidParameterException: 1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7,",
		"LOGS-RETENTION",
		"https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}

	// The alias name derives from a key's ID: unknown in a preview, so
	// it cannot be refused there; known (and bad) in an up.
	program := func(ctx *pulumi.Context) error {
		key, err := kms.NewKey(ctx, "k", &kms.KeyArgs{})
		if err != nil {
			return err
		}
		_, err = kms.NewAlias(ctx, "a", &kms.AliasArgs{
			Name:        pulumi.Sprintf("alias/aws/%s", key.KeyId),
			TargetKeyId: key.KeyId,
		})
		return err
	}
	if _, err := Run(program, Preview()); err != nil {
		t.Errorf("preview refused a value not known yet: %v", err)
	}
	if _, err := Run(program); err == nil || !strings.Contains(err.Error(), "InvalidAliasNameException") {
		t.Errorf("up accepted an alias under alias/aws/: %v", err)
	}
}
