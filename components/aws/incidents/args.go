package incidents

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
)

// GuardDuty severities
// (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html):
// Low is 1.0 to 3.9, Medium 4.0 to 6.9, High 7.0 to 8.9, Critical 9.0 to
// 10.0. The default threshold routes High and Critical findings; the
// highest threshold allowed still routes High ones, so that no setting
// routes Critical findings alone.
const (
	DefaultGuardDutyMinSeverity = 7
	MinGuardDutyMinSeverity     = 1
	MaxGuardDutyMinSeverity     = 8.9
)

// MaxNameLength is the longest component name: the rules are autonamed
// NAME-KIND-xxxxxxx, and an EventBridge rule name is at most 64
// characters (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html);
// "-securityhub" is the longest kind suffix.
const MaxNameLength = 64 - len("-securityhub") - len("-xxxxxxx")

// Args configures a Routing. The zero value is refused: a route that
// reaches nobody is the defect this component exists to fix. Give at least
// one of Emails and TopicArn.
type Args struct {
	// Emails subscribe to the topic (the component's own, or TopicArn):
	// email addresses (user@example.com, no display name), each confirmed
	// by its owner from the message AWS sends. Default: none. Required
	// unless TopicArn is given.
	Emails []string
	// TopicArn is an existing standard SNS topic of the component's region
	// and account to route incidents to, instead of a topic of the
	// component's own. The component writes neither its policy nor its
	// key's: they must let cloudwatch.amazonaws.com, events.amazonaws.com
	// and backup.amazonaws.com publish (see the README), and its
	// subscribers are the caller's business. Default: a topic of the
	// component's own. Outputs are taken as they are.
	TopicArn pulumi.StringInput
	// KMSKeyArn encrypts the topic the component creates, a KMS key ARN
	// (not an alias or key ID); its policy must let the publishers use it
	// (see the README). Default: a key of the component's own that SNS
	// (for the account), CloudWatch and AWS Backup (for this account) and
	// EventBridge (for topics of this account and region) may use. Not
	// with TopicArn.
	KMSKeyArn pulumi.StringInput
	// GuardDutyMinSeverity is the lowest GuardDuty finding severity that is
	// routed. Allowed: 1 to 8.9. Default (0): 7, High and Critical. Not
	// with NoGuardDuty.
	GuardDutyMinSeverity float64
	// NoGuardDuty creates no rule for GuardDuty findings: an explicit
	// loosening for a region without a detector. Default: false.
	NoGuardDuty bool
	// NoSecurityHub creates no rule for Security Hub findings: an explicit
	// loosening for a region where Security Hub is off. Default: false.
	NoSecurityHub bool
	// NoBackupEvents creates no rule for failed AWS Backup jobs: an
	// explicit loosening for a region without backups. Default: false.
	NoBackupEvents bool
	// ShieldChanges routes the Shield Advanced API calls that remove or
	// weaken protection (ShieldWeakeningCalls: a protection deleted, its
	// health check or automatic mitigation removed, the Shield Response
	// Team's access or proactive engagement taken away), which CloudTrail
	// records in us-east-1: only a routing of us-east-1 takes it, in an
	// account with a trail that records management events. Default: false.
	ShieldChanges bool
	// Tags are added to the topic, its key and the rules. Default: none.
	Tags map[string]string
}

var (
	// topicArn is a standard SNS topic ARN; its groups are the region and
	// the account. A FIFO topic (".fifo") is refused: AWS Backup notifies
	// standard topics only
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html).
	topicArn = regexp.MustCompile(`^arn:aws[a-z-]*:sns:([a-z0-9-]+):([0-9]{12}):[A-Za-z0-9_-]{1,256}$`)
	// ruleNameChars are the characters of an EventBridge rule name
	// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html).
	ruleNameChars = regexp.MustCompile(`^[.\-_A-Za-z0-9]+$`)
)

// Validate checks the arguments of the routing named name and fills in
// their defaults; its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if len(name) > MaxNameLength || !ruleNameChars.MatchString(name) {
		return fmt.Errorf("the component name %q names its EventBridge rules (NAME-guardduty-xxxxxxx and the like), which allow 1 to 64 letters, digits, '.', '-' and '_'; use a name of at most %d of those", name, MaxNameLength)
	}
	if len(a.Emails) == 0 && a.TopicArn == nil {
		return errors.New("Emails and TopicArn are both empty, so incidents would reach nobody; give at least one email address (Emails), or an existing SNS topic (TopicArn) whose subscribers you manage")
	}
	seen := map[string]bool{}
	for i, e := range a.Emails {
		if addr, err := mail.ParseAddress(e); err != nil || addr.Name != "" || addr.Address != e {
			return fmt.Errorf("Emails[%d] %q is not an email address (user@example.com, without a display name)", i, e)
		}
		if seen[strings.ToLower(e)] {
			return fmt.Errorf("Emails[%d] %q is listed twice", i, e)
		}
		seen[strings.ToLower(e)] = true
	}
	if s, ok := a.TopicArn.(pulumi.String); ok && !topicArn.MatchString(string(s)) {
		return fmt.Errorf("TopicArn %q is not a standard SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME, not FIFO); leave it unset to get a topic of the component's own", string(s))
	}
	if a.TopicArn != nil && a.KMSKeyArn != nil {
		return errors.New("KMSKeyArn is set with TopicArn; the key encrypts the topic the component creates, and with TopicArn it creates none (the given topic's key is the caller's)")
	}
	if err := encryption.Check("KMSKeyArn", a.KMSKeyArn); err != nil {
		return err
	}
	return a.validateGuardDuty()
}

// validateGuardDuty checks the severity threshold and fills in its
// default.
func (a *Args) validateGuardDuty() error {
	if a.NoGuardDuty {
		if a.GuardDutyMinSeverity != 0 {
			return fmt.Errorf("GuardDutyMinSeverity is %s with NoGuardDuty; leave it unset to create no GuardDuty rule", severity(a.GuardDutyMinSeverity))
		}
		return nil
	}
	if a.GuardDutyMinSeverity == 0 {
		a.GuardDutyMinSeverity = DefaultGuardDutyMinSeverity
	}
	if !(a.GuardDutyMinSeverity >= MinGuardDutyMinSeverity && a.GuardDutyMinSeverity <= MaxGuardDutyMinSeverity) {
		return fmt.Errorf("GuardDutyMinSeverity is %s; allowed values are %s to %s (0 means %s): GuardDuty severities run from 1.0 (Low) to 10.0 (Critical), and High starts at 7.0",
			severity(a.GuardDutyMinSeverity), severity(MinGuardDutyMinSeverity), severity(MaxGuardDutyMinSeverity), severity(DefaultGuardDutyMinSeverity))
	}
	return nil
}

func severity(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
