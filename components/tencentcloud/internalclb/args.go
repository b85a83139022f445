package internalclb

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/verify"
)

// NetworkType is the CLB's network type: reachable only inside its VPC.
const NetworkType = "INTERNAL"

// Log retention of the access-log topic, in days (CLS allows 1 to 366).
const (
	DefaultLogRetentionDays = 30
	MaxLogRetentionDays     = 366
)

// Args configures a LoadBalancer. VpcId, SubnetId and SecurityGroupIds
// are required; every other field's zero value is the secure default.
type Args struct {
	// VpcId is the VPC the CLB serves. Required.
	VpcId pulumi.StringInput
	// SubnetId is the subnet the CLB's address comes from. Required.
	SubnetId pulumi.StringInput
	// SecurityGroupIds are the groups bound to the CLB (its tier's).
	// Required: at least one, none nil.
	SecurityGroupIds []pulumi.StringInput
	// ClbName is the CLB's name: 1 to 60 letters, digits, '_', '-' and
	// '.'. Default: "modelfort-NAME".
	ClbName string
	// LogSetId is an existing CLS log set to log into. Default: a
	// dedicated CLS log set named CLBNAME-logs.
	LogSetId pulumi.StringInput
	// LogRetentionDays is how long the access-log topic keeps logs: 1 to
	// 366. Default: 30 (0 means 30).
	LogRetentionDays int
	// AllowDeletion leaves the CLB unprotected (explicit loosening, for
	// environments that must be torn down). Default: false.
	AllowDeletion bool
	// Tags are added to the CLB. Default: none.
	Tags map[string]string
}

var clbName = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,60}$`)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if a.VpcId == nil {
		return fmt.Errorf("VpcId is nil; give the VPC the load balancer serves")
	}
	if a.SubnetId == nil {
		return fmt.Errorf("SubnetId is nil; give a subnet of the VPC")
	}
	if len(a.SecurityGroupIds) == 0 {
		return fmt.Errorf("SecurityGroupIds is empty; give at least one security group (the load balancer's tier)")
	}
	if err := verify.NoneNil("SecurityGroupIds", a.SecurityGroupIds); err != nil {
		return err
	}
	if a.ClbName == "" {
		a.ClbName = "modelfort-" + name
	}
	if !clbName.MatchString(a.ClbName) {
		return fmt.Errorf("ClbName is %q; allowed values are 1 to 60 letters, digits, '_', '-' and '.'", a.ClbName)
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if err := verify.Between("LogRetentionDays", a.LogRetentionDays, 1, MaxLogRetentionDays, DefaultLogRetentionDays); err != nil {
		return err
	}
	return nil
}
