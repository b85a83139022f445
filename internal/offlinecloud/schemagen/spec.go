package schemagen

import (
	"bytes"
	"encoding/json"
)

// Spec is a Pulumi package schema
// (https://www.pulumi.com/docs/iac/extending-pulumi/schema/), as much of it
// as the generator writes.
type Spec struct {
	Name        string              `json:"name"`
	DisplayName string              `json:"displayName,omitempty"`
	Version     string              `json:"version"`
	Description string              `json:"description,omitempty"`
	Keywords    []string            `json:"keywords,omitempty"`
	Homepage    string              `json:"homepage,omitempty"`
	License     string              `json:"license,omitempty"`
	Repository  string              `json:"repository,omitempty"`
	Publisher   string              `json:"publisher,omitempty"`
	Meta        map[string]string   `json:"meta,omitempty"`
	Config      Config              `json:"config"`
	Types       map[string]Object   `json:"types"`
	Provider    Resource            `json:"provider"`
	Resources   map[string]Resource `json:"resources"`
	Functions   map[string]Function `json:"functions"`
	Language    map[string]any      `json:"language,omitempty"`
}

// Config holds the provider's configuration variables.
type Config struct {
	Variables map[string]Property `json:"variables"`
}

// Property is a property of a resource, function or object type, or a
// configuration variable: its type is a primitive ("type"), an array
// ("items"), a map ("additionalProperties") or a reference ("$ref") to an
// object type of the package or to pulumi.json#/Any, #/Archive or #/Asset.
type Property struct {
	Type                 string       `json:"type,omitempty"`
	Ref                  string       `json:"$ref,omitempty"`
	Items                *Property    `json:"items,omitempty"`
	AdditionalProperties *Property    `json:"additionalProperties,omitempty"`
	Description          string       `json:"description,omitempty"`
	Secret               bool         `json:"secret,omitempty"`
	Default              any          `json:"default,omitempty"`
	DefaultInfo          *DefaultInfo `json:"defaultInfo,omitempty"`
	DeprecationMessage   string       `json:"deprecationMessage,omitempty"`
}

// DefaultInfo names the environment variables a property defaults to.
type DefaultInfo struct {
	Environment []string `json:"environment"`
}

// Object is an object type, or a function's inputs or outputs.
type Object struct {
	Description string              `json:"description,omitempty"`
	Type        string              `json:"type,omitempty"`
	Properties  map[string]Property `json:"properties"`
	Required    []string            `json:"required,omitempty"`
}

// Resource is a resource type, or the provider.
type Resource struct {
	Description        string              `json:"description,omitempty"`
	Properties         map[string]Property `json:"properties,omitempty"`
	Required           []string            `json:"required,omitempty"`
	InputProperties    map[string]Property `json:"inputProperties,omitempty"`
	RequiredInputs     []string            `json:"requiredInputs,omitempty"`
	DeprecationMessage string              `json:"deprecationMessage,omitempty"`
}

// Function is a provider function (a data source).
type Function struct {
	Description        string  `json:"description,omitempty"`
	Inputs             *Object `json:"inputs,omitempty"`
	Outputs            *Object `json:"outputs,omitempty"`
	DeprecationMessage string  `json:"deprecationMessage,omitempty"`
}

// Marshal renders a schema as stable, indented JSON (maps sort their keys)
// that ends in a newline, without HTML escapes.
func Marshal(s *Spec) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
