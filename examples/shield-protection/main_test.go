package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	arn := "arn:aws:cloudfront::123456789012:distribution/EXAMPLE0123456"
	rec, err := mocktest.Run(program, mocktest.Config("modelfort:distributionArn", arn), mocktest.Config("modelfort:domainName", "llm.example.org"))
	if err != nil {
		t.Fatal(err)
	}
	protection := rec.Find("aws:shield/protection:Protection", "edge-cdn")
	check := rec.Find("aws:route53/healthCheck:HealthCheck", "edge-cdn")
	assoc := rec.Find("aws:shield/protectionHealthCheckAssociation:ProtectionHealthCheckAssociation", "edge-cdn")
	if protection == nil || check == nil || assoc == nil {
		t.Fatalf("protection %v, health check %v, association %v", protection, check, assoc)
	}
	if protection.Str("resourceArn") != arn {
		t.Errorf("protects %s", protection.Str("resourceArn"))
	}
	if check.Str("type") != "HTTPS" || check.Str("fqdn") != "llm.example.org" || check.Num("port") != 443 || check.Str("resourcePath") != "/health" ||
		check.Num("requestInterval") != 30 || check.Num("failureThreshold") != 3 {
		t.Errorf("health check: %v", check.Inputs)
	}
	if assoc.Str("shieldProtectionId") != protection.ID || assoc.Str("healthCheckArn") != check.Out("arn") {
		t.Errorf("association: %v", assoc.Inputs)
	}
	if alarm := rec.Find("aws:cloudwatch/metricAlarm:MetricAlarm", "edge-cdn-ddos-detected"); alarm == nil || alarm.Region != "us-east-1" {
		t.Errorf("DDoSDetected alarm: %v", alarm)
	}
	if len(rec.OfType("aws:shield/subscription:Subscription")) != 0 {
		t.Error("the example must not subscribe to Shield Advanced")
	}
}
