package servingcluster

import (
	"encoding/base64"
	"encoding/json"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// kubeconfig is the kubeconfig of the cluster's private API endpoint: its
// address (https://ENDPOINT), the certificate authority TKE reports, and
// the cluster administrator's token (the endpoint's password, as TKE's
// own kubeconfig uses it). It is a secret. Only a machine that reaches
// the VPC can use it: the endpoint is never on the internet.
func kubeconfig(name string, endpoint, ca, user, token pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.All(endpoint, ca, user, token).ApplyT(func(v []any) (string, error) {
		server, ca, user, token := v[0].(string), v[1].(string), v[2].(string), v[3].(string)
		cfg := map[string]any{
			"apiVersion":      "v1",
			"kind":            "Config",
			"current-context": name,
			"clusters": []any{map[string]any{"name": name, "cluster": map[string]any{
				"server":                     "https://" + server,
				"certificate-authority-data": base64.StdEncoding.EncodeToString([]byte(ca)),
			}}},
			"users": []any{map[string]any{"name": user, "user": map[string]any{"token": token}}},
			"contexts": []any{map[string]any{"name": name, "context": map[string]any{
				"cluster": name, "user": user,
			}}},
		}
		b, err := json.Marshal(cfg)
		return string(b), err
	})).(pulumi.StringOutput)
}
