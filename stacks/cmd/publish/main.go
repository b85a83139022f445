// Command publish uploads a model artifact into a stack's model bucket
// under its content address (models/sha256/DIGEST/NAME), waits until S3
// replication has copied it to the DR region's bucket, and records its
// digest in the stack's configuration (modelfort:modelDigest), which the
// stack needs before it serves: the next `make up` then creates the
// SageMaker models and endpoints reading that artifact in both regions.
// See package stacks/publish for what is checked on the way.
//
//	go run ./stacks/cmd/publish -stack dev -file model.tar.gz [-name NAME] [-work-dir DIR] [-set-config=false] [-offline=false]
//
// It reads the stack's outputs (modelBucket, modelReplicaBucket,
// primaryRegion, drRegion, dataKeyArn, modelPrefix, modelArtifact) and
// sets its configuration through the Pulumi Automation API, in -work-dir. Offline (CLOUD unset or
// "offline", the default), it runs under the environment scripts/stack.sh
// sets (the offline backend, and the offline account in
// $MODELFORT_OFFLINE_ACCOUNT) and writes into the offline account's S3
// through the real AWS SDK (offlinecloud.ServeS3); with CLOUD=real it
// uses the AWS SDK's default credentials against the real S3.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/modelfort/modelfort/internal/automation"
	"github.com/modelfort/modelfort/internal/modelartifact"
	"github.com/modelfort/modelfort/internal/offlinecloud"
	"github.com/modelfort/modelfort/stacks/publish"
)

// Configuration keys the command reads and writes.
const (
	KeyDigest   = "modelfort:modelDigest"
	KeyArtifact = "modelfort:modelArtifact"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Stdout, os.Args[1:], os.Getenv, deps{
		stack:   openStack,
		account: offlinecloud.AccountFromEnv,
	})
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "publish:", strings.TrimPrefix(err.Error(), "publish: "))
		os.Exit(1)
	}
}

// Stack is what the command needs of a Pulumi stack.
type Stack interface {
	// Outputs returns the stack's outputs.
	Outputs(ctx context.Context) (map[string]any, error)
	// SetConfig sets a configuration value.
	SetConfig(ctx context.Context, key, value string) error
}

// deps are the command's ties to the world, replaced in tests.
type deps struct {
	stack   func(ctx context.Context, name, workDir string) (Stack, error)
	account func() (*offlinecloud.Account, error)
}

// flags are the command line.
type flags struct {
	stack, file, name, workDir string
	setConfig, offline         bool
	timeout, poll              time.Duration
	partSize                   int64
}

func parse(args []string, getenv func(string) string, w io.Writer) (flags, error) {
	var f flags
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.StringVar(&f.stack, "stack", "", "the stack whose buckets receive the artifact (dev, staging, prod)")
	fs.StringVar(&f.file, "file", "", "the model artifact to publish (a model.tar.gz)")
	fs.StringVar(&f.name, "name", "", "the artifact's name under its digest (default: the stack's "+KeyArtifact+" if set, else the file's base name)")
	fs.StringVar(&f.workDir, "work-dir", ".", "the Pulumi project directory of the stack")
	fs.BoolVar(&f.setConfig, "set-config", true, "write "+KeyDigest+" (and "+KeyArtifact+" when it differs) into the stack's configuration")
	fs.BoolVar(&f.offline, "offline", defaultOffline(getenv), "publish into the offline account (default: true unless CLOUD is set to something other than \"offline\")")
	fs.DurationVar(&f.timeout, "replica-timeout", publish.DefaultReplicaTimeout, "how long to wait for the DR region's replica")
	fs.DurationVar(&f.poll, "poll", publish.DefaultPollInterval, "how often to look for the replica")
	fs.Int64Var(&f.partSize, "part-size", publish.DefaultPartSize, "the part size of a multipart upload (artifacts over 5 GiB), in bytes")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	switch {
	case fs.NArg() > 0:
		return f, fmt.Errorf("unexpected arguments %q", fs.Args())
	case f.stack == "":
		return f, errors.New("-stack is required")
	case f.file == "":
		return f, errors.New("-file is required")
	}
	return f, nil
}

