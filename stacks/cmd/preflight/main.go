// Command preflight checks, before `make up`, that an AWS or Tencent Cloud
// account can take a stack, and prints for each prerequisite what it found
// and what to do (see packages stacks/preflight and
// stacks/preflight/tencent, and docs/preflight.md). "make preflight
// STACK=prod" runs it.
//
//	go run ./stacks/cmd/preflight -stack prod [-dir .] [-account DIR] [-json]
//
// It reads the stack's configuration from -dir/Pulumi.STACK.yaml (the
// stack need not exist yet). With CLOUD unset or "offline" it checks the
// offline account (-account, by default $MODELFORT_OFFLINE_ACCOUNT, which
// scripts/stack.sh sets): the same AWS SDK clients call a local server
// that answers from the account's settings and objects. With CLOUD=real
// it calls AWS with the SDK's default credentials.
//
// A stack whose file sets modelfort:cloud tencentcloud is a Tencent Cloud
// stack: its checks are package stacks/preflight/tencent's, offline
// against the same offline account, and with CLOUD=real against Tencent
// Cloud with the Tencent Cloud SDK's credential chain (TENCENTCLOUD_SECRET_ID
// and TENCENTCLOUD_SECRET_KEY, a profile, or a CVM role).
//
// The exit status is 0 when every check passes (warnings included), 1
// when any fails (a missing prerequisite, or one it could not check, such
// as access denied) or the configuration is invalid, and 2 for a bad
// command line.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/modelfort/modelfort/internal/offlinecloud"
	stacks "github.com/modelfort/modelfort/stacks/aws"
	"github.com/modelfort/modelfort/stacks/preflight"
	"github.com/modelfort/modelfort/stacks/preflight/tencent"
	tc "github.com/modelfort/modelfort/stacks/tencentcloud"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, deps{awsConfig: defaultConfig, tencentClients: defaultTencentClients})
	stop()
	os.Exit(code)
}

// deps are the command's ties to the world, replaced in tests.
type deps struct {
	// awsConfig is the AWS SDK's configuration for CLOUD=real.
	awsConfig func(ctx context.Context) (aws.Config, error)
	// tencentClients reach Tencent Cloud for CLOUD=real.
	tencentClients func() (*tencent.Clients, error)
}

func defaultConfig(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx)
}

// defaultTencentClients sign with the credentials of the Tencent Cloud
// SDK's default chain: the environment, the profile, the CVM role.
func defaultTencentClients() (*tencent.Clients, error) {
	cred, err := common.DefaultProviderChain().GetCredential()
	if err != nil {
		return nil, err
	}
	return tencent.NewClients(cred, ""), nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, d deps) int {
	fs := flag.NewFlagSet("preflight", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "the stack to check (its Pulumi.<stack>.yaml is read)")
	dir := fs.String("dir", ".", "the directory that holds Pulumi.<stack>.yaml")
	account := fs.String("account", getenv(offlinecloud.AccountDirEnv), "offline: the offline account's directory (default $"+offlinecloud.AccountDirEnv+")")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "preflight: "+format+"\n", a...)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected arguments %q", fs.Args())
	case *stack == "":
		return usage("-stack is required")
	}
	offline := false
	switch cloud := getenv("CLOUD"); cloud {
	case "", "offline":
		offline = true
	case "real":
	default:
		return usage("CLOUD is %q; allowed values are offline, real", cloud)
	}
	file := filepath.Join(*dir, "Pulumi."+*stack+".yaml")
	values, err := stacks.ReadStackFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return usage("there is no %s: -stack names a stack of the project in -dir", file)
	}
	if err != nil {
		fmt.Fprintln(stderr, "preflight:", err)
		return exitFail
	}
	if values[tc.CloudKey] == tc.Cloud {
		report, code := runTencent(ctx, *stack, file, *account, offline, values, stderr, d, usage)
		if code != exitOK {
			return code
		}
		return write(report, *asJSON, stdout, stderr)
	}
	cfg, err := stacks.ParseConfig(func(k string) string { return values[k] })
	if err != nil {
		fmt.Fprintf(stderr, "preflight: the configuration of stack %s (%s): %v\n", *stack, file, err)
		return exitFail
	}

	opts := preflight.Options{Stack: *stack, Config: cfg, Up: "make up STACK=" + *stack}
	if offline {
		if *account == "" {
			return usage("offline, preflight checks the offline account that $%s names: run it through `make preflight`, which sets it, give -account DIR, or set CLOUD=real for your AWS account",
				offlinecloud.AccountDirEnv)
		}
		a, err := offlinecloud.OpenAccount(*account)
		if err != nil {
			fmt.Fprintln(stderr, "preflight:", err)
			return exitFail
		}
		world, err := preflight.OfflineWorld(a, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "preflight: reading the offline account:", err)
			return exitFail
		}
		endpoint, stopServer, err := preflight.Serve(world)
		if err != nil {
			fmt.Fprintln(stderr, "preflight:", err)
			return exitFail
		}
		defer stopServer()
		opts.Clients = preflight.NewClients(aws.Config{
			Credentials:  credentials.NewStaticCredentialsProvider("AKIAOFFLINE", "offline", ""),
			BaseEndpoint: aws.String(endpoint),
			Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		})
		opts.Target = "the offline account (" + *account + ")"
	} else {
		base, err := d.awsConfig(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "preflight: loading the AWS configuration:", err)
			return exitFail
		}
		opts.Clients = preflight.NewClients(base)
		opts.Target = "AWS (the SDK's default credentials)"
		opts.Up = "CLOUD=real " + opts.Up
	}

	return write(preflight.Run(ctx, opts), *asJSON, stdout, stderr)
}

