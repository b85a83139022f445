// Package tcenv finds where a Tencent Cloud component acts: the account
// (APPID, owner UIN and the UIN of the identity the provider acts as) and
// the region of the provider that the component's resource options
// select, and the region's availability zones. Components call Lookup before they register anything, so that a
// bad combination (a replica in the same region as its source, say) fails
// early, and so that the names and policies they write carry the right
// APPID: COS bucket names end with it.
//
// The tencentcloud provider has no function that returns its own region.
// Lookup asks for the region's zones (availability.getZonesByProduct) and
// takes the region from the zone names, which are "REGION-N"
// ("ap-guangzhou-3").
package tcenv

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/availability"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/user"
)

// ZoneProduct is the product whose zones Lookup asks for: the zones where
// CVM instances (and so VPC subnets and TKE nodes) can be placed.
const ZoneProduct = "cvm"

// Env is the account and region a provider acts in.
type Env struct {
	// AppId is the account's APPID, the suffix of every COS bucket name.
	AppId string
	// OwnerUin is the root account's UIN, as CAM resource names spell it.
	OwnerUin string
	// Uin is the UIN of the identity the provider acts as: the root
	// account's, or a sub-user's.
	Uin string
	// Region is the provider's region, "ap-guangzhou".
	Region string
	// Zones are the region's available zones, sorted.
	Zones []string
}

// Lookup asks the provider that opts select (an explicit provider, or the
// one a parent passes down, or the default) where it acts.
func Lookup(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (Env, error) {
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return Env{}, err
	}
	var inv []pulumi.InvokeOption
	if ro.Parent != nil {
		inv = append(inv, pulumi.Parent(ro.Parent))
	}
	if ro.Provider != nil {
		inv = append(inv, pulumi.Provider(ro.Provider))
	}
	info, err := user.GetInfo(ctx, &user.GetInfoArgs{}, inv...)
	if err != nil {
		return Env{}, fmt.Errorf("looking up the Tencent Cloud account: %w", err)
	}
	zones, err := availability.GetZonesByProduct(ctx, &availability.GetZonesByProductArgs{Product: ZoneProduct}, inv...)
	if err != nil {
		return Env{}, fmt.Errorf("looking up the Tencent Cloud zones: %w", err)
	}
	env := Env{AppId: info.AppId, OwnerUin: info.OwnerUin, Uin: info.Uin}
	if env.Uin == "" {
		env.Uin = env.OwnerUin
	}
	for _, z := range zones.Zones {
		if z.State != "" && z.State != "AVAILABLE" {
			continue
		}
		region := RegionOf(z.Name)
		if env.Region == "" {
			env.Region = region
		}
		if region != env.Region {
			return Env{}, fmt.Errorf("looking up the Tencent Cloud region: zones %s and %s are in different regions", env.Zones[0], z.Name)
		}
		env.Zones = append(env.Zones, z.Name)
	}
	if env.Region == "" {
		return Env{}, fmt.Errorf("looking up the Tencent Cloud region: the provider reports no available %s zone", ZoneProduct)
	}
	if env.AppId == "" {
		return Env{}, fmt.Errorf("looking up the Tencent Cloud account: the provider reports no APPID")
	}
	sort.Strings(env.Zones)
	return env, nil
}

// RegionOf returns the region of a zone name: "ap-guangzhou" for
// "ap-guangzhou-3", "ap-shanghai-fsi" for "ap-shanghai-fsi-1".
func RegionOf(zone string) string {
	i := strings.LastIndexByte(zone, '-')
	if i <= 0 {
		return zone
	}
	return zone[:i]
}

// BucketName is the full name of a COS bucket: "NAME-APPID".
func (e Env) BucketName(name string) string {
	return name + "-" + e.AppId
}

// BucketResource is the CAM resource name of every object of a bucket (its
// full name), as COS bucket policies and CAM policies write it:
// "qcs::cos:REGION:uid/APPID:BUCKET/*".
func (e Env) BucketResource(bucket string) string {
	return fmt.Sprintf("qcs::cos:%s:uid/%s:%s/*", e.Region, e.AppId, bucket)
}

// ReplicaDestination is how a COS replication rule names a destination
// bucket (its full name) in this region: "qcs::cos:REGION::BUCKET".
func (e Env) ReplicaDestination(bucket string) string {
	return fmt.Sprintf("qcs::cos:%s::%s", e.Region, bucket)
}

// Initiator is how COS names the identity a request comes from (a bucket
// replication's Role, an ACL grantee): "qcs::cam::uin/OWNERUIN:uin/UIN",
// the provider's identity in its account.
func (e Env) Initiator() string {
	return fmt.Sprintf("qcs::cam::uin/%s:uin/%s", e.OwnerUin, e.Uin)
}

// RoleArn is the CAM name of a role of this account:
// "qcs::cam::uin/OWNERUIN:roleName/NAME".
func (e Env) RoleArn(role string) string {
	return fmt.Sprintf("qcs::cam::uin/%s:roleName/%s", e.OwnerUin, role)
}

// Tags turns a tag map into the provider's input: nil when empty, so that
// a resource without tags sends none.
func Tags(t map[string]string) pulumi.MapInput {
	if len(t) == 0 {
		return nil
	}
	m := pulumi.Map{}
	for k, v := range t {
		m[k] = pulumi.String(v)
	}
	return m
}
