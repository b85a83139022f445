// Package mocktest runs a Pulumi program under the SDK's mocks and records
// every resource it registers, so that tests can assert what a component
// asks the cloud for: its inputs, and its resource options (parent,
// provider, protect, retainOnDelete, dependencies, aliases).
//
// Resources are shaped by the offline cloud of package offlinecloud, the
// same stand-in that serves offline "pulumi up" runs: a bucket gets the same
// kind of ARN, a KMS key the same kind of ID, an invoke the same answer.
//
//	rec, err := mocktest.Run(func(ctx *pulumi.Context) error {
//		_, err := kms.NewKey(ctx, "k", &kms.KeyArgs{EnableKeyRotation: pulumi.Bool(true)})
//		return err
//	}, mocktest.Config("aws:region", "eu-west-1"))
//	key := rec.Find("aws:kms/key:Key", "k")
//	key.Bool("enableKeyRotation") // true
//
// Assert on what Run records, not on values captured in ApplyT callbacks:
// the SDK's mocks do not wait for an apply on an output made from a plain
// value (pulumi.String("x").ToStringOutput()), so such a capture may not
// have happened when Run returns.
package mocktest

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/offlinecloud"
)

// Project is the project name programs run under.
const Project = "modelfort"

// InvokeFunc answers an invoke in place of the offline cloud.
type InvokeFunc func(args resource.PropertyMap) (resource.PropertyMap, error)

// Option changes how Run runs a program.
type Option func(*settings)

type settings struct {
	stack   string
	config  map[string]string
	secrets []string
	invokes map[string]InvokeFunc
	preview bool
	account *offlinecloud.Account
	// published are objects by the logical name of the bucket they are in.
	published map[string][]published
}

// published is an object a bucket holds as soon as it exists.
type published struct {
	key  string
	body []byte
}

// Config sets a stack configuration value, such as "aws:region" or
// "modelfort:environment". Without one, "aws:region" is "us-east-1".
func Config(key, value string) Option {
	return func(s *settings) { s.config[key] = value }
}

// Secret sets a secret stack configuration value.
func Secret(key, value string) Option {
	return func(s *settings) {
		s.config[key] = value
		s.secrets = append(s.secrets, key)
	}
}

// Stack sets the stack name; the default is "test".
func Stack(name string) Option {
	return func(s *settings) { s.stack = name }
}

// Invoke answers the function token with f instead of the offline cloud.
func Invoke(token string, f InvokeFunc) Option {
	return func(s *settings) { s.invokes[token] = f }
}

// Preview runs the program as "pulumi preview" does: computed outputs of
// new resources are unknown.
func Preview() Option {
	return func(s *settings) { s.preview = true }
}

// Account runs the program in an offline account: the names its objects
// hold, what it already has, its settings. Two runs in one account see each
// other's objects, as two stacks of one AWS account do. Without this
// option, each run has an empty account of its own with the default
// settings.
func Account(a *offlinecloud.Account) Option {
	return func(s *settings) { s.account = a }
}

// AccountSettings runs the program in an empty account of its own with
// the given settings, such as an API Gateway CloudWatch Logs role already
// set in a region (see offlinecloud.Settings).
func AccountSettings(st offlinecloud.Settings) Option {
	return func(s *settings) { s.account = offlinecloud.NewMemoryAccount(st) }
}

// Published puts an object into the S3 bucket of the given logical name as
// soon as the program creates it, as if it had been published between two
// runs of the program (make publish, between the first "up" that creates
// the buckets and the next that serves). Unit tests of a program that
// serves a model use it: SageMaker refuses a model whose data is missing,
// and so does the offline cloud. The end-to-end tests take the real path.
func Published(bucket, key string, body []byte) Option {
	return func(s *settings) {
		if s.published == nil {
			s.published = map[string][]published{}
		}
		s.published[bucket] = append(s.published[bucket], published{key, body})
	}
}

// Resource is one registration the program made.
type Resource struct {
	URN    resource.URN
	Type   string
	Name   string
	Custom bool
	// ID and Outputs are what the offline cloud returned (empty for
	// component resources).
	ID      string
	Inputs  resource.PropertyMap
	Outputs resource.PropertyMap
	Parent  resource.URN
	// Provider is the reference ("URN::ID") of the explicit provider that
	// manages the resource, or empty for the default provider.
	Provider string
	// Region is the region of the provider that manages the resource.
	Region         string
	Protect        bool
	RetainOnDelete bool
	Dependencies   []resource.URN
	// PropertyDependencies maps an input to the URNs its value came from.
	PropertyDependencies map[string][]resource.URN
	// Aliases are the alias specs the program gave, written as
	// "name=N type=T parent=P stack=S project=P" (only the set fields) or
	// as the alias URN.
	Aliases []string
}

