// Package preflight checks, before `make up`, that an AWS account can take
// a stack: the prerequisites the stack assumes and never creates, each in
// every region where it matters. "make preflight STACK=prod" runs it
// (stacks/cmd/preflight); docs/preflight.md lists the checks and the IAM
// permissions they need.
//
//   - Shield Advanced's subscription, with modelfort:shield;
//   - SageMaker's quota of modelfort:instanceType for endpoint usage, in
//     both regions, against the instances the stack runs there;
//   - the ACM certificates of modelfort:domainName in both regions (and of
//     modelfort:cdnDomainName in us-east-1 with Shield): issued, covering
//     the name;
//   - the Route 53 hosted zone modelfort:hostedZoneId: public, a parent of
//     the name;
//   - API Gateway's CloudWatch Logs role in both regions, unless the stack
//     owns it (modelfort:apiGatewayAccountLogging);
//   - GuardDuty's detector in both regions, as modelfort:threatDetection
//     says: none yet when the stack owns it, the organization's, enabled
//     with S3 protection, when it does not.
//
// The checks call the AWS APIs through the AWS SDK for Go v2. Offline the
// same clients call a [Handler] that answers from the offline account
// ([OfflineWorld]), so both paths run the same code.
package preflight

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
	"github.com/aws/aws-sdk-go-v2/service/shield"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	stacks "github.com/modelfort/modelfort/stacks/aws"
)

// Status is the outcome of one check.
type Status int

const (
	// OK: the prerequisite is there (or the stack provides it).
	OK Status = iota
	// NA: the check does not apply to the stack's configuration, or the
	// offline account does not model what it checks.
	NA
	// Warn: `up` succeeds, but something will not be as the stack wants
	// (auto scaling short of quota, a setting the stack will overwrite).
	Warn
	// Missing: the prerequisite is missing; `up` fails.
	Missing
	// Unchecked: the check could not be made (access denied, or another
	// error). It fails too: preflight cannot vouch for the prerequisite.
	Unchecked
)

func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case NA:
		return "n/a"
	case Warn:
		return "warn"
	case Missing:
		return "MISSING"
	case Unchecked:
		return "UNCHECKED"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Fails reports whether the status fails the preflight.
func (s Status) Fails() bool { return s == Missing || s == Unchecked }

// MarshalText writes the status as String does.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Result is one check in one region.
type Result struct {
	// Check names the prerequisite; Region is where it was checked
	// ("global" for the account-wide ones).
	Check  string `json:"check"`
	Region string `json:"region"`
	Status Status `json:"status"`
	// Found is what the check saw; Do what to do about it (empty when
	// there is nothing to do).
	Found string `json:"found"`
	Do    string `json:"do,omitempty"`
}

// Check names.
const (
	CheckCredentials   = "AWS credentials"
	CheckShield        = "Shield Advanced subscription"
	CheckEndpointQuota = "SageMaker endpoint quota"
	CheckCertificate   = "ACM certificate"
	CheckHostedZone    = "Route 53 hosted zone"
	CheckAPIGatewayLog = "API Gateway logging role"
	CheckGuardDuty     = "GuardDuty detector"
)

// Permissions are the IAM actions the checks call (for CLOUD=real; the
// API Gateway one on arn:aws:apigateway:REGION::/account of both regions).
var Permissions = []string{
	"sts:GetCallerIdentity",
	"shield:GetSubscriptionState",
	"servicequotas:ListServiceQuotas",
	"servicequotas:ListAWSDefaultServiceQuotas",
	"acm:DescribeCertificate",
	"route53:GetHostedZone",
	"apigateway:GET",
	"guardduty:ListDetectors",
	"guardduty:GetDetector",
}

// Global is the Region of the account-wide checks.
const Global = "global"

// Options are what Run checks, and with what.
type Options struct {
	// Stack is the stack's name; Config its parsed configuration.
	Stack  string
	Config stacks.Config
	// Clients reach the account: the real one, or a Handler.
	Clients *Clients
	// Target names the account for the report ("the offline account
	// (.pulumi/account)"); Up is the command that deploys the stack
	// ("make up STACK=prod").
	Target, Up string
}

