package backupvault

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/offlinecloud"
)

// These tests follow the chain of recorded resources by their inputs, as
// the cloud would: a selection to its role by ARN, the role to its
// attachments by name, a vault's notifications to their topic by ARN, the
// topic to its key and policy, a restore test to its vault and role.

const (
	roleT          = "aws:iam/role:Role"
	attachmentT    = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	topicT         = "aws:sns/topic:Topic"
	topicPolicyT   = "aws:sns/topicPolicy:TopicPolicy"
	subscriptionT  = "aws:sns/topicSubscription:TopicSubscription"
	notificationsT = "aws:backup/vaultNotifications:VaultNotifications"
	testPlanT      = "aws:backup/restoreTestingPlan:RestoreTestingPlan"
	testSelectionT = "aws:backup/restoreTestingSelection:RestoreTestingSelection"
)

var (
	allBackupPolicies = []string{
		"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
		"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
	}
	restorePolicies = []string{
		"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
	}
)

// byOut returns the resource of typ whose output key is value, or nil.
func byOut(rec *mocktest.Recording, typ, key, value string) *mocktest.Resource {
	for _, r := range rec.OfType(typ) {
		if value != "" && r.Out(key) == value {
			return r
		}
	}
	return nil
}

// byIn returns the resources of typ whose input path is value.
func byIn(rec *mocktest.Recording, typ, path, value string) []*mocktest.Resource {
	var out []*mocktest.Resource
	for _, r := range rec.OfType(typ) {
		if r.Str(path) == value {
			out = append(out, r)
		}
	}
	return out
}

// policiesOf returns the managed policy ARNs attached to role, sorted.
func policiesOf(rec *mocktest.Recording, role *mocktest.Resource) []string {
	if role == nil {
		return nil
	}
	var out []string
	for _, a := range byIn(rec, attachmentT, "role", role.Out("name")) {
		out = append(out, a.Str("policyArn"))
	}
	slices.Sort(out)
	return out
}

// assumedByBackup reports whether only AWS Backup of this account may
// assume role.
func assumedByBackup(t *testing.T, role *mocktest.Resource) bool {
	t.Helper()
	trust, err := role.Policy("assumeRolePolicy")
	if err != nil {
		t.Fatal(err)
	}
	return len(trust.Statement) == 1 && slices.Equal(trust.Statement[0].Principal["Service"], []string{"backup.amazonaws.com"}) &&
		slices.Equal(trust.Statement[0].Values("StringEquals", "aws:SourceAccount"), []string{offlinecloud.AWSAccount})
}

// checkNotifications follows vault's notifications to their topic in
// region, and the topic to its policy and key.
func checkNotifications(t *testing.T, rec *mocktest.Recording, vault *mocktest.Resource, region string) *mocktest.Resource {
	t.Helper()
	notes := byIn(rec, notificationsT, "backupVaultName", vault.Out("name"))
	if len(notes) != 1 {
		t.Fatalf("vault %s has %d notification configurations; want 1", vault.Name, len(notes))
	}
	n := notes[0]
	if n.Region != region || !slices.Equal(n.Strs("backupVaultEvents"), VaultEvents) {
		t.Errorf("notifications of %s: region %s, events %v", vault.Name, n.Region, n.Strs("backupVaultEvents"))
	}
	for _, e := range []string{"BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED"} {
		if !slices.Contains(n.Strs("backupVaultEvents"), e) {
			t.Errorf("notifications of %s miss %s", vault.Name, e)
		}
	}
	topic := byOut(rec, topicT, "arn", n.Str("snsTopicArn"))
	if topic == nil || topic.Region != region {
		t.Fatalf("notifications of %s go to %q, not a topic of %s: %v", vault.Name, n.Str("snsTopicArn"), region, topic)
	}
	// The topic's policy lets AWS Backup of this account publish.
	policies := byIn(rec, topicPolicyT, "arn", topic.Out("arn"))
	if len(policies) != 1 {
		t.Fatalf("topic %s has %d policies", topic.Name, len(policies))
	}
	tp, err := policies[0].Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	pub := tp.Find("AWSBackupPublishes")
	if pub == nil || pub.Effect != "Allow" || !slices.Equal(pub.Principal["Service"], []string{"backup.amazonaws.com"}) ||
		!slices.Equal(pub.Action, []string{"SNS:Publish"}) || !slices.Equal(pub.Resource, []string{topic.Out("arn")}) ||
		!slices.Equal(pub.Values("StringEquals", "aws:SourceAccount"), []string{offlinecloud.AWSAccount}) || len(tp.Statement) != 1 {
		t.Errorf("topic policy of %s: %+v", topic.Name, tp.Statement)
	}
	if !slices.Contains(n.Dependencies, policies[0].URN) {
		t.Errorf("notifications of %s do not wait for the topic policy", vault.Name)
	}
	// The topic is encrypted with a key of its region that SNS may use for
	// the account, and that AWS Backup may use to publish.
	key := byOut(rec, keyT, "arn", topic.Str("kmsMasterKeyId"))
	if key == nil || key.Region != region {
		t.Fatalf("topic %s is encrypted with %q, not a key of %s", topic.Name, topic.Str("kmsMasterKeyId"), region)
	}
	kp, err := key.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	if via := kp.Find("AccountUsesKeyThroughServices"); via == nil || !slices.Equal(via.Values("StringEquals", "kms:ViaService"), []string{"sns." + region + ".amazonaws.com"}) {
		t.Errorf("key of topic %s: %+v", topic.Name, kp.Statement)
	}
	if slices.Contains(kmskey.ServicePrincipals, "backup") {
		svc := kp.Find("ServicesUseKeyForThisAccount")
		if svc == nil || !slices.Contains(svc.Principal["Service"], "backup.amazonaws.com") ||
			!slices.Contains(svc.Action, "kms:GenerateDataKey*") || !slices.Contains(svc.Action, "kms:Decrypt") {
			t.Errorf("the key of topic %s does not let AWS Backup publish: %+v", topic.Name, kp.Statement)
		}
	}
	return topic
}

