package drill

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/encoding/cbor"
)

// The fakes below stand in for the AWS APIs the drills call, at the HTTP
// level, so that the tests drive the real SDK clients (serializers,
// deserializers, error types). One server answers every service: it tells
// them apart, and the region a request was signed for, by the SigV4
// credential scope of its Authorization header. Its state follows the
// test's fake clock, so that a fault "takes" so many seconds to detect.

// fakeClock is a Clock whose Sleep advances it at once.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

// call is one request the fake answered.
type call struct {
	Service, Region, Op string
}

// world is the serving path as the fakes show it: a fault starts and
// ends, and the primary's health and Route 53's answer follow it after
// the delays below.
type world struct {
	faultStart, faultEnd time.Time
	// DetectAfter: from the fault to the primary's check unhealthy;
	// FlipAfter: from the fault to Route 53 answering with the DR site;
	// HealAfter and FlipBackAfter: from the end of the fault back.
	DetectAfter, FlipAfter, HealAfter, FlipBackAfter time.Duration
	// DRUnhealthyAfter (from the fault; zero never) trips the guard.
	DRUnhealthyAfter time.Duration
	// PrimaryDownBefore makes the primary unhealthy before any drill.
	PrimaryDownBefore bool
}

func (w *world) active(now time.Time, after, back time.Duration) bool {
	if w.faultStart.IsZero() || now.Before(w.faultStart.Add(after)) {
		return false
	}
	return w.faultEnd.IsZero() || now.Before(w.faultEnd.Add(back))
}

func (w *world) primaryHealthy(now time.Time) bool {
	return !w.PrimaryDownBefore && !w.active(now, w.DetectAfter, w.HealAfter)
}

func (w *world) drHealthy(now time.Time) bool {
	return w.DRUnhealthyAfter == 0 || w.faultStart.IsZero() || now.Before(w.faultStart.Add(w.DRUnhealthyAfter))
}

func (w *world) answer(now time.Time) string {
	if w.active(now, w.FlipAfter, w.FlipBackAfter) {
		return drTarget
	}
	return primaryTarget
}

// fakeExperiment is an FIS experiment.
type fakeExperiment struct {
	ID, Template string
	Start        time.Time
	Stopped      time.Time
}

// fakeHealthCheck is a Route 53 health check.
type fakeHealthCheck struct {
	Version  int64
	Inverted bool
}

// fakeRecoveryPoint is a recovery point in the fake's copy vault.
type fakeRecoveryPoint struct {
	Arn, ResourceArn, Status string
	Created                  time.Time
}

// fakeRestoreJob is a restore job.
type fakeRestoreJob struct {
	ID, RecoveryPoint, Role, ResourceType string
	Metadata                              map[string]string
	Created                               time.Time
	Region                                string
}

// fakeVersion is one version of an S3 object.
type fakeVersion struct {
	ID          string
	Body        []byte
	LockMode    string
	RetainUntil time.Time
}

// fakeBucket is an S3 bucket, versioned and object-locked unless said.
type fakeBucket struct {
	Region      string
	Unversioned bool
	NoLock      bool
	Objects     map[string][]*fakeVersion
}

// metricPut is a PutMetricData datum.
type metricPut struct {
	Region, Namespace, Name, Dimension, DimensionValue string
	Value                                              float64
}

// fakeAWS is the fake AWS.
type fakeAWS struct {
	t     *testing.T
	srv   *httptest.Server
	clock *fakeClock

	mu       sync.Mutex
	requests int
	calls    []call
	World    world

	// FIS.
	ExperimentLasts time.Duration
	// ExperimentEnds is the status a lasting experiment ends in
	// ("completed" when empty).
	ExperimentEnds string
	StartFails     string
	experiments    map[string]*fakeExperiment
	stopped        []string

	// Route 53.
	HealthChecks map[string]*fakeHealthCheck
	// UpdateFails makes UpdateHealthCheck fail for a check being set to
	// the given inverted value (an error code, status 400).
	UpdateFails func(id string, inverted bool) string
	// MismatchOnce makes the next update of a check whose version is
	// given fail with HealthCheckVersionMismatch.
	MismatchOnce map[string]bool
	updates      []string

	// CloudWatch.
	metrics []metricPut

	// Backup.
	RecoveryPoints  []fakeRecoveryPoint
	RestoreTakes    time.Duration
	RestoreEnds     string
	restoreJobs     map[string]*fakeRestoreJob
	restoredBuckets []string

	// S3.
	Buckets map[string]*fakeBucket
	nextVer int
}