// Call is one invoke the program made.
type Call struct {
	Token    string
	Args     resource.PropertyMap
	Provider string
}

// Recording is what a program registered and called, in order.
type Recording struct {
	Resources []*Resource
	Calls     []Call
}

// Run runs program under mocks. It returns what the program registered
// and the program's error, if any. Nothing reaches a cloud.
func Run(program pulumi.RunFunc, opts ...Option) (*Recording, error) {
	s := &settings{stack: "test", config: map[string]string{}, invokes: map[string]InvokeFunc{}}
	for _, o := range opts {
		o(s)
	}
	if _, ok := s.config["aws:region"]; !ok {
		s.config["aws:region"] = "us-east-1"
	}
	if s.account == nil {
		s.account = offlinecloud.NewMemoryAccount(offlinecloud.Settings{})
	}
	m := &mocks{settings: s, providers: map[string]offlinecloud.Env{}, rec: &Recording{}}
	err := pulumi.RunErr(program, func(info *pulumi.RunInfo) {
		info.Project, info.Stack, info.Mocks = Project, s.stack, m
		info.Config, info.ConfigSecretKeys = s.config, s.secrets
		info.DryRun = s.preview
	})
	return m.rec, err
}

type mocks struct {
	settings  *settings
	mu        sync.Mutex
	providers map[string]offlinecloud.Env // provider reference -> where it acts
	rec       *Recording
}

// clouds are the stand-ins by package name.
var clouds = map[string]*offlinecloud.Cloud{
	offlinecloud.AWS.Package:          offlinecloud.AWS,
	offlinecloud.TencentCloud.Package: offlinecloud.TencentCloud,
	offlinecloud.Kubernetes.Package:   offlinecloud.Kubernetes,
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := &Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs, Provider: args.Provider}
	if req := args.RegisterRPC; req != nil {
		r.Parent = resource.URN(req.GetParent())
		r.Protect = req.GetProtect()
		r.RetainOnDelete = req.GetRetainOnDelete()
		for _, d := range req.GetDependencies() {
			r.Dependencies = append(r.Dependencies, resource.URN(d))
		}
		for prop, deps := range req.GetPropertyDependencies() {
			if r.PropertyDependencies == nil {
				r.PropertyDependencies = map[string][]resource.URN{}
			}
			for _, d := range deps.GetUrns() {
				r.PropertyDependencies[prop] = append(r.PropertyDependencies[prop], resource.URN(d))
			}
		}
		for _, a := range req.GetAliases() {
			r.Aliases = append(r.Aliases, aliasString(a.GetUrn(), a.GetSpec().GetName(), a.GetSpec().GetType(),
				a.GetSpec().GetParentUrn(), a.GetSpec().GetNoParent(), a.GetSpec().GetStack(), a.GetSpec().GetProject()))
		}
	} else if req := args.ReadRPC; req != nil {
		r.Parent = resource.URN(req.GetParent())
	}
	r.URN = newURN(m.settings.stack, r.Parent, r.Type, r.Name)

	var err error
	switch {
	case strings.HasPrefix(r.Type, "pulumi:providers:"):
		err = m.newProvider(r)
	case !r.Custom && args.ReadRPC == nil:
		r.Outputs = r.Inputs // a component: nothing to create
	default:
		err = m.newCustom(r, args.ID)
	}
	if err != nil {
		return "", nil, err
	}
	m.mu.Lock()
	m.rec.Resources = append(m.rec.Resources, r)
	m.mu.Unlock()
	return r.ID, r.Outputs, nil
}

// newProvider records where an explicit provider acts.
func (m *mocks) newProvider(r *Resource) error {
	pkg := strings.TrimPrefix(r.Type, "pulumi:providers:")
	r.ID = r.Name + "-id"
	r.Outputs = r.Inputs
	env := offlinecloud.Env{}
	if c, ok := clouds[pkg]; ok {
		var err error
		if env, err = c.Configure(r.Inputs); err != nil {
			return fmt.Errorf("provider %s: %w", r.Name, err)
		}
	}
	r.Region = env.Region
	m.mu.Lock()
	m.providers[string(r.URN)+"::"+r.ID] = env
	m.mu.Unlock()
	return nil
}

