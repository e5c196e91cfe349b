import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DomainError, IsOptionalNotNull } from '@app/shared';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Bounded here as MEDIA_URL_TTL_S' maximum; signingTtl enforces the configured value. */
export const MAX_MEDIA_URL_TTL_S = 604_800;

/** The validation of a `ttl_s` query field: a whole number of seconds, 60 … MAX_MEDIA_URL_TTL_S. */
export const SigningTtlField = () =>
  applyDecorators(
    ApiProperty({ type: 'integer', minimum: 60, maximum: MAX_MEDIA_URL_TTL_S, required: false }),
    IsOptionalNotNull(),
    Type(() => Number),
    IsInt(),
    Min(60),
    Max(MAX_MEDIA_URL_TTL_S),
  );

/**
 * The lifetime of signed URLs a request asks for: `ttlSeconds` (60 … max) or max; undefined when
 * it does not ask for signing. 400 naming ttl_s when out of range or sent without signing.
 */
export function signingTtl(max: number, signing: boolean, ttlSeconds: number | undefined, signingParam: string): number | undefined {
  if (ttlSeconds !== undefined && (ttlSeconds < 60 || ttlSeconds > max)) throw DomainError.badField('ttl_s', `ttl_s must be from 60 to ${max} seconds`);
  if (!signing) {
    if (ttlSeconds !== undefined) throw DomainError.badField('ttl_s', `ttl_s applies only with ${signingParam}`);
    return undefined;
  }
  return ttlSeconds ?? max;
}
