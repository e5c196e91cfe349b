import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { defineConfig, emptyToUndefined, LOCAL_URL, toInt } from '@app/shared';

/** Bounds of MEDIA_URL_TTL_S and of a request's `ttl_s`: 60 s – 7 days. */
export const MEDIA_URL_TTL_MIN_S = 60;
export const MEDIA_URL_TTL_MAX_S = 604_800;

export const STORAGE_DRIVERS = ['local', 's3'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

const BOOLEAN = ['true', 'false'] as const;

class StorageVariables {
  /** Where media live: `local` (STORAGE_DIR) or `s3` (any S3-compatible bucket: AWS S3, Cloudflare R2, MinIO). */
  @IsIn(STORAGE_DRIVERS)
  STORAGE_DRIVER: StorageDriver = 'local';

  @IsString()
  @MinLength(1)
  STORAGE_DIR = './storage';

  /** Lifetime of signed media URLs, in seconds: the default and the longest a caller may ask for. */
  @Transform(toInt)
  @IsInt()
  @Min(MEDIA_URL_TTL_MIN_S)
  @Max(MEDIA_URL_TTL_MAX_S)
  MEDIA_URL_TTL_S = 3600;

  /** The S3 API endpoint; empty for AWS S3 itself (the region's endpoint). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(LOCAL_URL)
  S3_ENDPOINT?: string;

  /** `auto` suits Cloudflare R2; MinIO accepts any. */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(63)
  S3_BUCKET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** `true` addresses the bucket as `<endpoint>/<bucket>/<key>` (MinIO, most self-hosted servers) rather than `<bucket>.<endpoint>`. */
  @IsIn(BOOLEAN)
  S3_FORCE_PATH_STYLE: (typeof BOOLEAN)[number] = 'false';

  /** `true` streams media through the API instead of redirecting clients to presigned bucket URLs (a private bucket unreachable from clients). */
  @IsIn(BOOLEAN)
  S3_PROXY: (typeof BOOLEAN)[number] = 'false';
}

export interface S3Settings {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Stream downloads through the API rather than redirecting to presigned URLs. */
  proxy: boolean;
}

/** Problems of the S3 variables when they are needed (the s3 driver, or storage:migrate's target). */
export function s3Problems(env: Pick<StorageVariables, 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>, why: string): string[] {
  const problems: string[] = [];
  if (!env.S3_BUCKET) problems.push(`S3_BUCKET: must be set ${why}`);
  if (!env.S3_ACCESS_KEY_ID) problems.push(`S3_ACCESS_KEY_ID: must be set ${why}`);
  if (!env.S3_SECRET_ACCESS_KEY) problems.push(`S3_SECRET_ACCESS_KEY: must be set ${why}`);
  return problems;
}

/** Where files are kept (the local directory, or an S3-compatible bucket) and how long signed media URLs live. */
export const storageConfig = defineConfig('storage', {
  variables: StorageVariables,
  rules: (env) => (env.STORAGE_DRIVER === 's3' ? s3Problems(env, 'when STORAGE_DRIVER is s3') : []),
  map: (env) => ({
    driver: env.STORAGE_DRIVER,
    dir: env.STORAGE_DIR,
    mediaUrlTtlS: env.MEDIA_URL_TTL_S,
    /** Present whenever a bucket is configured (also with the local driver: storage:migrate's target). */
    s3:
      env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? ({
            endpoint: env.S3_ENDPOINT,
            region: env.S3_REGION,
            bucket: env.S3_BUCKET,
            accessKeyId: env.S3_ACCESS_KEY_ID,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY,
            forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
            proxy: env.S3_PROXY === 'true',
          } satisfies S3Settings)
        : undefined,
  }),
});
