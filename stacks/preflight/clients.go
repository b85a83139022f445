package preflight

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/shield"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// GlobalRegion is where the global services (Shield Advanced's
// subscription, Route 53, STS here) are called, and where CloudFront reads
// its certificate.
const GlobalRegion = "us-east-1"

// Clients makes the AWS SDK clients the checks use, one per service and
// region, from one configuration: config.LoadDefaultConfig's for the real
// cloud, or one whose BaseEndpoint is a [Handler] (offline, and tests).
type Clients struct {
	base aws.Config

	mu      sync.Mutex
	clients map[string]any
}

// NewClients makes clients from base; each client gets its region.
func NewClients(base aws.Config) *Clients {
	return &Clients{base: base, clients: map[string]any{}}
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

// STS is STS in the global region.
func (c *Clients) STS() *sts.Client {
	return cached(c, "sts", func() *sts.Client { return sts.NewFromConfig(c.config(GlobalRegion)) })
}

// Shield is Shield Advanced (global, in us-east-1).
func (c *Clients) Shield() *shield.Client {
	return cached(c, "shield", func() *shield.Client { return shield.NewFromConfig(c.config(GlobalRegion)) })
}

// ServiceQuotas is Service Quotas in region.
func (c *Clients) ServiceQuotas(region string) *servicequotas.Client {
	return cached(c, "servicequotas/"+region, func() *servicequotas.Client { return servicequotas.NewFromConfig(c.config(region)) })
}

// ACM is Certificate Manager in region.
func (c *Clients) ACM(region string) *acm.Client {
	return cached(c, "acm/"+region, func() *acm.Client { return acm.NewFromConfig(c.config(region)) })
}

// Route53 is Route 53 (global).
func (c *Clients) Route53() *route53.Client {
	return cached(c, "route53", func() *route53.Client { return route53.NewFromConfig(c.config(GlobalRegion)) })
}

// APIGateway is API Gateway (REST APIs) in region.
func (c *Clients) APIGateway(region string) *apigateway.Client {
	return cached(c, "apigateway/"+region, func() *apigateway.Client { return apigateway.NewFromConfig(c.config(region)) })
}

// GuardDuty is GuardDuty in region.
func (c *Clients) GuardDuty(region string) *guardduty.Client {
	return cached(c, "guardduty/"+region, func() *guardduty.Client { return guardduty.NewFromConfig(c.config(region)) })
}
