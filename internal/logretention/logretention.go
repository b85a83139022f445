// Package logretention holds the retention periods CloudWatch Logs
// accepts, the one list every component with a log group validates
// against.
package logretention

import "slices"

// Days are the retention periods, in days, that CloudWatch Logs accepts.
var Days = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Valid reports whether CloudWatch Logs accepts a retention period.
func Valid(days int) bool { return slices.Contains(Days, days) }
