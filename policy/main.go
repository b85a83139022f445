// Command policy is modelfort's policy pack: the rules of package rules,
// served through Pulumi's Go policy SDK (policyx). "make preview" and
// "make up" build it as an executable beside PulumiPolicy.yaml and pass it
// to the CLI with --policy-pack.
//
// Every rule is mandatory when the stack's modelfort:environment is prod;
// elsewhere each rule keeps its own level. Resource rules run on each
// resource as it is planned; stack rules, which link resources to each
// other (a bucket and its versioning, a VPC and its flow log), run on the
// whole stack.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/modelfort/modelfort/policy/rules"
)

// Name and Version identify the pack.
const Name = "modelfort"

var Version = semver.MustParse("0.1.0")

func main() {
	if err := policyx.Main(func(ctx *pulumi.Context) (policyx.PolicyPack, error) {
		return newPack(config.Get(ctx, "modelfort:environment"), rules.All())
	}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// newPack turns rules into policyx policies for an environment.
func newPack(environment string, all []rules.Rule) (policyx.PolicyPack, error) {
	var policies []policyx.Policy
	for _, rule := range all {
		rule := rule
		if rule.ProdOnly && environment != rules.ProdEnvironment {
			continue
		}
		level := policyx.EnforcementLevelAdvisory
		if rule.LevelIn(environment) == rules.Mandatory {
			level = policyx.EnforcementLevelMandatory
		}
		description := rule.Description
		if len(rule.Anchors) > 0 {
			description += fmt.Sprintf(" (%s: %v)", rule.ID, rule.Anchors)
		}
		if rule.CheckResource != nil {
			policies = append(policies, policyx.NewResourceValidationPolicy(rule.ID, policyx.ResourceValidationPolicyArgs{
				Description:      description,
				EnforcementLevel: level,
				ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
					r := convert(args.Resource)
					if !rule.Applies(r.Type) {
						return nil
					}
					for _, msg := range rule.CheckResource(r) {
						args.Manager.ReportViolation(msg, r.URN)
					}
					return nil
				},
			}))
			continue
		}
		policies = append(policies, policyx.NewStackValidationPolicy(rule.ID, policyx.StackValidationPolicyArgs{
			Description:      description,
			EnforcementLevel: level,
			ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
				s := &rules.Stack{Environment: environment}
				for _, r := range args.Resources {
					s.Resources = append(s.Resources, convert(r))
				}
				for _, v := range rule.CheckStack(s) {
					args.Manager.ReportViolation(v.Message, v.URN)
				}
				return nil
			},
		}))
	}
	return policyx.NewPolicyPack(Name, Version, policyx.EnforcementLevelAdvisory, policies)
}

// convert turns what the analyzer sees into what the rules inspect.
func convert(r policyx.AnalyzerResource) *rules.Resource {
	return &rules.Resource{
		URN:                  r.URN,
		Type:                 r.Type,
		Name:                 r.Name,
		Props:                resource.ToResourcePropertyMap(r.Properties),
		Protect:              r.Options.Protect,
		Parent:               r.Parent,
		Region:               providerRegion(r.Provider),
		PropertyDependencies: r.PropertyDependencies,
	}
}

// providerRegion is the region a resource's provider acts in: its
// "region" property, or "" when it has none or it is not known yet.
func providerRegion(p policyx.AnalyzerProviderResource) string {
	if v, ok := p.Properties.GetOk("region"); ok && v.IsString() {
		return v.AsString()
	}
	return ""
}
