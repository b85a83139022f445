package kmskey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/verify"
)

// Default and allowed pending-delete windows, in days.
const (
	DefaultPendingDeleteWindowDays = 30
	MinPendingDeleteWindowDays     = 7
	MaxPendingDeleteWindowDays     = 30
)

// KeyUsage is the usage of every Key: symmetric encryption, the only usage
// that KMS rotates.
const KeyUsage = "ENCRYPT_DECRYPT"

// MaxDescriptionBytes is the longest description KMS takes.
const MaxDescriptionBytes = 1024

// Args configures a Key. The zero value is a valid, secure key.
type Args struct {
	// Alias names the key: 1 to 60 letters, digits, '_' and '-',
	// starting with a letter or digit, not starting with "KMS-" (reserved
	// for keys of Tencent Cloud services). Default: "modelfort-NAME".
	Alias string
	// Description of the key, at most 1024 bytes. Default:
	// "modelfort key NAME".
	Description string
	// PendingDeleteWindowDays is how long a key whose deletion is
	// scheduled can still be recovered: 7 to 30 days. Default: 30 (0
	// means 30).
	PendingDeleteWindowDays int
	// Tags are added to the key. Default: none.
	Tags map[string]string
}

var aliasPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{0,59}$`)

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
func (a *Args) Validate(name string) error {
	if a.PendingDeleteWindowDays == 0 {
		a.PendingDeleteWindowDays = DefaultPendingDeleteWindowDays
	}
	if err := verify.Between("PendingDeleteWindowDays", a.PendingDeleteWindowDays,
		MinPendingDeleteWindowDays, MaxPendingDeleteWindowDays, DefaultPendingDeleteWindowDays); err != nil {
		return err
	}
	if a.Alias == "" {
		a.Alias = "modelfort-" + name
	}
	if !aliasPattern.MatchString(a.Alias) || strings.HasPrefix(strings.ToUpper(a.Alias), "KMS-") {
		return fmt.Errorf("Alias is %q; allowed values are 1 to 60 letters, digits, '_' and '-', starting with a letter or digit, not starting with KMS-", a.Alias)
	}
	if a.Description == "" {
		a.Description = "modelfort key " + name
	}
	if len(a.Description) > MaxDescriptionBytes {
		return fmt.Errorf("Description is %d bytes; allowed values are at most %d bytes", len(a.Description), MaxDescriptionBytes)
	}
	return nil
}

// Validate checks args as NewKey does, on a copy and with the
// "kmskey NAME: " prefix, without registering anything: for components
// that create a Key after resources of their own.
func Validate(name string, args *Args) error {
	_, err := component.Prepare(pkg, name, args)
	return err
}