// Report is the outcome of every check.
type Report struct {
	Stack                   string   `json:"stack"`
	Environment             string   `json:"environment"`
	PrimaryRegion, DRRegion string   `json:"-"`
	Target                  string   `json:"target"`
	Up                      string   `json:"up"`
	Results                 []Result `json:"results"`
}

// Failed reports whether any check fails.
func (r Report) Failed() bool {
	return slices.ContainsFunc(r.Results, func(x Result) bool { return x.Status.Fails() })
}

// Failures counts the failing checks.
func (r Report) Failures() int {
	n := 0
	for _, x := range r.Results {
		if x.Status.Fails() {
			n++
		}
	}
	return n
}

// Run makes every check that applies to the stack's configuration.
func Run(ctx context.Context, o Options) Report {
	c := o.Config
	rep := Report{Stack: o.Stack, Environment: c.Environment, PrimaryRegion: c.PrimaryRegion, DRRegion: c.DRRegion, Target: o.Target, Up: o.Up}
	if rep.Up == "" {
		rep.Up = "make up STACK=" + o.Stack
	}
	r := &runner{o: o, c: c, cl: o.Clients}
	id := r.identity(ctx)
	rep.Results = append(rep.Results, id)
	if id.Status.Fails() {
		// Without credentials every other call fails the same way.
		return rep
	}
	rep.Results = append(rep.Results, r.shield(ctx))
	rep.Results = append(rep.Results,
		r.endpointQuota(ctx, c.PrimaryRegion, c.PrimaryInstances, "primary"),
		r.endpointQuota(ctx, c.DRRegion, c.StandbyInstances, "warm standby"))
	rep.Results = append(rep.Results,
		r.certificate(ctx, "primaryCertificateArn", c.PrimaryCertificateArn, c.PrimaryRegion, c.DomainName),
		r.certificate(ctx, "drCertificateArn", c.DRCertificateArn, c.DRRegion, c.DomainName))
	if c.Shield {
		rep.Results = append(rep.Results, r.certificate(ctx, "cdnCertificateArn", c.CDNCertificateArn, stacks.CDNCertificateRegion, c.CDNDomainName))
	}
	rep.Results = append(rep.Results, r.hostedZone(ctx))
	for _, region := range []string{c.PrimaryRegion, c.DRRegion} {
		rep.Results = append(rep.Results, r.apiGatewayLogging(ctx, region))
	}
	for _, region := range []string{c.PrimaryRegion, c.DRRegion} {
		rep.Results = append(rep.Results, r.guardDuty(ctx, region))
	}
	return rep
}

type runner struct {
	o  Options
	c  stacks.Config
	cl *Clients
}

// deniedCodes are the error codes of a caller refused by IAM.
var deniedCodes = []string{"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException", "UnauthorizedAccess"}

// failed turns an error of the check's calls into its result: access
// denied names the IAM actions to grant; NotImplemented (the offline
// account's answer for what it does not model) is NA.
func failed(check, region string, err error, actions ...string) Result {
	res := Result{Check: check, Region: region, Status: Unchecked}
	var ae smithy.APIError
	switch {
	case errors.As(err, &ae) && slices.Contains(deniedCodes, ae.ErrorCode()):
		res.Found = fmt.Sprintf("could not check (%s): %s", ae.ErrorCode(), ae.ErrorMessage())
		res.Do = fmt.Sprintf("grant the caller %s (docs/preflight.md lists every permission preflight needs), then run preflight again", strings.Join(actions, " and "))
	case errors.As(err, &ae) && ae.ErrorCode() == "NotImplemented":
		res.Status = NA
		res.Found = "not checked offline: " + ae.ErrorMessage()
	default:
		res.Found = "could not check: " + err.Error()
		res.Do = "fix the error and run preflight again"
	}
	return res
}