func newFakeAWS(t *testing.T, clock *fakeClock) *fakeAWS {
	f := &fakeAWS{
		t: t, clock: clock,
		experiments: map[string]*fakeExperiment{},
		HealthChecks: map[string]*fakeHealthCheck{
			endpointCheck1: {Version: 3}, endpointCheck2: {Version: 5},
		},
		MismatchOnce: map[string]bool{},
		restoreJobs:  map[string]*fakeRestoreJob{},
		Buckets:      map[string]*fakeBucket{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// clients are real SDK clients that send every request to the fake.
func (f *fakeAWS) clients() *Clients {
	return NewClients(aws.Config{
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDDRILLTEST", "secret", ""),
		BaseEndpoint: aws.String(f.srv.URL),
		HTTPClient:   f.srv.Client(),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}, func(o *s3.Options) { o.UsePathStyle = true })
}

func (f *fakeAWS) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Calls are the calls to service (all when empty).
func (f *fakeAWS) Calls(service string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var cs []call
	for _, c := range f.calls {
		if service == "" || c.Service == service {
			cs = append(cs, c)
		}
	}
	return cs
}

// scope is SigV4's credential scope: DATE/REGION/SERVICE/aws4_request.
var scope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (f *fakeAWS) serve(w http.ResponseWriter, r *http.Request) {
	m := scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		f.t.Errorf("fake AWS: unsigned request %s %s", r.Method, r.URL)
		http.Error(w, "unsigned", http.StatusForbidden)
		return
	}
	region, service := m[1], m[2]
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("fake AWS: read body: %v", err)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	now := f.clock.Now()
	f.syncFault(now)
	record := func(op string) { f.calls = append(f.calls, call{Service: service, Region: region, Op: op}) }
	switch service {
	case "fis":
		f.serveFIS(w, r, body, now, record)
	case "route53":
		f.serveRoute53(w, r, body, now, record)
	case "monitoring":
		f.serveCloudWatch(w, r, body, region, now, record)
	case "backup":
		f.serveBackup(w, r, body, region, now, record)
	case "s3":
		f.serveS3(w, r, body, region, now, record)
	default:
		f.t.Errorf("fake AWS: unexpected service %s: %s %s", service, r.Method, r.URL)
		http.Error(w, "no such service", http.StatusNotFound)
	}
}

// --- FIS (REST-JSON) ---

func jsonError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (f *fakeAWS) experimentStatus(e *fakeExperiment, now time.Time) string {
	switch {
	case !e.Stopped.IsZero():
		return "stopped"
	case now.Before(e.Start.Add(10 * time.Second)):
		return "initiating"
	case now.Before(e.Start.Add(f.ExperimentLasts)):
		return "running"
	case f.ExperimentEnds != "":
		return f.ExperimentEnds
	}
	return "completed"
}

func (f *fakeAWS) serveFIS(w http.ResponseWriter, r *http.Request, body []byte, now time.Time, record func(string)) {
	experiment := func(e *fakeExperiment) map[string]any {
		st := f.experimentStatus(e, now)
		out := map[string]any{
			"id": e.ID, "experimentTemplateId": e.Template, "startTime": e.Start.Unix(),
			"state": map[string]any{"status": st, "reason": "fake"},
		}
		switch {
		case !e.Stopped.IsZero():
			out["endTime"] = e.Stopped.Unix()
		case st != "initiating" && st != "running":
			out["endTime"] = e.Start.Add(f.ExperimentLasts).Unix()
		}
		return map[string]any{"experiment": out}
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/experiments":
		record("StartExperiment")
		var in struct {
			ClientToken          string            `json:"clientToken"`
			ExperimentTemplateID string            `json:"experimentTemplateId"`
			Tags                 map[string]string `json:"tags"`
		}
		if err := json.Unmarshal(body, &in); err != nil || in.ExperimentTemplateID == "" || in.ClientToken == "" {
			f.t.Errorf("fake FIS: bad StartExperiment %s (%v)", body, err)
		}
		if f.StartFails != "" {
			jsonError(w, http.StatusBadRequest, "ValidationException", f.StartFails)
			return
		}
		if in.ExperimentTemplateID != templateID {
			jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "no template "+in.ExperimentTemplateID)
			return
		}
		e := &fakeExperiment{ID: fmt.Sprintf("EXP%d", len(f.experiments)+1), Template: in.ExperimentTemplateID, Start: now}
		f.experiments[e.ID] = e
		f.World.faultStart = now
		f.World.faultEnd = time.Time{}
		writeJSON(w, experiment(e))
	case strings.HasPrefix(r.URL.Path, "/experiments/"):
		id := strings.TrimPrefix(r.URL.Path, "/experiments/")
		e, ok := f.experiments[id]
		if !ok {
			jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "no experiment "+id)
			return
		}
		switch r.Method {
		case http.MethodGet:
			record("GetExperiment")
		case http.MethodDelete:
			record("StopExperiment")
			f.stopped = append(f.stopped, id)
			if e.Stopped.IsZero() {
				e.Stopped = now
			}
		default:
			f.t.Errorf("fake FIS: unexpected %s %s", r.Method, r.URL)
		}
		f.syncFault(now)
		writeJSON(w, experiment(e))
	default:
		f.t.Errorf("fake FIS: unexpected %s %s", r.Method, r.URL)
		jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "no route")
	}
}

