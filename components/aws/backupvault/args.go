package backupvault

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults.
const (
	DefaultRecoveryPointObjective = 24 * time.Hour
	DefaultRetentionDays          = 35
	DefaultMinRetentionDays       = 7
	DefaultMaxRetentionDays       = 365
	// MinChangeableForDays is AWS's minimum grace period before a
	// compliance-mode vault lock becomes immutable, and the default.
	MinChangeableForDays = 3
	DefaultSelectionKey  = "modelfort:backup"
	DefaultSelectionTag  = "true"
	// DefaultRestoreTestSchedule runs the restore test at 06:00 UTC on the
	// first day of January, April, July and October: the quarterly restore
	// drill. AWS cron fields are minutes, hours, day of month, month, day
	// of week and year, and one of the two day fields must be "?"
	// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions).
	DefaultRestoreTestSchedule = "cron(0 6 1 1,4,7,10 ? *)"
	// MaxResources is the most ARNs without wildcards that one backup
	// selection takes
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html).
	MaxResources = 500
)

// Args configures a Vault. The zero value is a valid, secure vault.
type Args struct {
	// KMSKeyArn encrypts the vault, a KMS key ARN (not an alias or key
	// ID). Default: a dedicated key (kmskey.Key), usable through AWS Backup
	// only. The copy vault always has a key of its own.
	KMSKeyArn pulumi.StringInput
	// RecoveryPointObjective is the most data, in time, that a restore may
	// lose. The plan backs up at least that often: every 1, 2, 3, 4, 6, 8
	// or 12 hours, or daily. At least one hour. Default (0): 24 hours.
	RecoveryPointObjective time.Duration
	// RetentionDays is how long recovery points (and their copies) are
	// kept, within MinRetentionDays and MaxRetentionDays. Default (0): 35.
	RetentionDays int
	// MinRetentionDays and MaxRetentionDays bound every recovery point's
	// retention under the vault lock, 1 <= min <= max. Defaults (0): 7
	// and 365.
	MinRetentionDays, MaxRetentionDays int
	// ChangeableForDays is the grace period, at least 3 days, after which
	// the lock can no longer be changed or removed. Default (0): 3. Not
	// with GovernanceMode.
	ChangeableForDays int
	// GovernanceMode leaves the lock removable by privileged principals
	// (no ChangeableForDays): an explicit loosening for environments that
	// must be torn down. Default: false (compliance mode).
	GovernanceMode bool
	// CopyProvider, when set, creates a locked vault (with its own key) in
	// that provider's region, which must differ from the vault's, and
	// copies every recovery point there. Default: none (no copy).
	CopyProvider pulumi.ProviderResource
	// SelectionKey and SelectionValue: resources tagged with them are
	// backed up. Defaults: "modelfort:backup" and "true".
	SelectionKey, SelectionValue string
	// Resources are the ARNs of resources the plan backs up besides those
	// carrying the selection tag, through a selection of their own
	// (NAME-resources), such as S3 bucket ARNs (arn:aws:s3:::BUCKET).
	// Default: none. Allowed: ARNs without wildcards, at most 500; no
	// element may be nil; outputs are taken as they are.
	Resources []pulumi.StringInput
	// NotificationTopicArn is the SNS topic, in the vault's region and
	// account, that AWS Backup tells of the vault's failed and restore
	// jobs; its policy (and its key's) must let backup.amazonaws.com
	// publish. Default: a topic of the component's own, encrypted with a
	// key of its own, that only AWS Backup of this account may publish to.
	// Allowed: a standard (not FIFO) SNS topic ARN; outputs are taken as
	// they are.
	NotificationTopicArn pulumi.StringInput
	// CopyNotificationTopicArn is the same for the copy vault, in
	// CopyProvider's region (a vault notifies topics of its own region
	// only). Default: a topic of the component's own there. Only with
	// CopyProvider.
	CopyNotificationTopicArn pulumi.StringInput
	// NotificationEmails subscribe to the topics the component creates:
	// email addresses (user@example.com), each confirmed by its owner.
	// Default: none.
	NotificationEmails []string
	// NotificationEvents are the events both vaults notify of: a
	// non-empty subset of VaultEvents, each once. Default: VaultEvents.
	// Leaving some out is for a deployment that hears of them another
	// way: an incidents.Routing of each vault's region reports failed,
	// aborted and expired backup, copy and restore jobs through
	// EventBridge, so that BACKUP_JOB_COMPLETED (every backup job, each
	// success too) and COPY_JOB_FAILED would tell the same people twice.
	NotificationEvents []string
	// RestoreTestSchedule is when AWS Backup restores the newest recovery
	// point of the copy vault (of the vault without a copy) to prove that
	// it restores: an AWS cron expression, cron(MIN HOUR DAY MONTH WEEKDAY
	// YEAR), one of DAY and WEEKDAY "?". Default: DefaultRestoreTestSchedule
	// (quarterly). Not with NoRestoreTesting.
	RestoreTestSchedule string
	// NoRestoreTesting creates no restore testing plan: an explicit
	// loosening, since backups that are never restored may not restore.
	// Default: false.
	NoRestoreTesting bool
	// Tags are added to the vaults, their keys, the plan, the notification
	// topics and the restore testing plan. Default: none.
	Tags map[string]string
}

