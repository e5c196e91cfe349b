import { workerConfig } from './worker.config.js';

describe('worker config', () => {
  it('has defaults and converts whole numbers given as strings', () => {
    expect(workerConfig.from({})).toEqual({ concurrency: 4, shutdownGraceMs: 60_000, lockDurationMs: 30_000, maxStalledCount: 3, maintenanceIntervalS: 3600 });
    expect(workerConfig.from({ WORKER_MAX_STALLED_COUNT: '1' })).toMatchObject({ maxStalledCount: 1 });
    expect(workerConfig.from({ WORKER_CONCURRENCY: '2' })).toMatchObject({ concurrency: 2 });
  });

  it('names a variable out of range', () => {
    expect(workerConfig.problemsIn({ WORKER_CONCURRENCY: '0', WORKER_LOCK_DURATION_MS: '999' })).toEqual([
      'WORKER_CONCURRENCY must not be less than 1',
      'WORKER_LOCK_DURATION_MS must not be less than 1000',
    ]);
  });
});
