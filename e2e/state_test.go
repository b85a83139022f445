package e2e

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stateFixtures are the states that an offline "pulumi up" of each stack
// wrote at an earlier commit, exported with "pulumi stack export" and
// gzipped: e2e/testdata/state/STACK.json.gz. e2e/testdata/state/README.md
// names the commit each comes from and how to make them again.
var stateFixtures = []string{"dev", "staging", "prod", "tencent-dev", "tencent-prod"}

// tc are the Tencent Cloud stacks.
var tc = []string{"tencent-dev", "tencent-prod"}

// deliberate are the changes this release makes to the resources of the
// states in e2e/testdata/state, on purpose: each is an operation on a
// resource type ("" for every type below a component the URN piece
// names) and, where the type is common, a piece of the URN, the stacks it
// applies to and why. Nothing else may change, no stateful
// resource may be replaced or deleted, and each entry must still happen
// (so that the list stays true).
var deliberate = []struct {
	stacks       []string
	op, typ, urn string
	why          string
	// unprotectFirst: docs/upgrading.md has the user run "pulumi state
	// unprotect" on these resources before "pulumi up".
	unprotectFirst bool
	// keyOfNoData: a delete of a KMS key that encrypted nothing that
	// outlives it (an SNS topic's messages in transit); KMS schedules
	// the deletion (30 days, cancellable). Other stateful deletes fail.
	keyOfNoData bool
}{
	{[]string{"dev", "staging", "prod"}, "replace", "aws:kms/alias:Alias", "",
		"default KMS aliases name the project, stack and owning component: three keys of a stack, and the keys of two stacks of one account, held one alias (KMS-ALIAS-TAKEN); the keys stay", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:apigateway/account:Account", "",
		"the stacks set each region's API Gateway CloudWatch Logs role (apiGatewayAccountLogging, now true by default): a fresh account has none, and stages that log are refused (APIGW-LOGGING-ROLE)", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:iam/role:Role", "apigateway-logs", "the role of that setting", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "apigateway-logs", "its managed policy", false, false},
	{[]string{"prod"}, "delete", "aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation", "shield-zone",
		"Shield's health-based detection does not support hosted zones (SHIELD-HC-HOSTED-ZONE): the association could never have been created", true, false},
	// The serving path keeps its promises (docs/upgrading.md).
	{[]string{"dev", "staging", "prod"}, "create", "", "modelfort:aws:GuardedInvoke", "a guarded handler per region: the guardrail on every prompt and answer, the endpoint's only caller", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:lambda/permission:Permission", "", "the front door may invoke its handler for its two routes", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:apigateway/integration:Integration", "", "POST /invocations and GET /health go to the handler (Lambda proxy), not to SageMaker or a MOCK", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:apigateway/deployment:Deployment", "", "the API is redeployed with its new integrations", false, false},
	{[]string{"dev", "staging", "prod"}, "delete", "aws:iam/role:Role", "modelfort:aws:FrontDoor$aws:iam/role:Role", "the front door no longer calls SageMaker: its integration role goes", true, false},
	{[]string{"dev", "staging", "prod"}, "delete", "aws:iam/rolePolicy:RolePolicy", "modelfort:aws:FrontDoor$aws:iam/rolePolicy:RolePolicy", "and its policy", true, false},
	{[]string{"dev", "staging", "prod"}, "delete", "aws:apigateway/methodResponse:MethodResponse", "", "proxy integrations need no response mappings", true, false},
	{[]string{"dev", "staging", "prod"}, "delete", "aws:apigateway/integrationResponse:IntegrationResponse", "", "proxy integrations need no response mappings", true, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:wafv2/webAcl:WebAcl", "", "the web ACLs admit bodies sized from the context length", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:ec2/securityGroup:SecurityGroup", "-handler", "the handlers' security-group tier", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "-handler-out-", "its HTTPS to the VPC endpoints and S3", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "-in-tier-handler-", "the VPC endpoints admit it", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:ec2/vpcEndpoint:VpcEndpoint", "-bedrock-runtime", "the handler reaches the guardrail through Bedrock's runtime endpoint", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "", "modelfort:aws:CaptureBucket", "data capture moves out of the locked artifact bucket into an erasable bucket of its own", false, false},
	{[]string{"dev", "staging", "prod"}, "replace", "aws:sagemaker/model:Model", "", "the LMI 0.31 container with its dtype; models are never protected, so that a rollout can replace them", false, false},
	{[]string{"dev", "staging", "prod"}, "replace", "aws:sagemaker/endpointConfiguration:EndpointConfiguration", "", "capture into the capture bucket at 10%; SageMaker cannot edit a configuration", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:sagemaker/endpoint:Endpoint", "", "the endpoint moves to the new configuration", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:iam/rolePolicy:RolePolicy", "modelfort:aws:ModelEndpoint$", "the endpoint's role writes captures to the capture bucket only", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:cloudwatch/metricAlarm:MetricAlarm", "", "the 5XX and latency alarms that failover watches use one-minute periods", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:route53/healthCheck:HealthCheck", "-alarm-", "Route 53 watches each endpoint's alarms", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:route53/healthCheck:HealthCheck", "-serving", "each record follows the probe and the alarms together", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:route53/record:Record", "", "the failover records follow those calculated checks", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:iam/rolePolicy:RolePolicy", "modelfort:aws:AccessRoles$", "the invoke role calls the front doors only; every role is denied the SageMaker runtime", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:iam/role:Role", "access-invoke", "the invoke role's description says so", false, false},
	// Backups that back up, and the recovery point watched (issue 13, in part).
	{[]string{"dev", "staging", "prod"}, "create", "", "modelfort:aws:BackupVault$", "the plan selects the data buckets by ARN, the role gets the S3 backup and restore policies, each vault notifies a topic, a restore-testing plan restores in the DR region", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "", "modelfort:aws:BucketReplication$", "alarms on replication latency and failed operations, with their topics and keys", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "", "delete markers no longer replicate: the replica keeps serving after a delete in the primary", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:iam/rolePolicy:RolePolicy", "modelfort:aws:BucketReplication$", "and the replication role loses s3:ReplicateDelete", false, false},
	// Publish before serving; the metadata store; drills (issue 13).
	{[]string{"dev", "staging", "prod"}, "update", "aws:kms/key:Key", "::data", "the data key serves the metadata store through RDS and Secrets Manager, and its log groups", false, false},
	{[]string{"dev", "staging", "prod"}, "update", "aws:kms/replicaKey:ReplicaKey", "::data-replica", "and so does its replica", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:ec2/securityGroup:SecurityGroup", "-database", "the database tier of each site", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "-database-in-tier-endpoint-tcp5432", "admits the model endpoints on 5432 only", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "-endpoint-out-tier-database-tcp5432", "and the endpoints may reach it", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "", "modelfort:aws:MetadataStore", "the metadata store: RDS PostgreSQL in the database tier, its groups, monitoring role, log groups, backups replicated to the DR region", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "", "modelfort:aws:FaultInjection", "the drills' FIS template, its role, stop alarm, key and log", false, false},
	// Detect and respond (issue 14).
	{[]string{"dev", "staging", "prod"}, "create", "", "modelfort:aws:Incidents", "an incident routing per site: a topic on-call subscribes to, its key, EventBridge rules for GuardDuty, Security Hub and AWS Backup", false, false},
	{[]string{"dev", "staging", "prod"}, "create", "aws:cloudwatch/metricAlarm:MetricAlarm", "::health-", "alarms on each site's failover health check, in us-east-1", false, false},
	{[]string{"dev", "staging", "prod"}, "delete", "aws:sns/topic:Topic", "modelfort:aws:ModelEndpoint$", "the endpoints' alarms notify the routing of their region; their topics, which nobody subscribed to, go", true, false},
	{[]string{"dev", "staging", "prod"}, "delete", "", "modelfort:aws:ModelEndpoint$modelfort:aws:Key", "and the topics' keys (KMS schedules their deletion)", true, true},
	{[]string{"dev", "staging", "prod"}, "update", "aws:cloudtrail/trail:Trail", "", "the trail records CloudTrail Insights events (API call and error rates)", false, false},
	{[]string{"prod"}, "create", "", "modelfort:aws:ThreatDetection", "GuardDuty with S3 protection and malware scanning of the model buckets, Security Hub with FSBP and AWS Config with its rules, in both regions", false, false},
	{[]string{"prod"}, "create", "aws:shield/applicationLayerAutomaticResponse:ApplicationLayerAutomaticResponse", "", "L7 automatic mitigation on the distribution (COUNT)", false, false},
	{[]string{"prod"}, "create", "aws:shield/protectionGroup:ProtectionGroup", "", "the distribution and the hosted zone in one protection group", false, false},
	{[]string{"prod"}, "create", "", "modelfort:aws:ShieldProtection$aws:iam/role", "the Shield Response Team's role", false, false},
	{[]string{"prod"}, "create", "", "modelfort:aws:ShieldProtection$aws:iam/rolePolicyAttachment", "its managed policy", false, false},
	{[]string{"prod"}, "create", "aws:shield/drtAccessRoleArnAssociation:DrtAccessRoleArnAssociation", "", "and its association", false, false},
	{[]string{"prod"}, "create", "aws:shield/proactiveEngagement:ProactiveEngagement", "", "proactive engagement with the config's contacts", false, false},
	// Tencent Cloud serves and recovers (issue 16). The earlier Tencent
	// stacks could not finish a real up (the provider refused the internal
	// CLB's zones): what goes never held data (docs/upgrading.md).
	{tc, "create", "", "serving-replica", "the replica region serves: its network, load balancer, cluster, workload and alarms", false, false},
	{tc, "create", "", "modelfort:tencentcloud:ModelWorkload", "the model server on each site's cluster, behind its load balancer's HTTPS listener", false, false},
	{tc, "create", "", "modelfort:tencentcloud:ServingAlarms", "Cloud Monitor policies of each site, to the notification templates, and the workload's log topic", false, false},
	{tc, "create", "", "modelfort:tencentcloud:Failover", "the service name in both VPCs, and the CCN that joins them", false, false},
	{tc, "create", "pulumi:providers:kubernetes", "", "a kubernetes provider per site's cluster", false, false},
	{tc, "create", "", "modelfort:tencentcloud:ServingCluster$tencentcloud:Cam/", "the nodes' role, which reads only the model copy", false, false},
	{tc, "create", "tencentcloud:Security/groupRule:GroupRule", "-172-16-0-0-16-all-all", "the nodes exchange the pod network's traffic", false, false},
	{tc, "create", "tencentcloud:Security/groupRule:GroupRule", "-169-254-0-0-16-udp-123", "the nodes keep time (NTP)", false, false},
	{tc, "create", "tencentcloud:Security/groupRule:GroupRule", "-10-1-0-0-16-tcp-443", "the replica region's clients call the primary's load balancer over the CCN, and the primary's clients the replica's", false, false},
	{tc, "create", "tencentcloud:Cls/logset:Logset", "", "the load balancer logs to a CLS log set of its own", false, false},
	{tc, "create", "tencentcloud:Cls/topic:Topic", "", "and its access-log topic", false, false},
	{tc, "delete", "tencentcloud:Clb/logSet:LogSet", "", "the CLB log set (clb_logset, one per region and account) goes; no CLB could log into it", true, false},
	{tc, "delete", "tencentcloud:Clb/logTopic:LogTopic", "", "and its topic", true, false},
	{tc, "replace", "tencentcloud:Clb/instance:Instance", "::serving", "the internal CLB loses the zones the provider refuses on INTERNAL (it could not have been created)", true, false},
	{tc, "delete", "", "modelfort:tencentcloud:ReplicatedBucket$tencentcloud:Cam/", "COS replicates as the initiator (qcs::cam::uin/OWNER:uin/UIN): the role for cos.qcloud.com goes", true, false},
	{tc, "update", "tencentcloud:Cos/bucket:Bucket", "", "replication names the initiator and a MAZ storage class", false, false},
	{tc, "update", "tencentcloud:Cos/bucketPolicy:BucketPolicy", "", "the TLS-version deny stays only where COS honours it (ap-beijing)", false, false},
	{tc, "update", "tencentcloud:Kubernetes/nodePool:NodePool", "::serving", "the node pool: GPU type, a name within 25 characters, the GPU taint, the nodes' role", false, false},
}

// TestStateFromEarlierReleasesPreviewsOnlyDeliberateChanges imports each
// stack's state from an earlier commit into a fresh offline backend and
// previews the current program over it: only the changes listed in
// deliberate may show. A user who deployed that commit and updates
// modelfort sees the same; a rename without an alias, a changed input or a
// lost protect flag fails here.
func TestStateFromEarlierReleasesPreviewsOnlyDeliberateChanges(t *testing.T) {
	for _, stack := range stateFixtures {
		t.Run(stack, func(t *testing.T) {
			fixture := filepath.Join(root, "e2e", "testdata", "state", stack+".json.gz")
			state := filepath.Join(t.TempDir(), stack+".json")
			if err := gunzip(fixture, state); err != nil {
				t.Fatal(err)
			}
			w := newWorkspace(t, root, stack)
			imported, err := resourceCount(state)
			if err != nil {
				t.Fatal(err)
			}
			w.must("stack", "import", "--file", state)
			if urns := unprotectFirst(t, state, stack); len(urns) > 0 {
				w.must(append([]string{"state", "unprotect", "--yes"}, urns...)...)
			}
			// docs/upgrading.md: publish the artifact before the update
			// (make publish sets the digest), or serving goes.
			if !strings.HasPrefix(stack, "tencent-") {
				w.must("config", "set", "modelfort:modelDigest", strings.Repeat("5e", 32))
			}
			out := w.must("preview", "--json")
			var preview struct {
				Steps []struct {
					Op  string `json:"op"`
					URN string `json:"urn"`
				} `json:"steps"`
				Diagnostics []struct {
					Message string `json:"message"`
				} `json:"diagnostics"`
				Policies []json.RawMessage `json:"policies"`
			}
			if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &preview); err != nil {
				t.Fatalf("preview --json: %v\n%s", err, out)
			}
			seen := make([]bool, len(deliberate))
			unchanged := 0
			for _, step := range preview.Steps {
				if step.Op == "same" {
					unchanged++
					continue
				}
				typ := step.URN[strings.LastIndex(step.URN[:strings.LastIndex(step.URN, "::")], "$")+1 : strings.LastIndex(step.URN, "::")]
				if i := strings.LastIndex(typ, "::"); i >= 0 {
					typ = typ[i+2:]
				}
				ok := false
				for i, d := range deliberate {
					if slices.Contains(d.stacks, stack) && d.op == step.Op && (d.typ == "" || d.typ == typ) && strings.Contains(step.URN, d.urn) {
						ok, seen[i] = true, true
					}
				}
				if !ok {
					t.Errorf("an undocumented change: %s %s", step.Op, step.URN)
				}
				// An update in place keeps the data (a key's policy, a
				// bucket's setting); a replace or a delete would not.
				if slices.Contains(statefulTypes, typ) && step.Op != "create" && step.Op != "update" && !keyOfNoData(stack, step.Op, typ, step.URN) {
					t.Errorf("a stateful resource would be %sd: %s", step.Op, step.URN)
				}
			}
			for i, d := range deliberate {
				if slices.Contains(d.stacks, stack) && !seen[i] {
					t.Errorf("the deliberate change %s %s (%s) no longer happens; remove it from the list", d.op, d.typ, d.urn)
				}
			}
			if unchanged == 0 || unchanged > imported {
				t.Errorf("%d unchanged of %d imported", unchanged, imported)
			}
			for _, d := range preview.Diagnostics {
				if strings.Contains(d.Message, "[mandatory]") || strings.Contains(d.Message, "[advisory]") {
					t.Errorf("the policy pack found a violation: %s", d.Message)
				}
			}
		})
	}
}

// keyOfNoData reports whether deliberate lists a step as the delete of a
// KMS key that encrypted nothing that outlives it.
func keyOfNoData(stack, op, typ, urn string) bool {
	for _, d := range deliberate {
		if d.keyOfNoData && op == "delete" && typ == "aws:kms/key:Key" && slices.Contains(d.stacks, stack) && d.op == op && strings.Contains(urn, d.urn) {
			return true
		}
	}
	return false
}

// unprotectFirst returns the URNs of an exported state that
// docs/upgrading.md has the user unprotect before "pulumi up".
func unprotectFirst(t *testing.T, state, stack string) []string {
	t.Helper()
	b, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Deployment struct {
			Resources []stateResource `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var urns []string
	for _, r := range doc.Deployment.Resources {
		for _, d := range deliberate {
			if d.unprotectFirst && slices.Contains(d.stacks, stack) && (d.typ == "" || r.Type == d.typ) && strings.Contains(r.URN, d.urn) && r.Protect {
				urns = append(urns, r.URN)
			}
		}
	}
	return urns
}

func gunzip(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, zr); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// resourceCount is the number of resources in an exported state file.
func resourceCount(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var doc struct {
		Deployment struct {
			Resources []json.RawMessage `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return 0, err
	}
	return len(doc.Deployment.Resources), nil
}