var (
	// resourceArn is an ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE,
	// region and account empty for global resources (S3 buckets).
	resourceArn = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12})?:[^\s*]+$`)
	// topicArn is a standard SNS topic ARN; AWS Backup supports no FIFO
	// topics (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html),
	// whose names end in ".fifo".
	topicArn = regexp.MustCompile(`^arn:aws[a-z-]*:sns:([a-z0-9-]+):([0-9]{12}):[A-Za-z0-9_-]{1,256}$`)
	// selectionName is a backup selection name
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html).
	selectionName = regexp.MustCompile(`^[a-zA-Z0-9\-\_\.]{1,50}$`)
)

// Validate checks the arguments of the vault named name and fills in
// their defaults; its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	if a.RecoveryPointObjective == 0 {
		a.RecoveryPointObjective = DefaultRecoveryPointObjective
	}
	if a.RecoveryPointObjective < time.Hour {
		return fmt.Errorf("RecoveryPointObjective is %s; AWS Backup plans run at most hourly, so it must be at least 1h", a.RecoveryPointObjective)
	}
	if a.MinRetentionDays == 0 {
		a.MinRetentionDays = DefaultMinRetentionDays
	}
	if a.MaxRetentionDays == 0 {
		a.MaxRetentionDays = DefaultMaxRetentionDays
	}
	if a.RetentionDays == 0 {
		a.RetentionDays = DefaultRetentionDays
	}
	if a.MinRetentionDays < 1 || a.MaxRetentionDays < a.MinRetentionDays {
		return fmt.Errorf("MinRetentionDays (%d) and MaxRetentionDays (%d) must satisfy 1 <= min <= max", a.MinRetentionDays, a.MaxRetentionDays)
	}
	if a.RetentionDays < a.MinRetentionDays || a.RetentionDays > a.MaxRetentionDays {
		return fmt.Errorf("RetentionDays is %d; the vault lock allows %d to %d", a.RetentionDays, a.MinRetentionDays, a.MaxRetentionDays)
	}
	switch {
	case a.GovernanceMode && a.ChangeableForDays != 0:
		return fmt.Errorf("ChangeableForDays is %d with GovernanceMode; a governance-mode lock has no grace period", a.ChangeableForDays)
	case a.GovernanceMode:
	case a.ChangeableForDays == 0:
		a.ChangeableForDays = MinChangeableForDays
	case a.ChangeableForDays < MinChangeableForDays:
		return fmt.Errorf("ChangeableForDays is %d; it must be at least %d", a.ChangeableForDays, MinChangeableForDays)
	}
	if a.SelectionKey == "" {
		a.SelectionKey = DefaultSelectionKey
	}
	if a.SelectionValue == "" {
		a.SelectionValue = DefaultSelectionTag
	}
	if err := a.validateResources(name); err != nil {
		return err
	}
	if err := a.validateNotifications(); err != nil {
		return err
	}
	return a.validateRestoreTesting()
}

// validateResources checks Resources: ARNs without wildcards.
func (a *Args) validateResources(name string) error {
	if err := verify.NoneNil("Resources", a.Resources); err != nil {
		return err
	}
	if len(a.Resources) > MaxResources {
		return fmt.Errorf("Resources has %d ARNs; a backup selection takes at most %d", len(a.Resources), MaxResources)
	}
	for i, r := range a.Resources {
		s, ok := r.(pulumi.String)
		if !ok {
			continue
		}
		if !resourceArn.MatchString(string(s)) {
			return fmt.Errorf("Resources[%d] %q is not a resource ARN without wildcards (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE, such as arn:aws:s3:::BUCKET)", i, string(s))
		}
	}
	if len(a.Resources) > 0 && !selectionName.MatchString(resourcesSelection(name)) {
		return fmt.Errorf("the selection of Resources would be named %q; a backup selection name is 1 to 50 letters, digits, '-', '_' and '.', so the component name must be shorter", resourcesSelection(name))
	}
	return nil
}

// validateNotifications checks the notification topics and emails.
func (a *Args) validateNotifications() error {
	for _, t := range []struct {
		field string
		v     pulumi.StringInput
	}{{"NotificationTopicArn", a.NotificationTopicArn}, {"CopyNotificationTopicArn", a.CopyNotificationTopicArn}} {
		if s, ok := t.v.(pulumi.String); ok && !topicArn.MatchString(string(s)) {
			return fmt.Errorf("%s %q is not a standard SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME; AWS Backup supports no FIFO topics); leave it unset to get a topic of the component's own", t.field, string(s))
		}
	}
	if a.CopyNotificationTopicArn != nil && a.CopyProvider == nil {
		return errors.New("CopyNotificationTopicArn is set without CopyProvider; it notifies of the copy vault, which only CopyProvider creates")
	}
	for i, e := range a.NotificationEmails {
		if addr, err := mail.ParseAddress(e); err != nil || addr.Address != e {
			return fmt.Errorf("NotificationEmails[%d] %q is not an email address (user@example.com)", i, e)
		}
	}
	if a.NotificationEvents == nil {
		a.NotificationEvents = slices.Clone(VaultEvents)
	}
	if len(a.NotificationEvents) == 0 {
		return fmt.Errorf("NotificationEvents is empty; give some of %s, or leave it nil for all of them", strings.Join(VaultEvents, ", "))
	}
	for i, e := range a.NotificationEvents {
		if !slices.Contains(VaultEvents, e) {
			return fmt.Errorf("NotificationEvents[%d] is %q; allowed values are %s", i, e, strings.Join(VaultEvents, ", "))
		}
		if slices.Contains(a.NotificationEvents[:i], e) {
			return fmt.Errorf("NotificationEvents[%d] %q is listed twice", i, e)
		}
	}
	return nil
}

// validateRestoreTesting checks the restore test's schedule and fills in
// its default.
func (a *Args) validateRestoreTesting() error {
	if a.NoRestoreTesting {
		if a.RestoreTestSchedule != "" {
			return fmt.Errorf("RestoreTestSchedule is %q with NoRestoreTesting; leave it unset to create no restore testing plan", a.RestoreTestSchedule)
		}
		return nil
	}
	if a.RestoreTestSchedule == "" {
		a.RestoreTestSchedule = DefaultRestoreTestSchedule
	}
	if !isCron(a.RestoreTestSchedule) {
		return fmt.Errorf("RestoreTestSchedule %q is not an AWS cron expression: cron(MIN HOUR DAY MONTH WEEKDAY YEAR) with one of DAY and WEEKDAY \"?\", such as %s", a.RestoreTestSchedule, DefaultRestoreTestSchedule)
	}
	return nil
}

// isCron reports whether s has the shape of an AWS cron expression: six
// fields, exactly one of day of month and day of week "?". A restore
// testing plan takes cron expressions only
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html).
func isCron(s string) bool {
	body, ok := strings.CutPrefix(s, "cron(")
	if !ok {
		return false
	}
	if body, ok = strings.CutSuffix(body, ")"); !ok {
		return false
	}
	f := strings.Split(body, " ")
	if len(f) != 6 {
		return false
	}
	for _, x := range f {
		if x == "" {
			return false
		}
	}
	return (f[2] == "?") != (f[4] == "?")
}

// resourcesSelection is the name of the selection of Args.Resources.
func resourcesSelection(name string) string { return name + "-resources" }