// syncFault ends the fault of an experiment that has ended by now.
func (f *fakeAWS) syncFault(now time.Time) {
	for _, e := range f.experiments {
		if !e.Start.Equal(f.World.faultStart) || !f.World.faultEnd.IsZero() {
			continue
		}
		switch f.experimentStatus(e, now) {
		case "initiating", "running":
		default:
			end := e.Stopped
			if end.IsZero() {
				end = e.Start.Add(f.ExperimentLasts)
			}
			f.World.faultEnd = end
		}
	}
}

// --- Route 53 (REST-XML) ---

const r53ns = "https://route53.amazonaws.com/doc/2013-04-01/"

func r53Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0"?><ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>fake</RequestId></ErrorResponse>`, r53ns, code, msg)
}

func healthCheckXML(id string, hc *fakeHealthCheck) string {
	return fmt.Sprintf(`<HealthCheck><Id>%s</Id><CallerReference>ref-%s</CallerReference><HealthCheckConfig><Type>CLOUDWATCH_METRIC</Type><Inverted>%t</Inverted></HealthCheckConfig><HealthCheckVersion>%d</HealthCheckVersion></HealthCheck>`,
		id, id, hc.Inverted, hc.Version)
}

func (f *fakeAWS) serveRoute53(w http.ResponseWriter, r *http.Request, body []byte, now time.Time, record func(string)) {
	const hcPrefix = "/2013-04-01/healthcheck/"
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/2013-04-01/testdnsanswer":
		record("TestDNSAnswer")
		q := r.URL.Query()
		if q.Get("hostedzoneid") != zoneID || q.Get("recordname") != domain || q.Get("recordtype") != "CNAME" {
			f.t.Errorf("fake Route 53: TestDNSAnswer %s", r.URL.RawQuery)
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><TestDNSAnswerResponse xmlns="%s"><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>%s</RecordName><RecordType>CNAME</RecordType><RecordData><RecordDataEntry>%s</RecordDataEntry></RecordData><ResponseCode>NOERROR</ResponseCode><Protocol>UDP</Protocol></TestDNSAnswerResponse>`,
			r53ns, domain, f.World.answer(now))
	case strings.HasPrefix(r.URL.Path, hcPrefix):
		id := strings.TrimPrefix(r.URL.Path, hcPrefix)
		hc, ok := f.HealthChecks[id]
		if !ok {
			r53Error(w, http.StatusNotFound, "NoSuchHealthCheck", "no health check "+id)
			return
		}
		switch r.Method {
		case http.MethodGet:
			record("GetHealthCheck")
		case http.MethodPost:
			record("UpdateHealthCheck")
			var in struct {
				Version  *int64 `xml:"HealthCheckVersion"`
				Inverted *bool  `xml:"Inverted"`
			}
			if err := xml.Unmarshal(body, &in); err != nil || in.Inverted == nil {
				f.t.Errorf("fake Route 53: bad UpdateHealthCheck %s (%v)", body, err)
				r53Error(w, http.StatusBadRequest, "InvalidInput", "bad request")
				return
			}
			if f.UpdateFails != nil {
				if code := f.UpdateFails(id, *in.Inverted); code != "" {
					r53Error(w, http.StatusBadRequest, code, "fake failure")
					return
				}
			}
			if in.Version != nil && (*in.Version != hc.Version || f.MismatchOnce[id]) {
				delete(f.MismatchOnce, id)
				r53Error(w, http.StatusConflict, "HealthCheckVersionMismatch", "version mismatch")
				return
			}
			hc.Inverted = *in.Inverted
			hc.Version++
			f.updates = append(f.updates, fmt.Sprintf("%s inverted=%t", id, hc.Inverted))
			f.invertedChanged(now)
		default:
			f.t.Errorf("fake Route 53: unexpected %s %s", r.Method, r.URL)
		}
		w.Header().Set("Content-Type", "text/xml")
		op := map[string]string{http.MethodGet: "GetHealthCheckResponse", http.MethodPost: "UpdateHealthCheckResponse"}[r.Method]
		fmt.Fprintf(w, `<?xml version="1.0"?><%s xmlns="%s">%s</%s>`, op, r53ns, healthCheckXML(id, hc), op)
	default:
		f.t.Errorf("fake Route 53: unexpected %s %s", r.Method, r.URL)
		r53Error(w, http.StatusNotFound, "InvalidInput", "no route")
	}
}

// invertedChanged starts the fault when a check is first inverted and
// ends it when none is.
func (f *fakeAWS) invertedChanged(now time.Time) {
	any := false
	for _, hc := range f.HealthChecks {
		any = any || hc.Inverted
	}
	switch {
	case any && (f.World.faultStart.IsZero() || !f.World.faultEnd.IsZero()):
		f.World.faultStart, f.World.faultEnd = now, time.Time{}
	case !any && !f.World.faultStart.IsZero() && f.World.faultEnd.IsZero():
		f.World.faultEnd = now
	}
}

// --- CloudWatch (Smithy RPC v2 CBOR: aws-sdk-go-v2's cloudwatch v1.55.0
// sends POST /service/GraniteServiceVersion20100801/operation/OP with
// smithy-protocol: rpc-v2-cbor, see its serializers.go) ---

func cborString(v cbor.Value) string {
	if s, ok := v.(cbor.String); ok {
		return string(s)
	}
	return ""
}

func cborMap(v cbor.Value) cbor.Map {
	m, _ := v.(cbor.Map)
	return m
}

func cborList(v cbor.Value) cbor.List {
	l, _ := v.(cbor.List)
	return l
}

func writeCBOR(w http.ResponseWriter, v cbor.Value) {
	w.Header().Set("smithy-protocol", "rpc-v2-cbor")
	w.Header().Set("Content-Type", "application/cbor")
	w.Write(cbor.Encode(v))
}

func (f *fakeAWS) serveCloudWatch(w http.ResponseWriter, r *http.Request, body []byte, region string, now time.Time, record func(string)) {
	const prefix = "/service/GraniteServiceVersion20100801/operation/"
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, prefix) || r.Header.Get("smithy-protocol") != "rpc-v2-cbor" {
		f.t.Errorf("fake CloudWatch: unexpected %s %s (%s)", r.Method, r.URL, r.Header.Get("smithy-protocol"))
		http.Error(w, "no route", http.StatusNotFound)
		return
	}
	if r.Header.Get("Content-Encoding") == "gzip" {
		// PutMetricData's requests are compressed (the SDK's request
		// compression, on by default for it).
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			body, err = io.ReadAll(zr)
		}
		if err != nil {
			f.t.Errorf("fake CloudWatch: gunzip: %v", err)
			return
		}
	}
	v, err := cbor.Decode(body)
	if err != nil {
		f.t.Errorf("fake CloudWatch: decode CBOR: %v (Content-Encoding %q, % x)", err, r.Header.Get("Content-Encoding"), body[:min(len(body), 16)])
		return
	}
	in := cborMap(v)
	switch op := strings.TrimPrefix(r.URL.Path, prefix); op {
	case "GetMetricData":
		record(op)
		q := cborMap(cborList(in["MetricDataQueries"])[0])
		stat := cborMap(q["MetricStat"])
		metric := cborMap(stat["Metric"])
		dim := cborMap(cborList(metric["Dimensions"])[0])
		id := cborString(dim["Value"])
		if cborString(metric["Namespace"]) != "AWS/Route53" || cborString(metric["MetricName"]) != "HealthCheckStatus" ||
			cborString(dim["Name"]) != "HealthCheckId" || cborString(stat["Stat"]) != "Minimum" {
			f.t.Errorf("fake CloudWatch: GetMetricData of %v", metric)
		}
		var healthy bool
		switch id {
		case primaryCheck:
			healthy = f.World.primaryHealthy(now)
		case drCheck:
			healthy = f.World.drHealthy(now)
		default:
			f.t.Errorf("fake CloudWatch: health of unknown check %s", id)
		}
		value := 0.0
		if healthy {
			value = 1
		}
		// The newest one-minute point, ending now.
		ts := now.Add(-time.Minute)
		writeCBOR(w, cbor.Map{"MetricDataResults": cbor.List{cbor.Map{
			"Id":         q["Id"],
			"StatusCode": cbor.String("Complete"),
			"Timestamps": cbor.List{&cbor.Tag{ID: 1, Value: cbor.Float64(float64(ts.Unix()))}},
			"Values":     cbor.List{cbor.Float64(value)},
		}}})
	case "PutMetricData":
		record(op)
		for _, d := range cborList(in["MetricData"]) {
			dm := cborMap(d)
			p := metricPut{Region: region, Namespace: cborString(in["Namespace"]), Name: cborString(dm["MetricName"])}
			if dims := cborList(dm["Dimensions"]); len(dims) > 0 {
				p.Dimension, p.DimensionValue = cborString(cborMap(dims[0])["Name"]), cborString(cborMap(dims[0])["Value"])
			}
			if fv, ok := dm["Value"].(cbor.Float64); ok {
				p.Value = float64(fv)
			}
			f.metrics = append(f.metrics, p)
		}
		writeCBOR(w, cbor.Map{})
	default:
		f.t.Errorf("fake CloudWatch: unexpected operation %s", op)
		http.Error(w, "no route", http.StatusNotFound)
	}
}

// --- Backup (REST-JSON) ---

func (f *fakeAWS) restoreStatus(j *fakeRestoreJob, now time.Time) string {
	switch {
	case now.Before(j.Created.Add(10 * time.Second)):
		return "PENDING"
	case now.Before(j.Created.Add(f.RestoreTakes)):
		return "RUNNING"
	case f.RestoreEnds != "":
		return f.RestoreEnds
	}
	return "COMPLETED"
}

func (f *fakeAWS) serveBackup(w http.ResponseWriter, r *http.Request, body []byte, region string, now time.Time, record func(string)) {
	vaultPath := regexp.MustCompile(`^/backup-vaults/([^/]+)/recovery-points/?$`)
	switch {
	case r.Method == http.MethodGet && vaultPath.MatchString(r.URL.Path):
		record("ListRecoveryPointsByBackupVault")
		vault := vaultPath.FindStringSubmatch(r.URL.Path)[1]
		if vault != copyVault {
			jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "no vault "+vault)
			return
		}
		resource := r.URL.Query().Get("resourceArn")
		var rps []map[string]any
		for _, rp := range f.RecoveryPoints {
			if rp.ResourceArn == resource {
				rps = append(rps, map[string]any{
					"RecoveryPointArn": rp.Arn, "ResourceArn": rp.ResourceArn, "ResourceType": "S3",
					"Status": rp.Status, "CreationDate": rp.Created.Unix(), "BackupVaultName": vault,
				})
			}
		}
		writeJSON(w, map[string]any{"RecoveryPoints": rps})
	case r.Method == http.MethodPut && r.URL.Path == "/restore-jobs":
		record("StartRestoreJob")
		var in struct {
			RecoveryPointArn, IamRoleArn, ResourceType, IdempotencyToken string
			Metadata                                                     map[string]string
		}
		if err := json.Unmarshal(body, &in); err != nil {
			f.t.Errorf("fake Backup: bad StartRestoreJob %s: %v", body, err)
		}
		j := &fakeRestoreJob{
			ID: fmt.Sprintf("JOB%d", len(f.restoreJobs)+1), RecoveryPoint: in.RecoveryPointArn, Role: in.IamRoleArn,
			ResourceType: in.ResourceType, Metadata: in.Metadata, Created: now, Region: region,
		}
		f.restoreJobs[j.ID] = j
		writeJSON(w, map[string]any{"RestoreJobId": j.ID})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/restore-jobs/"):
		record("DescribeRestoreJob")
		j, ok := f.restoreJobs[strings.TrimPrefix(r.URL.Path, "/restore-jobs/")]
		if !ok {
			jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "no job")
			return
		}
		st := f.restoreStatus(j, now)
		out := map[string]any{"RestoreJobId": j.ID, "Status": st, "CreationDate": j.Created.Unix(), "RecoveryPointArn": j.RecoveryPoint}
		if st == "COMPLETED" || st == "FAILED" || st == "ABORTED" {
			out["CompletionDate"] = j.Created.Add(f.RestoreTakes).Unix()
			out["StatusMessage"] = "fake " + strings.ToLower(st)
		}
		if st == "COMPLETED" {
			bucket := j.Metadata["DestinationBucketName"]
			out["CreatedResourceArn"] = "arn:aws:s3:::" + bucket
			if _, ok := f.Buckets[bucket]; !ok {
				// The restore copies the current versions.
				nb := &fakeBucket{Region: region, Objects: map[string][]*fakeVersion{}}
				for k, vs := range f.Buckets[modelBucket].Objects {
					nb.Objects[k] = []*fakeVersion{f.newVersion(vs[len(vs)-1].Body, now)}
				}
				f.Buckets[bucket] = nb
				f.restoredBuckets = append(f.restoredBuckets, bucket)
			}
		}
		writeJSON(w, out)
	default:
		f.t.Errorf("fake Backup: unexpected %s %s", r.Method, r.URL)
		jsonError(w, http.StatusNotFound, "ResourceNotFoundException", "no route")
	}
}

// --- S3 (REST-XML, path-style) ---

func s3Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>fake</RequestId></Error>`, code, msg)
}

