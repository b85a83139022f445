package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.OfType("aws:ec2/subnet:Subnet")); n != 3 {
		t.Errorf("%d private subnets; want one in each of three zones", n)
	}
	endpoint, db := rec.Find("aws:ec2/securityGroup:SecurityGroup", "serving-endpoint"), rec.Find("aws:ec2/securityGroup:SecurityGroup", "serving-database")
	in := rec.Find("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "serving-database-in-tier-endpoint-tcp5432")
	if endpoint == nil || db == nil || in == nil || in.Str("securityGroupId") != db.ID || in.Str("referencedSecurityGroupId") != endpoint.ID {
		t.Fatalf("the database must admit the endpoints:\n%s", rec)
	}
	for _, r := range rec.OfType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") {
		if r.Str("securityGroupId") == db.ID {
			t.Errorf("the database tier sends traffic: %v", r.Inputs)
		}
	}
	p, err := rec.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "serving-s3").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	if own := p.Find("OwnAccountBuckets"); own == nil || own.Values("StringEquals", "aws:ResourceAccount")[0] != "123456789012" ||
		p.Find("EcrImageLayers").Resource[0] != "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*" {
		t.Errorf("S3 endpoint policy: %+v", p.Statement)
	}
	if fl := rec.Find("aws:ec2/flowLog:FlowLog", "serving"); fl == nil || fl.Str("trafficType") != "ALL" {
		t.Errorf("flow log: %v", fl)
	}
}
