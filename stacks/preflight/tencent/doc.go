// Package tencent checks, before `make up`, that a Tencent Cloud account
// can take a Tencent stack (modelfort:cloud tencentcloud): the
// prerequisites the stack assumes and never creates, each in every region
// where it matters. "make preflight STACK=tencent-prod" runs it
// (stacks/cmd/preflight dispatches on the stack file's modelfort:cloud);
// docs/preflight.md, "Tencent Cloud stacks", lists the checks and the CAM
// permissions they need. The report is package preflight's ([preflight.Report]).
//
//   - the credentials: CAM GetUserAppId answers, naming the APPID and UIN;
//   - the service roles the account authorizes once in the console:
//     TKE_QCSRole (TKE), CLS_QcsRole (COS access-log delivery) and, with
//     modelfort:cloudAudit, CloudAudit_QCSRole (CAM GetRole);
//   - KMS activated, in the primary and the replica region (KMS
//     GetServiceStatus);
//   - the certificate modelfort:certificateId: issued, covering
//     model.<modelfort:serviceDomain> (SSL DescribeCertificate);
//   - the Cloud Monitor notification templates of modelfort:alarmReceivers
//     (monitor DescribeAlarmNotice);
//   - GPU capacity: modelfort:nodeInstanceType on sale in at least
//     modelfort:zoneCount zones of each region (CVM
//     DescribeZoneInstanceConfigInfos).
//
// The checks call the Tencent Cloud APIs through the SDK's common client
// (common.NewCommonClient with tchttp.NewCommonRequest), signed with TC3.
// Offline the same client calls a [Handler] that answers from the offline
// account ([OfflineWorld]), so both paths run the same code.
package tencent