func (f *fakeAWS) newVersion(body []byte, now time.Time) *fakeVersion {
	f.nextVer++
	return &fakeVersion{ID: fmt.Sprintf("v%03d", f.nextVer), Body: body, LockMode: "COMPLIANCE", RetainUntil: now.Add(30 * 24 * time.Hour)}
}

// version is bucket/key's version id, or its current one.
func (b *fakeBucket) version(key, id string) *fakeVersion {
	vs := b.Objects[key]
	if len(vs) == 0 {
		return nil
	}
	if id == "" {
		return vs[len(vs)-1]
	}
	for _, v := range vs {
		if v.ID == id {
			return v
		}
	}
	return nil
}

func (f *fakeAWS) put(b *fakeBucket, key string, body []byte, now time.Time) *fakeVersion {
	v := f.newVersion(body, now)
	if b.Unversioned {
		v.ID = ""
		b.Objects[key] = nil
	}
	if b.NoLock {
		v.LockMode, v.RetainUntil = "", time.Time{}
	}
	b.Objects[key] = append(b.Objects[key], v)
	return v
}

func (f *fakeAWS) serveS3(w http.ResponseWriter, r *http.Request, body []byte, region string, now time.Time, record func(string)) {
	bucketName, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	b, ok := f.Buckets[bucketName]
	if !ok {
		record("?")
		s3Error(w, http.StatusNotFound, "NoSuchBucket", "no bucket "+bucketName)
		return
	}
	if b.Region != region {
		f.t.Errorf("fake S3: %s %s signed for %s, the bucket is in %s", r.Method, r.URL.Path, region, b.Region)
	}
	versionID := r.URL.Query().Get("versionId")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		op := map[string]string{http.MethodGet: "GetObject", http.MethodHead: "HeadObject"}[r.Method]
		record(op)
		v := b.version(key, versionID)
		if v == nil {
			s3Error(w, http.StatusNotFound, "NoSuchKey", "no key "+key)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(v.Body)))
		w.Header().Set("Last-Modified", now.Format(http.TimeFormat))
		w.Header().Set("ETag", `"`+hex.EncodeToString(md5sum(v.Body))+`"`)
		if v.ID != "" {
			w.Header().Set("x-amz-version-id", v.ID)
		}
		if v.LockMode != "" {
			w.Header().Set("x-amz-object-lock-mode", v.LockMode)
			w.Header().Set("x-amz-object-lock-retain-until-date", v.RetainUntil.Format(time.RFC3339))
		}
		if r.Method == http.MethodGet {
			w.Write(v.Body)
		}
	case http.MethodPut:
		if src := r.Header.Get("x-amz-copy-source"); src != "" {
			record("CopyObject")
			srcPath, query, _ := strings.Cut(src, "?")
			srcPath, err := url.PathUnescape(srcPath)
			if err != nil {
				f.t.Errorf("fake S3: bad copy source %q", src)
			}
			q, _ := url.ParseQuery(query)
			sb, sk, _ := strings.Cut(strings.TrimPrefix(srcPath, "/"), "/")
			srcBucket, ok := f.Buckets[sb]
			var v *fakeVersion
			if ok {
				v = srcBucket.version(sk, q.Get("versionId"))
			}
			if v == nil {
				s3Error(w, http.StatusNotFound, "NoSuchKey", "no copy source "+src)
				return
			}
			nv := f.put(b, key, bytes.Clone(v.Body), now)
			if nv.ID != "" {
				w.Header().Set("x-amz-version-id", nv.ID)
			}
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><CopyObjectResult><LastModified>%s</LastModified><ETag>"%x"</ETag></CopyObjectResult>`,
				now.Format(time.RFC3339), md5sum(v.Body))
			return
		}
		record("PutObject")
		// Object lock demands an integrity checksum on every PUT.
		if !b.NoLock && r.Header.Get("Content-MD5") == "" && !slices.ContainsFunc(checksumHeaders, func(h string) bool { return r.Header.Get(h) != "" }) {
			s3Error(w, http.StatusBadRequest, "InvalidRequest", "Content-MD5 or x-amz-checksum-* HTTP header is required for Put Object requests with Object Lock parameters")
			return
		}
		if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") {
			f.t.Errorf("fake S3: aws-chunked bodies are not supported by the fake")
		}
		nv := f.put(b, key, body, now)
		if nv.ID != "" {
			w.Header().Set("x-amz-version-id", nv.ID)
		}
		w.Header().Set("ETag", fmt.Sprintf(`"%x"`, md5sum(body)))
	default:
		f.t.Errorf("fake S3: unexpected %s %s", r.Method, r.URL)
		s3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "no")
	}
}

var checksumHeaders = []string{"x-amz-checksum-sha256", "x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-sha1", "x-amz-checksum-crc64nvme"}

func md5sum(b []byte) []byte {
	s := md5.Sum(b)
	return s[:]
}
