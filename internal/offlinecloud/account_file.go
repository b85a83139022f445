package offlinecloud

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
)

// fileStore keeps an account in a directory that several plugin processes
// share (one per provider instance, for every stack of a backend):
//
//	settings.json                      the account's settings (optional)
//	objects/TYPE/REGION/ID.json        one file per object
//	names/HASH.json                    one file per unique name held
//
// A name is claimed by creating its file with O_EXCL, which one process
// wins; an object file is written by the one process that created the
// object, through a rename, so a reader never sees half a file.
type fileStore struct {
	dir string
}

func (f *fileStore) namePath(name string) string {
	h := sha256.Sum256([]byte(name))
	return filepath.Join(f.dir, "names", hex.EncodeToString(h[:16])+".json")
}

func (f *fileStore) typeDir(typ string) string {
	return filepath.Join(f.dir, "objects", url.PathEscape(typ))
}

func (f *fileStore) objectPath(typ, region, id string) string {
	return filepath.Join(f.typeDir(typ), url.PathEscape(region), url.PathEscape(id)+".json")
}

type nameFile struct {
	Name string `json:"name"`
	Holder
}

func (f *fileStore) Claim(name string, h Holder) (Holder, bool, error) {
	p := f.namePath(name)
	b, err := json.Marshal(nameFile{Name: name, Holder: h})
	if err != nil {
		return Holder{}, false, err
	}
	file, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		old, err := f.holder(p)
		return old, false, err
	}
	if err != nil {
		return Holder{}, false, fmt.Errorf("claiming %q in the offline account: %w", name, err)
	}
	_, err = file.Write(b)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return h, err == nil, err
}

func (f *fileStore) holder(p string) (Holder, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return Holder{}, err
	}
	var n nameFile
	if err := json.Unmarshal(b, &n); err != nil {
		// Claimed a moment ago and not written yet: held all the same.
		return Holder{Object: "(being created)"}, nil
	}
	return n.Holder, nil
}

func (f *fileStore) Release(name string, h Holder) error {
	p := f.namePath(name)
	old, err := f.holder(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil || old != h {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (f *fileStore) Put(o Record) error {
	b, err := encodeRecord(o)
	if err != nil {
		return fmt.Errorf("storing %s in the offline account: %w", o.Key(), err)
	}
	p := f.objectPath(o.Type, o.Region, o.ID)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

func (f *fileStore) Get(typ, region, id string) (Record, bool, error) {
	b, err := os.ReadFile(f.objectPath(typ, region, id))
	if errors.Is(err, fs.ErrNotExist) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, err
	}
	o, err := decodeRecord(b)
	if err != nil {
		return Record{}, false, fmt.Errorf("reading %s %s %s from the offline account: %w", typ, region, id, err)
	}
	return o, true, nil
}

func (f *fileStore) List(typ string) ([]Record, error) {
	var out []Record
	err := filepath.WalkDir(f.typeDir(typ), func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() || filepath.Ext(p) != ".json" || d.Name()[0] == '.' {
			return err
		}
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed while listing
		}
		if err != nil {
			return err
		}
		o, err := decodeRecord(b)
		if err != nil {
			return fmt.Errorf("reading %s from the offline account: %w", p, err)
		}
		out = append(out, o)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, err
}

func (f *fileStore) Remove(typ, region, id string) error {
	err := os.Remove(f.objectPath(typ, region, id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Settings reads settings.json; without one the account has the default
// settings.
func (f *fileStore) Settings() (Settings, error) {
	var s Settings
	b, err := os.ReadFile(filepath.Join(f.dir, "settings.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("the offline account's settings.json: %w", err)
	}
	return s, nil
}
