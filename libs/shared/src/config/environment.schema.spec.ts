import { ConfigValidationError, validateEnvironment } from './environment.schema.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateEnvironment', () => {
  it('accepts an empty environment with defaults that make a local start work', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/scriptorium');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.BODY_LIMIT_BYTES).toBe(2 * 1024 * 1024);
    expect(env.LLM_PROVIDER).toBeUndefined();
  });

  it('converts whole numbers given as strings', () => {
    expect(validateEnvironment({ PORT: '8080', WORKER_CONCURRENCY: '2' })).toMatchObject({ PORT: 8080, WORKER_CONCURRENCY: 2 });
  });

  it('names a variable that is not a number', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT must be an integer number']);
  });

  it('names a variable that is out of range', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must not be greater than 65535']);
  });

  it('names a malformed URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL must be a URL address']);
    expect(problemsOf({ REDIS_URL: 'not a url' })).toEqual(['REDIS_URL must be a URL address']);
  });

  it('names an unknown enum value', () => {
    expect(problemsOf({ LLM_PROVIDER: 'anthropic' })[0]).toMatch(/^LLM_PROVIDER must be one of/);
  });

  it('lists every bad variable at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });

  it('never echoes the value of a secret', () => {
    const problems = problemsOf({ APP_SECRET: 'short-secret-value' });
    expect(problems).toEqual(['APP_SECRET must be longer than or equal to 32 characters']);
    expect(problems.join()).not.toContain('short-secret-value');
  });

  it('requires APP_SECRET and PUBLIC_URL in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^APP_SECRET: must be set/),
      expect.stringMatching(/^PUBLIC_URL: must be set/),
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://blog.example.com' }),
    ).toEqual([]);
  });
});
