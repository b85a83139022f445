package offlinecloud

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Sources of SAGEMAKER-MODEL-DATA: CreateModel refuses model data that is
// not in S3 with "ValidationException ... Could not find model data at
// s3://BUCKET/KEY." (a model.tar.gz in aws/amazon-sagemaker-examples#4479
// and aws/aws-step-functions-data-science-sdk-python#61; an S3 prefix in
// aws-ia/ecs-blueprints#223).
const (
	srcSageMakerModelData       = "https://github.com/aws/amazon-sagemaker-examples/issues/4479"
	srcSageMakerModelDataSFN    = "https://github.com/aws/aws-step-functions-data-science-sdk-python/issues/61"
	srcSageMakerModelDataPrefix = "https://github.com/aws-ia/ecs-blueprints/issues/223"
)

const typeSageMakerModelKind = "aws:sagemaker/model:Model"

var sageMakerModelData = Prerequisite{
	ID: "SAGEMAKER-MODEL-DATA",
	Requires: "every `modelDataUrl` of the model (`primaryContainer`, each of `containers[]`), s3://BUCKET/KEY, is an object of the account " +
		"(`" + typeS3Object + "` with that `bucket` and `key`: created by a program, or written by the offline S3), and every " +
		"`modelDataSource.s3DataSource.s3Uri` is such an object (`s3DataType` S3Object) or the prefix of one (S3Prefix); a value not known yet (a preview) passes",
	Message: "ValidationException: Could not find model data at s3://BUCKET/KEY.",
	Source:  srcSageMakerModelData,
	check: func(a *Account, _ Env, in resource.PropertyMap) (string, error) {
		type want struct {
			uri    string
			prefix bool
		}
		var wants []want
		for _, container := range []string{"primaryContainer", "containers[]"} {
			for _, u := range lookup(in, container+".modelDataUrl") {
				wants = append(wants, want{uri: str(u.v)})
			}
			for _, src := range lookup(in, container+".modelDataSource.s3DataSource") {
				ds, ok := known(src.v)
				if !ok || !ds.IsObject() {
					continue
				}
				uri, ok := known(ds.ObjectValue()["s3Uri"])
				if !ok {
					continue
				}
				wants = append(wants, want{uri: str(uri), prefix: str(ds.ObjectValue()["s3DataType"]) == "S3Prefix"})
			}
		}
		if len(wants) == 0 {
			return "", nil
		}
		objects, err := a.List(typeS3Object)
		if err != nil {
			return "", err
		}
		for _, w := range wants {
			bucket, key, ok := strings.Cut(strings.TrimPrefix(w.uri, "s3://"), "/")
			if !strings.HasPrefix(w.uri, "s3://") || !ok || bucket == "" {
				continue // not an S3 URI: CreateModel's other checks
			}
			found := false
			for _, o := range objects {
				b, k := str(o.Outputs["bucket"]), str(o.Outputs["key"])
				if b == bucket && (k == key || w.prefix && strings.HasPrefix(k, key)) {
					found = true
					break
				}
			}
			if !found {
				return "ValidationException: Could not find model data at " + w.uri + ".", nil
			}
		}
		return "", nil
	},
}

func init() {
	awsPrerequisites[typeSageMakerModelKind] = append(awsPrerequisites[typeSageMakerModelKind], sageMakerModelData)
}
