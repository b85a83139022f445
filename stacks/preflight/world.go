package preflight

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// World is an AWS account as the preflight checks see it. [Handler]
// answers the AWS APIs the checks call from one, at the HTTP level and in
// each API's own protocol, so that the real SDK clients run against it:
// offline, [OfflineWorld] builds it from the offline account; the tests
// build it directly.
type World struct {
	// Account and Caller are what STS GetCallerIdentity answers
	// (123456789012 and a user "preflight" when empty).
	Account, Caller string
	// ShieldSubscribed makes Shield's GetSubscriptionState ACTIVE.
	ShieldSubscribed bool
	// EndpointQuotas maps "REGION/INSTANCE-TYPE" to the account's applied
	// quota of that type for SageMaker endpoint usage (ListServiceQuotas);
	// DefaultEndpointQuotas to AWS's default value, which
	// ListAWSDefaultServiceQuotas answers and ListServiceQuotas leaves out.
	EndpointQuotas, DefaultEndpointQuotas map[string]float64
	// Certificates are ACM certificates by ARN (in the ARN's region).
	Certificates map[string]Certificate
	// HostedZones are Route 53 hosted zones by ID (Z..., without
	// /hostedzone/).
	HostedZones map[string]HostedZone
	// APIGatewayRoles maps a region to the CloudWatch Logs role ARN of its
	// API Gateway account settings.
	APIGatewayRoles map[string]string
	// Detectors are the GuardDuty detectors of each region.
	Detectors map[string][]Detector
	// Denied holds the IAM actions ("guardduty:ListDetectors",
	// "apigateway:GET") the caller may not call: they are refused with the
	// service's access-denied error.
	Denied map[string]bool
	// NotModeled maps a signing name (acm, route53) to the message every
	// call of that service is refused with, as 501 NotImplemented: the
	// offline account holds no certificates or hosted zones.
	NotModeled map[string]string
}

// Certificate is an ACM certificate.
type Certificate struct {
	DomainName string
	// SubjectAlternativeNames include DomainName, as ACM lists them.
	SubjectAlternativeNames []string
	// Status is ISSUED, PENDING_VALIDATION, EXPIRED, ...
	Status string
}

// HostedZone is a Route 53 hosted zone; Name ends in a dot.
type HostedZone struct {
	Name    string
	Private bool
}

// Detector is a GuardDuty detector: its status (ENABLED, DISABLED), its
// features' statuses by name ("S3_DATA_EVENTS": "ENABLED") and its tags.
type Detector struct {
	ID       string
	Status   string
	Features map[string]string
	Tags     map[string]string
}

// EndpointQuotaName is the Service Quotas name of SageMaker's quota of an
// instance type for endpoint usage.
func EndpointQuotaName(instanceType string) string { return instanceType + " for endpoint usage" }

// EndpointQuotaCode is the quota code Handler gives a quota it invents
// (the real ones are L- and eight hex digits, found by name).
func EndpointQuotaCode(instanceType string) string {
	h := uint32(2166136261)
	for _, c := range []byte(instanceType) {
		h = (h ^ uint32(c)) * 16777619
	}
	return fmt.Sprintf("L-%08X", h)
}

// Handler answers, from w, the calls the checks make: STS
// GetCallerIdentity, Shield GetSubscriptionState, Service Quotas
// ListServiceQuotas and ListAWSDefaultServiceQuotas, ACM
// DescribeCertificate, Route 53 GetHostedZone, API Gateway GetAccount,
// GuardDuty ListDetectors and GetDetector. It tells the services, and the
// region a request was signed for, by the SigV4 credential scope of its
// Authorization header; it checks no signature. Anything else is 501
// NotImplemented.
func Handler(w *World) http.Handler {
	return &world{w: w}
}

// Serve serves Handler(w) on 127.0.0.1 until stop is called, and returns
// its base endpoint.
func Serve(w *World) (endpoint string, stop func(), err error) {
	addr, stop, err := ServeLocal(Handler(w), "the offline account's AWS APIs")
	if err != nil {
		return "", nil, err
	}
	return "http://" + addr, stop, nil
}

