package drill

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/fis"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Route53Region is where Route 53, a global service, signs its requests
// and publishes its health checks' CloudWatch metrics
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-cloudwatch.html:
// "Route 53 metrics are available only in US East (N. Virginia)").
const Route53Region = "us-east-1"

// Clients makes the AWS SDK clients a drill uses, one per service and
// region, from one configuration (credentials, retries, endpoint).
type Clients struct {
	base aws.Config
	// S3Options apply to every S3 client (tests set path-style addressing).
	s3Options []func(*s3.Options)

	mu      sync.Mutex
	clients map[string]any
}

// NewClients makes clients from base (config.LoadDefaultConfig's, or a
// test's with BaseEndpoint and static credentials); each client gets the
// region it works in.
func NewClients(base aws.Config, s3Options ...func(*s3.Options)) *Clients {
	return &Clients{base: base, s3Options: s3Options, clients: map[string]any{}}
}

func (c *Clients) config(region string) aws.Config {
	cfg := c.base.Copy()
	cfg.Region = region
	return cfg
}

func cached[T any](c *Clients, key string, build func() T) T {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.clients[key]; ok {
		return v.(T)
	}
	v := build()
	c.clients[key] = v
	return v
}

// FIS is AWS Fault Injection Service in region.
func (c *Clients) FIS(region string) *fis.Client {
	return cached(c, "fis/"+region, func() *fis.Client { return fis.NewFromConfig(c.config(region)) })
}

// Route53 is Route 53.
func (c *Clients) Route53() *route53.Client {
	return cached(c, "route53", func() *route53.Client { return route53.NewFromConfig(c.config(Route53Region)) })
}

// CloudWatch is CloudWatch in region.
func (c *Clients) CloudWatch(region string) *cloudwatch.Client {
	return cached(c, "cloudwatch/"+region, func() *cloudwatch.Client { return cloudwatch.NewFromConfig(c.config(region)) })
}

// Backup is AWS Backup in region.
func (c *Clients) Backup(region string) *backup.Client {
	return cached(c, "backup/"+region, func() *backup.Client { return backup.NewFromConfig(c.config(region)) })
}

// S3 is S3 in region.
func (c *Clients) S3(region string) *s3.Client {
	return cached(c, "s3/"+region, func() *s3.Client { return s3.NewFromConfig(c.config(region), c.s3Options...) })
}
