import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from '../config/config-slice.js';
import { toInt } from '../config/env-transforms.js';

class JobsVariables {
  /** Attempts a job gets before it ends failed (BullMQ retries with exponential backoff). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  JOB_ATTEMPTS = 3;

  /** The first retry delay. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  JOB_BACKOFF_MS = 2000;

  /** A job still running this long after it first started is stopped and fails with `timeout` (its in-flight calls aborted). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  JOB_TIMEOUT_S = 7200;
}

export const jobsConfig = defineConfig('jobs', {
  variables: JobsVariables,
  map: (env) => ({ attempts: env.JOB_ATTEMPTS, backoffMs: env.JOB_BACKOFF_MS, timeoutS: env.JOB_TIMEOUT_S }),
});
