package stackconfig

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/mocktest"
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

func TestKeysAndStrings(t *testing.T) {
	if Key("zoneCount") != "modelfort:zoneCount" || EnvironmentKey != "modelfort:environment" {
		t.Errorf("Key = %q, EnvironmentKey = %q", Key("zoneCount"), EnvironmentKey)
	}
	v := Values(lookup{"m:s": "set"}.get)
	if v.String("m:s", "def") != "set" || v.String("m:unset", "def") != "def" {
		t.Errorf("String = %q, %q", v.String("m:s", "def"), v.String("m:unset", "def"))
	}
}

func TestFromContext(t *testing.T) {
	var got, unset string
	_, err := mocktest.Run(func(ctx *pulumi.Context) error {
		v := FromContext(ctx)
		got, unset = v(Key("zoneCount")), v(Key("unset"))
		return nil
	}, mocktest.Config("modelfort:zoneCount", "3"))
	if err != nil || got != "3" || unset != "" {
		t.Errorf("FromContext: %q, %q, %v", got, unset, err)
	}
}

func TestEnvironment(t *testing.T) {
	profiles := map[string]bool{"dev": true, "prod": true}
	if err := Environment("dev", profiles); err != nil {
		t.Error(err)
	}
	if err := Environment("qa", profiles); err == nil || err.Error() != `modelfort:environment is "qa"; allowed values are dev, prod` {
		t.Errorf("Environment: %v", err)
	}
}

func TestRegions(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z]{2}-[a-z]+-[0-9]$`)
	if err := Region("aws:region", "us-east-1", valid, "an AWS region", "us-east-1"); err != nil {
		t.Error(err)
	}
	if err := Region("aws:region", "mars", valid, "an AWS region", "us-east-1"); err == nil || err.Error() != `aws:region is "mars"; it must be an AWS region such as us-east-1` {
		t.Errorf("Region: %v", err)
	}
	if err := OtherRegion("m:dr", "us-west-2", "aws:region", "us-east-1", "disaster-recovery"); err != nil {
		t.Error(err)
	}
	err := OtherRegion("m:dr", "us-east-1", "aws:region", "us-east-1", "disaster-recovery")
	if err == nil || err.Error() != `m:dr is "us-east-1", the same as aws:region; the disaster-recovery region must be another region` {
		t.Errorf("OtherRegion: %v", err)
	}
}
