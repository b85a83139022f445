// Package drill runs disaster-recovery drills against a deployed stack and
// measures them against the stack's recovery budget (the recoveryBudget
// output of stacks/aws).
//
// Four scenarios, one file each:
//
//   - region-outage (regionoutage.go): an AWS FIS experiment takes the
//     primary region's serving path down; the drill measures how long
//     Route 53 takes to see it (detect), to answer with the DR site
//     (failover) and, once the experiment ends, to come back (recover).
//     A guard halts the experiment when the DR site turns unhealthy.
//   - endpoint-failure (endpointfailure.go): the primary's endpoint health
//     checks are inverted, as if the model's alarms fired; measured as
//     above, and the checks are always put back.
//   - restore (restore.go): the newest copy of the model bucket's backup in
//     the DR region is restored into a new bucket; the drill measures the
//     restore job and the data a restore would lose (recovery point age).
//   - artifact-corruption (corruption.go): a drill copy of the published
//     model artifact is overwritten with other bytes, as ransomware or a
//     poisoning would, then recovered from its previous, object-locked
//     version; the drill measures detection and recovery by digest.
//
// Each returns a Result; NewReport compares it with the budget and renders
// Markdown and JSON. A dry run (Options.DryRun) calls no AWS API: it
// validates the stack outputs the scenario needs and lists the steps a
// real run would take. The command stacks/cmd/drill drives it.
package drill
