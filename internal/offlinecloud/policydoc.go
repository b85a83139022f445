package offlinecloud

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// iamDocument is an IAM policy document as aws.iam.getPolicyDocument
// renders it: fields in AWS's order, a list of one written as a string.
type iamDocument struct {
	Version   string         `json:"Version"`
	ID        string         `json:"Id,omitempty"`
	Statement []iamStatement `json:"Statement"`
}

type iamStatement struct {
	Sid          string                    `json:"Sid,omitempty"`
	Effect       string                    `json:"Effect"`
	Action       any                       `json:"Action,omitempty"`
	NotAction    any                       `json:"NotAction,omitempty"`
	Resource     any                       `json:"Resource,omitempty"`
	NotResource  any                       `json:"NotResource,omitempty"`
	Principal    any                       `json:"Principal,omitempty"`
	NotPrincipal any                       `json:"NotPrincipal,omitempty"`
	Condition    map[string]map[string]any `json:"Condition,omitempty"`
}

// renderPolicyDocument answers aws:iam/getPolicyDocument. Merging other
// documents (sourcePolicyDocuments, overridePolicyDocuments, sourceJson,
// overrideJson) is not offered: it fails rather than guessing.
func renderPolicyDocument(_ Env, args resource.PropertyMap) (resource.PropertyMap, error) {
	for _, k := range []resource.PropertyKey{"sourcePolicyDocuments", "overridePolicyDocuments", "sourceJson", "overrideJson"} {
		if v, ok := args[k]; ok && v.HasValue() {
			return nil, fmt.Errorf("the offline getPolicyDocument does not merge documents (%s)", k)
		}
	}
	doc := iamDocument{Version: "2012-10-17", ID: str(args["policyId"])}
	if v := str(args["version"]); v != "" {
		doc.Version = v
	}
	stmts := args["statements"]
	if stmts.IsArray() {
		for i, sv := range stmts.ArrayValue() {
			if !sv.IsObject() {
				return nil, fmt.Errorf("statements[%d] is not an object", i)
			}
			doc.Statement = append(doc.Statement, statement(sv.ObjectValue()))
		}
	}
	pretty, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, pretty); err != nil {
		return nil, err
	}
	return props(map[string]any{
		"id":           fmt.Sprintf("%d", crc(pretty)),
		"json":         string(pretty),
		"minifiedJson": compact.String(),
		"statements":   stmts.Mappable(),
		"version":      doc.Version,
	}), nil
}

func statement(s resource.PropertyMap) iamStatement {
	st := iamStatement{
		Sid:         str(s["sid"]),
		Effect:      str(s["effect"]),
		Action:      oneOrMany(stringList(s["actions"])),
		NotAction:   oneOrMany(stringList(s["notActions"])),
		Resource:    oneOrMany(stringList(s["resources"])),
		NotResource: oneOrMany(stringList(s["notResources"])),
	}
	if st.Effect == "" {
		st.Effect = "Allow"
	}
	st.Principal = principals(s["principals"])
	st.NotPrincipal = principals(s["notPrincipals"])
	if conds := s["conditions"]; conds.IsArray() && len(conds.ArrayValue()) > 0 {
		st.Condition = map[string]map[string]any{}
		for _, cv := range conds.ArrayValue() {
			if !cv.IsObject() {
				continue
			}
			c := cv.ObjectValue()
			test, variable := str(c["test"]), str(c["variable"])
			if st.Condition[test] == nil {
				st.Condition[test] = map[string]any{}
			}
			st.Condition[test][variable] = oneOrMany(stringList(c["values"]))
		}
	}
	return st
}

// principals renders principal blocks as {"AWS": ..., "Service": ...}, or
// as "*" for the anonymous principal.
func principals(v resource.PropertyValue) any {
	if !v.IsArray() || len(v.ArrayValue()) == 0 {
		return nil
	}
	byType := map[string][]string{}
	var order []string
	for _, pv := range v.ArrayValue() {
		if !pv.IsObject() {
			continue
		}
		p := pv.ObjectValue()
		typ := str(p["type"])
		if _, seen := byType[typ]; !seen {
			order = append(order, typ)
		}
		byType[typ] = append(byType[typ], stringList(p["identifiers"])...)
	}
	if len(order) == 1 && order[0] == "*" {
		return "*"
	}
	out := map[string]any{}
	for _, typ := range order {
		out[typ] = oneOrMany(byType[typ])
	}
	return out
}

// oneOrMany writes a list of one as its only element, and nothing as nil.
func oneOrMany(xs []string) any {
	switch len(xs) {
	case 0:
		return nil
	case 1:
		return xs[0]
	}
	return xs
}

func str(v resource.PropertyValue) string {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func crc(b []byte) uint32 {
	h := hashOf(string(b))
	return uint32(h[0])<<24 | uint32(h[1])<<16 | uint32(h[2])<<8 | uint32(h[3])
}