// ServeLocal serves h on 127.0.0.1 until stop is called, and returns its
// address (host:port); what names the APIs it stands for in errors.
func ServeLocal(h http.Handler, what string) (addr string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("serving %s: %w", what, err)
	}
	srv := &http.Server{Handler: h}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = srv.Serve(l)
	}()
	return l.Addr().String(), func() {
		_ = srv.Close()
		wg.Wait()
	}, nil
}

type world struct {
	w  *World
	mu sync.Mutex
}

// scope is SigV4's credential scope: DATE/REGION/SERVICE/aws4_request.
var scope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *world) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	m := scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		http.Error(rw, "unsigned request", http.StatusForbidden)
		return
	}
	region, service := m[1], m[2]
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg, ok := s.w.NotModeled[service]; ok {
		s.notModeled(rw, service, msg)
		return
	}
	switch service {
	case "sts":
		s.sts(rw, body)
	case "shield", "servicequotas", "acm":
		s.jsonRPC(rw, r, service, region, body)
	case "route53":
		s.route53(rw, r)
	case "apigateway":
		s.apiGateway(rw, r, region)
	case "guardduty":
		s.guardDuty(rw, r, region)
	default:
		notImplemented(rw, service+" "+r.Method+" "+r.URL.Path)
	}
}

func notImplemented(rw http.ResponseWriter, what string) {
	rw.Header().Set("Content-Type", "application/json")
	rw.Header().Set("X-Amzn-ErrorType", "NotImplemented")
	rw.WriteHeader(http.StatusNotImplemented)
	_ = json.NewEncoder(rw).Encode(map[string]string{"__type": "NotImplemented", "message": "not implemented here: " + what})
}

// notModeled refuses a call of a service the world does not model, in the
// service's error format, with code NotImplemented.
func (s *world) notModeled(rw http.ResponseWriter, service, msg string) {
	if service == "route53" {
		route53Error(rw, http.StatusNotImplemented, "NotImplemented", msg)
		return
	}
	jsonError(rw, http.StatusNotImplemented, "NotImplemented", msg)
}

func (s *world) denied(action string) bool { return s.w.Denied[action] }

func deniedMessage(s *world, action string) string {
	return fmt.Sprintf("User: %s is not authorized to perform: %s", s.caller(), action)
}

func (s *world) account() string {
	if s.w.Account != "" {
		return s.w.Account
	}
	return "123456789012"
}

func (s *world) caller() string {
	if s.w.Caller != "" {
		return s.w.Caller
	}
	return "arn:aws:iam::" + s.account() + ":user/preflight"
}

// jsonError is an error of the JSON protocols (awsJson1.1 and restJson1).
func jsonError(rw http.ResponseWriter, status int, code, msg string) {
	rw.Header().Set("Content-Type", "application/x-amz-json-1.1")
	rw.Header().Set("X-Amzn-ErrorType", code)
	rw.WriteHeader(status)
	_ = json.NewEncoder(rw).Encode(map[string]string{"__type": code, "message": msg})
}

func writeJSON(rw http.ResponseWriter, contentType string, v any) {
	rw.Header().Set("Content-Type", contentType)
	_ = json.NewEncoder(rw).Encode(v)
}

// --- STS (awsQuery) ---

