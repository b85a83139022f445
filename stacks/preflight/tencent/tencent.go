package tencent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/modelfort/modelfort/components/tencentcloud/failover"
	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
	"github.com/modelfort/modelfort/internal/offlinecloud"
	"github.com/modelfort/modelfort/stacks/preflight"
	tc "github.com/modelfort/modelfort/stacks/tencentcloud"
)

// Check names.
const (
	CheckCredentials = "Tencent Cloud credentials"
	CheckServiceRole = "CAM service role"
	CheckKMS         = "KMS activated"
	CheckCertificate = "SSL certificate"
	CheckNotice      = "notification template"
	CheckGPU         = "GPU capacity"
)

// APIs the checks call: service, version and action.
type api struct{ service, version, action string }

// Permission is the CAM action that allows the call.
func (a api) Permission() string { return a.service + ":" + a.action }

var (
	apiGetUserAppID     = api{"cam", "2019-01-16", "GetUserAppId"}
	apiGetRole          = api{"cam", "2019-01-16", "GetRole"}
	apiKMSStatus        = api{"kms", "2019-01-18", "GetServiceStatus"}
	apiDescribeCert     = api{"ssl", "2019-12-05", "DescribeCertificate"}
	apiDescribeNotice   = api{"monitor", "2018-07-24", "DescribeAlarmNotice"}
	apiZoneInstanceConf = api{"cvm", "2017-03-12", "DescribeZoneInstanceConfigInfos"}
)

// Permissions are the CAM actions the checks call (for CLOUD=real); every
// one is a read.
var Permissions = []string{
	apiGetUserAppID.Permission(),
	apiGetRole.Permission(),
	apiKMSStatus.Permission(),
	apiDescribeCert.Permission(),
	apiDescribeNotice.Permission(),
	apiZoneInstanceConf.Permission(),
}

// ChargeType is the billing mode of the node pools' instances (the
// provider's default for a node pool), which the GPU capacity check
// filters offers by.
const ChargeType = "POSTPAID_BY_HOUR"

// OnSale is the status of an instance type a zone sells.
const OnSale = "SELL"

// Clients call the Tencent Cloud APIs with the SDK's common client: the
// real endpoints (service.tencentcloudapi.com, HTTPS), or, with an
// endpoint, a [Handler] over plain HTTP (offline, and tests).
type Clients struct {
	cred     common.CredentialIface
	endpoint string

	mu      sync.Mutex
	clients map[string]*common.Client
}

// NewClients makes clients that sign with cred; endpoint is "" for Tencent
// Cloud, or the host:port of a Handler.
func NewClients(cred common.CredentialIface, endpoint string) *Clients {
	return &Clients{cred: cred, endpoint: endpoint, clients: map[string]*common.Client{}}
}

// client is the common client of a region ("" for the global APIs).
func (c *Clients) client(region string) *common.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.clients[region]; ok {
		return cl
	}
	p := profile.NewClientProfile()
	p.Language = "en-US"
	p.HttpProfile.ReqTimeout = 30
	if c.endpoint != "" {
		p.HttpProfile.Endpoint = c.endpoint
		p.HttpProfile.Scheme = "HTTP"
	}
	cl := common.NewCommonClient(c.cred, region, p)
	c.clients[region] = cl
	return cl
}

// call makes one API call in region with params, and decodes its
// Response into out.
func (c *Clients) call(ctx context.Context, a api, region string, params map[string]any, out any) error {
	req := tchttp.NewCommonRequest(a.service, a.version, a.action)
	req.SetContext(ctx)
	if params == nil {
		params = map[string]any{}
	}
	if err := req.SetActionParameters(params); err != nil {
		return err
	}
	resp := tchttp.NewCommonResponse()
	if err := c.client(region).Send(req, resp); err != nil {
		return err
	}
	var body struct{ Response json.RawMessage }
	if err := json.Unmarshal(resp.GetBody(), &body); err != nil {
		return fmt.Errorf("%s %s: decoding the response: %w", a.service, a.action, err)
	}
	if err := json.Unmarshal(body.Response, out); err != nil {
		return fmt.Errorf("%s %s: decoding the response: %w", a.service, a.action, err)
	}
	return nil
}

