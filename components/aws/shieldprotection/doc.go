// Package shieldprotection provides Protection: AWS Shield Advanced
// protections for the resources in front of a model endpoint (CloudFront
// distributions, Route 53 hosted zones, load balancers, Elastic IPs,
// Global Accelerator accelerators), Route 53 health checks of the
// applications behind them associated with the protections (Shield
// Advanced's health-based detection needs them), protection groups, and a
// CloudWatch alarm on DDoSDetected for every protected resource.
//
// Shield Advanced is a paid subscription, held per account (or for an AWS
// Organizations organization) and committed for a year. No component of
// modelfort subscribes: protections fail to create in an account without
// a subscription, and turning Shield Advanced on is for the stacks to do
// where their configuration says so.
//
// Health checks are made by package healthcheck, the one place for them
// (failover.Regional's come from there too): give a Resource a
// HealthCheck to create one, or a HealthCheckArn to associate one that
// exists.
//
// Shield reports the metrics of CloudFront distributions and Route 53
// hosted zones in us-east-1, those of Global Accelerator in us-west-2, and
// those of other resources in the resource's region. A resource's alarm is
// created there: through Resource.AlarmProvider, or the component's
// provider when it acts in that region (checked before anything is
// registered).
//
// A CloudFront distribution or an Application Load Balancer may have
// Shield's application layer automatic mitigation (Resource.
// AutomaticMitigation, COUNT or BLOCK) in the web ACL associated with it
// (Resource.WebAclArn). Args.ResponseTeam authorizes the Shield Response
// Team (a role trusted by drt.shield.amazonaws.com with
// AWSShieldDRTAccessPolicy, and the log buckets it may read), and
// Args.ProactiveEngagement lets it call emergency contacts; both are
// account-wide, for one Protection per account, and need every protection
// that supports one to have a health check (proactive engagement) and the
// Business or Enterprise Support plan.
package shieldprotection
