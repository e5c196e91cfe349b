import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { defineConfig } from '../config/config-slice.js';
import { toInt } from '../config/env-transforms.js';

class IdempotencyVariables {
  /** How long an Idempotency-Key is remembered. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_TTL_HOURS = 48;
}

export const idempotencyConfig = defineConfig('idempotency', {
  variables: IdempotencyVariables,
  map: (env) => ({ ttlHours: env.IDEMPOTENCY_TTL_HOURS }),
});
