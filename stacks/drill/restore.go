package drill

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	bktypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
)

// The restore drill: restore the model bucket from its newest backup copy
// in the DR region, into a new bucket, as after losing the primary region
// or both buckets' data.
//
// S3 restores take their settings as restore metadata: DestinationBucketName,
// NewBucket, Encrypted, EncryptionType (original, SSE-S3 or SSE-KMS) and
// KMSKey (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html#s3-restore-cli).
// A copy restores only in its own region ("restore jobs only occur in the
// same Region in which the original backup or copy is located", same
// page), hence the DR key. Restore jobs are PENDING, RUNNING, then
// COMPLETED, ABORTED or FAILED
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html).

func init() {
	register(&scenario{
		name:    "restore",
		summary: "The model bucket's newest backup copy in the DR region is restored into a new bucket; measures the restore and the data it would lose",
		needs: []string{outBackupCopyVaultArn, outBackupRoleArn, outDataKeyReplicaArn, outModelBucketArn,
			outModelReplicaBucket, outModelArtifactKey, outModelDigest},
		plan: planRestore,
		run:  runRestore,
	})
}

// maxBucketName is S3's longest bucket name
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
const maxBucketName = 63

// restoreBucketName is the restored bucket's name: the replica bucket's
// name, "-drill-" and the Unix time, the prefix shortened to keep within
// 63 characters and to end in a letter or digit.
func restoreBucketName(replica string, at time.Time) string {
	suffix := "-drill-" + strconv.FormatInt(at.Unix(), 10)
	prefix := replica
	if len(prefix)+len(suffix) > maxBucketName {
		prefix = prefix[:maxBucketName-len(suffix)]
	}
	prefix = strings.TrimRight(prefix, "-.")
	return prefix + suffix
}

// vaultName is the name in a backup vault ARN,
// arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME.
func vaultName(arn string) (string, error) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != "backup" || parts[5] != "backup-vault" || parts[6] == "" {
		return "", fmt.Errorf("backupCopyVaultArn %q is not a backup vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME)", arn)
	}
	return parts[6], nil
}

// restoreMetadata is the restore metadata of an S3 recovery point into a
// new bucket encrypted with the DR region's key.
func restoreMetadata(bucket, kmsKey string) map[string]string {
	return map[string]string{
		"DestinationBucketName": bucket,
		"NewBucket":             "true",
		"Encrypted":             "true",
		"EncryptionType":        "SSE-KMS",
		"KMSKey":                kmsKey,
	}
}

func planRestore(o *Outputs, opts *Options) []Step {
	vault, err := vaultName(o.BackupCopyVaultArn)
	if err != nil {
		vault = "<" + err.Error() + ">"
	}
	bucket := restoreBucketName(o.ModelReplicaBucket, opts.Clock.Now())
	steps := []Step{
		{Name: "find recovery point", Detail: fmt.Sprintf("backup ListRecoveryPointsByBackupVault (%s): vault %s, resource %s; the newest COMPLETED", o.DRRegion, vault, o.ModelBucketArn)},
		{Name: "data lost", Detail: fmt.Sprintf("drill start minus the recovery point's CreationDate (budget rpoMinutes.backups %d)", o.Budget.RPOMinutes.Backups)},
		{Name: "start restore", Detail: fmt.Sprintf("backup StartRestoreJob (%s): ResourceType S3, IamRoleArn %s, metadata DestinationBucketName %s (like it), NewBucket true, Encrypted true, EncryptionType SSE-KMS, KMSKey %s",
			o.DRRegion, o.BackupRoleArn, bucket, o.DataKeyReplicaArn)},
		{Name: "restored", Detail: fmt.Sprintf("backup DescribeRestoreJob (%s) every poll until COMPLETED, FAILED or ABORTED; time to recover is the job's duration", o.DRRegion)},
	}
	if o.ModelDigest != "" && o.ModelArtifactKey != "" {
		steps = append(steps, Step{Name: "verify restored", Detail: fmt.Sprintf("s3 GetObject (%s) %s/%s: its SHA-256 must be %s", o.DRRegion, bucket, o.ModelArtifactKey, o.ModelDigest)})
	} else {
		steps = append(steps, Step{Name: "verify restored", Detail: "skipped: no model published yet (modelDigest is empty)"})
	}
	if opts.Keep {
		steps = append(steps, Step{Name: "keep", Detail: "the restored bucket is kept (-keep)"})
	} else {
		steps = append(steps, Step{Name: "clean up", Detail: "the report names the restored bucket for the operator to delete; the drill deletes nothing"})
	}
	return steps
}

