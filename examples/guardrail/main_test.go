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
	g := rec.Find("aws:bedrock/guardrail:Guardrail", "assistant")
	if g == nil || g.Str("topicPolicyConfig.topicsConfigs[0].name") != "Investment advice" || g.Str("wordPolicyConfig.wordsConfigs[0].text") != "project-zeus" {
		t.Fatalf("guardrail: %v", g)
	}
	if rec.Find("aws:bedrock/guardrailVersion:GuardrailVersion", "assistant") == nil {
		t.Error("no published version")
	}
}
