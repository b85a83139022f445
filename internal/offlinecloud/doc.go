// Package offlinecloud is a stand-in for the AWS and Tencent Cloud providers,
// so that modelfort's programs run through the real Pulumi engine, and under
// Pulumi's unit-test mocks, on a machine that has no cloud account and cannot
// download the real provider plugins.
//
// The stand-in deploys nothing. It speaks the provider protocol generically:
//
//   - Check returns the inputs, and fills in a physical name for resource types
//     the real provider autonames (keeping the name from the previous inputs, so
//     that a second run changes nothing). It fails, with the cloud's wording, on
//     an input value the real cloud refuses (see [Rule] and [Cloud.Refusals]).
//   - Diff compares old and new inputs and asks for replacement when a property
//     that forces it changes (see [Kind.ForceNew]).
//   - Create returns a deterministic ID and outputs equal to the inputs plus
//     "id", an AWS-shaped "arn" and the computed attributes listed for the
//     type in [AWS] or [TencentCloud]. During a preview the computed values
//     are unknown, as they are with the real providers.
//   - Outside a preview, Create checks the account the stacks share
//     ([Account]): what the real cloud requires there first
//     ([Prerequisite]) and the names it keeps unique ([Unique]), failing
//     with the cloud's wording; then it stores the object. Update does the
//     same for what changed, Delete releases the names, and Read returns
//     the account's copy, so that a change made there out of band is drift.
//   - Invoke answers the data sources modelfort calls with fixed, plausible
//     values (an account, a partition, three availability zones, rendered
//     policy documents, ...). Any other invoke fails with an error that names
//     it, so that a missing answer is never mistaken for an empty one.
//
// The same [Cloud] values serve two callers: the plugin executables under
// cmd/, which the Pulumi CLI launches as "aws" and "tencentcloud", and the
// mocks of package mocktest, which the unit tests use. A resource therefore
// gets the same ID, ARN and computed attributes in a unit test as in an
// offline "pulumi up".
package offlinecloud
