// Command tencent-protection is an example of protection.Protection: a
// CloudAudit tracker recording every management event into a replicated
// COS bucket, encrypted with its own KMS key, and, when an Anti-DDoS
// instance is configured, a protection policy for it.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi config set replicaRegion ap-shanghai
//	pulumi config set antiDdosInstance bgpip-00000001   # optional
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/components/tencentcloud/protection"
	"github.com/modelfort/modelfort/components/tencentcloud/replicatedbucket"
)

func program(ctx *pulumi.Context) error {
	replicaRegion := config.Get(ctx, "replicaRegion")
	if replicaRegion == "" {
		replicaRegion = "ap-shanghai"
	}
	replica, err := tencentcloud.NewProvider(ctx, "replica", &tencentcloud.ProviderArgs{Region: pulumi.String(replicaRegion)})
	if err != nil {
		return err
	}
	logs, err := replicatedbucket.NewBucket(ctx, "audit", &replicatedbucket.Args{
		Name:                 "modelfort-example-audit",
		ReplicaProvider:      replica,
		AllowVersionDeletion: true,
	})
	if err != nil {
		return err
	}
	var ddos []protection.AntiDDoS
	if id := config.Get(ctx, "antiDdosInstance"); id != "" {
		ddos = append(ddos, protection.AntiDDoS{ResourceId: id})
	}
	p, err := protection.NewProtection(ctx, "protection", &protection.Args{AuditBucket: logs, AntiDDoS: ddos})
	if err != nil {
		return err
	}
	ctx.Export("auditTracker", p.AuditName)
	ctx.Export("auditKeyId", p.AuditKeyId)
	ctx.Export("antiDdosPolicies", p.AntiDDoSPolicies)
	return nil
}

func main() {
	pulumi.Run(program)
}