func (s *world) sts(rw http.ResponseWriter, body []byte) {
	q, _ := url.ParseQuery(string(body))
	if q.Get("Action") != "GetCallerIdentity" {
		notImplemented(rw, "sts "+q.Get("Action"))
		return
	}
	rw.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(rw, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>%s</Arn><UserId>AIDAPREFLIGHT</UserId><Account>%s</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>preflight</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
		xmlText(s.caller()), xmlText(s.account()))
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// --- Shield, Service Quotas, ACM (awsJson1.1) ---

func (s *world) jsonRPC(rw http.ResponseWriter, r *http.Request, service, region string, body []byte) {
	target := r.Header.Get("X-Amz-Target")
	op := target[strings.LastIndexByte(target, '.')+1:]
	if s.denied(service + ":" + op) {
		jsonError(rw, http.StatusBadRequest, "AccessDeniedException", deniedMessage(s, service+":"+op))
		return
	}
	var in struct {
		ServiceCode    string
		NextToken      string
		CertificateArn string
	}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			jsonError(rw, http.StatusBadRequest, "SerializationException", err.Error())
			return
		}
	}
	const ct = "application/x-amz-json-1.1"
	switch target {
	case "AWSShield_20160616.GetSubscriptionState":
		state := "INACTIVE"
		if s.w.ShieldSubscribed {
			state = "ACTIVE"
		}
		writeJSON(rw, ct, map[string]string{"SubscriptionState": state})
	case "ServiceQuotasV20190624.ListServiceQuotas", "ServiceQuotasV20190624.ListAWSDefaultServiceQuotas":
		if in.ServiceCode != "sagemaker" {
			jsonError(rw, http.StatusBadRequest, "NoSuchResourceException", "no quotas of service "+in.ServiceCode+" here")
			return
		}
		quotas := s.w.EndpointQuotas
		if op == "ListAWSDefaultServiceQuotas" {
			quotas = s.w.DefaultEndpointQuotas
		}
		var types []string
		for k := range quotas {
			if r, typ, ok := strings.Cut(k, "/"); ok && r == region {
				types = append(types, typ)
			}
		}
		sort.Strings(types)
		// One quota a page, so that callers must follow NextToken.
		start := 0
		if in.NextToken != "" {
			fmt.Sscan(in.NextToken, &start)
		}
		out := map[string]any{"Quotas": []any{}}
		if start < len(types) {
			typ := types[start]
			out["Quotas"] = []any{map[string]any{
				"ServiceCode": "sagemaker", "ServiceName": "Amazon SageMaker",
				"QuotaName": EndpointQuotaName(typ), "QuotaCode": EndpointQuotaCode(typ),
				"QuotaArn":   fmt.Sprintf("arn:aws:servicequotas:%s:%s:sagemaker/%s", region, s.account(), EndpointQuotaCode(typ)),
				"Value":      quotas[region+"/"+typ],
				"Unit":       "None",
				"Adjustable": true,
			}}
			if start+1 < len(types) {
				out["NextToken"] = fmt.Sprint(start + 1)
			}
		}
		writeJSON(rw, ct, out)
	case "CertificateManager.DescribeCertificate":
		c, ok := s.w.Certificates[in.CertificateArn]
		if !ok || arnRegion(in.CertificateArn) != region {
			jsonError(rw, http.StatusBadRequest, "ResourceNotFoundException", "Could not find certificate "+in.CertificateArn+".")
			return
		}
		sans := c.SubjectAlternativeNames
		if len(sans) == 0 {
			sans = []string{c.DomainName}
		}
		writeJSON(rw, ct, map[string]any{"Certificate": map[string]any{
			"CertificateArn": in.CertificateArn, "DomainName": c.DomainName,
			"SubjectAlternativeNames": sans, "Status": c.Status, "Type": "AMAZON_ISSUED",
			"KeyAlgorithm": "RSA_2048", "NotAfter": 1893456000,
		}})
	default:
		notImplemented(rw, service+" "+target)
	}
}

// arnRegion is the region field of an ARN.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[3]
}

// --- Route 53 (restXml) ---

const route53NS = "https://route53.amazonaws.com/doc/2013-04-01/"

func route53Error(rw http.ResponseWriter, status int, code, msg string) {
	rw.Header().Set("Content-Type", "text/xml")
	rw.WriteHeader(status)
	fmt.Fprintf(rw, `<?xml version="1.0"?><ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>preflight</RequestId></ErrorResponse>`,
		route53NS, code, xmlText(msg))
}

