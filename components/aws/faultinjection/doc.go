// Package faultinjection provides Experiments: AWS Fault Injection Service
// (FIS) experiment templates for the disaster-recovery drills, which a
// drill command starts to measure detection, failover and recovery
// against the stack's recovery budget.
//
// The region-outage template simulates the primary site losing its
// network: FIS's aws:network:disrupt-connectivity with scope "all" on the
// site's private subnets, which swaps each subnet's network ACL for a
// clone that denies all traffic in and out, for a Duration (10 minutes by
// default), then swaps the original back.
//
// Every template stops on CloudWatch alarms: the component's own stop
// alarm NAME-stop, on the custom metric StopMetricNamespace /
// StopMetricName with the dimension StopMetricDimension = NAME, which an
// operator or the drill command puts to halt a running experiment, and
// the caller's StopAlarmArns, all in the experiment's region. FIS runs
// the templates with a role of their own, which only FIS of this account
// and region may assume and which may change network ACLs of the target
// subnets' VPC tagged by FIS, and nothing else but experiment logging.
// Experiments log (schema version 2) to a CloudWatch log group encrypted
// with a customer-managed key, with a retention period. Targets must
// resolve (an empty target fails the experiment) and stay in this
// account.
//
// The templates cost nothing until an experiment runs; an experiment cuts
// real subnets off. See the README.
package faultinjection
