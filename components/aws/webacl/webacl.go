package webacl

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:WebAcl"

// ACL is a WAFv2 web ACL, its logging and its associations.
type ACL struct {
	pulumi.ResourceState

	// Arn and Id identify the web ACL; a CloudFront distribution takes
	// the Arn as its WebAclId.
	Arn pulumi.StringOutput `pulumi:"arn"`
	Id  pulumi.StringOutput `pulumi:"id"`
	// LogGroupName and LogGroupArn are where WAF logs requests.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	LogGroupArn  pulumi.StringOutput `pulumi:"logGroupArn"`
	// KMSKeyArn encrypts the logs.
	KMSKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// Scope and Region are where the web ACL acts; MaxBodyBytes the body
	// limit in force.
	Scope        string
	Region       string
	MaxBodyBytes int

	// Acl is the web ACL; LogGroup its log group; Key the key it created
	// (nil when KMSKeyArn was given).
	Acl      *wafv2.WebAcl
	LogGroup *cloudwatch.LogGroup
	Key      *kmskey.Key
}

// NewACL creates a web ACL. Args are checked before anything is
// registered, the CLOUDFRONT scope's region too. Resource options
// (provider, protect, aliases, ...) apply to the component and through it
// to the web ACL, its key and log group, and the associations.
func NewACL(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*ACL, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if err := a.checkRegion(env.Region); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}

	w := &ACL{Scope: a.Scope, Region: env.Region, MaxBodyBytes: a.MaxBodyBytes}
	in, err := component.Register(ctx, Type, name, w, opts...)
	if err != nil {
		return nil, err
	}
	if err := w.logs(ctx, name, &a, in); err != nil {
		return nil, err
	}
	metric := metricName(name)
	if w.Acl, err = wafv2.NewWebAcl(ctx, name, &wafv2.WebAclArgs{
		Description:       pulumi.String("modelfort web ACL " + name),
		Scope:             pulumi.String(a.Scope),
		DefaultAction:     &wafv2.WebAclDefaultActionArgs{Allow: &wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:             a.rules(metric),
		AssociationConfig: a.associationConfig(),
		VisibilityConfig: &wafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			MetricName:               pulumi.String(metric),
			SampledRequestsEnabled:   pulumi.Bool(true),
		},
		Tags: tags.Of(a.Tags),
	}, in); err != nil {
		return nil, err
	}
	if err := w.logging(ctx, name, in); err != nil {
		return nil, err
	}
	for i, target := range a.Associations {
		if _, err := wafv2.NewWebAclAssociation(ctx, fmt.Sprintf("%s-%d", name, i), &wafv2.WebAclAssociationArgs{
			WebAclArn:   w.Acl.Arn,
			ResourceArn: target,
		}, in); err != nil {
			return nil, err
		}
	}

	w.Arn, w.Id = w.Acl.Arn, w.Acl.ID().ToStringOutput()
	w.LogGroupName, w.LogGroupArn = w.LogGroup.Name, w.LogGroup.Arn
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{
		"arn": w.Arn, "id": w.Id, "logGroupName": w.LogGroupName, "logGroupArn": w.LogGroupArn, "kmsKeyArn": w.KMSKeyArn,
	})
}
