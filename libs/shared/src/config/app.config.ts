import { IsIn, IsString, IsUrl, MinLength } from 'class-validator';
import { defineConfig } from './config-slice.js';
import { LOCAL_URL } from './env-transforms.js';

export const DEVELOPMENT_APP_SECRET = 'scriptorium-local-development-secret-change-me';

class AppVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Signs session cookies and derives the keys that encrypt stored OAuth tokens and sign media URLs. */
  @IsString()
  @MinLength(32)
  APP_SECRET = DEVELOPMENT_APP_SECRET;

  @IsUrl(LOCAL_URL)
  PUBLIC_URL = 'http://localhost:3000';
}

/** What every process is: its environment, log level, secret and public address. Production requires APP_SECRET and PUBLIC_URL. */
export const appConfig = defineConfig('app', {
  variables: AppVariables,
  rules: (env, given) => {
    if (env.NODE_ENV !== 'production') return [];
    const problems: string[] = [];
    if (env.APP_SECRET === DEVELOPMENT_APP_SECRET) {
      problems.push('APP_SECRET: must be set to a random value of at least 32 characters in production');
    }
    if (given.PUBLIC_URL === undefined) problems.push('PUBLIC_URL: must be set in production');
    return problems;
  },
  map: (env) => ({
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    secret: env.APP_SECRET,
    /** As configured (a trailing slash is possible). */
    publicUrl: env.PUBLIC_URL,
  }),
});