// checkRestoreTesting follows the restore testing plan to vault, in
// region, on schedule, and its selection to a role that holds the restore
// policies only.
func checkRestoreTesting(t *testing.T, rec *mocktest.Recording, vault *mocktest.Resource, region, schedule string) {
	t.Helper()
	plans := rec.OfType(testPlanT)
	if len(plans) != 1 {
		t.Fatalf("%d restore testing plans; want 1", len(plans))
	}
	plan := plans[0]
	if plan.Region != region || plan.Str("scheduleExpression") != schedule ||
		plan.Str("recoveryPointSelection.algorithm") != "LATEST_WITHIN_WINDOW" ||
		!slices.Equal(plan.Strs("recoveryPointSelection.includeVaults"), []string{vault.Out("arn")}) ||
		!slices.Equal(plan.Strs("recoveryPointSelection.recoveryPointTypes"), []string{"SNAPSHOT"}) {
		t.Errorf("restore testing plan %s in %s: %v", plan.Name, plan.Region, plan.Inputs)
	}
	// Letters, digits and '_' only, at most 50.
	if !regexp.MustCompile(`^[A-Za-z0-9_]{1,50}$`).MatchString(plan.Str("name")) {
		t.Errorf("restore testing plan name %q", plan.Str("name"))
	}
	sels := byIn(rec, testSelectionT, "restoreTestingPlanName", plan.Out("name"))
	if len(sels) != 1 {
		t.Fatalf("plan %s has %d selections", plan.Out("name"), len(sels))
	}
	sel := sels[0]
	if sel.Region != region || sel.Str("protectedResourceType") != "S3" || !slices.Equal(sel.Strs("protectedResourceArns"), []string{"*"}) ||
		!regexp.MustCompile(`^[A-Za-z0-9_]{1,50}$`).MatchString(sel.Str("name")) {
		t.Errorf("restore testing selection: %v", sel.Inputs)
	}
	role := byOut(rec, roleT, "arn", sel.Str("iamRoleArn"))
	if role == nil || !assumedByBackup(t, role) {
		t.Fatalf("restore testing role %v", role)
	}
	if got := policiesOf(rec, role); !slices.Equal(got, restorePolicies) {
		t.Errorf("restore testing role policies %v; want %v", got, restorePolicies)
	}
}

