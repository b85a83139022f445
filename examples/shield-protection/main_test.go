package main

import (
	"strings"
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
	for _, typ := range []string{"aws:shield/proactiveEngagement:ProactiveEngagement", "aws:shield/drtAccessRoleArnAssociation:DrtAccessRoleArnAssociation",
		"aws:shield/applicationLayerAutomaticResponse:ApplicationLayerAutomaticResponse"} {
		if len(rec.OfType(typ)) != 0 {
			t.Errorf("%s without its configuration", typ)
		}
	}
}

// TestProgramWithTheResponseTeam: an on-call contact authorizes the SRT
// and enables proactive engagement with it.
func TestProgramWithTheResponseTeam(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("modelfort:oncallEmail", "oncall@example.org"), mocktest.Config("modelfort:oncallPhone", "+12025550123"))
	if err != nil {
		t.Fatal(err)
	}
	pe := rec.Find("aws:shield/proactiveEngagement:ProactiveEngagement", "edge")
	if pe == nil || !pe.Bool("enabled") || pe.Str("emergencyContacts[0].emailAddress") != "oncall@example.org" || pe.Str("emergencyContacts[0].phoneNumber") != "+12025550123" {
		t.Errorf("proactive engagement %v", pe)
	}
	if assoc := rec.Find("aws:shield/drtAccessRoleArnAssociation:DrtAccessRoleArnAssociation", "edge-srt"); assoc == nil || assoc.Str("roleArn") != rec.Find("aws:iam/role:Role", "edge-srt").Out("arn") {
		t.Errorf("SRT role association %v", assoc)
	}
	// Without a phone, Shield would refuse proactive engagement.
	if _, err := mocktest.Run(program, mocktest.Config("modelfort:oncallEmail", "oncall@example.org")); err == nil || !strings.Contains(err.Error(), "at least one phone number") {
		t.Errorf("no phone: %v", err)
	}
}
