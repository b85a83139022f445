// Package awsenv finds where an AWS component acts: the account, partition
// and region of the provider that the component's resource options select.
// Components call Lookup before they register anything, so that a bad
// combination (a replica in the same region as its source, say) fails
// early, and so that the policies they write name the right account.
package awsenv

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"weak"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Env is the account, partition and region a provider acts in.
type Env struct {
	AccountId string
	Partition string
	Region    string
	DNSSuffix string
}

// Lookup asks the provider that opts select (an explicit provider, or the
// one a parent passes down, or the default) where it acts. Answers are
// remembered for the life of the program's context, per provider and
// parent, so that the components of one stack ask each provider once.
func Lookup(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (Env, error) {
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return Env{}, err
	}
	key := selector{provider: ro.Provider, parent: ro.Parent}
	runs := perContext(ctx)
	if env, ok := runs.Load(key); ok {
		return env.(Env), nil
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
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{}, inv...)
	if err != nil {
		return Env{}, fmt.Errorf("looking up the AWS region: %w", err)
	}
	// The caller's ARN names the partition ("arn:aws-cn:iam::..."), which
	// saves asking for it.
	partition := "aws"
	if parts := strings.SplitN(id.Arn, ":", 3); len(parts) == 3 && parts[1] != "" {
		partition = parts[1]
	}
	env := Env{AccountId: id.AccountId, Partition: partition, Region: region.Name, DNSSuffix: dnsSuffix(partition)}
	runs.Store(key, env)
	return env, nil
}

// dnsSuffix is the DNS suffix of a partition's service endpoints.
func dnsSuffix(partition string) string {
	switch partition {
	case "aws-cn":
		return "amazonaws.com.cn"
	case "aws-iso":
		return "c2s.ic.gov"
	case "aws-iso-b":
		return "sc2s.sgov.gov"
	}
	return "amazonaws.com"
}

// selector is what decides which provider an invoke goes to.
type selector struct {
	provider pulumi.ProviderResource
	parent   pulumi.Resource
}

// answers holds, per program context, the answers by selector. A context
// is held weakly and its answers are dropped when it is collected, so
// that tests and benchmarks that run many programs do not accumulate them.
var answers sync.Map // weak.Pointer[pulumi.Context] -> *sync.Map

func perContext(ctx *pulumi.Context) *sync.Map {
	k := weak.Make(ctx)
	if m, ok := answers.Load(k); ok {
		return m.(*sync.Map)
	}
	m, loaded := answers.LoadOrStore(k, &sync.Map{})
	if !loaded {
		runtime.AddCleanup(ctx, func(k weak.Pointer[pulumi.Context]) { answers.Delete(k) }, k)
	}
	return m.(*sync.Map)
}

// RootArn is the ARN of the account's root principal.
func (e Env) RootArn() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", e.Partition, e.AccountId)
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
