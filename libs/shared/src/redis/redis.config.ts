import { IsString, IsUrl, MinLength } from 'class-validator';
import { defineConfig } from '../config/config-slice.js';

class RedisVariables {
  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'] })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (queues, sessions, rate limits), so several installs can share one Redis. */
  @IsString()
  @MinLength(1)
  REDIS_PREFIX = 'scriptorium';
}

export const redisConfig = defineConfig('redis', {
  variables: RedisVariables,
  map: (env) => ({ url: env.REDIS_URL, prefix: env.REDIS_PREFIX }),
});
