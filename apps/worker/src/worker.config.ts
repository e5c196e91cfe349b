import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, toInt } from '@app/shared';

class WorkerVariables {
  /** Jobs a worker process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

  /** On SIGTERM the worker waits this long for active jobs, then releases them to other workers. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WORKER_SHUTDOWN_GRACE_MS = 60_000;

  /** A running job's lock lifetime (renewed every half of it); a dead worker's jobs are taken over after about this long. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_LOCK_DURATION_MS = 30_000;

  /** Times a job may lose its worker (killed while running it) and still be resumed; once more and it fails `worker_lost`. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  WORKER_MAX_STALLED_COUNT = 3;

  /** How often the worker runs housekeeping (expired idempotency keys …), in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAINTENANCE_INTERVAL_S = 3600;
}

/** The worker process: concurrency, locks, shutdown and the housekeeping schedule. */
export const workerConfig = defineConfig('worker', {
  variables: WorkerVariables,
  map: (env) => ({
    concurrency: env.WORKER_CONCURRENCY,
    shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    maxStalledCount: env.WORKER_MAX_STALLED_COUNT,
    maintenanceIntervalS: env.MAINTENANCE_INTERVAL_S,
  }),
});
