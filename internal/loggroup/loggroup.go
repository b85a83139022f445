// Package loggroup creates the CloudWatch Logs log groups of modelfort's
// AWS components, one way: encrypted with a customer-managed KMS key, with
// a retention period that CloudWatch Logs accepts, and tagged.
package loggroup

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/logretention"
)

// Args configures a log group.
type Args struct {
	// KMSKeyArn encrypts the log group; it is required. The key's policy
	// must let CloudWatch Logs use it (kmskey.Args.ServicePrincipals
	// "logs").
	KMSKeyArn pulumi.StringInput
	// RetentionDays is how long events are kept: one of
	// logretention.Days.
	RetentionDays int
	// Name is the log group's name. Default: generated from the logical
	// name.
	Name string
	// Tags are the log group's tags.
	Tags pulumi.StringMap
}

// CheckRetention checks a retention period; field names the argument.
func CheckRetention(field string, days int) error {
	if logretention.Valid(days) {
		return nil
	}
	return fmt.Errorf("%s is %d; allowed values are %v", field, days, logretention.Days)
}

// New creates an encrypted log group named name.
func New(ctx *pulumi.Context, name string, a Args, opts ...pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	if a.KMSKeyArn == nil {
		return nil, fmt.Errorf("log group %s: KMSKeyArn is nil; every log group is encrypted with a customer-managed key", name)
	}
	if !slices.Contains(logretention.Days, a.RetentionDays) {
		return nil, fmt.Errorf("log group %s: %w", name, CheckRetention("RetentionDays", a.RetentionDays))
	}
	args := &cloudwatch.LogGroupArgs{
		KmsKeyId:        a.KMSKeyArn,
		RetentionInDays: pulumi.Int(a.RetentionDays),
		Tags:            a.Tags,
	}
	if a.Name != "" {
		args.Name = pulumi.String(a.Name)
	}
	return cloudwatch.NewLogGroup(ctx, name, args, opts...)
}
