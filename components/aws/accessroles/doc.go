// Package accessroles provides Roles, the IAM roles through which
// people and machines work with a model deployment, each with only the
// rights its job needs:
//
//   - Deploy: whatever the caller grants it explicitly (ManagedPolicyArns),
//     nothing by default;
//   - Publish: write model artifacts under one prefix of the model bucket
//     and encrypt them with the bucket's key, through S3 only; never
//     delete them or change their retention;
//   - Invoke: execute-api:Invoke on the named front doors' POST
//     /invocations only (InvocationsArns), so that every call passes
//     through API Gateway's IAM authorization, WAF, throttling, the
//     guardrail and the logs;
//   - Audit: read CloudWatch Logs and CloudTrail, and optionally the trail's
//     log buckets and their keys; never change anything.
//
// No role may call the SageMaker runtime directly: each role's inline
// policy (the deploy role's too, which otherwise has managed policies
// only) denies sagemaker:InvokeEndpoint, InvokeEndpointAsync and
// InvokeEndpointWithResponseStream on "*", whatever its managed policies
// allow. RuntimeVpcEndpointIds spares calls made through those VPC
// endpoints of the runtime (StringNotEquals aws:SourceVpce); such calls
// still need an Allow.
//
// One component holds the four kinds, each created only when its Args
// field is set, so that they share one OIDC provider for CI and one place
// to review who may do what.
//
// Who may assume a role: by default the account (its root principal),
// which leaves the decision to IAM policies of the account that grant
// sts:AssumeRole on the role; or the principals named in Principals; and,
// with CISubjects, a CI system through an OIDC provider (GitHub Actions by
// default), limited to the token audiences and to the subjects given,
// such as "repo:my-org/models:environment:prod". A role with CISubjects and
// no Principals trusts the CI system alone.
//
// The deploy role is the hard one to keep least-privileged: deploying the
// stacks touches many services, and any fixed grant would be too broad for
// some and too narrow for others. So it gets no permissions of its own;
// the caller chooses managed policies (its own, scoped ones, ideally) and
// may bound the role with a permissions boundary. AdministratorAccess,
// PowerUserAccess and IAMFullAccess are refused.
//
// No Allow statement of a policy the component writes grants an action
// with a wildcard on the resource "*" (the runtime deny is on "*").
package accessroles
