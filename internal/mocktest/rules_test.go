package mocktest

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/offlinecloud"
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

// TestRunsShareAnAccount: two runs in one account are two stacks of one
// AWS account: a name the first holds is refused to the second, with
// AWS's message; each run without Account has an account of its own.
func TestRunsShareAnAccount(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		_, err := cloudwatch.NewLogGroup(ctx, "audit", &cloudwatch.LogGroupArgs{Name: pulumi.String("/modelfort/audit")})
		return err
	}
	account := offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	if _, err := Run(program, Stack("dev"), Account(account)); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(program, Stack("staging"), Account(account)); err == nil ||
		!strings.Contains(err.Error(), "ResourceAlreadyExistsException: The specified log group already exists (offline cloud rule LOGS-GROUP-TAKEN") {
		t.Errorf("the second stack's log group of the same name: %v", err)
	}
	if _, err := Run(program, Stack("staging")); err != nil {
		t.Errorf("in an account of its own: %v", err)
	}
}
