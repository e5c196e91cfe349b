import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { defineConfig, toInt } from '@app/shared';

/** Bounds of MEDIA_URL_TTL_S and of a request's `ttl_s`: 60 s – 7 days. */
export const MEDIA_URL_TTL_MIN_S = 60;
export const MEDIA_URL_TTL_MAX_S = 604_800;

class StorageVariables {
  @IsString()
  @MinLength(1)
  STORAGE_DIR = './storage';

  /** Lifetime of signed media URLs, in seconds: the default and the longest a caller may ask for. */
  @Transform(toInt)
  @IsInt()
  @Min(MEDIA_URL_TTL_MIN_S)
  @Max(MEDIA_URL_TTL_MAX_S)
  MEDIA_URL_TTL_S = 3600;
}

/** Where files are kept and how long signed media URLs live. */
export const storageConfig = defineConfig('storage', {
  variables: StorageVariables,
  map: (env) => ({ dir: env.STORAGE_DIR, mediaUrlTtlS: env.MEDIA_URL_TTL_S }),
});
