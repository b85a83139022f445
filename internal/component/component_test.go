package component

import (
	"errors"
	"fmt"
	"testing"
)

type args struct {
	Days int
}

func (a *args) Validate(name string) error {
	if a.Days == 0 {
		a.Days = 30
	}
	if a.Days > 30 {
		return fmt.Errorf("Days is %d; allowed values are 1 to 30", a.Days)
	}
	return nil
}

func TestPrepare(t *testing.T) {
	a, err := Prepare[args]("pkg", "x", nil)
	if err != nil || a.Days != 30 {
		t.Errorf("nil args: %+v, %v", a, err)
	}
	given := &args{Days: 7}
	a, err = Prepare("pkg", "x", given)
	if err != nil || a.Days != 7 {
		t.Errorf("given args: %+v, %v", a, err)
	}
	zero := &args{}
	if _, err := Prepare("pkg", "x", zero); err != nil || zero.Days != 0 {
		t.Errorf("Prepare changed the caller's args: %+v, %v", zero, err)
	}
	_, err = Prepare("kmskey", "data", &args{Days: 31})
	if err == nil || err.Error() != "kmskey data: Days is 31; allowed values are 1 to 30" {
		t.Errorf("error: %v", err)
	}
}

func TestErrorf(t *testing.T) {
	base := errors.New("boom")
	err := Errorf("p", "n", base)
	if err.Error() != "p n: boom" || !errors.Is(err, base) {
		t.Errorf("%v", err)
	}
	if again := Errorf("p", "n", err); again.Error() != "p n: boom" {
		t.Errorf("prefixed twice: %v", again)
	}
	if Errorf("p", "n", nil) != nil {
		t.Error("nil error wrapped")
	}
}