func (s *world) route53(rw http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutPrefix(r.URL.Path, "/2013-04-01/hostedzone/")
	if r.Method != http.MethodGet || !ok || strings.Contains(id, "/") {
		notImplemented(rw, "route53 "+r.Method+" "+r.URL.Path)
		return
	}
	if s.denied("route53:GetHostedZone") {
		route53Error(rw, http.StatusForbidden, "AccessDenied", deniedMessage(s, "route53:GetHostedZone on resource: arn:aws:route53:::hostedzone/"+id))
		return
	}
	z, ok := s.w.HostedZones[id]
	if !ok {
		route53Error(rw, http.StatusNotFound, "NoSuchHostedZone", "No hosted zone found with ID: "+id)
		return
	}
	rw.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(rw, `<?xml version="1.0"?><GetHostedZoneResponse xmlns="%s"><HostedZone><Id>/hostedzone/%s</Id><Name>%s</Name><CallerReference>preflight</CallerReference><Config><PrivateZone>%t</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone></GetHostedZoneResponse>`,
		route53NS, xmlText(id), xmlText(z.Name), z.Private)
}

// --- API Gateway (restJson1) ---

func (s *world) apiGateway(rw http.ResponseWriter, r *http.Request, region string) {
	if r.Method != http.MethodGet || r.URL.Path != "/account" {
		notImplemented(rw, "apigateway "+r.Method+" "+r.URL.Path)
		return
	}
	if s.denied("apigateway:GET") {
		jsonError(rw, http.StatusForbidden, "AccessDeniedException", deniedMessage(s, "apigateway:GET on resource: arn:aws:apigateway:"+region+"::/account"))
		return
	}
	out := map[string]any{
		"throttleSettings": map[string]any{"burstLimit": 5000, "rateLimit": 10000.0},
		"features":         []string{"UsagePlans"},
		"apiKeyVersion":    "4",
	}
	if role := s.w.APIGatewayRoles[region]; role != "" {
		out["cloudwatchRoleArn"] = role
	}
	writeJSON(rw, "application/json", out)
}

// --- GuardDuty (restJson1) ---

func (s *world) guardDuty(rw http.ResponseWriter, r *http.Request, region string) {
	path := r.URL.Path
	id, one := strings.CutPrefix(path, "/detector/")
	switch {
	case r.Method == http.MethodGet && path == "/detector":
		if s.denied("guardduty:ListDetectors") {
			jsonError(rw, http.StatusForbidden, "AccessDeniedException", deniedMessage(s, "guardduty:ListDetectors"))
			return
		}
		ids := []string{}
		for _, d := range s.w.Detectors[region] {
			ids = append(ids, d.ID)
		}
		writeJSON(rw, "application/json", map[string]any{"detectorIds": ids})
	case r.Method == http.MethodGet && one && !strings.Contains(id, "/"):
		if s.denied("guardduty:GetDetector") {
			jsonError(rw, http.StatusForbidden, "AccessDeniedException", deniedMessage(s, "guardduty:GetDetector"))
			return
		}
		for _, d := range s.w.Detectors[region] {
			if d.ID != id {
				continue
			}
			names := make([]string, 0, len(d.Features))
			for n := range d.Features {
				names = append(names, n)
			}
			sort.Strings(names)
			features := []any{}
			for _, n := range names {
				features = append(features, map[string]any{"name": n, "status": d.Features[n]})
			}
			tags := d.Tags
			if tags == nil {
				tags = map[string]string{}
			}
			writeJSON(rw, "application/json", map[string]any{
				"createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z",
				"findingPublishingFrequency": "SIX_HOURS",
				"serviceRole":                "arn:aws:iam::" + s.account() + ":role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
				"status":                     d.Status, "features": features, "tags": tags,
			})
			return
		}
		jsonError(rw, http.StatusBadRequest, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")
	default:
		notImplemented(rw, "guardduty "+r.Method+" "+path)
	}
}
