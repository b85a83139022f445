//go:build tools

// Package tools pins actionlint's command for "go mod tidy": scripts/tools.sh
// builds github.com/rhysd/actionlint/cmd/actionlint from this module.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