// Options are what Run checks, and with what.
type Options struct {
	// Stack is the stack's name; Config its parsed configuration.
	Stack  string
	Config tc.Config
	// Clients reach the account: Tencent Cloud, or a Handler.
	Clients *Clients
	// Target names the account for the report; Up is the command that
	// deploys the stack ("make up STACK=tencent-prod").
	Target, Up string
}

// Run makes every check that applies to the stack's configuration. The
// report's DRRegion is the replica region.
func Run(ctx context.Context, o Options) preflight.Report {
	c := o.Config
	if o.Up == "" {
		o.Up = "make up STACK=" + o.Stack
	}
	rep := preflight.Report{Stack: o.Stack, Environment: c.Environment, PrimaryRegion: c.PrimaryRegion, DRRegion: c.ReplicaRegion, Target: o.Target, Up: o.Up}
	r := &runner{o: o, c: c, cl: o.Clients}
	id := r.identity(ctx)
	rep.Results = append(rep.Results, id)
	if id.Status.Fails() {
		// Without credentials every other call fails the same way.
		return rep
	}
	for _, role := range serviceRoles {
		rep.Results = append(rep.Results, r.serviceRole(ctx, role))
	}
	for _, region := range []string{c.PrimaryRegion, c.ReplicaRegion} {
		rep.Results = append(rep.Results, r.kms(ctx, region))
	}
	rep.Results = append(rep.Results, r.certificate(ctx))
	for _, id := range c.NoticeIds {
		rep.Results = append(rep.Results, r.notice(ctx, id))
	}
	for _, region := range []string{c.PrimaryRegion, c.ReplicaRegion} {
		rep.Results = append(rep.Results, r.gpuCapacity(ctx, region))
	}
	return rep
}

type runner struct {
	o  Options
	c  tc.Config
	cl *Clients
}

// sdkError is err's Tencent Cloud error, if it is one.
func sdkError(err error) (*tcerr.TencentCloudSDKError, bool) {
	var e *tcerr.TencentCloudSDKError
	return e, errors.As(err, &e)
}

// denied says whether an error code is CAM's refusal of the call.
func denied(code string) bool {
	return code == "AuthFailure.UnauthorizedOperation" || code == "UnauthorizedOperation" || strings.HasPrefix(code, "UnauthorizedOperation.")
}

// notFound says whether an error code says the thing asked about does not
// exist (InvalidParameter.RoleNotExist, FailedOperation.CertificateNotFound,
// ResourceNotFound...).
func notFound(code string) bool {
	return strings.Contains(code, "NotFound") || strings.Contains(code, "NotExist")
}

// oneLine joins the lines of an API message, for the report's table.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// failed turns an error of a check's call into its result: access denied
// names the CAM action to grant; NotModeledCode (the offline account's
// answer for what it does not model) is NA.
func failed(check, region string, err error, a api) preflight.Result {
	res := preflight.Result{Check: check, Region: region, Status: preflight.Unchecked}
	e, ok := sdkError(err)
	switch {
	case ok && denied(e.Code):
		res.Found = fmt.Sprintf("could not check (%s): %s", e.Code, oneLine(e.Message))
		res.Do = fmt.Sprintf("grant the caller %s (docs/preflight.md, \"Tencent Cloud stacks\", lists every permission preflight needs), then run preflight again", a.Permission())
	case ok && e.Code == NotModeledCode:
		res.Status = preflight.NA
		res.Found = "not checked offline: " + e.Message
	default:
		res.Found = "could not check: " + oneLine(err.Error())
		res.Do = "fix the error and run preflight again"
	}
	return res
}

func (r *runner) up() string { return r.o.Up }

