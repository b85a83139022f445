package campolicy

import (
	"slices"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	p := New(
		Statement{Effect: "deny", Principal: map[string][]string{"qcs": {Anyone}}, Action: []string{"name/cos:*"}, Resource: []string{"r/*"},
			Condition: Cond("bool_equal", "cos:secure-transport", "false")},
		Statement{Effect: "allow", Action: []string{"name/cos:GetObject"}, Resource: []string{"r/*"}},
	)
	doc := p.JSON()
	if doc != New(p.Statement...).JSON() {
		t.Error("rendering is not stable")
	}
	q, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	if q.Version != Version || len(q.Statement) != 2 || !slices.Equal(q.Statement[0].Values("bool_equal", "cos:secure-transport"), []string{"false"}) ||
		!slices.Equal(q.Statement[0].Principal["qcs"], []string{Anyone}) || q.Statement[1].Condition != nil {
		t.Errorf("parsed %+v", q)
	}
	if !slices.Equal(q.Actions("deny"), []string{"name/cos:*"}) || !slices.Equal(q.Actions("allow"), []string{"name/cos:GetObject"}) {
		t.Errorf("actions %v %v", q.Actions("deny"), q.Actions("allow"))
	}
	if !slices.Equal(q.Resources("allow"), []string{"r/*"}) || len(q.Resources("none")) != 0 {
		t.Errorf("resources %v", q.Resources("allow"))
	}
}

// TestParseAcceptsStrings reads a hand-written document whose elements
// are strings, with one statement as an object and mixed-case names.
func TestParseAcceptsStrings(t *testing.T) {
	p, err := Parse(`{"Version":"2.0","Statement":{"Effect":"Deny","Principal":{"qcs":"*"},"Action":"*","Resource":"r","Condition":{"numeric_less_than":{"cos:tls-version":1.2}}}}`)
	if err != nil {
		t.Fatal(err)
	}
	s := p.Statement[0]
	if s.Effect != "deny" || !slices.Equal(s.Action, []string{"*"}) || !slices.Equal(s.Principal["qcs"], []string{"*"}) ||
		!slices.Equal(s.Values("numeric_less_than", "cos:tls-version"), []string{"1.2"}) {
		t.Errorf("parsed %+v", s)
	}
	if _, err := Parse("not json"); err == nil {
		t.Error("no error for a non-document")
	}
	if _, err := Parse(`{"statement":["x"]}`); err == nil {
		t.Error("no error for a statement that is not an object")
	}
}

func TestAssumedByService(t *testing.T) {
	p := AssumedByService("cos.qcloud.com")
	if len(p.Statement) != 1 || !slices.Equal(p.Statement[0].Principal["service"], []string{"cos.qcloud.com"}) ||
		!slices.Equal(p.Statement[0].Action, []string{"name/sts:AssumeRole"}) {
		t.Errorf("%+v", p)
	}
}
