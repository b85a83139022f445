package internalclb

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/clb"
)

// newLogs returns the CLS log set the CLB logs into (LogSetId, or a
// dedicated one) and creates its log topic.
func (a *Args) newLogs(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) (pulumi.StringInput, *clb.LogTopic, error) {
	logSet := a.LogSetId
	if logSet == nil {
		set, err := clb.NewLogSet(ctx, name, &clb.LogSetArgs{Period: pulumi.Int(a.LogRetentionDays)}, opts...)
		if err != nil {
			return nil, nil, err
		}
		logSet = set.ID().ToStringOutput()
	}
	topic, err := clb.NewLogTopic(ctx, name, &clb.LogTopicArgs{
		LogSetId:  logSet,
		TopicName: pulumi.String(a.ClbName + "-access"),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return logSet, topic, nil
}
