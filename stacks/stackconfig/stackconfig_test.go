package stackconfig

import (
	"strings"
	"testing"
)

func TestValues(t *testing.T) {
	v := Values(lookup{"m:n": "3", "m:bad": "x", "m:on": "true"}.get)
	if n, err := v.Int("m:n", 1); n != 3 || err != nil {
		t.Errorf("Int = %d, %v", n, err)
	}
	if n, err := v.Int("m:unset", 7); n != 7 || err != nil {
		t.Errorf("Int default = %d, %v", n, err)
	}
	if _, err := v.Int("m:bad", 1); err == nil || err.Error() != `m:bad is "x"; it must be a whole number` {
		t.Errorf("Int error: %v", err)
	}
	if b, err := v.Bool("m:on", false); !b || err != nil {
		t.Errorf("Bool = %v, %v", b, err)
	}
	if _, err := v.Bool("m:bad", false); err == nil || !strings.Contains(err.Error(), "allowed values are true and false") {
		t.Errorf("Bool error: %v", err)
	}
	if err := OneOf("m:env", "qa", Keys(map[string]int{"prod": 1, "dev": 2})); err == nil || err.Error() != `m:env is "qa"; allowed values are dev, prod` {
		t.Errorf("OneOf: %v", err)
	}
	if err := OneOf("m:env", "dev", []string{"dev"}); err != nil {
		t.Errorf("OneOf: %v", err)
	}
}

type lookup map[string]string

func (l lookup) get(k string) string { return l[k] }
