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
	plan := rec.Find("aws:backup/plan:Plan", "data")
	copyVault := rec.Find("aws:backup/vault:Vault", "data-copy")
	if plan == nil || copyVault == nil || plan.Str("rules[0].schedule") != "cron(0 0/4 * * ? *)" || copyVault.Region != "us-west-2" {
		t.Fatalf("plan %v, copy vault %v", plan, copyVault)
	}
}
