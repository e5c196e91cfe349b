import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { defineConfig } from '../config/config-slice.js';
import { toInt } from '../config/env-transforms.js';

class SessionsVariables {
  /** Lifetime of a login session (kept in Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_TTL_HOURS = 24 * 14;
}

export const sessionsConfig = defineConfig('sessions', {
  variables: SessionsVariables,
  map: (env) => ({ ttlHours: env.SESSION_TTL_HOURS }),
});