func runRestore(ctx context.Context, d *drill) error {
	o := d.out
	vault, err := vaultName(o.BackupCopyVaultArn)
	if err != nil {
		return err
	}
	client := d.clients.Backup(o.DRRegion)
	var newest *bktypes.RecoveryPointByBackupVault
	statuses := map[bktypes.RecoveryPointStatus]int{}
	pages := backup.NewListRecoveryPointsByBackupVaultPaginator(client, &backup.ListRecoveryPointsByBackupVaultInput{
		BackupVaultName: aws.String(vault),
		ByResourceArn:   aws.String(o.ModelBucketArn),
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			d.missing(MeasureRecover, MeasureDataLost)
			return fmt.Errorf("list the recovery points of %s in vault %s (%s): %w", o.ModelBucketArn, vault, o.DRRegion, err)
		}
		for i := range page.RecoveryPoints {
			rp := &page.RecoveryPoints[i]
			statuses[rp.Status]++
			if rp.Status != bktypes.RecoveryPointStatusCompleted || rp.CreationDate == nil {
				continue
			}
			if newest == nil || rp.CreationDate.After(*newest.CreationDate) {
				newest = rp
			}
		}
	}
	if newest == nil {
		d.missing(MeasureRecover, MeasureDataLost)
		seen := "none at all"
		if len(statuses) > 0 {
			var s []string
			for st, n := range statuses {
				s = append(s, fmt.Sprintf("%d %s", n, st))
			}
			seen = strings.Join(s, ", ")
		}
		return fmt.Errorf("no COMPLETED recovery point of %s in the copy vault %s (%s) (recovery points: %s): has a backup run and been copied to the DR region yet?",
			o.ModelBucketArn, vault, o.DRRegion, seen)
	}
	rpArn := aws.ToString(newest.RecoveryPointArn)
	d.res.DataLost = max(d.res.Started.Sub(*newest.CreationDate), 0)
	d.step("find recovery point", "%s, created %s (%s before the drill)", rpArn, newest.CreationDate.UTC().Format(time.RFC3339), d.res.DataLost.Round(time.Second))

	bucket := restoreBucketName(o.ModelReplicaBucket, d.res.Started)
	start := d.clock.Now()
	job, err := client.StartRestoreJob(ctx, &backup.StartRestoreJobInput{
		RecoveryPointArn: aws.String(rpArn),
		IamRoleArn:       aws.String(o.BackupRoleArn),
		ResourceType:     aws.String("S3"),
		IdempotencyToken: aws.String(d.id),
		Metadata:         restoreMetadata(bucket, o.DataKeyReplicaArn),
	})
	if err != nil {
		d.missing(MeasureRecover)
		return fmt.Errorf("start restoring %s into %s: %w", rpArn, bucket, err)
	}
	jobID := aws.ToString(job.RestoreJobId)
	d.step("start restore", "restore job %s: %s into the new bucket %s (SSE-KMS %s)", jobID, rpArn, bucket, o.DataKeyReplicaArn)
	if d.opts.Keep {
		d.note("The restored bucket s3://%s (%s) is kept (-keep).", bucket, o.DRRegion)
	} else {
		d.note("Delete the restored bucket when done; the drill deletes nothing: aws s3 rb s3://%s --force --region %s", bucket, o.DRRegion)
	}

	var final *backup.DescribeRestoreJobOutput
	var status bktypes.RestoreJobStatus
	err = d.poll.until(ctx, "restore job "+jobID, func(ctx context.Context, _ time.Time) (bool, error) {
		out, err := client.DescribeRestoreJob(ctx, &backup.DescribeRestoreJobInput{RestoreJobId: aws.String(jobID)})
		if err != nil {
			return false, fmt.Errorf("DescribeRestoreJob %s: %w", jobID, err)
		}
		if out.Status != status {
			status = out.Status
			d.step("restore "+strings.ToLower(string(status)), "%s", strings.TrimSpace(fmt.Sprintf("restore job %s is %s %s", jobID, status, aws.ToString(out.StatusMessage))))
		}
		switch out.Status {
		case bktypes.RestoreJobStatusCompleted, bktypes.RestoreJobStatusFailed, bktypes.RestoreJobStatusAborted:
			final = out
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		d.missing(MeasureRecover)
		d.note("Restore job %s did not finish while the drill watched; follow it with: aws backup describe-restore-job --restore-job-id %s --region %s", jobID, jobID, o.DRRegion)
		return err
	}
	if final.Status != bktypes.RestoreJobStatusCompleted {
		d.missing(MeasureRecover)
		return fmt.Errorf("restore job %s ended %s: %s", jobID, final.Status, aws.ToString(final.StatusMessage))
	}
	// The job's own dates when it has them, the drill's watch otherwise.
	took := d.clock.Now().Sub(start)
	if final.CreationDate != nil && final.CompletionDate != nil && final.CompletionDate.After(*final.CreationDate) {
		took = final.CompletionDate.Sub(*final.CreationDate)
	}
	d.res.Recover = took
	d.stepTook("restored", took, "bucket %s restored from %s", bucket, rpArn)

	if o.ModelDigest == "" || o.ModelArtifactKey == "" {
		d.note("No model is published yet (modelDigest is empty): the restored bucket's artifact was not verified.")
		return nil
	}
	switch err := d.opts.Verify(ctx, d.clients.S3(o.DRRegion), bucket, o.ModelArtifactKey, o.ModelDigest); {
	case err == nil:
		d.check("restored artifact verifies", true, "s3://%s/%s has SHA-256 %s", bucket, o.ModelArtifactKey, o.ModelDigest)
	case isAPIError(err):
		d.check("restored artifact verifies", false, "could not read s3://%s/%s: %v", bucket, o.ModelArtifactKey, err)
	default:
		d.check("restored artifact verifies", false, "s3://%s/%s: %v (a model published after the recovery point is what a restore loses)", bucket, o.ModelArtifactKey, err)
	}
	return nil
}