// defaultOffline is true when CLOUD is "offline" or unset, as in
// scripts/stack.sh.
func defaultOffline(getenv func(string) string) bool {
	c := getenv("CLOUD")
	return c == "" || c == "offline"
}

// Target is where a stack keeps its model artifacts, from its outputs.
type Target struct {
	Bucket, ReplicaBucket     string
	PrimaryRegion, DRRegion   string
	DataKeyArn, ReplicaKeyArn string
	// Prefix is where the stack's endpoints read artifacts from.
	Prefix string
}

// TargetFrom reads a stack's outputs: modelBucket, modelReplicaBucket,
// primaryRegion, drRegion, dataKeyArn, modelPrefix (and dataKeyReplicaArn,
// optional).
func TargetFrom(stack string, outputs map[string]any) (Target, error) {
	var t Target
	var missing []string
	get := func(name string, dst *string, required bool) {
		v, ok := outputs[name].(string)
		if ok && v != "" {
			*dst = v
			return
		}
		if required {
			missing = append(missing, name)
		}
	}
	get("modelBucket", &t.Bucket, true)
	get("modelReplicaBucket", &t.ReplicaBucket, true)
	get("primaryRegion", &t.PrimaryRegion, true)
	get("drRegion", &t.DRRegion, true)
	get("dataKeyArn", &t.DataKeyArn, true)
	get("dataKeyReplicaArn", &t.ReplicaKeyArn, false)
	get("modelPrefix", &t.Prefix, true)
	if len(missing) > 0 {
		return t, fmt.Errorf("the stack %s has no output %s: publish writes into the buckets the stack created, so run `make up STACK=%s` first",
			stack, strings.Join(missing, ", "), stack)
	}
	return t, nil
}

// Options turns a target, its clients and the flags into publish's options.
func Options(t Target, source, replica *s3.Client, f flags, name string, log io.Writer) publish.Options {
	return publish.Options{
		Source: source, Replica: replica,
		Bucket: t.Bucket, ReplicaBucket: t.ReplicaBucket,
		Prefix: t.Prefix, Name: name, File: f.file,
		KMSKeyArn:      t.DataKeyArn,
		PartSize:       f.partSize,
		ReplicaTimeout: f.timeout, PollInterval: f.poll,
		Log: log,
	}
}

// artifactName is the name the artifact is published under: the flag,
// else the stack's modelfort:modelArtifact (its output modelArtifact),
// else the file's base name.
func artifactName(flagName, configured, file string) string {
	switch {
	case flagName != "":
		return flagName
	case configured != "":
		return configured
	}
	return filepath.Base(file)
}

// Client returns an S3 client of a region: the AWS SDK's default
// configuration (environment, shared files, instance roles) for the real
// cloud, or, given an endpoint, a client of the offline S3 there (static
// credentials, path-style addresses, the SDK's default checksums).
func Client(ctx context.Context, region, endpoint string) (*s3.Client, error) {
	if endpoint == "" {
		cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
		if err != nil {
			return nil, fmt.Errorf("loading the AWS configuration: %w", err)
		}
		return s3.NewFromConfig(cfg), nil
	}
	return s3.NewFromConfig(aws.Config{
		Region:                     region,
		Credentials:                credentials.NewStaticCredentialsProvider("AKIAOFFLINE", "offline", ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenSupported,
	}, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
	}), nil
}

