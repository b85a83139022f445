package backupvault

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/encryption"
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
	// Tags are added to the vaults, their keys and the plan. Default: none.
	Tags map[string]string
}

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
	return nil
}
