import { jobsConfig } from './jobs.config.js';

describe('jobs config', () => {
  it('has defaults and converts whole numbers given as strings', () => {
    expect(jobsConfig.from({})).toEqual({ attempts: 3, backoffMs: 2000, timeoutS: 7200 });
    expect(jobsConfig.from({ JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '50', JOB_TIMEOUT_S: '5' })).toEqual({ attempts: 2, backoffMs: 50, timeoutS: 5 });
  });

  it('names a variable out of range', () => {
    expect(jobsConfig.problemsIn({ JOB_ATTEMPTS: '21', JOB_BACKOFF_MS: '-1' })).toEqual([
      'JOB_ATTEMPTS must not be greater than 20',
      'JOB_BACKOFF_MS must not be less than 0',
    ]);
  });
});