func run(ctx context.Context, w io.Writer, args []string, getenv func(string) string, d deps) error {
	f, err := parse(args, getenv, w)
	if err != nil {
		return err
	}
	if _, err := os.Stat(f.file); err != nil {
		return err
	}
	var endpoint string
	if f.offline {
		if getenv(offlinecloud.AccountDirEnv) == "" {
			return fmt.Errorf("offline, publish writes into the offline account that $%s names, and reads the stack from the offline backend: "+
				"run it through `make publish`, which sets both up, or set CLOUD=real for the real cloud", offlinecloud.AccountDirEnv)
		}
		a, err := d.account()
		if err != nil {
			return err
		}
		var stopS3 func()
		if endpoint, stopS3, err = offlinecloud.ServeS3(a); err != nil {
			return err
		}
		defer stopS3()
	}
	st, err := d.stack(ctx, f.stack, f.workDir)
	if err != nil {
		return err
	}
	outputs, err := st.Outputs(ctx)
	if err != nil {
		return fmt.Errorf("reading the outputs of stack %s: %w", f.stack, err)
	}
	t, err := TargetFrom(f.stack, outputs)
	if err != nil {
		return err
	}
	// The name the stack reads the artifact under (its modelArtifact).
	configured, _ := outputs["modelArtifact"].(string)
	name := artifactName(f.name, configured, f.file)
	source, err := Client(ctx, t.PrimaryRegion, endpoint)
	if err != nil {
		return err
	}
	replica, err := Client(ctx, t.DRRegion, endpoint)
	if err != nil {
		return err
	}
	where := "the real S3"
	if f.offline {
		where = "the offline account's S3 (" + getenv(offlinecloud.AccountDirEnv) + ")"
	}
	fmt.Fprintf(w, "publishing %s to stack %s's bucket %s (%s), replicated to %s (%s), in %s\n", f.file, f.stack, t.Bucket, t.PrimaryRegion, t.ReplicaBucket, t.DRRegion, where)
	res, err := publish.Publish(ctx, Options(t, source, replica, f, name, prefixed{w}))
	if err != nil {
		return err
	}
	if !modelartifact.ValidDigest(res.Digest) {
		return fmt.Errorf("the digest %q is not 64 lower-case hex digits", res.Digest)
	}
	verb := "uploaded"
	if !res.Uploaded {
		verb = "found in place"
	}
	fmt.Fprintf(w, "%s s3://%s/%s (SHA-256 %s, %d bytes, version %s)\n", verb, t.Bucket, res.Key, res.Digest, res.Size, res.VersionID)
	fmt.Fprintf(w, "replica s3://%s/%s has arrived (version %s, encrypted with %s)\n", t.ReplicaBucket, res.Key, res.ReplicaVersionID, orNone(res.ReplicaKMSKeyID))
	settings := map[string]string{KeyDigest: res.Digest}
	if name != configured {
		settings[KeyArtifact] = name
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	up := "make up STACK=" + f.stack
	if !f.offline {
		up = "CLOUD=real " + up
	}
	if !f.setConfig {
		fmt.Fprintf(w, "the stack serves it once its configuration says so; run\n")
		for _, k := range keys {
			fmt.Fprintf(w, "  pulumi config set %s %s --stack %s\n", k, settings[k], f.stack)
		}
		fmt.Fprintf(w, "then %s\n", up)
		return nil
	}
	for _, k := range keys {
		if err := st.SetConfig(ctx, k, settings[k]); err != nil {
			return fmt.Errorf("setting %s of stack %s: %w", k, f.stack, err)
		}
		fmt.Fprintf(w, "set %s=%s on stack %s\n", k, settings[k], f.stack)
	}
	fmt.Fprintf(w, "next: %s deploys the SageMaker models and endpoints serving it in %s and %s\n", up, t.PrimaryRegion, t.DRRegion)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "the bucket's default"
	}
	return s
}

// prefixed indents publish's progress lines.
type prefixed struct{ w io.Writer }

func (p prefixed) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, "  "+string(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// autoStack is a stack of the Pulumi project in dir, reached through the
// Automation API.
type autoStack struct{ name, dir string }

func openStack(_ context.Context, name, workDir string) (Stack, error) {
	return autoStack{name: name, dir: workDir}, nil
}

func (s autoStack) Outputs(ctx context.Context) (map[string]any, error) {
	return automation.Outputs(ctx, s.name, s.dir)
}

func (s autoStack) SetConfig(ctx context.Context, key, value string) error {
	return automation.SetConfig(ctx, s.name, s.dir, key, value)
}
