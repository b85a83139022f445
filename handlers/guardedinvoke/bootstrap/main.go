// Command bootstrap is the guarded invoke Lambda function (runtime
// provided.al2023, arm64): it reads its configuration from the
// environment, builds the Bedrock Runtime and SageMaker Runtime clients
// and serves API Gateway proxy requests with guardedinvoke.Handler.
//
// internal/lambdabuild builds it; see handlers/guardedinvoke/README.md.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/sagemakerruntime"

	"github.com/modelfort/modelfort/handlers/guardedinvoke"
)

func main() {
	log := guardedinvoke.NewLogger()
	cfg, err := guardedinvoke.ConfigFromEnv(os.LookupEnv)
	if err != nil {
		log.Error("the function is misconfigured", "err", err)
		os.Exit(1)
	}
	awsCfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("the AWS configuration could not be loaded", "err", err)
		os.Exit(1)
	}
	h, err := guardedinvoke.New(cfg, bedrockruntime.NewFromConfig(awsCfg), sagemakerruntime.NewFromConfig(awsCfg), log)
	if err != nil {
		log.Error("the handler could not be built", "err", err)
		os.Exit(1)
	}
	lambda.Start(h.Handle)
}