func (r *runner) identity(ctx context.Context) preflight.Result {
	var out struct {
		AppId         json.Number
		Uin, OwnerUin string
	}
	if err := r.cl.call(ctx, apiGetUserAppID, "", nil, &out); err != nil {
		res := failed(CheckCredentials, preflight.Global, err, apiGetUserAppID)
		if e, ok := sdkError(err); !ok || !denied(e.Code) {
			res.Do = "give the Tencent Cloud SDK credentials of the account the stack deploys into (TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, a profile in ~/.tencentcloud/credentials, or a CVM role), then run preflight again"
		}
		return res
	}
	who := "UIN " + out.Uin
	if out.OwnerUin != "" && out.OwnerUin != out.Uin {
		who = fmt.Sprintf("sub-account UIN %s of owner UIN %s", out.Uin, out.OwnerUin)
	}
	return preflight.Result{Check: CheckCredentials, Region: preflight.Global, Status: preflight.OK,
		Found: fmt.Sprintf("APPID %s as %s", out.AppId, who)}
}

// serviceRoleSpec is a service role the account authorizes once, and the
// stack never creates.
type serviceRoleSpec struct {
	name string
	// applies says whether the stack needs the role, and why not.
	applies func(tc.Config) (bool, string)
	// why it is needed; do how to authorize it.
	why, do string
	// alternative is another way out, for configurations that allow one.
	alternative func(tc.Config) string
}

var serviceRoles = []serviceRoleSpec{
	{
		name:    offlinecloud.RoleTKE,
		applies: func(tc.Config) (bool, string) { return true, "" },
		why:     "TKE acts in the account through it: without it TKE refuses the stack's clusters (CamNoAuth)",
		do:      "authorize TKE's service role once: opening Tencent Kubernetes Engine in the console asks for the service authorization (TKE_QCSRole); agree to it (CAM > Roles lists the role afterwards)",
	},
	{
		name: offlinecloud.RoleCloudAudit,
		applies: func(c tc.Config) (bool, string) {
			return c.CloudAudit, "modelfort:cloudAudit is false: the stack has no CloudAudit tracker"
		},
		why: "the CloudAudit tracker writes to COS and encrypts with the KMS key through it: without it CreateAudit fails (ResourceNotFound.RoleNotExist)",
		do:  "authorize CloudAudit's service role once: opening CloudAudit's tracking sets in the console asks for the service authorization (CloudAudit_QCSRole); agree to it",
		alternative: func(c tc.Config) string {
			if c.Profile().RequireAudit {
				return ""
			}
			return "; or set modelfort:cloudAudit false"
		},
	},
	{
		name:    offlinecloud.RoleCLS,
		applies: func(tc.Config) (bool, string) { return true, "" },
		why:     "COS delivers the buckets' access logs through it: without it COS refuses the buckets' logging",
		do:      "authorize COS log delivery once: turning on a bucket's logging in the COS console asks to authorize the service role CLS_QcsRole (with QcloudCOSAccessForCLSRole); agree to it",
	},
}

func (r *runner) serviceRole(ctx context.Context, s serviceRoleSpec) preflight.Result {
	check := CheckServiceRole + " (" + s.name + ")"
	res := preflight.Result{Check: check, Region: preflight.Global}
	if ok, why := s.applies(r.c); !ok {
		res.Status, res.Found = preflight.NA, why
		return res
	}
	var out struct {
		RoleInfo *struct{ RoleId, RoleName string }
	}
	err := r.cl.call(ctx, apiGetRole, "", map[string]any{"RoleName": s.name}, &out)
	if e, ok := sdkError(err); ok && notFound(e.Code) {
		res.Status = preflight.Missing
		res.Found = fmt.Sprintf("no role %s (%s): %s", s.name, e.Code, s.why)
		res.Do = s.do + " before `" + r.up() + "`, then run preflight again"
		if s.alternative != nil {
			res.Do += s.alternative(r.c)
		}
		return res
	}
	if err != nil {
		return failed(check, preflight.Global, err, apiGetRole)
	}
	if out.RoleInfo == nil || out.RoleInfo.RoleName == "" {
		res.Status = preflight.Unchecked
		res.Found = "GetRole answered without RoleInfo"
		res.Do = "run preflight again; if it persists, look the role up in the CAM console (Roles)"
		return res
	}
	res.Status, res.Found = preflight.OK, fmt.Sprintf("%s authorized (role ID %s)", s.name, out.RoleInfo.RoleId)
	return res
}

