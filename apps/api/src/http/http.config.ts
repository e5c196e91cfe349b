import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, toInt } from '@app/shared';

class HttpVariables {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Largest JSON body accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  /** Requests per API key (or user, or IP when anonymous) per RATE_LIMIT_WINDOW_S. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_S = 60;
}

/** The API's HTTP edge: port, body limit, rate limit. */
export const httpConfig = defineConfig('http', {
  variables: HttpVariables,
  map: (env) => ({
    port: env.PORT,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    rateLimit: { max: env.RATE_LIMIT_MAX, windowS: env.RATE_LIMIT_WINDOW_S },
  }),
});
