package tcenv

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestRegionOf(t *testing.T) {
	for zone, want := range map[string]string{"ap-guangzhou-3": "ap-guangzhou", "ap-shanghai-fsi-1": "ap-shanghai-fsi", "na-siliconvalley-2": "na-siliconvalley"} {
		if got := RegionOf(zone); got != want {
			t.Errorf("RegionOf(%s) = %s; want %s", zone, got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	var def, sh Env
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		p, err := tencentcloud.NewProvider(ctx, "sh", &tencentcloud.ProviderArgs{Region: pulumi.String("ap-shanghai")})
		if err != nil {
			return err
		}
		if def, err = Lookup(ctx); err != nil {
			return err
		}
		sh, err = Lookup(ctx, pulumi.Provider(p))
		return err
	}, mocktest.Config("tencentcloud:region", "ap-beijing"))
	if err != nil {
		t.Fatal(err)
	}
	if def.Region != "ap-beijing" || sh.Region != "ap-shanghai" || sh.AppId != "1250000000" || sh.OwnerUin != "100000000001" ||
		!slices.Equal(sh.Zones, []string{"ap-shanghai-1", "ap-shanghai-2", "ap-shanghai-3"}) {
		t.Errorf("default %+v, shanghai %+v", def, sh)
	}
	if sh.BucketName("m") != "m-1250000000" || sh.BucketResource("m-1") != "qcs::cos:ap-shanghai:uid/1250000000:m-1/*" ||
		sh.ReplicaDestination("m-1") != "qcs::cos:ap-shanghai::m-1" || sh.RoleArn("r") != "qcs::cam::uin/100000000001:roleName/r" ||
		sh.Uin != "100000000001" || sh.Initiator() != "qcs::cam::uin/100000000001:uin/100000000001" {
		t.Error("names")
	}
}

// TestLookupRejectsMixedOrMissingZones: zones of two regions, or none,
// mean the region cannot be told.
func TestLookupRejectsMixedOrMissingZones(t *testing.T) {
	for want, zones := range map[string][]any{
		"are in different regions":      {map[string]any{"name": "ap-guangzhou-1"}, map[string]any{"name": "ap-shanghai-1"}},
		"reports no available cvm zone": {map[string]any{"name": "ap-guangzhou-1", "state": "UNAVAILABLE"}},
	} {
		_, err := mocktest.Run(func(ctx *pulumi.Context) error {
			_, err := Lookup(ctx)
			return err
		}, mocktest.Invoke("tencentcloud:Availability/getZonesByProduct:getZonesByProduct", func(resource.PropertyMap) (resource.PropertyMap, error) {
			return resource.NewPropertyMapFromMap(map[string]any{"id": "x", "product": "cvm", "zones": zones}), nil
		}))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v; want %q", err, want)
		}
	}
}

// TestLookupUin: the identity is getInfo's uin (a sub-user's), or the
// owner's when the provider reports none.
func TestLookupUin(t *testing.T) {
	for uin, want := range map[string]string{"100000000011": "qcs::cam::uin/100000000001:uin/100000000011", "": "qcs::cam::uin/100000000001:uin/100000000001"} {
		var env Env
		_, err := mocktest.Run(func(ctx *pulumi.Context) (err error) {
			env, err = Lookup(ctx)
			return err
		}, mocktest.Invoke("tencentcloud:User/getInfo:getInfo", func(resource.PropertyMap) (resource.PropertyMap, error) {
			return resource.NewPropertyMapFromMap(map[string]any{"appId": "1250000000", "ownerUin": "100000000001", "uin": uin}), nil
		}))
		if err != nil || env.Initiator() != want {
			t.Errorf("uin %q: initiator %q, %v; want %q", uin, env.Initiator(), err, want)
		}
	}
}

func TestTags(t *testing.T) {
	if Tags(nil) != nil {
		t.Error("no tags must send none")
	}
	if m, ok := Tags(map[string]string{"a": "b"}).(pulumi.Map); !ok || len(m) != 1 {
		t.Errorf("tags %v", m)
	}
}
