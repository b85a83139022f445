package encryption

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestKeyOrOwn(t *testing.T) {
	given := "arn:aws:kms:us-east-1:123456789012:key/given"
	var gotGiven, gotOwn pulumi.StringInput
	var ownKey, givenKey *kmskey.Key
	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
		var err error
		if gotGiven, givenKey, err = KeyOrOwn(ctx, "test", "a", pulumi.String(given), kmskey.Args{}); err != nil {
			return err
		}
		gotOwn, ownKey, err = KeyOrOwn(ctx, "test", "b", nil, kmskey.Args{Description: "own", ServicePrincipals: []string{"logs"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if givenKey != nil || gotGiven != pulumi.String(given) {
		t.Errorf("a given key: %v, %v", gotGiven, givenKey)
	}
	if ownKey == nil || gotOwn == nil {
		t.Fatal("no key of its own")
	}
	if n := len(rec.OfType(kmskey.Type)); n != 1 {
		t.Errorf("%d kmskey.Key components; want 1 (none for the given key)", n)
	}
	key := rec.Find("aws:kms/key:Key", "b")
	if key == nil || key.Str("description") != "own" || !strings.Contains(key.Str("policy"), "logs.us-east-1.amazonaws.com") {
		t.Errorf("own key: %v", key)
	}
}

func TestCheck(t *testing.T) {
	if err := Check("KMSKeyArn", pulumi.String("alias/x")); err == nil || !strings.HasPrefix(err.Error(), `KMSKeyArn "alias/x" is not a KMS key ARN`) {
		t.Errorf("alias accepted: %v", err)
	}
	if err := Check("KMSKeyArn", nil); err != nil {
		t.Errorf("nil refused: %v", err)
	}
}
