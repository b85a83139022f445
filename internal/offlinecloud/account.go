package offlinecloud

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

// AccountDirEnv names the environment variable that points the stand-in
// plugins at the directory of the offline account they share. scripts/stack.sh
// sets it to $MODELFORT_STATE_DIR/account, so every stack of one offline
// backend deploys into one account, as stacks of one AWS account do.
const AccountDirEnv = "MODELFORT_OFFLINE_ACCOUNT"

// Account is the offline cloud account: the objects that stacks have created
// in it and the names those objects hold, plus the account's settings. Create
// claims names and stores the object, Delete releases them, and Read returns
// the account's copy, so a change made out of band shows up as drift.
//
// An Account is backed by a [Store]: a directory shared by the plugin
// processes of every stack of one backend ([OpenAccount]), or memory for
// one unit-test run ([NewMemoryAccount]).
type Account struct {
	store Store
}

// Record is one thing the account holds: a resource as the cloud keeps it.
type Record struct {
	// Type is the resource type token, Region where it was created and ID
	// its physical ID; together they identify the object.
	Type   string `json:"type"`
	Region string `json:"region"`
	ID     string `json:"id"`
	// URN is the resource that created the object.
	URN string `json:"urn"`
	// Names are the unique names the object holds (see [Unique]).
	Names []string `json:"names,omitempty"`
	// Outputs are the object's attributes as the cloud reports them.
	Outputs resource.PropertyMap `json:"-"`
}

// Key identifies the object in its account.
func (o Record) Key() string { return o.Type + " " + o.Region + " " + o.ID }

// Holder is what holds a unique name: the object's key and the resource
// that created it.
type Holder struct {
	Object string `json:"object"`
	URN    string `json:"urn"`
}

// Store keeps an account's objects and names. Claim must be atomic: of two
// callers claiming one name, one wins.
type Store interface {
	// Claim takes a name for holder, or returns the holder that has it.
	Claim(name string, holder Holder) (Holder, bool, error)
	// Release frees a name if holder has it.
	Release(name string, holder Holder) error
	Put(o Record) error
	// Get returns the object of a type, region and ID, if the account has it.
	Get(typ, region, id string) (Record, bool, error)
	// List returns the objects of a type, in every region.
	List(typ string) ([]Record, error)
	Remove(typ, region, id string) error
	Settings() (Settings, error)
}

// NewMemoryAccount returns an empty account kept in memory, with the given
// settings. Package mocktest gives each run one.
func NewMemoryAccount(s Settings) *Account {
	return &Account{store: &memStore{settings: s, objects: map[string]Record{}, names: map[string]Holder{}}}
}

// OpenAccount returns the account kept under dir, creating the directory.
// Its settings come from dir/settings.json when that file exists.
func OpenAccount(dir string) (*Account, error) {
	if err := os.MkdirAll(filepath.Join(dir, "names"), 0o755); err != nil {
		return nil, fmt.Errorf("opening the offline account: %w", err)
	}
	return &Account{store: &fileStore{dir: dir}}, nil
}

// AccountFromEnv opens the account that $MODELFORT_OFFLINE_ACCOUNT names,
// or returns an empty account in memory when it is not set (one plugin
// process then sees only its own objects).
func AccountFromEnv() (*Account, error) {
	if dir := os.Getenv(AccountDirEnv); dir != "" {
		return OpenAccount(dir)
	}
	return NewMemoryAccount(Settings{}), nil
}

// Settings returns the account's settings.
func (a *Account) Settings() (Settings, error) { return a.store.Settings() }

// Get returns an object of the account.
func (a *Account) Get(typ, region, id string) (Record, bool, error) {
	return a.store.Get(typ, region, id)
}

// List returns the account's objects of one type.
func (a *Account) List(typ string) ([]Record, error) { return a.store.List(typ) }

// Put stores an object (Read then returns it).
func (a *Account) Put(o Record) error { return a.store.Put(o) }

// take claims every name for the object, or releases what it took and
// returns the name held by another object and its holder.
func (a *Account) take(o Record, names []string) (string, Holder, error) {
	me := Holder{Object: o.Key(), URN: o.URN}
	var taken []string
	for _, n := range names {
		// The cloud knows no URNs: a create that asks again for a name its
		// own earlier, interrupted create took is refused too, as it would
		// be for real.
		h, ok, err := a.store.Claim(n, me)
		if err != nil || !ok {
			for _, t := range taken {
				_ = a.store.Release(t, me)
			}
			return n, h, err
		}
		taken = append(taken, n)
	}
	return "", Holder{}, nil
}

// remove deletes an object and frees its names. An object that another
// resource holds (the same ID created again under another URN) stays.
func (a *Account) remove(typ, region, id string, urn resource.URN) error {
	o, ok, err := a.store.Get(typ, region, id)
	if err != nil || !ok || o.URN != string(urn) {
		return err
	}
	for _, n := range o.Names {
		if err := a.store.Release(n, Holder{Object: o.Key(), URN: o.URN}); err != nil {
			return err
		}
	}
	return a.store.Remove(typ, region, id)
}