func (r *runner) identity(ctx context.Context) Result {
	out, err := r.cl.STS().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		res := failed(CheckCredentials, Global, err, "sts:GetCallerIdentity")
		res.Do = "give the AWS SDK credentials (AWS_PROFILE, aws sso login, environment variables or an instance role) for the account the stack deploys into, then run preflight again"
		return res
	}
	return Result{Check: CheckCredentials, Region: Global, Status: OK,
		Found: fmt.Sprintf("account %s as %s", aws.ToString(out.Account), aws.ToString(out.Arn))}
}

func (r *runner) shield(ctx context.Context) Result {
	res := Result{Check: CheckShield, Region: Global}
	if !r.c.Shield {
		res.Status, res.Found = NA, "modelfort:shield is false"
		return res
	}
	out, err := r.cl.Shield().GetSubscriptionState(ctx, &shield.GetSubscriptionStateInput{})
	if err != nil {
		return failed(CheckShield, Global, err, "shield:GetSubscriptionState")
	}
	state := string(out.SubscriptionState)
	if state == "ACTIVE" {
		res.Status, res.Found = OK, "subscription ACTIVE"
		return res
	}
	res.Status = Missing
	res.Found = "subscription " + state + ": every Shield Advanced protection the stack creates would be refused"
	res.Do = "subscribe the account (or its organization) to Shield Advanced before `" + r.up() + "`: the Shield console's Subscribe, or `aws shield create-subscription` " +
		"(a one-year commitment billed monthly; modelfort never subscribes, it only creates protections)" + r.shieldAlternative()
	return res
}

func (r *runner) shieldAlternative() string {
	if r.c.Profile().RequireShield {
		return ""
	}
	return "; or set modelfort:shield false"
}

func (r *runner) up() string {
	if r.o.Up != "" {
		return r.o.Up
	}
	return "make up STACK=" + r.o.Stack
}

// endpointQuota checks the quota of the instance type for endpoint usage
// in region against instances (the endpoint's size there) and against
// auto scaling's maximum, twice the primary's size in both regions.
func (r *runner) endpointQuota(ctx context.Context, region string, instances int, role string) Result {
	typ := r.c.InstanceType
	name := EndpointQuotaName(typ)
	most := max(instances, r.c.PrimaryInstances) * 2
	res := Result{Check: CheckEndpointQuota, Region: region}
	q, err := findQuota(ctx, r.cl.ServiceQuotas(region), name)
	if err != nil {
		return failed(CheckEndpointQuota, region, err, "servicequotas:ListServiceQuotas", "servicequotas:ListAWSDefaultServiceQuotas")
	}
	later := ""
	if !r.c.Serving() {
		later = " (its endpoints come with the first `make publish`, which sets modelfort:modelDigest)"
	}
	if q == nil {
		res.Status = Missing
		res.Found = fmt.Sprintf("Service Quotas has no quota %q in %s: SageMaker hosting offers no %s there", name, region, typ)
		res.Do = "set modelfort:instanceType to a type SageMaker hosting offers in both " + r.c.PrimaryRegion + " and " + r.c.DRRegion
		return res
	}
	value := int(math.Floor(aws.ToFloat64(q.Value)))
	code := aws.ToString(q.QuotaCode)
	res.Found = fmt.Sprintf("%q (%s) is %d; the stack runs %d here (%s), up to %d when auto scaling grows it%s",
		name, code, value, instances, role, most, later)
	increase := fmt.Sprintf("`aws service-quotas request-service-quota-increase --region %s --service-code sagemaker --quota-code %s --desired-value %d`", region, code, most)
	switch {
	case value >= most:
		res.Status = OK
	case value >= instances:
		res.Status = Warn
		res.Do = fmt.Sprintf("auto scaling stops at %d: request %d (%s); other endpoints of the account share the quota", value, most, increase)
	default:
		res.Status = Missing
		res.Do = fmt.Sprintf("request at least %d, %d to let auto scaling reach its maximum (%s), or set modelfort:instanceType to a type the account has quota for; other endpoints of the account share the quota", instances, most, increase)
	}
	return res
}

