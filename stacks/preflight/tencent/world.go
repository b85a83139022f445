package tencent

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sync/atomic"

	"github.com/modelfort/modelfort/stacks/preflight"
)

// World is a Tencent Cloud account as the checks see it. [Handler]
// answers the APIs the checks call from one, in the API 3.0 protocol
// (JSON over POST, {"Response": {...}}), so that the SDK's real client
// runs against it: offline, [OfflineWorld] builds it from the offline
// account; the tests build it directly.
type World struct {
	// AppID, Uin and OwnerUin are what CAM GetUserAppId answers
	// (1250000000 and 100000000001 when empty).
	AppID, Uin, OwnerUin string
	// Roles are the CAM roles of the account, by name.
	Roles map[string]bool
	// KMS maps a region to whether KMS is activated there.
	KMS map[string]bool
	// Certificates are the SSL certificates by ID.
	Certificates map[string]Certificate
	// Notices maps a notification template's ID to its name.
	Notices map[string]string
	// Offers are the CVM instance configurations of each region, as
	// DescribeZoneInstanceConfigInfos lists them.
	Offers map[string][]Offer
	// Denied holds the CAM actions ("cam:GetRole") the caller may not
	// call: they are refused with AuthFailure.UnauthorizedOperation.
	Denied map[string]bool
	// NotModeled maps a service (ssl, monitor, cvm) to the message every
	// call of it is refused with, as NotModeledCode: the offline account
	// does not model it.
	NotModeled map[string]string
}

// Certificate is an SSL certificate: its domain, subject alternative
// names and status (1: issued; 0 reviewing, 3 expired, ...).
type Certificate struct {
	Domain         string
	SubjectAltName []string
	Status         int
	StatusName     string
}

// Offer is an instance type's configuration in a zone: Status SELL (on
// sale) or SOLD_OUT; ChargeType POSTPAID_BY_HOUR when empty.
type Offer struct {
	Zone, InstanceType, ChargeType, Status string
}

// NotModeledCode is the error code the Handler refuses the calls of a
// service the offline account does not model with; the checks report it
// as n/a. Tencent Cloud itself has no such code.
const NotModeledCode = "UnsupportedOperation.NotModeledOffline"

// Error codes of Tencent Cloud that the Handler answers with.
const (
	codeDenied        = "AuthFailure.UnauthorizedOperation"
	codeRoleNotExist  = "InvalidParameter.RoleNotExist"
	codeCertNotFound  = "FailedOperation.CertificateNotFound"
	codeNoticeMissing = "ResourceNotFound"
	codeInvalidAction = "InvalidAction"
)

// Handler answers, from w, the calls the checks make: CAM GetUserAppId
// and GetRole, KMS GetServiceStatus, SSL DescribeCertificate, monitor
// DescribeAlarmNotice and CVM DescribeZoneInstanceConfigInfos. It tells
// the service by the credential scope of the TC3 Authorization header,
// the action by X-TC-Action and the region by X-TC-Region; it checks no
// signature. Anything else is refused with InvalidAction.
func Handler(w *World) http.Handler {
	return &server{w: w}
}

// Serve serves Handler(w) on 127.0.0.1 until stop is called, and returns
// its endpoint (host:port, for [NewClients]).
func Serve(w *World) (endpoint string, stop func(), err error) {
	return preflight.ServeLocal(Handler(w), "the offline account's Tencent Cloud APIs")
}

type server struct {
	w    *World
	reqs atomic.Int64
}

// scope is the service of a TC3 credential scope: Credential=ID/DATE/SERVICE/tc3_request.
var scope = regexp.MustCompile(`Credential=[^/]*/[0-9-]+/([a-z0-9]+)/tc3_request`)