// newCustom creates a resource in the offline cloud of its package.
func (m *mocks) newCustom(r *Resource, importID string) error {
	pkg, _, _ := strings.Cut(r.Type, ":")
	c, ok := clouds[pkg]
	if !ok {
		r.ID, r.Outputs = r.Name+"-id", r.Inputs
		return nil
	}
	env, err := m.env(c, r.Provider)
	if err != nil {
		return err
	}
	r.Region = env.Region
	seed := sha256.Sum256([]byte(r.URN))
	r.Inputs = c.Check(r.Type, r.URN, nil, r.Inputs, seed[:])
	// What the real cloud would refuse fails the program, as the stand-in's
	// Check fails a "pulumi preview" or "pulumi up".
	if refusals := c.Refusals(r.Type, r.Inputs); len(refusals) > 0 {
		msgs := make([]string, len(refusals))
		for i, ref := range refusals {
			msgs[i] = ref.String()
		}
		return fmt.Errorf("%s %q: %s", r.Type, r.Name, strings.Join(msgs, "; "))
	}
	// The create meets the account: names another object holds and
	// prerequisites the account lacks fail the program.
	// A read or an import takes what exists and creates nothing.
	create := func() (string, resource.PropertyMap, error) {
		return c.CreateIn(m.settings.account, env, r.Type, r.URN, r.Inputs, m.settings.preview)
	}
	if importID != "" {
		create = func() (string, resource.PropertyMap, error) {
			return c.Create(env, r.Type, r.URN, r.Inputs, m.settings.preview)
		}
	}
	id, out, err := create()
	if err != nil {
		return fmt.Errorf("%s %q: %w", r.Type, r.Name, err)
	}
	if importID != "" {
		id = importID
	}
	r.ID, r.Outputs = id, out
	if r.Type == offlinecloud.S3BucketType && !m.settings.preview {
		for _, o := range m.settings.published[r.Name] {
			if err := offlinecloud.PutObject(m.settings.account, env.Region, id, o.key, o.body); err != nil {
				return fmt.Errorf("publishing %s into %s: %w", o.key, r.Name, err)
			}
		}
	}
	return nil
}

// env returns where a provider reference acts; the default provider acts
// where the stack configuration says.
func (m *mocks) env(c *offlinecloud.Cloud, ref string) (offlinecloud.Env, error) {
	if ref != "" {
		m.mu.Lock()
		env, ok := m.providers[ref]
		m.mu.Unlock()
		if ok {
			return env, nil
		}
	}
	cfg := resource.PropertyMap{}
	if v, ok := m.settings.config[c.Package+":region"]; ok {
		cfg["region"] = resource.NewProperty(v)
	}
	return c.Configure(cfg)
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.rec.Calls = append(m.rec.Calls, Call{Token: args.Token, Args: args.Args, Provider: args.Provider})
	m.mu.Unlock()
	if f, ok := m.settings.invokes[args.Token]; ok {
		return f(args.Args)
	}
	pkg, _, _ := strings.Cut(args.Token, ":")
	c, ok := clouds[pkg]
	if !ok {
		return nil, fmt.Errorf("mocktest: no answer for %s; pass one with mocktest.Invoke", args.Token)
	}
	env, err := m.env(c, args.Provider)
	if err != nil {
		return nil, err
	}
	return c.InvokeIn(m.settings.account, env, args.Token, args.Args)
}

// newURN computes a URN the way the SDK's mock monitor does.
func newURN(stack string, parent resource.URN, typ, name string) resource.URN {
	parentType := tokens.Type("")
	if parent != "" && parent.QualifiedType() != resource.RootStackType {
		parentType = parent.QualifiedType()
	}
	return resource.NewURN(tokens.QName(stack), tokens.PackageName(Project), parentType, tokens.Type(typ), name)
}

func aliasString(urn, name, typ, parent string, noParent bool, stack, project string) string {
	if urn != "" {
		return urn
	}
	var parts []string
	for _, kv := range [][2]string{{"name", name}, {"type", typ}, {"parent", parent}, {"stack", stack}, {"project", project}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if noParent {
		parts = append(parts, "noParent")
	}
	return strings.Join(parts, " ")
}
