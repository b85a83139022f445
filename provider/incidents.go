package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/incidents"
)

// IncidentsArgs are incidents.Args on the wire.
type IncidentsArgs struct {
	Emails               []string           `pulumi:"emails,optional"`
	TopicArn             pulumi.StringInput `pulumi:"topicArn,optional"`
	KMSKeyArn            pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	GuardDutyMinSeverity float64            `pulumi:"guardDutyMinSeverity,optional"`
	NoGuardDuty          bool               `pulumi:"noGuardDuty,optional"`
	NoSecurityHub        bool               `pulumi:"noSecurityHub,optional"`
	NoBackupEvents       bool               `pulumi:"noBackupEvents,optional"`
	ShieldChanges        bool               `pulumi:"shieldChanges,optional"`
	Tags                 map[string]string  `pulumi:"tags,optional"`
}

func newIncidents(ctx *pulumi.Context, name string, a IncidentsArgs, opts ...pulumi.ResourceOption) (*incidents.Routing, error) {
	return incidents.NewRouting(ctx, name, &incidents.Args{
		Emails:               a.Emails,
		TopicArn:             a.TopicArn,
		KMSKeyArn:            a.KMSKeyArn,
		GuardDutyMinSeverity: a.GuardDutyMinSeverity,
		NoGuardDuty:          a.NoGuardDuty,
		NoSecurityHub:        a.NoSecurityHub,
		NoBackupEvents:       a.NoBackupEvents,
		ShieldChanges:        a.ShieldChanges,
		Tags:                 a.Tags,
	}, opts...)
}
