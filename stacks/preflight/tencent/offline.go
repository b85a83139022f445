package tencent

import (
	"github.com/modelfort/modelfort/internal/offlinecloud"
	tc "github.com/modelfort/modelfort/stacks/tencentcloud"
)

// Messages of the services the offline account does not model.
const (
	offlineNoCertificates = "the offline account holds no SSL certificates, and the stand-in takes any certificate ID (CLOUD=real checks it)"
	offlineNoNotices      = "the offline account holds no Cloud Monitor notification templates, and the stand-in takes any notice ID (CLOUD=real checks it)"
	offlineNoCapacity     = "the offline account models no CVM capacity, and the stand-in takes any instance type in any zone (CLOUD=real checks it)"
)

// OfflineWorld is the offline account as the checks see it, from its
// settings (docs/offline-cloud.md, "The offline account") and from what
// stacks created in it, as the stand-in plugins weigh the same
// prerequisites (internal/offlinecloud/prereqs_tencentcloud.go):
//
//   - a service role exists unless the settings' tencent.missingServiceRoles
//     lists it, or once a stack created a tencentcloud:Cam/role:Role of
//     that name;
//   - KMS is activated in every region unless tencent.inactiveServices
//     lists "kms";
//   - SSL certificates, notification templates and CVM capacity are not
//     modeled: their checks are NA offline.
func OfflineWorld(a *offlinecloud.Account, c tc.Config) (*World, error) {
	w := &World{
		AppID: offlinecloud.TencentAppID, Uin: offlineUin,
		Roles: map[string]bool{}, KMS: map[string]bool{},
		NotModeled: map[string]string{
			apiDescribeCert.service:     offlineNoCertificates,
			apiDescribeNotice.service:   offlineNoNotices,
			apiZoneInstanceConf.service: offlineNoCapacity,
		},
	}
	for _, s := range serviceRoles {
		ok, err := offlinecloud.HasServiceRole(a, s.name)
		if err != nil {
			return nil, err
		}
		w.Roles[s.name] = ok
	}
	kms, err := offlinecloud.Activated(a, offlinecloud.ServiceKMS)
	if err != nil {
		return nil, err
	}
	for _, region := range []string{c.PrimaryRegion, c.ReplicaRegion} {
		w.KMS[region] = kms
	}
	return w, nil
}