// kmsInvalidType names KMS GetServiceStatus's InvalidType.
var kmsInvalidType = map[int]string{0: "not purchased", 1: "normal", 2: "suspended for arrears", 3: "resource released"}

func (r *runner) kms(ctx context.Context, region string) preflight.Result {
	res := preflight.Result{Check: CheckKMS, Region: region}
	var out struct {
		ServiceEnabled bool
		InvalidType    *int
	}
	if err := r.cl.call(ctx, apiKMSStatus, region, nil, &out); err != nil {
		return failed(CheckKMS, region, err, apiKMSStatus)
	}
	state := ""
	if out.InvalidType != nil {
		name, ok := kmsInvalidType[*out.InvalidType]
		if !ok {
			name = "unknown"
		}
		state = fmt.Sprintf(" (InvalidType %d: %s)", *out.InvalidType, name)
	}
	if out.ServiceEnabled && (out.InvalidType == nil || *out.InvalidType == 1) {
		res.Status, res.Found = preflight.OK, "ServiceEnabled"+state
		return res
	}
	res.Status = preflight.Missing
	if out.ServiceEnabled {
		res.Found = "ServiceEnabled, but unavailable" + state + ": the stack's KMS keys and SSE-KMS buckets would be refused"
		res.Do = "settle the account's KMS billing (Billing Center) so that KMS serves again, then run preflight again"
		return res
	}
	res.Found = "not activated" + state + ": the stack's KMS keys and SSE-KMS buckets would be refused"
	res.Do = "activate KMS in the Key Management Service console (a one-time activation of the account) before `" + r.up() + "`, then run preflight again"
	return res
}

// ServiceName is the name the certificate must cover: the failover
// record's, model.<modelfort:serviceDomain>.
func ServiceName(c tc.Config) string { return failover.DefaultSubDomain + "." + c.ServiceDomain }

// certificateIssued is DescribeCertificate's Status of an issued
// certificate.
const certificateIssued = 1

func (r *runner) certificate(ctx context.Context) preflight.Result {
	id, name := r.c.CertificateId, ServiceName(r.c)
	res := preflight.Result{Check: CheckCertificate + " (certificateId)", Region: preflight.Global}
	upload := fmt.Sprintf("upload the certificate of %s and its key to SSL Certificates (console: My Certificates > Upload Certificate), and set modelfort:certificateId to its ID", name)
	var out struct {
		Domain         string
		SubjectAltName []string
		Status         *int
		StatusName     string
	}
	err := r.cl.call(ctx, apiDescribeCert, "", map[string]any{"CertificateId": id}, &out)
	if e, ok := sdkError(err); ok && notFound(e.Code) {
		res.Status = preflight.Missing
		res.Found = fmt.Sprintf("no certificate %s (%s)", id, e.Code)
		res.Do = upload
		return res
	}
	if err != nil {
		return failed(res.Check, preflight.Global, err, apiDescribeCert)
	}
	names := slices.Clone(out.SubjectAltName)
	if out.Domain != "" && !slices.Contains(names, out.Domain) {
		names = append([]string{out.Domain}, names...)
	}
	status := -1
	if out.Status != nil {
		status = *out.Status
	}
	state := fmt.Sprintf("Status %d", status)
	if out.StatusName != "" {
		state = fmt.Sprintf("%s (Status %d)", out.StatusName, status)
	}
	covers := slices.ContainsFunc(names, func(n string) bool { return preflight.Covers(n, name) })
	switch {
	case status == certificateIssued && covers:
		res.Status = preflight.OK
		res.Found = fmt.Sprintf("%s %s, issued for %s", id, state, strings.Join(names, ", "))
	case status == certificateIssued:
		res.Status = preflight.Missing
		res.Found = fmt.Sprintf("%s %s, issued for %s, which does not cover %s", id, state, strings.Join(names, ", "), name)
		res.Do = fmt.Sprintf("set modelfort:certificateId to a certificate whose names include %s (or *.%s), or %s", name, r.c.ServiceDomain, upload)
	default:
		res.Status = preflight.Missing
		res.Found = fmt.Sprintf("%s is %s, not issued (Status %d): the CLB's HTTPS listener takes only an issued certificate", id, state, certificateIssued)
		res.Do = "complete the certificate's validation in SSL Certificates (or renew it), or " + upload
	}
	return res
}

