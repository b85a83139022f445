package drill

import (
	"errors"

	"github.com/modelfort/modelfort/stacks/publish"
)

// isAPIError tells an error that kept a verification from reading the
// object (an AWS call refused: permissions, network, no such key) from a
// verification that read the object and found it wrong, a
// *publish.DigestMismatchError.
func isAPIError(err error) bool {
	var mismatch *publish.DigestMismatchError
	return err != nil && !errors.As(err, &mismatch)
}
