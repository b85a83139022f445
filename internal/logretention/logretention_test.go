package logretention

import "testing"

func TestValid(t *testing.T) {
	for days, want := range map[int]bool{1: true, 365: true, 3653: true, 0: false, 2: false, 366: false, 4000: false} {
		if Valid(days) != want {
			t.Errorf("Valid(%d) = %v", days, !want)
		}
	}
}