// TestSelectionNamesTheGivenResources: the given ARNs (a literal and a
// bucket's output) are selected by a selection of the vault's plan, whose
// role AWS Backup alone assumes and which holds the backup, restore and
// S3 policies.
func TestSelectionNamesTheGivenResources(t *testing.T) {
	var v *Vault
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		b, err := s3.NewBucketV2(ctx, "models", nil)
		if err != nil {
			return err
		}
		v, err = NewVault(ctx, "data", &Args{Resources: []pulumi.StringInput{
			b.Arn, pulumi.String("arn:aws:s3:::audit-logs"),
		}})
		if err != nil {
			return err
		}
		ctx.Export("selected", v.SelectedResources)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{rec.Find("aws:s3/bucketV2:BucketV2", "models").Out("arn"), "arn:aws:s3:::audit-logs"}
	plan := rec.Find(planT, "data")
	var sel *mocktest.Resource
	for _, s := range byIn(rec, selectionT, "planId", plan.ID) {
		if slices.Equal(s.Strs("resources"), want) {
			sel = s
		}
	}
	if sel == nil {
		t.Fatalf("no selection of plan %s names %v: %v", plan.ID, want, rec.OfType(selectionT))
	}
	if sel.Name != "data-resources" || sel.Str("name") != "data-resources" || sel.Has("selectionTags") {
		t.Errorf("selection of resources: %v", sel.Inputs)
	}
	role := byOut(rec, roleT, "arn", sel.Str("iamRoleArn"))
	if role == nil || !assumedByBackup(t, role) {
		t.Fatalf("selection role %v", role)
	}
	if got := policiesOf(rec, role); !slices.Equal(got, allBackupPolicies) {
		t.Errorf("selection role policies %v; want %v", got, allBackupPolicies)
	}
	// The tag selection stays as it was, with the same role.
	if tagged := rec.Find(selectionT, "data"); tagged.Str("iamRoleArn") != role.Out("arn") || tagged.Str("selectionTags[0].key") != DefaultSelectionKey || tagged.Has("resources") {
		t.Errorf("tag selection: %v", tagged.Inputs)
	}
	if comp := rec.Find(Type, "data"); comp == nil {
		t.Fatal("no component")
	}
}

