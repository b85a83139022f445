package provider

import (
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// typeMocks records the type of every resource a program registers.
type typeMocks struct {
	mu    sync.Mutex
	types []string
}

func (m *typeMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.types = append(m.types, args.TypeToken)
	return args.Name + "-id", args.Inputs, nil
}

func (m *typeMocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// TestRefusedArgsMakeNoRegionProvider: arguments the component refuses
// fail before the package makes the second region's provider, so that a
// refused component leaves nothing behind, not even a provider. The
// wrappers run in a program of their own, whose end waits for every
// registration it started.
func TestRefusedArgsMakeNoRegionProvider(t *testing.T) {
	for name, tc := range map[string]struct {
		construct func(ctx *pulumi.Context) error
		want      string
	}{
		"key": {func(ctx *pulumi.Context) error {
			_, err := newKey(ctx, "c1", KeyArgs{ReplicaRegion: "us-west-2", DeletionWindowDays: 3})
			return err
		}, "kmskey c1: DeletionWindowDays is 3"},
		"vault": {func(ctx *pulumi.Context) error {
			_, err := newBackupVault(ctx, "c1", BackupVaultArgs{CopyRegion: "us-west-2", NotificationEvents: []string{}})
			return err
		}, "backupvault c1: NotificationEvents is empty"},
		"store": {func(ctx *pulumi.Context) error {
			_, err := newMetadataStore(ctx, "c1", MetadataStoreArgs{ReplicaRegion: "us-west-2", SubnetIds: []pulumi.StringInput{pulumi.String("subnet-1")}})
			return err
		}, "metadatastore c1: "},
		"shield": {func(ctx *pulumi.Context) error {
			_, err := newShieldProtection(ctx, "c1", ShieldProtectionArgs{Resources: []ProtectedResource{{
				Name: "zone", Arn: pulumi.String("arn:aws:route53:::hostedzone/Z1"), HealthCheckArn: pulumi.String("arn:aws:route53:::healthcheck/h"), AlarmRegion: "us-east-1",
			}}})
			return err
		}, "shieldprotection c1: Resources[0]"},
	} {
		t.Run(name, func(t *testing.T) {
			m := &typeMocks{}
			err := pulumi.RunErr(tc.construct, pulumi.WithMocks("project", "stack", m))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want one with %q", err, tc.want)
			}
			if len(m.types) != 0 {
				t.Errorf("a refused component registered %v", m.types)
			}
		})
	}
}