// findQuota finds a SageMaker quota by name: its applied value, else AWS's
// default (ListServiceQuotas leaves out quotas never changed), else nil.
func findQuota(ctx context.Context, c *servicequotas.Client, name string) (*sqtypes.ServiceQuota, error) {
	match := func(qs []sqtypes.ServiceQuota) *sqtypes.ServiceQuota {
		for i := range qs {
			if aws.ToString(qs[i].QuotaName) == name {
				return &qs[i]
			}
		}
		return nil
	}
	applied := servicequotas.NewListServiceQuotasPaginator(c, &servicequotas.ListServiceQuotasInput{ServiceCode: aws.String("sagemaker")})
	for applied.HasMorePages() {
		page, err := applied.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		if q := match(page.Quotas); q != nil {
			return q, nil
		}
	}
	defaults := servicequotas.NewListAWSDefaultServiceQuotasPaginator(c, &servicequotas.ListAWSDefaultServiceQuotasInput{ServiceCode: aws.String("sagemaker")})
	for defaults.HasMorePages() {
		page, err := defaults.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		if q := match(page.Quotas); q != nil {
			return q, nil
		}
	}
	return nil, nil
}

// certificate checks that an ACM certificate is issued in region and
// covers name.
func (r *runner) certificate(ctx context.Context, key, arn, region, name string) Result {
	check := CheckCertificate + " (" + key + ")"
	res := Result{Check: check, Region: region}
	request := fmt.Sprintf("request a public certificate of %s in %s (`aws acm request-certificate --region %s --domain-name %s --validation-method DNS`), add its validation record to the hosted zone, and set modelfort:%s to its ARN",
		name, region, region, name, key)
	out, err := r.cl.ACM(region).DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "ResourceNotFoundException" {
		res.Status = Missing
		res.Found = fmt.Sprintf("no certificate %s in %s", arn, region)
		res.Do = request
		return res
	}
	if err != nil {
		return failed(check, region, err, "acm:DescribeCertificate")
	}
	cert := out.Certificate
	names := cert.SubjectAlternativeNames
	if d := aws.ToString(cert.DomainName); d != "" && !slices.Contains(names, d) {
		names = append([]string{d}, names...)
	}
	status := string(cert.Status)
	covers := slices.ContainsFunc(names, func(n string) bool { return Covers(n, name) })
	switch {
	case status == "ISSUED" && covers:
		res.Status = OK
		res.Found = fmt.Sprintf("ISSUED for %s", strings.Join(names, ", "))
	case status == "ISSUED":
		res.Status = Missing
		res.Found = fmt.Sprintf("ISSUED for %s, which does not cover %s", strings.Join(names, ", "), name)
		res.Do = "set modelfort:" + key + " to a certificate whose names include " + name + " (or *." + parent(name) + "), or " + request
	case status == "PENDING_VALIDATION":
		res.Status = Missing
		res.Found = "PENDING_VALIDATION: ACM has not issued it yet"
		res.Do = fmt.Sprintf("add its DNS validation record (`aws acm describe-certificate --region %s --certificate-arn %s` lists it) to the hosted zone; ACM issues it within minutes", region, arn)
	default:
		res.Status = Missing
		res.Found = status + ": CloudFront and API Gateway take only an ISSUED certificate"
		res.Do = request
	}
	return res
}

// Covers reports whether a certificate name (example.com, *.example.com)
// covers a DNS name: equal, or a wildcard of its parent (one label only).
func Covers(certName, name string) bool {
	certName, name = strings.ToLower(strings.TrimSuffix(certName, ".")), strings.ToLower(strings.TrimSuffix(name, "."))
	if certName == name {
		return true
	}
	rest, ok := strings.CutPrefix(certName, "*.")
	return ok && strings.Contains(name, ".") && parent(name) == rest
}