// TestCopyNotifiesAndRestoreTestsInTheDRRegion: with a copy, each vault
// notifies a topic of its own region, and the restore test restores the
// copy vault's latest recovery point in the copy's region.
func TestCopyNotifiesAndRestoreTestsInTheDRRegion(t *testing.T) {
	var v *Vault
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		v, err = NewVault(ctx, "data", &Args{CopyProvider: dr, NotificationEmails: []string{"oncall@example.com", "backup@example.com"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	vault, copyVault := rec.Find(vaultT, "data"), rec.Find(vaultT, "data-copy")
	topic := checkNotifications(t, rec, vault, "us-east-1")
	copyTopic := checkNotifications(t, rec, copyVault, "us-west-2")
	if topic == copyTopic {
		t.Fatal("both vaults notify one topic")
	}
	for _, tp := range []*mocktest.Resource{topic, copyTopic} {
		var emails []string
		for _, s := range byIn(rec, subscriptionT, "topic", tp.Out("arn")) {
			if s.Str("protocol") != "email" || s.Region != tp.Region {
				t.Errorf("subscription %s: %v", s.Name, s.Inputs)
			}
			emails = append(emails, s.Str("endpoint"))
		}
		slices.Sort(emails)
		if !slices.Equal(emails, []string{"backup@example.com", "oncall@example.com"}) {
			t.Errorf("topic %s: subscribers %v", tp.Name, emails)
		}
	}
	checkRestoreTesting(t, rec, copyVault, "us-west-2", DefaultRestoreTestSchedule)
	if v.RestoreTestRegion != "us-west-2" || v.CopyNotificationTopic == nil || v.NotificationTopic == nil || v.RestoreTestingPlan == nil {
		t.Errorf("vault: restore test region %q, topics %v %v, plan %v", v.RestoreTestRegion, v.NotificationTopic, v.CopyNotificationTopic, v.RestoreTestingPlan)
	}
}

// TestGivenTopicsAndSchedule: given topics are notified (no topic of the
// component's own, no policy written on the caller's topic), and the
// restore test runs when told.
func TestGivenTopicsAndSchedule(t *testing.T) {
	const (
		east = "arn:aws:sns:us-east-1:123456789012:ops"
		west = "arn:aws:sns:us-west-2:123456789012:ops"
	)
	var v *Vault
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		v, err = NewVault(ctx, "data", &Args{
			CopyProvider:             dr,
			NotificationTopicArn:     pulumi.String(east),
			CopyNotificationTopicArn: pulumi.String(west),
			NotificationEmails:       []string{"oncall@example.com"},
			NotificationEvents:       []string{"RESTORE_JOB_COMPLETED", "S3_RESTORE_OBJECT_FAILED"},
			RestoreTestSchedule:      "cron(0 3 ? * SUN *)",
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for vaultName, topic := range map[string]string{"data": east, "data-copy": west} {
		n := byIn(rec, notificationsT, "backupVaultName", rec.Find(vaultT, vaultName).Out("name"))
		if len(n) != 1 || n[0].Str("snsTopicArn") != topic {
			t.Fatalf("notifications of %s: %v", vaultName, n)
		}
		// Both vaults notify of the chosen events, and of those only.
		if got := n[0].Strs("backupVaultEvents"); !slices.Equal(got, []string{"RESTORE_JOB_COMPLETED", "S3_RESTORE_OBJECT_FAILED"}) {
			t.Errorf("events of %s: %v", vaultName, got)
		}
	}
	for _, typ := range []string{topicT, topicPolicyT, subscriptionT} {
		if n := len(rec.OfType(typ)); n != 0 {
			t.Errorf("%d %s with given topics", n, typ)
		}
	}
	if v.NotificationTopic != nil || v.CopyNotificationTopic != nil {
		t.Error("topics exposed that the component did not create")
	}
	checkRestoreTesting(t, rec, rec.Find(vaultT, "data-copy"), "us-west-2", "cron(0 3 ? * SUN *)")
}

// TestNoRestoreTesting removes the restore test and its role, and nothing
// else.
func TestNoRestoreTesting(t *testing.T) {
	rec, err := newVault(t, &Args{NoRestoreTesting: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{testPlanT, testSelectionT} {
		if n := len(rec.OfType(typ)); n != 0 {
			t.Errorf("%d %s with NoRestoreTesting", n, typ)
		}
	}
	if rec.Find(roleT, "data-restore") != nil {
		t.Error("a restore testing role with NoRestoreTesting")
	}
	checkNotifications(t, rec, rec.Find(vaultT, "data"), "us-east-1")
}

// TestTwoStacksInOneAccount: the restore testing plan names of two stacks
// (of one project, one account and region) differ, so that both deploy.
func TestTwoStacksInOneAccount(t *testing.T) {
	acct := offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	var names []string
	for _, stack := range []string{"dev", "staging"} {
		rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
			_, err := NewVault(ctx, "backup", nil)
			return err
		}, mocktest.Account(acct), mocktest.Stack(stack))
		if err != nil {
			t.Fatalf("stack %s: %v", stack, err)
		}
		names = append(names, rec.OfType(testPlanT)[0].Str("name"))
	}
	if names[0] != "modelfort_dev_backup" || names[1] != "modelfort_staging_backup" {
		t.Errorf("restore testing plan names %v", names)
	}
}

func TestRestoreTestingPlanName(t *testing.T) {
	for _, tt := range []struct{ project, stack, name, want string }{
		{"modelfort", "prod", "backup", "modelfort_prod_backup"},
		{"model-fort", "tencent-dev", "data.vault", "model_fort_tencent_dev_data_vault"},
	} {
		if got := restoreTestingPlanName(tt.project, tt.stack, tt.name); got != tt.want {
			t.Errorf("restoreTestingPlanName(%q, %q, %q) = %q; want %q", tt.project, tt.stack, tt.name, got, tt.want)
		}
	}
	long := strings.Repeat("p", 45)
	a, b := restoreTestingPlanName(long, "prod", "backup-a"), restoreTestingPlanName(long, "prod", "backup-b")
	if len(a) != 50 || a == b || !regexp.MustCompile(`^[A-Za-z0-9_]+_[0-9a-f]{8}$`).MatchString(a) {
		t.Errorf("long names %q and %q", a, b)
	}
}

// TestNotificationKeyLetsAWSBackupPublish: AWS Backup publishes to the
// encrypted topic only if the topic's key lets it (checkNotifications
// checks the statement).
func TestNotificationKeyLetsAWSBackupPublish(t *testing.T) {
	rec, err := newVault(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkNotifications(t, rec, rec.Find(vaultT, "data"), "us-east-1")
}

// TestPreview: under a preview, with outputs not known yet (a bucket's
// ARN, the vaults' ARNs and names), the component registers everything.
func TestPreview(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		b, err := s3.NewBucketV2(ctx, "models", nil)
		if err != nil {
			return err
		}
		_, err = NewVault(ctx, "data", &Args{CopyProvider: dr, Resources: []pulumi.StringInput{b.Arn}, NotificationEmails: []string{"oncall@example.com"}})
		return err
	}, mocktest.Preview())
	if err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string]int{notificationsT: 2, topicT: 2, testPlanT: 1, testSelectionT: 1, selectionT: 2} {
		if n := len(rec.OfType(typ)); n != want {
			t.Errorf("%d %s; want %d", n, typ, want)
		}
	}
}
