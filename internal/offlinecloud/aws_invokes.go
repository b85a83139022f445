package offlinecloud

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// awsInvokes are the AWS data sources modelfort calls.
var awsInvokes = map[string]InvokeFunc{
	"aws:index/getCallerIdentity:getCallerIdentity": func(env Env, _ resource.PropertyMap) (resource.PropertyMap, error) {
		return props(map[string]any{
			"accountId": env.Account,
			"arn":       fmt.Sprintf("arn:%s:iam::%s:user/offline", env.Partition, env.Account),
			"id":        env.Account,
			"userId":    "AIDAOFFLINEOFFLINE0001",
		}), nil
	},
	"aws:index/getPartition:getPartition": func(env Env, _ resource.PropertyMap) (resource.PropertyMap, error) {
		reverse := "com.amazonaws"
		if env.Partition == "aws-cn" {
			reverse = "cn.com.amazonaws"
		}
		return props(map[string]any{
			"id":               env.Partition,
			"partition":        env.Partition,
			"dnsSuffix":        env.DNSSuffix,
			"reverseDnsPrefix": reverse,
		}), nil
	},
	"aws:index/getRegion:getRegion": func(env Env, args resource.PropertyMap) (resource.PropertyMap, error) {
		region := env.Region
		if v, ok := args["name"]; ok && v.IsString() {
			region = v.StringValue()
		}
		return props(map[string]any{
			"id":          region,
			"name":        region,
			"description": "Offline region " + region,
			"endpoint":    fmt.Sprintf("ec2.%s.%s", region, env.DNSSuffix),
		}), nil
	},
	"aws:index/getAvailabilityZones:getAvailabilityZones": func(env Env, args resource.PropertyMap) (resource.PropertyMap, error) {
		excluded := stringList(args["excludeNames"])
		var names, ids, groups []any
		for _, z := range AWSZones(env.Region) {
			if slices.Contains(excluded, z) {
				continue
			}
			names = append(names, z)
			ids = append(ids, ZoneId(z))
			groups = append(groups, env.Region)
		}
		out := props(map[string]any{"id": env.Region, "names": names, "zoneIds": ids, "groupNames": groups})
		for _, k := range []resource.PropertyKey{"state", "allAvailabilityZones", "excludeNames", "excludeZoneIds", "filters"} {
			if v, ok := args[k]; ok {
				out[k] = v
			}
		}
		return out, nil
	},
	"aws:ec2/getPrefixList:getPrefixList": func(env Env, args resource.PropertyMap) (resource.PropertyMap, error) {
		name := fmt.Sprintf("com.amazonaws.%s.s3", env.Region)
		if v, ok := args["name"]; ok && v.IsString() {
			name = v.StringValue()
		}
		id := "pl-" + fmt.Sprintf("%x", hashOf(name))[:8]
		return props(map[string]any{
			"id":           id,
			"prefixListId": id,
			"name":         name,
			"cidrBlocks":   []any{"198.51.100.0/24"},
		}), nil
	},
	"aws:iam/getPolicyDocument:getPolicyDocument": renderPolicyDocument,
}

// props turns plain Go values into a property map.
func props(m map[string]any) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(m)
}

// stringList reads a list of strings; anything else reads as empty.
func stringList(v resource.PropertyValue) []string {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		for e.IsSecret() {
			e = e.SecretValue().Element
		}
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}