// parent drops a name's first label.
func parent(name string) string {
	_, p, _ := strings.Cut(name, ".")
	return p
}

// InZone reports whether a DNS name is a zone's apex or under it.
func InZone(zone, name string) bool {
	zone, name = strings.ToLower(strings.TrimSuffix(zone, ".")), strings.ToLower(strings.TrimSuffix(name, "."))
	return name == zone || strings.HasSuffix(name, "."+zone)
}

func (r *runner) hostedZone(ctx context.Context) Result {
	c := r.c
	res := Result{Check: CheckHostedZone, Region: Global}
	out, err := r.cl.Route53().GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: aws.String(c.HostedZoneId)})
	var ae smithy.APIError
	if errors.As(err, &ae) && (ae.ErrorCode() == "NoSuchHostedZone" || ae.ErrorCode() == "InvalidInput") {
		res.Status = Missing
		res.Found = fmt.Sprintf("no hosted zone %s (%s)", c.HostedZoneId, ae.ErrorCode())
		res.Do = fmt.Sprintf("create a public hosted zone of a parent of %s (`aws route53 create-hosted-zone --name %s --caller-reference $(date +%%s)`), delegate to it from the parent domain, and set modelfort:hostedZoneId to its ID",
			c.DomainName, parent(c.DomainName))
		return res
	}
	if err != nil {
		return failed(CheckHostedZone, Global, err, "route53:GetHostedZone")
	}
	z := out.HostedZone
	zone := aws.ToString(z.Name)
	private := z.Config != nil && z.Config.PrivateZone
	switch {
	case !InZone(zone, c.DomainName):
		res.Status = Missing
		res.Found = fmt.Sprintf("%s is %s, which does not hold %s", c.HostedZoneId, zone, c.DomainName)
		res.Do = "set modelfort:hostedZoneId to the public hosted zone of " + c.DomainName + " or of a parent of it"
	case private:
		res.Status = Missing
		res.Found = fmt.Sprintf("%s (%s) is a private zone: clients outside its VPCs cannot resolve %s", c.HostedZoneId, zone, c.DomainName)
		res.Do = "set modelfort:hostedZoneId to a public hosted zone of " + c.DomainName + " or of a parent of it"
	default:
		res.Status = OK
		res.Found = fmt.Sprintf("%s is %s (public), which holds %s", c.HostedZoneId, zone, c.DomainName)
	}
	return res
}

func (r *runner) apiGatewayLogging(ctx context.Context, region string) Result {
	res := Result{Check: CheckAPIGatewayLog, Region: region}
	out, err := r.cl.APIGateway(region).GetAccount(ctx, &apigateway.GetAccountInput{})
	owns := r.c.APIGatewayAccountLogging
	if err != nil {
		res = failed(CheckAPIGatewayLog, region, err, "apigateway:GET on arn:aws:apigateway:"+region+"::/account")
		if owns && res.Status == Unchecked {
			// The stack sets the role itself: not a prerequisite.
			res.Status = Warn
		}
		return res
	}
	role := aws.ToString(out.CloudwatchRoleArn)
	switch {
	case owns && role == "":
		res.Status, res.Found = OK, "none set: the stack sets it (modelfort:apiGatewayAccountLogging)"
	case owns:
		res.Status = Warn
		res.Found = "set to " + role + "; the stack will replace it (modelfort:apiGatewayAccountLogging)"
		res.Do = "if another stack or team owns this region's API Gateway logging role, set modelfort:apiGatewayAccountLogging false so that the stack leaves it"
	case role != "":
		res.Status, res.Found = OK, "set to "+role
	default:
		res.Status = Missing
		res.Found = "none set, and modelfort:apiGatewayAccountLogging is false: API Gateway refuses the stack's logging stages"
		res.Do = fmt.Sprintf("set a CloudWatch Logs role in %s's API Gateway account settings (a role apigateway.amazonaws.com may assume, with AmazonAPIGatewayPushToCloudWatchLogs: "+
			"`aws apigateway update-account --region %s --patch-operations op=replace,path=/cloudwatchRoleArn,value=ROLE-ARN`), or set modelfort:apiGatewayAccountLogging true so that the stack owns it", region, region)
	}
	return res
}

