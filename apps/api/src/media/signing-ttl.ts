import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DomainError, IsOptionalNotNull } from '@app/shared';
import { MEDIA_URL_TTL_MAX_S, MEDIA_URL_TTL_MIN_S } from '@app/ingestion';

/**
 * The validation of a `ttl_s` query field: a whole number of seconds within MEDIA_URL_TTL_S' bounds;
 * signingTtl enforces the configured value.
 */
export const SigningTtlField = () =>
  applyDecorators(
    ApiProperty({ type: 'integer', minimum: MEDIA_URL_TTL_MIN_S, maximum: MEDIA_URL_TTL_MAX_S, required: false }),
    IsOptionalNotNull(),
    Type(() => Number),
    IsInt(),
    Min(MEDIA_URL_TTL_MIN_S),
    Max(MEDIA_URL_TTL_MAX_S),
  );

/**
 * The lifetime of signed URLs a request asks for: `ttlSeconds` (60 … max) or max; undefined when
 * it does not ask for signing. 400 naming ttl_s when out of range or sent without signing.
 */
export function signingTtl(max: number, signing: boolean, ttlSeconds: number | undefined, signingParam: string): number | undefined {
  if (ttlSeconds !== undefined && (ttlSeconds < MEDIA_URL_TTL_MIN_S || ttlSeconds > max)) throw DomainError.badField('ttl_s', `ttl_s must be from ${MEDIA_URL_TTL_MIN_S} to ${max} seconds`);
  if (!signing) {
    if (ttlSeconds !== undefined) throw DomainError.badField('ttl_s', `ttl_s applies only with ${signingParam}`);
    return undefined;
  }
  return ttlSeconds ?? max;
}
