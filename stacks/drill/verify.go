package drill

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/modelfort/modelfort/internal/modelartifact"
)

// DigestMismatchError is an object whose content does not hash to the
// digest it should.
type DigestMismatchError struct {
	Bucket, Key, Want, Got string
}

func (e *DigestMismatchError) Error() string {
	return fmt.Sprintf("s3://%s/%s has SHA-256 %s, not %s", e.Bucket, e.Key, e.Got, e.Want)
}

// VerifyObject is the default Verify: it streams the object's current
// version through SHA-256 (never holding it in memory) and compares the
// digest with wantHex, failing with a *DigestMismatchError when they
// differ.
func VerifyObject(ctx context.Context, client *s3.Client, bucket, key, wantHex string) error {
	want := strings.ToLower(wantHex)
	if !modelartifact.ValidDigest(want) {
		return fmt.Errorf("verify s3://%s/%s: %q is not a hex SHA-256 digest", bucket, key, wantHex)
	}
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("verify s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	h := sha256.New()
	if _, err := io.Copy(h, out.Body); err != nil {
		return fmt.Errorf("verify s3://%s/%s: %w: %w", bucket, key, errRead, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return &DigestMismatchError{Bucket: bucket, Key: key, Want: want, Got: got}
	}
	return nil
}

// errRead is an object whose body could not be read to the end.
var errRead = errors.New("read")

// isAPIError tells an error of an AWS call (the object could not be
// read: permissions, network, no such key) from a verification that read
// the object and found it wrong. Every SDK operation wraps its errors in
// a *smithy.OperationError, which a Verify passes on; a digest mismatch
// is none.
func isAPIError(err error) bool {
	var op *smithy.OperationError
	return errors.As(err, &op) || errors.Is(err, errRead)
}
