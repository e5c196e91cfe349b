import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from '../config/config-slice.js';
import { toInt } from '../config/env-transforms.js';

class SessionsVariables {
  /** Lifetime of a login session (kept in Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_TTL_HOURS = 24 * 14;

  /** How long a one-time login link from `npm run cli -- user:login` stays valid. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_LINK_TTL_S = 900;
}

export const sessionsConfig = defineConfig('sessions', {
  variables: SessionsVariables,
  map: (env) => ({ ttlHours: env.SESSION_TTL_HOURS, loginLinkTtlS: env.LOGIN_LINK_TTL_S }),
});
