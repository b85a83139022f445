package preflight

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	stacks "github.com/modelfort/modelfort/stacks/aws"
)

// rawAWS answers with bodies shaped as the services' documentation and
// live answers show them (extra members, timestamps, error headers with
// the Coral suffix), apart from Handler's encoders, so that the checks'
// reading of each protocol does not rest on Handler alone.
func rawAWS(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		m := scope.FindStringSubmatch(r.Header.Get("Authorization"))
		if m == nil {
			t.Errorf("unsigned %s %s", r.Method, r.URL)
			return
		}
		region, service := m[1], m[2]
		target := r.Header.Get("X-Amz-Target")
		jsonOut := func(status int, s string) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(status)
			io.WriteString(w, s)
		}
		switch {
		case service == "sts":
			w.Header().Set("Content-Type", "text/xml")
			io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::123456789012:assumed-role/Deployer/session</Arn>
    <UserId>AROAEXAMPLE:session</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`)
		case target == "AWSShield_20160616.GetSubscriptionState":
			jsonOut(200, `{"SubscriptionState":"INACTIVE"}`)
		case target == "ServiceQuotasV20190624.ListServiceQuotas":
			if !strings.Contains(string(body), `"ServiceCode":"sagemaker"`) {
				t.Errorf("ListServiceQuotas %s", body)
			}
			if region == "us-east-1" {
				jsonOut(200, `{"Quotas":[{"ServiceCode":"sagemaker","ServiceName":"Amazon SageMaker","QuotaArn":"arn:aws:servicequotas:us-east-1:123456789012:sagemaker/L-A1B2C3D4","QuotaCode":"L-A1B2C3D4","QuotaName":"ml.g5.2xlarge for endpoint usage","Value":4.0,"Unit":"None","Adjustable":true,"GlobalQuota":false,"QuotaAppliedAtLevel":"ACCOUNT","UsageMetric":{"MetricNamespace":"AWS/Usage","MetricName":"ResourceCount","MetricDimensions":{"Class":"None","Resource":"endpoint","Service":"SageMaker","Type":"Resource"},"MetricStatisticRecommendation":"Maximum"}}]}`)
				return
			}
			jsonOut(200, `{"Quotas":[]}`)
		case target == "ServiceQuotasV20190624.ListAWSDefaultServiceQuotas":
			jsonOut(200, `{"Quotas":[{"ServiceCode":"sagemaker","QuotaCode":"L-A1B2C3D4","QuotaName":"ml.g5.2xlarge for endpoint usage","Value":0.0,"Unit":"None","Adjustable":true}]}`)
		case target == "CertificateManager.DescribeCertificate":
			if strings.Contains(string(body), "000000000052") {
				jsonOut(400, `{"__type":"ResourceNotFoundException","message":"Could not find certificate arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000052."}`)
				return
			}
			jsonOut(200, `{"Certificate":{"CertificateArn":"`+primaryCert+`","CreatedAt":1446835267.0,"DomainName":"prod.example.com","DomainValidationOptions":[{"DomainName":"prod.example.com","ValidationDomain":"prod.example.com","ValidationMethod":"DNS","ValidationStatus":"SUCCESS"}],"InUseBy":[],"IssuedAt":1446835815.0,"Issuer":"Amazon","KeyAlgorithm":"RSA-2048","NotAfter":1893456000.0,"NotBefore":1446768000.0,"RenewalEligibility":"ELIGIBLE","Serial":"0f:ac:b0:a3:8d:ea:65:52:2d:7d:01:3a:39:36:db:d6","SignatureAlgorithm":"SHA256WITHRSA","Status":"ISSUED","Subject":"CN=prod.example.com","SubjectAlternativeNames":["prod.example.com","*.prod.example.com"],"Type":"AMAZON_ISSUED"}}`)
		case service == "route53":
			if r.URL.Path != "/2013-04-01/hostedzone/"+zoneID {
				t.Errorf("route53 %s", r.URL.Path)
			}
			w.Header().Set("Content-Type", "text/xml")
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<GetHostedZoneResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <HostedZone>
    <Id>/hostedzone/`+zoneID+`</Id>
    <Name>prod.example.com.</Name>
    <CallerReference>2017-03-01T11:22:14Z</CallerReference>
    <Config><Comment>prod</Comment><PrivateZone>false</PrivateZone></Config>
    <ResourceRecordSetCount>17</ResourceRecordSetCount>
  </HostedZone>
  <DelegationSet><NameServers><NameServer>ns-2048.awsdns-64.com</NameServer><NameServer>ns-2049.awsdns-65.net</NameServer></NameServers></DelegationSet>
</GetHostedZoneResponse>`)
		case service == "apigateway":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"Message":"User: arn:aws:sts::123456789012:assumed-role/Deployer/session is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:`+region+`::/account"}`)
		case service == "guardduty" && r.URL.Path == "/detector":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"detectorIds":["12abc34d567e8fa901bc2d34eexample"]}`)
		case service == "guardduty":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"createdAt":"2023-01-01T00:00:00.000Z","dataSources":{"cloudTrail":{"status":"ENABLED"},"dnsLogs":{"status":"ENABLED"},"flowLogs":{"status":"ENABLED"},"s3Logs":{"status":"ENABLED"}},"features":[{"name":"CLOUD_TRAIL","status":"ENABLED","updatedAt":1.6975008E9},{"name":"S3_DATA_EVENTS","status":"ENABLED","updatedAt":1.6975008E9},{"name":"EBS_MALWARE_PROTECTION","status":"DISABLED","updatedAt":1.6975008E9}],"findingPublishingFrequency":"SIX_HOURS","serviceRole":"arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty","status":"ENABLED","tags":{},"updatedAt":"2023-10-17T00:00:00.000Z"}`)
		default:
			t.Errorf("unexpected %s %s %s", service, r.Method, r.URL)
			http.Error(w, "unexpected", http.StatusNotImplemented)
		}
	})
}

func TestAgainstDocumentedAnswers(t *testing.T) {
	c := prodConfig()
	c.ThreatDetection.GuardDuty = stacks.Organization
	c.APIGatewayAccountLogging = false
	f := newFake(t, rawAWS(t))
	r := Run(context.Background(), Options{Stack: "prod", Config: c, Clients: f.clients()})
	for _, tc := range []struct {
		check, region string
		want          Status
		found         string
	}{
		{CheckCredentials, Global, OK, "account 123456789012 as arn:aws:sts::123456789012:assumed-role/Deployer/session"},
		{CheckShield, Global, Missing, "subscription INACTIVE"},
		{CheckEndpointQuota, "us-east-1", OK, `"ml.g5.2xlarge for endpoint usage" (L-A1B2C3D4) is 4`},
		{CheckEndpointQuota, "us-west-2", Missing, "(L-A1B2C3D4) is 0"},
		{CheckCertificate + " (primaryCertificateArn)", "us-east-1", OK, "ISSUED for prod.example.com, *.prod.example.com"},
		{CheckCertificate + " (drCertificateArn)", "us-west-2", Missing, "no certificate"},
		{CheckCertificate + " (cdnCertificateArn)", "us-east-1", OK, "ISSUED for prod.example.com, *.prod.example.com"},
		{CheckHostedZone, Global, OK, "is prod.example.com. (public)"},
		{CheckAPIGatewayLog, "us-west-2", Unchecked, "could not check (AccessDeniedException): User: "},
		{CheckGuardDuty, "us-east-1", OK, "detector 12abc34d567e8fa901bc2d34eexample, ENABLED with S3 protection"},
	} {
		got := result(t, r, tc.check, tc.region)
		if got.Status != tc.want || !strings.Contains(got.Found, tc.found) {
			t.Errorf("%s %s: got %s %q; want %s ~%q", tc.check, tc.region, got.Status, got.Found, tc.want, tc.found)
		}
	}
}
