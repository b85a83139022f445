// Package awsenv finds where an AWS component acts: the account, partition
// and region of the provider that the component's resource options select.
// Components call Lookup before they register anything, so that a bad
// combination (a replica in the same region as its source, say) fails
// early, and so that the policies they write name the right account.
package awsenv

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Env is the account, partition and region a provider acts in.
type Env struct {
	AccountID string
	Partition string
	Region    string
	DNSSuffix string
}

// Lookup asks the provider that opts select (an explicit provider, or the
// one a parent passes down, or the default) where it acts.
func Lookup(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (Env, error) {
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return Env{}, err
	}
	var inv []pulumi.InvokeOption
	if ro.Parent != nil {
		inv = append(inv, pulumi.Parent(ro.Parent))
	}
	if ro.Provider != nil {
		inv = append(inv, pulumi.Provider(ro.Provider))
	}
	id, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{}, inv...)
	if err != nil {
		return Env{}, fmt.Errorf("looking up the AWS account: %w", err)
	}
	part, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{}, inv...)
	if err != nil {
		return Env{}, fmt.Errorf("looking up the AWS partition: %w", err)
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{}, inv...)
	if err != nil {
		return Env{}, fmt.Errorf("looking up the AWS region: %w", err)
	}
	return Env{AccountID: id.AccountId, Partition: part.Partition, Region: region.Name, DNSSuffix: part.DnsSuffix}, nil
}

// RootARN is the ARN of the account's root principal.
func (e Env) RootARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", e.Partition, e.AccountID)
}

// ServiceEndpoint is a service's regional host name, the value that
// kms:ViaService compares with: "s3.us-east-1.amazonaws.com".
func (e Env) ServiceEndpoint(service string) string {
	return fmt.Sprintf("%s.%s.%s", service, e.Region, e.DNSSuffix)
}

// ServicePrincipal is a service's principal name: "cloudtrail.amazonaws.com".
func (e Env) ServicePrincipal(service string) string {
	return service + ".amazonaws.com"
}
