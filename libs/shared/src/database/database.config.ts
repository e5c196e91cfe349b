import { Transform } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { defineConfig } from '../config/config-slice.js';
import { toInt } from '../config/env-transforms.js';

class DatabaseVariables {
  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'] })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/scriptorium';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX = 10;
}

export const databaseConfig = defineConfig('database', {
  variables: DatabaseVariables,
  map: (env) => ({ url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX }),
});