// write prints the report, and returns the exit status it calls for.
func write(report preflight.Report, asJSON bool, stdout, stderr io.Writer) int {
	var err error
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(report)
	} else {
		err = report.Write(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "preflight:", err)
		return exitFail
	}
	if report.Failed() {
		return exitFail
	}
	return exitOK
}

// runTencent checks a Tencent Cloud stack (modelfort:cloud tencentcloud):
// offline against the offline account, through a local server; with
// CLOUD=real with the Tencent Cloud SDK's credential chain. A status
// other than exitOK means no report.
func runTencent(ctx context.Context, stack, file, account string, offline bool, values map[string]string, stderr io.Writer, d deps, usage func(string, ...any) int) (preflight.Report, int) {
	cfg, err := tc.ParseConfig(func(k string) string { return values[k] })
	if err != nil {
		fmt.Fprintf(stderr, "preflight: the configuration of stack %s (%s): %v\n", stack, file, err)
		return preflight.Report{}, exitFail
	}
	opts := tencent.Options{Stack: stack, Config: cfg, Up: "make up STACK=" + stack}
	if offline {
		if account == "" {
			return preflight.Report{}, usage("offline, preflight checks the offline account that $%s names: run it through `make preflight`, which sets it, give -account DIR, or set CLOUD=real for your Tencent Cloud account",
				offlinecloud.AccountDirEnv)
		}
		a, err := offlinecloud.OpenAccount(account)
		if err != nil {
			fmt.Fprintln(stderr, "preflight:", err)
			return preflight.Report{}, exitFail
		}
		world, err := tencent.OfflineWorld(a, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "preflight: reading the offline account:", err)
			return preflight.Report{}, exitFail
		}
		endpoint, stopServer, err := tencent.Serve(world)
		if err != nil {
			fmt.Fprintln(stderr, "preflight:", err)
			return preflight.Report{}, exitFail
		}
		defer stopServer()
		opts.Clients = tencent.NewClients(common.NewCredential("AKIDOFFLINE", "offline"), endpoint)
		opts.Target = "the offline account (" + account + ")"
		return tencent.Run(ctx, opts), exitOK
	}
	clients, err := d.tencentClients()
	if err != nil {
		fmt.Fprintln(stderr, "preflight: Tencent Cloud credentials:", err)
		fmt.Fprintln(stderr, "preflight: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, write a profile (~/.tencentcloud/credentials), or run on a CVM with a role")
		return preflight.Report{}, exitFail
	}
	opts.Clients = clients
	opts.Target = "Tencent Cloud (the SDK's credential chain)"
	opts.Up = "CLOUD=real " + opts.Up
	return tencent.Run(ctx, opts), exitOK
}
