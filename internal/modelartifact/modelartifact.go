// Package modelartifact names published model artifacts: one place for the
// content-addressed key that the publish command writes and the stacks'
// endpoints read, so that the two cannot disagree.
package modelartifact

import "regexp"

// digest is a SHA-256 digest in lower-case hex.
var digest = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidDigest reports whether d is a SHA-256 digest in lower-case hex.
func ValidDigest(d string) bool { return digest.MatchString(d) }

// Key is the key of an artifact whose SHA-256 is digestHex, named name,
// under prefix: PREFIX + "sha256/" + DIGEST + "/" + NAME. Two different
// artifacts never share a key, and an object whose content does not hash
// to the digest in its key is corrupt or was tampered with.
func Key(prefix, digestHex, name string) string {
	return prefix + "sha256/" + digestHex + "/" + name
}