func (s *server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	id := fmt.Sprintf("preflight-%d", s.reqs.Add(1))
	reply := func(body map[string]any) {
		body["RequestId"] = id
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(map[string]any{"Response": body})
	}
	fail := func(code, format string, a ...any) {
		reply(map[string]any{"Error": map[string]any{"Code": code, "Message": fmt.Sprintf(format, a...)}})
	}
	m := scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		fail("AuthFailure.SignatureFailure", "the request carries no TC3-HMAC-SHA256 Authorization header")
		return
	}
	service, action, region := m[1], r.Header.Get("X-TC-Action"), r.Header.Get("X-TC-Region")
	var params map[string]any
	if err := json.NewDecoder(r.Body).Decode(&params); err != nil {
		fail("InvalidParameter", "the body is not a JSON object: %v", err)
		return
	}
	w := s.w
	if msg, ok := w.NotModeled[service]; ok {
		fail(NotModeledCode, "%s", msg)
		return
	}
	if w.Denied[service+":"+action] {
		fail(codeDenied, "you are not authorized to perform operation (%s:%s)\nresource (qcs::%s:%s:uin/%s:*) has no permission",
			service, action, service, region, or(w.Uin, offlineUin))
		return
	}
	str := func(k string) string { v, _ := params[k].(string); return v }
	switch service + ":" + action {
	case "cam:GetUserAppId":
		appID := 1250000000
		if w.AppID != "" {
			if _, err := fmt.Sscan(w.AppID, &appID); err != nil {
				fail("InternalError", "AppID %q is not a number", w.AppID)
				return
			}
		}
		uin := or(w.Uin, offlineUin)
		reply(map[string]any{"AppId": appID, "Uin": uin, "OwnerUin": or(w.OwnerUin, uin)})
	case "cam:GetRole":
		name := str("RoleName")
		if !w.Roles[name] {
			fail(codeRoleNotExist, "role not exist (%s)", name)
			return
		}
		reply(map[string]any{"RoleInfo": map[string]any{"RoleId": roleID(name), "RoleName": name, "RoleType": "system"}})
	case "kms:GetServiceStatus":
		on := w.KMS[region]
		invalid := 0
		if on {
			invalid = 1
		}
		reply(map[string]any{"ServiceEnabled": on, "InvalidType": invalid, "UserLevel": 0})
	case "ssl:DescribeCertificate":
		id := str("CertificateId")
		c, ok := w.Certificates[id]
		if !ok {
			fail(codeCertNotFound, "certificate %s does not exist", id)
			return
		}
		reply(map[string]any{"CertificateId": id, "Domain": c.Domain, "SubjectAltName": c.SubjectAltName, "Status": c.Status, "StatusName": c.StatusName})
	case "monitor:DescribeAlarmNotice":
		id := str("NoticeId")
		if str("Module") != "monitor" {
			fail("InvalidParameter", "Module must be monitor")
			return
		}
		name, ok := w.Notices[id]
		if !ok {
			fail(codeNoticeMissing, "notice template %s does not exist", id)
			return
		}
		reply(map[string]any{"Notice": map[string]any{"Id": id, "Name": name, "NoticeType": "ALL"}})
	case "cvm:DescribeZoneInstanceConfigInfos":
		filters := map[string][]string{}
		list, _ := params["Filters"].([]any)
		for _, f := range list {
			f, _ := f.(map[string]any)
			name, _ := f["Name"].(string)
			values, _ := f["Values"].([]any)
			for _, v := range values {
				if v, ok := v.(string); ok {
					filters[name] = append(filters[name], v)
				}
			}
		}
		match := func(name, v string) bool { return len(filters[name]) == 0 || slices.Contains(filters[name], v) }
		set := []any{}
		for _, o := range w.Offers[region] {
			charge := or(o.ChargeType, "POSTPAID_BY_HOUR")
			if match("instance-type", o.InstanceType) && match("zone", o.Zone) && match("instance-charge-type", charge) {
				set = append(set, map[string]any{"Zone": o.Zone, "InstanceType": o.InstanceType, "InstanceChargeType": charge, "Status": o.Status})
			}
		}
		reply(map[string]any{"InstanceTypeQuotaSet": set})
	default:
		fail(codeInvalidAction, "the offline stand-in of Tencent Cloud does not answer %s:%s", service, action)
	}
}

// offlineUin is the UIN the offline account answers with.
const offlineUin = "100000000001"

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// roleID makes up a stable role ID (the real ones are 46116860184...).
func roleID(name string) string {
	h := uint32(2166136261)
	for _, c := range []byte(name) {
		h = (h ^ uint32(c)) * 16777619
	}
	return fmt.Sprintf("46116860%011d", h)
}