// Settings are what an account has been set up with before any stack runs.
// The zero value is the offline account the stacks assume (see
// docs/offline-cloud.md, "The offline account").
type Settings struct {
	AWS     AWSSettings     `json:"aws"`
	Tencent TencentSettings `json:"tencent"`
}

// TencentSettings are a Tencent Cloud account's settings. The zero value is
// an account that has authorized every service role and activated every
// service the stacks use (see prereqs_tencentcloud.go), as an account that
// has run them before; the settings take roles and services away.
type TencentSettings struct {
	// MissingServiceRoles are the service roles the account has not
	// authorized (a fresh account has none of them), such as "TKE_QCSRole",
	// "CloudAudit_QCSRole", "CLS_QcsRole". A stack may create one as a
	// tencentcloud:Cam/role:Role of that name.
	MissingServiceRoles []string `json:"missingServiceRoles,omitempty"`
	// InactiveServices are the services the account has not activated:
	// "kms", "cls".
	InactiveServices []string `json:"inactiveServices,omitempty"`
}

// AWSSettings are an AWS account's settings.
type AWSSettings struct {
	// NoShieldAdvanced makes the account one without a Shield Advanced
	// subscription (a fresh account): every Shield call is refused. The
	// default account subscribes, as prod's documentation demands.
	NoShieldAdvanced bool `json:"noShieldAdvanced,omitempty"`
	// APIGatewayCloudWatchRoles maps a region to the CloudWatch Logs role
	// already set in its API Gateway account settings. A fresh account has
	// none.
	APIGatewayCloudWatchRoles map[string]string `json:"apiGatewayCloudWatchRoles,omitempty"`
	// SageMakerEndpointInstances maps "REGION/INSTANCE-TYPE" to the
	// account's quota of that instance type for endpoint usage, such as
	// "us-east-1/ml.g5.2xlarge": 2. A pair not listed has no limit here.
	SageMakerEndpointInstances map[string]int `json:"sageMakerEndpointInstances,omitempty"`
	// GuardDutyOrganizationDetectors maps a region to the GuardDuty
	// detector an AWS Organizations GuardDuty administrator enabled there
	// for this (member) account, as getDetector reports it. A fresh account
	// has none; a stack may not create a second one in such a region.
	GuardDutyOrganizationDetectors map[string]GuardDutyDetector `json:"guardDutyOrganizationDetectors,omitempty"`
}

// GuardDutyDetector is a detector the account holds without a stack: its
// ID, its status (ENABLED or DISABLED) and its features' statuses by name,
// such as "S3_DATA_EVENTS": "ENABLED".
type GuardDutyDetector struct {
	ID       string            `json:"id"`
	Status   string            `json:"status"`
	Features map[string]string `json:"features,omitempty"`
}

// memStore keeps an account in memory.
type memStore struct {
	mu       sync.Mutex
	settings Settings
	objects  map[string]Record
	names    map[string]Holder
}

func (m *memStore) Claim(name string, h Holder) (Holder, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.names[name]; ok {
		return old, false, nil
	}
	m.names[name] = h
	return h, true, nil
}

func (m *memStore) Release(name string, h Holder) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] == h {
		delete(m.names, name)
	}
	return nil
}

func (m *memStore) Put(o Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	o.Outputs = o.Outputs.Copy()
	m.objects[o.Key()] = o
	return nil
}

func (m *memStore) Get(typ, region, id string) (Record, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objects[Record{Type: typ, Region: region, ID: id}.Key()]
	return o, ok, nil
}

func (m *memStore) List(typ string) ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Record
	for _, o := range m.objects {
		if o.Type == typ {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, nil
}

func (m *memStore) Remove(typ, region, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.objects, Record{Type: typ, Region: region, ID: id}.Key())
	return nil
}

func (m *memStore) Settings() (Settings, error) { return m.settings, nil }

// objectFile is an object as a file of the account keeps it.
type objectFile struct {
	Record
	Outputs json.RawMessage `json:"outputs"`
}

func encodeRecord(o Record) ([]byte, error) {
	s, err := plugin.MarshalProperties(o.Outputs, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true})
	if err != nil {
		return nil, err
	}
	outs, err := protojson.Marshal(s)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(objectFile{Record: o, Outputs: outs}, "", "  ")
}

func decodeRecord(b []byte) (Record, error) {
	var f objectFile
	if err := json.Unmarshal(b, &f); err != nil {
		return Record{}, err
	}
	s := &structpb.Struct{}
	if len(f.Outputs) > 0 {
		if err := protojson.Unmarshal(f.Outputs, s); err != nil {
			return Record{}, err
		}
	}
	outs, err := plugin.UnmarshalProperties(s, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true})
	if err != nil {
		return Record{}, err
	}
	o := f.Record
	o.Outputs = outs
	return o, nil
}
