package offlinecloud

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// TestProviderActsInItsConfiguredRegion drives the plugin.Provider that
// the plugin executables serve, as the engine does.
func TestProviderActsInItsConfiguredRegion(t *testing.T) {
	ctx := context.Background()
	p := NewProvider(AWS)
	info, err := p.GetPluginInfo(ctx)
	if err != nil || info.Version.String() != "6.83.2" {
		t.Fatalf("plugin info %v, %v", info, err)
	}
	if _, err := p.Configure(ctx, plugin.ConfigureRequest{Inputs: resource.PropertyMap{"region": resource.NewProperty("sa-east-1")}}); err != nil {
		t.Fatal(err)
	}
	u := urn("aws:kms/key:Key", "k")
	created, err := p.Create(ctx, plugin.CreateRequest{URN: u, Type: "aws:kms/key:Key", Properties: resource.PropertyMap{}})
	if err != nil {
		t.Fatal(err)
	}
	if arn := created.Properties["arn"].StringValue(); arn != "arn:aws:kms:sa-east-1:123456789012:key/"+string(created.ID) {
		t.Errorf("arn %q", arn)
	}
	region, err := p.Invoke(ctx, plugin.InvokeRequest{Tok: "aws:index/getRegion:getRegion"})
	if err != nil || region.Properties["name"].StringValue() != "sa-east-1" {
		t.Errorf("getRegion: %v %v", region.Properties, err)
	}
	read, err := p.Read(ctx, plugin.ReadRequest{URN: u, ID: created.ID, Inputs: resource.PropertyMap{}, State: created.Properties})
	if err != nil || !read.Outputs.DeepEquals(created.Properties) || read.ID != created.ID {
		t.Errorf("read must return the state it was given: %v %v", read, err)
	}
	gone, err := p.Read(ctx, plugin.ReadRequest{URN: u, ID: "elsewhere"})
	if err != nil || gone.Outputs != nil {
		t.Errorf("a read without state must find nothing: %v %v", gone, err)
	}
}
