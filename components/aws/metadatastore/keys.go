package metadatastore

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// keysInRegions checks that the given key ARNs that are plain values live
// where they are used: RDS encrypts with a key of the instance's region,
// and the replicated backups with a key of the destination region
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/AutomatedBackups.Replicating.Enable.html).
// Outputs of other resources are taken as they are.
func keysInRegions(a Args, region, replicaRegion string) error {
	for _, k := range []struct {
		field  string
		v      pulumi.StringInput
		region string
	}{{"KMSKeyArn", a.KMSKeyArn, region}, {"ReplicaKMSKeyArn", a.ReplicaKMSKeyArn, replicaRegion}} {
		s, ok := k.v.(pulumi.String)
		if !ok || k.region == "" {
			continue
		}
		if parts := strings.Split(string(s), ":"); len(parts) > 3 && parts[3] != k.region {
			return fmt.Errorf("%s %q is a key of %s; it must be a key of %s", k.field, string(s), parts[3], k.region)
		}
	}
	return nil
}
