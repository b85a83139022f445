// Package incidents provides Routing, where a region's incidents go: an SNS
// topic, encrypted with a customer-managed key, that email addresses
// subscribe to (or an existing topic whose subscribers the caller
// manages), and EventBridge rules that send it GuardDuty findings from a
// chosen severity, new HIGH and CRITICAL Security Hub findings, and
// failed, aborted or expired AWS Backup backup, copy and restore jobs.
// CloudWatch alarms of the region notify the topic directly: an alarm
// passes Routing.AlarmActions (or AlarmActionsArray) as its actions.
//
// A Routing without a recipient is refused: an alarm that notifies a topic
// nobody subscribes to is how an incident goes unheard, the defect this
// package exists to remove. Give Emails, or a TopicArn.
//
// The topic's policy lets CloudWatch, EventBridge and AWS Backup of this
// account alone publish (aws:SourceAccount) and denies every request
// without TLS. Its own key lets SNS (for the account's principals),
// CloudWatch and AWS Backup (for this account) and EventBridge (for topics
// of this account and region, by the encryption context: EventBridge does
// not support aws:SourceAccount in a key policy) use it.
//
// EventBridge rules see their own region's events only, and a rule's
// target must be in its region: create one Routing per region, through the
// region's provider. Shield Advanced publishes no DDoS events to
// EventBridge (only its API calls, through CloudTrail); its DDoSDetected
// alarms, in us-east-1 for global resources, notify a Routing of their
// region through AlarmActions.
package incidents