// guardDutyMode is who owns the region's detector: "own", "organization"
// or "" (the stack has no threat detection there).
func (r *runner) guardDutyMode(region string) string {
	if td := r.c.ThreatDetection; td != nil {
		return td.GuardDuty
	}
	if r.c.GuardDuty && region == r.c.PrimaryRegion {
		return stacks.Own
	}
	return ""
}

func (r *runner) guardDuty(ctx context.Context, region string) Result {
	res := Result{Check: CheckGuardDuty, Region: region}
	mode := r.guardDutyMode(region)
	if mode == "" {
		res.Status, res.Found = NA, "the stack has no threat detection here (modelfort:threatDetection)"
		return res
	}
	gd := r.cl.GuardDuty(region)
	list, err := gd.ListDetectors(ctx, &guardduty.ListDetectorsInput{})
	if err != nil {
		return failed(CheckGuardDuty, region, err, "guardduty:ListDetectors")
	}
	var d *guardduty.GetDetectorOutput
	var id string
	if len(list.DetectorIds) > 0 {
		id = list.DetectorIds[0]
		if d, err = gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)}); err != nil {
			return failed(CheckGuardDuty, region, err, "guardduty:GetDetector")
		}
	}
	switch mode {
	case stacks.Organization:
		if d == nil {
			res.Status = Missing
			res.Found = "no detector, and modelfort:threatDetection says the organization provides it"
			res.Do = fmt.Sprintf("have the organization's GuardDuty administrator enable GuardDuty, with S3 protection, for this account in %s; or set modelfort:threatDetection guardDuty: own", region)
			return res
		}
		var wrong []string
		if d.Status != "ENABLED" {
			wrong = append(wrong, fmt.Sprintf("it is %s", d.Status))
		}
		s3 := slices.ContainsFunc(d.Features, func(f gdtypes.DetectorFeatureConfigurationResult) bool {
			return string(f.Name) == S3DataEvents && string(f.Status) == "ENABLED"
		})
		if !s3 {
			wrong = append(wrong, "S3 protection ("+S3DataEvents+") is not ENABLED")
		}
		if len(wrong) > 0 {
			res.Status = Missing
			res.Found = fmt.Sprintf("detector %s: %s", id, strings.Join(wrong, ", and "))
			res.Do = fmt.Sprintf("have the organization's GuardDuty administrator enable the detector and its S3 protection in %s", region)
			return res
		}
		res.Status, res.Found = OK, fmt.Sprintf("detector %s, ENABLED with S3 protection (the organization's)", id)
	default:
		if d == nil {
			res.Status, res.Found = OK, "none yet: the stack creates it"
			return res
		}
		if env := d.Tags[EnvironmentTag]; env == r.c.Environment {
			res.Status, res.Found = OK, fmt.Sprintf("detector %s, tagged %s=%s: the stack's own, from an earlier up", id, EnvironmentTag, env)
			return res
		}
		res.Status = Missing
		res.Found = fmt.Sprintf("detector %s already exists (%s), not tagged %s=%s: the organization's or another stack's; GuardDuty allows one per account and region",
			id, d.Status, EnvironmentTag, r.c.Environment)
		res.Do = fmt.Sprintf("if the organization's GuardDuty administrator manages it, set modelfort:threatDetection guardDuty: organization; if it is a leftover, delete it (`aws guardduty delete-detector --region %s --detector-id %s`)", region, id)
	}
	return res
}

// S3DataEvents is GuardDuty's S3 protection feature; EnvironmentTag the
// tag every resource of a stack carries (the providers' default tags).
const (
	S3DataEvents   = "S3_DATA_EVENTS"
	EnvironmentTag = "modelfort:environment"
)
