import { startProcess } from './support/processes.js';

/** Each process validates the configuration slices of its modules together when it starts. */
describe('configuration at start', () => {
  it('stops the API naming every bad variable of its slices at once, never a value', async () => {
    const api = startProcess('dist/apps/api/src/main.js', {
      LLM_MAX_RETRIES: 'abc',
      STRIPE_API_PORT: '0',
      RATE_LIMIT_MAX: '0',
      APP_SECRET: 'short-secret-value',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: '',
    });
    expect(await api.exited).toBe(1);
    const output = api.output();
    expect(output).toContain('api failed to start: Invalid configuration:');
    expect(output).toContain('LLM_MAX_RETRIES must be an integer number');
    expect(output).toContain('STRIPE_API_PORT must not be less than 1');
    expect(output).toContain('RATE_LIMIT_MAX must not be less than 1');
    expect(output).toContain('APP_SECRET must be longer than or equal to 32 characters');
    expect(output).toContain('S3_BUCKET: must be set when STORAGE_DRIVER is s3');
    expect(output).not.toContain('short-secret-value');
  });

  it('stops the worker naming every bad variable of its slices at once', async () => {
    const worker = startProcess('dist/apps/worker/src/main.js', {
      WORKER_CONCURRENCY: '0',
      LLM_MAX_RETRIES: 'abc',
      STRIPE_API_PORT: '0',
      TRANSCRIBE_BASE_URL: 'not a url',
    });
    expect(await worker.exited).toBe(1);
    const output = worker.output();
    expect(output).toContain('worker failed to start: Invalid configuration:');
    expect(output).toContain('WORKER_CONCURRENCY must not be less than 1');
    expect(output).toContain('LLM_MAX_RETRIES must be an integer number');
    expect(output).toContain('STRIPE_API_PORT must not be less than 1');
    expect(output).toContain('TRANSCRIBE_BASE_URL must be a URL address');
  });

  it('stops a CLI command on its own slices only', async () => {
    const migrate = startProcess('dist/apps/cli/src/main.js', { DATABASE_URL: 'mysql://nope', PORT: 'eighty' }, ['db:migrate']);
    expect(await migrate.exited).toBe(1);
    expect(migrate.output()).toContain('DATABASE_URL must be a URL address');
    // PORT belongs to the API's http slice: no business of a migration.
    expect(migrate.output()).not.toContain('PORT');
  });
});
