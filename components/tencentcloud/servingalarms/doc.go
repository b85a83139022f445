// Package servingalarms provides Alarms, the Cloud Monitor alarm policies
// of one serving site (a region) and the CLS log topic of its workload.
//
// Each concern gets an alarm policy that notifies the given notification
// templates (NoticeIds), which name the people who receive it:
//
//   - ConcernCLB: the internal CLB's layer-7 listeners (policy type
//     clb_l7listener_internal), bound to each listener by VIP, VPC, port
//     and protocol: backends failing health checks, 5xx responses of the
//     backends, average response time.
//   - ConcernNodes: the TKE cluster's nodes (k8s_node, filtered on the
//     cluster): a node that is not Ready.
//   - ConcernGPU: the nodes' GPU utilization, saturated for five minutes.
//   - ConcernBucket, with BucketName: the model bucket's 5xx rate (COS).
//
// Provider and Cloud Monitor gaps (pulumi-tencentcloud v0.1.2, which
// bridges terraform-provider-tencentcloud v1.76.4), pinned by the TestGap
// tests:
//
//   - No resource creates a notification template (monitor_alarm_notice
//     arrived in v1.77.4), so NoticeIds are required and made in the
//     console.
//   - Cloud Monitor has no metric or event for COS cross-region
//     replication; Alarms watches the bucket's 5xx rate, and the stack
//     has to check that the replica holds what was published.
//   - Cloud Monitor cannot alarm on API calls: its event conditions are
//     product events, CloudAudit delivers to COS only in this provider,
//     and CLS alarms (cls_alarm, v1.81.2) are missing.
//   - GPU hardware health (ECC and Xid errors, a GPU that drops off the
//     bus) has no documented Cloud Monitor event; only utilization.
package servingalarms