func (r *runner) notice(ctx context.Context, id string) preflight.Result {
	region := r.c.PrimaryRegion
	res := preflight.Result{Check: CheckNotice + " (" + id + ")", Region: region}
	create := fmt.Sprintf("create a notification template in Cloud Monitor (Alarm Management > Notification Templates) whose receivers hear the alarms, and put its ID in %s noticeIds instead of %s", tc.ReceiversKey, id)
	var out struct {
		Notice *struct{ Id, Name string }
	}
	err := r.cl.call(ctx, apiDescribeNotice, region, map[string]any{"Module": "monitor", "NoticeId": id}, &out)
	e, isSDK := sdkError(err)
	if (isSDK && notFound(e.Code)) || (err == nil && (out.Notice == nil || out.Notice.Id == "")) {
		res.Status = preflight.Missing
		res.Found = "no notification template " + id + ": every alarm policy that names it would be refused"
		if isSDK {
			res.Found = fmt.Sprintf("no notification template %s (%s): every alarm policy that names it would be refused", id, e.Code)
		}
		res.Do = create
		return res
	}
	if err != nil {
		return failed(res.Check, region, err, apiDescribeNotice)
	}
	res.Status, res.Found = preflight.OK, fmt.Sprintf("%s exists (%q)", id, out.Notice.Name)
	return res
}

func (r *runner) gpuCapacity(ctx context.Context, region string) preflight.Result {
	typ, want := r.c.NodeInstanceType, r.c.ZoneCount
	res := preflight.Result{Check: CheckGPU, Region: region}
	var out struct {
		InstanceTypeQuotaSet []struct{ Zone, InstanceType, InstanceChargeType, Status string }
	}
	params := map[string]any{"Filters": []any{
		map[string]any{"Name": "instance-type", "Values": []any{typ}},
		map[string]any{"Name": "instance-charge-type", "Values": []any{ChargeType}},
	}}
	if err := r.cl.call(ctx, apiZoneInstanceConf, region, params, &out); err != nil {
		return failed(CheckGPU, region, err, apiZoneInstanceConf)
	}
	var selling []string
	others := map[string][]string{}
	for _, q := range out.InstanceTypeQuotaSet {
		if q.InstanceType != typ {
			continue
		}
		if q.Status == OnSale {
			if !slices.Contains(selling, q.Zone) {
				selling = append(selling, q.Zone)
			}
			continue
		}
		others[q.Status] = append(others[q.Status], q.Zone)
	}
	slices.Sort(selling)
	found := fmt.Sprintf("%s (%s) on sale in %d zone(s)", typ, ChargeType, len(selling))
	if len(selling) > 0 {
		found += ": " + strings.Join(selling, ", ")
	}
	for _, status := range slices.Sorted(maps.Keys(others)) {
		zones := others[status]
		slices.Sort(zones)
		found += fmt.Sprintf("; %s in %s", status, strings.Join(zones, ", "))
	}
	found += fmt.Sprintf("; the node pool spans %d (modelfort:zoneCount)", want)
	res.Found = found
	if len(selling) >= want {
		res.Status = preflight.OK
		return res
	}
	res.Status = preflight.Missing
	res.Do = fmt.Sprintf("set modelfort:nodeInstanceType to a GPU type on sale in at least %d zones of both %s and %s (the CVM console's instance types by zone, or DescribeZoneInstanceConfigInfos), or ask Tencent Cloud for %s capacity in %s",
		want, r.c.PrimaryRegion, r.c.ReplicaRegion, typ, region)
	if len(selling) >= privatenetwork.MinZoneCount {
		res.Do += fmt.Sprintf("; or lower modelfort:zoneCount to %d", len(selling))
	}
	return res
}
