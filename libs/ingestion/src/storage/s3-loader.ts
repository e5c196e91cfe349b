import type { S3FileStorage } from './s3-file.storage.js';
import type { S3Settings } from './storage.config.js';

/** The s3 driver, loaded (with the AWS SDK) only when asked for: a local-storage process never pays for it. */
export async function loadS3FileStorage(settings: S3Settings): Promise<S3FileStorage> {
  const { S3FileStorage } = await import('./s3-file.storage.js');
  return new S3FileStorage(settings);
}
