package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/modelfort/modelfort/components/aws/accessroles"
	"github.com/modelfort/modelfort/components/aws/audittrail"
	"github.com/modelfort/modelfort/components/aws/backupvault"
	"github.com/modelfort/modelfort/components/aws/capturebucket"
	"github.com/modelfort/modelfort/components/aws/faultinjection"
	"github.com/modelfort/modelfort/components/aws/frontdoor"
	"github.com/modelfort/modelfort/components/aws/guardrail"
	"github.com/modelfort/modelfort/components/aws/incidents"
	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/metadatastore"
	"github.com/modelfort/modelfort/components/aws/privatevpc"
	"github.com/modelfort/modelfort/components/aws/securitygroups"
	"github.com/modelfort/modelfort/components/aws/shieldprotection"
	"github.com/modelfort/modelfort/components/aws/threatdetection"
	"github.com/modelfort/modelfort/components/aws/webacl"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

// components are the components the package serves, by their Go type
// tokens. README.md lists them, and those not (yet) served and why.
var components = []infer.InferredComponent{
	serve(kmskey.Type, newKey),
	serve(wormbucket.Type, newWormBucket),
	serve(capturebucket.Type, newCaptureBucket),
	serve(guardrail.Type, newGuardrail),
	serve(webacl.Type, newWebAcl),
	serve(frontdoor.Type, newFrontDoor),
	serve(incidents.Type, newIncidents),
	serve(audittrail.Type, newAuditTrail),
	serve(backupvault.Type, newBackupVault),
	serve(privatevpc.Type, newPrivateVpc),
	serve(securitygroups.Type, newSecurityGroups),
	serve(accessroles.Type, newAccessRoles),
	serve(threatdetection.Type, newThreatDetection),
	serve(shieldprotection.Type, newShieldProtection),
	serve(metadatastore.Type, newMetadataStore),
	serve(faultinjection.Type, newFaultInjection),
}
