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

  /**
   * Lease of a key whose first request is still running, in seconds: renewed while the request
   * runs; once it lapses (the process died, the client left a stuck request) a retry takes the key over.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  IDEMPOTENCY_LEASE_S = 30;
}

export const idempotencyConfig = defineConfig('idempotency', {
  variables: IdempotencyVariables,
  map: (env) => ({ ttlHours: env.IDEMPOTENCY_TTL_HOURS, leaseSeconds: env.IDEMPOTENCY_LEASE_S }),
});
