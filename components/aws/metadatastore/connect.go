package metadatastore

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ConnectAction is the IAM action that IAM database authentication
// checks.
const ConnectAction = "rds-db:connect"

var dbUserFormat = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]{0,62}$`)

// ConnectPolicy returns an IAM policy document that lets its holder
// connect to the store as the database user dbUser through IAM database
// authentication, and nothing else: rds-db:connect on
// arn:PARTITION:rds-db:REGION:ACCOUNT:dbuser:RESOURCE-ID/dbUser
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html).
// Attach it to the role of a tier that needs the database; the user must
// exist in the database and hold the rds_iam role. dbUser must be a
// PostgreSQL user name (letters, digits, '_' and '$', not beginning with
// a digit or '$', at most 63 characters), never a wildcard and never the
// master user, whose password RDS keeps in Secrets Manager; otherwise the
// output fails with an error that says so.
func (s *Store) ConnectPolicy(dbUser string) pulumi.StringOutput {
	partition, region, account := s.env.Partition, s.env.Region, s.env.AccountId
	master := s.MasterUsername
	return s.ResourceId.ApplyT(func(resourceID string) (string, error) {
		switch {
		case !dbUserFormat.MatchString(dbUser):
			return "", fmt.Errorf("metadatastore ConnectPolicy: dbUser %q is not a PostgreSQL user name (letters, digits, '_' and '$', not beginning with a digit or '$', at most 63 characters; no wildcards)", dbUser)
		case strings.EqualFold(dbUser, master):
			return "", fmt.Errorf("metadatastore ConnectPolicy: dbUser %q is the master user; give a user of its own to each tier", dbUser)
		}
		doc := map[string]any{
			"Version": "2012-10-17",
			"Statement": []map[string]any{{
				"Sid":      "ConnectAs" + strings.NewReplacer("_", "", "$", "").Replace(dbUser),
				"Effect":   "Allow",
				"Action":   ConnectAction,
				"Resource": fmt.Sprintf("arn:%s:rds-db:%s:%s:dbuser:%s/%s", partition, region, account, resourceID, dbUser),
			}},
		}
		b, err := json.Marshal(doc)
		return string(b), err
	}).(pulumi.StringOutput)
}
