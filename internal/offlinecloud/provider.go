package offlinecloud

import (
	"context"
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Serve runs c as a provider plugin; the Pulumi CLI starts it as
// pulumi-resource-PACKAGE. It returns when the engine is done with it.
func Serve(c *Cloud) error {
	return provider.Main(c.Package, func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return plugin.NewProviderServer(NewProvider(c)), nil
	})
}

// NewProvider returns c as a plugin.Provider. The engine starts one plugin
// process for each provider instance (the default one and every explicit
// provider), so one Provider serves one region.
func NewProvider(c *Cloud) plugin.Provider {
	return &stand{cloud: c}
}

type stand struct {
	plugin.UnimplementedProvider
	cloud   *Cloud
	env     Env
	account *Account
}

func (p *stand) Close() error { return nil }

func (p *stand) GetPluginInfo(context.Context) (plugin.PluginInfo, error) {
	v, err := semver.Parse(p.cloud.Version)
	if err != nil {
		return plugin.PluginInfo{}, err
	}
	return plugin.PluginInfo{Version: &v}, nil
}

// GetSchema serves the cloud's package schema (see [Cloud.Schema]); the
// stand-in has no parameterized subpackages.
func (p *stand) GetSchema(_ context.Context, req plugin.GetSchemaRequest) (plugin.GetSchemaResponse, error) {
	if p.cloud.Schema == nil {
		return plugin.GetSchemaResponse{}, fmt.Errorf("the offline %s stand-in serves no schema", p.cloud.Package)
	}
	if req.SubpackageName != "" {
		return plugin.GetSchemaResponse{}, fmt.Errorf("the offline %s stand-in has no subpackage %s", p.cloud.Package, req.SubpackageName)
	}
	return plugin.GetSchemaResponse{Schema: p.cloud.Schema}, nil
}

func (p *stand) CheckConfig(_ context.Context, req plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
	return plugin.CheckConfigResponse{Properties: req.News}, nil
}

func (p *stand) DiffConfig(_ context.Context, req plugin.DiffConfigRequest) (plugin.DiffConfigResponse, error) {
	diff := req.OldInputs.Diff(req.NewInputs)
	if diff == nil || !diff.AnyChanges() {
		return plugin.DiffResult{Changes: plugin.DiffNone}, nil
	}
	return plugin.DiffResult{Changes: plugin.DiffSome, ChangedKeys: diff.ChangedKeys()}, nil
}

func (p *stand) Configure(_ context.Context, req plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
	env, err := p.cloud.Configure(req.Inputs)
	if err != nil {
		return plugin.ConfigureResponse{}, err
	}
	p.env = env
	if p.account, err = AccountFromEnv(); err != nil {
		return plugin.ConfigureResponse{}, err
	}
	return plugin.ConfigureResponse{}, nil
}

func (p *stand) Check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	props := p.cloud.Check(string(req.Type), req.URN, req.Olds, req.News, req.RandomSeed)
	// What the real cloud would refuse fails the check, so that preview and
	// up print the cloud's wording; a value not known yet is never refused.
	return plugin.CheckResponse{Properties: props, Failures: p.cloud.CheckFailures(string(req.Type), props)}, nil
}

func (p *stand) Diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResponse, error) {
	return p.cloud.Diff(string(req.URN.Type()), req.OldInputs, req.NewInputs), nil
}

func (p *stand) Create(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	id, out, err := p.cloud.CreateIn(p.account, p.env, string(req.URN.Type()), req.URN, req.Properties, req.Preview)
	if err != nil {
		return plugin.CreateResponse{Status: resource.StatusUnknown}, err
	}
	return plugin.CreateResponse{ID: resource.ID(id), Properties: out, Status: resource.StatusOK}, nil
}

func (p *stand) Update(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	out, err := p.cloud.UpdateIn(p.account, p.env, string(req.URN.Type()), req.URN, string(req.ID), req.NewInputs, req.Preview)
	if err != nil {
		return plugin.UpdateResponse{Status: resource.StatusUnknown}, err
	}
	return plugin.UpdateResponse{Properties: out, Status: resource.StatusOK}, nil
}

// Read returns the resource as the offline account holds it, so that a
// change made to the account out of band shows up as drift, and a resource
// the account no longer holds is gone. An import (a read without state)
// finds the account's object by its ID.
func (p *stand) Read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	inputs := req.Inputs
	if inputs == nil {
		inputs = resource.PropertyMap{}
	}
	in, out, ok, err := p.cloud.ReadIn(p.account, p.env, string(req.URN.Type()), string(req.ID), inputs)
	if err != nil {
		return plugin.ReadResponse{Status: resource.StatusUnknown}, err
	}
	if !ok {
		return plugin.ReadResponse{Status: resource.StatusOK}, nil
	}
	if req.State == nil && req.Inputs == nil {
		// An import: the inputs are what the account holds, less what the
		// cloud computes, so that the program's inputs match them.
		in = p.cloud.importedInputs(string(req.URN.Type()), out)
	}
	return plugin.ReadResponse{
		ReadResult: plugin.ReadResult{ID: req.ID, Inputs: in, Outputs: out},
		Status:     resource.StatusOK,
	}, nil
}

func (p *stand) Delete(_ context.Context, req plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	if err := p.cloud.DeleteIn(p.account, p.env, string(req.URN.Type()), req.URN, string(req.ID)); err != nil {
		return plugin.DeleteResponse{Status: resource.StatusUnknown}, err
	}
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

func (p *stand) Invoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	out, err := p.cloud.InvokeIn(p.account, p.env, string(req.Tok), req.Args)
	if err != nil {
		return plugin.InvokeResponse{}, fmt.Errorf("invoking %s: %w", req.Tok, err)
	}
	return plugin.InvokeResponse{Properties: out}, nil
}

func (p *stand) SignalCancellation(context.Context) error { return nil }
