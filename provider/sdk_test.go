package provider_test

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/provider/sdk/go/modelfort/aws"
)

// sdkMocks records what a program registers through the generated SDK.
type sdkMocks struct {
	mu         sync.Mutex
	registered map[string]resource.PropertyMap
}

func (m *sdkMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.registered[args.TypeToken+"::"+args.Name] = args.Inputs
	outs := args.Inputs.Copy()
	outs["arn"] = resource.NewStringProperty("arn:aws:kms:us-east-1:123456789012:key/mrk-1")
	return args.Name + "-id", outs, nil
}

func (m *sdkMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// TestGoSDKRegistersThePackagesComponents compiles the generated Go SDK
// and runs a program with it: the key it declares is a remote component
// of package modelfort, under the Go component's type token, with the
// program's inputs on the wire.
func TestGoSDKRegistersThePackagesComponents(t *testing.T) {
	m := &sdkMocks{registered: map[string]resource.PropertyMap{}}
	var arn string
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		key, err := aws.NewKey(ctx, "data", &aws.KeyArgs{
			ReplicaRegion: pulumi.StringRef("us-west-2"),
			ViaServices:   pulumi.ToStringArray([]string{"s3"}),
		})
		if err != nil {
			return err
		}
		key.Arn.ApplyT(func(s string) string { arn = s; return s })
		return nil
	}, pulumi.WithMocks("project", "stack", m))
	if err != nil {
		t.Fatal(err)
	}
	in, ok := m.registered["modelfort:aws:Key::data"]
	if !ok {
		t.Fatalf("the program registered %v; want modelfort:aws:Key data", m.registered)
	}
	if in["replicaRegion"].StringValue() != "us-west-2" || in["viaServices"].ArrayValue()[0].StringValue() != "s3" {
		t.Errorf("inputs on the wire: %v", in)
	}
	if arn != "arn:aws:kms:us-east-1:123456789012:key/mrk-1" {
		t.Errorf("the key's arn output is %q", arn)
	}
}
