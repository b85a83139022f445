package internalclb

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cls"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// newLogs returns the CLS log set the CLB logs into (LogSetId, or a
// dedicated one named CLBNAME-logs) and creates its access-log topic.
//
// The CLB's own log set (tencentcloud:Clb/logSet) is not used: the
// provider always names it clb_logset, which CLS allows once per region
// and account, so a second stack in the region could not create it. CLB
// takes any CLS log set (SetLoadBalancerClsLog).
func (a *Args) newLogs(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) (pulumi.StringInput, *cls.Topic, error) {
	logSet := a.LogSetId
	if logSet == nil {
		set, err := cls.NewLogset(ctx, name, &cls.LogsetArgs{
			LogsetName: pulumi.String(a.ClbName + "-logs"),
			Tags:       tcenv.Tags(a.Tags),
		}, opts...)
		if err != nil {
			return nil, nil, err
		}
		logSet = set.ID().ToStringOutput()
	}
	topic, err := cls.NewTopic(ctx, name, &cls.TopicArgs{
		LogsetId:  logSet,
		TopicName: pulumi.String(a.ClbName + "-access"),
		Period:    pulumi.Int(a.LogRetentionDays),
		Tags:      tcenv.Tags(a.Tags),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return logSet, topic, nil
}
