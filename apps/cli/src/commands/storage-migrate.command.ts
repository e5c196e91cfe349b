import { ConfigValidationError } from '@app/shared';
import { loadS3FileStorage, s3Problems, StorageMigrator, storageConfig } from '@app/ingestion';

const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${bytes} B`);

/**
 * Copies the local media (STORAGE_DIR) to the S3 bucket (S3_*), under the same keys. Resumable and
 * idempotent: keys already in the bucket with the same size/ETag are skipped, so an interrupted run
 * is simply started again. Switch STORAGE_DRIVER to s3 once it reports nothing left to copy.
 */
export async function storageMigrate(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error(`usage: npm run cli -- storage:migrate  (unknown: ${args.join(' ')})`);
  const config = storageConfig.from(process.env);
  if (!config.s3) throw new ConfigValidationError(s3Problems(process.env, 'for storage:migrate (the bucket to copy to)'));

  const bucket = await loadS3FileStorage(config.s3);
  try {
    process.stdout.write(`copying ${config.dir} to bucket ${config.s3.bucket}\n`);
    const summary = await new StorageMigrator(config.dir, bucket).run((file) =>
      process.stdout.write(`[${file.index}/${file.total}] ${file.outcome === 'copied' ? 'copied' : 'skipped (already in the bucket)'} ${file.key} ${size(file.bytes)}\n`),
    );
    process.stdout.write(`${summary.files} file(s): ${summary.copied} copied (${size(summary.copiedBytes)}), ${summary.skipped} already in the bucket\n`);
  } finally {
    bucket.onModuleDestroy();
  }
}
