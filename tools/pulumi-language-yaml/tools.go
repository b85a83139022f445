//go:build tools

// Package tools records the language host's module as a dependency.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
